"""Validation of automatic codes against human coding.

* :func:`precision_recall_f1` -- P, R and F1 from counts.
* :func:`frame_agreement` -- per-frame P/R/F1 of dictionary codes against an adjudicated gold
  standard, with micro and macro averages and bootstrap confidence intervals that resample
  articles (clusters) when sentences are nested in articles.
* :func:`majority_vote` -- one gold code per unit from several coders.
* :func:`tone_agreement` -- rank correlation and sign accuracy of automatic sentiment / tone
  against human tone (-1 / 0 / 1).

Definitions (METHODS section 4): ``P = TP / (TP + FP)``, ``R = TP / (TP + FN)``,
``F1 = 2 TP / (2 TP + FP + FN)``. A ratio whose denominator is 0 is undefined and returned
as ``nan`` (not 0): a frame that neither gold nor dictionary ever assigns has no F1.
Macro averages are unweighted means over the frames whose value is defined; micro averages
pool the counts of all frames.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from framing.errors import InputError
from framing.renames import renamed_keywords
from framing.stats.reliability import check_codes
from framing.stats.resampling import DEFAULT_SEED, percentile_intervals, resample_counts

__all__ = [
    "AGREEMENT_COLUMNS",
    "TONE_COLUMNS",
    "WILSON_METHOD",
    "frame_agreement",
    "majority_vote",
    "precision_recall_f1",
    "sentiment_sign",
    "spearman_interval",
    "tone_agreement",
]

AGREEMENT_COLUMNS: list[str] = [
    "frame",
    "support",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "recall",
    "f1",
    "precision_low",
    "precision_high",
    "recall_low",
    "recall_high",
    "f1_low",
    "f1_high",
    "ci_method",
]

WILSON_METHOD = (
    "Wilson score intervals of precision and recall; F1 from the Wilson interval of "
    "TP/(TP+FP+FN) through F1 = 2J/(1+J); sentences as independent"
)

TONE_COLUMNS: list[str] = [
    "measure",
    "n",
    "spearman_rho",
    "spearman_p",
    "sign_accuracy",
    "n_polar",
    "polar_accuracy",
]

_BLOCK_ELEMENTS = 4_000_000


def _ratio(num: ArrayLike, den: ArrayLike) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def precision_recall_f1(tp: ArrayLike, fp: ArrayLike, fn: ArrayLike) -> tuple[Any, Any, Any]:
    """Precision, recall and F1 from counts.

    ``P = TP / (TP + FP)``, ``R = TP / (TP + FN)``, ``F1 = 2 TP / (2 TP + FP + FN)`` (the
    harmonic mean of P and R, defined even when one of them is not).

    Parameters
    ----------
    tp, fp, fn:
        True positives, false positives, false negatives (scalars or arrays, elementwise).

    Returns
    -------
    tuple
        ``(precision, recall, f1)``: floats for scalars, arrays for arrays; ``nan`` where a
        denominator is 0.

    Examples
    --------
    >>> [round(v, 3) for v in precision_recall_f1(5, 1, 3)]
    [0.833, 0.625, 0.714]
    """
    tp_a, fp_a, fn_a = (np.asarray(v, dtype=float) for v in (tp, fp, fn))
    p = _ratio(tp_a, tp_a + fp_a)
    r = _ratio(tp_a, tp_a + fn_a)
    f = _ratio(2.0 * tp_a, 2.0 * tp_a + fp_a + fn_a)
    if p.ndim == 0:
        return float(p), float(r), float(f)
    return p, r, f


# ---------------------------------------------------------------------------------------
# input checks


def _binary_table(df: pd.DataFrame, frames: Sequence[str], what: str) -> np.ndarray:
    missing = [f for f in frames if f not in df.columns]
    if missing:
        raise InputError(
            f"{what} table has no column(s) {missing}; expected one 0/1 column per frame"
        )
    out = np.empty((len(df), len(frames)), dtype=np.int8)
    for j, frame in enumerate(frames):
        col = pd.to_numeric(df[frame], errors="coerce")
        bad = col.isna() | ~col.isin([0, 1])
        if bad.any():
            raise InputError(
                f"{what} column {frame!r} must hold 0/1 (or True/False) in every row; "
                f"row {df.index[bad.to_numpy()][0]!r} holds {df[frame][bad].iloc[0]!r}"
            )
        out[:, j] = col.to_numpy(dtype=np.int8)
    return out


def _scores(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame (P, R, F1) and micro/macro rows from (..., frames, 4) counts.

    Returns (per_frame[..., frames, 3], averages[..., 2, 3]) with rows micro, macro.
    """
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    per = np.stack(precision_recall_f1(tp, fp, fn), axis=-1)
    pooled = counts.sum(axis=-2)
    micro = np.stack(precision_recall_f1(pooled[..., 0], pooled[..., 1], pooled[..., 2]), axis=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-nan slice: macro is nan
        macro = np.nanmean(per, axis=-2)
    return per, np.stack([micro, macro], axis=-2)


@renamed_keywords(ci="confidence")
def frame_agreement(
    gold: pd.DataFrame,
    predicted: pd.DataFrame,
    frames: Sequence[str],
    cluster: pd.Series | None = None,
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
    interval: str = "wilson",
    pairs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per-frame precision, recall and F1 of predicted codes against a gold standard.

    Parameters
    ----------
    gold:
        One row per unit (sentence), one 0/1 column per frame (adjudicated human codes).
    predicted:
        The same units (same index values, any order), one 0/1 column per frame (e.g.
        dictionary hits). Extra columns are ignored.
    frames:
        Frame columns to evaluate.
    cluster:
        Optional Series aligned on ``gold``'s index giving each unit's cluster (e.g.
        ``doc_id``); the bootstrap then resamples whole clusters (articles), otherwise it
        resamples units.
    n_boot:
        Number of bootstrap resamples (0 skips the bootstrap intervals, which are then nan).
    seed:
        Seed of ``numpy.random.default_rng``; the same seed gives the same intervals.
    confidence:
        Coverage of the intervals (formerly ``ci``).
    interval:
        ``wilson`` (default): per frame and micro, Wilson score intervals of precision (TP
        among TP + FP) and recall (TP among TP + FN), and for F1 the Wilson interval of the
        Jaccard index J = TP/(TP + FP + FN) (a share of the sentences either side codes)
        mapped through F1 = 2J/(1 + J); they hold at small counts (3 true positives give a
        wide interval, not a point) and need no resampling. The macro row, an average, keeps
        the bootstrap. ``bootstrap``: percentile bootstrap intervals for every row
        (resampling ``cluster``).
    pairs:
        Optional 0/1 table like ``gold`` (same index and frame columns): only the unit-frame
        pairs marked 1 are counted, e.g. those on which two coders agree (the undecided ones
        are left out of that frame's figures, not of the others'). A left-out pair's gold
        value is ignored and may be missing.

    Returns
    -------
    pandas.DataFrame
        A tidy table, one row per frame plus ``micro`` and ``macro`` rows, with columns:

        ============== ===============================================================
        frame          frame id, ``micro`` or ``macro``
        support        gold positives ``TP + FN``
        tp, fp, fn, tn confusion counts (pooled over frames in the micro and macro rows)
        precision      ``TP / (TP + FP)`` (``nan`` if undefined)
        recall         ``TP / (TP + FN)``
        f1             ``2 TP / (2 TP + FP + FN)``
        \\*_low/_high   interval of precision, recall and f1 (see ``interval``)
        ci_method      how the row's intervals were made
        ============== ===============================================================

        The micro row computes P/R/F1 from the pooled counts; the macro row gives the
        unweighted mean over frames of the per-frame values (frames where a value is
        undefined are left out of that mean), and its intervals come from the same
        resamples as the per-frame ones.

    Raises
    ------
    InputError
        When no frame is given, an index repeats, a gold unit has no prediction, a column is
        missing or not 0/1, a cluster label is missing, or ``interval`` is unknown.
    ValueError
        When ``confidence`` is not between 0 and 1.
    """
    frames = list(frames)
    if not frames:
        raise InputError("frame_agreement needs at least one frame")
    if gold.index.has_duplicates:
        raise InputError("gold table index has duplicate values; give each unit a unique id")
    if predicted.index.has_duplicates:
        raise InputError("predicted table index has duplicate values; give each unit a unique id")
    absent = gold.index.difference(predicted.index)
    if len(absent):
        raise InputError(
            f"{len(absent)} gold unit(s) have no prediction (e.g. {absent[0]!r}); "
            "predict every gold unit or drop it from the gold table"
        )
    keep = None
    if pairs is not None:
        keep = _binary_table(pairs.reindex(gold.index).fillna(0), frames, "pairs").astype(bool)
        gold = gold[frames].where(pd.DataFrame(keep, index=gold.index, columns=frames), 0)
    g = _binary_table(gold, frames, "gold")
    p = _binary_table(predicted.reindex(gold.index), frames, "predicted")
    # counts per unit, frame: (tp, fp, fn, tn)
    unit_counts = np.stack(
        [(g == 1) & (p == 1), (g == 0) & (p == 1), (g == 1) & (p == 0), (g == 0) & (p == 0)],
        axis=-1,
    ).astype(float)
    if keep is not None:
        unit_counts *= keep[..., None]
    total = unit_counts.sum(axis=0)  # frames x 4
    per, avg = _scores(total)

    n_frames = len(frames)
    low = np.full((n_frames + 2, 3), np.nan)
    high = np.full((n_frames + 2, 3), np.nan)
    if n_boot > 0 and len(gold):
        if not 0.0 < confidence < 1.0:
            raise ValueError(f"confidence must be between 0 and 1; got {confidence}")
        if cluster is not None:
            cl = pd.Series(cluster).reindex(gold.index)
            if cl.isna().any():
                raise InputError(
                    "cluster has no label for some gold units; give every unit its article id"
                )
            codes = pd.factorize(cl)[0]
            items = np.zeros((codes.max() + 1, n_frames, 4))
            np.add.at(items, codes, unit_counts)
        else:
            items = unit_counts
        n_items = items.shape[0]
        flat = items.reshape(n_items, n_frames * 4)
        rng = np.random.default_rng(seed)
        reps = np.empty((n_boot, n_frames + 2, 3))
        block = max(1, _BLOCK_ELEMENTS // n_items)
        for start in range(0, n_boot, block):
            k = min(block, n_boot - start)
            f = resample_counts(rng, n_items, k).astype(float)
            boot = (f @ flat).reshape(k, n_frames, 4)
            b_per, b_avg = _scores(boot)
            reps[start : start + k] = np.concatenate([b_per, b_avg], axis=1)
        low, high = percentile_intervals(reps, confidence)

    if interval not in ("wilson", "bootstrap"):
        raise InputError(f"interval={interval!r}: use 'wilson' or 'bootstrap'")
    counts_rows = np.vstack([total, total.sum(axis=0), total.sum(axis=0)])
    values = np.vstack([per, avg])
    boot_method = (
        f"percentile bootstrap ({n_boot} resamples of {'articles' if cluster is not None else 'sentences'})"
        if n_boot > 0 and len(gold)
        else "none (n_boot = 0)"
    )
    methods = [boot_method] * (n_frames + 2)
    if interval == "wilson":
        # scipy.stats (behind wilson_ci) takes about half a second to import, and validation
        # imports this module when it starts: loaded only when Wilson intervals are made
        from framing.stats.intervals import wilson_ci

        tp, fp, fn = (counts_rows[: n_frames + 1, i] for i in range(3))
        p_lo, p_hi = wilson_ci(tp, tp + fp, confidence)
        r_lo, r_hi = wilson_ci(tp, tp + fn, confidence)
        j_lo, j_hi = wilson_ci(tp, tp + fp + fn, confidence)
        low[: n_frames + 1] = np.column_stack([p_lo, r_lo, 2 * j_lo / (1 + j_lo)])
        high[: n_frames + 1] = np.column_stack([p_hi, r_hi, 2 * j_hi / (1 + j_hi)])
        methods[: n_frames + 1] = [WILSON_METHOD] * (n_frames + 1)
    table = pd.DataFrame(
        {
            "frame": frames + ["micro", "macro"],
            "support": (counts_rows[:, 0] + counts_rows[:, 2]).astype(np.int64),
            "tp": counts_rows[:, 0].astype(np.int64),
            "fp": counts_rows[:, 1].astype(np.int64),
            "fn": counts_rows[:, 2].astype(np.int64),
            "tn": counts_rows[:, 3].astype(np.int64),
            "precision": values[:, 0],
            "recall": values[:, 1],
            "f1": values[:, 2],
            "precision_low": low[:, 0],
            "precision_high": high[:, 0],
            "recall_low": low[:, 1],
            "recall_high": high[:, 1],
            "f1_low": low[:, 2],
            "f1_high": high[:, 2],
            "ci_method": methods,
        }
    )
    return table[AGREEMENT_COLUMNS]


# ---------------------------------------------------------------------------------------
# gold standard from several coders


def majority_vote(
    codes: pd.DataFrame, unit_col: str, coder_col: str, frames: Sequence[str]
) -> pd.DataFrame:
    """One code per unit and frame: the coders' strict majority.

    Rule: a frame is 1 for a unit when **more than half** of the coders who coded that
    frame for the unit marked it 1; otherwise 0. An exact tie (as many 1s as 0s, e.g. one
    of two coders) therefore yields 0 and is flagged in ``<frame>_tie`` so that the unit can
    be adjudicated. Missing codes (``NaN``) do not vote; a unit nobody coded for a frame
    gets ``<NA>``.

    Parameters
    ----------
    codes:
        Long table, one row per unit and coder, one 0/1 column per frame.
    unit_col:
        Column identifying the unit (e.g. ``sent_key``).
    coder_col:
        Column identifying the coder.
    frames:
        Frame columns.

    Returns
    -------
    pandas.DataFrame
        One row per unit (in order of first appearance) with columns ``unit_col``,
        ``n_coders`` (coders with a row for the unit), then ``<frame>`` (nullable Int64 0/1
        majority code) and ``<frame>_votes`` (number of 1 votes) for every frame, then
        ``<frame>_tie`` (bool) for every frame, and ``n_ties`` (tied frames in the unit).

    Raises
    ------
    InputError
        When a column is missing, a coder coded a unit twice, or a code is not 0/1.
    """
    frames = list(frames)
    check_codes(codes, unit_col, coder_col)
    missing = [f for f in frames if f not in codes.columns]
    if missing:
        raise InputError(f"codes table has no frame column(s) {missing}")
    votes = pd.DataFrame({unit_col: codes[unit_col]})
    for frame in frames:
        col = pd.to_numeric(codes[frame], errors="coerce")
        bad = codes[frame].notna() & ~col.isin([0, 1])
        if bad.any():
            raise InputError(
                f"frame column {frame!r} must hold 0/1, True/False or NaN; "
                f"found {codes.loc[bad, frame].iloc[0]!r}"
            )
        votes[frame] = col.astype(float)
    grouped = votes.groupby(unit_col, sort=False)
    ones = grouped[frames].sum(min_count=1)
    coded = grouped[frames].count()
    out = pd.DataFrame(index=ones.index)
    out["n_coders"] = grouped.size().astype(np.int64)
    ties = {}
    for frame in frames:
        k = ones[frame].to_numpy()
        m = coded[frame].to_numpy().astype(float)
        maj = np.where(m > 0, (2 * np.nan_to_num(k) > m).astype(float), np.nan)
        out[frame] = pd.array(np.where(np.isnan(maj), None, maj), dtype="Int64")
        out[f"{frame}_votes"] = np.nan_to_num(k).astype(np.int64)
        ties[f"{frame}_tie"] = (m > 0) & (2 * np.nan_to_num(k) == m)
    for name, tie in ties.items():
        out[name] = tie
    out["n_ties"] = np.sum(list(ties.values()), axis=0).astype(np.int64) if ties else 0
    return out.reset_index()


# ---------------------------------------------------------------------------------------
# tone


def sentiment_sign(sentiment: pd.Series | np.ndarray, neutral_band: float = 0.0) -> np.ndarray:
    """Map a 0..1 sentiment probability (snownlp) to -1 / 0 / 1.

    ``> 0.5 + neutral_band`` is positive (1), ``< 0.5 - neutral_band`` negative (-1), and
    anything in between (with the default band of 0: exactly 0.5) neutral (0).

    Parameters
    ----------
    sentiment:
        Probabilities of positive.
    neutral_band:
        Half-width of the neutral zone around 0.5.

    Returns
    -------
    numpy.ndarray
        -1, 0 or 1; ``NaN`` stays ``NaN``.
    """
    s = np.asarray(sentiment, dtype=float)
    out = np.where(s > 0.5 + neutral_band, 1.0, np.where(s < 0.5 - neutral_band, -1.0, 0.0))
    return np.where(np.isnan(s), np.nan, out)


def _spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from scipy import stats  # half a second to import: only when tone is compared

    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan"), float("nan")  # undefined for constant input; too few points
    res = stats.spearmanr(x, y)
    return float(res.statistic), float(res.pvalue)


def spearman_interval(
    automatic: ArrayLike,
    human: ArrayLike,
    cluster: ArrayLike,
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of Spearman's rho that resamples whole clusters.

    Sentences or coding units of one article are not independent draws; resampling the
    articles (with all their units) gives an interval that says how far the correlation
    could move with other articles of the same kind.

    Parameters
    ----------
    automatic, human:
        The paired values (units with a missing value should be dropped beforehand).
    cluster:
        Each unit's cluster (article id).
    n_boot:
        Resamples (0: no interval, ``(nan, nan)``).
    seed:
        Seed of ``numpy.random.default_rng``.
    confidence:
        Coverage of the interval.

    Returns
    -------
    tuple of float
        ``(low, high)``; resamples where rho is undefined (constant input) are left out.
    """
    a = np.asarray(automatic, dtype=float)
    h = np.asarray(human, dtype=float)
    codes, labels = pd.factorize(pd.Series(np.asarray(cluster)))
    if n_boot <= 0 or a.size < 3 or len(labels) < 2:
        return float("nan"), float("nan")
    # each unit's weight in each resample: how often its article was drawn. Spearman's rho of
    # the resample (its units repeated) is the weighted Pearson correlation of weighted
    # average ranks, computed for all resamples at once rather than by copying units.
    draws = resample_counts(np.random.default_rng(seed), len(labels), n_boot)
    weights = draws[:, codes].astype(float)
    rx, rh = _weighted_ranks(a, weights), _weighted_ranks(h, weights)
    total = weights.sum(axis=1, keepdims=True)
    dx = rx - (weights * rx).sum(axis=1, keepdims=True) / total
    dh = rh - (weights * rh).sum(axis=1, keepdims=True) / total
    sxx, shh = (weights * dx * dx).sum(axis=1), (weights * dh * dh).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        reps = np.where((sxx > 1e-12) & (shh > 1e-12), (weights * dx * dh).sum(axis=1) / np.sqrt(sxx * shh), np.nan)
    low, high = percentile_intervals(reps[:, None], confidence)
    return float(low[0]), float(high[0])


def _weighted_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Average ranks of ``values`` in each row's sample, where unit i appears weights[r, i]
    times (ties share the mean of their positions, as scipy.stats.rankdata gives them)."""
    _, group = np.unique(values, return_inverse=True)  # tie groups, in value order
    per_group = np.zeros((weights.shape[0], group.max() + 1))
    np.add.at(per_group.T, group, weights.T)
    before = np.cumsum(per_group, axis=1) - per_group
    return (before + (per_group + 1.0) / 2.0)[:, group]


def tone_agreement(
    human_tone: pd.Series,
    sentiment: pd.Series | None = None,
    tone: pd.Series | None = None,
    neutral_band: float = 0.0,
) -> pd.DataFrame:
    """Agreement of automatic sentiment and lexicon tone with human tone (-1 / 0 / 1).

    For each automatic measure given:

    * Spearman's rank correlation with the human tone (``scipy.stats.spearmanr``; ties get
      average ranks), ``nan`` if either side is constant or fewer than 3 units remain;
    * sign accuracy: the share of units whose automatic sign equals the human code. The
      sign of ``sentiment`` (snownlp's 0..1 probability of positive) comes from
      :func:`sentiment_sign` (``> 0.5`` positive, ``< 0.5`` negative, exactly 0.5 or within
      ``neutral_band`` of it neutral); the sign of ``tone`` is ``numpy.sign(tone)``.
      Because snownlp almost never returns exactly 0.5, it practically never predicts
      neutral, hence also
    * polar accuracy: the same share among units that the human coded -1 or 1.

    Series are aligned on their index; units with a missing value on either side are left
    out of that measure.

    Parameters
    ----------
    human_tone:
        Human tone codes in {-1, 0, 1}.
    sentiment:
        Optional snownlp sentiment (0..1) per unit.
    tone:
        Optional lexicon tone (signed score) per unit.
    neutral_band:
        Half-width of the neutral zone around 0.5 for ``sentiment``.

    Returns
    -------
    pandas.DataFrame
        One row per measure (``sentiment``, ``tone``) with columns ``measure``, ``n``,
        ``spearman_rho``, ``spearman_p``, ``sign_accuracy``, ``n_polar``, ``polar_accuracy``.

    Raises
    ------
    InputError
        When a human code is not -1, 0 or 1, or a sentiment lies outside 0..1.
    """
    human = pd.to_numeric(pd.Series(human_tone), errors="coerce")
    bad = human.notna() & ~human.isin([-1, 0, 1])
    if bad.any():
        raise InputError(
            f"human tone must be -1, 0 or 1; found {human_tone[bad].iloc[0]!r} "
            f"at {human.index[bad.to_numpy()][0]!r}"
        )
    rows = []
    for name, measure in (("sentiment", sentiment), ("tone", tone)):
        if measure is None:
            continue
        auto = pd.to_numeric(pd.Series(measure), errors="coerce")
        if name == "sentiment" and ((auto < 0) | (auto > 1)).any():
            raise InputError("sentiment must lie in 0..1 (snownlp's probability of positive)")
        joined = pd.concat([human.rename("h"), auto.rename("a")], axis=1, join="inner").dropna()
        h = joined["h"].to_numpy(dtype=float)
        a = joined["a"].to_numpy(dtype=float)
        sign = sentiment_sign(a, neutral_band) if name == "sentiment" else np.sign(a)
        rho, p = _spearman(a, h)
        polar = h != 0
        rows.append(
            {
                "measure": name,
                "n": int(h.size),
                "spearman_rho": rho,
                "spearman_p": p,
                "sign_accuracy": float(np.mean(sign == h)) if h.size else float("nan"),
                "n_polar": int(polar.sum()),
                "polar_accuracy": (
                    float(np.mean(sign[polar] == h[polar])) if polar.any() else float("nan")
                ),
            }
        )
    return pd.DataFrame(rows, columns=TONE_COLUMNS)
