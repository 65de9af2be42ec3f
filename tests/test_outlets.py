"""Outlets: formulas normalised through the gazetteer, names reported as written, 本报 never a
guess, reposts and sites, evidence and confidence."""

from __future__ import annotations

import pytest

from framing.corpus.outlets import (
    ascii_id,
    check_gazetteer,
    check_outlet_rules,
    load_outlet_rules,
    tag_outlet,
)
from framing.errors import LexiconError

RULES = load_outlet_rules()


def conf(formula_id: str) -> float:
    return next(f.confidence for f in RULES.formulas if f.id == formula_id)


def tag(byline: str = "", text: str = "正文。", removed: str = "", lead: str = "", script: str = ""):
    return tag_outlet(byline, text, removed, f"{byline}\n{text}", RULES, byline=byline, lead=lead or text, script=script)


@pytest.mark.parametrize(
    "byline, lead, removed, outlet, formula",
    [
        ("21世纪经济报道记者 钟可欣 深圳报道", "", "", "21世纪经济报道", "reporter"),
        ("每经记者 宋子航", "", "", "每日经济新闻", "reporter"),  # a short name
        ("本报记者 金春华 潮新闻记者 朱高祥", "", "", "浙江日报", "reporter"),  # the second role of the line
        ("作者：上观新闻记者 王闻涛", "", "", "上观新闻", "reporter"),
        ("", "新华社北京6月12日电（记者 周立航）记者从企业了解到。", "", "新华社", "lead"),
        ("", "IT之家 3 月 5 日消息，即梦今日上线新模型。", "", "IT之家", "lead"),
        ("", "央视网消息：电影节设立AI短片单元。", "", "央视网", "lead"),
        ("", "（中央社记者陈怡君台北15日电）学者表示。", "", "中央社", "lead"),
        ("《 人民日报 》（ 2024年04月08日 第 07 版）", "", "", "人民日报", "print_edition"),
        ("2024年07月15日 07:02 21世纪经济报道", "", "", "21世纪经济报道", "dateline_masthead"),
        ("四川日报 2024年12月10日", "", "", "四川日报", "dateline_masthead"),
        ("来源：澎湃新闻", "", "", "澎湃新闻", "source_line"),
        ("", "", "source_note:(文章来源：证券时报网)", "证券时报", "source_line"),  # an alias
        ("转载自：中国青年报", "", "", "中国青年报", "repost_from"),
        ("", "据央视新闻报道，多地推出宣传片。", "", "央视新闻", "according_to"),
        ("量子位 | 公众号 QbitAI", "", "", "量子位", "account_masthead"),
        ("", "", "reprint_notice:本文由「36氪」原创出品，未经许可禁止转载。", "36氪", "original_mark"),
        ("", "", "spam:bob手机版网页登录", "web repost", "spam_mirror"),
    ],
)
def test_formulas(byline: str, lead: str, removed: str, outlet: str, formula: str) -> None:
    t = tag(byline, lead=lead, removed=removed)
    assert t.outlet == outlet
    assert t.outlet_id == RULES.lookup(outlet).id
    assert t.evidence.startswith(f"{formula}: ")
    assert t.confidence > 0


def test_confidences_of_one_outlet_combine() -> None:
    one = tag("每经编辑 何小桃")
    two = tag("每经记者 宋子航 每经编辑 何小桃")
    assert one.confidence == pytest.approx(conf("outlet_editor"))
    assert two.confidence == pytest.approx(round(1 - (1 - conf("reporter")) * (1 - conf("outlet_editor")), 3))
    assert two.outlet_id == "nbd" and "reporter: '每经记者'" in two.evidence and "outlet_editor:" in two.evidence


def test_names_the_gazetteer_lacks_are_reported_as_written() -> None:
    t = tag("2024-09-03 18:40:12 来源: 硅基观察站")
    assert (t.outlet, t.outlet_type) == ("硅基观察站", "")
    assert t.outlet_id == ascii_id("硅基观察站") and "(as written)" in t.evidence
    assert tag("东川晚报记者 王某").outlet == "东川晚报"  # ends like an outlet
    assert tag("文 | 镜像研究所 韩一鸣").outlet == "镜像研究所"
    assert tag("", lead="东川晚报东川3月5日讯 记者从市里获悉。").outlet == "东川晚报"
    # a formula's capture that is no outlet: a role word, a generic source, an address
    assert tag("红星新闻记者 邱雅 实习记者 蔡文韬").outlet == "红星新闻"
    assert tag("来源：网络").outlet == "unknown"
    assert tag("", removed="source_note:(来源：http://www.example.cn/a.html)").outlet == "unknown"
    # only byline lines are read by the byline formulas: a headline is not a byline
    t = tag_outlet("一线记者探访AI视频工厂", "正文。", "", "", RULES, byline="")
    assert t.outlet == "unknown"


def test_benbao_is_never_a_guess() -> None:
    t = tag("本报记者 沈一帆 通讯员 陆晨", text="杭州一批中小学引入AI视频课。")
    assert (t.outlet, t.outlet_id, t.confidence) == ("unknown", "unknown", 0.0)
    assert "本报记者" in t.evidence and "names no paper" in t.evidence
    # the page names its paper in its own chrome: 本报 is that paper
    t = tag("本报记者 何蕊", removed="navigation:四川日报数字版\nreprint_notice:四川日报版权所有")
    assert t.outlet == "四川日报" and t.site == "四川日报" and "本报" in t.evidence
    # without 本报, a site's chrome names the outlet only when the site publishes news itself
    assert tag("", removed="navigation:香港01 > 科技").outlet == "香港01"
    assert tag("", removed="navigation:今日头条 首页 / 科技 / 正文").outlet == "unknown"


def test_sites_and_reposts() -> None:
    t = tag("来源：每日经济新闻\n原标题：AI短剧爆发背后", removed="navigation:搜狐首页 > 科技 > 正文\nui:返回搜狐，查看更多")
    assert (t.outlet, t.channel, t.site) == ("每日经济新闻", "repost", "搜狐")
    assert "repost_notice" in t.channel_evidence
    # found on another outlet's site, no repost formula: a repost all the same
    t = tag("21世纪经济报道记者 钟可欣", removed="navigation:新浪财经 > 滚动新闻 > 正文")
    assert (t.channel, t.site) == ("repost", "新浪财经")
    # the paper on its own group's site is no repost
    t = tag("2024年04月08日08:16 | 来源：人民网－人民日报", removed="navigation:人民网>>科技>>正文")
    assert (t.outlet, t.channel, t.site) == ("人民日报", "original", "人民网")
    # a self-media account on its platform is the account's own post; the platform is no outlet
    t = tag("来源: 硅基观察站", removed="disclaimer:以上内容为自媒体平台“网易号”用户上传并发布")
    assert (t.outlet, t.channel, t.site) == ("硅基观察站", "original", "网易号")
    t = tag("", removed="footer:著作权归作者所有。\nfooter:来源：知乎")
    assert (t.outlet, t.channel, t.site) == ("unknown", "original", "知乎")
    # the specific member of a group is the site: 百家号 rather than 百度
    t = tag("", lead="据央视新闻报道，多地推出宣传片。", removed="navigation:百度首页 | 百家号\ndisclaimer:不代表百度立场。\nreprint_notice:本文系作者授权百家号发表")
    assert (t.outlet, t.channel, t.site) == ("央视新闻", "repost", "百家号")


def test_traditional_pages_take_the_hong_kong_macao_or_taiwan_outlet_of_a_shared_name() -> None:
    byline = "2024-11-20 14:32 经济日报／ 记者 李孟蓉／台北即时报导"
    assert tag(byline, script="traditional").outlet == "经济日报(台湾)"
    assert tag(byline, script="simplified").outlet == "经济日报"


def test_lookup_names_aliases_short_and_traditional_forms() -> None:
    assert RULES.lookup("National Business Daily").name == "每日经济新闻"
    assert RULES.lookup("每日經濟新聞").name == "每日经济新闻"
    assert RULES.lookup("21财经").name == "21世纪经济报道"
    assert RULES.lookup("中新网").name == "中国新闻社"
    assert RULES.lookup("人民日報").id == "renmin_ribao"
    assert RULES.lookup("wenhui").name == "文汇报"  # a curated outlet keeps its id
    assert RULES.entry(RULES.lookup("web repost")).type == "web repost"
    assert RULES.lookup("东川晚报") is None
    assert len(RULES.gazetteer.entries) >= 300


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
    bad.write_text('[[formula]]\nid = "f"\npattern = "记者"\n', encoding="utf-8")
    assert "outlets.toml:3: [[formula]] 1 (f): the pattern has no (?P<name>...) group" in check_outlet_rules(bad)[0]
    bad.write_text('[[formula]]\nid = "f"\npattern = "(?P<name>x)"\nrole = "writer"\n', encoding="utf-8")
    assert "outlets.toml:4: [[formula]] 1 (f): role = 'writer'" in check_outlet_rules(bad)[0]


def test_bad_gazetteer(tmp_path) -> None:
    gaz = tmp_path / "outlets_gazetteer.csv"
    gaz.write_text("name,id,type\n甲报,jia,party daily\n乙报,Jia Bao,party daily\n甲报,jia2,party daily\n丙报,jia,\n", encoding="utf-8")
    problems = check_gazetteer(gaz)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["3", "4", "5"]
    assert "lower-case ASCII id" in problems[0] and "listed again (line 2)" in problems[1] and "also the id on line 2" in problems[2]
    (tmp_path / "outlets.toml").write_text('[[formula]]\nid = "f"\npattern = "(?P<name>\\\\S+)记者"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"outlets_gazetteer\.csv:3: .*; fix"):
        load_outlet_rules(tmp_path / "outlets.toml")  # the gazetteer beside the outlets file
    gaz.write_text("name,id,type\n甲报,jia,party daily\n", encoding="utf-8")
    rules = load_outlet_rules(tmp_path / "outlets.toml")
    assert tag_outlet("甲报记者 王某", "", "", "", rules).outlet == "甲报"


def test_source_lines_as_real_pages_write_them() -> None:
    """Names a source line wraps in quotes, role words or a person; credits that are no outlet."""
    assert tag("来源：“江川发布”微信公众号作者: 2025-03-27 09:37").outlet == "江川发布"
    assert tag("文|《中国企业家》记者 孙某").outlet == "中国企业家"  # the gazetteer's magazine
    t = tag("来源：江川融媒—主编 周某")
    assert t.outlet == "江川融媒" and "(as written)" in t.evidence
    t = tag("来源:光明网-《光明日报》2025-08-06 09:26")
    assert (t.outlet, t.site) == ("光明日报", "光明网")
    # a picture or clip credit, and an editor's initials, name no outlet
    for line in ("图片来源：视觉中国", "题图来源：某某网", "封面来源：AI生成视频截图", "来源：Sora演示视频截图", "来源：szf"):
        assert tag(line).outlet == "unknown", line
    # a content site's note on the account whose text it carries: the account, a repost
    t = tag("", removed="disclaimer:编者按：本文来自微信公众号“光影实验室”（ID：gyshiyan），作者：林某")
    assert (t.outlet, t.channel) == ("光影实验室", "repost")
    assert t.evidence.startswith("account_origin: ")
