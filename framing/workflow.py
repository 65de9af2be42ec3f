"""The whole analysis in one call: read → score → compare → validate, then the bundle.

>>> result = analyze("corpus/", out="results/", by="outlet_type", codes=["anna.csv", "ben.csv"])
>>> result.comparison.tests           # every stage's output stays at hand
>>> result.timings                    # seconds per stage

:func:`analyze` is what ``framing run`` does; it returns an :class:`Analysis`. Each stage is a
public function of its own (:func:`framing.read_corpus`, :func:`framing.score`,
:func:`framing.compare`, :func:`framing.validate`, :func:`framing.write_bundle`) for a run that
stops, filters or changes something between them.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from framing.comparison.compare import DEFAULT_SEED, Comparison, check_seed, compare
from framing.corpus.model import Corpus
from framing.corpus.read import read_corpus
from framing.errors import FramingError, InputError
from framing.lexicon import default_lexicons, load_lexicons
from framing.report.bundle import prepare_target, write_bundle
from framing.scoring.frame_model import load_frame_model
from framing.scoring.pipeline import Scored, score
from framing.scoring.sentiment_model import load_sentiment_model
from framing.validation import Validation, read_codes, validate

__all__ = ["Analysis", "analyze"]

InputLike = str | Path | pd.DataFrame
"""What :func:`analyze` reads: a folder of text files, one table file, or a DataFrame."""


@dataclass
class Analysis:
    """Everything one run of :func:`analyze` produced.

    Attributes
    ----------
    corpus : Corpus
        Every input document, included or excluded, and the sentences of the included
        ones (:func:`framing.read_corpus`).
    scored : Scored
        The scored sentences, documents, hits and speakers (:func:`framing.score`).
    comparison : Comparison
        The tests, tables and robustness checks across the groups (:func:`framing.compare`).
    timings : dict of str to float
        Seconds per stage: ``read``, ``score``, ``compare`` and, with coding sheets,
        ``validate``.
    out : Path or None
        The bundle folder, None when no bundle was written (``out=None``).
    validation : Validation or None
        The lexicon validated against the coding sheets (:func:`framing.validate`), None
        without sheets.
    """

    corpus: Corpus
    scored: Scored
    comparison: Comparison
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None
    validation: Validation | None = None


def analyze(
    input: InputLike = "seeds",
    out: str | Path | None = "results",
    *,
    lexicons: str | Path | None = None,
    manifest: str | Path | None = None,
    seed: int | None = None,
    force: bool = False,
    progress: bool = False,
    read_options: dict | None = None,
    compare_options: dict | None = None,
    codes: Sequence[str | Path] | None = None,
    score_options: dict | None = None,
    sentiment_model: str | Path | None = None,
    by: str = "outlet",
    frame_model: str | Path | None = None,
    source: InputLike | None = None,
) -> Analysis:
    """Read, score and compare ``input``, validate against coding sheets, write the bundle.

    The stages in order: read the corpus, score its sentences, compare the groups, validate
    against ``codes`` (when given) and, unless ``out`` is None, write the results bundle.
    Everything that can be checked before the long reading and scoring is: the bundle's
    target, every lexicon file, the models and the grouping column.

    Parameters
    ----------
    input : str, Path or pandas.DataFrame
        The corpus: a folder of text files, a CSV/TSV/JSONL/Parquet table, or a DataFrame
        (default: the example folder ``seeds``).
    out : str, Path or None
        The bundle folder (replaced atomically; see :func:`framing.write_bundle`); None
        writes nothing.
    lexicons : str or Path, optional
        A folder of your own lexicon files (frames, tone, modifiers, outlets, topic, debris:
        any subset; the rest come from the defaults).
    manifest : str or Path, optional
        A ``manifest.csv`` (``file,outlet,date`` and your own columns) for a folder input.
    seed : int, optional
        Seed of every resampling (default :data:`framing.comparison.compare.DEFAULT_SEED`).
    force : bool
        Replace a previous bundle even when its files were edited since it was written.
    progress : bool
        Show a progress bar over the stages on stderr.
    read_options : dict, optional
        Further options of :func:`framing.read_corpus` (``topic``, ``filter_topic``,
        ``keep_duplicates``, ``text_column``, ``exclude`` ...).
    compare_options : dict, optional
        Further options of :func:`framing.compare` (``min_articles``, ``small_groups``,
        ``keep_unknown``, ``period`` ...).
    codes : sequence of str or Path, optional
        Filled coding sheets (``framing codesheet``): the analysis then holds a
        validation, the bundle its tables and the report its section.
    score_options : dict, optional
        Options of :func:`framing.score` (``jobs``, ``cache``, ``engine``, ``scheduler``,
        ``tokenizer``).
    sentiment_model : str or Path, optional
        A snownlp sentiment model retrained on news tone (``framing sentiment train``):
        ``sentiment`` is scored with it, the manifest names it, and a validation shows it
        beside the shipped model.
    by : str
        The grouping of the comparison: ``outlet``, any document column (one you supplied
        in a table or manifest, such as ``outlet_type``) or ``period``.
    frame_model : str or Path, optional
        A trained frame model (``framing train``): the sentences carry its codes
        (``model_<id>``) beside the dictionary's, the tests table the frame tests on them,
        and the report and a validation show both.
    source : str, Path or pandas.DataFrame, optional
        Deprecated name of ``input``.

    Returns
    -------
    Analysis
        The corpus, scored sentences, comparison, validation, timings and bundle path.

    Raises
    ------
    FramingError
        Before anything is written, when the input cannot give a result (no article left
        after filtering, an unknown ``by`` column, an optional engine not installed) or the
        bundle cannot go to ``out``; :class:`~framing.errors.InputError` and
        :class:`~framing.errors.LexiconError` for a bad input or lexicon file.
    """
    if source is not None:
        if not (isinstance(input, str) and input == "seeds"):
            raise TypeError("analyze() got both input and source; give input only (source is its old name)")
        warnings.warn("analyze(source=...) is deprecated; use analyze(input=...)", DeprecationWarning, stacklevel=2)
        input = source
    if seed is not None:
        check_seed(seed)
    if out is not None:
        inputs = [input, manifest, lexicons, *(codes or []), (score_options or {}).get("cache"),
                  sentiment_model, frame_model, (read_options or {}).get("topic")]
        prepare_target(Path(out), force, inputs=inputs)
    # every lexicon file (and a sentiment model) is checked before the (long) reading and scoring
    lex = load_lexicons(lexicons) if lexicons is not None else default_lexicons()
    score_options = dict(score_options or {})
    if sentiment_model is not None:
        score_options["sentiment_model"] = load_sentiment_model(sentiment_model)
    if frame_model is not None:
        score_options["frame_model"] = load_frame_model(frame_model)
        score_options["frame_model"].check_lexicons(lex)
    stages = _Progress(["read", "score", "compare", "write"], enabled=progress)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    with stages.stage("read"):
        corpus = read_corpus(input, manifest=manifest, lexicon_dir=lexicons, **(read_options or {}))
    timings["read"] = time.perf_counter() - t
    if by not in corpus.documents.columns and by != "period":  # before the long scoring
        own = ", ".join(corpus.docvars) or "none"
        raise InputError(
            f"--by {by}: no such column in the documents; fix: use outlet, outlet_type, channel, "
            f"a column of your table or manifest (yours: {own}), or period"
        )
    if not (corpus.documents["status"] == "included").any():
        reasons = corpus.documents["reason"].value_counts().to_dict()
        raise InputError(
            f"{input}: no article left after filtering ({reasons}); fix: check the input, or use "
            "--no-topic-filter / your own topic.toml"
        )
    t = time.perf_counter()
    with stages.stage("score"):
        try:
            scored = score(corpus, lex, **score_options)
        except ImportError as err:  # an optional engine or tokenizer that is not installed
            raise FramingError(f"{err}") from None
    timings["score"] = time.perf_counter() - t
    run_info = dict(getattr(scored, "run", {}) or {})
    t = time.perf_counter()
    with stages.stage("compare"):
        options = dict(compare_options or {})
        options.setdefault("seed", DEFAULT_SEED if seed is None else seed)
        comparison = compare(scored, by=by, **options)
    timings["compare"] = time.perf_counter() - t
    validation = None
    if codes:
        t = time.perf_counter()
        validation = validate(read_codes(list(codes), scored=scored), scored, seed=options["seed"])
        timings["validate"] = time.perf_counter() - t
    result = Analysis(corpus, scored, comparison, timings, validation=validation)
    if out is not None:
        with stages.stage("write"):
            result.out = write_bundle(
                scored, comparison, out, corpus=corpus, force=force, timings=timings,
                input=input, lexicon_dir=lexicons, validation=validation, codes=codes,
                run_info=run_info,
            )
    stages.close()
    return result


class _Progress:
    """A progress bar over the pipeline stages on stderr (tqdm); silent when disabled."""

    def __init__(self, names: list[str], enabled: bool) -> None:
        self.bar = None
        if enabled:
            self.bar = tqdm(total=len(names), desc="framing", unit="stage", file=sys.stderr, leave=False)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.bar is not None:
            self.bar.set_postfix_str(name)
        yield
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
