"""The page set: 46 pages written for the tests in the layouts of real news, e-paper, portal,
repost, tech, forum and Traditional-script pages, each line labelled by hand
(``tests/data/pages``, see ``tests/pagekit.py``). Reading them must keep the articles whole,
leave the furniture out, keep every headline with its article, find every outlet a page
names and give none where it names none.
"""

from __future__ import annotations

import pytest

from framing.corpus.outlets import load_outlet_rules
from framing.corpus.read import read_corpus
from tests.pagekit import calibrate, evaluate, export, load_pages


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    pages = load_pages()
    folder = tmp_path_factory.mktemp("pages")
    export(pages, folder)
    corpus = read_corpus(folder)
    return pages, corpus, *evaluate(corpus.documents, pages)


def test_the_page_set(measured) -> None:
    pages, _, figures, _ = measured
    assert figures["pages"] == len(pages) >= 30
    assert figures["article_sentences"] >= 250 and figures["furniture_lines"] >= 250
    assert {p.channel for p in pages} == {"original", "repost"}
    assert sum(p.encoding != "utf-8" for p in pages) >= 1 and any(p.file.endswith(".md") for p in pages)


def test_articles_are_kept_whole_and_furniture_left_out(measured) -> None:
    _, _, figures, results = measured
    assert figures["sentences_included"] >= 0.97, [(r.name, r.missing) for r in results if r.missing]
    assert figures["furniture_kept"] <= 0.10, [(r.name, r.furniture_kept) for r in results if r.furniture_kept]
    assert figures["headlines_kept"] == 1.0, [r.name for r in results if r.headlines_kept < r.headlines]
    assert figures["offtopic_lines_included"] == 0


def test_every_named_outlet_is_found_and_none_is_guessed(measured) -> None:
    _, _, figures, results = measured
    wrong = [(r.name, r.outlets, r.outlet_expected) for r in results if not r.outlet_ok]
    assert figures["outlet_found"] == 1.0 and figures["no_outlet_given"] == 1.0, wrong
    assert figures["channel_right"] >= 0.95 and figures["site_right"] >= 0.95


def test_pages_keep_their_metadata(measured) -> None:
    _, corpus, _, _ = measured
    docs = corpus.documents.set_index("doc_id")
    row = docs.loc["p04_sohu_repost#1"]
    assert row["date"] == "2024-08-21" and row["byline"] == "每经记者 宋子航 每经编辑 何小桃"
    assert "来源：每日经济新闻" in row["source_line"] and "原标题：" in row["source_line"]
    assert (row["outlet_type"], row["outlet_level"], row["channel"], row["site"]) == ("financial daily", "city", "repost", "搜狐")
    for kind in ("navigation:搜狐首页", "ui:登录 | 注册", "counter:阅读 (3512)", "disclaimer:平台声明"):
        assert kind in row["removed"]
    # a newspaper page: two on-topic articles and an off-topic one, each with its own headline
    paper = docs[docs["source"] == "p28_kejiribao_epaper.txt"]
    assert list(paper["title"]) == ["国产视频大模型迎来“长镜头”突破", "AI短剧走红背后的技术与规范", "我国科学家揭示水稻耐盐碱新机制"]
    assert list(paper["status"]) == ["included", "included", "excluded"]
    assert set(paper["outlet"]) == {"科技日报"}


def test_outlet_confidences_are_the_calibrated_values() -> None:
    """outlets.toml says how its confidences were calibrated; they must still be those values."""
    formulas = {f.id: f for f in load_outlet_rules().formulas}
    table = calibrate(load_pages())
    assert {fid: value for fid, *_, value in table} == {fid: f.confidence for fid, f in formulas.items()}
