"""framing.stats.ranks.kruskal_test: Kruskal-Wallis with eta^2_H and its dual interval."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from framing.stats.intervals import noncentral_chi2_ci
from framing.stats.ranks import ETA_H_TEXT, kruskal_test


def test_kruskal_test_against_scipy() -> None:
    gen = np.random.default_rng(3)
    samples = [gen.normal(0, 1, 12), gen.normal(0.8, 1, 15), gen.normal(1.5, 1, 10)]
    res = kruskal_test(samples, alpha=0.05)
    ref = sps.kruskal(*samples)
    n, k = 37, 3
    assert res.tested and (res.n, res.k, res.df) == (n, k, 2)
    assert res.statistic == pytest.approx(ref.statistic) and res.p == pytest.approx(ref.pvalue)
    assert res.effect == pytest.approx((ref.statistic - k + 1) / (n - k))
    lam_low, lam_high = noncentral_chi2_ci(ref.statistic, k - 1, 0.05)
    assert res.ci == pytest.approx((lam_low / (n - k), lam_high / (n - k)))
    assert res.ci[0] <= res.effect <= res.ci[1]
    assert res.method.startswith(ETA_H_TEXT + "; CI: noncentral chi-square")


def test_effect_is_clipped_at_zero() -> None:
    samples = [[1.0, 2.0, 3.0, 4.0], [1.5, 2.5, 3.5, 4.5]]
    res = kruskal_test(samples)
    assert res.tested and res.effect == 0.0  # (H - k + 1) < 0


def test_untestable() -> None:
    res = kruskal_test([[1.0, 1.0], [1.0, np.nan]])
    assert not res.tested and math.isnan(res.effect) and all(math.isnan(v) for v in res.ci)
    assert kruskal_test([[1.0, 2.0], []]).k == 1
