"""``compare_voices``: whose voices do outlets let frame the story?

>>> vc = compare_voices(scored, by="outlet")
>>> vc.roles             # outlet x source role: counts and shares with Wilson CIs
>>> vc.frames_by_voice   # outlet x frame x voice: the share of a frame carried by sources
>>> vc.tests             # role_chi2, voice_chi2, voice_share_chi2, diversity_kw

The input is any object with ``.sentences`` carrying the voice columns of
:func:`framing.scoring.sources.attribute_voices` (``voice, speaker_id, speaker_role``) and
``frame_<id>`` columns, ``.sources`` (one row per speaker per article) and optionally
``.documents`` (``doc_id, status, duplicate_of``). When the voice columns or ``.sources`` are
missing they are computed here with :func:`attribute_voices`.

Tests use the same machinery as the frame comparison: Pearson chi-square without continuity
correction, Fisher-Freeman-Halton p when expected counts are small, Bergsma's bias-corrected
Cramér's V with an interval dual to the chi-square test (noncentral chi-square, each bound
one-sided 1 - alpha), Kruskal-Wallis with eta^2_H and its dual interval for the per-article
measures, and Benjamini-Hochberg within each family (``analysis``). With one article
per outlet the unit is the sentence (or the source) and every row says that the result
describes these articles and cannot generalise to the outlet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison import stats as st
from framing.comparison.compare import (  # one test-row and seeding convention for all tables
    DEFAULT_SEED,
    FRAME_IDS,
    TEST_COLUMNS,
    _ncp_ci_text,
    _rng,
)
from framing.comparison.compare import _join_notes as _join
from framing.comparison.compare import _test_row as _row
from framing.errors import InputError

__all__ = [
    "DIVERSITY_COLUMNS",
    "FRAMES_BY_VOICE_COLUMNS",
    "ROLE_COLUMNS",
    "VOICE_SHARE_COLUMNS",
    "VoiceComparison",
    "compare_voices",
]

VOICES: tuple[str, str] = ("source", "journalist")
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
SENTENCE_NOTE = (
    "one article per outlet: the unit is the sentence; the result describes these articles "
    "and cannot generalise to the outlet"
)
SOURCE_NOTE = (
    "one article per outlet: the unit is the source (a speaker in an article); the result "
    "describes these articles and cannot generalise to the outlet"
)
CLUSTER_NOTE = (
    "units nest in articles and the test treats them as independent, so p is too small "
    "and it supports no claim about the groups (the per-article measures: diversity_kw)"
)


@dataclass
class VoiceComparison:
    """Voice and source tables by group (outlet); every table is a tidy DataFrame.

    ``voice_share`` -- one row per group: ``<by>, n_articles, n_sentences,
    n_source_sentences, share`` (sentences voiced by sources / all), ``ci_low, ci_high``
    (Wilson 95%), ``n_sources`` (speakers, counted once per article; unattributed speech
    left out), ``n_named_sources`` (persons and organisations), ``sources_per_article``,
    ``n_roles`` (distinct roles) and ``role_entropy`` (Shannon entropy in bits of the roles
    of the group's sources).

    ``roles`` -- one row per group x role (every role of the lexicon, zeros included):
    ``<by>, role, n_sources, n_sources_total, share`` (of the group's sources),
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

    ``tests`` -- columns of :data:`framing.comparison.compare.TEST_COLUMNS`; families
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
    by: str = "outlet"
    unit: str = "sentence"
    groups: list[Any] = field(default_factory=list)
    frame_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in a stable order (for writing a results bundle)."""
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


# --------------------------------------------------------------------------- helpers
def entropy_bits(counts: Sequence[float]) -> float:
    """Shannon entropy (bits) of a count vector; 0 for one category, nan for none."""
    c = np.asarray([x for x in counts if x > 0], dtype=float)
    if c.size == 0:
        return math.nan
    p = c / c.sum()
    return float(-(p * np.log2(p)).sum()) + 0.0


def _table_test(
    table: np.ndarray,
    *,
    unit_counts: np.ndarray | None,
    unit_groups: Sequence[Any] | None,
    n_boot: int,
    n_mc: int,
    exact_max_tables: int,
    confidence: float,
    seed: int,
    key: tuple,
    alpha: float = 0.05,
) -> dict[str, Any]:
    """Chi-square (FFH p when expected counts are small), Bergsma's V and its interval dual
    to the chi-square test (``unit_counts``, ``unit_groups``, ``n_boot`` and ``confidence``
    are kept for callers; the interval needs none of them)."""
    t = np.asarray(table, dtype=float)
    n = int(t.sum())
    used = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if used.shape[0] < 2:
        return {"n": n, "note": "fewer than two groups with units: nothing to test"}
    if used.shape[1] < 2:
        return {"n": n, "note": "every unit falls in one category: nothing to test"}
    chi = st.chi2_independence(t)
    method = "Pearson chi-square (no continuity correction); Bergsma bias-corrected V"
    p = chi.p
    note = ""
    if chi.small_expected:
        ffh = st.fisher_freeman_halton(
            t, n_resamples=n_mc, rng=_rng(seed, "ffh", *key), max_tables=exact_max_tables
        )
        p = ffh.p
        method += f"; p from {ffh.description}"
        note = (
            f"{chi.share_expected_below_5:.0%} of expected counts < 5 (min "
            f"{chi.min_expected:.2f}): p from Fisher-Freeman-Halton; chi-square p = {chi.p:.4g}"
        )
    ci = st.v_noncentral_ci(t, alpha)
    method += f"; CI: {_ncp_ci_text(alpha, chi.p if chi.small_expected else None)}"
    return {
        "n": n,
        "statistic": chi.statistic,
        "df": chi.df,
        "p": p,
        "effect": st.bergsma_v(t),
        "effect_name": "Cramer's V (Bergsma bias-corrected)",
        "ci_low": ci[0],
        "ci_high": ci[1],
        "method": method,
        "note": note,
    }


def _frame_ids(obj: Any, sentences: pd.DataFrame) -> list[str]:
    declared = getattr(obj, "frame_ids", None)
    if declared:
        return [f for f in declared if f"frame_{f}" in sentences]
    found = [c[len("frame_") :] for c in sentences.columns if c.startswith("frame_")]
    known = [f for f in FRAME_IDS if f in found]
    return known + [f for f in found if f not in known]


def _inputs(obj: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    sentences = getattr(obj, "sentences", None)
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("compare_voices() needs an object with a .sentences DataFrame")
    documents = getattr(obj, "documents", None)
    sources = getattr(obj, "sources", None)
    if "voice" not in sentences or not isinstance(sources, pd.DataFrame):
        from framing.scoring.sources import attribute_voices

        voices, sources = attribute_voices(sentences, documents)
        sentences = sentences.drop(columns=[c for c in voices if c in sentences]).join(voices)
    return sentences, sources, documents


def _analysed(
    sentences: pd.DataFrame, documents: pd.DataFrame | None, include_duplicates: bool
) -> tuple[pd.DataFrame, list[str]]:
    notes: list[str] = []
    if not isinstance(documents, pd.DataFrame) or "doc_id" not in documents:
        return sentences, notes
    drop: set[str] = set()
    if "status" in documents:
        drop |= set(documents.loc[documents["status"] != "included", "doc_id"])
    if not include_duplicates and "duplicate_of" in documents:
        dup = documents["duplicate_of"].fillna("").astype(str) != ""
        dups = set(documents.loc[dup, "doc_id"]) & set(sentences["doc_id"])
        if dups:
            notes.append(f"{len(dups)} article(s) flagged as duplicates left out")
        drop |= dups
    return sentences[~sentences["doc_id"].isin(drop)], notes


# --------------------------------------------------------------------------- main entry
def compare_voices(
    scored: Any,
    by: str = "outlet",
    *,
    frames: Sequence[str] | None = None,
    include_duplicates: bool = False,
    seed: int = DEFAULT_SEED,
    n_boot: int = 2000,
    n_mc: int = 9999,
    exact_max_tables: int = 5000,
    confidence: float = 0.95,
    alpha: float = 0.05,
) -> VoiceComparison:
    """Compare groups (outlets) by the voices that carry their sentences and frames.

    Parameters
    ----------
    scored:
        An object with ``.sentences`` (``doc_id, sent_id, <by>, voice, speaker_id,
        speaker_role`` and ``frame_<id>`` columns), ``.sources`` (the sources table of
        :func:`framing.scoring.sources.attribute_voices`) and optionally ``.documents``.
        Missing voice columns or sources are computed.
    by:
        Column holding the group (``outlet`` by default).
    frames:
        Frame ids to analyse (default: ``scored.frame_ids`` or every ``frame_*`` column).
    include_duplicates:
        Keep articles flagged as duplicates (``documents.duplicate_of``).
    seed, n_boot, n_mc, exact_max_tables, confidence, alpha:
        As in :func:`framing.compare`: seed of every random draw, bootstrap resamples,
        Monte Carlo draws of the Fisher-Freeman-Halton p, enumeration budget, CI level,
        the level the intervals of V and eta^2_H are dual to.

    Returns
    -------
    VoiceComparison
        See the class for every table and column.
    """
    sentences_all, sources_all, documents = _inputs(scored)
    missing = [c for c in ("doc_id", "sent_id", "voice", by) if c not in sentences_all]
    if missing:
        raise InputError(f"sentences lack column(s) {', '.join(missing)}")
    frame_ids = list(frames) if frames is not None else _frame_ids(scored, sentences_all)
    sentences, notes = _analysed(sentences_all, documents, include_duplicates)
    sentences = sentences.dropna(subset=[by]).reset_index(drop=True)
    docs_by = sentences.drop_duplicates("doc_id").set_index("doc_id")[by]
    sources = sources_all[sources_all["doc_id"].isin(docs_by.index)].copy()
    sources[by] = sources["doc_id"].map(docs_by)
    levels = list(dict.fromkeys(sentences[by].tolist()))
    per_group = sentences.groupby(by, sort=False)["doc_id"].nunique()
    min_articles = int(per_group.min()) if len(per_group) else 0
    unit = "article" if min_articles >= 2 else "sentence"
    if unit == "sentence":
        notes.append(SENTENCE_NOTE)
    from framing.scoring.sources import ROLES, load_source_lexicon

    try:
        roles_order = list(load_source_lexicon().role_order)
    except (OSError, KeyError):  # pragma: no cover - bundled lexicon always present
        roles_order = list(ROLES)
    extra = [r for r in sources.get("role", pd.Series(dtype=str)).unique() if r not in roles_order]
    roles_order += sorted(extra)
    attributed = sources[sources["kind"] != "unattributed"]
    is_source = sentences["voice"].eq("source").to_numpy()

    voice_share = _voice_share(sentences, attributed, by, levels, is_source)
    roles = _roles_table(sentences, attributed, by, levels, roles_order, is_source)
    diversity = _diversity(sentences, attributed, by, is_source)
    fbv = _frames_by_voice(sentences, by, levels, frame_ids, is_source)

    kw = dict(
        n_boot=n_boot, n_mc=n_mc, exact_max_tables=exact_max_tables, confidence=confidence,
        alpha=alpha,
    )
    label = ", ".join(map(str, levels))
    rows: list[dict[str, Any]] = []
    clustered = unit == "article"
    sent_note = SENTENCE_NOTE if not clustered else CLUSTER_NOTE

    # voice_chi2: group x (source, journalist), all sentences
    table = np.array(
        [
            [(is_source & (sentences[by] == g)).sum(), (~is_source & (sentences[by] == g)).sum()]
            for g in levels
        ],
        dtype=float,
    )
    uc, ug = _unit_counts(sentences, by, is_source, clustered)
    res = _table_test(table, unit_counts=uc, unit_groups=ug, seed=seed, key=("voice",), **kw)
    rows.append(
        _row(
            analysis="voice_chi2",
            outcome="source share",
            groups=label,
            unit="sentence",
            **{**res, "note": _join(res.get("note", ""), sent_note)},
        )
    )

    # role_chi2: group x role over sources
    rtable = np.array(
        [
            [((attributed[by] == g) & (attributed["role"] == r)).sum() for r in roles_order]
            for g in levels
        ],
        dtype=float,
    )
    ruc = rug = None
    if clustered:
        per = attributed.groupby([by, "doc_id"], sort=False)["role"]
        ruc = np.array([[(v == r).sum() for r in roles_order] for _, v in per])
        rug = [k[0] for k, _ in per]
    res = _table_test(rtable, unit_counts=ruc, unit_groups=rug, seed=seed, key=("role",), **kw)
    rows.append(
        _row(
            analysis="role_chi2",
            outcome="source role",
            groups=label,
            unit="source",
            **{
                **res,
                "note": _join(
                    res.get("note", ""),
                    SOURCE_NOTE if not clustered else CLUSTER_NOTE,
                    "unattributed speech left out",
                ),
            },
        )
    )

    # voice_share_chi2: per frame, group x voice among sentences with the frame
    for f in frame_ids:
        present = sentences[f"frame_{f}"].fillna(False).astype(bool).to_numpy()
        sub = sentences[present]
        src = is_source[present]
        ft = np.array(
            [
                [(src & (sub[by] == g).to_numpy()).sum(), (~src & (sub[by] == g).to_numpy()).sum()]
                for g in levels
            ],
            dtype=float,
        )
        uc, ug = _unit_counts(sub, by, src, clustered)
        res = _table_test(ft, unit_counts=uc, unit_groups=ug, seed=seed, key=("share", f), **kw)
        rows.append(
            _row(
                analysis="voice_share_chi2",
                outcome=f,
                groups=label,
                unit="sentence",
                **{**res, "note": _join(res.get("note", ""), sent_note)},
            )
        )

    # diversity_kw: per-article measures
    for outcome in ("n_sources", "role_entropy", "source_share"):
        samples = [diversity.loc[diversity[by] == g, outcome].to_numpy(float) for g in levels]
        if not clustered:
            rows.append(
                _row(
                    analysis="diversity_kw",
                    outcome=outcome,
                    groups=label,
                    unit="article",
                    n=len(diversity),
                    method="Kruskal-Wallis on per-article values",
                    effect_name="eta squared (H)",
                    note=f"only {min_articles} article(s) in the smallest group: nothing to "
                    "test; the per-article values are in the diversity table",
                )
            )
            continue
        k = st.kruskal_wallis(samples)
        ci = (math.nan, math.nan)
        if np.isfinite(k.statistic):
            ci = st.kruskal_eta_squared_ci(k.statistic, k.n, k.k, alpha)
        note = "" if np.isfinite(k.statistic) else "no variation: nothing to test"
        if min_articles < 5:
            note = _join(note, f"only {min_articles} articles in the smallest group: low power")
        rows.append(
            _row(
                analysis="diversity_kw",
                outcome=outcome,
                groups=label,
                unit="article",
                n=k.n,
                statistic=k.statistic,
                df=k.df,
                p=k.p,
                effect=max(0.0, k.eta_squared) if np.isfinite(k.statistic) else math.nan,
                effect_name="eta squared (H)",
                ci_low=ci[0],
                ci_high=ci[1],
                method="Kruskal-Wallis on per-article values; eta^2_H = (H - k + 1)/(n - k), "
                f"clipped at 0; CI: {_ncp_ci_text(alpha)}",
                note=note,
            )
        )
    tests = pd.DataFrame(rows, columns=TEST_COLUMNS)
    tests["df"] = tests["df"].where(tests["df"] != 0)
    tests["p_adj"] = np.nan
    for _, idx in tests.groupby("analysis", sort=False).groups.items():
        tests.loc[idx, "p_adj"] = st.benjamini_hochberg(tests.loc[idx, "p"].to_numpy(float))
    params = dict(
        by=by,
        frames=frame_ids,
        include_duplicates=include_duplicates,
        seed=seed,
        n_boot=n_boot,
        n_mc=n_mc,
        exact_max_tables=exact_max_tables,
        confidence=confidence,
    )
    return VoiceComparison(
        voice_share=voice_share,
        roles=roles,
        diversity=diversity,
        frames_by_voice=fbv,
        tests=tests,
        sources=sources.reset_index(drop=True),
        by=by,
        unit=unit,
        groups=levels,
        frame_ids=frame_ids,
        notes=notes,
        params=params,
    )


def _unit_counts(
    sentences: pd.DataFrame, by: str, is_source: np.ndarray, clustered: bool
) -> tuple[np.ndarray | None, list[Any] | None]:
    if not clustered or not len(sentences):
        return None, None
    frame = pd.DataFrame(
        {"g": sentences[by].to_numpy(), "c": sentences["doc_id"].to_numpy(), "y": is_source}
    )
    per = frame.groupby(["g", "c"], sort=False)["y"].agg(["sum", "count"])
    counts = np.column_stack([per["sum"], per["count"] - per["sum"]])
    return counts, list(per.index.get_level_values("g"))


def _voice_share(sentences, attributed, by, levels, is_source) -> pd.DataFrame:
    rows = []
    for g in levels:
        mask = (sentences[by] == g).to_numpy()
        n, k = int(mask.sum()), int((is_source & mask).sum())
        lo, hi = st.wilson_ci(k, n)
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
            lo, hi = st.wilson_ci(k, n_src)
            slo, shi = st.wilson_ci(ks, n_sent)
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
            for v in VOICES:
                in_voice = is_source if v == "source" else ~is_source
                k = int((present & in_voice).sum())
                lo, hi = st.wilson_ci(k, n_frame)
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
