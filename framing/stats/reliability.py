"""Inter-coder reliability: Krippendorff's alpha with bootstrap confidence intervals.

Alpha is computed through the coincidence matrix, exactly as in Krippendorff (2011),
*Computing Krippendorff's Alpha-Reliability* (Annenberg School for Communication,
University of Pennsylvania):

* reliability data are a **coders x units** matrix, missing values as ``NaN``;
* a unit with fewer than two values is not pairable and is dropped;
* the coincidence matrix is ``o_ck = sum_u (number of c-k pairs in unit u) / (m_u - 1)``
  with ``m_u`` the number of values in unit ``u``; ``n_c`` are its margins, ``n`` its total;
* ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum o_ck d2_ck / sum n_c n_k d2_ck``.

Difference functions ``d2_ck`` (Krippendorff 2011, section C):

============ =========================================================================
nominal      0 if c == k else 1
ordinal      ``(sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2``: distances between ranks,
             based on the marginal frequencies ``n_g`` of the coincidence matrix
interval     ``(c - k) ** 2``
ratio        ``((c - k) / (c + k)) ** 2`` (0 when ``c == k == 0``; values must be >= 0)
============ =========================================================================

Alpha is **undefined** (returned as ``nan``) when fewer than two pairable values exist, or
when all pairable values are identical (no variation, so the expected disagreement ``D_e``
is 0 and ``D_o / D_e`` is ``0 / 0``). Krippendorff (2011) notes that such data carry no
information about reliability: a perfectly agreed constant is indistinguishable from
coders who never look at the units.

Confidence intervals come from a nonparametric percentile bootstrap that resamples units
(or clusters of units, e.g. the articles that sentences come from) with replacement and
recomputes alpha in each resample. Hayes & Krippendorff (2007), *Answering the call for a
standard reliability measure for coding data*, Communication Methods and Measures 1(1),
77-89, recommend bootstrap intervals for alpha; their KALPHA macro resamples pairs of
values from the coincidence matrix. Resampling whole units instead (as in Zapf et al.
2016, BMC Medical Research Methodology 16:93) keeps each unit's values together and
allows clustered designs; it is what this module implements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.renames import renamed_keywords
from framing.stats.resampling import DEFAULT_SEED, percentile_ci, resample_counts

__all__ = [
    "AlphaDetails",
    "LEVELS",
    "Level",
    "RELIABILITY_COLUMNS",
    "ReliabilityData",
    "alpha_bootstrap",
    "alpha_bootstrap_ci",
    "alpha_details",
    "check_codes",
    "frame_reliability",
    "krippendorff_alpha",
    "percent_agreement",
    "reliability_matrix",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
#: Reliability data: a coders x units table (numpy array, nested list or DataFrame).
ReliabilityData = np.ndarray | pd.DataFrame | Sequence
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

# cap on the elements of one resampling-weight block (resamples x clusters)
_BLOCK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class AlphaDetails:
    """Alpha with the intermediate quantities of Krippendorff (2011).

    Attributes
    ----------
    alpha:
        The coefficient (``nan`` when undefined).
    observed_disagreement:
        ``D_o = sum o_ck d2_ck / n``.
    expected_disagreement:
        ``D_e = sum n_c n_k d2_ck / (n (n - 1))``.
    n_pairable:
        ``n``, the number of pairable values.
    n_units:
        Number of pairable units (units with at least two values).
    coincidence:
        The coincidence matrix as a DataFrame indexed by value (rows and columns).
    level:
        The metric used.
    """

    alpha: float
    observed_disagreement: float
    expected_disagreement: float
    n_pairable: int
    n_units: int
    coincidence: pd.DataFrame
    level: str

    @property
    def value_counts(self) -> pd.Series:
        """``n_c``: how often each value occurs among the pairable values."""
        return self.coincidence.sum(axis=0).rename("n_c")

    @property
    def observed_agreement(self) -> float:
        """Share of matching pairs, ``sum_c o_cc / n`` (pairwise percent agreement)."""
        if self.n_pairable == 0:
            return float("nan")
        return float(np.trace(self.coincidence.to_numpy()) / self.n_pairable)


# ---------------------------------------------------------------------------------------
# input handling


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    return level


def _encode(data: ReliabilityData, level: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, values): codes is coders x units int array (-1 = missing) into sorted values."""
    if isinstance(data, pd.DataFrame):
        arr = data.to_numpy(dtype=object)  # missing entries are detected by pd.isna below
    else:
        arr = np.asarray(data, dtype=object)
    if arr.ndim != 2:
        raise InputError(
            f"reliability data must be a 2-D coders x units table; got {arr.ndim} dimension(s)"
        )
    flat = pd.Series(arr.ravel(order="C"), dtype=object)
    missing = flat.isna().to_numpy()
    present = flat[~missing]
    numeric = pd.to_numeric(present, errors="coerce")
    if numeric.notna().all():
        nums = numeric.to_numpy(dtype=float)
        if not np.isfinite(nums).all():
            raise InputError("reliability data contain infinite values; use NaN for missing")
        values, inverse = np.unique(nums, return_inverse=True)
    elif level == "nominal":
        # categories that are not numbers (e.g. frame labels): order is irrelevant for nominal
        labels = present.astype(str).to_numpy()
        values, inverse = np.unique(labels, return_inverse=True)
    else:
        bad = present[numeric.isna()].iloc[0]
        raise InputError(
            f"{level} alpha needs numeric values; found {bad!r}. "
            "Recode the categories as numbers or use level='nominal'."
        )
    if level == "ratio" and values.size and values[0] < 0:
        raise InputError("ratio alpha needs values >= 0; use level='interval' for signed scales")
    codes = np.full(flat.size, -1, dtype=np.int64)
    codes[~missing] = inverse.ravel()
    return codes.reshape(arr.shape), values


def _unit_counts(codes: np.ndarray, n_values: int) -> np.ndarray:
    """units x values matrix of how many coders gave each value to each unit."""
    n_units = codes.shape[1]
    unit_idx = np.broadcast_to(np.arange(n_units), codes.shape)
    ok = codes >= 0
    flat = unit_idx[ok] * n_values + codes[ok]
    return np.bincount(flat, minlength=n_units * n_values).reshape(n_units, n_values).astype(float)


def _pairable(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mask of pairable units, m_u of all units)."""
    m = counts.sum(axis=1)
    return m >= 2, m


# ---------------------------------------------------------------------------------------
# core computation


def _distance_matrix(values: np.ndarray, level: str) -> np.ndarray:
    """``d2_ck`` for the fixed metrics (nominal, interval, ratio)."""
    if level == "nominal":
        return 1.0 - np.eye(values.size)
    v = values.astype(float)
    diff = v[:, None] - v[None, :]
    if level == "interval":
        return diff**2
    if level == "ratio":
        tot = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(tot == 0, 0.0, diff / np.where(tot == 0, 1.0, tot))
        return d**2
    raise AssertionError(level)


def _ordinal_distances(marginals: np.ndarray) -> np.ndarray:
    """Ordinal ``d2_ck`` from marginal frequencies; marginals is (..., V) -> (..., V, V)."""
    nv = marginals.shape[-1]
    idx = np.arange(nv)
    lo = np.minimum.outer(idx, idx)
    hi = np.maximum.outer(idx, idx)
    cum = np.cumsum(marginals, axis=-1)
    between = cum[..., hi] - cum[..., lo] + marginals[..., lo]  # sum_{g=lo..hi} n_g
    half = (marginals[..., :, None] + marginals[..., None, :]) / 2.0
    d = (between - half) ** 2
    return d * (1.0 - np.eye(nv))


def _coincidences(counts: np.ndarray) -> np.ndarray:
    """Coincidence matrix from a (pairable units) x values count matrix."""
    m = counts.sum(axis=1)
    w = 1.0 / (m - 1.0)
    o = (counts * w[:, None]).T @ counts
    o -= np.diag((counts * w[:, None]).sum(axis=0))
    return o


def _alpha_from_parts(observed: np.ndarray, expected: np.ndarray, n: np.ndarray) -> np.ndarray:
    """alpha = 1 - (n - 1) * observed / expected, nan when undefined."""
    with np.errstate(invalid="ignore", divide="ignore"):
        a = 1.0 - (n - 1.0) * observed / expected
    return np.where((n >= 2) & (expected > 0), a, np.nan)


def alpha_details(data: ReliabilityData, level: Level = "nominal") -> AlphaDetails:
    """Krippendorff's alpha with its intermediates (coincidence matrix, ``D_o``, ``D_e``).

    Parameters
    ----------
    data, level:
        As in :func:`krippendorff_alpha`.

    Returns
    -------
    AlphaDetails
        ``alpha`` is ``nan`` when undefined (see the module's documentation).

    Raises
    ------
    ValueError
        For an unknown ``level``.
    InputError
        When the data are not a 2-D table, hold infinite values, or values the level cannot use.
    """
    level = _check_level(level)
    codes, values = _encode(data, level)
    counts = _unit_counts(codes, values.size)
    mask, _ = _pairable(counts)
    counts = counts[mask]
    if counts.shape[0]:
        o = _coincidences(counts)
    else:
        o = np.zeros((values.size, values.size))
    n_c = o.sum(axis=0)
    n = float(n_c.sum())
    if level == "ordinal":
        d = _ordinal_distances(n_c)
    else:
        d = _distance_matrix(values, level)
    obs = float((o * d).sum())
    exp = float(n_c @ d @ n_c)
    alpha = float(_alpha_from_parts(np.array(obs), np.array(exp), np.array(n)))
    d_o = obs / n if n > 0 else float("nan")
    d_e = exp / (n * (n - 1.0)) if n > 1 else float("nan")
    labels = pd.Index(values, name="value")
    keep = n_c > 0  # values that occur only in unpairable units do not enter alpha
    coinc = pd.DataFrame(o, index=labels, columns=labels.rename("value_k")).loc[keep, keep]
    return AlphaDetails(
        alpha=alpha,
        observed_disagreement=d_o,
        expected_disagreement=d_e,
        n_pairable=int(round(n)),
        n_units=int(counts.shape[0]),
        coincidence=coinc,
        level=level,
    )


def krippendorff_alpha(data: ReliabilityData, level: Level = "nominal") -> float:
    """Krippendorff's alpha for a coders x units table (Krippendorff 2011).

    Parameters
    ----------
    data:
        Coders x units table (numpy array, nested list or DataFrame); ``NaN``/``None`` mark
        missing values. Units with fewer than two values are not pairable and are dropped.
        Values may be strings for ``level="nominal"``.
    level:
        ``"nominal"`` (default here, because frame codes are categories), ``"ordinal"``,
        ``"interval"`` or ``"ratio"``.

    Returns
    -------
    float
        Alpha; ``nan`` when undefined: fewer than two pairable values, or all pairable values
        identical (no variation: ``D_e = 0``).

    Examples
    --------
    Krippendorff (2011), the 4 coders x 12 units example:

        >>> import numpy as np
        >>> x = np.nan
        >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, x, x, x],
        ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, x, 3],
        ...         [x, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, x],
        ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, x]]
        >>> round(krippendorff_alpha(data, "nominal"), 3)
        0.743
    """
    return alpha_details(data, level).alpha


def percent_agreement(data: ReliabilityData) -> float:
    """Pairwise percent agreement among pairable values, ``sum_c o_cc / n``.

    For two coders without missing values this is the plain share of units on which they
    agree. Report it next to alpha: for rare categories it is high even when alpha is low.

    Parameters
    ----------
    data:
        Coders x units table, ``NaN`` = missing.

    Returns
    -------
    float
        The share of matching pairs; ``nan`` without pairable values.
    """
    return alpha_details(data, "nominal").observed_agreement


# ---------------------------------------------------------------------------------------
# bootstrap


def _group_rows(rows: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """Sum rows within groups (``groups`` are integer codes); identity when None."""
    if groups is None:
        return rows
    n_groups = int(groups.max()) + 1 if groups.size else 0
    out = np.zeros((n_groups,) + rows.shape[1:], dtype=float)
    np.add.at(out, groups, rows)
    return out


def _cluster_codes(
    cluster: Sequence | np.ndarray | pd.Series | None, n_units: int
) -> np.ndarray | None:
    if cluster is None:
        return None
    lab = pd.Series(np.asarray(cluster, dtype=object))
    if lab.size != n_units:
        raise InputError(
            f"cluster has {lab.size} labels but the data have {n_units} units; "
            "give one cluster label (e.g. the article id) per unit (column)"
        )
    if lab.isna().any():
        raise InputError("cluster labels must not be missing; give every unit its article id")
    codes, _ = pd.factorize(lab)
    return codes.astype(np.int64)


def alpha_bootstrap(
    data: ReliabilityData,
    level: Level = "nominal",
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    cluster: Sequence | np.ndarray | pd.Series | None = None,
) -> np.ndarray:
    """Bootstrap replicates of alpha, resampling units (or clusters of units).

    Each replicate draws as many pairable units as the data have, with replacement (or,
    when ``cluster`` is given, as many clusters as there are, keeping each drawn cluster's
    units together) and recomputes alpha, including the marginals that the ordinal metric
    depends on. Units that are not pairable contribute nothing to alpha and are left out
    before resampling. Replicates in which alpha is undefined (a resample without
    variation) are ``nan``.

    Parameters
    ----------
    data:
        Coders x units table, ``NaN`` = missing.
    level:
        Metric, as in :func:`krippendorff_alpha`.
    n_boot:
        Number of resamples.
    seed:
        Seed of ``numpy.random.default_rng``; the same seed gives the same replicates.
    cluster:
        Optional label per unit (column), e.g. the article a sentence belongs to.

    Returns
    -------
    numpy.ndarray
        ``n_boot`` alpha replicates.

    Raises
    ------
    ValueError
        When ``n_boot`` is below 1 or ``level`` unknown.
    InputError
        When ``cluster`` does not give one label per unit.
    """
    level = _check_level(level)
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    codes, values = _encode(data, level)
    counts = _unit_counts(codes, values.size)
    groups = _cluster_codes(cluster, counts.shape[0])
    mask, m = _pairable(counts)
    counts, m = counts[mask], m[mask]
    if groups is not None:
        groups = pd.factorize(groups[mask])[0].astype(np.int64)
    if counts.shape[0] == 0:
        return np.full(n_boot, np.nan)
    w = 1.0 / (m - 1.0)
    marg = _group_rows(counts, groups)  # per item: its contribution to n_c
    n_items = marg.shape[0]
    rng = np.random.default_rng(seed)
    out = np.empty(n_boot)
    block = max(1, _BLOCK_ELEMENTS // max(n_items, 1))

    if level == "ordinal":
        # the metric depends on the resample's marginals: resample full coincidence matrices
        nv = values.size
        per_unit = counts[:, :, None] * counts[:, None, :]
        per_unit[:, np.arange(nv), np.arange(nv)] -= counts
        per_unit *= w[:, None, None]
        per_item = _group_rows(per_unit.reshape(counts.shape[0], nv * nv), groups)
        for start in range(0, n_boot, block):
            k = min(block, n_boot - start)
            f = resample_counts(rng, n_items, k).astype(float)
            o = (f @ per_item).reshape(k, nv, nv)
            n_c = f @ marg
            d = _ordinal_distances(n_c)
            obs = (o * d).sum(axis=(1, 2))
            exp = np.einsum("bi,bij,bj->b", n_c, d, n_c)
            out[start : start + k] = _alpha_from_parts(obs, exp, n_c.sum(axis=1))
        return out

    d = _distance_matrix(values, level)
    # per-unit observed disagreement sum_ck o_ck d2_ck = n_u' d n_u / (m_u - 1) (d2_cc = 0)
    unit_obs = ((counts @ d) * counts).sum(axis=1) * w
    item_obs = _group_rows(unit_obs[:, None], groups)[:, 0]
    for start in range(0, n_boot, block):
        k = min(block, n_boot - start)
        f = resample_counts(rng, n_items, k).astype(float)
        obs = f @ item_obs
        n_c = f @ marg
        exp = ((n_c @ d) * n_c).sum(axis=1)
        out[start : start + k] = _alpha_from_parts(obs, exp, n_c.sum(axis=1))
    return out


@renamed_keywords(ci="confidence")
def alpha_bootstrap_ci(
    data: ReliabilityData,
    level: Level = "nominal",
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
    cluster: Sequence | np.ndarray | pd.Series | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval for Krippendorff's alpha.

    Resamples units (or clusters of units) with replacement, see :func:`alpha_bootstrap`;
    this is a unit bootstrap, not the pair-resampling KALPHA procedure of Hayes &
    Krippendorff (2007), who recommend reporting such intervals. Undefined replicates are
    ignored; if all are undefined the interval is ``(nan, nan)``.

    Parameters
    ----------
    data, level, n_boot, seed, cluster:
        As in :func:`alpha_bootstrap`.
    confidence:
        Coverage of the interval, e.g. 0.95 (formerly ``ci``).

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Raises
    ------
    ValueError
        When ``confidence`` is not between 0 and 1.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1; got {confidence}")
    reps = alpha_bootstrap(data, level=level, n_boot=n_boot, seed=seed, cluster=cluster)
    return percentile_ci(reps, confidence)


# ---------------------------------------------------------------------------------------
# long-format codes -> per-frame reliability table


def reliability_matrix(
    codes: pd.DataFrame, unit_col: str, coder_col: str, value_col: str
) -> pd.DataFrame:
    """Pivot long-format codes (one row per unit and coder) to a coders x units table.

    Parameters
    ----------
    codes:
        One row per unit and coder.
    unit_col, coder_col, value_col:
        The columns of the unit, the coder and the code.

    Returns
    -------
    pandas.DataFrame
        Coders x units; units a coder did not code are ``NaN``.

    Raises
    ------
    InputError
        When a column is missing or a coder coded the same unit twice.
    """
    check_codes(codes, unit_col, coder_col, value_col)
    return codes.pivot(index=coder_col, columns=unit_col, values=value_col)


def check_codes(codes: pd.DataFrame, unit_col: str, coder_col: str, *columns: str) -> None:
    """Check that ``codes`` has the columns and one row per unit and coder.

    Parameters
    ----------
    codes:
        Long-format codes.
    unit_col, coder_col:
        The columns of the unit and the coder.
    *columns:
        Further columns that must be there.

    Raises
    ------
    InputError
        When a column is missing or a coder coded a unit more than once.
    """
    for col in (unit_col, coder_col, *columns):
        if col not in codes.columns:
            raise InputError(f"codes table has no column {col!r}; columns: {list(codes.columns)}")
    dup = codes.duplicated([unit_col, coder_col])
    if dup.any():
        row = codes.loc[dup].iloc[0]
        raise InputError(
            f"coder {row[coder_col]!r} coded unit {row[unit_col]!r} more than once; "
            "keep one row per unit and coder"
        )


RELIABILITY_COLUMNS: list[str] = [
    "frame",
    "n_units",
    "n_coders",
    "n_pairable",
    "prevalence",
    "agreement",
    "alpha",
    "alpha_low",
    "alpha_high",
]


@renamed_keywords(ci="confidence")
def frame_reliability(
    codes: pd.DataFrame,
    unit_col: str,
    coder_col: str,
    frames: Sequence[str],
    cluster_col: str | None = None,
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Nominal alpha per binary frame, with percent agreement and a bootstrap CI.

    Parameters
    ----------
    codes:
        Long table, one row per unit (sentence) and coder, one 0/1 column per frame
        (``NaN`` = not coded).
    unit_col:
        Column identifying the unit (e.g. ``sent_key``).
    coder_col:
        Column identifying the coder.
    frames:
        Frame columns to assess.
    cluster_col:
        Optional column with each unit's cluster (e.g. ``doc_id``); the bootstrap then
        resamples clusters. Must be constant within a unit.
    n_boot, seed, confidence:
        Bootstrap settings (see :func:`alpha_bootstrap_ci`; ``confidence`` was ``ci``).

    Returns
    -------
    pandas.DataFrame
        One row per frame with columns:

        ========== ===========================================================
        frame      frame id
        n_units    pairable units (coded by at least two coders)
        n_coders   coders with at least one value for the frame
        n_pairable pairable values ``n``
        prevalence share of 1s among the pairable values (``n_1 / n``)
        agreement  pairwise percent agreement ``sum o_cc / n``
        alpha      nominal Krippendorff's alpha (``nan`` if undefined)
        alpha_low  lower bound of the bootstrap CI
        alpha_high upper bound of the bootstrap CI
        ========== ===========================================================

    Raises
    ------
    InputError
        When a column is missing, a coder coded a unit twice, or a unit has two clusters.
    """
    clusters: pd.Series | None = None
    if cluster_col is not None:
        if cluster_col not in codes.columns:
            raise InputError(f"codes table has no column {cluster_col!r}")
        per_unit = codes.groupby(unit_col, sort=False)[cluster_col].nunique(dropna=False)
        if (per_unit > 1).any():
            bad = per_unit.index[per_unit > 1][0]
            raise InputError(f"unit {bad!r} has more than one {cluster_col!r}")
        clusters = codes.drop_duplicates(unit_col).set_index(unit_col)[cluster_col]
    rows = []
    for frame in frames:
        mat = reliability_matrix(codes, unit_col, coder_col, frame)
        det = alpha_details(mat, "nominal")
        cl = None if clusters is None else clusters.reindex(mat.columns).to_numpy()
        low, high = alpha_bootstrap_ci(
            mat, "nominal", n_boot=n_boot, seed=seed, confidence=confidence, cluster=cl
        )
        n_c = det.value_counts
        ones = float(n_c[pd.to_numeric(n_c.index, errors="coerce") == 1].sum())
        rows.append(
            {
                "frame": frame,
                "n_units": det.n_units,
                "n_coders": int(mat.notna().any(axis=1).sum()),
                "n_pairable": det.n_pairable,
                "prevalence": ones / det.n_pairable if det.n_pairable else float("nan"),
                "agreement": det.observed_agreement,
                "alpha": det.alpha,
                "alpha_low": low,
                "alpha_high": high,
            }
        )
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)
