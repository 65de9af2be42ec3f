"""Statistical primitives on arrays and contingency tables.

Pure functions, no pandas tables of the pipeline: everything here takes counts, samples or
p-values and returns numbers, so each one can be checked against SciPy, statsmodels or a
published value. Randomised procedures take ``rng`` (an ``int`` seed or a
``numpy.random.Generator``) and are reproducible for a fixed seed.

Formulas
--------
* Wilson score interval (Wilson 1927) for a binomial proportion.
* Pearson chi-square test of independence **without** continuity correction.
* Cramér's V and its bias-corrected form Ṽ (Bergsma 2013, *J. Korean Stat. Soc.* 42:323-328).
  Note that ``scipy.stats.contingency.association(correction=True)`` applies Yates'
  continuity correction, which is a different thing.
* Fisher-Freeman-Halton test for R x C tables: exact by enumeration for small tables, else
  Monte Carlo (SciPy's ``fisher_exact`` with ``MonteCarloMethod``).
* Adjusted standardized residuals (Haberman 1973).
* Kruskal-Wallis H with tie correction and its effect sizes ε² = H/(N-1) and
  η²_H = (H-k+1)/(N-k) (Tomczak & Tomczak 2014).
* Dunn's (1964) pairwise z test on mean ranks with the tie correction.
* Benjamini-Hochberg (1995) and Holm (1979) adjusted p-values.
* Percentile bootstrap intervals, optionally resampling whole clusters (articles).
* Noncentral chi-square intervals of a chi-square-distributed statistic (Steiger & Fouladi
  1997; Smithson 2003): each bound is a one-sided (1 - alpha) bound, so the lower bound of
  the effect is above 0 exactly when the test's p is below alpha (the interval is *dual* to
  the test); together they make a (1 - 2 alpha) interval (90% at alpha = .05).
* A cluster-robust (CR1) t interval of a mean over clustered values (a ratio estimator).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from scipy import special
from scipy import stats as sps

RngLike = int | np.random.Generator | None

__all__ = [
    "ChiSquareResult",
    "FFHResult",
    "KruskalResult",
    "benjamini_hochberg",
    "bergsma_v",
    "bootstrap_mean_ci",
    "bootstrap_v_ci",
    "chi2_independence",
    "cliffs_delta",
    "cliffs_delta_ci",
    "cluster_bootstrap_v_ci",
    "cluster_mean_ci",
    "cramers_v",
    "dunn_test",
    "epsilon_squared_ci",
    "fisher_freeman_halton",
    "haberman_residuals",
    "holm",
    "kruskal_eta_squared_ci",
    "kruskal_wallis",
    "noncentral_chi2_ci",
    "p_adjust",
    "v_noncentral_ci",
    "wilson_ci",
]


# --------------------------------------------------------------------------- proportions
def wilson_ci(k: Any, n: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``k`` successes in ``n`` trials (vectorised).

    Returns ``(low, high)`` arrays (scalars broadcast); ``nan`` where ``n == 0``.
    Equals ``statsmodels.stats.proportion.proportion_confint(k, n, method="wilson")``.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = sps.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


# --------------------------------------------------------------------------- tables
def _as_table(table: Any) -> np.ndarray:
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2:
        raise ValueError(f"a contingency table must be 2-D, got shape {arr.shape}")
    if (arr < 0).any():
        raise ValueError("a contingency table cannot hold negative counts")
    return arr


def _nonempty(table: np.ndarray) -> np.ndarray:
    """Drop rows and columns whose margin is zero (they carry no information)."""
    return table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]


@dataclass(frozen=True)
class ChiSquareResult:
    """Pearson chi-square test of independence (no continuity correction).

    ``statistic``/``p`` are ``nan`` and ``df`` 0 when, after dropping empty rows and
    columns, fewer than two rows or columns remain (nothing to test).
    """

    statistic: float
    df: int
    p: float
    n: int
    expected: np.ndarray = field(repr=False)
    min_expected: float
    share_expected_below_5: float
    shape: tuple[int, int]

    @property
    def small_expected(self) -> bool:
        """True when more than 20% of cells have an expected count below 5 (Cochran)."""
        return self.share_expected_below_5 > 0.20


def chi2_independence(table: Any) -> ChiSquareResult:
    """Pearson chi-square of an R x C table, without Yates' correction.

    Empty rows/columns are dropped first. Matches
    ``scipy.stats.chi2_contingency(table, correction=False)`` on tables without empty margins.
    """
    t = _nonempty(_as_table(table))
    n = int(round(t.sum()))
    if t.shape[0] < 2 or t.shape[1] < 2:
        return ChiSquareResult(math.nan, 0, math.nan, n, t.copy(), math.nan, math.nan, t.shape)
    res = sps.chi2_contingency(t, correction=False)
    expected = np.asarray(res.expected_freq)
    return ChiSquareResult(
        statistic=float(res.statistic),
        df=int(res.dof),
        p=float(res.pvalue),
        n=n,
        expected=expected,
        min_expected=float(expected.min()),
        share_expected_below_5=float((expected < 5).mean()),
        shape=t.shape,
    )


def _chi2_stat_batch(tables: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Chi-square statistic of a stack of tables (B x R x C), empty margins ignored.

    Returns ``(chi2, n, r_eff, c_eff)`` where ``r_eff``/``c_eff`` count non-empty margins.
    """
    rows = tables.sum(axis=2, keepdims=True)
    cols = tables.sum(axis=1, keepdims=True)
    n = tables.sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows * cols / n[:, None, None]
        contrib = np.where(expected > 0, (tables - expected) ** 2 / expected, 0.0)
    chi2 = contrib.sum(axis=(1, 2))
    r_eff = (rows[:, :, 0] > 0).sum(axis=1)
    c_eff = (cols[:, 0, :] > 0).sum(axis=1)
    return chi2, n, r_eff, c_eff


def _bergsma_from(chi2: Any, n: Any, r: Any, c: Any) -> np.ndarray:
    chi2, n, r, c = (np.asarray(x, dtype=float) for x in (chi2, n, r, c))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi2 = np.maximum(0.0, chi2 / n - (c - 1) * (r - 1) / (n - 1))
        r_t = r - (r - 1) ** 2 / (n - 1)
        c_t = c - (c - 1) ** 2 / (n - 1)
        denom = np.minimum(c_t - 1, r_t - 1)
        v = np.sqrt(phi2 / denom)
    # A table with a single non-empty row or column shows no association at all.
    return np.where((r < 2) | (c < 2), 0.0, v)


def cramers_v(table: Any) -> float:
    """Cramér's V = sqrt(χ² / (N (min(r, c) - 1))), uncorrected; empty margins dropped.

    Equals ``scipy.stats.contingency.association(table, method="cramer")``.
    Returns ``nan`` when fewer than two non-empty rows or columns remain.
    """
    res = chi2_independence(table)
    if res.df == 0:
        return math.nan
    r, c = res.shape
    return float(math.sqrt(res.statistic / (res.n * (min(r, c) - 1))))


def bergsma_v(table: Any) -> float:
    """Bias-corrected Cramér's Ṽ (Bergsma 2013); empty margins dropped.

    φ̃² = max(0, χ²/n - (k-1)(r-1)/(n-1)); r̃ = r - (r-1)²/(n-1); k̃ likewise;
    Ṽ = sqrt(φ̃² / min(k̃-1, r̃-1)). Returns ``nan`` when nothing can be tested.
    """
    res = chi2_independence(table)
    if res.df == 0:
        return math.nan
    r, c = res.shape
    return float(_bergsma_from(res.statistic, res.n, r, c))


def _percentile_ci(samples: np.ndarray, confidence: float) -> tuple[float, float]:
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return math.nan, math.nan
    alpha = (1 - confidence) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha])
    return float(low), float(high)


def bootstrap_v_ci(
    table: Any,
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    bias_corrected: bool = True,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap CI of (Bergsma) Cramér's V, rows resampled independently.

    Each row (group) keeps its total and is redrawn from its observed distribution
    (product-multinomial), i.e. the units of the table (sentences) are resampled within
    group, treating them as independent. Use :func:`cluster_bootstrap_v_ci` when units
    nest in clusters.
    """
    t = _nonempty(_as_table(table))
    if t.shape[0] < 2 or t.shape[1] < 2:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    boot = np.empty((n_resamples,) + t.shape)
    for i, row in enumerate(t):
        boot[:, i, :] = gen.multinomial(int(row.sum()), row / row.sum(), size=n_resamples)
    return _v_ci_from_tables(boot, confidence, bias_corrected)


def cluster_bootstrap_v_ci(
    unit_counts: Any,
    unit_groups: Sequence[Any],
    *,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    bias_corrected: bool = True,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap CI of Cramér's V resampling whole clusters within group.

    ``unit_counts`` is a (clusters x categories) array: e.g. for each article, the number
    of its sentences with and without a frame; ``unit_groups`` gives each cluster's group
    (outlet). Clusters are drawn with replacement within each group and summed into a
    group x category table per resample.
    """
    counts = np.asarray(unit_counts, dtype=float)
    groups = np.asarray(unit_groups)
    labels = list(dict.fromkeys(groups.tolist()))
    gen = np.random.default_rng(rng)
    boot = np.empty((n_resamples, len(labels), counts.shape[1]))
    for i, g in enumerate(labels):
        members = counts[groups == g]
        idx = gen.integers(0, len(members), size=(n_resamples, len(members)))
        boot[:, i, :] = members[idx].sum(axis=1)
    return _v_ci_from_tables(boot, confidence, bias_corrected)


def _v_ci_from_tables(
    boot: np.ndarray, confidence: float, bias_corrected: bool
) -> tuple[float, float]:
    chi2, n, r, c = _chi2_stat_batch(boot)
    if bias_corrected:
        v = _bergsma_from(chi2, n, r, c)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where((r < 2) | (c < 2), 0.0, np.sqrt(chi2 / (n * (np.minimum(r, c) - 1))))
    return _percentile_ci(v, confidence)


def haberman_residuals(table: Any) -> np.ndarray:
    """Adjusted standardized residuals (O-E)/sqrt(E(1-R_i/N)(1-C_j/N)).

    Same shape as ``table``; ``nan`` in rows/columns with a zero margin. Equals
    ``statsmodels.stats.contingency_tables.Table(table, shift_zeros=False).standardized_resids``.
    """
    t = _as_table(table)
    n = t.sum()
    rows = t.sum(axis=1, keepdims=True)
    cols = t.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows * cols / n
        var = expected * (1 - rows / n) * (1 - cols / n)
        res = (t - expected) / np.sqrt(var)
    return np.where(var > 0, res, np.nan)


# --------------------------------------------------------------------------- dual intervals
def _ncx2_root(f, target: float, hi: float) -> float:
    """The noncentrality where the decreasing/increasing ``f(lam) - target`` changes sign."""
    from scipy.optimize import brentq

    g = lambda lam: f(lam) - target  # noqa: E731
    lo = 0.0
    while np.sign(g(hi)) == np.sign(g(lo)):
        lo, hi = hi, hi * 2
        if hi > 1e9:  # pragma: no cover - a statistic this large has no useful bound
            return math.nan
    return float(brentq(g, lo, hi, xtol=1e-10, rtol=1e-12, maxiter=500))


def noncentral_chi2_ci(statistic: float, df: int, alpha: float = 0.05) -> tuple[float, float]:
    """Bounds ``(lam_low, lam_high)`` of the noncentrality of a chi-square statistic.

    ``lam_low`` is the one-sided (1 - alpha) lower bound: the noncentrality at which the
    observed statistic is the upper-alpha point, P(X >= stat; lam_low) = alpha, and 0 when
    the test's p = P(X >= stat; 0) is at least alpha. So ``lam_low > 0`` exactly when
    ``p < alpha``: the interval is dual to the chi-square test. ``lam_high`` solves
    P(X <= stat; lam_high) = alpha (0 when even lam = 0 puts less than alpha below the
    statistic). Together a (1 - 2 alpha) interval (Steiger & Fouladi 1997; as in R's
    MBESS::conf.limits.nc.chisq). ``nan`` when the statistic or df is not usable.
    """
    stat = float(statistic)
    if not (np.isfinite(stat) and df and df > 0 and 0 < alpha < 0.5):
        return math.nan, math.nan
    stat = max(stat, 0.0)
    hi = stat + 10 * math.sqrt(stat + df) + 10
    p = float(sps.chi2.sf(stat, df))
    low = 0.0
    if p < alpha:
        low = _ncx2_root(lambda lam: sps.ncx2.sf(stat, df, lam) if lam > 0 else p, alpha, hi)
    high = 0.0
    if 1 - p > alpha:
        high = _ncx2_root(
            lambda lam: sps.ncx2.cdf(stat, df, lam) if lam > 0 else 1 - p, alpha, hi
        )
    return low, high


def _bergsma_denominator(n: int, r: int, c: int) -> float:
    r_t = r - (r - 1) ** 2 / (n - 1)
    c_t = c - (c - 1) ** 2 / (n - 1)
    return float(min(r_t - 1, c_t - 1))


def v_noncentral_ci(table: Any, alpha: float = 0.05) -> tuple[float, float]:
    """Interval of (Bergsma) Cramér's V dual to the Pearson chi-square test of ``table``.

    The noncentrality bounds of :func:`noncentral_chi2_ci` map to V = sqrt(lam / (n D))
    with Bergsma's denominator D = min(r~ - 1, c~ - 1): the lower bound is above 0 exactly
    when the chi-square p is below ``alpha``, and the bias-corrected V (whose phi^2
    subtracts the expected chi-square under independence) lies between the bounds. Each
    bound is one-sided (1 - alpha); together a (1 - 2 alpha) interval. Empty rows and
    columns are dropped first; ``nan`` when nothing can be tested.
    """
    res = chi2_independence(table)
    if res.df == 0 or res.n < 2:
        return math.nan, math.nan
    low, high = noncentral_chi2_ci(res.statistic, res.df, alpha)
    denom = _bergsma_denominator(res.n, *res.shape)
    if not denom > 0:
        return math.nan, math.nan
    return (
        float(min(1.0, math.sqrt(low / (res.n * denom)))),
        float(min(1.0, math.sqrt(high / (res.n * denom)))),
    )


def kruskal_eta_squared_ci(
    statistic: float, n: int, k: int, alpha: float = 0.05
) -> tuple[float, float]:
    """Interval of eta^2_H = (H - k + 1) / (n - k) dual to the Kruskal-Wallis test.

    H is referred to chi-square(k - 1) by the test; its noncentrality bounds
    (:func:`noncentral_chi2_ci`) map to lam / (n - k). The lower bound is above 0 exactly
    when the Kruskal-Wallis p is below ``alpha``; eta^2_H (clipped at 0) lies between the
    bounds. An approximation (H is only asymptotically noncentral chi-square under an
    alternative), stated as such in the methods. ``nan`` when not defined.
    """
    if not (np.isfinite(statistic) and n > k >= 2):
        return math.nan, math.nan
    low, high = noncentral_chi2_ci(statistic, k - 1, alpha)
    return float(min(1.0, low / (n - k))), float(min(1.0, high / (n - k)))


def cluster_mean_ci(
    values: Any, clusters: Any, confidence: float = 0.95
) -> tuple[float, float]:
    """CR1 cluster-robust t interval of the mean of all values (a ratio estimator).

    mean = sum(y) / m; var = G / (G - 1) * sum_g (sum_{i in g} (y_i - mean))^2 / m^2, with
    t on G - 1 degrees of freedom (G clusters). It holds with few clusters far better than
    a cluster bootstrap, which has only a handful of distinct resamples then. NaNs are
    dropped; ``nan`` with fewer than two clusters.
    """
    v = np.asarray(values, dtype=float)
    c = np.asarray(clusters)
    keep = ~np.isnan(v)
    v, c = v[keep], c[keep]
    labels, inverse = np.unique(c, return_inverse=True)
    g = labels.size
    if g < 2:
        return math.nan, math.nan
    mean = v.mean()
    resid = np.bincount(inverse, weights=v - mean, minlength=g)
    var = g / (g - 1) * float((resid**2).sum()) / v.size**2
    half = float(sps.t.ppf(0.5 + confidence / 2, g - 1)) * math.sqrt(var)
    return float(mean - half), float(mean + half)


# --------------------------------------------------------------------------- exact tests
@dataclass(frozen=True)
class FFHResult:
    """Fisher-Freeman-Halton test. ``method`` is ``exact`` or ``monte carlo``."""

    p: float
    method: str
    n_tables: int  # tables enumerated (exact) or Monte Carlo draws

    @property
    def description(self) -> str:
        if self.method == "exact":
            return f"Fisher-Freeman-Halton exact ({self.n_tables} tables)"
        return f"Fisher-Freeman-Halton Monte Carlo ({self.n_tables} draws)"


class _TooMany(Exception):
    pass


def _ffh_exact(t: np.ndarray, max_tables: int) -> tuple[float, int]:
    """Exact FFH p by enumerating all tables with the observed margins."""
    t = t.astype(int)
    rows = t.sum(axis=1)
    cols = t.sum(axis=0)
    n = int(t.sum())
    const = (
        special.gammaln(rows + 1).sum() + special.gammaln(cols + 1).sum() - special.gammaln(n + 1)
    )
    log_obs = const - special.gammaln(t + 1).sum()
    r, c = t.shape
    total = 0.0
    count = 0
    tol = 1e-7  # P(t) <= P_obs (1 + 1e-7): relative tolerance as in R's fisher.test

    def rec(j: int, remaining_rows: np.ndarray, acc: float) -> None:
        nonlocal total, count
        if j == c - 1:
            # The last column is forced by the remaining row totals.
            count += 1
            if count > max_tables:
                raise _TooMany
            logp = const + acc - special.gammaln(remaining_rows + 1).sum()
            if logp <= log_obs + tol:
                total += math.exp(logp)
            return
        for column in _compositions(int(cols[j]), remaining_rows):
            rec(j + 1, remaining_rows - column, acc - special.gammaln(column + 1).sum())

    # ``acc`` accumulates -sum(log O_ij!) over the columns filled so far.
    rec(0, rows.copy(), 0.0)
    return min(1.0, total), count


def _compositions(total: int, caps: np.ndarray):
    """All integer vectors x with 0 <= x_i <= caps_i and sum(x) == total."""
    k = len(caps)
    suffix = np.concatenate([np.cumsum(caps[::-1])[::-1], [0]])
    x = np.zeros(k, dtype=int)

    def rec(i: int, left: int):
        if i == k - 1:
            if left <= caps[i]:
                x[i] = left
                yield x.copy()
            return
        low = max(0, left - int(suffix[i + 1]))
        high = min(int(caps[i]), left)
        for v in range(low, high + 1):
            x[i] = v
            yield from rec(i + 1, left - v)

    if total > suffix[0]:
        return
    yield from rec(0, total)


def fisher_freeman_halton(
    table: Any,
    *,
    n_resamples: int = 9999,
    rng: RngLike = None,
    exact: bool | None = None,
    max_tables: int = 50_000,
) -> FFHResult:
    """Fisher-Freeman-Halton test of independence for an R x C table.

    p = sum of P(t) over tables t with the observed margins and P(t) <= P(observed).
    ``exact=None`` enumerates when a bound on the number of tables with these margins is at
    most ``max_tables`` and otherwise falls back
    to Monte Carlo (``scipy.stats.fisher_exact`` with ``MonteCarloMethod(n_resamples, rng)``);
    ``exact=True`` insists on enumeration (raises ``ValueError`` if too large),
    ``exact=False`` always uses Monte Carlo. 2 x 2 tables use SciPy's exact test.
    Empty rows/columns are dropped first; a table with one row or column gives p = 1.
    """
    t = _nonempty(_as_table(table))
    if t.shape[0] < 2 or t.shape[1] < 2:
        return FFHResult(1.0, "exact", 1)
    if exact is not False and t.shape == (2, 2):
        return FFHResult(float(sps.fisher_exact(t.astype(int)).pvalue), "exact", 0)
    if exact is not False:
        # Cheap upper bound on the number of tables: each column but the last is one of
        # C(C_j + r - 1, r - 1) compositions. Enumerate only when the bound (or, if insisted
        # upon, the actual count) fits the budget.
        r = t.shape[0]
        cols = t.sum(axis=0).astype(int)
        bound = math.prod(math.comb(int(cj) + r - 1, r - 1) for cj in cols[:-1])
        if exact or bound <= max_tables:
            try:
                p, count = _ffh_exact(t, max_tables)
                return FFHResult(p, "exact", count)
            except _TooMany:
                if exact:
                    raise ValueError(
                        f"more than {max_tables} tables share these margins; use exact=False"
                    ) from None
    gen = np.random.default_rng(rng)
    res = sps.fisher_exact(
        t.astype(int), method=sps.MonteCarloMethod(n_resamples=n_resamples, rng=gen)
    )
    # SciPy returns the p of a table with more cells than observations as a one-element array
    return FFHResult(_scalar(res.pvalue), "monte carlo", n_resamples)


def _scalar(value: Any) -> float:
    """A float from a number, a 0-d array or a one-element array (as SciPy returns them)."""
    arr = np.asarray(value, dtype=float)
    if arr.size != 1:
        raise ValueError(f"expected one number, got an array of shape {arr.shape}")
    return float(arr.reshape(-1)[0])


# --------------------------------------------------------------------------- rank tests
@dataclass(frozen=True)
class KruskalResult:
    """Kruskal-Wallis H test with effect sizes.

    ``epsilon_squared`` = H/(N-1); ``eta_squared`` = (H-k+1)/(N-k). ``nan`` throughout when
    fewer than two non-empty groups exist or all values are equal.
    """

    statistic: float
    df: int
    p: float
    n: int
    k: int
    epsilon_squared: float
    eta_squared: float


def kruskal_wallis(samples: Sequence[Any]) -> KruskalResult:
    """Kruskal-Wallis H (tie-corrected, via ``scipy.stats.kruskal``) with ε² and η²_H.

    NaNs are dropped from every sample; empty samples are ignored.
    """
    clean = [np.asarray(s, dtype=float) for s in samples]
    clean = [s[~np.isnan(s)] for s in clean]
    clean = [s for s in clean if s.size]
    n = int(sum(s.size for s in clean))
    k = len(clean)
    if k < 2:
        return KruskalResult(math.nan, max(k - 1, 0), math.nan, n, k, math.nan, math.nan)
    pooled = np.concatenate(clean)
    if np.all(pooled == pooled[0]):
        return KruskalResult(math.nan, k - 1, math.nan, n, k, math.nan, math.nan)
    res = sps.kruskal(*clean)
    h = float(res.statistic)
    eps2 = h / (n - 1)
    eta2 = (h - k + 1) / (n - k) if n > k else math.nan
    return KruskalResult(h, k - 1, float(res.pvalue), n, k, eps2, eta2)


def _kruskal_h(samples: list[np.ndarray]) -> float:
    pooled = np.concatenate(samples)
    if pooled.size == 0 or np.all(pooled == pooled[0]):
        return math.nan
    return float(sps.kruskal(*samples).statistic)


def _kruskal_h_batch(x: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """Tie-corrected Kruskal-Wallis H of each row of ``x`` (B x N, groups in blocks).

    Uses Σ_groups(t³ - t) = Σ_elements(t_i² - 1), with t_i the size of element i's tie group
    (max rank - min rank + 1). Rows whose values are all equal give ``nan``.
    """
    n = x.shape[1]
    low = sps.rankdata(x, axis=1, method="min")
    high = sps.rankdata(x, axis=1, method="max")
    ranks = (low + high) / 2
    ties = ((high - low + 1) ** 2 - 1).sum(axis=1)
    bounds = np.cumsum([0, *sizes])
    ssr = sum(
        ranks[:, bounds[i] : bounds[i + 1]].sum(axis=1) ** 2 / sizes[i] for i in range(len(sizes))
    )
    h = 12 / (n * (n + 1)) * ssr - 3 * (n + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        correction = 1 - ties / (n**3 - n)
        return np.where(correction > 0, h / correction, np.nan)


def epsilon_squared_ci(
    samples: Sequence[Any],
    *,
    clusters: Sequence[Any] | None = None,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap CI of Kruskal-Wallis ε², resampling within each group.

    With ``clusters`` (a sequence, per sample, of cluster labels of its values) whole
    clusters are resampled within each group instead of single values.
    """
    data = [np.asarray(s, dtype=float) for s in samples]
    keep = [~np.isnan(s) for s in data]
    data = [s[m] for s, m in zip(data, keep, strict=True)]
    cl = None
    if clusters is not None:
        cl = [np.asarray(c)[m] for c, m in zip(clusters, keep, strict=True)]
    nonempty = [i for i, s in enumerate(data) if s.size]
    if len(nonempty) < 2:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    n = sum(data[i].size for i in nonempty)
    if cl is None:
        blocks = [
            data[i][gen.integers(0, data[i].size, (n_resamples, data[i].size))] for i in nonempty
        ]
        h = _kruskal_h_batch(np.concatenate(blocks, axis=1), [data[i].size for i in nonempty])
        return _percentile_ci(np.where(np.isfinite(h), h / (n - 1), 0.0), confidence)
    est = np.empty(n_resamples)
    for b in range(n_resamples):
        drawn = []
        for i in nonempty:
            drawn.append(_draw_clusters(data[i], cl[i], gen))
        h = _kruskal_h(drawn)
        est[b] = h / (sum(d.size for d in drawn) - 1) if np.isfinite(h) else 0.0
    return _percentile_ci(est, confidence)


def dunn_test(samples: Sequence[Any], labels: Sequence[str]) -> list[dict[str, Any]]:
    """Dunn's pairwise test with tie correction (unadjusted two-sided p).

    z_ij = (R̄_i - R̄_j) / sqrt([N(N+1)/12 - Σ(t³-t)/(12(N-1))] (1/n_i + 1/n_j)), ranks taken
    over all groups together. Returns one dict per pair (in label order) with
    ``group1, group2, n1, n2, mean_rank1, mean_rank2, z, p``. Matches
    ``scikit_posthocs.posthoc_dunn`` (which returns only the p matrix).
    """
    data = [np.asarray(s, dtype=float) for s in samples]
    data = [s[~np.isnan(s)] for s in data]
    pooled = np.concatenate(data) if data else np.array([])
    n = pooled.size
    ranks = sps.rankdata(pooled)
    _, tie_counts = np.unique(pooled, return_counts=True)
    ties = float(((tie_counts**3) - tie_counts).sum())
    base = n * (n + 1) / 12 - ties / (12 * (n - 1)) if n > 1 else math.nan
    bounds = np.cumsum([0] + [s.size for s in data])
    mean_ranks = [
        float(ranks[bounds[i] : bounds[i + 1]].mean()) if data[i].size else math.nan
        for i in range(len(data))
    ]
    out = []
    for i, j in combinations(range(len(data)), 2):
        ni, nj = data[i].size, data[j].size
        if ni == 0 or nj == 0 or not base > 0:
            z = p = math.nan
        else:
            z = (mean_ranks[i] - mean_ranks[j]) / math.sqrt(base * (1 / ni + 1 / nj))
            p = float(2 * sps.norm.sf(abs(z)))
        out.append(
            dict(
                group1=labels[i],
                group2=labels[j],
                n1=int(ni),
                n2=int(nj),
                mean_rank1=mean_ranks[i],
                mean_rank2=mean_ranks[j],
                z=float(z),
                p=p,
            )
        )
    return out


def cliffs_delta(x: Any, y: Any) -> float:
    """Cliff's δ = P(X > Y) - P(X < Y) (= rank-biserial correlation of Mann-Whitney U)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    if x.size == 0 or y.size == 0:
        return math.nan
    u = sps.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").statistic
    return float(2 * u / (x.size * y.size) - 1)


def _delta_batch(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cliff's δ of B paired resamples (rows of x and y), via average ranks."""
    nx, ny = x.shape[1], y.shape[1]
    ranks = sps.rankdata(np.concatenate([x, y], axis=1), axis=1)
    u = ranks[:, :nx].sum(axis=1) - nx * (nx + 1) / 2
    return 2 * u / (nx * ny) - 1


def cliffs_delta_ci(
    x: Any,
    y: Any,
    *,
    clusters_x: Any = None,
    clusters_y: Any = None,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap CI of Cliff's δ; whole clusters resampled when given."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    mx, my = ~np.isnan(x), ~np.isnan(y)
    x, y = x[mx], y[my]
    if x.size == 0 or y.size == 0:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    if clusters_x is None and clusters_y is None:
        bx = x[gen.integers(0, x.size, (n_resamples, x.size))]
        by = y[gen.integers(0, y.size, (n_resamples, y.size))]
        return _percentile_ci(_delta_batch(bx, by), confidence)
    cx = np.asarray(clusters_x)[mx] if clusters_x is not None else np.arange(x.size)
    cy = np.asarray(clusters_y)[my] if clusters_y is not None else np.arange(y.size)
    est = np.empty(n_resamples)
    for b in range(n_resamples):
        est[b] = cliffs_delta(_draw_clusters(x, cx, gen), _draw_clusters(y, cy, gen))
    return _percentile_ci(est, confidence)


def _draw_clusters(values: np.ndarray, clusters: np.ndarray, gen: np.random.Generator):
    labels = np.unique(clusters)
    pick = labels[gen.integers(0, labels.size, labels.size)]
    return np.concatenate([values[clusters == lab] for lab in pick])


def bootstrap_mean_ci(
    values: Any,
    *,
    clusters: Any = None,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap CI of a mean; NaNs dropped.

    Without ``clusters`` values are resampled; with ``clusters`` whole clusters (articles)
    are resampled and the mean taken over all their values (a cluster bootstrap).
    Returns ``(nan, nan)`` for an empty sample; a single value gives a zero-width interval.
    """
    v = np.asarray(values, dtype=float)
    mask = ~np.isnan(v)
    v = v[mask]
    if v.size == 0:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    if clusters is None:
        idx = gen.integers(0, v.size, (n_resamples, v.size))
        return _percentile_ci(v[idx].mean(axis=1), confidence)
    c = np.asarray(clusters)[mask]
    labels, inverse = np.unique(c, return_inverse=True)
    sums = np.bincount(inverse, weights=v)
    sizes = np.bincount(inverse).astype(float)
    pick = gen.integers(0, labels.size, (n_resamples, labels.size))
    return _percentile_ci(sums[pick].sum(axis=1) / sizes[pick].sum(axis=1), confidence)


# --------------------------------------------------------------------------- multiplicity
def benjamini_hochberg(p: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values; NaNs stay NaN and do not count towards m.

    p̃_(i) = min_{j >= i} min(1, m p_(j) / j). Equals
    ``scipy.stats.false_discovery_control(p, method="bh")``.
    """
    return p_adjust(p, "bh")


def holm(p: Any) -> np.ndarray:
    """Holm step-down adjusted p-values; NaNs stay NaN.

    p̃_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)).
    """
    return p_adjust(p, "holm")


def p_adjust(p: Any, method: str = "bh") -> np.ndarray:
    """Adjust a family of p-values: ``bh`` (Benjamini-Hochberg), ``holm`` or ``bonferroni``.

    NaNs are kept in place and excluded from the family size m.
    """
    arr = np.asarray(p, dtype=float).ravel()
    out = np.full(arr.shape, np.nan)
    ok = ~np.isnan(arr)
    vals = arr[ok]
    m = vals.size
    if m == 0:
        return out
    order = np.argsort(vals, kind="mergesort")
    ranked = vals[order]
    i = np.arange(1, m + 1)
    if method == "bh":
        adj = np.minimum.accumulate((m * ranked / i)[::-1])[::-1]
    elif method == "holm":
        adj = np.maximum.accumulate((m - i + 1) * ranked)
    elif method == "bonferroni":
        adj = m * ranked
    else:
        raise ValueError(f"unknown adjustment {method!r}: use 'bh', 'holm' or 'bonferroni'")
    result = np.empty(m)
    result[order] = np.minimum(adj, 1.0)
    out[ok] = result
    return out
