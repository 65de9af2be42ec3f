"""Rank tests and their effect sizes.

* Kruskal-Wallis H with tie correction and its effect sizes ε² = H/(N-1) and
  η²_H = (H-k+1)/(N-k) (Tomczak & Tomczak 2014); :func:`kruskal_test` adds η²_H's interval
  dual to the test (:func:`framing.stats.intervals.kruskal_eta_squared_ci`).
* Dunn's (1964) pairwise z test on mean ranks with the tie correction.
* Cliff's δ and its percentile bootstrap interval, optionally resampling whole clusters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from scipy import stats as sps

from framing.renames import renamed_keywords
from framing.stats.intervals import kruskal_eta_squared_ci, noncentral_ci_text
from framing.stats.resampling import RngLike, draw_clusters, percentile_ci

__all__ = [
    "ETA_H_NAME",
    "ETA_H_TEXT",
    "KruskalResult",
    "KruskalTest",
    "cliffs_delta",
    "cliffs_delta_batch",
    "cliffs_delta_ci",
    "dunn_test",
    "epsilon_squared_ci",
    "kruskal_h_batch",
    "kruskal_test",
    "kruskal_wallis",
]

#: The effect size of :func:`kruskal_test`, as the tests tables name it, and its formula.
ETA_H_NAME = "eta squared (H)"
ETA_H_TEXT = "eta^2_H = (H - k + 1)/(n - k), clipped at 0"


@dataclass(frozen=True)
class KruskalResult:
    """Kruskal-Wallis H test with effect sizes.

    Attributes
    ----------
    statistic, df, p:
        H (tie-corrected), k - 1 and its chi-square p.
    n, k:
        Observations and non-empty groups.
    epsilon_squared, eta_squared:
        H/(N-1) and (H-k+1)/(N-k).

    ``nan`` throughout when fewer than two non-empty groups exist or all values are equal.
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

    Parameters
    ----------
    samples:
        One sample per group; ``nan`` values are dropped and empty samples ignored.

    Returns
    -------
    KruskalResult
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


@dataclass(frozen=True)
class KruskalTest:
    """A Kruskal-Wallis test with η²_H and its interval dual to the test (:func:`kruskal_test`).

    Attributes
    ----------
    statistic, df, p, n, k:
        As in :class:`KruskalResult`.
    effect:
        η²_H clipped at 0 (:data:`ETA_H_NAME`); ``nan`` when not tested.
    ci:
        Its interval, each bound one-sided 1 - alpha.
    method:
        The formula and how the interval was made (:data:`ETA_H_TEXT`; ``CI: ...``), for a
        ``method`` text after the caller's ``Kruskal-Wallis on ...``.
    note:
        Caveats; empty from :func:`kruskal_test`, for the caller to fill (say, why nothing
        was tested).
    """

    statistic: float
    df: int
    p: float
    n: int
    k: int
    effect: float
    ci: tuple[float, float]
    method: str
    note: str = ""

    @property
    def tested(self) -> bool:
        """Whether H could be computed (two groups with values, not all values equal)."""
        return bool(np.isfinite(self.statistic))


def kruskal_test(samples: Sequence[Any], alpha: float = 0.05) -> KruskalTest:
    """Kruskal-Wallis H with η²_H (clipped at 0) and its interval dual to the test.

    Parameters
    ----------
    samples:
        One sample per group (``nan`` dropped, empty samples ignored).
    alpha:
        The significance level each bound of the interval is one-sided at.

    Returns
    -------
    KruskalTest
    """
    kw = kruskal_wallis(samples)
    tested = bool(np.isfinite(kw.statistic))
    return KruskalTest(
        statistic=kw.statistic,
        df=kw.df,
        p=kw.p,
        n=kw.n,
        k=kw.k,
        effect=max(0.0, kw.eta_squared) if tested else math.nan,
        ci=kruskal_eta_squared_ci(kw.statistic, kw.n, kw.k, alpha) if tested else (math.nan, math.nan),
        method=f"{ETA_H_TEXT}; CI: {noncentral_ci_text(alpha)}",
    )


def _kruskal_h(samples: list[np.ndarray]) -> float:
    pooled = np.concatenate(samples)
    if pooled.size == 0 or np.all(pooled == pooled[0]):
        return math.nan
    return float(sps.kruskal(*samples).statistic)


def kruskal_h_batch(x: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """Tie-corrected Kruskal-Wallis H of each row of ``x`` (vectorised over resamples).

    Uses Σ_groups(t³ - t) = Σ_elements(t_i² - 1), with t_i the size of element i's tie group
    (max rank - min rank + 1).

    Parameters
    ----------
    x:
        B x N values, the groups in consecutive blocks.
    sizes:
        The blocks' sizes.

    Returns
    -------
    numpy.ndarray
        H per row; ``nan`` for rows whose values are all equal.
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


@renamed_keywords(n_resamples="n_boot")
def epsilon_squared_ci(
    samples: Sequence[Any],
    *,
    clusters: Sequence[Any] | None = None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of Kruskal-Wallis ε², resampling within each group.

    Parameters
    ----------
    samples:
        One sample per group (``nan`` dropped).
    clusters:
        Per sample, the cluster label of each value: whole clusters are then resampled
        within each group instead of single values.
    n_boot, confidence, rng:
        The bootstrap's resamples, level and generator (see :mod:`framing.stats.resampling`).

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` with fewer than two non-empty groups.
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
            data[i][gen.integers(0, data[i].size, (n_boot, data[i].size))] for i in nonempty
        ]
        h = kruskal_h_batch(np.concatenate(blocks, axis=1), [data[i].size for i in nonempty])
        return percentile_ci(np.where(np.isfinite(h), h / (n - 1), 0.0), confidence)
    est = np.empty(n_boot)
    for b in range(n_boot):
        drawn = []
        for i in nonempty:
            drawn.append(draw_clusters(data[i], cl[i], gen))
        h = _kruskal_h(drawn)
        est[b] = h / (sum(d.size for d in drawn) - 1) if np.isfinite(h) else 0.0
    return percentile_ci(est, confidence)


def dunn_test(samples: Sequence[Any], labels: Sequence[Any]) -> list[dict[str, Any]]:
    """Dunn's pairwise test with tie correction (unadjusted two-sided p).

    z_ij = (R̄_i - R̄_j) / sqrt([N(N+1)/12 - Σ(t³-t)/(12(N-1))] (1/n_i + 1/n_j)), ranks taken
    over all groups together. Matches ``scikit_posthocs.posthoc_dunn`` (which returns only the
    p matrix).

    Parameters
    ----------
    samples:
        One sample per group (``nan`` dropped).
    labels:
        The groups' names.

    Returns
    -------
    list of dict
        One per pair (in label order): ``group1, group2, n1, n2, mean_rank1, mean_rank2, z, p``.
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
    """Cliff's δ = P(X > Y) - P(X < Y) (= rank-biserial correlation of Mann-Whitney U).

    Parameters
    ----------
    x, y:
        The two samples (``nan`` dropped).

    Returns
    -------
    float
        δ; ``nan`` when a sample is empty.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    if x.size == 0 or y.size == 0:
        return math.nan
    u = sps.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").statistic
    return float(2 * u / (x.size * y.size) - 1)


def cliffs_delta_batch(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cliff's δ of B paired resamples, via average ranks.

    Parameters
    ----------
    x, y:
        B x n_x and B x n_y resamples (no ``nan``).

    Returns
    -------
    numpy.ndarray
        δ per row.
    """
    nx, ny = x.shape[1], y.shape[1]
    ranks = sps.rankdata(np.concatenate([x, y], axis=1), axis=1)
    u = ranks[:, :nx].sum(axis=1) - nx * (nx + 1) / 2
    return 2 * u / (nx * ny) - 1


@renamed_keywords(n_resamples="n_boot")
def cliffs_delta_ci(
    x: Any,
    y: Any,
    *,
    clusters_x: Any = None,
    clusters_y: Any = None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of Cliff's δ; whole clusters resampled when given.

    With clusters for one sample only, each value of the other is a cluster of its own.

    Parameters
    ----------
    x, y:
        The two samples (``nan`` dropped).
    clusters_x, clusters_y:
        Each value's cluster (article), or None.
    n_boot, confidence, rng:
        The bootstrap's resamples, level and generator (see :mod:`framing.stats.resampling`).

    Returns
    -------
    tuple of float
        ``(low, high)``; ``nan`` when a sample is empty.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    mx, my = ~np.isnan(x), ~np.isnan(y)
    x, y = x[mx], y[my]
    if x.size == 0 or y.size == 0:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    if clusters_x is None and clusters_y is None:
        bx = x[gen.integers(0, x.size, (n_boot, x.size))]
        by = y[gen.integers(0, y.size, (n_boot, y.size))]
        return percentile_ci(cliffs_delta_batch(bx, by), confidence)
    cx = np.asarray(clusters_x)[mx] if clusters_x is not None else np.arange(x.size)
    cy = np.asarray(clusters_y)[my] if clusters_y is not None else np.arange(y.size)
    est = np.empty(n_boot)
    for b in range(n_boot):
        est[b] = cliffs_delta(draw_clusters(x, cx, gen), draw_clusters(y, cy, gen))
    return percentile_ci(est, confidence)
