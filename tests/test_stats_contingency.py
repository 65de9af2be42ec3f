"""framing.stats.contingency.independence_test: the one chi-square / Fisher-Freeman-Halton /
Cramér's V kernel of the frame and voice comparisons, checked against SciPy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from framing.stats.contingency import (
    V_NAME,
    fisher_freeman_halton,
    independence_test,
    v_noncentral_ci,
)
from framing.stats.resampling import Resampling


def bergsma(table: np.ndarray) -> float:
    """Bergsma's V by its formula, from SciPy's chi-square."""
    chi2 = sps.chi2_contingency(table, correction=False).statistic
    n = table.sum()
    r, c = table.shape
    phi2 = max(0.0, chi2 / n - (r - 1) * (c - 1) / (n - 1))
    rt, ct = r - (r - 1) ** 2 / (n - 1), c - (c - 1) ** 2 / (n - 1)
    return math.sqrt(phi2 / min(rt - 1, ct - 1))


def test_large_counts_use_the_chi_square() -> None:
    t = np.array([[40, 60], [55, 45], [70, 30]], float)
    res = independence_test(t, alpha=0.05)
    ref = sps.chi2_contingency(t, correction=False)
    assert res.tested and res.n == 300 and res.df == 2
    assert res.statistic == pytest.approx(ref.statistic) and res.p == pytest.approx(ref.pvalue)
    assert res.p_chi2 == res.p and res.note == ""
    assert res.effect == pytest.approx(bergsma(t))
    assert res.ci == pytest.approx(v_noncentral_ci(t, 0.05))
    assert res.ci[0] > 0  # p < alpha: the dual interval excludes 0
    assert res.method == (
        "Pearson chi-square (no continuity correction); Bergsma bias-corrected V; CI: "
        "noncentral chi-square, each bound one-sided 95% (a 90% interval), dual to the test"
    )
    assert V_NAME == "Cramer's V (Bergsma bias-corrected)"
    bare = independence_test(t, with_ci=False)
    assert all(math.isnan(v) for v in bare.ci) and "CI" not in bare.method


def test_small_expected_counts_use_fisher_freeman_halton() -> None:
    t = np.array([[3, 0], [1, 4], [0, 2]], float)
    opts = Resampling(seed=11, exact_max_tables=5000)
    res = independence_test(t, resampling=opts, key=("chi2", "threat"))
    exact = fisher_freeman_halton(t, exact=True)
    assert res.p == pytest.approx(exact.p) and res.p != res.p_chi2
    assert res.p_chi2 == pytest.approx(sps.chi2_contingency(t, correction=False).pvalue)
    assert "p from Fisher-Freeman-Halton exact" in res.method
    assert "not to the exact p" in res.method
    assert res.note.startswith("100% of expected counts < 5 (min ")
    # beyond the enumeration budget: Monte Carlo, seeded by the seed and the key
    mc = Resampling(seed=11, n_mc=999, exact_max_tables=0)
    a = independence_test(t, resampling=mc, key=("chi2", "threat"))
    b = independence_test(t, resampling=mc, key=("chi2", "threat"))
    assert "Monte Carlo (999 draws)" in a.method and a.p == b.p
    ref = fisher_freeman_halton(t, n_mc=999, rng=mc.rng("ffh", "chi2", "threat"), exact=False)
    assert a.p == ref.p


@pytest.mark.parametrize(
    ("table", "note"),
    [
        ([[5, 7], [0, 0]], "fewer than two groups with units: nothing to test"),
        ([[5, 0], [7, 0]], "every unit falls in one category: nothing to test"),
    ],
)
def test_untestable_tables(table, note) -> None:
    res = independence_test(np.array(table, float))
    assert not res.tested and res.note == note and res.n == 12
    assert math.isnan(res.p) and math.isnan(res.effect) and res.method == ""
