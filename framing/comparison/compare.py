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

:func:`compare` gathers its keywords into options objects once
(:class:`~framing.comparison.common.Selection`, :class:`~framing.stats.resampling.Resampling`,
:class:`KeynessOptions`, :class:`~framing.comparison.robustness.RobustnessOptions`) and hands
them to the parts: :mod:`~framing.comparison.frames`, :mod:`~framing.comparison.evaluation`,
:mod:`~framing.comparison.robustness`, :mod:`~framing.comparison.voices` and
:mod:`~framing.comparison.model_frames`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from tqdm import tqdm

# besides what is used here, the names this module offered before its parts moved out
# (marked "re-exported") stay importable from it
from framing.comparison.common import (
    FRAME_IDS,
    MIN_BOOTSTRAP_N,  # noqa: F401 - re-exported
    OTHER_GROUP,  # noqa: F401 - re-exported
    PERIODS,  # noqa: F401 - re-exported
    SENTENCE_UNIT_NOTE,  # noqa: F401 - re-exported
    TEST_COLUMNS,
    UNKNOWN_GROUP,  # noqa: F401 - re-exported
    Analysed,
    GroupTables,
    Selected,
    Selection,
    adjust_by_family,
    empty_table,
    frame_ids_of,
    frames_to_analyse,
    join_notes,
    period_of,  # noqa: F401 - re-exported
    select_sentences,
    test_row,
)
from framing.comparison.evaluation import SENTIMENT_COLUMNS, evaluation_rows, sentiment_table
from framing.comparison.frames import (
    CLUSTER_IGNORED_NOTE,  # noqa: F401 - re-exported
    FRAME_COLUMNS,
    RESIDUAL_COLUMNS,
    FrameTest,
    frame_article_row,
    frame_chi2_row,
    frames_table,
    model_rows,
    residuals_table,
)
from framing.comparison.model_frames import model_frame_rows, model_frames_table
from framing.comparison.robustness import ROBUSTNESS_COLUMNS, RobustnessOptions, robustness_table
from framing.comparison.voices import VoiceComparison, speaker_roles, voice_comparison, voice_inputs
from framing.errors import InputError
from framing.stats.intervals import noncentral_ci_text
from framing.stats.keyness import keyness_table
from framing.stats.ranks import ETA_H_NAME, ETA_H_TEXT  # noqa: F401 - re-exported
from framing.stats.resampling import DEFAULT_SEED, Resampling, check_seed, keyed_rng

__all__ = [
    "DEFAULT_SEED",
    "FRAME_COLUMNS",
    "FRAME_IDS",
    "RESIDUAL_COLUMNS",
    "ROBUSTNESS_COLUMNS",
    "SENTIMENT_COLUMNS",
    "TEST_COLUMNS",
    "Comparison",
    "KeynessOptions",
    "check_seed",
    "compare",
]

REQUIRED_SENTENCE_COLUMNS = ("doc_id", "sent_id", "n_tokens")


@dataclass
class Comparison(GroupTables):
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
    :data:`framing.stats.keyness.KEYNESS_COLUMNS` with ``group`` named after ``by``.

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
    voices: VoiceComparison | None = None
    frame_labels: dict[str, str] = field(default_factory=dict)
    """Frame id -> ``label_zh label_en`` of the lexicons (for figures)."""
    articles: pd.Series | None = None
    """The analysed articles: ``doc_id`` -> group (after unknown and small groups were left
    out or pooled, duplicates left out unless included)."""
    model_frames: pd.DataFrame | None = None
    """With a trained frame model's codes (``model_<id>``): the frames table of the model's
    codes (see :mod:`framing.comparison.model_frames`); None without."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in a stable order (for writing a results bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
        """
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


@dataclass(frozen=True)
class KeynessOptions:
    """The keyness table's options (see :func:`framing.stats.keyness.keyness_table`).

    Parameters
    ----------
    stopwords:
        Terms left out (None: the lexicon set's own ``stopwords.txt``, else the bundled list).
    min_count:
        Fewest occurrences of a term in the whole corpus.
    prior, alpha0:
        The Dirichlet prior of Fightin' Words.
    top_n:
        Terms kept per group.
    """

    stopwords: set[str] | None = None
    min_count: int = 3
    prior: str | float = "informative"
    alpha0: float | None = None
    top_n: int | None = 20

    def params(self) -> dict[str, Any]:
        """The options as :func:`compare` takes them and ``Comparison.params`` records them
        (``stopwords`` is not recorded).

        Returns
        -------
        dict
            ``min_count, keyness_prior, keyness_alpha0, top_n``.
        """
        return dict(
            min_count=self.min_count, keyness_prior=self.prior, keyness_alpha0=self.alpha0,
            top_n=self.top_n,
        )


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
        label, term, negated, weight``), ``.frame_ids`` (frame order), ``.sources`` and
        ``.lexicons`` (the voices, see :func:`framing.comparison.voices.compare_voices`).
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
        Keyness options, see :func:`framing.stats.keyness.keyness_table`
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

    Raises
    ------
    InputError
        When ``scored`` has no sentences or lacks a needed column, the grouping names no
        column, a frame has no column, or an option is out of range.
    """
    resampling = Resampling(seed, n_boot, n_mc, exact_max_tables, confidence)
    sentences = getattr(scored, "sentences", None)
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("compare() needs a scored object with a .sentences DataFrame")
    missing = [c for c in REQUIRED_SENTENCE_COLUMNS if c not in sentences]
    if missing:
        raise InputError(
            f"scored.sentences lacks column(s) {', '.join(missing)}; "
            f"score the corpus with framing.score() or add them"
        )
    selection = Selection(
        by, frames, include_duplicates, keep_unknown, min_articles, small_groups, period
    )
    keyness = KeynessOptions(stopwords, min_count, keyness_prior, keyness_alpha0, top_n)
    robust = RobustnessOptions(robustness, tuple(robustness_drop), frame_threshold)
    return _compare(
        scored, selection, resampling, alpha, keyness, robust,
        reference=reference, models=models, progress=progress,
    )


def _compare(
    scored: Any,
    selection: Selection,
    resampling: Resampling,
    alpha: float,
    keyness: KeynessOptions,
    robust: RobustnessOptions,
    *,
    reference: Any,
    models: bool,
    progress: bool | None,
) -> Comparison:
    """:func:`compare` with its options gathered."""
    by = selection.by
    frame_ids = frames_to_analyse(scored, scored.sentences, selection.frames)
    selected = select_sentences(scored.sentences, getattr(scored, "documents", None), selection)
    notes = [n for n in (selected.duplicates_note, *selected.notes) if n]
    sentences = selected.sentences
    threshold = robust.frame_threshold if robust.frame_threshold is not None else _threshold_of(scored)
    params = _params(
        selection, frame_ids, resampling, alpha, keyness, robust, reference, threshold, selected
    )
    if by == "period" and "period" not in scored.sentences.columns:
        params["period"] = selection.period
    analysed = Analysed(sentences, by, frame_ids, resampling, alpha)
    notes.append(analysed.unit_note)
    # with fewer than two groups there is nothing to compare: the descriptive tables only
    comparable = len(analysed.levels) >= 2
    if not comparable:
        notes.append(_one_group_note(analysed.levels))
    steps = len(frame_ids) * (1 + int(analysed.unit == "article") + int(robust.run))
    bar = _progress_bar(progress, total=steps if comparable else 0)

    rows: list[dict[str, Any]] = []
    frame_tests: dict[str, FrameTest] = {}
    for f in frame_ids if comparable else []:
        row, frame_tests[f] = frame_chi2_row(analysed, f)
        rows.append(row)
        bar.update(1)
    if comparable and analysed.unit == "article":
        for f in frame_ids:
            # the claim about the groups, and what robustness re-tests
            row, frame_tests[f] = frame_article_row(analysed, f)
            rows.append(row)
            bar.update(1)
    if comparable and models:
        rows += model_rows(analysed, reference)
    if comparable:
        rows += evaluation_rows(analysed)
    # a trained frame model's codes (model_<id>): the same frame tests, families *_model
    model_ids = [f for f in frame_ids if f"model_{f}" in sentences.columns]
    model_frames = None
    if model_ids:
        model_frames = model_frames_table(analysed, model_ids)
        rows += model_frame_rows(analysed, model_ids) if comparable else []
    tests = adjust_by_family(rows)
    residuals = (
        residuals_table(analysed)
        if comparable
        else empty_table([by, *RESIDUAL_COLUMNS], {by, "frame"})
    )
    key = keyness_table(
        sentences if comparable else sentences.iloc[:0],
        by,
        stopwords=keyness.stopwords if keyness.stopwords is not None else _lexicon_stopwords(scored),
        min_count=keyness.min_count,
        prior=keyness.prior,
        alpha0=keyness.alpha0,
        top_n=keyness.top_n,
    ).rename(columns={"group": by})
    robust_table = pd.DataFrame(columns=ROBUSTNESS_COLUMNS)
    if robust.run and comparable:
        robust_table, robust_notes = robustness_table(
            analysed, frame_tests, selected, robust,
            hits=getattr(scored, "hits", None), threshold=threshold, bar=bar,
        )
        notes += robust_notes
    bar.close()
    voices = None
    if "voice" in scored.sentences.columns:
        # who voices the frames: journalist or quoted sources, on the same articles
        _, sources = voice_inputs(scored)
        roles, note = speaker_roles(scored)
        voices = voice_comparison(
            selected, sources, frame_ids, roles, resampling, alpha, notes=[note] if note else []
        )
    return Comparison(
        frames=frames_table(analysed),
        sentiment=sentiment_table(analysed),
        tests=tests,
        residuals=residuals,
        keyness=key,
        robustness=robust_table,
        by=by,
        unit=analysed.unit,
        groups=list(analysed.levels),
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


def _params(
    selection: Selection, frame_ids: list[str], resampling: Resampling, alpha: float,
    keyness: KeynessOptions, robust: RobustnessOptions, reference: Any, threshold: float,
    selected: Selected,
) -> dict[str, Any]:
    """Every parameter of a comparison, in the order ``Comparison.params`` records them."""
    return dict(
        by=selection.by,
        frames=frame_ids,
        include_duplicates=selection.include_duplicates,
        keep_unknown=selection.keep_unknown,
        min_articles=int(selection.min_articles),
        small_groups=selection.small_groups,
        **asdict(resampling),  # seed, n_boot, n_mc, exact_max_tables, confidence
        alpha=alpha,
        reference=reference,
        **keyness.params(),
        robustness_drop=list(robust.drop_groups),
        frame_threshold=threshold,
        left_out=selected.left_out,
    )


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(progress: bool | None, total: int) -> Any:
    """A tqdm bar over the frame tests on stderr (by default only on a terminal)."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total <= 0:
        return _NoBar()
    return tqdm(total=total, desc="tests", unit="test", file=sys.stderr, leave=False)


def _one_group_note(levels: list[Any]) -> str:
    """The caveat of a comparison with fewer than two groups."""
    which = f"one group ({levels[0]})" if levels else "no group"
    return (
        f"{which}: nothing to compare; only the descriptive tables (frames, sentiment) are "
        "filled, without tests, residuals, keyness or robustness"
    )


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


# former private names of this module that other modules imported, kept as aliases
_rng = keyed_rng
_test_row = test_row
_join_notes = join_notes
_ncp_ci_text = noncentral_ci_text
_frame_ids = frame_ids_of
_frames_table = frames_table
_frame_chi2_row = frame_chi2_row
_frame_article_row = frame_article_row
