"""Cleaning: width/whitespace, Traditional -> Simplified, and each kind of scraping debris."""

from __future__ import annotations

from framing.corpus.normalize import clean_lines, detect_script, normalize_line, to_simplified


def kinds(lines) -> list[str]:
    return [k for line in lines for k, _ in line.removed]


def clean(text: str) -> list[str]:
    return [line.text for line in clean_lines(text) if line.text]


def test_pinyin_annotations_removed_real_brackets_kept() -> None:
    lines = clean_lines("每日經(jīng)濟(jì)新聞報道,龔銀(Neil)表示(目前)還在(TVP)觀察(chǎn)。")
    assert lines[0].text == "每日经济新闻报道,龚银(Neil)表示(目前)还在(TVP)观察。"
    assert kinds(lines) == ["pinyin"] * 3
    assert lines[0].original.startswith("每日經(jīng)")  # the text as read is kept


def test_traditional_to_simplified_phrases() -> None:
    assert to_simplified("誰是中國版Sora,發佈後纔開始") == "谁是中国版Sora,发布后才开始"


def test_detect_script() -> None:
    trad = "誰是中國版Sora,面對Sora帶來的挑戰,不妨讓子彈再飛一會兒。"
    assert detect_script(trad, to_simplified(trad)) == "traditional"
    simp = "谁是中国版Sora,面对Sora带来的挑战。"
    assert detect_script(simp, to_simplified(simp)) == "simplified"


def test_width_whitespace_zero_width() -> None:
    assert normalize_line("\u3000\u3000Ｓｏｒａ发布\u200b了１２个\u00a0视频\u2003 ") == "Sora发布了12个 视频"
    # Chinese punctuation is not touched
    assert normalize_line("你好，世界！") == "你好，世界！"


def test_spam_lines() -> None:
    lines = clean_lines("bob手机版网页登录\n\n正文第一段。\n开云体育官网入口\n")
    assert clean("bob手机版网页登录\n\n正文第一段。\n开云体育官网入口\n") == ["正文第一段。"]
    assert kinds(lines) == ["spam", "spam"]


def test_reprint_hotline_qr() -> None:
    page = (
        "正文。\n"
        "如需转载请与《每日经济新闻》报社联系。\n"
        "未经《每日经济新闻》报社授权,严禁转载或镜像,违者必究。\n"
        "读者热线:4008890008\n"
        "扫一扫,查看更多精彩内容\n"
        "欢迎关注每日经济新闻APP\n"
    )
    lines = clean_lines(page)
    assert clean(page) == ["正文。"]
    assert kinds(lines) == ["reprint_notice", "reprint_notice", "hotline", "qr_prompt", "reprint_notice"]


def test_prose_that_shares_words_with_notices_stays() -> None:
    """Sentences about copyright and app downloads are news, not a reprint notice or an
    app prompt: only the notice and the prompt go."""
    prose = [
        "按照规定，第三方在未经许可的情况下不得使用受保护的动画角色。",
        "平台表示，将与版权所有人协商分成。",
        "这款应用上线一周下载量破百万，一度登上App Store榜首。",
        "用户在首页找到创作入口点击进入，即可申请内测。",
        "本文系统梳理了视频生成技术的发展脉络。",
        "法院还被请求禁止该公司在没有防护措施的情况下继续提供图",
    ]
    page = "\n".join([*prose, "未经许可，不得转载。", "更多报道尽在某某新闻APP"]) + "\n"
    assert clean(page) == prose
    assert kinds(clean_lines(page)) == ["reprint_notice", "app_prompt"]


def test_photo_credit_and_caption() -> None:
    page = (
        "第一段正文写到一半被图片打断,主要认为人工\n\n\n\n"
        "新年伊始,丁科炎(左)与张强在一起畅聊大模型发展。\n\n"
        "本报记者 姚颖康 摄\n\n\n\n"
        "浙大课题组供图\n\n"
        "智能的创作物是算法产生的结果。\n"
    )
    lines = clean_lines(page)
    assert clean(page) == ["第一段正文写到一半被图片打断,主要认为人工", "智能的创作物是算法产生的结果。"]
    assert kinds(lines) == ["photo_caption", "photo_credit", "photo_credit"]


def test_credit_with_caption_on_one_line_keeps_previous_paragraph() -> None:
    page = "上一段正文,即以\n\n“模速空间”位于徐汇西岸。均本报记者袁婧摄制图:冯晓瑜\n\nTransformer为主干。"
    assert clean(page) == ["上一段正文,即以", "Transformer为主干。"]


def test_body_sentence_mentioning_credit_words_stays() -> None:
    page = "记者在现场拍摄了视频。\n他说这是图源之争。"
    assert clean(page) == ["记者在现场拍摄了视频。", "他说这是图源之争。"]


def test_page_furniture_by_kind() -> None:
    page = (
        "当前位置：首页 > 科技 > 正文\n"
        "新浪财经 > 滚动新闻 > 正文\n"
        "澎湃新闻 首页 要闻 深度 视频 澎湃号\n"
        "分享到：\n"
        "收藏 | 举报\n"
        "阅读 (3512)\n"
        "126 人赞同了该回答\n"
        "打开东方财富APP，查看更多\n"
        "【广告】某品牌新品上市\n"
        "10:22\n"
        "![](https://img.example.com/a.jpg)\n"
        "正文第一段。\n"
        "— 完 —\n"
        "点这里关注我，记得标星哦\n"
        "科技前沿进展日日相见\n"
    )
    lines = clean_lines(page)
    assert clean(page) == ["正文第一段。"]
    assert kinds(lines) == [
        "navigation", "navigation", "navigation", "ui", "ui", "counter", "counter", "app_prompt", "ad",
        "timestamp", "image", "footer", "footer", "footer",
    ]
    # a footer ends at a sentence: the text after it stays
    assert clean("— 完 —\n关注我们\n另一段正文的第一句。\n") == ["另一段正文的第一句。"]


def test_blocks_take_short_lines_but_never_the_next_headline_block() -> None:
    page = "正文一段。\n相关阅读\n- 另一篇报道的标题\n- 又一篇报道的标题\n\n下一篇文章的标题\n本报记者 王朗\n第二篇的正文。\n"
    lines = clean_lines(page)
    assert clean(page) == ["正文一段。", "下一篇文章的标题", "本报记者 王朗", "第二篇的正文。"]
    assert kinds(lines) == ["related", "related", "related"]
    # forum replies from the second floor on are comments
    forum = "楼主的帖子正文。\n2楼 某网友 2024-03-10 14:40\n看了两集，画面确实漂亮。\n回复 | 引用\n"
    assert clean(forum) == ["楼主的帖子正文。"]


def test_metadata_lines_are_marked_not_removed() -> None:
    page = "标题\n2024-05-27 07:30 来源：澎湃新闻\n文｜邱意 编辑｜苏建勋\n原标题：另一个标题\n四川日报 2024年12月10日\n正文。"
    lines = clean_lines(page)
    assert [line.meta for line in lines] == ["", "source", "byline", "original_title", "dateline", ""]
    assert not kinds(lines) and clean(page) == page.split("\n")


def test_markdown_links_keep_their_text_and_anti_copy_strings_go() -> None:
    lines = clean_lines("据[澎湃新闻](https://www.thepaper.cn/a)报道，广告公司修改完善，qX7kz92Lm一条广告用GPT4o生成。")
    assert lines[0].text == "据澎湃新闻报道，广告公司修改完善，一条广告用GPT4o生成。"
    assert kinds(lines) == ["link", "anti_copy"]
    # a number with its unit is article text, not a copy-spoiling string
    lines = clean_lines("园区智算中心一期已投入使用，算力规模达到500PFlops。显卡换成4090Ti也不够。")
    assert lines[0].text == "园区智算中心一期已投入使用，算力规模达到500PFlops。显卡换成4090Ti也不够。"
    assert not kinds(lines)


def test_a_title_printed_twice_is_kept_once() -> None:
    lines = clean_lines("正在阅读：\nAI视频工具的免费午餐还能吃多久\n扫一扫下载界面新闻APP\nAI视频工具的免费午餐还能吃多久\n正文。")
    assert clean("\n".join(line.original for line in lines)) == ["AI视频工具的免费午餐还能吃多久", "正文。"]
    assert "repeated_heading" in kinds(lines)


def test_new_debris_keys_are_checked(tmp_path) -> None:
    from framing.corpus.normalize import check_debris_rules

    bad = tmp_path / "debris.toml"
    bad.write_text(
        "[[line]]\nkind = 'a'\npattern = 'x'\nreplace = 'y'\n"  # 1-4: replace only for inline rules
        "[[block]]\nkind = 'b'\npattern = '^相关'\nitem_max_chars = 0\n"  # 5-8
        "[[block]]\nkind = 'c'\npattern = '^评论'\nstop_at_sentence = 'yes'\n",  # 9-12
        encoding="utf-8",
    )
    problems = check_debris_rules(bad)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["4", "8", "12"]
    assert "replace = 'y' is not allowed here" in problems[0] and "item_max_chars = 0" in problems[1]


def test_saved_page_image_tags_and_file_names_go() -> None:
    page = (
        '段落一。<image>data:image/png;base64,iVBORw0KGgo9 alt=""</image>\n'
        "25971.jpg\n"
        "AI_Studio_2026-01-31T03_25_23.394Z.png\n"
        "段落二写到了report.png这个文件名。\n"
    )
    lines = clean_lines(page)
    assert clean(page) == ["段落一。", "段落二写到了report.png这个文件名。"]
    assert kinds(lines) == ["image", "image", "image"]


def test_a_content_site_note_on_the_account_it_copied_is_furniture() -> None:
    page = "编者按：本文来自微信公众号“光影实验室”（ID：gyshiyan），作者：林某，某站经授权发布。\n正文。\n编者按：这是一组关于AI视频的报道。"
    lines = clean_lines(page)
    assert clean(page) == ["正文。", "编者按：这是一组关于AI视频的报道。"]
    assert kinds(lines) == ["disclaimer"]
