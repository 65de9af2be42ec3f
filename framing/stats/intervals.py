"""Confidence intervals that need no resampling.

* Wilson score interval (Wilson 1927) of a binomial proportion.
* Noncentral chi-square intervals of a chi-square-distributed statistic (Steiger & Fouladi
  1997; Smithson 2003): each bound is a one-sided (1 - alpha) bound, so the lower bound of
  the effect is above 0 exactly when the test's p is below alpha (the interval is *dual* to
  the test); together they make a (1 - 2 alpha) interval (90% at alpha = .05). Mapped to
  eta^2_H of Kruskal-Wallis here, to Cramér's V in :mod:`framing.stats.contingency`.
* A cluster-robust (CR1) t interval of a mean over clustered values (a ratio estimator), and
  the plain t interval of a mean.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import stats as sps
from scipy.optimize import brentq

__all__ = [
    "cluster_mean_ci",
    "kruskal_eta_squared_ci",
    "noncentral_chi2_ci",
    "noncentral_ci_text",
    "t_interval",
    "wilson_ci",
]


def wilson_ci(k: Any, n: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``k`` successes in ``n`` trials (vectorised).

    Equals ``statsmodels.stats.proportion.proportion_confint(k, n, method="wilson")``.

    Parameters
    ----------
    k, n:
        Successes and trials (scalars or arrays; they broadcast).
    confidence:
        Level of the interval.

    Returns
    -------
    tuple of numpy.ndarray
        ``(low, high)``; ``nan`` where ``n == 0``.
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


def noncentral_ci_text(alpha: float, chi2_p: float | None = None) -> str:
    """How the interval of a chi-square effect size (V, eta^2_H) is made, for a ``method`` text.

    Parameters
    ----------
    alpha:
        The significance level each bound is one-sided at.
    chi2_p:
        The asymptotic p when the test's own p is an exact one (to which the interval is not
        dual); None when the interval is dual to the test.

    Returns
    -------
    str
        E.g. ``noncentral chi-square, each bound one-sided 95% (a 90% interval), dual to the test``.
    """
    dual = (
        "dual to the test"
        if chi2_p is None
        else f"dual to the chi-square test (p = {chi2_p:.4g}), not to the exact p"
    )
    return (
        f"noncentral chi-square, each bound one-sided {1 - alpha:.0%} "
        f"(a {1 - 2 * alpha:.0%} interval), {dual}"
    )


def _ncx2_root(f: Callable[[float], float], target: float, hi: float) -> float:
    """The noncentrality where the decreasing/increasing ``f(lam) - target`` changes sign."""

    def g(lam: float) -> float:
        return f(lam) - target

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
    MBESS::conf.limits.nc.chisq).

    Parameters
    ----------
    statistic:
        The chi-square statistic.
    df:
        Its degrees of freedom.
    alpha:
        Level of each one-sided bound (between 0 and 0.5).

    Returns
    -------
    tuple of float
        ``(lam_low, lam_high)``; ``nan`` when the statistic or df is not usable.
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


def kruskal_eta_squared_ci(
    statistic: float, n: int, k: int, alpha: float = 0.05
) -> tuple[float, float]:
    """Interval of eta^2_H = (H - k + 1) / (n - k) dual to the Kruskal-Wallis test.

    H is referred to chi-square(k - 1) by the test; its noncentrality bounds
    (:func:`noncentral_chi2_ci`) map to lam / (n - k). The lower bound is above 0 exactly
    when the Kruskal-Wallis p is below ``alpha``; eta^2_H (clipped at 0) lies between the
    bounds. An approximation (H is only asymptotically noncentral chi-square under an
    alternative), stated as such in the methods.

    Parameters
    ----------
    statistic:
        Kruskal-Wallis H.
    n, k:
        Observations and groups.
    alpha:
        Level of each one-sided bound.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` when not defined.
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
    a cluster bootstrap, which has only a handful of distinct resamples then.

    Parameters
    ----------
    values:
        The values; ``nan`` ones are dropped.
    clusters:
        Each value's cluster (article).
    confidence:
        Level of the interval.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` with fewer than two clusters.
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


def t_interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    """Student t interval of the mean of independent values.

    Parameters
    ----------
    values:
        The values (no ``nan``).
    confidence:
        Level of the interval.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` with fewer than two values.
    """
    if values.size < 2:
        return math.nan, math.nan
    half = float(sps.t.ppf(0.5 + confidence / 2, values.size - 1)) * float(
        values.std(ddof=1) / math.sqrt(values.size)
    )
    return float(values.mean() - half), float(values.mean() + half)
