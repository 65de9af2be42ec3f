"""Page -> articles and article -> sentences, on small pages written for the tests."""

from __future__ import annotations

from framing.corpus.normalize import clean_lines
from framing.corpus.split import find_date, is_byline, split_page, split_sentences, split_title

BODY_AI = "人工智能文生视频大模型正在改变影视行业,算力和数据成为关键,多家公司宣布跟进Sora。" * 8
BODY_STOVE = "燃气灶在使用时会排放苯,厨房通风不良时浓度更高,医生建议做饭时开窗并使用抽油烟机。" * 8
BODY_SCHOOL = "高校思政课建设整体试验区遴选教师队伍,课程体系采用圈层式设计,学生参与实践教学基地。" * 8

PAGE = f"""国内业界快速跟进,新的“百模大战”又起?

全新赛道激活,会催生“现象级产品”吗

■本报记者 沈秋莎

{BODY_AI}

技术路线或将涌现不同解法

{BODY_AI}

「在家做饭」相关研究引发热议

■本报记者 李晨琰

{BODY_STOVE}

体彩公报\t排列3第24064期公告
\t中奖号码: 1 3 2
每注奖金100000元\t每注奖金100000元

“患”位思考提升就医体验

打造友好型医疗环境,上海20家市级医院已设立“患者体验部”

■本报记者 唐闻佳

{BODY_STOVE}

“大课堂”“大平台”增育人合力

{BODY_SCHOOL}
"""


def test_page_splits_at_bylines_notice_and_topic_shift() -> None:
    arts = split_page(clean_lines(PAGE))
    assert [a.split_by for a in arts] == [
        "page_start", "byline_header", "notice", "after_notice", "topic_shift"
    ]
    assert [a.kind for a in arts] == ["article", "article", "notice", "article", "article"]
    assert arts[0].title == "全新赛道激活,会催生“现象级产品”吗"
    assert arts[0].deck == "国内业界快速跟进,新的“百模大战”又起?"
    assert arts[0].bylines == ["■本报记者 沈秋莎"]
    assert arts[1].title == "「在家做饭」相关研究引发热议"
    assert arts[3].title == "“患”位思考提升就医体验"  # shorter line is the title, the other the deck
    assert arts[3].deck.startswith("打造友好型医疗环境")
    assert arts[4].title == "“大课堂”“大平台”增育人合力"
    # the subhead stays inside the first article, marked as a heading line
    assert ("技术路线或将涌现不同解法", True) in arts[0].lines


def test_subheads_of_one_story_do_not_split_it() -> None:
    page = f"标题\n\n{BODY_AI}\n\n小标题一\n\n{BODY_AI}\n\n小标题二\n\n{BODY_AI}"
    assert len(split_page(clean_lines(page))) == 1
    assert len(split_page(clean_lines(f"标题\n\n{BODY_AI}\n\n小标题\n\n{BODY_SCHOOL}"))) == 2
    # the rule can be switched off
    assert len(split_page(clean_lines(f"标题\n\n{BODY_AI}\n\n小标题\n\n{BODY_SCHOOL}"), cohesion_threshold=0)) == 1


def test_closing_byline_and_dateline() -> None:
    page = "每日经济新闻 2024-02-22 13:27:58\nSora将带来怎样的机遇?\n每经记者 谢陶 每经编辑 唐元\n正文一句。\n北京商报记者 杨月涵\n"
    arts = split_page(clean_lines(page))
    assert len(arts) == 1
    art = arts[0]
    assert art.dateline == "每日经济新闻 2024-02-22 13:27:58"
    assert art.title == "Sora将带来怎样的机遇?"
    assert art.bylines == ["每经记者 谢陶 每经编辑 唐元", "北京商报记者 杨月涵"]
    assert art.text == "Sora将带来怎样的机遇?\n正文一句。"


def test_layout_cut_paragraphs_are_rejoined() -> None:
    page = "标题\n\n此前不少专家反对人工智能创作物具有独创性和作品属性,主要认为人工\n\n\n\n智能的创作物是算法统一产生的结果。"
    art = split_page(clean_lines(page))[0]
    assert art.lines[1] == ("此前不少专家反对人工智能创作物具有独创性和作品属性,主要认为人工智能的创作物是算法统一产生的结果。", False)


def test_title_with_kicker_dash() -> None:
    assert split_title(["OpenAI 带来挑战的同时,更多人关注—— Sora 问世,带来哪些新机遇"]) == (
        "Sora 问世,带来哪些新机遇",
        "OpenAI 带来挑战的同时,更多人关注",
    )


def test_bylines() -> None:
    for line in ["■本报记者 沈秋莎", "北京商报记者 杨月涵", "通讯员 周炜", "每经记者 谢陶 每经编辑 唐元",
                 "本报记者 金春华 何冬健 姚颖康 潮新闻记者 朱高祥"]:
        assert is_byline(line), line
    for line in ["记者发现,Sora问世后几乎没有大厂跟进发声。", "梅涛告诉记者", "记者的采访也被纷纷婉拒。"]:
        assert not is_byline(line), line


def test_find_date() -> None:
    assert find_date("每日经济新闻 2024-02-22 13:27:58") == "2024-02-22"
    assert find_date("2024年2月16日") == "2024-02-16"
    assert find_date("2024-13-40") == ""


def test_sentences_quotes_tails_and_offsets() -> None:
    text = "标题在这里\n“这些能否突破还有待观察。”梅涛说。网友评价:炸裂!惊艳!Sora到底厉害在哪里?它又将掀起哪些浪潮?“真的吗?”他问……然后走了"
    sents = split_sentences(text)
    assert [s["text"] for s in sents] == [
        "标题在这里",
        "“这些能否突破还有待观察。”",
        "梅涛说。",
        "网友评价:炸裂!",
        "惊艳!",
        "Sora到底厉害在哪里?",
        "它又将掀起哪些浪潮?",
        "“真的吗?”",
        "他问……然后走了",
    ]
    for s in sents:
        assert text[s["start"] : s["end"]] == s["text"]


def test_a_headline_above_metadata_or_a_sourced_lead_opens_an_article() -> None:
    page = (
        f"第一篇标题\n2024-05-27 07:30 来源：澎湃新闻\n{BODY_AI}\n"
        f"第二篇标题\n{'本报讯 ' + BODY_STOVE}\n"
    )
    arts = split_page(clean_lines(page))
    assert [a.title for a in arts] == ["第一篇标题", "第二篇标题"]
    assert arts[0].meta == [("source", "2024-05-27 07:30 来源：澎湃新闻")]
    assert "来源" not in arts[0].text and arts[0].lines[0] == ("第一篇标题", True)


def test_a_fragment_without_a_body_is_no_article() -> None:
    # a headline and byline with one short line under them stay with the article above
    page = f"标题\n\n■本报记者 张三\n\n{BODY_AI}\n\n短讯标题\n\n■本报记者 李四\n\n一句话。\n"
    arts = split_page(clean_lines(page))
    assert len(arts) == 1 and arts[0].bylines == ["■本报记者 张三", "■本报记者 李四"]


def test_lines_above_the_first_headline_block_are_page_furniture() -> None:
    lines = clean_lines(f"天气：晴 12℃\n今日导读：\n\n成都企业用AI视频复活文物\n本报记者 何蕊\n{BODY_AI}\n")
    arts = split_page(lines)
    assert len(arts) == 1 and arts[0].title == "成都企业用AI视频复活文物"
    assert [k for line in lines for k, _ in line.removed] == ["page_top", "page_top"]


def test_bylines_of_any_outlet() -> None:
    for line in ["21世纪经济报道记者 钟可欣 深圳报道", "红星新闻记者 邱雅 实习记者 蔡文韬", "云中 发自 凹非寺"]:
        assert is_byline(line) or line == "云中 发自 凹非寺", line
    assert not is_byline("记者调查｜AI换脸视频冒充名人带货")


def test_dates_file_names_and_image_codes_do_not_cut_an_article_into_notices() -> None:
    """Only a row of figures (or tab-separated cells) is a notice row: a date line, an image
    code or a number glued to words used to open a one-line 'notice' and cut the story."""
    page = (
        "某公司发布首个AI视频模型\n由 某某科技 发布于 科技\n'25-06-19\n"
        f"{BODY_AI}\n① 2023-2025技术演进\n{BODY_AI}\n2024031618:07\n{BODY_AI}\n"
    )
    arts = split_page(clean_lines(page))
    assert len(arts) == 1 and arts[0].kind == "article"
    assert arts[0].title == "某公司发布首个AI视频模型"
    # a row of figures without tabs is still a notice row
    bulletin = f"标题\n\n{BODY_AI}\n\n开奖公告\n03 07 12 19 25 31 + 08\n16 22 27 30 33 + 11\n\n{BODY_STOVE}\n"
    assert [a.kind for a in split_page(clean_lines(bulletin))] == ["article", "notice", "article"]


def test_a_name_or_column_label_above_the_headline_is_not_the_title() -> None:
    assert split_title(["日本网友热议：AI能否取代动画师？", "创始人"]) == ("日本网友热议：AI能否取代动画师？", "创始人")
    assert split_title(["【新闻随笔】", "AI复活古人也要守住边界"])[0] == "AI复活古人也要守住边界"
    # the shortest headline-like line is still the title; a header of short lines keeps one
    assert split_title(["国内业界快速跟进，新的百模大战又起？", "全新赛道激活"])[0] == "全新赛道激活"
    assert split_title(["快讯"]) == ("快讯", "")


def test_an_interviewers_question_is_no_byline_and_opens_no_article() -> None:
    page = (
        f"影视创作准备好了吗？\n人民日报2025-04-03\n{BODY_AI}\n嘉宾：\n张某（导演）\n李某（产品负责人）\n"
        f"AIGC已广泛应用\n记者：目前AIGC在创作中有哪些方面的应用？\n张某：{BODY_AI}\n"
    )
    lines = clean_lines(page)
    assert not any(line.meta == "byline" for line in lines)
    assert len(split_page(lines)) == 1
    # a byline with a colon still is one
    assert [line.meta for line in clean_lines("记者：王某 李某\n正文。")][0] == "byline"
