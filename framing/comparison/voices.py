"""``compare_voices``: whose voices do outlets let frame the story?

>>> vc = compare_voices(scored, by="outlet")
>>> vc.roles             # outlet x source role: counts and shares with Wilson CIs
>>> vc.frames_by_voice   # outlet x frame x voice: the share of a frame carried by sources
>>> vc.tests             # role_chi2, voice_chi2, voice_share_chi2, diversity_kw

The input is any object with ``.sentences`` carrying the voice columns of
:func:`framing.scoring.sources.attribute_voices` (``voice, speaker_id, speaker_role``) and
``frame_<id>`` columns, ``.sources`` (one row per speaker per article) and optionally
``.documents`` (``doc_id, status, duplicate_of``). A scored object carries them
(:func:`framing.score`) and they are used as they are; only an object without them has its
voices attributed here, with the speaker lexicon (``sources.toml``) its lexicons name
(:func:`speaker_lexicon_path`), the bundled one for an object without lexicons. The roles
table lists the roles of that same lexicon, in its order.

The articles analysed and their groups are those of :func:`framing.compare`
(:func:`framing.comparison.common.select_sentences`). Tests use the same machinery as the
frame comparison: :func:`framing.stats.contingency.independence_test` (Pearson chi-square
without continuity correction, Fisher-Freeman-Halton p when expected counts are small,
Bergsma's bias-corrected Cramér's V with an interval dual to the chi-square test), and
:func:`framing.stats.ranks.kruskal_test` (Kruskal-Wallis with eta^2_H and its dual interval)
for the per-article measures; Benjamini-Hochberg within each family (``analysis``). With one
article per outlet the unit is the sentence (or the source) and every row says that the
result describes these articles and cannot generalise to the outlet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.common import (
    SENTENCE_UNIT_NOTE,
    GroupTables,
    Selected,
    adjust_by_family,
    frames_to_analyse,
    join_notes,
    result_row,
    select_sentences,
    selection_and_resampling,
    test_row,
    unit_of,
)
from framing.errors import InputError, LexiconError
from framing.scoring.sources import ROLES, attribute_voices, load_source_lexicon
from framing.stats.contingency import V_NAME, IndependenceTest, independence_test
from framing.stats.intervals import wilson_ci
from framing.stats.ranks import ETA_H_NAME, kruskal_test
from framing.stats.resampling import Resampling

__all__ = [
    "DIVERSITY_COLUMNS",
    "FRAMES_BY_VOICE_COLUMNS",
    "ROLE_COLUMNS",
    "VOICE_SHARE_COLUMNS",
    "VoiceComparison",
    "compare_voices",
    "entropy_bits",
    "speaker_lexicon_path",
    "speaker_roles",
    "voice_comparison",
    "voice_inputs",
]

ROLE_COLUMNS: list[str] = [
    "role",
    "n_sources",
    "n_sources_total",
    "share",
    "ci_low",
    "ci_high",
    "n_sentences",
    "n_source_sentences",
    "sentence_share",
    "sentence_ci_low",
    "sentence_ci_high",
]
VOICE_SHARE_COLUMNS: list[str] = [
    "n_articles",
    "n_sentences",
    "n_source_sentences",
    "share",
    "ci_low",
    "ci_high",
    "n_sources",
    "n_named_sources",
    "sources_per_article",
    "n_roles",
    "role_entropy",
]
DIVERSITY_COLUMNS: list[str] = [
    "doc_id",
    "n_sentences",
    "n_source_sentences",
    "source_share",
    "n_sources",
    "n_named_sources",
    "n_roles",
    "role_entropy",
    "role_evenness",
]
FRAMES_BY_VOICE_COLUMNS: list[str] = [
    "frame",
    "voice",
    "n_sentences",
    "n_frame",
    "share",
    "ci_low",
    "ci_high",
    "voice_share_all",
]
SENTENCE_NOTE = SENTENCE_UNIT_NOTE
SOURCE_NOTE = (
    "one article per outlet: the unit is the source (a speaker in an article); the result "
    "describes these articles and cannot generalise to the outlet"
)
CLUSTER_NOTE = (
    "units nest in articles and the test treats them as independent, so p is too small "
    "and it supports no claim about the groups (the per-article measures: diversity_kw)"
)


@dataclass
class VoiceComparison(GroupTables):
    """Voice and source tables by group (outlet); every table is a tidy DataFrame.

    ``voice_share`` -- one row per group: ``<by>, n_articles, n_sentences,
    n_source_sentences, share`` (sentences voiced by sources / all), ``ci_low, ci_high``
    (Wilson 95%), ``n_sources`` (speakers, counted once per article; unattributed speech
    left out), ``n_named_sources`` (persons and organisations), ``sources_per_article``,
    ``n_roles`` (distinct roles) and ``role_entropy`` (Shannon entropy in bits of the roles
    of the group's sources).

    ``roles`` -- one row per group x role (every role of the speaker lexicon, zeros
    included): ``<by>, role, n_sources, n_sources_total, share`` (of the group's sources),
    ``ci_low, ci_high`` (Wilson), ``n_sentences`` (sentences whose speaker has the role),
    ``n_source_sentences``, ``sentence_share`` with ``sentence_ci_low/high``.

    ``diversity`` -- one row per article: ``doc_id, <by>, n_sentences, n_source_sentences,
    source_share, n_sources, n_named_sources, n_roles, role_entropy`` (bits) and
    ``role_evenness`` (entropy / log2(n_roles); empty below two roles).

    ``frames_by_voice`` -- one row per group x frame x voice: ``<by>, frame, voice,
    n_sentences`` (sentences with the frame in that voice), ``n_frame`` (sentences with the
    frame), ``share`` (= n_sentences / n_frame: the share of the frame the voice carries),
    ``ci_low, ci_high`` (Wilson), ``voice_share_all`` (the voice's share of all the group's
    sentences: the baseline a frame's share is read against).

    ``tests`` -- columns of :data:`framing.comparison.common.TEST_COLUMNS`; families
    (``analysis``): ``voice_chi2`` (group x voice over all sentences), ``role_chi2`` (group x
    role over sources), ``voice_share_chi2`` (per frame, group x voice among the sentences
    with the frame: do outlets differ in how much of the frame they leave to sources?),
    ``diversity_kw`` (Kruskal-Wallis on per-article n_sources, role_entropy and
    source_share; needs two articles per group). ``p_adj`` is Benjamini-Hochberg within each
    family.
    """

    voice_share: pd.DataFrame
    roles: pd.DataFrame
    diversity: pd.DataFrame
    frames_by_voice: pd.DataFrame
    tests: pd.DataFrame
    sources: pd.DataFrame
    frame_ids: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in a stable order (for writing a results bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
        """
        return {
            f"voice_share_by_{self.by}": self.voice_share,
            f"source_roles_by_{self.by}": self.roles,
            "source_diversity": self.diversity,
            f"frames_by_voice_{self.by}": self.frames_by_voice,
            "voice_tests": self.tests,
        }

    def __repr__(self) -> str:
        sig = int((self.tests["p_adj"] < 0.05).sum()) if len(self.tests) else 0
        return (
            f"VoiceComparison(by={self.by!r}, unit={self.unit!r}, groups={len(self.groups)}, "
            f"sources={len(self.sources)}, tests={len(self.tests)}, p_adj<.05: {sig})"
        )


def entropy_bits(counts: Sequence[float]) -> float:
    """Shannon entropy in bits of a count vector.

    Parameters
    ----------
    counts:
        Counts per category (zeros ignored).

    Returns
    -------
    float
        0 for one category, ``nan`` for none.
    """
    c = np.asarray([x for x in counts if x > 0], dtype=float)
    if c.size == 0:
        return math.nan
    p = c / c.sum()
    return float(-(p * np.log2(p)).sum()) + 0.0


# --------------------------------------------------------------------------- inputs
def speaker_lexicon_path(scored: Any) -> Path | None:
    """The speaker lexicon (``sources.toml``) the scored object's lexicons name.

    The file scoring attributed the voices with: ``scored.lexicons.paths["sources"]``, else a
    ``sources.toml`` beside the lexicons' frames file.

    Parameters
    ----------
    scored:
        A scored object (``lexicons`` optional).

    Returns
    -------
    pathlib.Path or None
        None for the bundled lexicon (also for an object without lexicons).
    """
    paths = getattr(getattr(scored, "lexicons", None), "paths", None)
    if not isinstance(paths, dict):
        return None
    if paths.get("sources"):
        return Path(paths["sources"])
    own = Path(paths["frames"]).parent / "sources.toml" if paths.get("frames") else None
    return own if own is not None and own.is_file() else None


def speaker_roles(scored: Any) -> tuple[list[str], str]:
    """The speaker roles of the scored object's speaker lexicon, in the lexicon's order.

    Parameters
    ----------
    scored:
        A scored object (see :func:`speaker_lexicon_path`).

    Returns
    -------
    tuple
        The roles, and a note ("" unless the lexicon file can no longer be read, when the
        bundled roles are listed instead).
    """
    path = speaker_lexicon_path(scored)
    try:
        return list(load_source_lexicon(path).role_order), ""
    except LexiconError:
        return list(ROLES), (
            f"the speaker lexicon {path.name if path else 'sources.toml'} could not be read: "
            "the roles table lists the bundled roles"
        )


def voice_inputs(scored: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences with their voice columns and the sources table of a scored object.

    What the object carries is used as it is; only when it lacks the voice columns or the
    sources table are voices attributed, with its own speaker lexicon
    (:func:`speaker_lexicon_path`).

    Parameters
    ----------
    scored:
        An object with ``.sentences`` (and ``.sources``, ``.documents``, ``.lexicons``).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(sentences, sources)``.

    Raises
    ------
    InputError
        When the object has no ``.sentences`` DataFrame.
    """
    sentences = getattr(scored, "sentences", None)
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("compare_voices() needs an object with a .sentences DataFrame")
    sources = getattr(scored, "sources", None)
    if "voice" in sentences and isinstance(sources, pd.DataFrame):
        return sentences, sources
    voices, sources = attribute_voices(
        sentences, getattr(scored, "documents", None), speaker_lexicon_path(scored)
    )
    if "voice" not in sentences:
        sentences = sentences.drop(columns=[c for c in voices if c in sentences]).join(voices)
    return sentences, sources


# --------------------------------------------------------------------------- main entry
def compare_voices(
    scored: Any, by: str = "outlet", *, alpha: float = 0.05, **options: Any
) -> VoiceComparison:
    """Compare groups (outlets) by the voices that carry their sentences and frames.

    Parameters
    ----------
    scored:
        An object with ``.sentences`` (``doc_id, sent_id, voice, speaker_id, speaker_role``
        and ``frame_<id>`` columns), ``.sources`` (the sources table of
        :func:`framing.scoring.sources.attribute_voices`) and optionally ``.documents`` and
        ``.lexicons``; see :func:`voice_inputs` for an object without voices.
    by:
        The grouping, as in :func:`framing.compare` (a column of the sentences or
        documents, or ``"period"``).
    alpha:
        The level the intervals of V and eta^2_H are dual to, as in :func:`framing.compare`.
    **options:
        As in :func:`framing.compare`: ``frames`` (frame ids to analyse; default
        ``scored.frame_ids`` or every ``frame_*`` column), which articles are analysed
        (``include_duplicates, keep_unknown, min_articles, small_groups, period``) and
        how draws are made (``seed`` of every random draw, ``n_boot`` bootstrap
        resamples, ``n_mc`` Monte Carlo draws of the Fisher-Freeman-Halton p,
        ``exact_max_tables`` enumeration budget, ``confidence`` level of the intervals).

    Returns
    -------
    VoiceComparison
        See the class for every table and column.

    Raises
    ------
    InputError
        When the sentences lack a needed column, the grouping names none, or an option is
        out of range.
    """
    selection, resampling = selection_and_resampling("compare_voices", by, **options)
    sentences, sources = voice_inputs(scored)
    missing = [c for c in ("doc_id", "sent_id", "voice") if c not in sentences]
    if missing:
        raise InputError(f"sentences lack column(s) {', '.join(missing)}")
    frame_ids = frames_to_analyse(scored, sentences, selection.frames)
    selected = select_sentences(sentences, getattr(scored, "documents", None), selection)
    roles, note = speaker_roles(scored)
    return voice_comparison(
        selected, sources, frame_ids, roles, resampling, alpha,
        notes=[*selected.notes, *([note] if note else [])],
    )


def voice_comparison(
    selected: Selected,
    sources: pd.DataFrame,
    frame_ids: Sequence[str],
    roles: Sequence[str],
    resampling: Resampling,
    alpha: float = 0.05,
    *,
    notes: Sequence[str] = (),
) -> VoiceComparison:
    """The voice tables and tests of selected sentences (what :func:`compare_voices` and
    :func:`framing.compare` share).

    Parameters
    ----------
    selected:
        The analysed sentences in their groups, with voice columns
        (:func:`framing.comparison.common.select_sentences`).
    sources:
        The sources table (one row per speaker per article).
    frame_ids:
        The frames analysed.
    roles:
        The speaker roles in the lexicon's order (:func:`speaker_roles`); further roles
        found in ``sources`` follow, sorted.
    resampling:
        Seed and Monte Carlo settings.
    alpha:
        The level the intervals are dual to.
    notes:
        Notes to begin the comparison's notes with.

    Returns
    -------
    VoiceComparison
    """
    by = selected.selection.by
    sentences = selected.sentences
    notes = list(notes)
    dups = selected.duplicates_left_out
    if dups:
        notes.append(f"{len(dups)} article(s) flagged as duplicates left out")
    docs_by = sentences.drop_duplicates("doc_id").set_index("doc_id")[by]
    sources = sources[sources["doc_id"].isin(docs_by.index)].copy()
    sources[by] = sources["doc_id"].map(docs_by)
    levels = list(dict.fromkeys(sentences[by].tolist()))
    per_group = sentences.groupby(by, sort=False)["doc_id"].nunique()
    min_articles = int(per_group.min()) if len(per_group) else 0
    unit = unit_of(per_group)
    if unit == "sentence":
        notes.append(SENTENCE_NOTE)
    roles_order = list(roles)
    found = sources.get("role", pd.Series(dtype=str)).unique()
    roles_order += sorted(r for r in found if r not in roles_order)
    attributed = sources[sources["kind"] != "unattributed"]
    is_source = sentences["voice"].eq("source").to_numpy()
    frame_ids = list(frame_ids)
    diversity = _diversity(sentences, attributed, by, is_source)
    tests = _voice_tests(
        sentences, attributed, by, levels, roles_order, frame_ids, is_source, diversity, unit,
        min_articles, resampling, alpha,
    )
    params = dict(
        by=by,
        frames=frame_ids,
        include_duplicates=selected.selection.include_duplicates,
        **asdict(resampling),  # seed, n_boot, n_mc, exact_max_tables, confidence
    )
    return VoiceComparison(
        voice_share=_voice_share(sentences, attributed, by, levels, is_source),
        roles=_roles_table(sentences, attributed, by, levels, roles_order, is_source),
        diversity=diversity,
        frames_by_voice=_frames_by_voice(sentences, by, levels, frame_ids, is_source),
        tests=tests,
        sources=sources.reset_index(drop=True),
        by=by,
        unit=unit,
        groups=levels,
        frame_ids=frame_ids,
        notes=notes,
        params=params,
    )


# --------------------------------------------------------------------------- tests
def _chi2_row(res: IndependenceTest, note: str, **fields: Any) -> dict[str, Any]:
    """A tests row of a contingency test (only ``n`` and the note when not tested)."""
    if not res.tested:
        return test_row(n=res.n, note=join_notes(res.note, note), **fields)
    return result_row(
        res, effect_name=V_NAME, method=res.method, note=join_notes(res.note, note), **fields
    )


def _voice_table(sentences: pd.DataFrame, by: str, levels: list[Any], src: np.ndarray) -> np.ndarray:
    """Group x (source, journalist) sentence counts."""
    rows = []
    for g in levels:
        in_group = (sentences[by] == g).to_numpy()
        rows.append([(src & in_group).sum(), (~src & in_group).sum()])
    return np.array(rows, dtype=float)


def _voice_tests(
    sentences: pd.DataFrame, attributed: pd.DataFrame, by: str, levels: list[Any],
    roles_order: list[str], frame_ids: list[str], is_source: np.ndarray,
    diversity: pd.DataFrame, unit: str, min_articles: int, resampling: Resampling, alpha: float,
) -> pd.DataFrame:
    """The tests table: voice_chi2, role_chi2, voice_share_chi2 and diversity_kw."""
    label = ", ".join(map(str, levels))
    clustered = unit == "article"
    sent_note = SENTENCE_NOTE if not clustered else CLUSTER_NOTE

    def test(table: np.ndarray, key: tuple) -> IndependenceTest:
        return independence_test(table, alpha=alpha, resampling=resampling, key=key)

    # voice_chi2: group x (source, journalist), all sentences
    res = test(_voice_table(sentences, by, levels, is_source), ("voice",))
    rows = [
        _chi2_row(res, sent_note, analysis="voice_chi2", outcome="source share", groups=label,
                  unit="sentence")
    ]
    # role_chi2: group x role over sources
    rtable = np.array(
        [
            [((attributed[by] == g) & (attributed["role"] == r)).sum() for r in roles_order]
            for g in levels
        ],
        dtype=float,
    )
    res = test(rtable, ("role",))
    note = join_notes(SOURCE_NOTE if not clustered else CLUSTER_NOTE, "unattributed speech left out")
    rows.append(
        _chi2_row(res, note, analysis="role_chi2", outcome="source role", groups=label, unit="source")
    )
    # voice_share_chi2: per frame, group x voice among sentences with the frame
    for f in frame_ids:
        present = sentences[f"frame_{f}"].fillna(False).astype(bool).to_numpy()
        res = test(_voice_table(sentences[present], by, levels, is_source[present]), ("share", f))
        rows.append(
            _chi2_row(res, sent_note, analysis="voice_share_chi2", outcome=f, groups=label,
                      unit="sentence")
        )
    # diversity_kw: per-article measures
    for outcome in ("n_sources", "role_entropy", "source_share"):
        fields = dict(
            analysis="diversity_kw", outcome=outcome, groups=label, unit="article",
            effect_name=ETA_H_NAME,
        )
        if not clustered:
            rows.append(test_row(
                n=len(diversity), method="Kruskal-Wallis on per-article values",
                note=f"only {min_articles} article(s) in the smallest group: nothing to test; the "
                "per-article values are in the diversity table", **fields,
            ))
            continue
        samples = [diversity.loc[diversity[by] == g, outcome].to_numpy(float) for g in levels]
        k = kruskal_test(samples, alpha)
        note = "" if k.tested else "no variation: nothing to test"
        if min_articles < 5:
            note = join_notes(note, f"only {min_articles} articles in the smallest group: low power")
        rows.append(result_row(
            k, method=f"Kruskal-Wallis on per-article values; {k.method}", note=note, **fields
        ))
    tests = adjust_by_family(rows)
    tests["df"] = tests["df"].where(tests["df"] != 0)
    return tests


# --------------------------------------------------------------------------- tables
def _voice_share(sentences, attributed, by, levels, is_source) -> pd.DataFrame:
    rows = []
    for g in levels:
        mask = (sentences[by] == g).to_numpy()
        n, k = int(mask.sum()), int((is_source & mask).sum())
        lo, hi = wilson_ci(k, n)
        src = attributed[attributed[by] == g]
        n_art = int(sentences.loc[mask, "doc_id"].nunique())
        rows.append(
            {
                by: g,
                "n_articles": n_art,
                "n_sentences": n,
                "n_source_sentences": k,
                "share": k / n if n else math.nan,
                "ci_low": float(lo),
                "ci_high": float(hi),
                "n_sources": len(src),
                "n_named_sources": int(src["kind"].isin(["person", "organisation"]).sum()),
                "sources_per_article": len(src) / n_art if n_art else math.nan,
                "n_roles": int(src["role"].nunique()),
                "role_entropy": entropy_bits(src["role"].value_counts().to_numpy()),
            }
        )
    return pd.DataFrame(rows, columns=[by, *VOICE_SHARE_COLUMNS])


def _roles_table(sentences, attributed, by, levels, roles_order, is_source) -> pd.DataFrame:
    rows = []
    role_col = sentences.get("speaker_role", pd.Series("", index=sentences.index))
    attributed_sent = (
        is_source
        & ~sentences.get("speaker_id", pd.Series("", index=sentences.index))
        .eq("anon:unattributed")
        .to_numpy()
    )
    for g in levels:
        src = attributed[attributed[by] == g]
        mask = (sentences[by] == g).to_numpy() & attributed_sent
        n_src, n_sent = len(src), int(mask.sum())
        for r in roles_order:
            k = int((src["role"] == r).sum())
            ks = int((role_col.to_numpy() == r)[mask].sum())
            lo, hi = wilson_ci(k, n_src)
            slo, shi = wilson_ci(ks, n_sent)
            rows.append(
                {
                    by: g,
                    "role": r,
                    "n_sources": k,
                    "n_sources_total": n_src,
                    "share": k / n_src if n_src else math.nan,
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                    "n_sentences": ks,
                    "n_source_sentences": n_sent,
                    "sentence_share": ks / n_sent if n_sent else math.nan,
                    "sentence_ci_low": float(slo),
                    "sentence_ci_high": float(shi),
                }
            )
    return pd.DataFrame(rows, columns=[by, *ROLE_COLUMNS])


def _diversity(sentences, attributed, by, is_source) -> pd.DataFrame:
    rows = []
    s = sentences.assign(_src=is_source)
    for doc_id, grp in s.groupby("doc_id", sort=False):
        src = attributed[attributed["doc_id"] == doc_id]
        counts = src["role"].value_counts().to_numpy()
        h = entropy_bits(counts) if len(src) else math.nan
        n_roles = int(len(counts))
        n, k = len(grp), int(grp["_src"].sum())
        rows.append(
            {
                "doc_id": doc_id,
                by: grp[by].iloc[0],
                "n_sentences": n,
                "n_source_sentences": k,
                "source_share": k / n if n else math.nan,
                "n_sources": len(src),
                "n_named_sources": int(src["kind"].isin(["person", "organisation"]).sum()),
                "n_roles": n_roles,
                "role_entropy": h if len(src) else 0.0,
                "role_evenness": h / math.log2(n_roles) if n_roles >= 2 else math.nan,
            }
        )
    cols = ["doc_id", by, *DIVERSITY_COLUMNS[1:]]
    return pd.DataFrame(rows, columns=cols)


def _frames_by_voice(sentences, by, levels, frame_ids, is_source) -> pd.DataFrame:
    rows = []
    for g in levels:
        mask = (sentences[by] == g).to_numpy()
        n_all = int(mask.sum())
        for f in frame_ids:
            present = sentences[f"frame_{f}"].fillna(False).astype(bool).to_numpy() & mask
            n_frame = int(present.sum())
            for v, in_voice in (("source", is_source), ("journalist", ~is_source)):
                k = int((present & in_voice).sum())
                lo, hi = wilson_ci(k, n_frame)
                base = int((mask & in_voice).sum())
                rows.append(
                    {
                        by: g,
                        "frame": f,
                        "voice": v,
                        "n_sentences": k,
                        "n_frame": n_frame,
                        "share": k / n_frame if n_frame else math.nan,
                        "ci_low": float(lo),
                        "ci_high": float(hi),
                        "voice_share_all": base / n_all if n_all else math.nan,
                    }
                )
    return pd.DataFrame(rows, columns=[by, *FRAMES_BY_VOICE_COLUMNS])
