"""Krippendorff's alpha against published values and independent hand computations."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from framing.comparison.reliability import (
    LEVELS,
    RELIABILITY_COLUMNS,
    alpha_bootstrap,
    alpha_bootstrap_ci,
    alpha_details,
    frame_reliability,
    krippendorff_alpha,
    percent_agreement,
    reliability_matrix,
)
from framing.errors import InputError

X = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# 4 coders x 12 units, with missing values.
CANONICAL = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, X, X, X],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, X, 3],
        [X, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, X],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, X],
    ]
)
CANONICAL_ALPHA = {
    "nominal": 0.743421053,
    "ordinal": 0.815387504,
    "interval": 0.849107143,
    "ratio": 0.797402775,
}
CANONICAL_PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Krippendorff (2011), example A (= Krippendorff 2004, section 11.3.1): binary data,
# two observers, ten units, no missing values; alpha = .095.
BINARY_TWO_CODERS = np.array(
    [
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]
)

# The worked example of the Wikipedia article "Krippendorff's alpha":
# 3 coders x 15 units, many missing values.
WIKIPEDIA = np.array(
    [
        [X, X, X, X, X, 3, 4, 1, 2, 1, 1, 3, 3, X, 3],
        [1, X, 2, 1, 3, 3, 4, 3, X, X, X, X, X, X, X],
        [X, X, 2, 1, 3, 4, 4, X, 2, 1, 1, 3, 3, X, 4],
    ]
)


def rare_frame() -> np.ndarray:
    """Two coders, 20 sentences, each codes a rare frame twice, agreeing once (90% agreement)."""
    data = np.zeros((2, 20))
    data[0, [0, 1]] = 1
    data[1, [1, 2]] = 1
    return data


def nominal_by_hand(data: np.ndarray) -> float:
    """Nominal alpha from an explicitly enumerated coincidence matrix and the shortcut formula

    alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2)   (METHODS section 4).
    """
    values = sorted({v for v in data.ravel() if not np.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for u in range(data.shape[1]):
        vals = [v for v in data[:, u] if not np.isnan(v)]
        m = len(vals)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):  # ordered pairs of different coders
            o[index[vals[i]], index[vals[j]]] += 1.0 / (m - 1)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    return 1.0 - (n - 1.0) * (n - np.trace(o)) / (n**2 - (n_c**2).sum())


# ---------------------------------------------------------------------------------------
# published reference values


@pytest.mark.parametrize("level", LEVELS)
def test_canonical_example_reference_values(level):
    assert krippendorff_alpha(CANONICAL, level) == pytest.approx(CANONICAL_ALPHA[level], abs=5e-10)
    assert round(krippendorff_alpha(CANONICAL, level), 3) == CANONICAL_PUBLISHED[level]


def test_canonical_example_intermediates():
    det = alpha_details(CANONICAL, "interval")
    assert det.n_pairable == 40
    assert det.n_units == 11  # the last unit has a single value and is not pairable
    assert det.value_counts.to_numpy() == pytest.approx([9, 13, 10, 5, 3])
    assert np.trace(det.coincidence.to_numpy()) == pytest.approx(32)
    assert det.observed_disagreement == pytest.approx(0.433333333, abs=1e-8)
    assert det.expected_disagreement == pytest.approx(2.871794872, abs=1e-8)
    assert det.alpha == pytest.approx(1 - 0.433333333 / 2.871794872, abs=1e-8)
    # the coincidence matrix is symmetric and its total is n
    o = det.coincidence.to_numpy()
    assert o == pytest.approx(o.T)
    assert o.sum() == pytest.approx(40)


def test_binary_two_coder_example():
    # n = 20, n_0 = 14, n_1 = 6, o_00 = 10, o_11 = 2:
    # alpha = 1 - 19 * (20 - 12) / (400 - 196 - 36) = 16 / 168 = 2 / 21
    assert krippendorff_alpha(BINARY_TWO_CODERS, "nominal") == pytest.approx(2 / 21, abs=1e-12)
    assert round(krippendorff_alpha(BINARY_TWO_CODERS, "nominal"), 7) == 0.0952381
    # for binary data every metric except ratio's scaling reduces to the nominal one
    assert krippendorff_alpha(BINARY_TWO_CODERS, "interval") == pytest.approx(2 / 21)
    assert krippendorff_alpha(BINARY_TWO_CODERS, "ordinal") == pytest.approx(2 / 21)


def test_wikipedia_example():
    assert round(krippendorff_alpha(WIKIPEDIA, "nominal"), 6) == 0.691358
    assert round(krippendorff_alpha(WIKIPEDIA, "interval"), 6) == 0.810845


def test_rare_frame_high_agreement_low_alpha():
    data = rare_frame()
    assert percent_agreement(data) == pytest.approx(0.9)
    # n = 40, n_1 = 4, sum o_cc = 36: alpha = 1 - 39 * 4 / (1600 - 1296 - 16) = 1 - 156 / 288
    assert krippendorff_alpha(data, "nominal") == pytest.approx(1 - 156 / 288)
    assert round(krippendorff_alpha(data, "nominal"), 3) == 0.458


# ---------------------------------------------------------------------------------------
# cross-checks


def random_binary(seed: int, coders: int = 4, units: int = 60, p_missing: float = 0.25):
    rng = np.random.default_rng(seed)
    data = (rng.random((coders, units)) < 0.3).astype(float)
    data[rng.random((coders, units)) < p_missing] = np.nan
    return data


@pytest.mark.parametrize("seed", range(5))
def test_nominal_matches_shortcut_formula_by_hand(seed):
    data = random_binary(seed)
    assert krippendorff_alpha(data, "nominal") == pytest.approx(nominal_by_hand(data), abs=1e-12)


def test_canonical_nominal_matches_shortcut_by_hand():
    assert nominal_by_hand(CANONICAL) == pytest.approx(CANONICAL_ALPHA["nominal"], abs=5e-10)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", range(4))
def test_matches_krippendorff_package(level, seed):
    kd = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(100 + seed)
    data = rng.integers(1, 6, size=(3, 40)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    expected = kd.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-10)


def test_input_forms_agree():
    frame = pd.DataFrame(CANONICAL, index=list("ABCD"))
    assert krippendorff_alpha(frame, "ordinal") == pytest.approx(CANONICAL_ALPHA["ordinal"])
    nested = [[None if np.isnan(v) else v for v in row] for row in CANONICAL.tolist()]
    assert krippendorff_alpha(nested, "interval") == pytest.approx(CANONICAL_ALPHA["interval"])
    # nominal categories may be labels; their names do not matter
    names = {1: "threat", 2: "opportunity", 3: "catch_up", 4: "spectacle", 5: "governance"}
    labelled = pd.DataFrame(CANONICAL).map(lambda v: names.get(v) if v == v else None)
    assert krippendorff_alpha(labelled, "nominal") == pytest.approx(CANONICAL_ALPHA["nominal"])


def test_invariances():
    rng = np.random.default_rng(0)
    perm_units = rng.permutation(CANONICAL.shape[1])
    perm_coders = rng.permutation(CANONICAL.shape[0])
    for level in LEVELS:
        base = krippendorff_alpha(CANONICAL, level)
        assert krippendorff_alpha(CANONICAL[:, perm_units], level) == pytest.approx(base)
        assert krippendorff_alpha(CANONICAL[perm_coders], level) == pytest.approx(base)
        # a unit with a single value is not pairable and changes nothing
        extra = np.column_stack([CANONICAL, [7, X, X, X]])
        assert krippendorff_alpha(extra, level) == pytest.approx(base)
    # interval alpha is invariant to affine rescaling, nominal to relabelling
    assert krippendorff_alpha(3 * CANONICAL - 7, "interval") == pytest.approx(
        CANONICAL_ALPHA["interval"]
    )
    assert krippendorff_alpha(CANONICAL**2, "nominal") == pytest.approx(CANONICAL_ALPHA["nominal"])
    # ordinal alpha depends on ranks only
    assert krippendorff_alpha(np.exp(CANONICAL), "ordinal") == pytest.approx(
        CANONICAL_ALPHA["ordinal"]
    )


def test_perfect_agreement_is_one():
    data = np.array([[1, 2, 3, 1, X], [1, 2, 3, 1, 2], [X, 2, 3, 1, 2]])
    for level in LEVELS:
        assert krippendorff_alpha(data, level) == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------
# degenerate cases


@pytest.mark.parametrize(
    "data",
    [
        np.ones((3, 5)),  # all values identical: D_e = 0
        np.array([[1, 1, X], [1, 1, 2]]),  # the only variation is in an unpairable unit
        np.array([[1, X, X], [X, 2, X]]),  # no unit has two values
        np.full((2, 4), np.nan),  # nothing coded
        np.array([[1.0], [X]]),
    ],
)
@pytest.mark.parametrize("level", LEVELS)
def test_undefined_alpha_is_nan(data, level):
    assert np.isnan(krippendorff_alpha(data, level))


def test_bad_inputs():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(CANONICAL, "cardinal")
    with pytest.raises(InputError, match="2-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(InputError, match=">= 0"):
        krippendorff_alpha([[1, -1], [1, 2]], "ratio")
    with pytest.raises(InputError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "ordinal")


# ---------------------------------------------------------------------------------------
# bootstrap


def test_bootstrap_is_deterministic_with_seed():
    a = alpha_bootstrap(CANONICAL, "ordinal", n_boot=300, seed=7)
    b = alpha_bootstrap(CANONICAL, "ordinal", n_boot=300, seed=7)
    c = alpha_bootstrap(CANONICAL, "ordinal", n_boot=300, seed=8)
    assert np.array_equal(a, b, equal_nan=True)
    assert not np.array_equal(a, c, equal_nan=True)
    assert alpha_bootstrap_ci(CANONICAL, "nominal", 500, seed=3) == alpha_bootstrap_ci(
        CANONICAL, "nominal", 500, seed=3
    )


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap_replicates_equal_alpha_of_resampled_units(level):
    """Each vectorised replicate equals alpha recomputed on the explicitly resampled units."""
    rng = np.random.default_rng(11)
    data = rng.integers(1, 5, size=(3, 25)).astype(float)
    data[0, rng.random(25) < 0.3] = np.nan  # every unit keeps >= 2 values: all pairable
    n_boot, seed = 40, 5
    reps = alpha_bootstrap(data, level, n_boot=n_boot, seed=seed)
    draws = np.random.default_rng(seed).integers(0, data.shape[1], size=(n_boot, data.shape[1]))
    expected = [krippendorff_alpha(data[:, d], level) for d in draws]
    assert reps == pytest.approx(expected, abs=1e-12, nan_ok=True)


def test_cluster_bootstrap():
    data = random_binary(3, coders=3, units=120, p_missing=0.1)
    # one unit per cluster is the plain unit bootstrap
    plain = alpha_bootstrap(data, "nominal", n_boot=200, seed=1)
    singletons = alpha_bootstrap(data, "nominal", n_boot=200, seed=1, cluster=np.arange(120))
    assert np.array_equal(plain, singletons, equal_nan=True)
    # clusters resampled whole: check replicates against explicit resampling of articles
    articles = np.repeat(np.arange(30), 4)
    data_full = np.nan_to_num(data, nan=0.0)  # all units pairable, so clusters keep all units
    reps = alpha_bootstrap(data_full, "nominal", n_boot=30, seed=2, cluster=articles)
    draws = np.random.default_rng(2).integers(0, 30, size=(30, 30))
    expected = [
        krippendorff_alpha(np.hstack([data_full[:, articles == a] for a in d]), "nominal")
        for d in draws
    ]
    assert reps == pytest.approx(expected, abs=1e-12)
    with pytest.raises(InputError, match="cluster"):
        alpha_bootstrap(data, cluster=np.arange(5))


def test_bootstrap_ci_brackets_estimate_on_larger_data():
    rng = np.random.default_rng(4)
    truth = (rng.random(400) < 0.4).astype(float)
    data = np.vstack([np.where(rng.random(400) < 0.9, truth, 1 - truth) for _ in range(3)])
    alpha = krippendorff_alpha(data, "nominal")
    low, high = alpha_bootstrap_ci(data, "nominal", n_boot=1000, seed=0)
    assert low < alpha < high
    assert 0.0 < high - low < 0.3


def test_bootstrap_undefined():
    assert all(np.isnan(alpha_bootstrap_ci(np.ones((2, 5)), n_boot=50)))



# ---------------------------------------------------------------------------------------
# long-format tables


def long_codes() -> pd.DataFrame:
    data = rare_frame()
    rows = []
    for coder in range(2):
        for unit in range(20):
            rows.append(
                {
                    "sent_key": f"d{unit // 5}#{unit}",
                    "doc_id": f"d{unit // 5}",
                    "coder": f"c{coder}",
                    "threat": int(data[coder, unit]),
                    "opportunity": 1,
                }
            )
    return pd.DataFrame(rows)


def test_reliability_matrix_and_frame_table():
    codes = long_codes()
    mat = reliability_matrix(codes, "sent_key", "coder", "threat")
    assert mat.shape == (2, 20)
    table = frame_reliability(
        codes, "sent_key", "coder", ["threat", "opportunity"], cluster_col="doc_id", n_boot=200
    )
    assert list(table.columns) == RELIABILITY_COLUMNS
    threat = table.set_index("frame").loc["threat"]
    assert threat["alpha"] == pytest.approx(1 - 156 / 288)
    assert threat["agreement"] == pytest.approx(0.9)
    assert threat["prevalence"] == pytest.approx(0.1)
    assert (threat["n_units"], threat["n_coders"], threat["n_pairable"]) == (20, 2, 40)
    assert threat["alpha_low"] <= threat["alpha_high"]
    constant = table.set_index("frame").loc["opportunity"]
    assert np.isnan(constant["alpha"]) and constant["agreement"] == 1.0
    with pytest.raises(InputError, match="more than once"):
        reliability_matrix(pd.concat([codes, codes.head(1)]), "sent_key", "coder", "threat")
