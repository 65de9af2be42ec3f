"""``compare``: do outlets differ in how they frame and evaluate the story, by how much, and how
sure can we be?

>>> comparison = framing.compare(scored, by="outlet")
>>> comparison.tests          # one row per test, BH-adjusted within each analysis
>>> comparison.frames         # outlet x frame shares with Wilson CIs, hits per 1,000 tokens

The unit of analysis follows the data. Sentences nest in articles and articles in outlets.
With at least two articles in every outlet, outlet differences are tested with
article-clustered standard errors, cluster bootstraps and tests on article-level values.
With one article per outlet (the seed corpus) only the sentence can be the unit: every such
row says in ``note`` that it describes these articles and cannot generalise to the outlet.

All resampling is seeded (``seed``); the same input and parameters give the same tables.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from framing.comparison import keyness as kw
from framing.comparison import models as md
from framing.comparison import stats as st
from framing.errors import InputError

__all__ = [
    "DEFAULT_SEED",
    "FRAME_COLUMNS",
    "FRAME_IDS",
    "RESIDUAL_COLUMNS",
    "ROBUSTNESS_COLUMNS",
    "SENTIMENT_COLUMNS",
    "TEST_COLUMNS",
    "Comparison",
    "check_seed",
    "compare",
]

DEFAULT_SEED = 20240216
FRAME_IDS: tuple[str, ...] = (
    "threat",
    "opportunity",
    "catch_up",
    "spectacle",
    "limitation",
    "resources",
    "governance",
    "technology",
)
TEST_COLUMNS: list[str] = [
    "analysis",
    "outcome",
    "groups",
    "unit",
    "n",
    "statistic",
    "df",
    "p",
    "p_adj",
    "effect",
    "effect_name",
    "ci_low",
    "ci_high",
    "method",
    "note",
]
FRAME_COLUMNS: list[str] = [
    "frame",
    "n_articles",
    "n_sentences",
    "n_with_frame",
    "share",
    "ci_low",
    "ci_high",
    "hits",
    "n_tokens",
    "hits_per_1k_tokens",
]
SENTIMENT_COLUMNS: list[str] = [
    "measure",
    "n_articles",
    "n",
    "mean",
    "sd",
    "median",
    "ci_low",
    "ci_high",
    "ci_method",
]
RESIDUAL_COLUMNS: list[str] = [
    "frame",
    "observed",
    "expected",
    "residual",
    "p",
    "p_bonferroni",
]
ROBUSTNESS_COLUMNS: list[str] = [
    "frame",
    "scenario",
    "unit",
    "dropped",
    "n",
    "statistic",
    "p",
    "effect",
    "baseline_p",
    "baseline_effect",
    "change",
    "same_decision",
    "n_variants",
    "worst_p",
    "note",
]
REQUIRED_SENTENCE_COLUMNS = ("doc_id", "sent_id", "n_tokens")
UNKNOWN_GROUP = "unknown"
OTHER_GROUP = "other"
PERIODS = ("year", "quarter", "month", "week", "day")
#: fewest units (sentences or articles) per group for a percentile bootstrap interval;
#: below it a bootstrap has too few distinct resamples to be trusted
MIN_BOOTSTRAP_N = 10

SENTENCE_UNIT_NOTE = (
    "one article per outlet: the unit is the sentence; the result describes these "
    "articles and cannot generalise to the outlet"
)
CLUSTER_IGNORED_NOTE = (
    "sentence-level test: it treats the sentences of an article as independent, so p is "
    "too small and it supports no claim about the groups; the article-level test is "
    "frame_article (and frame_logit with article-clustered SEs)"
)


def _ncp_ci_text(alpha: float, chi2_p: float | None = None) -> str:
    """How a chi-square effect size's interval is made, and whether it is dual to the test
    (``chi2_p``: the asymptotic p when the row's p is an exact one, to which it is not)."""
    dual = (
        "dual to the test"
        if chi2_p is None
        else f"dual to the chi-square test (p = {chi2_p:.4g}), not to the exact p"
    )
    return (
        f"noncentral chi-square, each bound one-sided {1 - alpha:.0%} "
        f"(a {1 - 2 * alpha:.0%} interval), {dual}"
    )


@dataclass
class Comparison:
    """Tables comparing groups (outlets); every table is a tidy ``pandas.DataFrame``.

    ``frames`` -- one row per group x frame:

    ================== ====================================================================
    <by>               the group (column named after ``by``, e.g. ``outlet``)
    frame              frame id
    n_articles         articles of the group analysed
    n_sentences        sentences of the group analysed
    n_with_frame       sentences carrying the frame
    share              n_with_frame / n_sentences
    ci_low, ci_high    Wilson 95% interval of ``share`` (sentences taken as independent)
    hits               frame-term hits in the group's sentences
    n_tokens           tokens in the group's sentences
    hits_per_1k_tokens 1000 * hits / n_tokens
    ================== ====================================================================

    ``sentiment`` -- one row per group x measure (``sentiment``: snownlp 0..1; ``tone``:
    signed lexicon tone): ``<by>, measure, n_articles, n`` (sentences with a value),
    ``mean, sd, median, ci_low, ci_high`` (seeded percentile bootstrap CI of the mean;
    articles resampled within the group when each group has two or more), ``ci_method``.

    ``tests`` -- one row per test, columns :data:`TEST_COLUMNS`: ``analysis`` (the family
    for Benjamini-Hochberg: ``frame_chi2``, ``frame_article``, ``frame_logit``,
    ``frame_rate``, ``evaluation_kw``, ``dunn_sentiment``, ``dunn_tone``), ``outcome``
    (frame id or measure), ``groups`` (groups compared: comma-separated, or ``A vs B``),
    ``unit`` (``sentence`` or ``article``), ``n`` (units), ``statistic``, ``df``, ``p``,
    ``p_adj`` (BH within ``analysis``), ``effect`` with ``effect_name`` and its CI
    ``ci_low``/``ci_high``, ``method`` (with how the CI was made and whether it is dual to
    the test: V and eta^2_H by the noncentral chi-square, each bound one-sided 1 - alpha;
    ratios by Wald; Cliff's delta by a bootstrap, not dual), ``note`` (caveats).

    ``residuals`` -- one row per group x frame: adjusted standardized (Haberman) residual
    of the "sentence has the frame" cell of the group x (present, absent) table:
    ``<by>, frame, observed, expected, residual, p`` (two-sided normal),
    ``p_bonferroni`` (times the number of residuals in the table).

    ``keyness`` -- the most distinctive terms of each group against all others, columns of
    :data:`framing.comparison.keyness.KEYNESS_COLUMNS` with ``group`` named after ``by``.

    ``robustness`` -- per frame and scenario, whether the decision of the frame test
    (p < alpha) holds: ``drop_term`` (each frame term removed in turn; ``dropped`` = the most
    influential term, ``n_variants`` terms tried, ``worst_p`` the largest p),
    ``without_outlets`` (e.g. without the web repost; no row, and a note, when there is
    none) and ``with_duplicates`` / ``without_duplicates``, each re-tested at ``unit``: the
    article-level test (Kruskal-Wallis, effect eta^2_H) when every group has two articles or
    more, else the sentence-level chi-square (effect V). Columns :data:`ROBUSTNESS_COLUMNS`.

    ``articles`` -- the analysed articles, ``doc_id`` -> group; ``frame_labels`` -- frame id
    -> label for figures (:func:`framing.plot_frame_prevalence`).

    ``model_frames`` -- with a trained frame model's codes (``model_<id>`` columns), the
    frames table of those codes; the ``tests`` table then also holds the frame tests on them
    (``frame_chi2_model``, ``frame_article_model``; :mod:`framing.comparison.model_frames`).

    ``unit`` is ``sentence`` or ``article``; ``notes`` lists caveats for the whole
    comparison; ``params`` records every parameter and the seed.

    ``voices`` -- when the sentences carry voice columns (journalist or source, see
    :mod:`framing.scoring.sources`), a :class:`framing.comparison.voices.VoiceComparison`:
    source shares, source roles, role diversity, frames by voice and their tests; its
    tables are part of :meth:`tables`.
    """

    frames: pd.DataFrame
    sentiment: pd.DataFrame
    tests: pd.DataFrame
    residuals: pd.DataFrame
    keyness: pd.DataFrame
    robustness: pd.DataFrame
    by: str = "outlet"
    unit: str = "sentence"
    groups: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    voices: Any = None
    frame_labels: dict[str, str] = field(default_factory=dict)
    """Frame id -> ``label_zh label_en`` of the lexicons (for figures)."""
    articles: pd.Series | None = None
    """The analysed articles: ``doc_id`` -> group (after unknown and small groups were left
    out or pooled, duplicates left out unless included)."""
    model_frames: pd.DataFrame | None = None
    """With a trained frame model's codes (``model_<id>``): the frames table of the model's
    codes (see :mod:`framing.comparison.model_frames`); None without."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in a stable order (for writing a results bundle)."""
        out = {
            f"frames_by_{self.by}": self.frames,
            f"sentiment_by_{self.by}": self.sentiment,
            "tests": self.tests,
            "residuals": self.residuals,
            "keyness": self.keyness,
            "robustness": self.robustness,
        }
        if self.voices is not None:
            out.update(self.voices.tables())
        if self.model_frames is not None:
            out[f"model_frames_by_{self.by}"] = self.model_frames
        return out

    def __repr__(self) -> str:
        sig = int((self.tests["p_adj"] < 0.05).sum()) if len(self.tests) else 0
        return (
            f"Comparison(by={self.by!r}, unit={self.unit!r}, groups={len(self.groups)}, "
            f"tests={len(self.tests)}, p_adj<.05: {sig})"
        )


# --------------------------------------------------------------------------- helpers
def _rng(seed: int, *key: Any) -> np.random.Generator:
    """A generator seeded by ``seed`` and a stable key, independent of call order."""
    digest = zlib.crc32("\x1f".join(map(str, key)).encode("utf-8"))
    return np.random.default_rng([seed, digest])


def _frame_ids(scored: Any, sentences: pd.DataFrame) -> list[str]:
    declared = getattr(scored, "frame_ids", None)
    if declared:
        return [f for f in declared if f"frame_{f}" in sentences]
    found = [c[len("frame_") :] for c in sentences.columns if c.startswith("frame_")]
    known = [f for f in FRAME_IDS if f in found]
    return known + [f for f in found if f not in known]


def _test_row(**kwargs: Any) -> dict[str, Any]:
    row = dict.fromkeys(TEST_COLUMNS, math.nan)
    row.update(analysis="", outcome="", groups="", unit="", method="", effect_name="", note="")
    row.update(kwargs)
    return row


def _join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


@dataclass
class _FrameTest:
    statistic: float
    df: int
    p: float
    p_chi2: float
    effect: float
    ci: tuple[float, float]
    method: str
    note: str
    n: int


def _presence_table(present: np.ndarray, groups: np.ndarray, levels: list[Any]) -> np.ndarray:
    return np.array(
        [[int(present[groups == g].sum()), int((~present[groups == g]).sum())] for g in levels],
        dtype=float,
    )


def _frame_test(
    present: np.ndarray,
    groups: np.ndarray,
    levels: list[Any],
    *,
    with_ci: bool,
    alpha: float,
    n_mc: int,
    exact_max_tables: int,
    rng_key: tuple,
    seed: int,
) -> _FrameTest:
    """Chi-square (FFH when expected counts are small) and Bergsma's V with its CI dual to
    the chi-square test (noncentral chi-square)."""
    table = _presence_table(present, groups, levels)
    n = int(table.sum())
    used = table[table.sum(axis=1) > 0]
    if used.shape[0] < 2:
        return _FrameTest(
            math.nan, 0, math.nan, math.nan, math.nan, (math.nan, math.nan), "", "only one group", n
        )
    if used[:, 0].sum() == 0:
        return _FrameTest(
            math.nan,
            0,
            math.nan,
            math.nan,
            math.nan,
            (math.nan, math.nan),
            "",
            "frame absent from every sentence: nothing to test",
            n,
        )
    if used[:, 1].sum() == 0:
        return _FrameTest(
            math.nan,
            0,
            math.nan,
            math.nan,
            math.nan,
            (math.nan, math.nan),
            "",
            "frame present in every sentence: nothing to test",
            n,
        )
    chi = st.chi2_independence(table)
    v = st.bergsma_v(table)
    method = "Pearson chi-square (no continuity correction); Bergsma bias-corrected V"
    p = chi.p
    note = ""
    if chi.small_expected:
        ffh = st.fisher_freeman_halton(
            table,
            n_resamples=n_mc,
            rng=_rng(seed, "ffh", *rng_key),
            max_tables=exact_max_tables,
        )
        p = ffh.p
        method += f"; p from {ffh.description}"
        note = (
            f"{chi.share_expected_below_5:.0%} of expected counts < 5 (min "
            f"{chi.min_expected:.2f}): p from Fisher-Freeman-Halton; chi-square p = {chi.p:.4g}"
        )
    ci: tuple[float, float] = (math.nan, math.nan)
    if with_ci:
        ci = st.v_noncentral_ci(table, alpha)
        method += f"; CI: {_ncp_ci_text(alpha, chi.p if chi.small_expected else None)}"
    return _FrameTest(chi.statistic, chi.df, p, chi.p, v, ci, method, note, n)


# --------------------------------------------------------------------------- main entry
def compare(
    scored: Any,
    by: str = "outlet",
    *,
    frames: Sequence[str] | None = None,
    include_duplicates: bool = False,
    keep_unknown: bool = False,
    min_articles: int = 1,
    small_groups: str = "drop",
    period: str = "month",
    seed: int = DEFAULT_SEED,
    n_boot: int = 2000,
    n_mc: int = 9999,
    exact_max_tables: int = 5000,
    confidence: float = 0.95,
    alpha: float = 0.05,
    reference: Any = None,
    models: bool = True,
    stopwords: set[str] | None = None,
    min_count: int = 3,
    keyness_prior: str | float = "informative",
    keyness_alpha0: float | None = None,
    top_n: int | None = 20,
    robustness: bool = True,
    robustness_drop: Sequence[str] = ("web repost", "web_repost"),
    frame_threshold: float | None = None,
    progress: bool | None = None,
) -> Comparison:
    """Compare groups of scored sentences (outlets, outlet types, periods, any document
    column): frames, sentiment, tone and keyness.

    Parameters
    ----------
    scored:
        Any object with ``.sentences`` (one row per sentence: ``doc_id, sent_id,
        n_tokens, tokens, sentiment, tone``, and per frame ``frame_<id>`` (bool) and
        ``hits_<id>`` (int)); optionally ``.documents`` (``doc_id, status, duplicate_of``
        and the document columns ``by`` may name), ``.hits`` (``doc_id, sent_id, layer,
        label, term, negated, weight``) and ``.frame_ids`` (frame order).
    by:
        The grouping: a column of ``scored.sentences`` or of ``scored.documents`` (one
        value per article: ``outlet``, ``outlet_id``, ``date``, or a column you supplied in
        a table input or a manifest, such as ``outlet_type`` or ``region``), or
        ``"period"``: the article's ``date`` cut into periods (``period=``), unless a column
        of that name exists.
    frames:
        Frame ids to analyse (default: all ``frame_*`` columns, in codebook order).
    include_duplicates:
        Keep sentences of articles flagged as duplicates (``duplicate_of`` non-empty);
        by default they are left out, and the robustness table reports the difference.
    keep_unknown:
        Articles whose group is ``unknown`` (an outlet no rule identified) or empty are left
        out by default, and their number is in ``notes`` and ``params["left_out"]``;
        ``True`` keeps them as one group named ``unknown``.
    min_articles, small_groups:
        Groups with fewer than ``min_articles`` articles are left out (``small_groups=
        "drop"``) or pooled into one group ``other`` (``"merge"``; if the pooled group is
        still smaller than ``min_articles`` it is left out too). Either is recorded in
        ``notes`` and ``params["left_out"]``. With the default 1 every group stays, and a
        single group with one article makes the sentence the unit of every test (the note
        names that group); ``min_articles=2`` keeps the article as the unit.
    period:
        With ``by="period"``: ``year``, ``quarter``, ``month`` (default), ``week`` (ISO)
        or ``day``; articles without a readable date count as unknown.
    seed:
        Seed of every bootstrap and Monte Carlo draw.
    n_boot, n_mc:
        Bootstrap resamples (sentence means, Cliff's delta); Monte Carlo draws for
        Fisher-Freeman-Halton p.
    exact_max_tables:
        Enumerate the exact FFH p when at most about this many tables share the margins.
    confidence, alpha:
        Level of the intervals of means, shares and ratios; the significance level of the
        decisions (robustness, the report). Intervals of chi-square effect sizes (V,
        eta^2_H) are dual to their test at ``alpha``: each bound one-sided ``1 - alpha``,
        together a ``1 - 2 alpha`` interval.
    reference:
        Reference group of the regression models (default: the first group).
    models:
        Fit the logistic and count regressions (``frame_logit``, ``frame_rate``).
    stopwords, min_count, keyness_prior, keyness_alpha0, top_n:
        Keyness options, see :func:`framing.comparison.keyness.keyness_table`
        (``stopwords=None``: the set's own ``stopwords.txt`` when ``scored.lexicons`` was
        loaded from a folder that has one, else the bundled list).
    robustness:
        Compute the robustness table (drop-one-term, without ``robustness_drop`` groups,
        with/without duplicates), at the unit of the main frame test.
    robustness_drop:
        Groups (matched on ``<by>``, ``outlet`` or ``outlet_id``) left out in the
        ``without_outlets`` scenario; by default the web repost. When none of them is among
        the analysed articles the scenario is skipped, and ``notes`` says so.
    frame_threshold:
        Weight a sentence's counted cues of a frame must reach for the frame to be present,
        used when presence is recomputed from ``hits`` in the drop-one-term analysis
        (default: ``scored.frame_threshold``, ``scored.params["frame_threshold"]`` or
        ``scored.lexicons.threshold``, else 1.0).
    progress:
        Show a progress bar of the tests on stderr (default: when stderr is a terminal).

    Returns
    -------
    Comparison
        See :class:`Comparison` for every table and column.
    """
    seed = check_seed(seed)
    sentences_all = getattr(scored, "sentences", None)
    if not isinstance(sentences_all, pd.DataFrame):
        raise InputError("compare() needs a scored object with a .sentences DataFrame")
    missing = [c for c in REQUIRED_SENTENCE_COLUMNS if c not in sentences_all]
    if missing:
        raise InputError(
            f"scored.sentences lacks column(s) {', '.join(missing)}; "
            f"score the corpus with framing.score() or add them"
        )
    if small_groups not in ("drop", "merge"):
        raise InputError(f"small_groups={small_groups!r}: use 'drop' or 'merge'")
    if isinstance(min_articles, bool) or not isinstance(min_articles, int | np.integer) or min_articles < 1:
        raise InputError(f"min_articles={min_articles!r}: a whole number of at least 1, e.g. 2")
    frame_ids = list(frames) if frames is not None else _frame_ids(scored, sentences_all)
    unknown = [f for f in frame_ids if f"frame_{f}" not in sentences_all]
    if unknown:
        raise InputError(f"no frame_<id> column for frame(s) {', '.join(unknown)}")
    documents = getattr(scored, "documents", None)
    hits = getattr(scored, "hits", None)
    notes: list[str] = []
    sentences_all = sentences_all.assign(
        **{by: _group_values(sentences_all, documents, by, period)}
    )

    dup_docs = _duplicate_docs(documents, sentences_all)
    excluded_docs = _excluded_docs(documents)
    base = sentences_all[~sentences_all["doc_id"].isin(excluded_docs)]
    left_out: dict[str, Any] = {}
    # articles of unknown group, then groups too small: decided on the analysed articles
    # and applied to the duplicates too (which the robustness table may add back)
    base, gone, note = _unknown_groups(base, by, keep_unknown, dup_docs if not include_duplicates else set())
    if gone:
        left_out["unknown"] = gone
        notes.append(note)
    base, small, note = _small_groups(
        base, by, min_articles, small_groups, dup_docs if not include_duplicates else set()
    )
    if small:
        left_out["small_groups"] = small
        notes.append(note)
    if dup_docs and not include_duplicates:
        dropped = base["doc_id"].isin(dup_docs)
        if dropped.any():
            notes.insert(0,
                f"{int(dropped.sum())} sentences of {base.loc[dropped, 'doc_id'].nunique()} "
                "article(s) flagged as duplicates left out (include_duplicates=True keeps them)"
            )
        sentences = base[~dropped]
    else:
        sentences = base
    sentences = sentences.reset_index(drop=True)
    threshold = frame_threshold if frame_threshold is not None else _threshold_of(scored)

    params = dict(
        by=by,
        frames=frame_ids,
        include_duplicates=include_duplicates,
        keep_unknown=keep_unknown,
        min_articles=int(min_articles),
        small_groups=small_groups,
        seed=seed,
        n_boot=n_boot,
        n_mc=n_mc,
        exact_max_tables=exact_max_tables,
        confidence=confidence,
        alpha=alpha,
        reference=reference,
        min_count=min_count,
        keyness_prior=keyness_prior,
        keyness_alpha0=keyness_alpha0,
        top_n=top_n,
        robustness_drop=list(robustness_drop),
        frame_threshold=threshold,
        left_out=left_out,
    )
    if by == "period" and "period" not in scored.sentences.columns:
        params["period"] = period
    ctx = _Context(
        sentences=sentences,
        by=by,
        frame_ids=frame_ids,
        seed=seed,
        n_boot=n_boot,
        n_mc=n_mc,
        exact_max_tables=exact_max_tables,
        confidence=confidence,
        alpha=alpha,
    )
    notes.append(ctx.unit_note)
    # with fewer than two groups there is nothing to compare: the descriptive tables only
    comparable = len(ctx.levels) >= 2
    if not comparable:
        notes.append(_one_group_note(ctx.levels))
    bar = _progress_bar(
        progress,
        total=len(frame_ids) * (1 + int(ctx.unit == "article") + int(robustness)) if comparable else 0,
    )

    frames_table = _frames_table(ctx)
    sentiment_table = _sentiment_table(ctx)
    rows: list[dict[str, Any]] = []
    frame_tests = {}
    for f in frame_ids if comparable else []:
        row, res = _frame_chi2_row(ctx, f)
        rows.append(row)
        frame_tests[f] = res
        bar.update(1)
    if comparable and ctx.unit == "article":
        for f in frame_ids:
            row, res = _frame_article_row(ctx, f)
            rows.append(row)
            frame_tests[f] = res  # the claim about the groups, and what robustness re-tests
            bar.update(1)
    if comparable and models:
        rows += _model_rows(ctx, reference)
    if comparable:
        rows += _evaluation_rows(ctx)
    # a trained frame model's codes (model_<id>): the same frame tests, families *_model
    model_ids = [f for f in frame_ids if f"model_{f}" in sentences.columns]
    model_frames = None
    if model_ids:
        from framing.comparison.model_frames import model_frame_rows, model_frames_table

        model_frames = model_frames_table(ctx, model_ids)
        rows += model_frame_rows(ctx, model_ids) if comparable else []
    tests = pd.DataFrame(rows, columns=TEST_COLUMNS)
    tests["p_adj"] = np.nan
    for _, idx in tests.groupby("analysis", sort=False).groups.items():
        tests.loc[idx, "p_adj"] = st.benjamini_hochberg(tests.loc[idx, "p"].to_numpy(float))
    residuals = _residuals_table(ctx) if comparable else _empty_table([by, *RESIDUAL_COLUMNS], {by, "frame"})
    if stopwords is None:
        stopwords = _lexicon_stopwords(scored)
    key = kw.keyness_table(
        sentences if comparable else sentences.iloc[:0],
        by,
        stopwords=stopwords,
        min_count=min_count,
        prior=keyness_prior,
        alpha0=keyness_alpha0,
        top_n=top_n,
    ).rename(columns={"group": by})
    robust = pd.DataFrame(columns=ROBUSTNESS_COLUMNS)
    if robustness and comparable:
        robust, robust_notes = _robustness(
            ctx,
            frame_tests,
            alpha=alpha,
            hits=hits,
            threshold=threshold,
            drop_groups=robustness_drop,
            base=base,
            dup_docs=dup_docs,
            include_duplicates=include_duplicates,
            bar=bar,
        )
        notes += robust_notes
    bar.close()
    voices = None
    if "voice" in scored.sentences.columns:
        # Who voices the frames: journalist or quoted sources (framing.comparison.voices).
        from framing.comparison.voices import compare_voices

        analysed = SimpleNamespace(
            sentences=base,  # the groups as compared: unknown and small groups handled
            documents=documents,
            sources=getattr(scored, "sources", None),
            frame_ids=frame_ids,
        )
        voices = compare_voices(
            analysed, by, frames=frame_ids, include_duplicates=include_duplicates, seed=seed,
            n_boot=n_boot, n_mc=n_mc, exact_max_tables=exact_max_tables, confidence=confidence,
            alpha=alpha,
        )
    return Comparison(
        frames=frames_table,
        sentiment=sentiment_table,
        tests=tests,
        residuals=residuals,
        keyness=key,
        robustness=robust,
        by=by,
        unit=ctx.unit,
        groups=list(ctx.levels),
        notes=notes,
        params=params,
        voices=voices,
        articles=sentences.drop_duplicates("doc_id").set_index("doc_id")[by].rename(by),
        frame_labels={
            f.id: f"{f.label_zh} {f.label_en}"
            for f in getattr(getattr(scored, "lexicons", None), "frames", ())
        },
        model_frames=model_frames,
    )


def _group_values(
    sentences: pd.DataFrame, documents: Any, by: str, period: str
) -> pd.Series:
    """The group of every sentence: its own ``by`` column, else its article's (documents),
    else, for ``by="period"``, its article's date cut into periods."""
    if by in sentences.columns:
        return sentences[by]
    docs = documents if isinstance(documents, pd.DataFrame) and "doc_id" in documents else None
    if docs is not None and by in docs.columns:
        return sentences["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")[by])
    if by == "period":
        if "date" in sentences.columns:
            dates = sentences["date"]
        elif docs is not None and "date" in docs.columns:
            dates = sentences["doc_id"].map(docs.drop_duplicates("doc_id").set_index("doc_id")["date"])
        else:
            raise InputError("by='period' needs the articles' dates (a 'date' column); fix: give dates "
                             "in the input table or manifest, or compare by another column")
        return period_of(dates, period)
    columns = sorted(set(sentences.columns) | (set(docs.columns) if docs is not None else set()))
    plain = [c for c in columns if not c.startswith(("frame_", "hits_", "weight_", "share_", "rate_"))]
    raise InputError(
        f"by={by!r}: no such column in the sentences or documents; fix: use one of "
        f"{', '.join(plain)}, or 'period' (from the dates)"
    )


def period_of(dates: pd.Series, period: str = "month") -> pd.Series:
    """ISO dates (``YYYY-MM-DD``, other forms pandas reads) as period labels: ``2024``,
    ``2024Q1``, ``2024-02``, ``2024-W08`` (ISO week) or ``2024-02-22``; empty or unreadable
    dates give missing values."""
    if period not in PERIODS:
        raise InputError(f"period={period!r}: use one of {', '.join(PERIODS)}")
    text = dates.astype(object).where(dates.notna(), "").astype(str).str.strip()
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", format="ISO8601")
    retry = parsed.isna() & (text != "")
    if retry.any():
        parsed = parsed.where(~retry, pd.to_datetime(text[retry], errors="coerce", format="mixed"))
    out = pd.Series(pd.NA, index=dates.index, dtype=object)
    ok = parsed.notna()
    d = parsed[ok]
    if period == "year":
        lab = d.dt.strftime("%Y")
    elif period == "quarter":
        lab = d.dt.year.astype(str) + "Q" + d.dt.quarter.astype(str)
    elif period == "month":
        lab = d.dt.strftime("%Y-%m")
    elif period == "week":
        iso = d.dt.isocalendar()
        lab = iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)
    else:
        lab = d.dt.strftime("%Y-%m-%d")
    out[ok] = lab.astype(str)
    return out


def _unknown_groups(
    sentences: pd.DataFrame, by: str, keep: bool, not_counted: set[str]
) -> tuple[pd.DataFrame, dict[str, int], str]:
    """Sentences whose group is unknown or empty: left out, or one group ``unknown``.

    Returns the sentences, the articles and sentences left out (those of ``not_counted``
    articles, duplicates left out anyway, are not counted) and the note."""
    values = sentences[by]
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    missing = (text == "").to_numpy()
    unknown = missing | (text == UNKNOWN_GROUP).to_numpy()
    if keep:
        if missing.any():
            sentences = sentences.assign(**{by: values.astype(object).where(~missing, UNKNOWN_GROUP)})
        return sentences, {}, ""
    counted = unknown & ~sentences["doc_id"].isin(not_counted).to_numpy()
    if not counted.any():
        return sentences[~unknown], {}, ""
    gone = {
        "articles": int(sentences.loc[counted, "doc_id"].nunique()),
        "sentences": int(counted.sum()),
    }
    note = (
        f"{gone['articles']} article(s) ({gone['sentences']} sentences) whose {by} is unknown "
        "left out of the comparison (keep_unknown=True keeps them as a group)"
    )
    return sentences[~unknown], gone, note


def _small_groups(
    sentences: pd.DataFrame, by: str, min_articles: int, how: str, not_counted: set[str]
) -> tuple[pd.DataFrame, dict[str, int], str]:
    """Groups with fewer than ``min_articles`` analysed articles (``not_counted`` ones, the
    duplicates left out, do not count): left out, or pooled into one group ``other``."""
    if min_articles <= 1 or sentences.empty:
        return sentences, {}, ""
    analysed = sentences[~sentences["doc_id"].isin(not_counted)]
    per = analysed.groupby(by, sort=False)["doc_id"].nunique()
    small = per[per < min_articles]
    if small.empty:
        return sentences, {}, ""
    listed = ", ".join(f"{g} ({n})" for g, n in small.items())
    counts = {str(g): int(n) for g, n in small.items()}
    is_small = sentences[by].isin(set(small.index))
    if how == "merge":
        label = OTHER_GROUP if OTHER_GROUP not in set(per.index) else f"{OTHER_GROUP} (merged)"
        pooled = int(small.sum())
        note = (
            f"{len(small)} {by} group(s) with fewer than {min_articles} articles pooled into "
            f"'{label}' ({pooled} articles): {listed}"
        )
        if pooled >= min_articles:
            return sentences.assign(**{by: sentences[by].astype(object).where(~is_small, label)}), counts, note
        note += f"; '{label}' still has fewer than {min_articles} articles and is left out"
        return sentences[~is_small], counts, note
    note = (
        f"{len(small)} {by} group(s) with fewer than {min_articles} articles left out "
        f"(min_articles={min_articles}; small_groups='merge' pools them): {listed}"
    )
    return sentences[~is_small], counts, note


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(progress: bool | None, total: int) -> Any:
    """A tqdm bar over the frame tests on stderr (by default only on a terminal)."""
    import sys

    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total <= 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="tests", unit="test", file=sys.stderr, leave=False)


def check_seed(seed: object) -> int:
    """The seed as an int: a whole number from 0 to 2**63 - 1, else ``InputError``."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= int(seed) < 2**63:
        raise InputError(f"--seed {seed}: a seed is a whole number from 0 to 2**63 - 1; fix: e.g. --seed {DEFAULT_SEED}")
    return int(seed)


def _one_group_note(levels: list[Any]) -> str:
    """The caveat of a comparison with fewer than two groups."""
    which = f"one group ({levels[0]})" if levels else "no group"
    return (
        f"{which}: nothing to compare; only the descriptive tables (frames, sentiment) are "
        "filled, without tests, residuals, keyness or robustness"
    )


def _empty_table(columns: list[str], text: set[str]) -> pd.DataFrame:
    """A table without rows whose number columns are float (so it sorts and filters like a
    filled one)."""
    return pd.DataFrame({c: pd.Series(dtype=object if c in text else "float64") for c in columns})


def _lexicon_stopwords(scored: Any) -> set[str] | None:
    """The stopwords of the lexicon set the sentences were scored with (a researcher's own
    ``stopwords.txt``), or None for the bundled list."""
    words = getattr(getattr(scored, "lexicons", None), "stopwords", None)
    return None if words is None else set(words)


def _threshold_of(scored: Any) -> float:
    """The frame threshold the scorer used: ``scored.frame_threshold``,
    ``scored.params["frame_threshold"]`` or ``scored.lexicons.threshold``; else 1.0."""
    candidates = [
        getattr(scored, "frame_threshold", None),
        (getattr(scored, "params", None) or {}).get("frame_threshold")
        if isinstance(getattr(scored, "params", None), dict)
        else None,
        getattr(getattr(scored, "lexicons", None), "threshold", None),
    ]
    for value in candidates:
        if isinstance(value, int | float) and value > 0:
            return float(value)
    return 1.0


def _duplicate_docs(documents: Any, sentences: pd.DataFrame) -> set[str]:
    docs: set[str] = set()
    for table in (documents, sentences):
        if isinstance(table, pd.DataFrame) and "duplicate_of" in table:
            flag = table["duplicate_of"].fillna("").astype(str).str.strip() != ""
            docs |= set(table.loc[flag, "doc_id"])
    return docs


def _excluded_docs(documents: Any) -> set[str]:
    if not isinstance(documents, pd.DataFrame) or "status" not in documents:
        return set()
    # Duplicates are handled separately (they may be kept on request).
    flag = documents["status"].astype(str) == "excluded"
    if "duplicate_of" in documents:
        flag &= documents["duplicate_of"].fillna("").astype(str).str.strip() == ""
    return set(documents.loc[flag, "doc_id"])


@dataclass
class _Context:
    """The analysed sentences and everything derived from them once."""

    sentences: pd.DataFrame
    by: str
    frame_ids: list[str]
    seed: int
    n_boot: int
    n_mc: int
    exact_max_tables: int
    confidence: float
    alpha: float = 0.05

    def __post_init__(self) -> None:
        s = self.sentences
        self.levels: list[Any] = list(dict.fromkeys(s[self.by].tolist()))
        self.groups = s[self.by].to_numpy()
        self.articles_per_group = s.groupby(self.by, sort=False)["doc_id"].nunique()
        min_articles = int(self.articles_per_group.min()) if len(s) else 0
        self.unit = "article" if min_articles >= 2 else "sentence"
        self.clusters = s["doc_id"].to_numpy() if self.unit == "article" else None
        if self.unit == "sentence":
            self.unit_note = SENTENCE_UNIT_NOTE
            if len(self.articles_per_group) and self.articles_per_group.max() > 1:
                single = [str(g) for g, n in self.articles_per_group.items() if n < 2]
                shown = ", ".join(single[:5]) + (f" and {len(single) - 5} more" if len(single) > 5 else "")
                self.unit_note = (
                    f"{len(single)} group(s) with a single article ({shown}): the unit is the "
                    "sentence; the result describes these articles and cannot generalise to the "
                    "groups (min_articles=2 leaves such groups out, small_groups='merge' pools "
                    "them, and the article stays the unit)"
                )
        else:
            g = int(s["doc_id"].nunique())
            self.unit_note = (
                f"{g} articles in {len(self.levels)} groups "
                f"({min_articles}-{int(self.articles_per_group.max())} per group): "
                "article-level tests and article-clustered SEs"
            )

    def present(self, frame: str, sentences: pd.DataFrame | None = None) -> np.ndarray:
        s = self.sentences if sentences is None else sentences
        return s[f"frame_{frame}"].fillna(False).astype(bool).to_numpy()

    @property
    def groups_label(self) -> str:
        return ", ".join(map(str, self.levels))


def _frames_table(ctx: _Context) -> pd.DataFrame:
    s = ctx.sentences
    rows = []
    for g in ctx.levels:
        sub = s[ctx.groups == g]
        tokens = int(sub["n_tokens"].fillna(0).sum())
        for f in ctx.frame_ids:
            k = int(ctx.present(f, sub).sum())
            n = len(sub)
            hits = int(sub[f"hits_{f}"].fillna(0).sum()) if f"hits_{f}" in sub else math.nan
            low, high = st.wilson_ci(k, n, ctx.confidence)
            rows.append(
                {
                    ctx.by: g,
                    "frame": f,
                    "n_articles": int(sub["doc_id"].nunique()),
                    "n_sentences": n,
                    "n_with_frame": k,
                    "share": k / n if n else math.nan,
                    "ci_low": float(low),
                    "ci_high": float(high),
                    "hits": hits,
                    "n_tokens": tokens,
                    "hits_per_1k_tokens": 1000 * hits / tokens if tokens else math.nan,
                }
            )
    return pd.DataFrame(rows, columns=[ctx.by, *FRAME_COLUMNS])


def _sentiment_table(ctx: _Context) -> pd.DataFrame:
    s = ctx.sentences
    rows = []
    for measure in ("sentiment", "tone"):
        if measure not in s:
            continue
        for g in ctx.levels:
            sub = s[ctx.groups == g]
            v = sub[measure].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            gen = _rng(ctx.seed, "mean", measure, g)
            vv = v[ok]
            if ctx.unit == "article":
                # a cluster bootstrap over a few articles has a handful of distinct resamples
                ci = st.cluster_mean_ci(v, sub["doc_id"].to_numpy(), ctx.confidence)
                how = (
                    "CR1 cluster-robust t interval over the group's articles "
                    "(df = articles - 1)"
                )
            elif vv.size >= MIN_BOOTSTRAP_N and ctx.n_boot > 0:
                ci = st.bootstrap_mean_ci(
                    v, n_resamples=ctx.n_boot, confidence=ctx.confidence, rng=gen
                )
                how = (
                    "percentile bootstrap, sentences resampled (one article per outlet) "
                    f"({ctx.n_boot} resamples)"
                )
            else:
                ci = _t_interval(vv, ctx.confidence)
                how = f"t interval (fewer than {MIN_BOOTSTRAP_N} sentences for a bootstrap)"
            rows.append(
                {
                    ctx.by: g,
                    "measure": measure,
                    "n_articles": int(sub.loc[ok, "doc_id"].nunique()),
                    "n": int(ok.sum()),
                    "mean": float(vv.mean()) if vv.size else math.nan,
                    "sd": float(vv.std(ddof=1)) if vv.size > 1 else math.nan,
                    "median": float(np.median(vv)) if vv.size else math.nan,
                    "ci_low": ci[0],
                    "ci_high": ci[1],
                    "ci_method": how,
                }
            )
    return pd.DataFrame(rows, columns=[ctx.by, *SENTIMENT_COLUMNS])


def _t_interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    if values.size < 2:
        return math.nan, math.nan
    half = float(sps.t.ppf(0.5 + confidence / 2, values.size - 1)) * float(
        values.std(ddof=1) / math.sqrt(values.size)
    )
    return float(values.mean() - half), float(values.mean() + half)


def _frame_chi2_row(ctx: _Context, frame: str) -> tuple[dict[str, Any], _FrameTest]:
    res = _frame_test(
        ctx.present(frame),
        ctx.groups,
        ctx.levels,
        with_ci=True,
        alpha=ctx.alpha,
        n_mc=ctx.n_mc,
        exact_max_tables=ctx.exact_max_tables,
        rng_key=("chi2", frame),
        seed=ctx.seed,
    )
    unit_note = ctx.unit_note if ctx.unit == "sentence" else CLUSTER_IGNORED_NOTE
    row = _test_row(
        analysis="frame_chi2",
        outcome=frame,
        groups=ctx.groups_label,
        unit="sentence",
        n=res.n,
        statistic=res.statistic,
        df=res.df if res.df else math.nan,
        p=res.p,
        effect=res.effect,
        effect_name="Cramer's V (Bergsma bias-corrected)",
        ci_low=res.ci[0],
        ci_high=res.ci[1],
        method=res.method or "Pearson chi-square",
        note=_join_notes(res.note, unit_note),
    )
    return row, res


ETA_H_NAME = "eta squared (H)"
ETA_H_TEXT = "eta^2_H = (H - k + 1)/(n - k), clipped at 0"


def _article_frame_test(
    present: np.ndarray, groups: np.ndarray, doc_ids: np.ndarray, levels: list[Any], alpha: float
) -> _FrameTest:
    """Kruskal-Wallis on the per-article share of sentences with the frame, eta^2_H and its
    interval dual to the test (the article-level frame test)."""
    art = (
        pd.DataFrame({"g": groups, "d": doc_ids, "y": present.astype(float)})
        .groupby(["g", "d"], sort=False)["y"]
        .mean()
        .reset_index()
    )
    samples = [art.loc[art["g"] == g, "y"].to_numpy() for g in levels]
    kwr = st.kruskal_wallis(samples)
    if not np.isfinite(kwr.statistic):
        return _FrameTest(
            math.nan, kwr.df, math.nan, math.nan, math.nan, (math.nan, math.nan), "",
            "no variation in article shares: nothing to test", kwr.n,
        )
    ci = st.kruskal_eta_squared_ci(kwr.statistic, kwr.n, kwr.k, alpha)
    method = (
        "Kruskal-Wallis on the share of each article's sentences with the frame; "
        f"{ETA_H_TEXT}; CI: {_ncp_ci_text(alpha)}"
    )
    return _FrameTest(
        kwr.statistic, kwr.df, kwr.p, kwr.p, max(0.0, kwr.eta_squared), ci, method, "", kwr.n
    )


def _frame_article_row(ctx: _Context, frame: str) -> tuple[dict[str, Any], _FrameTest]:
    """The article-level frame test as a row of the tests table."""
    res = _article_frame_test(
        ctx.present(frame), ctx.groups, ctx.sentences["doc_id"].to_numpy(), ctx.levels, ctx.alpha
    )
    row = _test_row(
        analysis="frame_article",
        outcome=frame,
        groups=ctx.groups_label,
        unit="article",
        n=res.n,
        statistic=res.statistic,
        df=res.df,
        p=res.p,
        effect=res.effect,
        effect_name=ETA_H_NAME,
        ci_low=res.ci[0],
        ci_high=res.ci[1],
        method=res.method or "Kruskal-Wallis on the share of each article's sentences with the frame",
        note=_join_notes(res.note, _few_articles_note(ctx)),
    )
    return row, res


def _few_articles_note(ctx: _Context) -> str:
    small = int(ctx.articles_per_group.min())
    if small < 5:
        return f"only {small} article(s) in the smallest group: low power, coarse p"
    return ""


def _wald_text(confidence: float, alpha: float) -> str:
    if math.isclose(confidence, 1 - alpha):
        return f"Wald CI ({confidence:.0%}), dual to the test"
    return f"Wald CI ({confidence:.0%}), dual to a test at {1 - confidence:g}, not at alpha = {alpha:g}"


def _ratio_rows(
    table: pd.DataFrame, analysis: str, outcome: str, effect_name: str,
    method: Callable[[pd.Series], str], note: str,
) -> list[dict[str, Any]]:
    """Test rows from a table of :mod:`framing.comparison.models` (one row per group)."""
    return [
        _test_row(
            analysis=analysis,
            outcome=outcome,
            groups=f"{r['group']} vs {r['reference']}",
            unit="sentence",
            n=r["n"],
            statistic=r["z"],
            p=r["p"],
            effect=r["ratio"],
            effect_name=effect_name,
            ci_low=r["ci_low"],
            ci_high=r["ci_high"],
            method=method(r),
            note=_join_notes(r["note"], note),
        )
        for _, r in table.iterrows()
    ]


def _model_rows(ctx: _Context, reference: Any) -> list[dict[str, Any]]:
    s = ctx.sentences
    rows = []
    cluster = "doc_id" if ctx.unit == "article" else None
    se_text = "article-clustered (CRV1) SEs" if cluster else "model-based SEs"
    wald = _wald_text(ctx.confidence, ctx.alpha)
    for f in ctx.frame_ids:
        data = s.assign(_y=ctx.present(f))
        logit = md.logit_by_group(
            data,
            "_y",
            ctx.by,
            reference=reference,
            order=ctx.levels,
            covariate="n_tokens",
            cluster=cluster,
            confidence=ctx.confidence,
        )
        note_unit = ctx.unit_note if cluster is None else ""
        rows += _ratio_rows(
            logit, "frame_logit", f, "odds ratio",
            lambda r: f"logistic GLM: frame present ~ {ctx.by} + log(tokens); Wald z; {se_text}; {wald}",
            note_unit,
        )
        if f"hits_{f}" not in s:
            continue
        rate = md.count_by_group(
            s,
            f"hits_{f}",
            "n_tokens",
            ctx.by,
            reference=reference,
            order=ctx.levels,
            cluster=cluster,
            confidence=ctx.confidence,
        )
        rows += _ratio_rows(
            rate, "frame_rate", f, "rate ratio (hits per token)",
            lambda r: f"{r['model'] or 'poisson'} GLM: hits ~ {ctx.by} + offset(log tokens);"
            f" Wald z; {se_text}; {wald}",
            note_unit,
        )
    return rows


def _evaluation_rows(ctx: _Context) -> list[dict[str, Any]]:
    s = ctx.sentences
    rows: list[dict[str, Any]] = []
    for measure in ("sentiment", "tone"):
        if measure not in s:
            continue
        if ctx.unit == "article":
            values = s.groupby([ctx.by, "doc_id"], sort=False)[measure].mean().reset_index()
            unit, how = "article", f"article means of sentence {measure}"
        else:
            values = s[[ctx.by, "doc_id", measure]]
            unit, how = "sentence", f"sentence {measure}"
        samples = [values.loc[values[ctx.by] == g, measure].to_numpy(float) for g in ctx.levels]
        kwr = st.kruskal_wallis(samples)
        ci = (math.nan, math.nan)
        if np.isfinite(kwr.statistic):
            ci = st.kruskal_eta_squared_ci(kwr.statistic, kwr.n, kwr.k, ctx.alpha)
        unit_note = ctx.unit_note if unit == "sentence" else _few_articles_note(ctx)
        degenerate = "" if np.isfinite(kwr.statistic) else "fewer than two groups or no variation"
        rows.append(
            _test_row(
                analysis="evaluation_kw",
                outcome=measure,
                groups=ctx.groups_label,
                unit=unit,
                n=kwr.n,
                statistic=kwr.statistic,
                df=kwr.df,
                p=kwr.p,
                effect=max(0.0, kwr.eta_squared) if np.isfinite(kwr.statistic) else math.nan,
                effect_name=ETA_H_NAME,
                ci_low=ci[0],
                ci_high=ci[1],
                method=f"Kruskal-Wallis (tie-corrected) on {how}; {ETA_H_TEXT}; "
                f"CI: {_ncp_ci_text(ctx.alpha)}",
                note=_join_notes(degenerate, unit_note),
            )
        )
        if not np.isfinite(kwr.statistic):
            continue
        for d in st.dunn_test(samples, ctx.levels):
            i, j = ctx.levels.index(d["group1"]), ctx.levels.index(d["group2"])
            delta = st.cliffs_delta(samples[i], samples[j])
            dci = (math.nan, math.nan)
            small = min(d["n1"], d["n2"]) < MIN_BOOTSTRAP_N
            if ctx.n_boot > 0 and not small:
                dci = st.cliffs_delta_ci(
                    samples[i],
                    samples[j],
                    n_resamples=ctx.n_boot,
                    confidence=ctx.confidence,
                    rng=_rng(ctx.seed, "dunn", measure, d["group1"], d["group2"]),
                )
            ci_text = (
                f"no CI: fewer than {MIN_BOOTSTRAP_N} {unit}s in a group for a bootstrap"
                if small
                else "Cliff's delta with percentile bootstrap CI, not dual to the test (Dunn's "
                "z ranks all groups together, delta compares two)"
            )
            rows.append(
                _test_row(
                    analysis=f"dunn_{measure}",
                    outcome=measure,
                    groups=f"{d['group1']} vs {d['group2']}",
                    unit=unit,
                    n=d["n1"] + d["n2"],
                    statistic=d["z"],
                    p=d["p"],
                    effect=delta,
                    effect_name="Cliff's delta (first vs second)",
                    ci_low=dci[0],
                    ci_high=dci[1],
                    method=f"Dunn's test (ranks of all groups, tie-corrected); {ci_text}",
                    note=unit_note,
                )
            )
    return rows


def _residuals_table(ctx: _Context) -> pd.DataFrame:
    rows = []
    for f in ctx.frame_ids:
        table = _presence_table(ctx.present(f), ctx.groups, ctx.levels)
        n = table.sum()
        expected = table.sum(axis=1) * table[:, 0].sum() / n if n else np.full(len(table), np.nan)
        res = st.haberman_residuals(table)[:, 0]
        for i, g in enumerate(ctx.levels):
            z = res[i]
            rows.append(
                {
                    ctx.by: g,
                    "frame": f,
                    "observed": int(table[i, 0]),
                    "expected": float(expected[i]),
                    "residual": float(z),
                    "p": float(2 * sps.norm.sf(abs(z))) if np.isfinite(z) else math.nan,
                }
            )
    out = pd.DataFrame(rows, columns=[ctx.by, *RESIDUAL_COLUMNS[:-1]])
    m = int(out["p"].notna().sum())
    out["p_bonferroni"] = np.minimum(out["p"] * m, 1.0)
    return out


# --------------------------------------------------------------------------- robustness
def _counted_frame_hits(hits: Any, sentences: pd.DataFrame) -> pd.DataFrame | None:
    if not isinstance(hits, pd.DataFrame) or hits.empty:
        return None
    need = {"doc_id", "sent_id", "layer", "label", "term"}
    if not need <= set(hits.columns):
        return None
    h = hits[hits["layer"].astype(str) == "frame"]
    if "negated" in h:
        h = h[~h["negated"].fillna(False).astype(bool)]
    for flag in ("excluded", "blocked"):
        if flag in h:
            h = h[~h[flag].fillna(False).astype(bool)]
    if "counted" in h:
        h = h[h["counted"].fillna(True).astype(bool)]
    # ``score`` (what a match adds to its frame) when the scorer gives it, else the weight
    if "score" in h:
        h = h.assign(weight=h["score"].astype(float))
    else:
        h = h.assign(weight=h["weight"].astype(float) if "weight" in h else 1.0)
    keys = sentences[["doc_id", "sent_id"]].drop_duplicates()
    return h.merge(keys, on=["doc_id", "sent_id"], how="inner")


def _presence_from_hits(
    hits: pd.DataFrame, sentences: pd.DataFrame, frame: str, threshold: float, drop: str | None
) -> np.ndarray:
    h = hits[hits["label"] == frame]
    if drop is not None:
        h = h[h["term"] != drop]
    weight = h.groupby(["doc_id", "sent_id"])["weight"].sum()
    idx = pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]])
    return (weight.reindex(idx).fillna(0.0).to_numpy() >= threshold - 1e-9).astype(bool)


def _robust_row(
    frame: str,
    scenario: str,
    unit: str,
    dropped: str,
    res: _FrameTest,
    baseline: _FrameTest,
    alpha: float,
    *,
    n_variants: int = 1,
    same: bool | None = None,
    worst_p: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    if same is None:
        same = _decision(res.p, alpha) == _decision(baseline.p, alpha)
    return dict(
        frame=frame,
        scenario=scenario,
        unit=unit,
        dropped=dropped,
        n=res.n,
        statistic=res.statistic,
        p=res.p,
        effect=res.effect,
        baseline_p=baseline.p,
        baseline_effect=baseline.effect,
        change=res.effect - baseline.effect,
        same_decision=same,
        n_variants=n_variants,
        worst_p=res.p if worst_p is None else worst_p,
        note=_join_notes(res.note, note),
    )


def _decision(p: float, alpha: float) -> bool | None:
    return None if not np.isfinite(p) else bool(p < alpha)


def _robustness(
    ctx: _Context,
    baseline: dict[str, _FrameTest],
    *,
    alpha: float,
    hits: Any,
    threshold: float,
    drop_groups: Sequence[str],
    base: pd.DataFrame,
    dup_docs: set[str],
    include_duplicates: bool,
    bar: Any = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The robustness table, each scenario re-tested at the unit of the main frame test
    (the article-level test when every group has two articles or more), and the notes of
    scenarios skipped."""
    unit = ctx.unit
    effect_word = "eta^2_H" if unit == "article" else "V"

    def test(present: np.ndarray, frame: pd.DataFrame, key: tuple) -> _FrameTest:
        groups = frame[ctx.by].to_numpy()
        levels = [g for g in ctx.levels if g in set(groups)]
        levels += [g for g in dict.fromkeys(groups.tolist()) if g not in levels]
        if unit == "article":
            return _article_frame_test(present, groups, frame["doc_id"].to_numpy(), levels, alpha)
        return _frame_test(
            present,
            groups,
            levels,
            with_ci=False,
            alpha=alpha,
            n_mc=ctx.n_mc,
            exact_max_tables=ctx.exact_max_tables,
            rng_key=key,
            seed=ctx.seed,
        )

    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    s = ctx.sentences
    counted = _counted_frame_hits(hits, s)
    # 2. which groups the "without" scenario leaves out (the web repost), if any is here
    drop_mask = pd.Series(False, index=s.index)
    for col in dict.fromkeys([ctx.by, "outlet", "outlet_id"]):
        if col in s:
            drop_mask |= s[col].astype(str).isin([str(g) for g in drop_groups])
    if drop_groups and not drop_mask.any():
        notes.append(
            f"robustness: no article of {', '.join(map(str, drop_groups))} among the analysed "
            "ones, so the scenario without them was skipped"
        )
    for f in ctx.frame_ids:
        b = baseline[f]
        # 1. drop each frame term in turn, presence recomputed from the hits
        if counted is None:
            rows.append(
                _robust_row(
                    f, "drop_term", unit, "", b, b, alpha, n_variants=0,
                    note="no hits table: skipped",
                )
            )
        else:
            terms = sorted(set(counted.loc[counted["label"] == f, "term"]))
            full = _presence_from_hits(counted, s, f, threshold, None)
            mismatch = int((full != ctx.present(f)).sum())
            ref = test(full, s, ("robust_full", f)) if mismatch else b
            recon = (
                f"presence rebuilt from hits differs from frame_{f} in {mismatch} sentences; "
                "changes are measured against the rebuilt presence"
                if mismatch
                else ""
            )
            if not terms:
                rows.append(
                    _robust_row(
                        f, "drop_term", unit, "", ref, b, alpha, n_variants=0, note="no frame hits"
                    )
                )
            else:
                variants = []
                for t in terms:
                    pres = _presence_from_hits(counted, s, f, threshold, t)
                    variants.append((t, test(pres, s, ("drop", f, t))))
                ps = [v.p for _, v in variants]
                decisions = {_decision(p, alpha) for p in ps}
                same = decisions == {_decision(ref.p, alpha)}

                def influence(
                    item: tuple[str, _FrameTest], ref: _FrameTest = ref
                ) -> tuple[float, float]:
                    # Towards the opposite decision: a larger p when the baseline is
                    # significant, a smaller p when it is not; ties by the change in effect.
                    v = item[1]
                    if not np.isfinite(v.p):
                        return (math.inf, math.inf)
                    toward = v.p - ref.p if ref.p < alpha else ref.p - v.p
                    de = abs(v.effect - ref.effect) if np.isfinite(v.effect) else math.inf
                    return (toward, de)

                term, worst = max(variants, key=influence)
                finite = [p for p in ps if np.isfinite(p)]
                row = _robust_row(
                    f,
                    "drop_term",
                    unit,
                    term,
                    worst,
                    b,
                    alpha,
                    n_variants=len(variants),
                    same=same,
                    worst_p=max(finite) if finite else math.nan,
                    note=_join_notes(
                        recon,
                        f"most influential of {len(variants)} terms: {term} "
                        f"({effect_word} {ref.effect:.3f} -> {worst.effect:.3f})",
                    ),
                )
                if mismatch:
                    row["baseline_p"], row["baseline_effect"] = ref.p, ref.effect
                    row["change"] = worst.effect - ref.effect
                rows.append(row)
        # 2. without some groups (the web repost): skipped when none is here
        if drop_mask.any():
            label = ", ".join(map(str, dict.fromkeys(s.loc[drop_mask, ctx.by])))
            kept = s[~drop_mask.to_numpy()]
            res = test(ctx.present(f, kept), kept, ("without", f))
            rows.append(_robust_row(f, "without_outlets", unit, label, res, b, alpha))
        # 3. with (or without) the duplicates
        dup_in_base = base["doc_id"].isin(dup_docs)
        if dup_in_base.any():
            other = base[~dup_in_base] if include_duplicates else base
            other = other.dropna(subset=[ctx.by])
            res = test(ctx.present(f, other), other, ("duplicates", f))
            scenario = "without_duplicates" if include_duplicates else "with_duplicates"
            rows.append(
                _robust_row(
                    f,
                    scenario,
                    unit,
                    f"{int(base.loc[dup_in_base, 'doc_id'].nunique())} duplicate article(s)",
                    res,
                    b,
                    alpha,
                )
            )
        if bar is not None:
            bar.update(1)
    return pd.DataFrame(rows, columns=ROBUSTNESS_COLUMNS), notes
