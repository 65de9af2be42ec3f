"""compare_voices: tables by hand and tests against SciPy/statsmodels on the same counts;
the voice figure and report section; the seeds end to end."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from framing.comparison.compare import TEST_COLUMNS
from framing.comparison.voices import (
    DIVERSITY_COLUMNS,
    FRAMES_BY_VOICE_COLUMNS,
    ROLE_COLUMNS,
    VOICE_SHARE_COLUMNS,
    compare_voices,
    entropy_bits,
)

FAST = dict(n_boot=200, n_mc=999)
# outlet -> (articles, sentences per article, source sentences per article,
#            sources per article as (speaker, role, sentences voiced))
DESIGN = {
    "甲报": (1, 60, 40, [("a1", "industry", 30), ("a2", "academia", 10)]),
    "乙报": (1, 50, 15, [("b1", "government", 10), ("b2", "industry", 5)]),
    "丙报": (1, 70, 35, [("c1", "finance", 20), ("c2", "industry", 10), ("c3", "public", 5)]),
}


def make(design=DESIGN, seed=0) -> SimpleNamespace:
    """A scored-like object with voice columns, two frames and a sources table."""
    gen = np.random.default_rng(seed)
    sent_rows, src_rows = [], []
    for outlet, (n_art, n_sent, _, speakers) in design.items():
        for a in range(n_art):
            doc = f"{outlet}#{a + 1}"
            k = 0
            for spk, role, n in speakers:
                for _ in range(n):
                    sent_rows.append((doc, outlet, "source", f"{spk}", role))
                    k += 1
                src_rows.append(
                    {
                        "doc_id": doc,
                        "speaker_id": spk,
                        "speaker": spk,
                        "kind": "person",
                        "role": role,
                        "n_sentences": n,
                    }
                )
            for _ in range(n_sent - k):
                sent_rows.append((doc, outlet, "journalist", "", ""))
    s = pd.DataFrame(sent_rows, columns=["doc_id", "outlet", "voice", "speaker_id", "speaker_role"])
    s["sent_id"] = s.groupby("doc_id").cumcount() + 1
    s["speaker"] = s["speaker_id"]
    s["frame_threat"] = gen.random(len(s)) < np.where(s["voice"] == "source", 0.4, 0.1)
    s["frame_opportunity"] = gen.random(len(s)) < 0.3
    return SimpleNamespace(
        sentences=s,
        sources=pd.DataFrame(src_rows),
        documents=None,
        frame_ids=["threat", "opportunity"],
    )


@pytest.fixture(scope="module")
def vc():
    return compare_voices(make(), **FAST)


def test_columns_and_tables(vc):
    assert list(vc.voice_share.columns) == ["outlet", *VOICE_SHARE_COLUMNS]
    assert list(vc.roles.columns) == ["outlet", *ROLE_COLUMNS]
    assert list(vc.diversity.columns) == ["doc_id", "outlet", *DIVERSITY_COLUMNS[1:]]
    assert list(vc.frames_by_voice.columns) == ["outlet", *FRAMES_BY_VOICE_COLUMNS]
    assert list(vc.tests.columns) == TEST_COLUMNS
    assert list(vc.tables()) == [
        "voice_share_by_outlet",
        "source_roles_by_outlet",
        "source_diversity",
        "frames_by_voice_outlet",
        "voice_tests",
    ]
    assert vc.unit == "sentence" and vc.groups == ["甲报", "乙报", "丙报"]


def test_voice_share_and_wilson(vc):
    vs = vc.voice_share.set_index("outlet")
    assert vs["n_source_sentences"].tolist() == [40, 15, 35]
    assert vs["n_sentences"].tolist() == [60, 50, 70]
    lo, hi = proportion_confint([40, 15, 35], [60, 50, 70], method="wilson")
    np.testing.assert_allclose(vs["ci_low"], lo)
    np.testing.assert_allclose(vs["ci_high"], hi)
    assert vs.loc["丙报", "n_sources"] == 3
    assert vs.loc["丙报", "role_entropy"] == pytest.approx(math.log2(3))


def test_roles_table(vc):
    r = vc.roles.set_index(["outlet", "role"])
    assert len(vc.roles) == 3 * 8  # every role of the lexicon, zeros included
    assert r.loc[("丙报", "finance"), ["n_sources", "n_sources_total", "n_sentences"]].tolist() == [
        1,
        3,
        20,
    ]
    assert r.loc[("甲报", "industry"), "sentence_share"] == pytest.approx(30 / 40)
    lo, hi = proportion_confint(1, 3, method="wilson")
    assert r.loc[("丙报", "finance"), "ci_low"] == pytest.approx(lo)
    assert r.loc[("丙报", "finance"), "ci_high"] == pytest.approx(hi)
    assert r.loc[("乙报", "legal"), "share"] == 0


def test_diversity_entropy(vc):
    d = vc.diversity.set_index("outlet")
    assert d.loc["甲报", "n_sources"] == 2
    assert d.loc["甲报", "role_entropy"] == pytest.approx(sps.entropy([1, 1], base=2))
    assert d.loc["丙报", "role_evenness"] == pytest.approx(1.0)
    assert entropy_bits([3, 1]) == pytest.approx(sps.entropy([3, 1], base=2))
    assert entropy_bits([5]) == 0 and math.isnan(entropy_bits([]))


def test_frames_by_voice_by_hand(vc):
    s = make().sentences
    f = vc.frames_by_voice.set_index(["outlet", "frame", "voice"])
    for outlet in vc.groups:
        sub = s[(s["outlet"] == outlet) & s["frame_threat"]]
        k = int((sub["voice"] == "source").sum())
        row = f.loc[(outlet, "threat", "source")]
        assert (row["n_sentences"], row["n_frame"]) == (k, len(sub))
        lo, hi = proportion_confint(k, len(sub), method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi))
        both = (
            f.loc[(outlet, "threat", "source"), "share"]
            + f.loc[(outlet, "threat", "journalist"), "share"]
        )
        assert both == pytest.approx(1.0)
        assert row["voice_share_all"] == pytest.approx(
            (s.loc[s["outlet"] == outlet, "voice"] == "source").mean()
        )


def test_voice_chi2_matches_scipy(vc):
    row = vc.tests[vc.tests["analysis"] == "voice_chi2"].iloc[0]
    table = np.array([[40, 20], [15, 35], [35, 35]])
    ref = sps.chi2_contingency(table, correction=False)
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["p"] == pytest.approx(ref.pvalue)
    assert row["df"] == 2 and row["n"] == 180 and row["unit"] == "sentence"
    assert row["ci_low"] <= row["effect"] <= row["ci_high"]
    assert "cannot generalise" in row["note"]


def test_role_chi2_on_sources(vc):
    row = vc.tests[vc.tests["analysis"] == "role_chi2"].iloc[0]
    # outlets x (industry, academia, government, finance, public), empty roles dropped
    table = np.array([[1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 0, 1, 1]])
    ref = sps.chi2_contingency(table, correction=False)
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["df"] == ref.dof and row["n"] == 7 and row["unit"] == "source"
    assert "Fisher-Freeman-Halton" in row["method"]  # expected counts are tiny


def test_voice_share_tests_and_bh(vc):
    fam = vc.tests[vc.tests["analysis"] == "voice_share_chi2"]
    assert fam["outcome"].tolist() == ["threat", "opportunity"]
    s = make().sentences
    for _, row in fam.iterrows():
        sub = s[s[f"frame_{row['outcome']}"]]
        table = pd.crosstab(sub["outlet"], sub["voice"]).to_numpy()
        ref = sps.chi2_contingency(table, correction=False)
        assert row["statistic"] == pytest.approx(ref.statistic)
    np.testing.assert_allclose(fam["p_adj"], multipletests(fam["p"], method="fdr_bh")[1])


def test_diversity_tests_need_two_articles(vc):
    fam = vc.tests[vc.tests["analysis"] == "diversity_kw"]
    assert fam["outcome"].tolist() == ["n_sources", "role_entropy", "source_share"]
    assert fam["p"].isna().all() and fam["note"].str.contains("nothing to test").all()


def test_article_unit_and_kruskal():
    design = {
        "甲报": (3, 20, 0, [("a", "industry", 8), ("b", "academia", 4)]),
        "乙报": (3, 20, 0, [("c", "government", 3)]),
    }
    obj = make(design)
    # vary the articles: drop sources from some so that per-article values differ
    obj.sources = obj.sources.drop(index=[1]).reset_index(drop=True)
    res = compare_voices(obj, **FAST)
    assert res.unit == "article"
    kw = res.tests[
        (res.tests["analysis"] == "diversity_kw") & (res.tests["outcome"] == "n_sources")
    ].iloc[0]
    d = res.diversity
    ref = sps.kruskal(*[d.loc[d["outlet"] == g, "n_sources"] for g in ["甲报", "乙报"]])
    assert kw["statistic"] == pytest.approx(ref.statistic)
    assert kw["p"] == pytest.approx(ref.pvalue)
    vrow = res.tests[res.tests["analysis"] == "voice_chi2"].iloc[0]
    assert "dual to the test" in vrow["method"] and "treats them as independent" in vrow["note"]


def test_deterministic():
    a, b = compare_voices(make(), **FAST), compare_voices(make(), **FAST)
    pd.testing.assert_frame_equal(a.tests, b.tests)


def test_figure_and_section(vc):
    from framing.report.voice_figures import (
        VOICE_FIGURE_STEM,
        fig_voice_frames,
        render_voice_section,
    )

    fig = fig_voice_frames(vc.frames_by_voice, "outlet", {"threat": "Threat"}, vc.groups)
    assert len(fig.axes) == 2
    import matplotlib.pyplot as plt

    plt.close(fig)
    md = render_voice_section(vc, {"threat": "Threat (威胁)"})
    assert md.startswith("## Sources and voices")
    assert f"figures/{VOICE_FIGURE_STEM}.png" in md
    assert "cannot generalise to the outlet" in md
    assert "| 甲报 |" in md


def test_seeds_end_to_end(seeds_corpus):
    from framing.scoring.pipeline import score

    scored = score(seeds_corpus)  # no voice columns yet: computed by compare_voices
    res = compare_voices(scored, **FAST)
    vs = res.voice_share.set_index("outlet")
    assert vs["n_sentences"].sum() == len(scored.sentences)
    assert vs.loc["文汇报", "n_sources"] == 1  # one interviewee, 梅涛
    assert vs.loc["浙江日报", "n_sources"] >= 15
    assert set(res.tests["analysis"]) == {
        "voice_chi2",
        "role_chi2",
        "voice_share_chi2",
        "diversity_kw",
    }
    assert res.unit == "sentence"
