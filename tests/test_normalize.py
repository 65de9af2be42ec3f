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
