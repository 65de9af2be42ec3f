"""A researcher's own study: a table input with its own columns (outlet_type, region, date),
several articles per outlet, a lexicon folder that adds a frame, comparisons by any document
column, honest units and intervals in the report, figures on the researcher's own axes.

The corpus is ``tests/data/own_study/articles.csv``: 18 articles of six outlets of three
types (three articles each), one article of a single-article outlet (self-media) and one
article without an outlet (unknown); the lexicon folder ``tests/data/own_study/lexicons``
adds the frame ``creativity`` to the eight bundled frames.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

import framing as fr
from framing.comparison import stats as st
from framing.comparison.compare import compare
from framing.errors import InputError
from framing.lexicon import check_lexicon_files, default_lexicons, load_lexicons
from framing.paths import lexicon_dir

DATA = Path(__file__).resolve().parent / "data" / "own_study"
TABLE = DATA / "articles.csv"
LEXICONS = DATA / "lexicons"
FAST = dict(n_boot=200, n_mc=999)
TYPES = {"party": ["光明日报", "南方日报"], "financial": ["第一财经", "21世纪经济报道"], "tech": ["36氪", "虎嗅"]}


@pytest.fixture(scope="module")
def study():
    corpus = fr.read_corpus(TABLE)
    lex = load_lexicons(LEXICONS)
    scored = fr.score(corpus, lex)
    return corpus, scored


@pytest.fixture(scope="module")
def by_type(study):
    _, scored = study
    return compare(scored, by="outlet_type", min_articles=2, **FAST)


@pytest.fixture(scope="module")
def bundle(study, by_type, tmp_path_factory):
    """The report, tables and manifest lexicon list of the bundle (figures left out: slow)."""
    import json

    from framing.report import bundle as b

    corpus, scored = study
    out = tmp_path_factory.mktemp("own")
    (out / "tables").mkdir()
    b._write_tables(out / "tables", scored.documents, scored, by_type)
    files = b._lexicon_files(scored, corpus, LEXICONS)
    report = b.render_report(scored.documents, scored, by_type, b.package_versions(),
                             scored.lexicons.versions, [], lexicon_files=files)
    (out / "report.md").write_text(report, encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"lexicons": files}, ensure_ascii=False), encoding="utf-8")
    return out


# --- 4. the researcher's own columns travel (docvars) -------------------------------------------


def test_own_columns_reach_documents_sentences_and_scores(study) -> None:
    corpus, scored = study
    raw = pd.read_csv(TABLE, dtype=str, keep_default_na=False).set_index("doc_id")
    docs = corpus.documents.set_index("doc_id")
    # outlet_type is framing's own column (from the gazetteer); the researcher's value wins
    assert corpus.docvars == ["region"]
    assert (docs["outlet_type"] == raw.loc[docs.index, "outlet_type"]).all()
    for col in ("region",):
        assert docs.loc["gm1", col] == raw.loc["gm1", col]
        # every sentence carries its article's value, before and after scoring
        for table in (corpus.sentences, scored.sentences):
            values = table[col].fillna("").astype(str)
            expected = table["doc_id"].map(raw[col])
            assert (values == expected).all(), col
    assert scored.documents.set_index("doc_id").loc["kr1", "outlet_type"] == "tech"


def test_a_column_named_like_a_framing_column_is_kept_as_given(tmp_path) -> None:
    df = pd.read_csv(TABLE, dtype=str, keep_default_na=False).head(3).assign(source=["a", "b", "c"])
    with pytest.warns(UserWarning, match="source .* kept as given_source"):
        corpus = fr.read_corpus(df)
    assert corpus.documents["given_source"].tolist() == ["a", "b", "c"]
    assert corpus.documents["source"].str.startswith("<table>:row").all()  # framing's own column


def test_a_manifest_supplies_outlet_type_for_the_seeds(tmp_path, seeds_dir) -> None:
    types = {"000": "party", "001": "party", "002": "financial", "003": "financial", "004": "web"}
    man = pd.read_csv(seeds_dir / "manifest.csv", dtype=str, keep_default_na=False)
    man["outlet_type"] = man["file"].str[:3].map(types)
    man.to_csv(tmp_path / "manifest.csv", index=False)
    corpus = fr.read_corpus(seeds_dir, manifest=tmp_path / "manifest.csv")
    inc = corpus.documents[corpus.documents["status"] == "included"].set_index("outlet")
    assert inc.loc["文汇报", "outlet_type"] == "party" and inc.loc["web repost", "outlet_type"] == "web"
    assert set(corpus.sentences["outlet_type"]) == {"party", "financial", "web"}
    scored = fr.score(corpus, voices=False)
    one = compare(scored, by="outlet_type", robustness=False, models=False, **FAST)
    assert one.groups == ["party", "financial", "web"] and one.unit == "sentence"
    assert any("1 group(s) with a single article (web)" in n for n in one.notes)
    # min_articles=2: the single web repost leaves, and the article is the unit again
    two = compare(scored, by="outlet_type", min_articles=2, robustness=False, models=False, **FAST)
    assert two.groups == ["party", "financial"] and two.unit == "article"
    art = two.tests[two.tests["analysis"] == "frame_article"]
    assert (art["n"] == 4).all() and (art["unit"] == "article").all()
    assert two.params["left_out"]["small_groups"] == {"web": 1}


# --- 14.5 compare by any document column; unknown outlets left out ----------------------------


def test_compare_by_outlet_type_is_at_the_article_level(study, by_type) -> None:
    _, scored = study
    assert by_type.groups == ["party", "financial", "tech"] and by_type.unit == "article"
    s = scored.sentences[scored.sentences["outlet_type"].isin(TYPES)]
    share = s.groupby(["outlet_type", "doc_id"])["frame_governance"].mean().reset_index()
    ref = sps.kruskal(*[share.loc[share["outlet_type"] == t, "frame_governance"] for t in TYPES])
    row = by_type.tests.query("analysis == 'frame_article' and outcome == 'governance'").iloc[0]
    assert row["statistic"] == pytest.approx(ref.statistic) and row["p"] == pytest.approx(ref.pvalue)
    assert row["n"] == 18 and row["unit"] == "article"
    frames = by_type.frames.set_index(["outlet_type", "frame"])
    assert frames.loc[("tech", "creativity"), "n_with_frame"] == int(
        s.loc[s["outlet_type"] == "tech", "frame_creativity"].sum()
    )


def test_compare_by_a_column_only_the_documents_have(study) -> None:
    _, scored = study
    slim = type("S", (), {})()
    slim.sentences = scored.sentences.drop(columns=["outlet_type", "region"])
    slim.documents, slim.hits, slim.frame_ids = scored.documents, scored.hits, scored.frame_ids
    a = compare(slim, by="outlet_type", min_articles=2, robustness=False, models=False, **FAST)
    b = compare(scored, by="outlet_type", min_articles=2, robustness=False, models=False, **FAST)
    pd.testing.assert_frame_equal(a.frames, b.frames)


def test_compare_by_period_and_region(study) -> None:
    _, scored = study
    month = compare(scored, by="period", robustness=False, models=False, **FAST)
    dates = scored.documents.set_index("doc_id")["date"]
    expected = pd.Series(dates.str[:7]).value_counts()
    got = month.frames.drop_duplicates("period").set_index("period")["n_articles"]
    assert got.to_dict() == expected.to_dict()
    assert month.params["period"] == "month"
    week = compare(scored, by="period", period="week", robustness=False, models=False, **FAST)
    assert "2024-W07" in week.groups  # 2024-02-17 is in ISO week 7
    # region: 上海 (3 articles) and 浙江 (1) pooled into "other" with min_articles=4
    region = compare(scored, by="region", min_articles=4, small_groups="merge", robustness=False,
                     models=False, **FAST)
    assert set(region.groups) == {"北京", "广东", "other"} and region.unit == "article"
    assert region.params["left_out"]["small_groups"] == {"上海": 3, "浙江": 1}
    with pytest.raises(InputError, match="period='fortnight'"):
        compare(scored, by="period", period="fortnight", **FAST)


def test_unknown_outlets_are_left_out_and_counted(study) -> None:
    _, scored = study
    default = compare(scored, robustness=False, models=False, **FAST)
    assert "unknown" not in default.groups
    assert default.params["left_out"]["unknown"] == {"articles": 1, "sentences": 3}
    assert any("1 article(s) (3 sentences) whose outlet is unknown left out" in n for n in default.notes)
    kept = compare(scored, keep_unknown=True, robustness=False, models=False, **FAST)
    assert "unknown" in kept.groups and "unknown" not in kept.params["left_out"]


def test_min_articles_drops_or_merges_single_article_outlets(study) -> None:
    _, scored = study
    plain = compare(scored, robustness=False, models=False, **FAST)
    # one single-article outlet makes every outlet test sentence-level, and the note says which
    assert plain.unit == "sentence"
    assert any("single article (某科技自媒体)" in n and "min_articles=2" in n for n in plain.notes)
    dropped = compare(scored, min_articles=2, robustness=False, models=False, **FAST)
    assert dropped.unit == "article" and "某科技自媒体" not in dropped.groups
    assert any("fewer than 2 articles left out" in n for n in dropped.notes)
    merged = compare(scored, min_articles=2, small_groups="merge", robustness=False, models=False, **FAST)
    # pooled alone it is still one article: left out too, and said so
    assert "other" not in merged.groups and any("still has fewer than 2" in n for n in merged.notes)
    with pytest.raises(InputError, match="min_articles"):
        compare(scored, min_articles=0)


# --- 2. intervals agree with their tests ---------------------------------------------------------


def _dual_rows(tests: pd.DataFrame) -> pd.DataFrame:
    return tests[tests["effect"].notna() & tests["ci_low"].notna() & tests["ci_high"].notna()]


def _check_duality(tests: pd.DataFrame, alpha: float = 0.05) -> int:
    """Every row with an effect and an interval: the interval excludes the null exactly when
    p < alpha where the methods are dual, the exact-p rows against their chi-square p, and
    every other row says it is not dual. Returns the number of rows checked."""
    checked = 0
    for _, r in _dual_rows(tests).iterrows():
        method = str(r["method"])
        null = 1.0 if "ratio" in str(r["effect_name"]) else 0.0
        excludes = r["ci_low"] > null + 1e-12 or r["ci_high"] < null - 1e-12
        exact = re.search(r"dual to the chi-square test \(p = ([0-9.e+-]+)\), not to the exact p", method)
        if exact:
            p = float(exact.group(1))
        elif "dual to the test" in method:
            p = float(r["p"])
        else:
            assert "not dual" in method, (r["analysis"], method)
            continue
        if abs(p - alpha) > 1e-4:
            assert excludes == (p < alpha), (r["analysis"], r["outcome"], r["groups"], p, r["ci_low"], r["ci_high"])
        assert r["ci_low"] - 1e-9 <= r["effect"] <= r["ci_high"] + 1e-9, (r["analysis"], r["outcome"])
        checked += 1
    return checked


def test_every_interval_agrees_with_its_test(study, by_type) -> None:
    from tests.test_compare import SEED_LIKE, make_scored

    _, scored = study
    sentence_level = compare(make_scored(SEED_LIKE, sentences=45, seed=3), robustness=False, **FAST)
    region = compare(scored, by="region", robustness=False, **FAST)
    for comp in (by_type, sentence_level, region):
        assert _check_duality(comp.tests) > 20
        if comp.voices is not None:
            assert _check_duality(comp.voices.tests) > 0
    # the families that decide claims are all dual
    for analysis in ("frame_chi2", "frame_article", "evaluation_kw", "frame_logit"):
        rows = _dual_rows(by_type.tests[by_type.tests["analysis"] == analysis])
        assert rows["method"].str.contains("dual to the").all(), analysis


def test_noncentral_bounds_solve_their_equations() -> None:
    # lam_low puts the statistic at the upper alpha point, lam_high at the lower one
    for stat, df in [(9.74, 4), (26.0, 4), (5.2, 2), (40.0, 3)]:
        low, high = st.noncentral_chi2_ci(stat, df, 0.05)
        if sps.chi2.sf(stat, df) < 0.05:
            assert sps.ncx2.sf(stat, df, low) == pytest.approx(0.05, abs=1e-8)
        else:
            assert low == 0.0
        assert sps.ncx2.cdf(stat, df, high) == pytest.approx(0.05, abs=1e-8)
    # a statistic far in the lower tail: both bounds 0, and eta^2_H is 0 too
    assert st.noncentral_chi2_ci(0.01, 2) == (0.0, 0.0)
    # eta^2_H of Tomczak & Tomczak and its interval on the (n - k) scale
    h, n, k = 7.5, 18, 3
    low, high = st.kruskal_eta_squared_ci(h, n, k)
    lam = st.noncentral_chi2_ci(h, k - 1)
    assert (low, high) == pytest.approx((lam[0] / (n - k), min(1.0, lam[1] / (n - k))))  # at most 1
    assert low < (h - k + 1) / (n - k) < high


def test_article_level_effect_with_a_large_p_has_an_interval_from_zero(by_type) -> None:
    art = by_type.tests[by_type.tests["analysis"] == "frame_article"]
    large = art[art["p"] > 0.5]
    assert len(large) and (large["ci_low"] == 0).all()  # the old bootstrap gave [0.125, 0.697] at p = .75


def test_means_with_few_articles_use_a_cluster_robust_t_interval(study, by_type) -> None:
    import statsmodels.api as sm

    _, scored = study
    s = scored.sentences[scored.sentences["outlet_type"] == "party"].dropna(subset=["tone"])
    fit = sm.OLS(s["tone"].to_numpy(), np.ones(len(s))).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(s["doc_id"])[0]}, use_t=True
    )
    low, high = fit.conf_int(0.05)[0]
    row = by_type.sentiment.query("outlet_type == 'party' and measure == 'tone'").iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert "CR1 cluster-robust t interval" in row["ci_method"]


def test_validation_intervals_are_not_degenerate_at_three_true_positives() -> None:
    from framing.comparison.agreement import frame_agreement

    ids = [f"a:{i}" for i in range(1, 9)]
    gold = pd.DataFrame({"f": [1, 1, 1, 0, 0, 0, 1, 0]}, index=ids)
    pred = pd.DataFrame({"f": [1, 1, 1, 1, 1, 1, 0, 0]}, index=ids)
    cluster = pd.Series("a", index=ids)  # one article: a cluster bootstrap has one resample
    t = frame_agreement(gold, pred, ["f"], cluster=cluster, n_boot=200, seed=1).set_index("frame")
    p_low, p_high = proportion_confint(3, 6, method="wilson")
    r_low, r_high = proportion_confint(3, 4, method="wilson")
    assert (t.loc["f", "precision_low"], t.loc["f", "precision_high"]) == pytest.approx((p_low, p_high))
    assert (t.loc["f", "recall_low"], t.loc["f", "recall_high"]) == pytest.approx((r_low, r_high))
    assert t.loc["f", "precision_low"] < 0.5 < t.loc["f", "precision_high"]
    old = frame_agreement(gold, pred, ["f"], cluster=cluster, n_boot=200, seed=1, interval="bootstrap")
    assert old["precision_low"].iloc[0] == old["precision_high"].iloc[0] == 0.5  # what it was


def test_validation_prints_a_summary(study) -> None:
    from framing.validation.codesheet import sentence_ids

    _, scored = study
    s = scored.sentences[scored.sentences["outlet"] != "unknown"]
    sheet = pd.DataFrame({"sentence_id": sentence_ids(s).to_numpy()})
    for f in scored.frame_ids:
        sheet[f] = s[f"frame_{f}"].astype(int).to_numpy()
    anna = sheet.assign(coder="anna")
    ben = sheet.assign(coder="ben")
    ben.loc[ben.index[:4], "technology"] = 1 - ben.loc[ben.index[:4], "technology"]
    v = fr.validate(fr.read_codes([anna, ben], scored=scored), scored, n_boot=100)
    text = str(v)
    assert text == repr(v) and len(text.splitlines()) < 20
    assert text.startswith(f"Validation: {len(s)} sentences of 19 articles coded by 2 coder(s)")
    assert "Krippendorff's alpha" in text and "creativity" in text
    row = v.agreement.set_index("frame").loc["creativity"]
    low, high = proportion_confint(row["tp"], row["tp"] + row["fp"], method="wilson")
    assert (row["precision_low"], row["precision_high"]) == pytest.approx((low, high))


# --- 1. the report states each difference at the unit of its test -------------------------------


def test_report_states_each_difference_at_its_unit(bundle, by_type) -> None:
    report = (bundle / "report.md").read_text(encoding="utf-8")
    results = report[report.index("## Results"):report.index("### Figures")]
    assert "Article-level tests (unit: article, n = 18 articles)" in results
    art = by_type.tests.query("analysis == 'frame_article' and p_adj < 0.05")
    claim = next(line for line in results.splitlines() if line.startswith("Frames whose use differs"))
    assert "at the article level" in claim
    labels = {f.id: f"{f.label_en} ({f.label_zh})" for f in load_lexicons(LEXICONS).frames}
    for f in art["outcome"]:
        assert labels[f] in claim
    # the sentence-level table is labelled as such and makes no claim about the groups
    assert "Sentence-level chi-square tests (unit: sentence, n = 77 sentences)" in results
    assert "support no claim about the outlet_type groups" in results
    assert "(unit: article)" not in results.replace("(unit: article, n = 18 articles)", "")
    # the evaluation tests name their unit
    assert "unit: article (article means), n = 18 articles" in results
    # and the frames table does not call sentence shares an article-level result
    assert "describe the sentences, not the outlet_type groups" in results


def test_a_claim_that_fails_drop_one_term_says_so_where_it_is_made(bundle, by_type) -> None:
    rob = by_type.robustness.query("frame == 'spectacle' and scenario == 'drop_term'").iloc[0]
    assert rob["unit"] == "article" and rob["dropped"] == "震撼" and not rob["same_decision"]
    report = (bundle / "report.md").read_text(encoding="utf-8")
    claim = next(line for line in report.splitlines() if line.startswith("Frames whose use differs"))
    p = f"{rob['p']:.3f}".lstrip("0")
    assert f"Spectacle (震撼) (not robust: without the term 震撼 p = {p})" in claim
    assert "Governance (治理) (not robust" not in claim


def test_skipped_robustness_scenario_is_said_so(by_type, bundle) -> None:
    assert "without_outlets" not in set(by_type.robustness["scenario"])
    assert any("scenario without them was skipped" in n for n in by_type.notes)
    assert "scenario without them was skipped" in (bundle / "report.md").read_text(encoding="utf-8")


# --- 3. an added frame extends the bundled ones ----------------------------------------------------


def test_an_added_frame_extends_the_bundled_frames(tmp_path) -> None:
    lex = load_lexicons(LEXICONS)
    assert lex.frame_ids == [*default_lexicons().frame_ids, "creativity"]
    assert Path(lex.frame("creativity").source).parent == LEXICONS
    assert lex.versions["frames"] == "0.1" and lex.versions["frames_base"] == "2.2.0"
    only = tmp_path / "only"
    only.mkdir()
    text = (LEXICONS / "frames.toml").read_text(encoding="utf-8")
    (only / "frames.toml").write_text(text.replace('version = "0.1"', 'version = "0.1"\nreplace = true'),
                                      encoding="utf-8")
    assert load_lexicons(only).frame_ids == ["creativity"]
    checks = {c.key: c for c in check_lexicon_files(LEXICONS)}
    detail = "\n".join(checks["frames"].detail)
    assert "frames in force (9; your frames added to the bundled ones" in detail
    assert "creativity (创意 Creativity): your frames.toml" in detail
    assert "threat (威胁 Threat): bundled frames.toml 2.2.0" in detail


def test_a_frame_of_the_same_id_replaces_the_bundled_one_in_its_place(tmp_path) -> None:
    (tmp_path / "frames.toml").write_text(
        'version = "2"\n[frames.threat]\nlabel_zh = "风险"\nlabel_en = "Risk"\ndefinition = "x"\n'
        '[frames.threat.terms]\n"隐忧" = 1.0\n', encoding="utf-8")
    lex = load_lexicons(tmp_path)
    assert lex.frame_ids == default_lexicons().frame_ids
    assert [t.term for t in lex.frame("threat").terms] == ["隐忧"]
    checks = {c.key: c for c in check_lexicon_files(tmp_path)}
    assert "threat (风险 Risk): your frames.toml, replaces the bundled one" in checks["frames"].detail
    (tmp_path / "frames.toml").write_text(
        'version = "2"\nreplace = "yes"\n[frames.x]\nlabel_zh = "x"\nlabel_en = "x"\ndefinition = "x"\n'
        '[frames.x.terms]\n"隐忧" = 1.0\n', encoding="utf-8")
    with pytest.raises(fr.LexiconError, match=r"frames.toml:2: wrong type for replace"):
        load_lexicons(tmp_path)


def test_lexicon_check_command_lists_the_frames_in_force(capsys) -> None:
    from framing.cli import main

    assert main(["lexicon", "check", str(LEXICONS)]) == 0
    out = capsys.readouterr().out
    assert "frames in force (9;" in out and "creativity (创意 Creativity): your frames.toml" in out


# --- 8. the methods paragraph names the dictionaries used --------------------------------------------


def test_methods_name_lexicon_files_versions_and_hashes(bundle) -> None:
    import json

    report = (bundle / "report.md").read_text(encoding="utf-8")
    methods = report[report.index("## Methods"):report.index("## Results")]
    own = hashlib.sha256((LEXICONS / "frames.toml").read_bytes()).hexdigest()[:12]
    base = hashlib.sha256((lexicon_dir() / "frames.toml").read_bytes()).hexdigest()[:12]
    assert f"frames.toml 0.1 (the researcher's, in lexicons/, SHA-256 {own})" in methods
    assert f"adds to the frames of frames.toml 2.2.0 (bundled, SHA-256 {base})" in methods
    assert "implement the project codebook" not in methods and "with 9 frames" in methods
    assert "The analysis covers 18 articles and 77 sentences in 3 outlet_type groups" in methods
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    frames = [f for f in manifest["lexicons"] if f["file"] == "frames.toml"]
    assert {(f["source"], f["version"], f["sha256"][:12]) for f in frames} == {
        ("user", "0.1", own), ("default", "2.2.0", base)}


def test_bundle_tables_carry_own_columns_and_group_names(bundle) -> None:
    docs = pd.read_csv(bundle / "tables" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert {"outlet_type", "region"} <= set(docs.columns)
    sents = pd.read_csv(bundle / "tables" / "sentences.csv", encoding="utf-8-sig", keep_default_na=False)
    assert {"outlet_type", "region"} <= set(sents.columns)
    assert (bundle / "tables" / "frames_by_outlet_type.csv").is_file()
    tex = (bundle / "tables" / "tests.tex").read_text(encoding="utf-8")
    assert "frame\\_article" in tex and "article" in tex


# --- 5. Chinese labels on the researcher's own axes ----------------------------------------------------


def test_cjk_rc_survives_set_theme_and_draws_on_own_axes(by_type, tmp_path) -> None:
    import matplotlib
    import seaborn as sns
    from matplotlib import pyplot as plt

    with matplotlib.rc_context():
        sns.set_theme(style="whitegrid", rc=fr.cjk_rc())
        assert plt.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
        fig, (left, right) = plt.subplots(1, 2)
        ax = fr.plot_frame_prevalence(by_type, ax=right)
        assert ax is right and ax.get_yticklabels()[0].get_text() == "威胁 Threat"
        right.set_title("各类媒体的框架")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph is a warning: fail on it
            fig.savefig(tmp_path / "own.png")
        plt.close(fig)
        # set_theme without the rc resets the fonts; use_cjk_font() after it restores them
        sns.set_theme()
        assert "Noto Sans CJK SC" not in plt.rcParams["font.sans-serif"]
        fr.use_cjk_font()
        assert plt.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
        plt.figure()
        assert fr.plot_frame_prevalence(by_type) is plt.gca()  # ax=None: the current axes
        fr.plot_residuals(by_type, ax=plt.gca())
        plt.close("all")
    with fr.cjk_font():
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    sns.reset_orig()


def test_bundle_figures_do_not_depend_on_the_callers_theme(by_type, tmp_path) -> None:
    import matplotlib
    import seaborn as sns

    from framing.report import figures as figs

    labels = by_type.frame_labels

    def draw(folder: Path) -> bytes:
        import io

        from matplotlib import pyplot as plt

        with figs.bundle_style():
            fig = figs.fig_frame_prevalence(by_type.frames, "outlet_type", labels)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
            plt.close(fig)
        return buf.getvalue()

    plain = draw(tmp_path / "a")
    with matplotlib.rc_context():
        sns.set_theme(style="darkgrid", font_scale=1.5)
        themed = draw(tmp_path / "b")
    sns.reset_orig()
    assert plain == themed


# --- 6. many groups stay distinguishable ------------------------------------------------------------


def _contrast_with_white(colour: str) -> float:
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (luminance + 0.05)


def test_twelve_groups_get_distinct_legible_styles_and_the_legend_is_outside() -> None:
    from framing.report import figures as figs

    groups = [f"媒体{i}" for i in range(12)]
    styles = figs.group_styles(groups)
    pairs = {(s["color"], s["marker"]) for s in styles.values()}
    assert len(pairs) == 12
    assert all(_contrast_with_white(s["color"]) >= 2.0 for s in styles.values())  # no faint yellow
    rng = np.random.default_rng(0)
    frames = pd.DataFrame(
        [{"outlet": g, "frame": f, "share": s, "ci_low": max(0, s - 0.1), "ci_high": min(1, s + 0.1)}
         for g in groups for f in ("threat", "opportunity") for s in [float(rng.uniform(0.05, 0.95))]]
    )
    with figs.bundle_style():
        fig = figs.fig_frame_prevalence(frames, "outlet", {})
        ax = fig.axes[0]
        fig.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        assert legend.x0 >= ax.get_window_extent().x1  # right of the data, never over it
        drawn = {c.get_label(): c.lines[0] for c in ax.containers}  # one errorbar per group
        assert set(drawn) == set(groups)
        assert len({(line.get_color(), line.get_marker()) for line in drawn.values()}) == 12
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_frame_position_with_twelve_groups_uses_markers() -> None:
    from framing.report import figures as figs

    groups = [f"g{i}" for i in range(12)]
    rng = np.random.default_rng(1)
    s = pd.DataFrame({"outlet": np.repeat(groups, 10), "position": rng.random(120),
                      "frame_threat": rng.random(120) < 0.5})
    with figs.bundle_style():
        fig = figs.fig_frame_position(s, "outlet", ["threat"], {}, groups)
        handles = fig.axes[0].get_legend().legend_handles
        assert len({(h.get_color(), h.get_marker()) for h in handles}) == 12
        import matplotlib.pyplot as plt

        plt.close(fig)


# --- 9. kwic, progress ------------------------------------------------------------------------------------


def test_kwic_shows_hits_and_text_in_context(study) -> None:
    _, scored = study
    hits = scored.hits.query("term == '震撼'")
    k = fr.kwic(scored, "震撼", window=4)
    # 震撼 is a spectacle cue and a positive tone word: both hits, each with its layer
    assert len(k) == len(hits) and (k["keyword"] == "震撼").all()
    assert set(zip(k["layer"], k["label"], strict=True)) == {("frame", "spectacle"), ("tone", "positive")}
    first = k.iloc[0]
    text = scored.sentences.set_index(["doc_id", "sent_id"]).loc[(first["doc_id"], first["sent_id"]), "text"]
    assert text[first["start"] - len(first["pre"]):first["start"]] == first["pre"]
    assert first["pre"] + first["keyword"] + first["post"] in text
    assert set(k["outlet_type"]) == {"tech"}  # the researcher's own columns come along
    frame = fr.kwic(scored, "creativity")
    assert len(frame) == int((scored.hits["label"] == "creativity").sum())
    regex = fr.kwic(scored, "Sora|OpenAI", valuetype="regex", window=0)
    n = sum(len(re.findall("Sora|OpenAI", t)) for t in scored.sentences["text"])
    assert len(regex) == n and set(regex["keyword"]) == {"Sora", "OpenAI"}
    with pytest.raises(InputError, match="valuetype"):
        fr.kwic(scored, "x", valuetype="glob")


def test_long_tests_show_progress_on_request(study, capsys) -> None:
    _, scored = study
    opts = dict(by="outlet_type", min_articles=2, models=False, robustness=False, **FAST)
    compare(scored, progress=True, **opts)
    assert "tests" in capsys.readouterr().err
    compare(scored, progress=False, **opts)
    assert capsys.readouterr().err == ""


def test_run_by_an_unknown_column_stops_before_scoring(tmp_path, capsys) -> None:
    from framing.cli import main

    code = main(["run", str(TABLE), "--by", "province", "--out", str(tmp_path / "out"), "-q"])
    assert code == 2 and not (tmp_path / "out").exists()
    err = capsys.readouterr().err
    assert "--by province: no such column" in err and "outlet_type" in err and "yours: region" in err

