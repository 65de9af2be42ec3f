"""``compare`` end to end on synthetic scored corpora, checked against SciPy/statsmodels."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scikit_posthocs as sp
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats as sps
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import proportion_confint

from framing.comparison.compare import (
    FRAME_COLUMNS,
    ROBUSTNESS_COLUMNS,
    SENTIMENT_COLUMNS,
    TEST_COLUMNS,
    Comparison,
    compare,
)
from framing.comparison.keyness import KEYNESS_COLUMNS
from framing.errors import InputError

FRAMES = ["threat", "opportunity", "catch_up", "spectacle"]
TERMS = {
    "threat": ["威胁", "失业", "风险"],
    "opportunity": ["机遇", "机会", "增长"],
    "catch_up": ["差距", "追赶"],
    "spectacle": ["震撼", "惊艳"],
}
FILLER = ["模型", "视频", "生成", "公司", "用户", "内容", "行业", "发布", "的", "了"]
FAST = dict(n_boot=200, n_mc=999)


@dataclass
class Scored:
    sentences: pd.DataFrame
    documents: pd.DataFrame
    hits: pd.DataFrame
    frame_ids: list[str] = field(default_factory=lambda: list(FRAMES))


def make_scored(
    outlets: dict[str, dict[str, float]],
    *,
    articles: int = 1,
    sentences: int = 40,
    seed: int = 0,
    forced_term: dict[str, str] | None = None,
) -> Scored:
    """Synthetic scored corpus.

    ``outlets`` maps outlet -> frame -> probability that a sentence carries the frame.
    ``forced_term`` maps outlet -> term used for every hit of its first frame (to make one
    term drive a difference).
    """
    rng = np.random.default_rng(seed)
    sent_rows, doc_rows, hit_rows = [], [], []
    for o_i, (outlet, probs) in enumerate(outlets.items()):
        for a in range(articles):
            doc_id = f"d{o_i}_{a}"
            doc_rows.append(
                dict(
                    doc_id=doc_id,
                    outlet=outlet,
                    outlet_id=f"o{o_i}",
                    status="included",
                    reason="",
                    duplicate_of="",
                    n_tokens=0,
                    n_sentences=sentences,
                )
            )
            for s_id in range(1, sentences + 1):
                tokens = list(rng.choice(FILLER, size=int(rng.integers(4, 12))))
                row: dict[str, Any] = {}
                for f in FRAMES:
                    present = rng.random() < probs.get(f, 0.0)
                    n_hits = 0
                    if present:
                        n_hits = int(rng.integers(1, 3))
                        for _ in range(n_hits):
                            term = str(rng.choice(TERMS[f]))
                            if forced_term and outlet in forced_term and f == FRAMES[0]:
                                term = forced_term[outlet]
                            tokens.append(term)
                            hit_rows.append(
                                dict(
                                    doc_id=doc_id,
                                    sent_id=s_id,
                                    layer="frame",
                                    label=f,
                                    term=term,
                                    start=0,
                                    end=len(term),
                                    negated=False,
                                    weight=1.0,
                                )
                            )
                    # a negated hit never makes the frame present
                    if not present and rng.random() < 0.05:
                        hit_rows.append(
                            dict(
                                doc_id=doc_id,
                                sent_id=s_id,
                                layer="frame",
                                label=f,
                                term=TERMS[f][0],
                                start=0,
                                end=2,
                                negated=True,
                                weight=1.0,
                            )
                        )
                    row[f"hits_{f}"] = n_hits
                    row[f"frame_{f}"] = present
                rng.shuffle(tokens)
                sent_rows.append(
                    dict(
                        doc_id=doc_id,
                        sent_id=s_id,
                        outlet=outlet,
                        outlet_id=f"o{o_i}",
                        text="".join(tokens) + "。",
                        start=0,
                        end=0,
                        is_headline=s_id == 1,
                        n_chars=len("".join(tokens)) + 1,
                        tokens=" ".join(tokens) + " ，",
                        n_tokens=len(tokens),
                        position=(s_id - 1) / max(sentences - 1, 1),
                        sentiment=float(np.clip(rng.beta(2, 2) + 0.1 * o_i, 0, 1)),
                        tone=float(rng.integers(-2, 3) + 0.5 * (o_i % 2)),
                        **row,
                    )
                )
    return Scored(pd.DataFrame(sent_rows), pd.DataFrame(doc_rows), pd.DataFrame(hit_rows))


SEED_LIKE = {
    "文汇报": {"threat": 0.10, "opportunity": 0.40, "catch_up": 0.20, "spectacle": 0.05},
    "浙江日报": {"threat": 0.15, "opportunity": 0.50, "catch_up": 0.05, "spectacle": 0.10},
    "北京商报": {"threat": 0.05, "opportunity": 0.20, "catch_up": 0.40, "spectacle": 0.05},
    "每日经济新闻": {"threat": 0.30, "opportunity": 0.15, "catch_up": 0.10, "spectacle": 0.20},
    "web repost": {"threat": 0.20, "opportunity": 0.10, "catch_up": 0.05, "spectacle": 0.40},
}


@pytest.fixture(scope="module")
def seedlike() -> tuple[Scored, Comparison]:
    scored = make_scored(SEED_LIKE, sentences=45, seed=3)
    return scored, compare(scored, stopwords={"的", "了"}, **FAST)


# --------------------------------------------------------------------------- structure
def test_tables_have_documented_columns(seedlike) -> None:
    _, comp = seedlike
    assert list(comp.tests.columns) == TEST_COLUMNS
    assert list(comp.frames.columns) == ["outlet", *FRAME_COLUMNS]
    assert list(comp.sentiment.columns) == ["outlet", *SENTIMENT_COLUMNS]
    assert list(comp.residuals.columns)[:2] == ["outlet", "frame"]
    assert list(comp.keyness.columns) == ["outlet", *KEYNESS_COLUMNS[1:]]
    assert list(comp.robustness.columns) == ROBUSTNESS_COLUMNS
    assert set(comp.tables()) == {
        "frames_by_outlet",
        "sentiment_by_outlet",
        "tests",
        "residuals",
        "keyness",
        "robustness",
    }
    assert comp.groups == list(SEED_LIKE)
    assert set(comp.tests.analysis) == {
        "frame_chi2",
        "frame_logit",
        "frame_rate",
        "evaluation_kw",
        "dunn_sentiment",
        "dunn_tone",
    }


def test_one_article_per_outlet_is_sentence_level_and_says_so(seedlike) -> None:
    _, comp = seedlike
    assert comp.unit == "sentence"
    assert (comp.tests.unit == "sentence").all()
    assert comp.tests.note.str.contains("cannot generalise to the outlet").all()
    assert any("cannot generalise" in n for n in comp.notes)
    assert "cluster" not in " ".join(comp.tests.method)


def test_deterministic_for_a_seed(seedlike) -> None:
    scored, comp = seedlike
    again = compare(scored, stopwords={"的", "了"}, **FAST)
    for name, table in comp.tables().items():
        pd.testing.assert_frame_equal(table, again.tables()[name], obj=name)
    other = compare(scored, stopwords={"的", "了"}, seed=99, **FAST)
    assert not np.allclose(other.tests.ci_low.fillna(0), comp.tests.ci_low.fillna(0))


# --------------------------------------------------------------------------- frames
def test_frames_table_counts_and_wilson(seedlike) -> None:
    scored, comp = seedlike
    s = scored.sentences
    for _, row in comp.frames.iterrows():
        sub = s[s.outlet == row["outlet"]]
        k = int(sub[f"frame_{row['frame']}"].sum())
        assert row["n_sentences"] == len(sub) and row["n_with_frame"] == k
        low, high = proportion_confint(k, len(sub), method="wilson")
        assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)
        hits = sub[f"hits_{row['frame']}"].sum()
        assert row["hits_per_1k_tokens"] == pytest.approx(1000 * hits / sub.n_tokens.sum())


def _bergsma(table: np.ndarray) -> float:
    chi2 = sps.chi2_contingency(table, correction=False).statistic
    n = table.sum()
    r, k = table.shape
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    rt, kt = r - (r - 1) ** 2 / (n - 1), k - (k - 1) ** 2 / (n - 1)
    return math.sqrt(phi2 / min(kt - 1, rt - 1))


def test_frame_chi2_rows_match_scipy(seedlike) -> None:
    scored, comp = seedlike
    s = scored.sentences
    rows = comp.tests[comp.tests.analysis == "frame_chi2"].set_index("outcome")
    assert list(rows.index) == FRAMES
    for f in FRAMES:
        table = pd.crosstab(s.outlet, s[f"frame_{f}"]).reindex(list(SEED_LIKE)).to_numpy()
        ref = sps.chi2_contingency(table, correction=False)
        row = rows.loc[f]
        assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-10)
        assert row["df"] == ref.dof == 4 and row["n"] == len(s)
        assert row["effect"] == pytest.approx(_bergsma(table), rel=1e-10)
        assert row["ci_low"] <= row["effect"] <= row["ci_high"]
        if (ref.expected_freq < 5).mean() > 0.2:
            assert "Fisher-Freeman-Halton" in row["method"]
            mc = sps.fisher_exact(table, method=sps.MonteCarloMethod(n_resamples=20000, rng=1))
            assert row["p"] == pytest.approx(mc.pvalue, abs=0.03)
        else:
            assert row["p"] == pytest.approx(ref.pvalue, rel=1e-10)


def test_bh_within_each_analysis(seedlike) -> None:
    _, comp = seedlike
    for _, group in comp.tests.groupby("analysis"):
        ok = group.p.notna()
        expected = sps.false_discovery_control(group.p[ok].to_numpy(), method="bh")
        np.testing.assert_allclose(group.p_adj[ok].to_numpy(), expected, rtol=1e-12)
        assert group.p_adj[~ok].isna().all()


def test_residuals_match_statsmodels(seedlike) -> None:
    scored, comp = seedlike
    s = scored.sentences
    for f in FRAMES:
        table = pd.crosstab(s.outlet, s[f"frame_{f}"]).reindex(list(SEED_LIKE))
        table = table.reindex(columns=[True, False])
        ref = np.asarray(Table(table.to_numpy(), shift_zeros=False).standardized_resids)[:, 0]
        got = comp.residuals[comp.residuals.frame == f].residual.to_numpy()
        np.testing.assert_allclose(got, ref, rtol=1e-10)
    assert comp.residuals.p_bonferroni.max() <= 1


def test_logit_rows_match_statsmodels(seedlike) -> None:
    scored, comp = seedlike
    s = scored.sentences.assign(
        y=scored.sentences.frame_opportunity.astype(float),
        lt=np.log(scored.sentences.n_tokens),
    )
    ref = smf.glm("y ~ C(outlet, Treatment('文汇报')) + lt", s, family=sm.families.Binomial()).fit()
    rows = comp.tests[
        (comp.tests.analysis == "frame_logit") & (comp.tests.outcome == "opportunity")
    ]
    assert len(rows) == 4
    for _, row in rows.iterrows():
        g = row["groups"].split(" vs ")[0]
        b = ref.params[f"C(outlet, Treatment('文汇报'))[T.{g}]"]
        assert row["effect"] == pytest.approx(math.exp(b), rel=1e-6)
        assert row["groups"].endswith("vs 文汇报") and row["effect_name"] == "odds ratio"


def test_rate_rows_are_rate_ratios(seedlike) -> None:
    scored, comp = seedlike
    rows = comp.tests[(comp.tests.analysis == "frame_rate") & (comp.tests.outcome == "catch_up")]
    assert len(rows) == 4 and rows.effect_name.eq("rate ratio (hits per token)").all()
    s = scored.sentences
    if rows.method.str.startswith("poisson").all():
        agg = s.groupby("outlet")[["hits_catch_up", "n_tokens"]].sum()
        rate = agg.hits_catch_up / agg.n_tokens
        for _, row in rows.iterrows():
            g = row["groups"].split(" vs ")[0]
            assert row["effect"] == pytest.approx(rate[g] / rate["文汇报"], rel=1e-6)


# --------------------------------------------------------------------------- evaluation
def test_sentiment_table_and_kruskal_dunn(seedlike) -> None:
    scored, comp = seedlike
    s = scored.sentences
    sent = comp.sentiment[comp.sentiment.measure == "sentiment"].set_index("outlet")
    for outlet, sub in s.groupby("outlet"):
        assert sent.loc[outlet, "mean"] == pytest.approx(sub.sentiment.mean())
        assert sent.loc[outlet, "ci_low"] < sent.loc[outlet, "mean"] < sent.loc[outlet, "ci_high"]
    kw = comp.tests[comp.tests.analysis == "evaluation_kw"].set_index("outcome")
    for measure in ("sentiment", "tone"):
        ref = sps.kruskal(*[s.loc[s.outlet == o, measure] for o in SEED_LIKE])
        assert kw.loc[measure, "statistic"] == pytest.approx(ref.statistic, rel=1e-10)
        assert kw.loc[measure, "p"] == pytest.approx(ref.pvalue, rel=1e-10)
        # eta^2_H (Tomczak & Tomczak 2014), k = 5 groups, clipped at 0
        assert kw.loc[measure, "effect"] == pytest.approx(max(0.0, (ref.statistic - 4) / (len(s) - 5)))
        dunn = comp.tests[comp.tests.analysis == f"dunn_{measure}"]
        assert len(dunn) == 10
        ref_p = sp.posthoc_dunn(s, val_col=measure, group_col="outlet")
        for _, row in dunn.iterrows():
            a, b = row["groups"].split(" vs ")
            assert row["p"] == pytest.approx(ref_p.loc[a, b], rel=1e-9)
            delta = (
                np.sign(
                    s.loc[s.outlet == a, measure].to_numpy()[:, None]
                    - s.loc[s.outlet == b, measure].to_numpy()[None, :]
                )
            ).mean()
            assert row["effect"] == pytest.approx(delta, abs=1e-12)


# --------------------------------------------------------------------------- keyness
def test_keyness_in_comparison(seedlike) -> None:
    _, comp = seedlike
    key = comp.keyness
    assert set(key.outlet) <= set(SEED_LIKE)
    assert not key.term.isin(["的", "了", "，"]).any()
    assert (key.groupby("outlet").size() <= 20).all()
    top = key[key.outlet == "web repost"].iloc[0]
    assert top["term"] in TERMS["spectacle"]


# --------------------------------------------------------------------------- robustness
def test_drop_one_term_finds_the_driving_term() -> None:
    outlets = {
        "甲": {"threat": 0.6, "opportunity": 0.3},
        "乙": {"threat": 0.1, "opportunity": 0.3},
        "丙": {"threat": 0.1, "opportunity": 0.3},
    }
    scored = make_scored(outlets, sentences=60, seed=1, forced_term={"甲": "失业"})
    comp = compare(scored, robustness_drop=(), **FAST)
    row = comp.robustness[
        (comp.robustness.frame == "threat") & (comp.robustness.scenario == "drop_term")
    ].iloc[0]
    assert row["dropped"] == "失业"
    assert row["baseline_p"] < 0.05 and row["p"] > 0.05
    assert not row["same_decision"]
    assert row["n_variants"] == 3 and row["change"] < 0
    assert "presence rebuilt" not in row["note"]  # hits reproduce frame_threat exactly


def test_without_repost_and_duplicates_scenarios() -> None:
    scored = make_scored(SEED_LIKE, sentences=30, seed=5)
    # the repost duplicates 浙江日报's article
    repost = scored.documents.outlet == "web repost"
    scored.documents.loc[repost, "duplicate_of"] = "d1_0"
    comp = compare(scored, **FAST)
    assert "web repost" not in comp.groups
    assert any("duplicates left out" in n for n in comp.notes)
    rob = comp.robustness
    # no web repost among the analysed articles: the scenario is skipped, and said so
    assert set(rob.scenario) == {"drop_term", "with_duplicates"}
    assert any("scenario without them was skipped" in n for n in comp.notes)
    s = scored.sentences
    with_dup = rob[(rob.scenario == "with_duplicates") & (rob.frame == "spectacle")].iloc[0]
    table = pd.crosstab(s.outlet, s.frame_spectacle).to_numpy()
    assert with_dup["statistic"] == pytest.approx(
        sps.chi2_contingency(table, correction=False).statistic
    )
    kept = compare(scored, include_duplicates=True, **FAST)
    assert "web repost" in kept.groups
    wo = kept.robustness[
        (kept.robustness.scenario == "without_outlets") & (kept.robustness.frame == "spectacle")
    ].iloc[0]
    s4 = s[s.outlet != "web repost"]
    ref = sps.chi2_contingency(pd.crosstab(s4.outlet, s4.frame_spectacle), correction=False)
    assert wo["statistic"] == pytest.approx(ref.statistic) and wo["n"] == len(s4)
    assert set(kept.robustness.scenario) >= {"without_duplicates"}


# --------------------------------------------------------------------------- several articles
def test_several_articles_per_outlet_uses_article_unit_and_clusters() -> None:
    outlets = {k: SEED_LIKE[k] for k in ["文汇报", "浙江日报", "北京商报"]}
    scored = make_scored(outlets, articles=4, sentences=15, seed=2)
    comp = compare(scored, robustness=False, **FAST)
    assert comp.unit == "article"
    t = comp.tests
    assert set(t[t.analysis == "frame_article"].unit) == {"article"}
    assert set(t[t.analysis == "evaluation_kw"].unit) == {"article"}
    assert t[t.analysis == "frame_logit"].method.str.contains("article-clustered").all()
    assert t[t.analysis == "frame_logit"].note.str.contains("only 12 clusters").all()
    assert t[t.analysis == "frame_chi2"].note.str.contains("treats the sentences of an article as independent").all()
    assert not t.note.str.contains("cannot generalise").any()
    s = scored.sentences
    art = s.groupby(["outlet", "doc_id"]).sentiment.mean().reset_index()
    ref = sps.kruskal(*[art.loc[art.outlet == o, "sentiment"] for o in outlets])
    row = t[(t.analysis == "evaluation_kw") & (t.outcome == "sentiment")].iloc[0]
    assert row["statistic"] == pytest.approx(ref.statistic) and row["n"] == 12
    share = s.groupby(["outlet", "doc_id"]).frame_threat.mean().reset_index()
    ref = sps.kruskal(*[share.loc[share.outlet == o, "frame_threat"] for o in outlets])
    row = t[(t.analysis == "frame_article") & (t.outcome == "threat")].iloc[0]
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert comp.sentiment.ci_method.str.contains("cluster-robust t interval").all()


# --------------------------------------------------------------------------- degenerate
def test_absent_frame_separation_and_constant_scores_do_not_crash() -> None:
    outlets = {
        "甲": {"threat": 0.0, "opportunity": 0.5},
        "乙": {"threat": 0.0, "opportunity": 0.0},
        "丙": {"threat": 0.0, "opportunity": 0.4},
    }
    scored = make_scored(outlets, sentences=20, seed=4)
    scored.sentences["tone"] = 0.0
    comp = compare(scored, **FAST)
    t = comp.tests
    threat = t[(t.analysis == "frame_chi2") & (t.outcome == "threat")].iloc[0]
    assert math.isnan(threat["p"]) and "absent from every sentence" in threat["note"]
    logit = t[(t.analysis == "frame_logit") & (t.outcome == "opportunity")]
    sep = logit[logit.groups.str.startswith("乙")].iloc[0]
    assert math.isnan(sep["effect"]) and "separation" in sep["note"]
    tone = t[(t.analysis == "evaluation_kw") & (t.outcome == "tone")].iloc[0]
    assert math.isnan(tone["p"]) and "no variation" in tone["note"]
    assert not (t.analysis == "dunn_tone").any()
    assert comp.frames[comp.frames.frame == "threat"].share.eq(0).all()


def test_single_outlet_and_bad_input() -> None:
    scored = make_scored({"甲": SEED_LIKE["文汇报"]}, sentences=15, seed=6)
    comp = compare(scored, **FAST)
    assert comp.tests[comp.tests.analysis == "frame_chi2"].note.str.contains("one group").all()
    assert comp.keyness.empty
    with pytest.raises(InputError, match="lacks column"):
        compare(type("S", (), {"sentences": pd.DataFrame({"doc_id": [], "sent_id": []})})())
    with pytest.raises(InputError, match="by='region': no such column"):
        compare(scored, by="region", **FAST)
    with pytest.raises(InputError):
        compare(object())


# --------------------------------------------------------------------------- seeds
def test_seeds_end_to_end() -> None:
    """The seed corpus runs through reading, scoring and comparing (when those stages exist)."""
    from pathlib import Path

    try:
        from framing.corpus.read import read_corpus
        from framing.lexicon import default_lexicons
        from framing.scoring.pipeline import score
    except ImportError as err:  # the stage is not part of this checkout
        pytest.skip(f"reading/scoring stage not available: {err}")
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    scored = score(read_corpus(seeds), default_lexicons())
    comp = compare(scored, by="outlet", n_boot=200, n_mc=999)
    assert comp.unit == "sentence"
    assert set(comp.groups) == {"文汇报", "浙江日报", "北京商报", "每日经济新闻", "web repost"}
    assert comp.tests.note.str.contains("cannot generalise to the outlet").all()
    assert (comp.tests.unit == "sentence").all()
    chi = comp.tests[comp.tests.analysis == "frame_chi2"]
    assert list(chi.outcome) == list(scored.frame_ids)
    assert comp.tests.p_adj.notna().any() and not comp.keyness.empty
    rob = comp.robustness
    assert {"drop_term", "without_outlets"} <= set(rob.scenario)
    # presence rebuilt from the hits reproduces the scorer's frame columns
    assert not rob.note.str.contains("presence rebuilt").any()
    s = scored.sentences
    table = pd.crosstab(s.outlet, s.frame_technology).to_numpy()
    row = chi[chi.outcome == "technology"].iloc[0]
    assert row["statistic"] == pytest.approx(
        sps.chi2_contingency(table, correction=False).statistic
    )


def test_one_group_has_nothing_to_compare_and_keeps_the_descriptive_tables() -> None:
    scored = make_scored({"甲": {"threat": 0.3, "opportunity": 0.5}}, articles=3, sentences=20, seed=4)
    c = compare(scored, n_boot=50)
    assert c.groups == ["甲"]
    assert any(n.startswith("one group (甲): nothing to compare") for n in c.notes)
    assert c.tests.empty and c.residuals.empty and c.keyness.empty and c.robustness.empty
    # the descriptive tables are filled: one row per frame, shares counted directly
    frames = c.frames.set_index("frame")
    s = scored.sentences
    assert frames.loc["threat", "n_with_frame"] == int(s["frame_threat"].sum())
    assert frames.loc["threat", "share"] == pytest.approx(s["frame_threat"].mean())
    assert len(c.sentiment) == 2
    # empty tables keep number columns numeric, so sorting by them works as on filled ones
    assert c.keyness.nlargest(8, "z").empty and c.residuals.nlargest(3, "residual").empty


def test_a_negative_seed_is_an_input_error() -> None:
    scored = make_scored({"甲": {"threat": 0.3}, "乙": {"threat": 0.6}}, sentences=10)
    with pytest.raises(InputError, match="--seed -1: a seed is a whole number"):
        compare(scored, seed=-1)
