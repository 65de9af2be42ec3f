"""Former home of the statistical primitives, now in :mod:`framing.stats`.

Kept so that ``from framing.comparison import stats`` and ``framing.comparison.stats.<name>``
go on working; new code imports from the modules of :mod:`framing.stats`.
The former private names ``_chi2_stat_batch``, ``_bergsma_from``, ``_kruskal_h_batch``,
``_delta_batch`` and ``_percentile_ci`` are aliases of their public successors.
"""

from __future__ import annotations

from framing.stats.contingency import (
    ChiSquareResult,
    FFHResult,
    bergsma_v,
    bergsma_v_from,
    bootstrap_v_ci,
    chi2_independence,
    chi2_statistic_batch,
    cluster_bootstrap_v_ci,
    cramers_v,
    fisher_freeman_halton,
    haberman_residuals,
    v_noncentral_ci,
)
from framing.stats.intervals import (
    cluster_mean_ci,
    kruskal_eta_squared_ci,
    noncentral_chi2_ci,
    wilson_ci,
)
from framing.stats.multiplicity import benjamini_hochberg, holm, p_adjust
from framing.stats.ranks import (
    KruskalResult,
    cliffs_delta,
    cliffs_delta_batch,
    cliffs_delta_ci,
    dunn_test,
    epsilon_squared_ci,
    kruskal_h_batch,
    kruskal_wallis,
)
from framing.stats.resampling import RngLike, bootstrap_mean_ci, draw_clusters, percentile_ci

__all__ = [
    "ChiSquareResult",
    "FFHResult",
    "KruskalResult",
    "RngLike",
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

# former private names, kept as aliases of their public successors
_chi2_stat_batch = chi2_statistic_batch
_bergsma_from = bergsma_v_from
_kruskal_h_batch = kruskal_h_batch
_delta_batch = cliffs_delta_batch
_percentile_ci = percentile_ci
_draw_clusters = draw_clusters
