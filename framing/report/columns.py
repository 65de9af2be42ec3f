"""The column lists of the results bundle's tables, in words, generated from the code's
``*_COLUMNS`` constants so that the README never drifts from what is written.

``python -m framing.report.columns README.md`` rewrites the README's section between the
markers ``<!-- columns:start -->`` and ``<!-- columns:end -->``; ``tests/test_architecture.py``
checks that the README holds what :func:`columns_markdown` gives.
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from framing.comparison.common import TEST_COLUMNS
from framing.comparison.evaluation import SENTIMENT_COLUMNS
from framing.comparison.frames import FRAME_COLUMNS, RESIDUAL_COLUMNS
from framing.comparison.robustness import ROBUSTNESS_COLUMNS
from framing.comparison.voices import (
    DIVERSITY_COLUMNS,
    FRAMES_BY_VOICE_COLUMNS,
    ROLE_COLUMNS,
    VOICE_SHARE_COLUMNS,
)
from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS
from framing.scoring.pipeline import HIT_COLUMNS
from framing.scoring.voices.tables import SOURCE_COLUMNS, VOICE_COLUMNS
from framing.stats.keyness import KEYNESS_COLUMNS

START = "<!-- columns:start -->"
END = "<!-- columns:end -->"


@dataclass(frozen=True)
class TableDoc:
    """How one table of the bundle is described.

    Parameters
    ----------
    name
        The table's name (its file is ``tables/<name>.csv``).
    lead
        What one row is.
    columns
        The columns in the order written (a ``*_COLUMNS`` constant of the code).
    notes
        A few words on some columns, written after the column's name.
    tail
        What follows the fixed columns (columns that depend on the frames or options).
    """

    name: str
    lead: str
    columns: list[str]
    notes: dict[str, str] = field(default_factory=dict)
    tail: str = ""

    def markdown(self) -> str:
        """The table's bullet of the README.

        Returns
        -------
        str
            ``- **<name>**: <lead>: `col`, `col` (note), ...; <tail>.``, wrapped for the README.

        Raises
        ------
        ValueError
            When a note names a column the table does not have.
        """
        unknown = set(self.notes) - set(self.columns)
        if unknown:
            raise ValueError(f"{self.name}: notes for columns it does not have: {sorted(unknown)}")
        names = [f"`{c}` ({self.notes[c]})" if c in self.notes else f"`{c}`" for c in self.columns]
        text = f"- **{self.name}**: {self.lead}: " + ", ".join(names)
        return _wrap(text + (f"; {self.tail}" if self.tail else "") + ".")


_GROUP = "the grouping column first (`outlet`, or what `--by` names)"

TABLES: list[TableDoc] = [
    TableDoc(
        "documents", "one row per article found and per input that yielded none",
        DOCUMENT_COLUMNS,
        {
            "doc_id": "`<file>#<n>`, stable",
            "channel": "original/repost",
            "status": "included/excluded",
            "reason": "empty_file, binary_file, undecodable, unreadable, bundle, duplicate_folder, "
            "unsupported_format, no_text, off_topic, duplicate",
            "notes": "what reading repaired, or why an input was not read",
            "text_original": "the page's text as read",
            "text": "the clean article; these two are in the Python API's table, not in the bundle's",
        },
        "after scoring also `n_tokens`, `share_<frame>`, `rate_<frame>` (hits per 1,000 tokens), "
        "`dominant_frame`, `mean_sentiment`, `mean_tone`",
    ),
    TableDoc(
        "sentences", "one row per sentence of an included article",
        SENTENCE_COLUMNS,
        {"start": "offset into the clean article", "end": "offset into the clean article"},
        "after scoring also `tokens, n_tokens, position` (0 = first, 1 = last), `sentiment` (snownlp, "
        "0..1), `tone` (lexicon, signed: its tone words plus `frame_tone`), `n_tone_hits`, `frame_tone` "
        "(what the frames it carries add: each frame's `tone`), per frame `hits_<frame>`, "
        "`weight_<frame>`, `frame_<frame>` (present or not), and "
        + ", ".join(f"`{c}`" for c in VOICE_COLUMNS)
        + " (`voice`: journalist/source); with `--model` also per modelled frame `model_<frame>` "
        "(the trained model's code, 0/1) and `model_prob_<frame>` (its probability), and "
        "`model_trained_on` (1: the model was trained on this sentence)",
    ),
    TableDoc(
        "sources", "one row per speaker per article", SOURCE_COLUMNS,
        {"kind": "person, organisation, anonymous, unattributed", "title": "as written"},
        "then `n_tone` and `n_<frame>` (its sentences with tone words, with each frame)",
    ),
    TableDoc(
        "hits", "the evidence, one row per lexicon match", HIT_COLUMNS, {"layer": "frame/tone"},
    ),
    TableDoc(
        "frames_by_outlet", f"named after `--by` (`frames_by_outlet_type` ...), {_GROUP}", FRAME_COLUMNS,
        {"ci_high": "Wilson 95% interval of `share`, sentences counted as independent"},
    ),
    TableDoc(
        "sentiment_by_outlet", _GROUP, SENTIMENT_COLUMNS,
        {"ci_method": "a seeded bootstrap of sentences with one article per group; a cluster-robust "
         "t interval over articles when groups have several"},
    ),
    TableDoc(
        "tests", "one row per test", TEST_COLUMNS,
        {
            "analysis": "family",
            "unit": "sentence or article",
            "p_adj": "Benjamini-Hochberg within the family",
            "method": "how the interval was made and whether it is dual to the test: it excludes "
            "the null exactly when p < α",
        },
        "with `--model`, the frame tests on the model's codes are the families `frame_chi2_model` and "
        "`frame_article_model` (same tests, same sentences and articles, adjusted on their own)",
    ),
    TableDoc(
        "residuals", f"adjusted standardized residuals group × frame, {_GROUP}", RESIDUAL_COLUMNS,
        {"p_bonferroni": "Bonferroni over all cells"},
    ),
    TableDoc(
        "keyness", "per group against the rest", KEYNESS_COLUMNS,
        {"group": "named after `--by`: `outlet` ...", "z": "Fightin' Words", "g2_p": "Dunning"},
    ),
    TableDoc(
        "robustness", "does each frame difference survive dropping any single lexicon term, the web "
        "repost (skipped, and said so, when there is none), or duplicates; re-tested at the `unit` of "
        "the main frame test", ROBUSTNESS_COLUMNS,
    ),
    TableDoc(
        "voice_share_by_outlet", f"the share of sentences voiced by sources, {_GROUP}", VOICE_SHARE_COLUMNS,
    ),
    TableDoc(
        "source_roles_by_outlet", f"source roles per group (Wilson intervals), {_GROUP}", ROLE_COLUMNS,
    ),
    TableDoc(
        "source_diversity", "role diversity per article", DIVERSITY_COLUMNS,
        {"doc_id": "followed by the grouping column"},
    ),
    TableDoc(
        "frames_by_voice_outlet", f"the share of each frame carried by sources, {_GROUP}",
        FRAMES_BY_VOICE_COLUMNS,
        {"voice_share_all": "the group's share of source sentences overall: the figure's `|` marks"},
    ),
]


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=96, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False)


def columns_markdown() -> str:
    """The README's column lists: one bullet per table, from the code's constants.

    Returns
    -------
    str
        One bullet per table, each on its own line.
    """
    head = (
        "- **Your own columns** (docvars): every further column of a table input or of a "
        "`manifest.csv` (`outlet_type`, `region` ...) follows the columns below in `documents` and "
        "`sentences`."
    )
    tail = "- **voice_tests**: the tests of the voice tables, with the columns of `tests`."
    return "\n".join([_wrap(head), *(t.markdown() for t in TABLES), _wrap(tail)]) + "\n"


def update_readme(path: str | Path) -> bool:
    """Rewrite the section between the markers of ``path`` with :func:`columns_markdown`.

    Parameters
    ----------
    path : str or Path
        The README.

    Returns
    -------
    bool
        True when the file changed.

    Raises
    ------
    ValueError
        When the file lacks the start or end marker.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{path}: no {START} ... {END} section; fix: add the two markers")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    new = f"{before}{START}\n{columns_markdown()}{END}{after}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for arg in sys.argv[1:] or ["README.md"]:
        print(f"{arg}: {'updated' if update_readme(arg) else 'unchanged'}")
