"""Statistics on arrays and tables: numbers in, documented results out.

Nothing here knows a corpus, a scored object or a comparison; every function can be checked
against SciPy, statsmodels or a published value.

=============================== ===========================================================
:mod:`~framing.stats.resampling` :class:`Resampling` (seed, n_boot, n_mc, exact_max_tables,
                                confidence: one options object for every random draw),
                                seeded generators, percentile and bootstrap intervals
:mod:`~framing.stats.contingency` chi-square, Fisher-Freeman-Halton, Cramér's V and its
                                intervals, residuals; :func:`independence_test`, the kernel
                                of every R x C comparison
:mod:`~framing.stats.ranks`      Kruskal-Wallis (:func:`kruskal_test` with eta^2_H and its
                                dual interval), Dunn, Cliff's delta
:mod:`~framing.stats.intervals`  Wilson, noncentral chi-square, cluster-robust and t intervals
:mod:`~framing.stats.multiplicity` Benjamini-Hochberg, Holm, Bonferroni
:mod:`~framing.stats.models`     logistic and count regressions by group
:mod:`~framing.stats.keyness`    Fightin' Words, Dunning's G², Log Ratio
:mod:`~framing.stats.reliability` Krippendorff's alpha with bootstrap intervals
:mod:`~framing.stats.agreement`  precision, recall, F1 and tone agreement against a gold standard
=============================== ===========================================================

The names listed in ``__all__`` are importable from ``framing.stats`` directly; each module is
imported on first use (SciPy and statsmodels take a second or two to load).
"""

from __future__ import annotations

from framing.lazy import lazy_exports

# public name -> module that defines it (imported lazily on first access)
_EXPORTS: dict[str, str] = {
    "DEFAULT_SEED": "framing.stats.resampling",
    "Resampling": "framing.stats.resampling",
    "check_seed": "framing.stats.resampling",
    "bootstrap_mean_ci": "framing.stats.resampling",
    "IndependenceTest": "framing.stats.contingency",
    "independence_test": "framing.stats.contingency",
    "chi2_independence": "framing.stats.contingency",
    "fisher_freeman_halton": "framing.stats.contingency",
    "bergsma_v": "framing.stats.contingency",
    "cramers_v": "framing.stats.contingency",
    "haberman_residuals": "framing.stats.contingency",
    "v_noncentral_ci": "framing.stats.contingency",
    "KruskalTest": "framing.stats.ranks",
    "kruskal_test": "framing.stats.ranks",
    "kruskal_wallis": "framing.stats.ranks",
    "dunn_test": "framing.stats.ranks",
    "cliffs_delta": "framing.stats.ranks",
    "cliffs_delta_ci": "framing.stats.ranks",
    "wilson_ci": "framing.stats.intervals",
    "noncentral_chi2_ci": "framing.stats.intervals",
    "kruskal_eta_squared_ci": "framing.stats.intervals",
    "cluster_mean_ci": "framing.stats.intervals",
    "benjamini_hochberg": "framing.stats.multiplicity",
    "p_adjust": "framing.stats.multiplicity",
    "logit_by_group": "framing.stats.models",
    "count_by_group": "framing.stats.models",
    "keyness_table": "framing.stats.keyness",
    "krippendorff_alpha": "framing.stats.reliability",
    "frame_reliability": "framing.stats.reliability",
    "frame_agreement": "framing.stats.agreement",
    "tone_agreement": "framing.stats.agreement",
    "spearman_interval": "framing.stats.agreement",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
