"""Validation metrics against the METHODS reference values and hand computations."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from framing.comparison.agreement import (
    AGREEMENT_COLUMNS,
    TONE_COLUMNS,
    frame_agreement,
    majority_vote,
    precision_recall_f1,
    sentiment_sign,
    spearman_interval,
    tone_agreement,
)
from framing.errors import InputError


def confusion_rows(tp: int, fp: int, fn: int, tn: int) -> tuple[list[int], list[int]]:
    gold = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    pred = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    return gold, pred


def two_frame_tables(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Frame ``threat``: TP 5, FP 1, FN 3, TN 3; frame ``opportunity``: TP 2, FP 3, FN 1, TN 6."""
    g1, p1 = confusion_rows(5, 1, 3, 3)
    g2, p2 = confusion_rows(2, 3, 1, 6)
    # shuffle the second frame so the two frames are not aligned by construction
    order = np.random.default_rng(seed).permutation(12)
    g2 = [g2[i] for i in order]
    p2 = [p2[i] for i in order]
    index = pd.Index([f"s{i}" for i in range(12)], name="sent_key")
    gold = pd.DataFrame({"threat": g1, "opportunity": g2}, index=index)
    pred = pd.DataFrame({"threat": p1, "opportunity": p2}, index=index)
    return gold, pred


# ---------------------------------------------------------------------------------------
# precision / recall / F1


def test_reference_values():
    p, r, f = precision_recall_f1(5, 1, 3)
    assert round(p, 3) == 0.833 and round(r, 3) == 0.625 and round(f, 3) == 0.714
    assert (p, r, f) == pytest.approx((5 / 6, 5 / 8, 10 / 14))
    assert round(precision_recall_f1(2, 3, 1)[2], 3) == 0.500
    # F1 is the harmonic mean of P and R
    assert f == pytest.approx(2 * p * r / (p + r))


def test_undefined_and_vectorised():
    p, r, f = precision_recall_f1(0, 0, 0)
    assert math.isnan(p) and math.isnan(r) and math.isnan(f)
    p, r, f = precision_recall_f1(0, 0, 4)  # nothing predicted: P undefined, R and F1 = 0
    assert math.isnan(p) and r == 0 and f == 0
    p, r, f = precision_recall_f1(np.array([5, 2]), np.array([1, 3]), np.array([3, 1]))
    assert f == pytest.approx([10 / 14, 0.5])


# ---------------------------------------------------------------------------------------
# frame_agreement


def test_frame_agreement_reference_values():
    gold, pred = two_frame_tables()
    table = frame_agreement(gold, pred, ["threat", "opportunity"], n_boot=200, seed=1)
    assert list(table.columns) == AGREEMENT_COLUMNS
    assert list(table["frame"]) == ["threat", "opportunity", "micro", "macro"]
    t = table.set_index("frame")
    assert t.loc["threat", ["tp", "fp", "fn", "tn", "support"]].tolist() == [5, 1, 3, 3, 8]
    assert t.loc["opportunity", ["tp", "fp", "fn", "tn", "support"]].tolist() == [2, 3, 1, 6, 3]
    assert t.loc["threat", "precision"] == pytest.approx(5 / 6)
    assert t.loc["threat", "recall"] == pytest.approx(5 / 8)
    assert t.loc["threat", "f1"] == pytest.approx(10 / 14)
    assert t.loc["opportunity", "f1"] == pytest.approx(0.5)
    assert round(t.loc["macro", "f1"], 3) == 0.607
    assert t.loc["macro", "f1"] == pytest.approx((10 / 14 + 0.5) / 2)
    assert t.loc["micro", "f1"] == pytest.approx(14 / 22)
    assert round(t.loc["micro", "f1"], 3) == 0.636
    assert t.loc["micro", "precision"] == pytest.approx(7 / 11)
    assert t.loc["micro", "recall"] == pytest.approx(7 / 11)
    assert t.loc["micro", ["tp", "fp", "fn", "tn"]].tolist() == [7, 4, 4, 9]
    for m in ("precision", "recall", "f1"):
        low, high = t[f"{m}_low"], t[f"{m}_high"]
        assert ((low <= high) & (low >= 0) & (high <= 1)).all()


def test_frame_agreement_aligns_on_index():
    gold, pred = two_frame_tables()
    shuffled = pred.sample(frac=1, random_state=3).assign(extra=1)
    a = frame_agreement(gold, pred, ["threat", "opportunity"], n_boot=100, seed=4)
    b = frame_agreement(gold, shuffled, ["threat", "opportunity"], n_boot=100, seed=4)
    pd.testing.assert_frame_equal(a, b)


def test_frame_agreement_bootstrap_determinism_and_no_boot():
    gold, pred = two_frame_tables()
    frames = ["threat", "opportunity"]
    a = frame_agreement(gold, pred, frames, n_boot=300, seed=9, interval="bootstrap")
    b = frame_agreement(gold, pred, frames, n_boot=300, seed=9, interval="bootstrap")
    c = frame_agreement(gold, pred, frames, n_boot=300, seed=10, interval="bootstrap")
    pd.testing.assert_frame_equal(a, b)
    assert not a["f1_low"].equals(c["f1_low"]) or not a["f1_high"].equals(c["f1_high"])
    none = frame_agreement(gold, pred, frames, n_boot=0, interval="bootstrap")
    assert none["f1_low"].isna().all()
    assert none["f1"].tolist() == pytest.approx(a["f1"].tolist())


def test_cluster_bootstrap_matches_explicit_resampling():
    rng = np.random.default_rng(0)
    n, n_docs = 300, 40
    docs = pd.Series(rng.integers(0, n_docs, n), index=[f"s{i}" for i in range(n)])
    docs = "d" + docs.astype(str)
    gold = pd.DataFrame({"a": rng.random(n) < 0.3, "b": rng.random(n) < 0.1}, index=docs.index)
    noise = pd.DataFrame(rng.random((n, 2)) < 0.15, index=docs.index, columns=["a", "b"])
    pred = (gold ^ noise).astype(int)
    n_boot, seed, ci = 400, 12, 0.9
    table = frame_agreement(
        gold, pred, ["a", "b"], cluster=docs, n_boot=n_boot, seed=seed, confidence=ci, interval="bootstrap"
    )
    t = table.set_index("frame")

    # independent re-implementation: draw articles, pool their sentences, recount
    clusters, uniques = pd.factorize(docs)
    draws = np.random.default_rng(seed).integers(0, len(uniques), size=(n_boot, len(uniques)))
    f1 = {"a": [], "b": [], "micro": [], "macro": []}
    for d in draws:
        rows = np.concatenate([np.flatnonzero(clusters == k) for k in d])
        pooled = np.zeros(3)
        per = []
        for frame in ("a", "b"):
            g = gold[frame].to_numpy()[rows]
            p = pred[frame].to_numpy()[rows].astype(bool)
            counts = np.array([(g & p).sum(), (~g & p).sum(), (g & ~p).sum()])
            pooled += counts
            tp, fp, fn = counts
            value = 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else np.nan
            f1[frame].append(value)
            per.append(value)
        f1["micro"].append(2 * pooled[0] / (2 * pooled[0] + pooled[1] + pooled[2]))
        f1["macro"].append(np.nanmean(per))
    for key, values in f1.items():
        low, high = np.nanquantile(values, [0.05, 0.95])
        assert t.loc[key, "f1_low"] == pytest.approx(low)
        assert t.loc[key, "f1_high"] == pytest.approx(high)

    # singleton clusters are the row bootstrap
    rows = frame_agreement(gold, pred, ["a", "b"], n_boot=100, seed=1, interval="bootstrap")
    single = pd.Series(np.arange(n), index=gold.index)
    singles = frame_agreement(
        gold, pred, ["a", "b"], cluster=single, n_boot=100, seed=1, interval="bootstrap"
    )
    pd.testing.assert_frame_equal(rows.drop(columns="ci_method"), singles.drop(columns="ci_method"))


def test_pairs_leave_out_undecided_unit_frame_pairs_frame_by_frame():
    """Counting only the marked pairs equals measuring each frame on its own kept units."""
    gold, pred = two_frame_tables()
    pairs = pd.DataFrame({"threat": [1] * 12, "opportunity": [1] * 12}, index=gold.index)
    pairs.iloc[[0, 4, 11], 0] = 0  # three threat pairs undecided (s0 a TP, s4 a TP, s11 a TN)
    pairs.iloc[[2, 3], 1] = 0
    gold_with_gaps = gold.astype(float).where(pairs == 1)  # a left-out pair may have no code
    t = frame_agreement(gold_with_gaps, pred, ["threat", "opportunity"], pairs=pairs, n_boot=0)
    t = t.set_index("frame")
    for frame in ("threat", "opportunity"):
        kept = pairs[frame] == 1
        alone = frame_agreement(gold.loc[kept, [frame]], pred.loc[kept, [frame]], [frame], n_boot=0)
        alone = alone.set_index("frame").loc[frame]
        cols = ["tp", "fp", "fn", "tn", "precision", "recall", "f1", "f1_low", "f1_high"]
        assert t.loc[frame, cols].tolist() == pytest.approx(alone[cols].tolist())
    assert t.loc["threat", ["tp", "fp", "fn", "tn"]].tolist() == [3, 1, 3, 2]  # by hand


def test_spearman_interval_of_clusters():
    from scipy import stats

    rng = np.random.default_rng(3)
    x = rng.normal(size=80)
    y = np.sign(np.round(x + rng.normal(scale=1.2, size=80)))  # -1/0/1 like coded tone
    # one unit per cluster: the ordinary paired bootstrap (scipy's, own draws: close, not equal)
    low, high = spearman_interval(x, y, np.arange(80), n_boot=4000, seed=1)
    ref = stats.bootstrap((x, y), lambda a, b: stats.spearmanr(a, b).statistic, paired=True,
                          vectorized=False, n_resamples=4000, method="percentile",
                          random_state=np.random.default_rng(2)).confidence_interval
    assert low == pytest.approx(ref.low, abs=0.03) and high == pytest.approx(ref.high, abs=0.03)
    # every unit twice in one cluster: ranks scale linearly, so the same draws give the same rho
    twice = spearman_interval(np.repeat(x, 2), np.repeat(y, 2), np.repeat(np.arange(80), 2),
                              n_boot=500, seed=5)
    assert twice == pytest.approx(spearman_interval(x, y, np.arange(80), n_boot=500, seed=5))
    # articles whose units share their own relation: resampling articles gives a wider interval
    art = np.arange(80) // 10
    slope = np.array([1.5, -0.5, 1.0, 0.0, 2.0, -1.0, 1.0, 0.5])[art]
    y2 = np.sign(np.round(slope * x + rng.normal(scale=0.5, size=80)))
    by_art = spearman_interval(x, y2, art, n_boot=2000, seed=1)
    by_unit = spearman_interval(x, y2, np.arange(80), n_boot=2000, seed=1)
    assert by_art[1] - by_art[0] > 1.5 * (by_unit[1] - by_unit[0])
    assert np.isnan(spearman_interval(x, y, np.zeros(80), n_boot=100)).all()  # one article


def test_spearman_interval_equals_scipy_on_the_resampled_units():
    """The weighted-rank computation gives what scipy's spearmanr gives on each resample with
    its units copied as often as their article was drawn (same draws, same percentiles)."""
    from scipy import stats

    from framing.stats.resampling import percentile_intervals, resample_counts

    rng = np.random.default_rng(11)
    x = np.round(rng.normal(size=120), 1)  # ties on both sides
    y = np.sign(np.round(x + rng.normal(scale=1.0, size=120)))
    articles = rng.integers(0, 15, 120)
    got = spearman_interval(x, y, articles, n_boot=300, seed=4, confidence=0.9)
    codes, labels = pd.factorize(pd.Series(articles))
    members = [np.flatnonzero(codes == k) for k in range(len(labels))]
    reps = []
    for row in resample_counts(np.random.default_rng(4), len(labels), 300):
        idx = np.concatenate([np.repeat(members[k], c) for k, c in enumerate(row) if c])
        reps.append(stats.spearmanr(x[idx], y[idx]).statistic)
    low, high = percentile_intervals(np.array(reps)[:, None], 0.9)
    assert got == pytest.approx((low[0], high[0]), abs=1e-12)


def test_frame_agreement_undefined_frame_is_nan_and_left_out_of_macro():
    gold, pred = two_frame_tables()
    gold["governance"] = 0
    pred["governance"] = 0
    t = frame_agreement(gold, pred, ["threat", "opportunity", "governance"], n_boot=50)
    t = t.set_index("frame")
    assert np.isnan(t.loc["governance", "f1"]) and np.isnan(t.loc["governance", "precision"])
    assert t.loc["macro", "f1"] == pytest.approx((10 / 14 + 0.5) / 2)
    assert t.loc["micro", "f1"] == pytest.approx(14 / 22)


def test_frame_agreement_bad_inputs():
    gold, pred = two_frame_tables()
    with pytest.raises(InputError, match="no prediction"):
        frame_agreement(gold, pred.iloc[1:], ["threat"], n_boot=0)
    with pytest.raises(InputError, match="no column"):
        frame_agreement(gold, pred, ["limitation"], n_boot=0)
    bad = pred.astype(float)
    bad.iloc[0, 0] = 2
    with pytest.raises(InputError, match="0/1"):
        frame_agreement(gold, bad, ["threat"], n_boot=0)
    with pytest.raises(InputError, match="cluster"):
        frame_agreement(gold, pred, ["threat"], cluster=pd.Series({"s0": "d1"}), n_boot=10)



# ---------------------------------------------------------------------------------------
# majority vote


def test_majority_vote():
    codes = pd.DataFrame(
        {
            "sent_key": ["u1", "u1", "u1", "u2", "u2", "u3", "u3", "u3"],
            "coder": ["a", "b", "c", "a", "b", "a", "b", "c"],
            "threat": [1, 1, 0, 1, 0, 0, np.nan, 0],
            "opportunity": [0, 0, 1, 1, 1, np.nan, np.nan, np.nan],
        }
    )
    out = majority_vote(codes, "sent_key", "coder", ["threat", "opportunity"]).set_index("sent_key")
    assert list(out.index) == ["u1", "u2", "u3"]
    assert out["n_coders"].tolist() == [3, 2, 3]
    # u1: 2 of 3 -> 1; u2: 1 of 2 -> tie -> 0; u3: 0 of 2 (one missing) -> 0
    assert out["threat"].tolist() == [1, 0, 0]
    assert out["threat_tie"].tolist() == [False, True, False]
    assert out["threat_votes"].tolist() == [2, 1, 0]
    # opportunity: u1 1 of 3 -> 0; u2 2 of 2 -> 1; u3 nobody coded it -> <NA>
    assert out["opportunity"].iloc[:2].tolist() == [0, 1]
    assert out["opportunity"].isna().tolist() == [False, False, True]
    assert out["opportunity_tie"].tolist() == [False, False, False]
    assert out["n_ties"].tolist() == [0, 1, 0]
    assert str(out["threat"].dtype) == "Int64"


def test_majority_vote_bad_inputs():
    codes = pd.DataFrame({"u": [1, 1], "c": ["a", "a"], "threat": [1, 0]})
    with pytest.raises(InputError, match="more than once"):
        majority_vote(codes, "u", "c", ["threat"])
    codes = pd.DataFrame({"u": [1, 1], "c": ["a", "b"], "threat": [1, 3]})
    with pytest.raises(InputError, match="0/1"):
        majority_vote(codes, "u", "c", ["threat"])


# ---------------------------------------------------------------------------------------
# tone


def test_sentiment_sign():
    out = sentiment_sign(np.array([0.1, 0.5, 0.51, 0.45, np.nan]))
    assert out[:4].tolist() == [-1, 0, 1, -1] and np.isnan(out[4])
    assert sentiment_sign(np.array([0.45, 0.56]), neutral_band=0.05).tolist() == [0, 1]


def test_tone_agreement_hand_computed():
    human = pd.Series([-1, 0, 1, 1], index=list("abcd"))
    sentiment = pd.Series([0.1, 0.5, 0.8, 0.6], index=list("abcd"))
    tone = pd.Series([-2.0, 1.0, 0.0, 3.0], index=list("abcd"))
    # average ranks: human (1, 2, 3.5, 3.5); sentiment (1, 2, 4, 3); tone (1, 3, 2, 4)
    # centred: human (-1.5, -.5, 1, 1), sentiment (-1.5, -.5, 1.5, .5), tone (-1.5, .5, -.5, 1.5)
    # rho(sentiment) = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10); rho(tone) = 3 / sqrt(22.5) = 2 / sqrt(10)
    t = tone_agreement(human, sentiment, tone).set_index("measure")
    assert list(t.reset_index().columns) == TONE_COLUMNS
    assert t.loc["sentiment", "spearman_rho"] == pytest.approx(3 / math.sqrt(10))
    assert t.loc["tone", "spearman_rho"] == pytest.approx(2 / math.sqrt(10))
    assert t.loc["sentiment", "n"] == 4
    # signs: sentiment (-1, 0, 1, 1) all match; tone (-1, 1, 0, 1) matches a and d
    assert t.loc["sentiment", "sign_accuracy"] == 1.0
    assert t.loc["tone", "sign_accuracy"] == 0.5
    assert t.loc["tone", "n_polar"] == 3
    assert t.loc["tone", "polar_accuracy"] == pytest.approx(2 / 3)
    # scipy agrees with the hand values, and the p-value is scipy's
    from scipy import stats

    res = stats.spearmanr(tone.to_numpy(), human.to_numpy())
    assert t.loc["tone", "spearman_p"] == pytest.approx(res.pvalue)


def test_tone_agreement_alignment_missing_and_constant():
    human = pd.Series([1, -1, 0, 1, np.nan], index=[1, 2, 3, 4, 5])
    tone = pd.Series([0.5, 0.0, 0.0, np.nan, 0.0], index=[5, 4, 3, 2, 1])  # reversed order
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = tone_agreement(human, tone=tone)
    row = t.iloc[0]
    assert row["measure"] == "tone" and row["n"] == 3  # units 1, 3, 4
    assert np.isnan(row["spearman_rho"])  # tone is constant (0) on the units kept
    assert row["sign_accuracy"] == pytest.approx(1 / 3)  # only unit 3 (0 == 0) matches
    assert row["polar_accuracy"] == 0.0
    with pytest.raises(InputError, match="-1, 0 or 1"):
        tone_agreement(pd.Series([2, 0]), tone=pd.Series([1, 0]))
    with pytest.raises(InputError, match="0..1"):
        tone_agreement(pd.Series([1, 0]), sentiment=pd.Series([1.2, 0.3]))
