"""Outlet rules: each formula, evidence and confidence, unknown without guessing."""

from __future__ import annotations

import pytest

from framing.corpus.outlets import ascii_id, load_outlet_rules, tag_outlet
from framing.errors import LexiconError


@pytest.mark.parametrize(
    "header, text, removed, outlet, rule",
    [
        ("北京商报记者 杨月涵", "正文。", "", "北京商报", "reporter_formula"),
        ("每经记者 谢陶 每经编辑 唐元", "正文。", "", "每日经济新闻", "reporter_formula"),
        ("本报记者 金春华 潮新闻记者 朱高祥", "正文。", "", "浙江日报", "chaoxinwen_reporter"),
        ("■本报记者 沈秋莎", "上海人工智能实验室发布模型。", "", "文汇报", "byline_square_local"),
        ("本报记者 王某", "杭州一家公司发布模型。", "", "浙江日报", "byline_local"),
        ("", "正文。", "spam:bob手机版网页登录", "web repost", "spam_mirror"),
    ],
)
def test_rules(header: str, text: str, removed: str, outlet: str, rule: str) -> None:
    tag = tag_outlet(header, text, removed, header + "\n" + text)
    assert tag.outlet == outlet
    assert rule in tag.evidence
    assert 0 < tag.confidence <= 1


def test_our_reporter_needs_context() -> None:
    tag = tag_outlet("本报记者 王某", "某地一家公司发布了模型。", "", "")
    assert tag.outlet == "unknown" and tag.outlet_id == "unknown"
    assert tag.confidence == 0 and tag.evidence == "no outlet rule matched"


def test_confidences_combine_and_ids_are_ascii() -> None:
    one = tag_outlet("每经编辑 唐元", "正文。", "", "")
    two = tag_outlet("每经记者 谢陶 每经编辑 唐元", "正文。", "", "")
    assert one.confidence == pytest.approx(0.6)
    assert two.confidence == pytest.approx(1 - 0.1 * 0.4)
    assert two.outlet_id == "nbd"
    for outlet in load_outlet_rules().outlets:
        assert outlet.id.isascii()


def test_lookup_aliases() -> None:
    rules = load_outlet_rules()
    assert rules.lookup("National Business Daily").name == "每日经济新闻"
    assert rules.lookup("每日經濟新聞").name == "每日经济新闻"
    assert rules.lookup("人民日报") is None


def test_ascii_id_is_stable() -> None:
    assert ascii_id("Caixin Global") == "caixin_global"
    assert ascii_id("人民日报") == ascii_id("人民日报")
    assert ascii_id("人民日报").startswith("outlet_")


def test_bad_outlet_file(tmp_path) -> None:
    bad = tmp_path / "outlets.toml"
    bad.write_text('[[outlet]]\nname = "X"\nid = "Bad Id"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="outlets.toml.*lower-case ASCII id; fix"):
        load_outlet_rules(bad)
    bad.write_text('[[outlet]]\nname = "X"\nid = "x"\nrules = [{pattern = "(", confidence = 0.5}]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="bad regular expression"):
        load_outlet_rules(bad)
    bad.write_text('[[outlet]]\nname = "X"\nid = "x"\nrules = [{pattern = "a", confidence = 2}]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"confidence 2 not in \(0, 1\]"):
        load_outlet_rules(bad)
