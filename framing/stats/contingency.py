"""Contingency tables: the chi-square test of independence, Fisher-Freeman-Halton, Cramér's V
and its intervals, adjusted residuals, and :func:`independence_test`, the one kernel every
R x C comparison of framing goes through.

* Pearson chi-square test of independence **without** continuity correction.
* Cramér's V and its bias-corrected form Ṽ (Bergsma 2013, *J. Korean Stat. Soc.* 42:323-328).
  Note that ``scipy.stats.contingency.association(correction=True)`` applies Yates'
  continuity correction, which is a different thing.
* Fisher-Freeman-Halton test for R x C tables: exact by enumeration for small tables, else
  Monte Carlo (SciPy's ``fisher_exact`` with ``MonteCarloMethod``).
* Adjusted standardized residuals (Haberman 1973).
* Intervals of V: dual to the chi-square test (noncentral chi-square), or percentile
  bootstraps resampling units or whole clusters within groups.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special
from scipy import stats as sps

from framing.renames import renamed_keywords
from framing.stats.intervals import noncentral_chi2_ci, noncentral_ci_text
from framing.stats.resampling import Resampling, RngLike, percentile_ci

__all__ = [
    "V_NAME",
    "ChiSquareResult",
    "FFHResult",
    "IndependenceTest",
    "bergsma_v",
    "bergsma_v_from",
    "bootstrap_v_ci",
    "chi2_independence",
    "chi2_statistic_batch",
    "cluster_bootstrap_v_ci",
    "cramers_v",
    "fisher_freeman_halton",
    "haberman_residuals",
    "independence_test",
    "v_noncentral_ci",
]

#: The effect size of :func:`independence_test`, as the tests tables name it.
V_NAME = "Cramer's V (Bergsma bias-corrected)"


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


# --------------------------------------------------------------------------- chi-square, V
@dataclass(frozen=True)
class ChiSquareResult:
    """Pearson chi-square test of independence (no continuity correction).

    Attributes
    ----------
    statistic, df, p:
        The test; ``statistic``/``p`` are ``nan`` and ``df`` 0 when, after dropping empty rows
        and columns, fewer than two rows or columns remain (nothing to test).
    n:
        Observations.
    expected:
        Expected counts of the table without its empty rows and columns.
    min_expected, share_expected_below_5:
        The smallest expected count and the share of cells expected below 5.
    shape:
        Rows and columns left after dropping empty ones.
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

    Parameters
    ----------
    table:
        Counts, R x C.

    Returns
    -------
    ChiSquareResult

    Raises
    ------
    ValueError
        When the table is not 2-D or holds negative counts.
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


def chi2_statistic_batch(
    tables: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Chi-square statistic of a stack of tables, empty margins ignored.

    Parameters
    ----------
    tables:
        B x R x C counts.

    Returns
    -------
    tuple of numpy.ndarray
        ``(chi2, n, r_eff, c_eff)``, each of length B; ``r_eff``/``c_eff`` count the
        non-empty rows and columns.
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


def bergsma_v_from(chi2: Any, n: Any, r: Any, c: Any) -> np.ndarray:
    """Bergsma's bias-corrected V from a chi-square statistic and the table's size (vectorised).

    Parameters
    ----------
    chi2, n:
        Chi-square statistic and observations.
    r, c:
        Non-empty rows and columns.

    Returns
    -------
    numpy.ndarray
        Ṽ; 0 for a table with a single non-empty row or column.
    """
    chi2, n, r, c = (np.asarray(x, dtype=float) for x in (chi2, n, r, c))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi2 = np.maximum(0.0, chi2 / n - (c - 1) * (r - 1) / (n - 1))
        r_t = r - (r - 1) ** 2 / (n - 1)
        c_t = c - (c - 1) ** 2 / (n - 1)
        denom = np.minimum(c_t - 1, r_t - 1)
        v = np.sqrt(phi2 / denom)
    # A table with a single non-empty row or column shows no association at all.
    return np.where((r < 2) | (c < 2), 0.0, v)


def _cramers_v_from(chi2: Any, n: Any, r: Any, c: Any) -> np.ndarray:
    """The uncorrected V of :func:`bergsma_v_from`'s arguments: sqrt(χ² / (n (min(r, c) - 1)))."""
    chi2, n, r, c = (np.asarray(x, dtype=float) for x in (chi2, n, r, c))
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.sqrt(chi2 / (n * (np.minimum(r, c) - 1)))
    return np.where((r < 2) | (c < 2), 0.0, v)


def cramers_v(table: Any) -> float:
    """Cramér's V = sqrt(χ² / (N (min(r, c) - 1))), uncorrected; empty margins dropped.

    Equals ``scipy.stats.contingency.association(table, method="cramer")``.

    Parameters
    ----------
    table:
        Counts, R x C (empty rows and columns do not count).

    Returns
    -------
    float
        V; ``nan`` when fewer than two non-empty rows or columns remain.
    """
    return _v_of(table, _cramers_v_from)


def bergsma_v(table: Any) -> float:
    """Bias-corrected Cramér's Ṽ (Bergsma 2013); empty margins dropped.

    φ̃² = max(0, χ²/n - (k-1)(r-1)/(n-1)); r̃ = r - (r-1)²/(n-1); k̃ likewise;
    Ṽ = sqrt(φ̃² / min(k̃-1, r̃-1)).

    Parameters
    ----------
    table:
        As in :func:`cramers_v`.

    Returns
    -------
    float
        Ṽ; ``nan`` when nothing can be tested.
    """
    return _v_of(table, bergsma_v_from)


def _v_of(table: Any, formula: Callable[..., np.ndarray]) -> float:
    """V of a table by ``formula`` (:func:`_cramers_v_from` or :func:`bergsma_v_from`)."""
    res = chi2_independence(table)
    if res.df == 0:
        return math.nan
    return float(formula(res.statistic, res.n, *res.shape))


@renamed_keywords(n_resamples="n_boot")
def bootstrap_v_ci(
    table: Any,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    bias_corrected: bool = True,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of (Bergsma) Cramér's V, rows resampled independently.

    Each row (group) keeps its total and is redrawn from its observed distribution
    (product-multinomial), i.e. the units of the table (sentences) are resampled within
    group, treating them as independent. Use :func:`cluster_bootstrap_v_ci` when units
    nest in clusters.

    Parameters
    ----------
    table:
        Counts, groups x categories.
    n_boot, confidence, rng:
        The bootstrap's resamples, level and generator (see :mod:`framing.stats.resampling`).
    bias_corrected:
        Bergsma's Ṽ (True) or the plain V.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` when nothing can be tested.
    """
    t = _nonempty(_as_table(table))
    if t.shape[0] < 2 or t.shape[1] < 2:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    boot = np.empty((n_boot,) + t.shape)
    for i, row in enumerate(t):
        boot[:, i, :] = gen.multinomial(int(row.sum()), row / row.sum(), size=n_boot)
    return _v_ci_from_tables(boot, confidence, bias_corrected)


@renamed_keywords(n_resamples="n_boot")
def cluster_bootstrap_v_ci(
    unit_counts: Any,
    unit_groups: Sequence[Any],
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    bias_corrected: bool = True,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of Cramér's V resampling whole clusters within group.

    Clusters are drawn with replacement within each group and summed into a group x
    category table per resample.

    Parameters
    ----------
    unit_counts:
        Clusters x categories: e.g. for each article, the number of its sentences with and
        without a frame.
    unit_groups:
        Each cluster's group (outlet).
    n_boot, confidence, rng, bias_corrected:
        As in :func:`bootstrap_v_ci`.

    Returns
    -------
    tuple of float
        ``(low, high)``.
    """
    counts = np.asarray(unit_counts, dtype=float)
    groups = np.asarray(unit_groups)
    labels = list(dict.fromkeys(groups.tolist()))
    gen = np.random.default_rng(rng)
    boot = np.empty((n_boot, len(labels), counts.shape[1]))
    for i, g in enumerate(labels):
        members = counts[groups == g]
        idx = gen.integers(0, len(members), size=(n_boot, len(members)))
        boot[:, i, :] = members[idx].sum(axis=1)
    return _v_ci_from_tables(boot, confidence, bias_corrected)


def _v_ci_from_tables(
    boot: np.ndarray, confidence: float, bias_corrected: bool
) -> tuple[float, float]:
    formula = bergsma_v_from if bias_corrected else _cramers_v_from
    return percentile_ci(formula(*chi2_statistic_batch(boot)), confidence)


def haberman_residuals(table: Any) -> np.ndarray:
    """Adjusted standardized residuals (O-E)/sqrt(E(1-R_i/N)(1-C_j/N)).

    Equals ``statsmodels.stats.contingency_tables.Table(table, shift_zeros=False)
    .standardized_resids``.

    Parameters
    ----------
    table:
        Counts, R x C (empty rows and columns kept).

    Returns
    -------
    numpy.ndarray
        The shape of ``table``; ``nan`` in rows/columns with a zero margin.
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


def _bergsma_denominator(n: int, r: int, c: int) -> float:
    r_t = r - (r - 1) ** 2 / (n - 1)
    c_t = c - (c - 1) ** 2 / (n - 1)
    return float(min(r_t - 1, c_t - 1))


def v_noncentral_ci(table: Any, alpha: float = 0.05) -> tuple[float, float]:
    """Interval of (Bergsma) Cramér's V dual to the Pearson chi-square test of ``table``.

    The noncentrality bounds of :func:`framing.stats.intervals.noncentral_chi2_ci` map to
    V = sqrt(lam / (n D)) with Bergsma's denominator D = min(r~ - 1, c~ - 1): the lower bound
    is above 0 exactly when the chi-square p is below ``alpha``, and the bias-corrected V
    (whose phi^2 subtracts the expected chi-square under independence) lies between the
    bounds. Each bound is one-sided (1 - alpha); together a (1 - 2 alpha) interval. Empty
    rows and columns are dropped first.

    Parameters
    ----------
    table:
        Counts, R x C.
    alpha:
        Level of each one-sided bound.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` when nothing can be tested.
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


# --------------------------------------------------------------------------- exact tests
@dataclass(frozen=True)
class FFHResult:
    """Fisher-Freeman-Halton test.

    Attributes
    ----------
    p:
        The p-value.
    method:
        ``exact`` or ``monte carlo``.
    n_tables:
        Tables enumerated (exact) or Monte Carlo draws.
    """

    p: float
    method: str
    n_tables: int

    @property
    def description(self) -> str:
        """How p was made, for a ``method`` text (``Fisher-Freeman-Halton exact (12 tables)``)."""
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


def _compositions(total: int, caps: np.ndarray) -> Iterator[np.ndarray]:
    """All integer vectors x with 0 <= x_i <= caps_i and sum(x) == total."""
    k = len(caps)
    suffix = np.concatenate([np.cumsum(caps[::-1])[::-1], [0]])
    x = np.zeros(k, dtype=int)

    def rec(i: int, left: int) -> Iterator[np.ndarray]:
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


@renamed_keywords(n_resamples="n_mc", max_tables="exact_max_tables")
def fisher_freeman_halton(
    table: Any,
    *,
    n_mc: int = 9999,
    rng: RngLike = None,
    exact: bool | None = None,
    exact_max_tables: int = 50_000,
) -> FFHResult:
    """Fisher-Freeman-Halton test of independence for an R x C table.

    p = sum of P(t) over tables t with the observed margins and P(t) <= P(observed).
    2 x 2 tables use SciPy's exact test. Empty rows/columns are dropped first.

    Parameters
    ----------
    table:
        Counts, R x C.
    n_mc:
        Monte Carlo draws (formerly ``n_resamples``): ``scipy.stats.fisher_exact`` with
        ``MonteCarloMethod(n_mc, rng)``.
    rng:
        Seed or generator of the Monte Carlo draws.
    exact:
        None enumerates when a bound on the number of tables with these margins is at most
        ``exact_max_tables`` and otherwise falls back to Monte Carlo; True insists on
        enumeration; False always uses Monte Carlo.
    exact_max_tables:
        The enumeration budget (formerly ``max_tables``).

    Returns
    -------
    FFHResult
        p = 1 for a table with one row or column.

    Raises
    ------
    ValueError
        With ``exact=True`` when more than ``exact_max_tables`` tables share the margins.
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
        if exact or bound <= exact_max_tables:
            try:
                p, count = _ffh_exact(t, exact_max_tables)
                return FFHResult(p, "exact", count)
            except _TooMany:
                if exact:
                    raise ValueError(
                        f"more than {exact_max_tables} tables share these margins; use exact=False"
                    ) from None
    gen = np.random.default_rng(rng)
    res = sps.fisher_exact(
        t.astype(int), method=sps.MonteCarloMethod(n_resamples=n_mc, rng=gen)
    )
    # SciPy returns the p of a table with more cells than observations as a one-element array
    return FFHResult(_scalar(res.pvalue), "monte carlo", n_mc)


def _scalar(value: Any) -> float:
    """A float from a number, a 0-d array or a one-element array (as SciPy returns them)."""
    arr = np.asarray(value, dtype=float)
    if arr.size != 1:
        raise ValueError(f"expected one number, got an array of shape {arr.shape}")
    return float(arr.reshape(-1)[0])


# --------------------------------------------------------------------------- the kernel
@dataclass(frozen=True)
class IndependenceTest:
    """The test of an R x C table of :func:`independence_test`, ready for a tests table.

    Attributes
    ----------
    n:
        Observations (the table's total).
    statistic, df:
        Pearson chi-square and its degrees of freedom (``nan``/0 when not tested).
    p:
        The test's p: Fisher-Freeman-Halton's when expected counts are small, else chi-square's.
    p_chi2:
        The chi-square p in any case.
    effect:
        Bergsma's bias-corrected V (:data:`V_NAME`).
    ci:
        Its interval dual to the chi-square test; ``(nan, nan)`` when not asked for.
    method:
        How p, V and the interval were made (empty when not tested).
    note:
        Caveats: why nothing was tested, or that p is an exact one.
    """

    n: int
    statistic: float = math.nan
    df: int = 0
    p: float = math.nan
    p_chi2: float = math.nan
    effect: float = math.nan
    ci: tuple[float, float] = (math.nan, math.nan)
    method: str = ""
    note: str = ""

    @property
    def tested(self) -> bool:
        """Whether the table could be tested (two non-empty rows and columns)."""
        return math.isfinite(self.statistic)


def independence_test(
    table: Any,
    *,
    alpha: float = 0.05,
    resampling: Resampling | None = None,
    key: Sequence[Any] = (),
    with_ci: bool = True,
) -> IndependenceTest:
    """Chi-square test of independence, with Fisher-Freeman-Halton p when expected counts are
    small, Bergsma's V and its interval dual to the chi-square test.

    Parameters
    ----------
    table:
        Counts, groups x categories.
    alpha:
        The significance level each bound of the interval is one-sided at.
    resampling:
        ``n_mc``, ``exact_max_tables`` and the seed of the Fisher-Freeman-Halton draws
        (default: :class:`~framing.stats.resampling.Resampling`'s defaults).
    key:
        What the table is (e.g. ``("chi2", "threat")``): with the seed, it fixes the draws
        (:meth:`Resampling.rng` of ``"ffh", *key``).
    with_ci:
        Compute the interval of V.

    Returns
    -------
    IndependenceTest
        Not tested (``note`` says why) when fewer than two rows or columns hold counts.
    """
    opts = resampling if resampling is not None else Resampling()
    t = np.asarray(table, dtype=float)
    n = int(t.sum())
    used = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if used.shape[0] < 2:
        return IndependenceTest(n, note="fewer than two groups with units: nothing to test")
    if used.shape[1] < 2:
        return IndependenceTest(n, note="every unit falls in one category: nothing to test")
    chi = chi2_independence(t)
    method = "Pearson chi-square (no continuity correction); Bergsma bias-corrected V"
    p = chi.p
    note = ""
    if chi.small_expected:
        ffh = fisher_freeman_halton(
            t, n_mc=opts.n_mc, rng=opts.rng("ffh", *key), exact_max_tables=opts.exact_max_tables
        )
        p = ffh.p
        method += f"; p from {ffh.description}"
        note = (
            f"{chi.share_expected_below_5:.0%} of expected counts < 5 (min "
            f"{chi.min_expected:.2f}): p from Fisher-Freeman-Halton; chi-square p = {chi.p:.4g}"
        )
    ci: tuple[float, float] = (math.nan, math.nan)
    if with_ci:
        ci = v_noncentral_ci(t, alpha)
        method += f"; CI: {noncentral_ci_text(alpha, chi.p if chi.small_expected else None)}"
    return IndependenceTest(n, chi.statistic, chi.df, p, chi.p, bergsma_v(t), ci, method, note)
