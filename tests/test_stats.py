"""Statistical primitives against SciPy, statsmodels and published/hand-computed values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scikit_posthocs as sp
from scipy import stats as sps
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from framing.comparison import stats as S

# Fixture T of the methods notes: outlets x threat/opportunity/catch-up.
T = np.array([[4, 10, 6], [2, 12, 3], [5, 6, 2], [8, 5, 9], [1, 3, 0]])
# The ``kind`` and ``pulse`` columns of seaborn's ``exercise`` example data set (90 rows),
# stored here so that no test touches the network.
EXERCISE = Path(__file__).parent / "data" / "exercise_pulse.csv"


# --------------------------------------------------------------------------- Wilson
@pytest.mark.parametrize("k,n", [(0, 10), (1, 10), (5, 10), (10, 10), (3, 47), (17, 230), (1, 1)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    low, high = S.wilson_ci(k, n)
    ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)


def test_wilson_vectorised_other_level_and_empty() -> None:
    low, high = S.wilson_ci([2, 8, 0], [10, 9, 0], confidence=0.9)
    ref_low, ref_high = proportion_confint([2, 8], [10, 9], alpha=0.1, method="wilson")
    np.testing.assert_allclose(low[:2], ref_low, atol=1e-12)
    np.testing.assert_allclose(high[:2], ref_high, atol=1e-12)
    assert math.isnan(low[2]) and math.isnan(high[2])


# --------------------------------------------------------------------------- chi-square
def test_chi2_fixture_reference_values() -> None:
    res = S.chi2_independence(T)
    assert res.statistic == pytest.approx(12.6913122172, abs=1e-9)
    assert res.df == 8
    assert res.p == pytest.approx(0.1229211853, abs=1e-9)
    assert res.min_expected == pytest.approx(1.0526315789, abs=1e-9)
    assert res.share_expected_below_5 == pytest.approx(7 / 15)
    assert res.small_expected


def test_chi2_has_no_yates_correction_on_2x2() -> None:
    t = [[8, 2], [3, 9]]
    res = S.chi2_independence(t)
    ref = sps.chi2_contingency(t, correction=False)
    yates = sps.chi2_contingency(t, correction=True)
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert res.statistic != pytest.approx(yates.statistic, rel=1e-3)


def test_chi2_degenerate_tables() -> None:
    # a frame absent everywhere: one non-empty column only
    res = S.chi2_independence([[5, 0], [7, 0], [3, 0]])
    assert math.isnan(res.statistic) and res.df == 0
    # an empty row is dropped, not counted in df
    a = S.chi2_independence([[4, 6], [0, 0], [7, 2]])
    b = sps.chi2_contingency([[4, 6], [7, 2]], correction=False)
    assert a.df == 1 and a.statistic == pytest.approx(b.statistic)


# --------------------------------------------------------------------------- Cramér's V
def test_cramers_v_fixture_and_scipy() -> None:
    v = S.cramers_v(T)
    assert v == pytest.approx(0.2889558359, abs=1e-9)
    assert v == pytest.approx(
        sps.contingency.association(T, method="cramer", correction=False), rel=1e-12
    )


def test_bergsma_fixture() -> None:
    assert S.bergsma_v(T) == pytest.approx(0.1760355130, abs=1e-9)


def test_bergsma_reproduces_clickhouse_example() -> None:
    # ClickHouse docs: cramersV / cramersVBiasCorrected of (n % 10, n % 4) for n < 150
    n = np.arange(150)
    table = pd.crosstab(n % 10, n % 4).to_numpy()
    assert S.cramers_v(table) == pytest.approx(0.5798088336, abs=1e-9)
    assert S.bergsma_v(table) == pytest.approx(0.5305112825, abs=1e-9)


def test_bergsma_is_zero_under_weak_association_and_nan_when_untestable() -> None:
    assert S.bergsma_v([[10, 10], [10, 11]]) == 0.0
    assert math.isnan(S.bergsma_v([[3, 0], [4, 0]]))


def test_bootstrap_v_ci_is_seeded_and_brackets_estimate() -> None:
    a = S.bootstrap_v_ci(T, n_boot=500, rng=7)
    b = S.bootstrap_v_ci(T, n_boot=500, rng=7)
    assert a == b
    low, high = a
    assert 0 <= low <= S.bergsma_v(T) <= high <= 1
    low_u, high_u = S.bootstrap_v_ci(T, n_boot=500, rng=7, bias_corrected=False)
    assert low_u <= S.cramers_v(T) <= high_u


def test_bootstrap_batch_chi2_matches_scipy() -> None:
    tables = np.stack([T, T[::-1], T[:, ::-1] + 1])
    chi2, n, r, c = S._chi2_stat_batch(tables.astype(float))
    for i, t in enumerate(tables):
        assert chi2[i] == pytest.approx(sps.chi2_contingency(t, correction=False).statistic)
    np.testing.assert_allclose(
        S._bergsma_from(chi2[:1], n[:1], r[:1], c[:1]), [0.1760355130], atol=1e-9
    )


def test_cluster_bootstrap_v_with_singleton_clusters_equals_unit_resampling_shape() -> None:
    # Each unit its own cluster: sentences x (present, absent) one-hot rows
    rows = []
    groups = []
    for g, (yes, no) in enumerate([[6, 14], [15, 5], [9, 11]]):
        rows += [[1, 0]] * yes + [[0, 1]] * no
        groups += [g] * (yes + no)
    low, high = S.cluster_bootstrap_v_ci(rows, groups, n_boot=400, rng=1)
    est = S.bergsma_v([[6, 14], [15, 5], [9, 11]])
    assert low <= est <= high
    assert S.cluster_bootstrap_v_ci(rows, groups, n_boot=400, rng=1) == (low, high)


# --------------------------------------------------------------------------- residuals
def test_haberman_fixture_and_statsmodels() -> None:
    res = S.haberman_residuals(T)
    assert res[1, 1] == pytest.approx(2.176188, abs=1e-6)  # 浙江 x opportunity
    assert res[3, 1] == pytest.approx(-2.746089, abs=1e-6)  # 每经 x opportunity
    ref = Table(T, shift_zeros=False).standardized_resids
    np.testing.assert_allclose(res, np.asarray(ref), rtol=1e-12)
    # statsmodels' default shifts zero cells by 0.5, which changes the values
    assert not np.allclose(res, np.asarray(Table(T).standardized_resids))
    assert sps.norm.isf(0.05 / 2 / 15) == pytest.approx(2.9352, abs=1e-4)


def test_haberman_zero_margin_is_nan() -> None:
    res = S.haberman_residuals([[3, 0], [5, 0]])
    assert np.isnan(res[:, 1]).all()


# --------------------------------------------------------------------------- FFH
def test_ffh_exact_published_table() -> None:
    res = S.fisher_freeman_halton([[3, 1, 0], [1, 2, 4]])
    assert res.method == "exact"
    assert res.p == pytest.approx(17 / 165, abs=1e-12)
    # the observed table's probability is 2/55
    t = np.array([[3, 1, 0], [1, 2, 4]])
    ref = sps.fisher_exact(t, method=sps.MonteCarloMethod(n_resamples=10, rng=0))
    assert ref.statistic == pytest.approx(2 / 55)


def test_ffh_exact_agrees_with_scipy_on_2x2_and_3x2() -> None:
    t = [[7, 1], [2, 6]]
    assert S.fisher_freeman_halton(t).p == pytest.approx(sps.fisher_exact(t).pvalue)
    t3 = np.array([[5, 1], [2, 4], [0, 3]])
    exact = S.fisher_freeman_halton(t3)
    assert exact.method == "exact"
    mc = sps.fisher_exact(t3, method=sps.MonteCarloMethod(n_resamples=200_000, rng=3))
    assert exact.p == pytest.approx(mc.pvalue, abs=0.005)


def test_ffh_monte_carlo_fixture() -> None:
    res = S.fisher_freeman_halton(T, n_mc=99_999, rng=12345)
    assert res.method == "monte carlo"
    assert res.p == pytest.approx(0.11257, abs=0.01)
    with pytest.raises(ValueError):
        S.fisher_freeman_halton(T, exact=True, exact_max_tables=1000)


# --------------------------------------------------------------------------- Kruskal, Dunn
@pytest.fixture(scope="module")
def exercise() -> pd.DataFrame:
    return pd.read_csv(EXERCISE)


def test_exercise_fixture_is_complete(exercise: pd.DataFrame) -> None:
    assert exercise.shape == (90, 2)
    assert exercise.groupby("kind").size().to_dict() == {"rest": 30, "running": 30, "walking": 30}


def test_kruskal_exercise_reference(exercise: pd.DataFrame) -> None:
    samples = [g.pulse.to_numpy() for _, g in exercise.groupby("kind")]
    res = S.kruskal_wallis(samples)
    assert res.statistic == pytest.approx(36.2565559741, abs=1e-9)
    assert res.p == pytest.approx(1.339642e-08, rel=1e-5)
    assert res.df == 2 and res.n == 90
    assert res.epsilon_squared == pytest.approx(0.407377, abs=1e-6)
    assert res.eta_squared == pytest.approx(0.393754, abs=1e-6)


def test_kruskal_degenerate() -> None:
    assert math.isnan(S.kruskal_wallis([[1, 2, 3]]).statistic)
    assert math.isnan(S.kruskal_wallis([[0.5, 0.5], [0.5, 0.5, 0.5]]).p)
    res = S.kruskal_wallis([[1, 2, np.nan], [], [3, 4, 5]])
    assert res.k == 2 and res.n == 5


def test_dunn_exercise_reference(exercise: pd.DataFrame) -> None:
    labels = ["rest", "running", "walking"]
    samples = [exercise.loc[exercise.kind == k, "pulse"].to_numpy() for k in labels]
    rows = {(r["group1"], r["group2"]): r for r in S.dunn_test(samples, labels)}
    rest_walk = rows[("rest", "walking")]
    assert rest_walk["z"] == pytest.approx(-2.015038, abs=1e-6)
    assert rest_walk["p"] == pytest.approx(0.04390066, abs=1e-8)
    pairs = list(rows)
    holm = S.holm([rows[k]["p"] for k in pairs])
    adjusted = dict(zip(pairs, holm, strict=True))
    assert adjusted[("rest", "running")] == pytest.approx(9.570998e-09, rel=1e-6)
    assert adjusted[("running", "walking")] == pytest.approx(1.873208e-04, rel=1e-6)
    ref = sp.posthoc_dunn(exercise, val_col="pulse", group_col="kind")
    for (a, b), r in rows.items():
        assert r["p"] == pytest.approx(ref.loc[a, b], rel=1e-10)


def test_dunn_tie_correction_matches_scikit_posthocs_on_heavy_ties() -> None:
    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {"v": rng.integers(0, 4, 60).astype(float), "g": np.repeat(["a", "b", "c"], 20)}
    )
    df.loc[df.g == "c", "v"] += 1
    samples = [df.loc[df.g == g, "v"] for g in "abc"]
    ref = sp.posthoc_dunn(df, val_col="v", group_col="g")
    for r in S.dunn_test(samples, list("abc")):
        assert r["p"] == pytest.approx(ref.loc[r["group1"], r["group2"]], rel=1e-10)


def test_batch_kruskal_matches_scipy_with_ties() -> None:
    rng = np.random.default_rng(8)
    x = rng.integers(0, 6, size=(25, 30)).astype(float)
    x[3] = 2.0  # constant row: undefined
    h = S._kruskal_h_batch(x, [10, 12, 8])
    for b in range(25):
        if b == 3:
            assert math.isnan(h[b])
            continue
        ref = sps.kruskal(x[b, :10], x[b, 10:22], x[b, 22:]).statistic
        assert h[b] == pytest.approx(ref, rel=1e-12)


def test_epsilon_squared_ci_clustered() -> None:
    rng = np.random.default_rng(2)
    samples = [rng.normal(m, 1, 40) for m in (0, 0.5, 1)]
    clusters = [np.repeat(np.arange(8), 5)] * 3
    low, high = S.epsilon_squared_ci(samples, clusters=clusters, n_boot=150, rng=4)
    eps = S.kruskal_wallis(samples).epsilon_squared
    assert low < eps < high


def test_epsilon_squared_ci_seeded(exercise: pd.DataFrame) -> None:
    samples = [g.pulse.to_numpy() for _, g in exercise.groupby("kind")]
    a = S.epsilon_squared_ci(samples, n_boot=200, rng=11)
    assert a == S.epsilon_squared_ci(samples, n_boot=200, rng=11)
    assert a[0] < 0.407377 < a[1]


# --------------------------------------------------------------------------- effect sizes
def test_cliffs_delta_by_hand() -> None:
    x, y = [1, 2, 3], [2, 4]
    # pairs: (1,2)<,(1,4)<,(2,2)=,(2,4)<,(3,2)>,(3,4)< -> (1 - 4)/6
    assert S.cliffs_delta(x, y) == pytest.approx(-0.5)
    low, high = S.cliffs_delta_ci(x * 5, y * 5, n_boot=300, rng=2)
    assert low <= -0.5 <= high
    batch = S._delta_batch(np.array([x, [3, 3, 3]], float), np.array([y, [1, 5]], float))
    np.testing.assert_allclose(batch, [-0.5, 0.0])


# --------------------------------------------------------------------------- multiplicity
P5 = [0.010, 0.040, 0.030, 0.005, 0.200]


def test_bh_reference_and_libraries() -> None:
    adj = S.benjamini_hochberg(P5)
    np.testing.assert_allclose(adj, [0.025, 0.05, 0.05, 0.025, 0.2], atol=1e-12)
    np.testing.assert_allclose(adj, sps.false_discovery_control(P5, method="bh"))
    np.testing.assert_allclose(adj, multipletests(P5, method="fdr_bh")[1])


def test_holm_reference_and_statsmodels() -> None:
    adj = S.holm(P5)
    np.testing.assert_allclose(adj, [0.04, 0.09, 0.09, 0.025, 0.2], atol=1e-12)
    np.testing.assert_allclose(adj, multipletests(P5, method="holm")[1])


def test_p_adjust_keeps_nan_out_of_family() -> None:
    adj = S.p_adjust([0.01, np.nan, 0.04], "bh")
    assert math.isnan(adj[1])
    np.testing.assert_allclose(adj[[0, 2]], [0.02, 0.04])
    assert np.isnan(S.p_adjust([np.nan, np.nan])).all()
    with pytest.raises(ValueError):
        S.p_adjust(P5, "hs")


# --------------------------------------------------------------------------- bootstrap
def test_bootstrap_mean_ci_against_scipy_percentile() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(0.6, 0.2, 80)
    low, high = S.bootstrap_mean_ci(x, n_boot=4000, rng=1)
    ref = sps.bootstrap((x,), np.mean, n_resamples=4000, method="percentile", rng=1)
    assert low == pytest.approx(ref.confidence_interval.low, abs=0.01)
    assert high == pytest.approx(ref.confidence_interval.high, abs=0.01)
    assert S.bootstrap_mean_ci(x, n_boot=300, rng=5) == S.bootstrap_mean_ci(
        x, n_boot=300, rng=5
    )


def test_cluster_bootstrap_mean_is_wider_with_correlated_clusters() -> None:
    rng = np.random.default_rng(3)
    cluster_effect = np.repeat(rng.normal(0, 1, 10), 20)
    x = cluster_effect + rng.normal(0, 0.2, 200)
    clusters = np.repeat(np.arange(10), 20)
    naive = S.bootstrap_mean_ci(x, n_boot=1000, rng=1)
    clustered = S.bootstrap_mean_ci(x, clusters=clusters, n_boot=1000, rng=1)
    assert (clustered[1] - clustered[0]) > 2 * (naive[1] - naive[0])
    assert clustered[0] < x.mean() < clustered[1]


def test_bootstrap_mean_ci_degenerate() -> None:
    assert all(math.isnan(v) for v in S.bootstrap_mean_ci([], n_boot=10, rng=1))
    assert S.bootstrap_mean_ci([0.3], n_boot=10, rng=1) == (0.3, 0.3)


def test_ffh_monte_carlo_of_a_table_with_more_cells_than_observations() -> None:
    # SciPy returns the Monte Carlo p of such a table as a one-element array; the p must
    # still be a number, close to the exact p (enumerated independently)
    t = np.array([[2, 0], [2, 0], [2, 0], [0, 1], [0, 1], [0, 1], [0, 1], [0, 1], [0, 1], [1, 0]])
    assert t.size > t.sum()
    mc = S.fisher_freeman_halton(t, n_mc=20000, rng=1, exact=False)
    exact = S.fisher_freeman_halton(t, exact=True, exact_max_tables=10**6)
    assert isinstance(mc.p, float) and mc.method == "monte carlo"
    assert exact.p == pytest.approx(_ffh_by_brute_force(t), rel=1e-9)
    assert abs(mc.p - exact.p) < 3 * math.sqrt(exact.p * (1 - exact.p) / 20000)


def _ffh_by_brute_force(t: np.ndarray) -> float:
    """Sum of P(table) over every table with t's margins and P <= P(t) (rows enumerated)."""
    import itertools

    rows, cols = t.sum(axis=1), t.sum(axis=0)
    n = int(t.sum())

    def prob(table) -> float:
        num = sum(math.lgamma(x + 1) for x in [*rows, *cols])
        den = math.lgamma(n + 1) + sum(math.lgamma(x + 1) for x in np.ravel(table))
        return math.exp(num - den)

    choices = [[(a, int(r) - a) for a in range(int(r) + 1)] for r in rows]
    p_obs = prob(t)
    total = 0.0
    for table in itertools.product(*choices):
        if sum(a for a, _ in table) == cols[0]:
            p = prob(table)
            if p <= p_obs * (1 + 1e-7):
                total += p
    return total
