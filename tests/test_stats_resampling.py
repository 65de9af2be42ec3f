"""framing.stats.resampling: the Resampling options object, keyed generators, the former
keyword names, and the draws and intervals shared by the bootstraps."""

from __future__ import annotations

import math
import warnings
import zlib

import numpy as np
import pytest

from framing.errors import InputError
from framing.stats import reliability
from framing.stats.agreement import frame_agreement
from framing.stats.resampling import (
    DEFAULT_SEED,
    Resampling,
    bootstrap_mean_ci,
    check_seed,
    keyed_rng,
    percentile_ci,
    percentile_intervals,
    renamed_keywords,
    resample_counts,
)


def test_resampling_defaults_and_checks() -> None:
    r = Resampling()
    assert (r.seed, r.n_boot, r.n_mc, r.exact_max_tables, r.confidence) == (
        20240216, 2000, 9999, 5000, 0.95,
    )
    assert Resampling(seed=np.int64(3)).seed == 3 and type(Resampling(seed=np.int64(3)).seed) is int
    assert Resampling(n_boot=0).n_boot == 0  # no bootstrap
    with pytest.raises(InputError, match="--seed -1: a seed is a whole number"):
        Resampling(seed=-1)
    with pytest.raises(InputError, match="n_boot=-5: a whole number of at least 0"):
        Resampling(n_boot=-5)
    with pytest.raises(InputError, match="n_mc=0: a whole number of at least 1"):
        Resampling(n_mc=0)
    with pytest.raises(InputError, match="n_mc=True"):
        Resampling(n_mc=True)
    with pytest.raises(InputError, match="confidence=1.0: a level between 0 and 1"):
        Resampling(confidence=1.0)
    with pytest.raises(InputError, match="a seed is a whole number"):
        check_seed(1.5)


def test_keyed_rng_is_the_seed_and_a_crc_of_the_key() -> None:
    digest = zlib.crc32(b"ffh\x1fchi2\x1fthreat")
    expected = np.random.default_rng([7, digest]).random(3)
    np.testing.assert_array_equal(keyed_rng(7, "ffh", "chi2", "threat").random(3), expected)
    np.testing.assert_array_equal(Resampling(seed=7).rng("ffh", "chi2", "threat").random(3), expected)
    # another key or seed, another stream
    assert keyed_rng(7, "ffh", "chi2", "tone").random() != expected[0]
    assert keyed_rng(8, "ffh", "chi2", "threat").random() != expected[0]


def test_renamed_keywords_warns_and_maps() -> None:
    @renamed_keywords(n_resamples="n_boot")
    def f(*, n_boot: int = 1) -> int:
        return n_boot

    with pytest.warns(DeprecationWarning, match=r"f\(n_resamples=...\) is deprecated; use n_boot="):
        assert f(n_resamples=5) == 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(n_boot=4) == 4
    with pytest.raises(TypeError, match="both n_resamples= and n_boot="):
        f(n_resamples=5, n_boot=4)


def test_former_keywords_give_the_same_results() -> None:
    x = np.arange(30, dtype=float)
    with pytest.warns(DeprecationWarning):
        old = bootstrap_mean_ci(x, n_resamples=300, rng=5)
    assert old == bootstrap_mean_ci(x, n_boot=300, rng=5)
    data = np.array([[1, 0, 1, 1, 0, 1, 0, 0], [1, 0, 1, 0, 0, 1, 0, 1]], float)
    with pytest.warns(DeprecationWarning, match="ci=...") :
        old = reliability.alpha_bootstrap_ci(data, n_boot=200, seed=1, ci=0.9)
    assert old == reliability.alpha_bootstrap_ci(data, n_boot=200, seed=1, confidence=0.9)


def test_one_seed_default() -> None:
    data = np.array([[1, 0, 1, 1, 0, 1, 0, 0], [1, 0, 1, 0, 0, 1, 0, 1]], float)
    assert reliability.alpha_bootstrap_ci(data, n_boot=200) == reliability.alpha_bootstrap_ci(
        data, n_boot=200, seed=DEFAULT_SEED
    )
    import pandas as pd

    gold = pd.DataFrame({"f": [1, 1, 0, 0, 1, 0, 1, 0, 1, 1]})
    pred = pd.DataFrame({"f": [1, 0, 0, 1, 1, 0, 1, 0, 0, 1]})
    pd.testing.assert_frame_equal(
        frame_agreement(gold, pred, ["f"], n_boot=100, interval="bootstrap"),
        frame_agreement(gold, pred, ["f"], n_boot=100, seed=DEFAULT_SEED, interval="bootstrap"),
    )


def test_resample_counts_are_draws_with_replacement() -> None:
    counts = resample_counts(np.random.default_rng(0), 7, 500)
    assert counts.shape == (500, 7) and (counts.sum(axis=1) == 7).all()
    # each item is drawn 7 * 1/7 = 1 time on average
    assert counts.mean() == pytest.approx(1.0)
    assert abs(counts[:, 0].mean() - 1.0) < 0.15


def test_percentile_intervals_match_numpy() -> None:
    reps = np.random.default_rng(1).normal(size=(400, 3))
    reps[:, 2] = np.nan
    reps[:10, 1] = np.nan
    low, high = percentile_intervals(reps, 0.9)
    assert low[0] == pytest.approx(np.quantile(reps[:, 0], 0.05))
    assert high[1] == pytest.approx(np.quantile(reps[10:, 1], 0.95))
    assert math.isnan(low[2]) and math.isnan(high[2])
    assert percentile_ci(reps[:, 0], 0.9) == pytest.approx((low[0], high[0]))
    assert all(math.isnan(v) for v in percentile_ci(np.array([np.nan, np.inf]), 0.9))


def test_fightin_words_prior_was_alpha() -> None:
    from framing.stats.keyness import fightin_words

    with pytest.warns(DeprecationWarning, match=r"fightin_words\(alpha=...\)"):
        old = fightin_words([3, 1, 0], [1, 2, 4], alpha=0.5)
    new = fightin_words([3, 1, 0], [1, 2, 4], prior=0.5)
    for a, b in zip(old, new, strict=True):
        np.testing.assert_array_equal(a, b)
