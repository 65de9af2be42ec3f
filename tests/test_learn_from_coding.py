"""Learning from human coding: the trained frame model, lexicon suggestions and applying them.

The tiny coded set: six articles of five sentences in two outlets, coded by two coders for
threat and opportunity (and tone), scored with a small lexicon of its own (:data:`LEXICON`,
so that tuning the bundled lexicons changes nothing here). Two cues it lacks carry the
frames in every article: 心里发毛 (threat) and 第一桶金 (opportunity); 机遇 fires in three
sentences about the Opportunity rover (机遇号), which the coders code without the frame.
The coders disagree on one sentence (行业迎来发展机遇: coder2 codes no opportunity).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import InputError, LexiconError
from framing.report.validation_md import render_validation_section

ARTICLES = {
    "a1": [("不少剪辑师心里发毛。", 1, 0, -1), ("小团队借此赚到了第一桶金。", 0, 1, 1), ("会议在北京举行。", 0, 0, 0),
           ("专家担忧深度伪造视频带来风险。", 1, 0, -1), ("机遇号探测器曾在火星工作。", 0, 0, 0)],
    "a2": [("配音演员们心里发毛，担心明年接不到活。", 1, 0, -1), ("短剧公司靠它赚到第一桶金。", 0, 1, 1),
           ("记者参观了实验室。", 0, 0, 0), ("这项技术带来巨大机遇。", 0, 1, 1), ("机遇号火星车的照片再次走红。", 0, 0, 0)],
    "a3": [("动画师坦言心里发毛。", 1, 0, -1), ("个体创作者也能赚到第一桶金。", 0, 1, 1), ("公司介绍了产品功能。", 0, 0, 0),
           ("虚假视频引发担忧。", 1, 0, -1), ("机遇号的故事被拍成了视频。", 0, 0, 0)],
    "a4": [("特效师们同样心里发毛。", 1, 0, -1), ("有人用它赚到第一桶金。", 0, 1, 1), ("发布会持续了两个小时。", 0, 0, 0),
           ("行业迎来发展机遇。", 0, 1, 1), ("该模型参数规模未公布。", 0, 0, 0)],
    "a5": [("插画师们心里发毛。", 1, 0, -1), ("不少工作室赚到第一桶金。", 0, 1, 1), ("团队成功完成测试。", 0, 0, 0),
           ("不少从业者担心失业风险。", 1, 0, -1), ("活动吸引了许多观众。", 0, 0, 0)],
    "a6": [("摄影师也心里发毛。", 1, 0, -1), ("他们靠短剧赚到第一桶金。", 0, 1, 1), ("会议在上海举行。", 0, 0, 0),
           ("国产模型取得重大突破。", 0, 1, 1), ("网友纷纷转发。", 0, 0, 0)],
}
OUTLETS = {"a1": "文汇报", "a2": "浙江日报", "a3": "文汇报", "a4": "浙江日报", "a5": "文汇报", "a6": "浙江日报"}
DISPUTED = "行业迎来发展机遇。"  # coder2: no opportunity
LEXICON = """\
version = "0.1"
replace = true

[frames.threat]
label_zh = "威胁"
label_en = "Threat"
definition = "harm"

[frames.threat.terms]
"担忧" = 1.0
"失业" = 1.0
"风险" = { weight = 1.0, exclude = ["风险投资"], note = "risk" }

[frames.opportunity]
label_zh = "机遇"
label_en = "Opportunity"
definition = "gain"

[frames.opportunity.terms]
"机遇" = 1.0
"突破" = 1.0
"""


def sheet(coder: str) -> pd.DataFrame:
    rows = []
    for doc, sents in ARTICLES.items():
        for text, threat, opp, tone in sents:
            if coder == "coder2" and text == DISPUTED:
                opp = 0
            rows.append({"doc_id": doc, "text": text, "threat": threat, "opportunity": opp, "tone": tone, "coder": coder})
    return pd.DataFrame(rows)


def write_data(folder: Path) -> tuple[list[Path], Path]:
    (folder / "lex").mkdir(exist_ok=True)
    (folder / "lex" / "frames.toml").write_text(LEXICON, encoding="utf-8")
    sheets = []
    for coder in ("coder1", "coder2"):
        p = folder / f"{coder}.csv"
        sheet(coder).to_csv(p, index=False, encoding="utf-8-sig")
        sheets.append(p)
    corpus = folder / "corpus.csv"
    pd.DataFrame({
        "doc_id": list(ARTICLES), "outlet": [OUTLETS[d] for d in ARTICLES],
        "text": ["".join(t for t, *_ in s) for s in ARTICLES.values()],
    }).to_csv(corpus, index=False)
    return sheets, corpus


def one_line_error(capsys, command: str) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith(f"framing {command}: error: "), err
    return err


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coding")
    sheets, corpus = write_data(folder)
    return folder, sheets, corpus


@pytest.fixture(scope="module")
def lexdir(data) -> Path:
    return data[0] / "lex"


@pytest.fixture(scope="module")
def lex(lexdir):
    import framing as fr

    return fr.load_lexicons(lexdir)


@pytest.fixture(scope="module")
def scored_corpus(data, lex):
    import framing as fr

    _, _, corpus = data
    return fr.score(fr.read_corpus(corpus, filter_topic=False), lex)


@pytest.fixture(scope="module")
def trained(data, scored_corpus):
    """A model trained on the sheets matched to their corpus (small C grid)."""
    from framing.frame_train import train_frames

    folder, sheets, _ = data
    return train_frames(sheets, folder / "frames.model", input=scored_corpus, lexicons=scored_corpus.lexicons,
                        c_grid=(0.3, 3.0))


# ---------------------------------------------------------------------------------------
# coded frames


def test_coded_frames_by_majority_and_unanimous() -> None:
    from framing.frame_train import coded_frames

    a = pd.DataFrame({"text": ["甲。", "乙。", "丙。"], "threat": [1, 1, 0], "coder": "a"})
    b = pd.DataFrame({"text": ["甲。", "乙。", "丙。"], "threat": [1, 0, 0], "coder": "b"})
    c = pd.DataFrame({"text": ["甲。", "乙。", "丙。"], "threat": [1, 1, ""], "coder": "c"})
    units, info = coded_frames([a, b, c], ["threat"], "majority")
    # 甲: 1,1,1 -> 1; 乙: 1,0,1 -> 1 (2 of 3); 丙: 0,0 (coder c left the row blank: not coded)
    assert units["gold_threat"].tolist() == [1.0, 1.0, 0.0]
    units, info = coded_frames([a, b, c], ["threat"], "unanimous")
    assert units["gold_threat"].iloc[1] != units["gold_threat"].iloc[1]  # NaN: the coders differ
    assert info["counts"]["frames"]["threat"] == {"positive": 1, "negative": 1, "undecided": 1}
    two = coded_frames([a, b], ["threat"], "majority")[0]
    assert math.isnan(two["gold_threat"].iloc[1])  # one of two is no strict majority


def test_train_frames_without_corpus_reads_text_and_dictionary(data, lex, tmp_path) -> None:
    from framing.frame_train import train_frames
    from framing.scoring.frame_model import load_frame_model
    from framing.scoring.pipeline import score_texts

    _, sheets, _ = data
    t = train_frames(sheets, tmp_path / "plain.model", lexicons=lex, c_grid=(1.0,))
    side = json.loads((tmp_path / "plain.model.json").read_text(encoding="utf-8"))
    assert side["features"] == ["text", "dictionary"]
    assert side["model_sha256"] == hashlib.sha256((tmp_path / "plain.model").read_bytes()).hexdigest()
    assert side["frames"] == ["threat", "opportunity"]
    assert side["counts"]["frames"]["opportunity"] == {"positive": 8, "negative": 21, "undecided": 1}
    assert side["versions"]["scikit-learn"]
    model = load_frame_model(tmp_path / "plain.model")
    assert model.frames == ["threat", "opportunity"] and model.sha256 == side["model_sha256"]
    coded = model.predict(score_texts(["插画师们心里发毛。", "会议在北京举行。"], lex).sentences)
    assert list(coded.columns) == ["model_threat", "model_opportunity", "model_prob_threat", "model_prob_opportunity"]
    assert coded["model_threat"].tolist() == [1, 0]
    assert t.model.sha256 == side["model_sha256"]


def test_cross_validated_figures_are_the_out_of_fold_codes(trained) -> None:
    units, cv = trained.units, trained.cv.set_index("frame")
    for f in ("threat", "opportunity"):
        ok = units[f"gold_{f}"].notna()
        g = units.loc[ok, f"gold_{f}"].to_numpy() == 1
        p = units.loc[ok, f"cv_{f}"].to_numpy() == 1
        tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
        assert (cv.loc[f, "tp"], cv.loc[f, "fp"], cv.loc[f, "fn"]) == (tp, fp, fn)
        assert cv.loc[f, "f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
        assert cv.loc[f, "n"] == int(ok.sum())
    # out of fold: the probability of each sentence comes from a model without its article
    assert units.groupby("group")["fold"].nunique().max() == 1
    assert trained.cv.loc[trained.cv["frame"] == "macro", "f1"].iloc[0] == pytest.approx(cv.loc[["threat", "opportunity"], "f1"].mean())


def test_dictionary_figures_beside_the_model_are_the_dictionarys(trained, scored_corpus) -> None:
    cv = trained.cv.set_index("frame")
    s = scored_corpus.sentences
    units = trained.units
    dic = s.set_index(s["doc_id"] + ":" + s["sent_id"].astype(str))["frame_threat"].reindex(units["key"]).to_numpy()
    g = units["gold_threat"].to_numpy() == 1
    tp, fp = int((g & (dic == 1)).sum()), int((~g & (dic == 1)).sum())
    assert cv.loc["threat", "dict_precision"] == pytest.approx(tp / (tp + fp))
    assert cv.loc["threat", "dict_recall"] == pytest.approx(tp / g.sum())
    # the two cues the dictionary lacks: the model finds what the dictionary misses
    assert cv.loc["threat", "recall"] > cv.loc["threat", "dict_recall"]


def test_training_is_deterministic(data, scored_corpus, tmp_path) -> None:
    from framing.frame_train import train_frames

    _, sheets, _ = data
    lex = scored_corpus.lexicons
    a = train_frames(sheets, tmp_path / "a.model", input=scored_corpus, lexicons=lex, c_grid=(0.3, 3.0))
    b = train_frames(sheets, tmp_path / "b.model", input=scored_corpus, lexicons=lex, c_grid=(0.3, 3.0))
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()
    assert a.sidecar["cv"] == b.sidecar["cv"]
    c = train_frames(sheets, None, input=scored_corpus, lexicons=lex, c_grid=(0.3, 3.0), seed=7)
    assert c.path is None and not (tmp_path / "(not saved)").exists()


def test_load_refuses_in_one_line(trained, tmp_path) -> None:
    from framing.scoring.frame_model import load_frame_model

    src = trained.path
    data = src.read_bytes()
    side = json.loads(Path(str(src) + ".json").read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="no such frame model file"):
        load_frame_model(tmp_path / "none.model")
    lone = tmp_path / "lone.model"
    lone.write_bytes(data)
    with pytest.raises(InputError, match=r"lone.model: its sidecar lone.model.json is missing"):
        load_frame_model(lone)
    other = tmp_path / "other.model"
    other.write_bytes(data + b"\0")
    (tmp_path / "other.model.json").write_text(json.dumps(side), encoding="utf-8")
    with pytest.raises(InputError, match="describes another model"):
        load_frame_model(other)
    old = tmp_path / "old.model"
    old.write_bytes(data)
    (tmp_path / "old.model.json").write_text(
        json.dumps({**side, "versions": {**side["versions"], "scikit-learn": "0.24.2"}}), encoding="utf-8")
    with pytest.raises(InputError, match=r"saved with scikit-learn 0.24.2, this is scikit-learn .*train the model again"):
        load_frame_model(old)
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model")
    (tmp_path / "bad.model.json").write_text(
        json.dumps({**side, "model_sha256": hashlib.sha256(b"not a model").hexdigest()}), encoding="utf-8")
    with pytest.raises(InputError, match="not a frame model"):
        load_frame_model(bad)


def test_applying_the_model_needs_its_dictionary_frames(trained, data, lex) -> None:
    import framing as fr

    fewer = type(lex)(**{**lex.__dict__, "frames": tuple(f for f in lex.frames if f.id != "opportunity")})
    with pytest.raises(InputError, match="frames.model: reads the dictionary's frame.*opportunity"):
        fr.score(fr.read_corpus(data[2], filter_topic=False), fewer, frame_model=trained.model)


# ---------------------------------------------------------------------------------------
# a run with the model


@pytest.fixture(scope="module")
def bundle(data, trained, lexdir, tmp_path_factory):
    from framing.workflow import analyze

    _, sheets, corpus = data
    out = tmp_path_factory.mktemp("runs") / "bundle"
    result = analyze(corpus, out, lexicons=lexdir, frame_model=trained.path, read_options={"filter_topic": False},
                     compare_options={"n_boot": 200, "n_mc": 999}, codes=sheets)
    return result, out


def test_run_adds_model_codes_agreement_and_tests(bundle, trained) -> None:
    result, out = bundle
    s = pd.read_csv(out / "tables" / "sentences.csv", encoding="utf-8-sig")
    for f in ("threat", "opportunity"):
        assert {f"model_{f}", f"model_prob_{f}"} <= set(s.columns)
        assert set(s[f"model_{f}"]) <= {0, 1}
        assert ((s[f"model_prob_{f}"] >= 0.5).astype(int) == s[f"model_{f}"]).all()
    assert s["model_trained_on"].sum() == len(s)  # every sentence was coded and trained on
    agree = pd.read_csv(out / "tables" / "model_agreement.csv", encoding="utf-8-sig").set_index("frame")
    d, m = s["frame_threat"].astype(bool), s["model_threat"].astype(bool)
    po = float((d == m).mean())
    pe = d.mean() * m.mean() + (1 - d.mean()) * (1 - m.mean())
    assert agree.loc["threat", "agreement"] == pytest.approx(po)
    assert agree.loc["threat", "kappa"] == pytest.approx((po - pe) / (1 - pe))
    assert agree.loc["threat", "both"] == int((d & m).sum())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["scoring"]["frame_model"]["sha256"] == trained.model.sha256
    from importlib.metadata import version

    assert manifest["versions"]["scikit-learn"] == version("scikit-learn")  # the model's codes depend on it
    tex = (out / "tables" / "tests.tex").read_text(encoding="utf-8")
    assert "frame\\_chi2\\_model" in tex and "frame\\_article\\_model" in tex  # the model's tests in the paper's table
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Trained frame model" in report and report.index("## Trained frame model") < report.index("## Caveats")
    # with --codes the validation shows dictionary and model side by side
    side = pd.read_csv(out / "tables" / "validation_side_by_side.csv", encoding="utf-8-sig")
    assert {"dictionary", "model"} <= set(side["measure"])
    assert (out / "tables" / "validation_model_agreement.csv").is_file()
    assert "Dictionary, model and sentiment side by side" in report
    assert "<NA>" not in report and "| nan" not in report


def test_model_tests_are_the_frame_tests_on_the_model_codes(bundle) -> None:
    """The *_model rows equal the dictionary's frame tests of a corpus whose frame codes are the model's."""
    from dataclasses import replace

    import framing as fr

    result, out = bundle
    tests = pd.read_csv(out / "tables" / "tests.csv", encoding="utf-8-sig")
    s = result.scored.sentences
    swapped = s.assign(**{f"frame_{f}": s[f"model_{f}"].astype(bool) for f in ("threat", "opportunity")})
    swapped = swapped.drop(columns=[c for c in s.columns if c.startswith("model_")])
    other = fr.compare(replace(result.scored, sentences=swapped), frames=["threat", "opportunity"], robustness=False,
                       models=False)
    for family in ("frame_chi2", "frame_article"):
        mine = tests[tests["analysis"] == family + "_model"].set_index("outcome")
        ref = other.tests[other.tests["analysis"] == family].set_index("outcome")
        assert list(mine.index) == ["threat", "opportunity"]
        for f in mine.index:
            assert mine.loc[f, "statistic"] == pytest.approx(ref.loc[f, "statistic"], rel=1e-5)
            assert mine.loc[f, "p"] == pytest.approx(ref.loc[f, "p"], rel=1e-5)
            assert mine.loc[f, "p_adj"] == pytest.approx(ref.loc[f, "p_adj"], rel=1e-5)
    shares = pd.read_csv(out / "tables" / "model_frames_by_outlet.csv", encoding="utf-8-sig")
    ref = other.frames.set_index(["outlet", "frame"])
    for r in shares.itertuples():
        assert r.n_with_frame == ref.loc[(r.outlet, r.frame), "n_with_frame"]


def test_cli_run_refuses_a_bad_model_before_anything(data, trained, tmp_path, capsys) -> None:
    _, _, corpus = data
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--no-topic-filter", "--model", str(tmp_path / "none.model"), "--out", str(out), "-q"]) == 2
    assert "none.model: no such frame model file" in one_line_error(capsys, "run")
    assert not out.exists()
    # the bundled lexicons lack nothing this model reads; a set without its frames is refused first
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    (fewer / "frames.toml").write_text(LEXICON.split("[frames.opportunity]")[0], encoding="utf-8")
    assert main(["run", str(corpus), "--no-topic-filter", "--lexicons", str(fewer), "--model", str(trained.path),
                 "--out", str(out), "-q"]) == 2
    assert "reads the dictionary's frame(s) opportunity" in one_line_error(capsys, "run")
    assert not out.exists()


# ---------------------------------------------------------------------------------------
# validation side by side


def test_validate_shows_dictionary_model_and_sentiment_side_by_side(data, lex, trained, tmp_path) -> None:
    import framing as fr
    from framing.sentiment_train import train_sentiment

    _, sheets, corpus = data
    senti = train_sentiment(sheets, tmp_path / "news.marshal.3", neutral_weights=(0, 1))
    scored = fr.score(fr.read_corpus(corpus, filter_topic=False), lex, sentiment_model=senti.path,
                      frame_model=trained.path)
    v = fr.validate(fr.read_codes(sheets, scored=scored), scored, n_boot=0)
    side = v.side_by_side
    assert set(side.loc[side["target"] == "threat", "measure"]) == {"dictionary", "model"}
    assert list(side.loc[side["target"] == "tone", "measure"]) == ["sentiment_shipped", "sentiment_retrained", "lexicon tone"]
    # the model's figures against the gold, computed here from the units table
    u = v.units
    for f in ("threat", "opportunity"):
        g = u[f"gold_{f}"].astype(int).to_numpy() == 1
        p = u[f"model_{f}"].to_numpy() == 1
        tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
        row = side[(side["target"] == f) & (side["measure"] == "model")].iloc[0]
        assert row["f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
        d = v.agreement.set_index("frame").loc[f, "f1"]
        assert side[(side["target"] == f) & (side["measure"] == "dictionary")]["f1"].iloc[0] == pytest.approx(d)
    retrained = side[side["measure"] == "sentiment_retrained"].iloc[0]
    assert retrained["spearman_rho"] == pytest.approx(v.tone.set_index("measure").loc["sentiment_retrained", "spearman_rho"])
    assert "model_agreement" in v.tables() and "side_by_side" in v.tables()
    section = render_validation_section(v)
    assert "Dictionary, model and sentiment side by side" in section
    assert "were among the frame model's training sentences" in section


def test_validate_without_models_is_unchanged(data, scored_corpus) -> None:
    import framing as fr

    v = fr.validate(fr.read_codes(data[1], scored=scored_corpus), scored_corpus, n_boot=0)
    assert v.side_by_side is None and v.model_agreement is None
    assert set(v.tables()) == {"reliability", "agreement", "errors", "tone", "diagnostics", "silent_terms", "units"}
    assert "side by side" not in render_validation_section(v)


def test_cli_validate_with_a_model(data, lexdir, trained, capsys) -> None:
    _, sheets, corpus = data
    args = ["validate", *map(str, sheets), "--input", str(corpus), "--no-topic-filter", "--n-boot", "0",
            "--lexicons", str(lexdir)]
    assert main([*args, "--model", str(trained.path)]) == 0
    assert "Dictionary, model and sentiment side by side" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# the train command


def test_cli_train_prints_the_figures(data, lexdir, tmp_path, capsys) -> None:
    _, sheets, corpus = data
    out = tmp_path / "cli.model"
    assert main(["train", *map(str, sheets), "--input", str(corpus), "--no-topic-filter", "--out", str(out),
                 "--folds", "3", "--lexicons", str(lexdir)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^threat\s+30\s+9\s", text, re.M)
    assert "features: text, dictionary, position, voice" in text and "3-fold" in text
    assert out.is_file() and Path(str(out) + ".json").is_file()
    assert main(["train", *map(str, sheets), "--out", str(out)]) == 2
    assert "cli.model: exists; fix: choose another name, or --force" in one_line_error(capsys, "train")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.assign(threat=t["threat"].replace(1, 2)), r"coder1.csv row 2: column 'threat' holds '2'"),
        (lambda t: t.drop(columns=["threat", "opportunity"]), r"coder1.csv: none of the frame columns"),
        (lambda t: t.drop(columns=["text"]), r"coder1.csv: no 'text' column; fix: .*--input"),
        (lambda t: t.assign(threat=0, opportunity=0), r"no frame has 3 sentences coded 1 and 3 coded 0"),
    ],
)
def test_cli_train_refuses_bad_sheets_in_one_line(lexdir, tmp_path, capsys, change, message) -> None:
    bad = tmp_path / "coder1.csv"
    change(sheet("coder1")).to_csv(bad, index=False)
    assert main(["train", str(bad), "--out", str(tmp_path / "m.model"), "--lexicons", str(lexdir)]) == 2
    assert re.search(message, one_line_error(capsys, "train"))
    assert not (tmp_path / "m.model").exists()


def test_cli_train_refuses_a_missing_sheet_and_unknown_frame(data, tmp_path, capsys) -> None:
    _, sheets, _ = data
    assert main(["train", str(tmp_path / "none.csv"), "--out", str(tmp_path / "m.model")]) == 2
    assert "none.csv: no such file" in one_line_error(capsys, "train")
    assert main(["train", str(sheets[0]), "--frames", "hope", "--out", str(tmp_path / "m.model")]) == 2
    assert "unknown frame(s) ['hope']" in one_line_error(capsys, "train")


# ---------------------------------------------------------------------------------------
# suggestions


@pytest.fixture(scope="module")
def suggested(data, scored_corpus):
    from framing.validation.suggest import suggest_terms

    return suggest_terms(data[1], input=scored_corpus, lexicons=scored_corpus.lexicons)


def test_suggest_proposes_the_missed_cues_with_their_counts(suggested, scored_corpus) -> None:
    t = suggested.table
    add = t[t["action"] == "add"].set_index(["frame", "term"])
    assert ("threat", "发毛") in add.index and ("opportunity", "第一桶金") in add.index
    # counted here: coded sentences holding the word, by the coders' agreed code
    texts = [(text, th, op) for sents in ARTICLES.values() for text, th, op, _ in sents]
    pos = [t_ for t_, _, op in texts if op == 1 and t_ != DISPUTED and "第一桶金" in t_]
    r = add.loc[("opportunity", "第一桶金")]
    assert (r["n_pos"], r["n_neg"], r["n_missed"], r["gain"], r["articles"]) == (len(pos), 0, len(pos), len(pos), 6)
    assert r["value"] == 1.0 and r["toml"] == '"第一桶金" = 1.0'
    assert "【第一桶金】" in r["examples"]
    # only real words, none of them a term of its frame already
    from framing.validation.suggest import is_word

    lex = scored_corpus.lexicons
    for (f, term), _ in add.iterrows():
        assert is_word(term, set(lex.stopwords or ())) or len(term) >= 3
        assert term not in {x.term for x in lex.frame(f).terms}
        assert not re.search(r"[0-9。，]", term)


def test_suggest_proposes_rules_for_a_term_of_the_negatives(suggested) -> None:
    t = suggested.table
    rules = t[(t["term"] == "机遇") & (t["action"] != "add")]
    assert len(rules)
    w = rules[rules["action"] == "weight"].iloc[0]
    # 机遇 fires in three rover sentences (coded 0) and two coded 1 (one of them disputed: left out)
    assert (w["n_pos"], w["n_neg"], w["fixes_fp"]) == (1, 3, 3)
    assert w["toml"] == '"机遇" = 0.5'
    assert "【机遇】号" in w["examples"]


def test_suggest_without_the_corpus_scores_each_sentence_alone(data, lex, suggested) -> None:
    from framing.validation.suggest import suggest_terms

    alone = suggest_terms(data[1], lexicons=lex)
    adds = set(alone.table.loc[alone.table["action"] == "add", "term"])
    assert {"发毛", "第一桶金"} <= adds
    assert alone.params["prior"].endswith("the coded sentences")
    assert suggested.params["prior"].endswith("the corpus")


def test_is_word() -> None:
    from framing.validation.suggest import is_word

    stop = {"我们", "的"}
    assert is_word("第一桶金", stop) and is_word("Sora", stop)
    for junk in ("的", "我们", "2024年", "，", "a", "3月", "号", "AI2"):
        assert not is_word(junk, stop), junk


def test_suggestions_write_csv_and_toml(suggested, tmp_path) -> None:
    import tomllib

    paths = suggested.write(tmp_path / "s")
    table = pd.read_csv(paths[0], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.columns[:6]) == ["id", "accept", "frame", "action", "term", "value"]
    assert (table["accept"] == "").all() and table["id"].tolist() == [f"s{i:03d}" for i in range(1, len(table) + 1)]
    toml = paths[1].read_text(encoding="utf-8")
    data = tomllib.loads(toml)  # the snippet is TOML: new entries active, rule changes commented
    assert data["frames"]["opportunity"]["terms"]["第一桶金"] == 1.0
    assert '# "机遇" = 0.5' in toml
    with pytest.raises(InputError, match="suggestions.csv: exists"):
        suggested.write(tmp_path / "s")


def test_suggestions_are_deterministic(data, scored_corpus, suggested) -> None:
    from framing.validation.suggest import suggest_terms

    again = suggest_terms(data[1], input=scored_corpus, lexicons=scored_corpus.lexicons)
    pd.testing.assert_frame_equal(again.table, suggested.table)


# ---------------------------------------------------------------------------------------
# applying accepted suggestions


def _accept(suggested, tmp_path: Path, pick) -> Path:
    folder = tmp_path / "sug"
    suggested.write(folder, force=True)
    table = pd.read_csv(folder / "suggestions.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    table.loc[table.apply(pick, axis=1), "accept"] = "1"
    table.to_csv(folder / "suggestions.csv", index=False, encoding="utf-8-sig")
    return folder / "suggestions.csv"


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_apply_only_the_accepted_lines_to_a_copy(suggested, lexdir, tmp_path) -> None:
    import framing as fr
    from framing.scoring.pipeline import score_texts
    from framing.validation.suggest import apply_suggestions

    csv = _accept(suggested, tmp_path, lambda r: (r["term"] in ("发毛", "第一桶金") and r["action"] == "add")
                  or (r["term"] == "机遇" and r["action"] == "weight"))
    before = _tree_hash(lexdir)
    done = apply_suggestions(csv, tmp_path / "mine", lexicons=lexdir)
    assert _tree_hash(lexdir) == before  # the folder copied is never edited
    assert done["added"] == 2 and done["rules"] == 1
    old = LEXICON.splitlines()
    new = (tmp_path / "mine" / "frames.toml").read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 2
    changed = sorted(line.split("  # suggested: ")[0] for line in new if line not in old)
    assert changed == ['"发毛" = 1.0', '"机遇" = 0.5', '"第一桶金" = 1.0']
    assert all("  # suggested: s" in line for line in new if line not in old)
    mine = fr.load_lexicons(tmp_path / "mine")
    scored = score_texts(["插画师们心里发毛。", "机遇号火星车的照片再次走红。", "小团队赚到第一桶金。"], mine)
    assert scored.sentences["frame_threat"].tolist() == [1, 0, 0]
    assert scored.sentences["frame_opportunity"].tolist() == [0, 0, 1]


def test_apply_copies_the_bundled_folder_and_never_edits_it(tmp_path) -> None:
    from framing.lexicon import default_lexicons, load_lexicons
    from framing.paths import lexicon_dir
    from framing.validation.suggest import apply_suggestions

    csv = tmp_path / "s.csv"
    pd.DataFrame([{"id": "s001", "accept": "1", "frame": "threat", "action": "add", "term": "甲乙丙丁",
                   "value": "0.5"}]).to_csv(csv, index=False)
    before = _tree_hash(lexicon_dir())
    apply_suggestions(csv, tmp_path / "mine")
    assert _tree_hash(lexicon_dir()) == before
    bundled = {t.term: t.weight for t in default_lexicons().frame("threat").terms}
    mine = {t.term: t.weight for t in load_lexicons(tmp_path / "mine").frame("threat").terms}
    assert mine == {**bundled, "甲乙丙丁": 0.5}
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == sorted(
        p.name for p in lexicon_dir().iterdir() if not p.name.startswith((".", "__")))


def test_apply_merges_rules_into_the_entry(lexdir, tmp_path) -> None:
    from framing.lexicon import load_lexicons
    from framing.validation.suggest import apply_suggestions

    csv = tmp_path / "s.csv"
    pd.DataFrame([
        {"id": "s001", "accept": "1", "frame": "threat", "action": "exclude", "term": "风险", "value": "风险点"},
        {"id": "s002", "accept": "x", "frame": "threat", "action": "unless", "term": "风险", "value": "素材"},
        {"id": "s003", "accept": "", "frame": "threat", "action": "remove", "term": "风险", "value": ""},
        {"id": "s004", "accept": "yes", "frame": "threat", "action": "remove", "term": "失业", "value": ""},
    ]).to_csv(csv, index=False)
    apply_suggestions(csv, tmp_path / "mine", lexicons=lexdir)
    terms = {t.term: t for t in load_lexicons(tmp_path / "mine").frame("threat").terms}
    assert terms["风险"].exclude == ("风险投资", "风险点") and terms["风险"].unless == ("素材",)
    assert terms["风险"].note == "risk" and "失业" not in terms
    text = (tmp_path / "mine" / "frames.toml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith('"风险"'))
    assert line.endswith("# suggested: s001 exclude 风险点; s002 unless 素材")
    assert '# "失业" = 1.0  (removed: suggested s004)' in text


def test_apply_to_a_folder_that_extends_the_bundled_frames(tmp_path) -> None:
    from framing.lexicon import default_lexicons, load_lexicons
    from framing.validation.suggest import apply_suggestions

    own = tmp_path / "own"
    own.mkdir()
    (own / "frames.toml").write_text(
        'version = "0.1"\n\n[frames.creativity]\nlabel_zh = "创意"\nlabel_en = "Creativity"\n'
        'definition = "art"\n\n[frames.creativity.terms]\n"创意" = 1.0\n', encoding="utf-8")
    csv = tmp_path / "s.csv"
    pd.DataFrame([
        {"id": "s001", "accept": "1", "frame": "threat", "action": "add", "term": "甲乙丙丁", "value": "1.0"},
        {"id": "s002", "accept": "1", "frame": "creativity", "action": "add", "term": "灵感", "value": "0.5"},
    ]).to_csv(csv, index=False)
    apply_suggestions(csv, tmp_path / "mine", lexicons=own)
    lex = load_lexicons(tmp_path / "mine")
    assert {t.term: t.weight for t in lex.frame("creativity").terms} == {"创意": 1.0, "灵感": 0.5}
    threat = {t.term for t in lex.frame("threat").terms}
    # the bundled frame copied into the researcher's file, then edited there
    assert threat == {t.term for t in default_lexicons().frame("threat").terms} | {"甲乙丙丁"}
    assert "甲乙丙丁" not in (own / "frames.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"accept": "", "action": "add", "term": "发毛", "value": "1.0"}], "no line is accepted"),
        ([{"accept": "maybe", "action": "add", "term": "发毛", "value": "1.0"}], r"row 2: accept holds 'maybe'"),
        ([{"accept": "1", "action": "add", "term": "失业", "value": "1.0"}], r"'失业' is already a term of threat"),
        ([{"accept": "1", "action": "add", "term": "发毛", "value": "9"}], r"row 2: weight '9'"),
        ([{"accept": "1", "action": "grow", "term": "发毛", "value": "1"}], r"row 2: action 'grow'"),
        ([{"accept": "1", "action": "exclude", "term": "没有这个词", "value": "x"}], r"no one-line entry of '没有这个词'"),
        ([{"accept": "1", "action": "exclude", "term": "风险", "value": "就业"}], r"nothing was written"),
    ],
)
def test_apply_refuses_in_one_line_and_writes_nothing(lexdir, tmp_path, capsys, rows, message) -> None:
    csv = tmp_path / "s.csv"
    pd.DataFrame([{"id": "s001", "frame": "threat", **r} for r in rows]).to_csv(csv, index=False)
    assert main(["lexicon", "apply", str(csv), "--out", str(tmp_path / "mine"), "--lexicons", str(lexdir)]) == 2
    assert re.search(message, one_line_error(capsys, "lexicon"))
    assert not (tmp_path / "mine").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mine")]


def test_apply_refuses_an_existing_folder_and_one_inside_the_source(lexdir, tmp_path) -> None:
    from framing.validation.suggest import apply_suggestions

    csv = tmp_path / "s.csv"
    pd.DataFrame([{"id": "s001", "accept": "1", "frame": "threat", "action": "add", "term": "发毛", "value": "1"}]).to_csv(csv, index=False)
    (tmp_path / "there").mkdir()
    with pytest.raises(InputError, match="there: exists"):
        apply_suggestions(csv, tmp_path / "there", lexicons=lexdir)
    with pytest.raises(InputError, match="lies inside the folder it copies"):
        apply_suggestions(csv, lexdir / "copy", lexicons=lexdir)
    with pytest.raises(LexiconError):
        apply_suggestions(csv, tmp_path / "mine", lexicons=tmp_path / "there")  # no lexicon file in it
    assert not (tmp_path / "mine").exists()


def test_cli_suggest_then_apply(data, lexdir, tmp_path, capsys) -> None:
    _, sheets, corpus = data
    out = tmp_path / "sug"
    lexicons = ["--lexicons", str(lexdir)]
    assert main(["lexicon", "suggest", *map(str, sheets), "--input", str(corpus), "--no-topic-filter",
                 "--out", str(out), *lexicons]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^threat: \d+ new cue\(s\) \(.*发毛", text, re.M)
    assert re.search(r"^opportunity: \d+ new cue\(s\) \(.*第一桶金.*\); \d+ rule\(s\) for 机遇", text, re.M)
    assert (out / "suggestions.csv").is_file() and (out / "suggestions.toml").is_file()
    assert main(["lexicon", "suggest", *map(str, sheets), "--out", str(out), *lexicons]) == 2
    assert "suggestions.csv: exists" in one_line_error(capsys, "lexicon")
    table = pd.read_csv(out / "suggestions.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    table.loc[table["term"] == "第一桶金", "accept"] = "1"
    table.to_csv(out / "suggestions.csv", index=False, encoding="utf-8-sig")
    assert main(["lexicon", "apply", str(out / "suggestions.csv"), "--out", str(tmp_path / "mine"), *lexicons]) == 0
    assert "1 accepted suggestion(s) applied (1 new cue(s), 0 rule change(s))" in capsys.readouterr().out
    assert main(["lexicon", "check", str(tmp_path / "mine")]) == 0
