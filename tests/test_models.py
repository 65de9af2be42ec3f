"""Regression models against closed forms, a hand-built sandwich and statsmodels' formula API."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from framing.comparison.models import MODEL_COLUMNS, count_by_group, logit_by_group


def _data(seed: int = 1) -> pd.DataFrame:
    """3 outlets x 6 articles x 12-20 sentences with an article-level random effect."""
    rng = np.random.default_rng(seed)
    rows = []
    base = {"A": -1.0, "B": 0.0, "C": -0.4}
    rate = {"A": 0.02, "B": 0.05, "C": 0.03}
    for outlet in "ABC":
        for art in range(6):
            u = rng.normal(0, 0.6)
            for s in range(rng.integers(12, 21)):
                tokens = int(rng.integers(5, 60))
                p = 1 / (1 + math.exp(-(base[outlet] + u + 0.3 * math.log(tokens / 20))))
                k = rng.negative_binomial(2, 2 / (2 + rate[outlet] * tokens * math.exp(u)))
                rows.append(
                    dict(
                        outlet=outlet,
                        doc_id=f"{outlet}{art}",
                        sent=s,
                        n_tokens=tokens,
                        y=bool(rng.random() < p),
                        k=int(k),
                    )
                )
    return pd.DataFrame(rows)


def test_saturated_logit_equals_logit_differences_and_woolf_se() -> None:
    df = _data()
    out = logit_by_group(df, "y", "outlet", covariate=None, order=list("ABC"))
    assert list(out.columns) == MODEL_COLUMNS
    assert list(out.group) == ["B", "C"] and set(out.reference) == {"A"}
    y = df.groupby("outlet")["y"].agg(["sum", "count"])
    logit = np.log(y["sum"] / (y["count"] - y["sum"]))
    for _, row in out.iterrows():
        g = row["group"]
        assert row["estimate"] == pytest.approx(logit[g] - logit["A"], abs=1e-8)
        a, b = y.loc[g, "sum"], y.loc[g, "count"] - y.loc[g, "sum"]
        c, d = y.loc["A", "sum"], y.loc["A", "count"] - y.loc["A", "sum"]
        assert row["se"] == pytest.approx(math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), rel=1e-6)
        assert row["ratio"] == pytest.approx((a / b) / (c / d), rel=1e-8)
        assert row["ci_low"] < row["ratio"] < row["ci_high"]
        assert row["cov_type"] == "nonrobust" and row["note"] == ""


def test_logit_with_log_tokens_matches_statsmodels_formula() -> None:
    df = _data()
    df["log_tokens"] = np.log(df.n_tokens)
    ref = smf.glm(
        "y ~ C(outlet, Treatment('A')) + log_tokens",
        df.assign(y=df.y.astype(float)),
        family=sm.families.Binomial(),
    ).fit()
    out = logit_by_group(df, "y", "outlet", order=list("ABC"))
    for g in "BC":
        name = f"C(outlet, Treatment('A'))[T.{g}]"
        row = out.set_index("group").loc[g]
        assert row["estimate"] == pytest.approx(ref.params[name], rel=1e-6)
        assert row["se"] == pytest.approx(ref.bse[name], rel=1e-6)
        assert row["p"] == pytest.approx(ref.pvalues[name], rel=1e-5)


def test_logit_cluster_se_equals_hand_built_crv1_sandwich() -> None:
    df = _data()
    out = logit_by_group(df, "y", "outlet", covariate=None, cluster="doc_id", order=list("ABC"))
    X = np.column_stack(
        [np.ones(len(df)), (df.outlet == "B").astype(float), (df.outlet == "C").astype(float)]
    )
    y = df.y.to_numpy(float)
    beta = np.asarray(sm.GLM(y, X, family=sm.families.Binomial()).fit().params)
    mu = 1 / (1 + np.exp(-X @ beta))
    bread = np.linalg.inv(X.T @ (X * (mu * (1 - mu))[:, None]))
    scores = X * (y - mu)[:, None]
    meat = np.zeros((3, 3))
    for _, idx in df.groupby("doc_id").indices.items():
        s = scores[idx].sum(axis=0)
        meat += np.outer(s, s)
    n, k, g = len(df), 3, df.doc_id.nunique()
    cov = (g / (g - 1)) * ((n - 1) / (n - k)) * bread @ meat @ bread
    np.testing.assert_allclose(out.se.to_numpy(), np.sqrt(np.diag(cov))[1:], rtol=1e-6)
    assert (out.cov_type == "cluster").all() and (out.n_clusters == 18).all()
    assert out.note.str.contains("only 18 clusters").all()


def test_logit_separation_is_reported_not_estimated() -> None:
    df = _data()
    df.loc[df.outlet == "C", "y"] = False  # C never uses the frame
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = logit_by_group(df, "y", "outlet", order=list("ABC"))
    row_c = out.set_index("group").loc["C"]
    assert math.isnan(row_c["ratio"]) and "separation" in row_c["note"]
    row_b = out.set_index("group").loc["B"]
    assert np.isfinite(row_b["ratio"]) and "left out" in row_b["note"]


def test_logit_reference_skips_separated_and_degenerate_all_absent() -> None:
    df = _data()
    df.loc[df.outlet == "A", "y"] = True
    out = logit_by_group(df, "y", "outlet", order=list("ABC"))
    assert set(out.reference) == {"B"}
    none = _data().assign(y=False)
    out = logit_by_group(none, "y", "outlet")
    assert out.ratio.isna().all() and out.note.str.contains("not estimable").all()
    one = _data().query("outlet == 'A'")
    assert logit_by_group(one, "y", "outlet").empty


def test_saturated_poisson_equals_log_rate_ratios() -> None:
    df = _data()
    out = count_by_group(df, "k", "n_tokens", "outlet", family="poisson", order=list("ABC"))
    agg = df.groupby("outlet")[["k", "n_tokens"]].sum()
    rate = agg.k / agg.n_tokens
    for _, row in out.iterrows():
        g = row["group"]
        assert row["model"] == "poisson"
        assert row["estimate"] == pytest.approx(math.log(rate[g] / rate["A"]), abs=1e-8)
        assert row["se"] == pytest.approx(math.sqrt(1 / agg.k[g] + 1 / agg.k["A"]), rel=1e-6)
    ref = smf.glm(
        "k ~ C(outlet)", df, family=sm.families.Poisson(), offset=np.log(df.n_tokens)
    ).fit()
    assert out.dispersion.iloc[0] == pytest.approx(ref.pearson_chi2 / ref.df_resid)


def test_auto_switches_to_negative_binomial_and_matches_statsmodels() -> None:
    df = _data()
    out = count_by_group(df, "k", "n_tokens", "outlet", order=list("ABC"))
    assert (out.model == "negative binomial").all()
    assert out.dispersion.iloc[0] > 1.5 and out.note.str.contains("NB2").all()
    ref = smf.negativebinomial(
        "k ~ C(outlet)", df, offset=np.log(df.n_tokens), loglike_method="nb2"
    ).fit(disp=0, maxiter=200)
    for g in "BC":
        row = out.set_index("group").loc[g]
        assert row["estimate"] == pytest.approx(ref.params[f"C(outlet)[T.{g}]"], rel=1e-4)
        assert row["se"] == pytest.approx(ref.bse[f"C(outlet)[T.{g}]"], rel=1e-3)


def test_count_model_group_without_counts_and_zero_exposure() -> None:
    df = _data()
    df.loc[df.outlet == "B", "k"] = 0
    df.loc[0, "n_tokens"] = 0  # dropped, no log(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = count_by_group(df, "k", "n_tokens", "outlet", order=list("ABC"), cluster="doc_id")
    row_b = out.set_index("group").loc["B"]
    assert math.isnan(row_b["ratio"]) and "no counts" in row_b["note"]
    assert np.isfinite(out.set_index("group").loc["C", "ratio"])
    assert out.set_index("group").loc["C", "n"] == len(df) - 1 - (df.outlet == "B").sum()


def test_failed_negative_binomial_falls_back_to_quasi_poisson(monkeypatch) -> None:
    df = _data()

    def broken(*args, **kwargs):
        raise ValueError("no convergence")

    monkeypatch.setattr(sm, "NegativeBinomial", broken)
    out = count_by_group(df, "k", "n_tokens", "outlet", order=list("ABC"))
    assert (out.model == "quasi-poisson").all()
    assert out.note.str.contains("quasi-Poisson").all()
    # same estimates as Poisson, SEs scaled by sqrt(Pearson chi2 / df)
    pois = count_by_group(df, "k", "n_tokens", "outlet", order=list("ABC"), family="poisson")
    np.testing.assert_allclose(out.estimate, pois.estimate, rtol=1e-7)
    disp = pois.dispersion.iloc[0]
    assert disp > 1.5
    np.testing.assert_allclose(out.se, pois.se * math.sqrt(disp), rtol=1e-6)


@pytest.mark.parametrize("model", ["logit", "poisson"])
def test_a_fit_that_raises_leaves_every_group_not_estimable(monkeypatch, model: str) -> None:
    df = _data()
    df.loc[df.outlet == "B", ["y", "k"]] = [False, 0]  # left out of the fit either way

    def broken(*args, **kwargs):
        raise np.linalg.LinAlgError("singular matrix")

    monkeypatch.setattr(sm, "GLM", broken)
    df = pd.concat([df, df.assign(outlet="D")])
    if model == "logit":
        out = logit_by_group(df, "y", "outlet", order=list("ABCD"))
    else:
        out = count_by_group(df, "k", "n_tokens", "outlet", order=list("ABCD"))
    assert list(out.columns) == MODEL_COLUMNS
    assert list(out.group) == ["B", "C", "D"] and (out.model == model).all()
    assert out.ratio.isna().all() and (out.n == 0).all()
    assert "not estimable" in out.note.iloc[0]
    assert (out.note.iloc[1:] == "fit failed: singular matrix").all()
