"""read_corpus end to end: folders with bad files, tables, manifests, duplicates, and the seeds."""

from __future__ import annotations

import json
import re

import opencc
import pandas as pd
import pytest

from framing.corpus.normalize import to_simplified
from framing.corpus.read import read_corpus
from framing.errors import InputError

ON_TOPIC = (
    "OpenAI发布文生视频大模型Sora,视频生成能力引发关注。国内大模型企业纷纷跟进文生视频赛道。"
    "业内人士认为Sora的算力需求巨大。"
)
OFF_TOPIC = "燃气灶在使用时会排放苯,厨房通风不良时浓度更高,医生建议做饭时开窗并使用抽油烟机。" * 3


def write(path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


# --- the seeds ------------------------------------------------------------------------------

EXPECTED = {
    "000_5f0930652356f9b6#1": ("文汇报", "wenhui", "全新赛道激活,会催生“现象级产品”吗"),
    "001_845b7605a42a4ac3#1": ("浙江日报", "zhejiang", "Sora 问世,带来哪些新机遇"),
    "002_ced1f10ba77cba16#1": ("北京商报", "bbtnews", "谁是中国版Sora"),
    "003_ba3dde57c4eaf05a#1": ("每日经济新闻", "nbd", "Sora的横空出世将为人工智能产业链带来怎样的机遇和发展?"),
    "004_f6f791b0e31db03b#1": ("web repost", "web_repost", "一场Open AI式的二次胜利背后有人膜拜有人紧张"),
}


def test_seeds_five_articles_with_outlets_and_titles(seeds_corpus) -> None:
    docs = seeds_corpus.documents
    inc = docs[docs["status"] == "included"].set_index("doc_id")
    assert sorted(inc.index) == sorted(EXPECTED)
    for doc_id, (outlet, outlet_id, title) in EXPECTED.items():
        assert inc.loc[doc_id, "outlet"] == outlet
        assert inc.loc[doc_id, "outlet_id"] == outlet_id
        assert inc.loc[doc_id, "title"] == title
        assert inc.loc[doc_id, "outlet_evidence"]
        assert not inc.loc[doc_id, "outlet_conflict"]  # the manifest agrees with the text
    assert inc.loc["003_ba3dde57c4eaf05a#1", "date"] == "2024-02-22"
    assert inc.loc["002_ced1f10ba77cba16#1", "byline"] == "北京商报记者 杨月涵"


def test_seeds_off_topic_pieces_are_excluded_rows(seeds_corpus, seeds_dir) -> None:
    docs = seeds_corpus.documents
    off = docs[docs["reason"] == "off_topic"]
    # 000: gas stoves, lottery notice, hospitals, ideological-political courses; 001: cotton
    assert sorted(off["doc_id"]) == [
        "000_5f0930652356f9b6#2", "000_5f0930652356f9b6#3", "000_5f0930652356f9b6#4",
        "000_5f0930652356f9b6#5", "001_845b7605a42a4ac3#2",
    ]
    titles = " ".join(off["title"])
    for word in ("做一顿饭", "体彩", "就医", "大课堂", "棉花"):
        assert word in titles
    assert (off["relevance"] < 2).all()
    assert set(docs["source"]) == {f.name for f in seeds_dir.glob("*.txt")}  # every file accounted for


def test_seeds_clean_text(seeds_corpus) -> None:
    docs = seeds_corpus.documents
    for text in docs["text"]:
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text.replace("(Neil)", ""))
        assert "bob" not in text and "扫一扫" not in text and "读者热线" not in text
        assert "转载" not in text and "供图" not in text and "图源" not in text
        assert to_simplified(text) == text  # no Traditional character left
    orig = docs.set_index("doc_id").loc["003_ba3dde57c4eaf05a#1", "text_original"]
    assert "經(jīng)濟(jì)" in orig  # the text as read is kept beside the clean one
    removed = docs.set_index("doc_id").loc["003_ba3dde57c4eaf05a#1", "removed"]
    assert "pinyin:(jīng)" in removed and "hotline:读者热线:4008890008" in removed


def test_seeds_sentences(seeds_corpus) -> None:
    docs = seeds_corpus.documents.set_index("doc_id")
    sents = seeds_corpus.sentences
    assert set(sents["doc_id"]) == set(EXPECTED)
    for row in sents.itertuples():
        assert docs.loc[row.doc_id, "text"][row.start : row.end] == row.text
    counts = sents.groupby("doc_id").size()
    assert (counts == docs.loc[counts.index, "n_sentences"]).all()
    s000 = sents[sents["doc_id"] == "000_5f0930652356f9b6#1"]
    assert s000.iloc[1]["text"] == "全新赛道激活,会催生“现象级产品”吗" and s000.iloc[1]["is_headline"]
    assert "梅涛说。" in set(s000["text"])  # attribution tail is its own sentence
    assert "AI视频技术路线或将涌现不同“解法”" in set(s000[s000["is_headline"]]["text"])


def test_doc_ids_are_stable(seeds_dir, tmp_path) -> None:
    a = read_corpus(seeds_dir)
    copy = tmp_path / "elsewhere" / "seeds"
    copy.mkdir(parents=True)
    for f in seeds_dir.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    b = read_corpus(copy)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)


def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig", "big5"])
def test_seed_copies_in_other_encodings(seeds_dir, tmp_path, encoding) -> None:
    s2t = opencc.OpenCC("s2t")
    names = ["002_ced1f10ba77cba16.txt", "004_f6f791b0e31db03b.txt"]
    for name in names:
        text = (seeds_dir / name).read_text(encoding="utf-8")
        if encoding == "big5":
            # Big5 holds Traditional text only, and lacks some characters (譞, 爲, em space)
            text = "".join(ch for ch in s2t.convert(text) if _in_big5(ch))
        (tmp_path / name).write_bytes(text.encode(encoding, errors="strict"))
    base = read_corpus(seeds_dir).documents.set_index("doc_id")
    got = read_corpus(tmp_path).documents.set_index("doc_id")
    assert set(got["encoding"]) == {encoding}
    for doc_id in got.index:
        assert got.loc[doc_id, "outlet"] == base.loc[doc_id, "outlet"]
        assert got.loc[doc_id, "status"] == base.loc[doc_id, "status"]
        if encoding != "big5":
            assert got.loc[doc_id, "text"] == base.loc[doc_id, "text"]
            assert got.loc[doc_id, "title"] == base.loc[doc_id, "title"]


# --- folders with bad inputs -----------------------------------------------------------------


def test_bad_files_become_excluded_rows(tmp_path) -> None:
    write(tmp_path / "a.txt", f"标题一\n\n{ON_TOPIC}\n北京商报记者 张三\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"  \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "junk.txt").write_bytes(b"\x80\x81\x82\xff" * 40)
    write(tmp_path / "sub" / "b.txt", ON_TOPIC, "gb18030")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not a text suffix: not read
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert docs.loc["a#1", "status"] == "included" and docs.loc["a#1", "outlet"] == "北京商报"
    assert docs.loc["empty#0", "reason"] == "empty_file"
    assert docs.loc["blank#0", "reason"] == "empty_file"
    assert docs.loc["image#0", "reason"] == "binary_file"
    assert docs.loc["junk#0", "reason"] == "undecodable"
    assert docs.loc["sub/b#1", "encoding"] == "gb18030"
    assert docs.loc["sub/b#1", "outlet"] == "unknown"
    assert docs.loc["sub/b#1", "outlet_evidence"] == "no outlet rule matched"
    assert (docs.loc[["empty#0", "image#0", "junk#0"], "status"] == "excluded").all()


def test_missing_and_empty_inputs(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file or folder; fix"):
        read_corpus(tmp_path / "nope")
    with pytest.raises(InputError, match=r"no \.txt or \.md files"):
        read_corpus(tmp_path)


# --- tables --------------------------------------------------------------------------------


def test_dataframe_rows_with_outlet_are_one_article_each() -> None:
    page = f"标题一\n\n■本报记者 张三\n\n{ON_TOPIC}\n\n另一篇\n\n■本报记者 李四\n\n{ON_TOPIC}"
    df = pd.DataFrame(
        {
            "doc_id": ["x1", "x2", "x3"],
            "text": [page, page, ""],
            "outlet": ["每经", "", None],
            "date": ["2024-02-20", "", ""],
        }
    )
    docs = read_corpus(df).documents.set_index("doc_id")
    assert docs.loc["x1", "outlet"] == "每日经济新闻"  # alias resolved
    assert docs.loc["x1", "outlet_evidence"] == "given in the input table"
    assert docs.loc["x1", "date"] == "2024-02-20"
    assert ["x2#1", "x2#2"] == [i for i in docs.index if i.startswith("x2")]  # a page: split
    assert docs.loc["x3", "reason"] == "no_text"


def test_unknown_outlet_in_data_gets_stable_id() -> None:
    df = pd.DataFrame({"text": [ON_TOPIC] * 2, "outlet": ["东川晚报", "人民日報"]})
    docs = read_corpus(df).documents
    assert docs.loc[0, "outlet"] == "东川晚报"  # in no list: kept as given, with a stable id
    assert docs.loc[0, "outlet_id"].startswith("outlet_") and docs.loc[0, "outlet_type"] == ""
    # a gazetteer outlet, in Traditional script: its name, id, type and level
    assert tuple(docs.loc[1, ["outlet", "outlet_id", "outlet_type", "outlet_level"]]) == (
        "人民日报", "renmin_ribao", "party daily", "central"
    )


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_files(tmp_path, suffix) -> None:
    df = pd.DataFrame({"doc_id": ["d1", "d2"], "text": [ON_TOPIC, OFF_TOPIC], "outlet": ["北京商报", "北京商报"]})
    path = tmp_path / f"t{suffix}"
    if suffix == ".csv":
        df.to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in df.to_dict("records")), encoding="utf-8")
    else:
        pytest.importorskip("pyarrow")
        df.to_parquet(path)
    docs = read_corpus(path).documents.set_index("doc_id")
    assert docs.loc["d1", "status"] == "included"
    assert docs.loc["d2", "reason"] == "off_topic"
    assert docs.loc["d1", "source"] == f"t{suffix}:row1"


def test_table_without_text_column(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("body\n文本\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'text' column .*text_column="):
        read_corpus(path)
    assert read_corpus(path, text_column="body", filter_topic=False).documents.loc[0, "status"] == "included"


# --- topic, duplicates, manifest -------------------------------------------------------------


def test_topic_filter_can_be_switched_off_and_tuned() -> None:
    df = pd.DataFrame({"text": [ON_TOPIC, OFF_TOPIC], "outlet": ["北京商报"] * 2})
    assert list(read_corpus(df).documents["status"]) == ["included", "excluded"]
    assert list(read_corpus(df, filter_topic=False).documents["status"]) == ["included", "included"]
    assert list(read_corpus(df, min_relevance=1000).documents["status"]) == ["excluded", "excluded"]


def test_near_duplicates_flagged_and_not_counted_twice() -> None:
    repost = "bob手机版网页登录\n\n" + ON_TOPIC * 2 + "编者按。"
    df = pd.DataFrame({"doc_id": ["r", "o"], "text": [repost, ON_TOPIC * 2]})
    docs = read_corpus(df).documents.set_index("doc_id")
    # the repost comes first, but the original is kept
    assert docs.loc["r", "duplicate_of"] == "o"
    assert docs.loc["r", "reason"] == "duplicate" and docs.loc["r", "similarity"] == 1.0
    assert docs.loc["o", "status"] == "included"
    kept = read_corpus(df, keep_duplicates=True).documents.set_index("doc_id")
    assert kept.loc["r", "status"] == "included" and kept.loc["r", "duplicate_of"] == "o"


def test_a_fragment_is_never_kept_over_the_full_text() -> None:
    """A navigation fragment that quotes an article's first lines comes first in the input:
    the full article is kept and the fragment flagged, whatever the order."""
    full = ON_TOPIC * 2 + "快手的可灵和字节跳动的即梦相继上线图生视频功能，文生视频进入应用阶段。" * 3
    fragment = ON_TOPIC + "可灵"
    df = pd.DataFrame({"doc_id": ["nav", "article"], "text": [fragment, full]})
    docs = read_corpus(df).documents.set_index("doc_id")
    assert docs.loc["article", "status"] == "included" and docs.loc["article", "duplicate_of"] == ""
    assert docs.loc["nav", "reason"] == "duplicate" and docs.loc["nav", "duplicate_of"] == "article"
    df = pd.DataFrame({"doc_id": ["article", "nav"], "text": [full, fragment]})
    docs = read_corpus(df).documents.set_index("doc_id")
    assert docs.loc["nav", "duplicate_of"] == "article" and docs.loc["article", "status"] == "included"


def test_original_and_copy_rules() -> None:
    from framing.corpus.keep import original_and_copy

    assert original_and_copy(0, 1, [40, 100], [False, False]) == (1, 0)  # a fragment never wins
    assert original_and_copy(1, 0, [40, 100], [False, False]) == (1, 0)
    assert original_and_copy(0, 1, [100, 40], [False, True]) == (0, 1)  # ... not even over a repost
    assert original_and_copy(0, 1, [100, 98], [True, False]) == (1, 0)  # an original over a repost
    assert original_and_copy(0, 1, [100, 100], [False, False]) == (0, 1)  # else the earlier


def test_your_own_topic(tmp_path) -> None:
    topic = tmp_path / "mytopic.toml"
    topic.write_text(
        'name = "stoves"\nmin_relevance = 1.0\nmin_hits = 2\n[terms]\n"燃气灶" = 1.0\n"苯" = 1.0\n', encoding="utf-8"
    )
    df = pd.DataFrame({"text": [ON_TOPIC, OFF_TOPIC], "outlet": ["北京商报"] * 2})
    corpus = read_corpus(df, topic=topic)
    assert list(corpus.documents["status"]) == ["excluded", "included"]
    assert corpus.params["topic_name"] == "stoves" and corpus.params["topic_file"] == "mytopic.toml"
    assert corpus.rule_paths["topic"] == str(topic)


def test_video_ai_without_sora_is_on_topic() -> None:
    pages = [
        "快手可灵开启内测，用户输入提示词即可得到两分钟画面。字节跳动旗下即梦也上线了图生视频功能。",
        "智谱清影与海螺AI相继更新，AI视频工具密集上线。",
        "生成式AI影片工具普及，学者呼吁建立AI生成内容的标示机制，文字生成影片技术进步快速。",  # Traditional usage
    ]
    docs = read_corpus(pd.DataFrame({"text": pages, "outlet": ["北京商报"] * 3})).documents
    assert (docs["status"] == "included").all(), docs[["relevance", "topic_hits"]]


def test_manifest_fills_unknown_and_reports_conflict(tmp_path) -> None:
    write(tmp_path / "a.txt", f"标题\n\n{ON_TOPIC}\n北京商报记者 张三\n")
    write(tmp_path / "b.txt", f"标题\n\n{ON_TOPIC}")
    write(tmp_path / "manifest.csv", "file,outlet,date\na.txt,文汇报,\nb.txt,浙江日报,2024-02-18\n")
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert docs.loc["a#1", "outlet"] == "北京商报"  # the text decides ...
    assert docs.loc["a#1", "outlet_conflict"]  # ... and the disagreement is reported
    assert "manifest says 文汇报" in docs.loc["a#1", "outlet_evidence"]
    assert docs.loc["b#1", "outlet"] == "浙江日报" and docs.loc["b#1", "outlet_evidence"].startswith("manifest")
    assert docs.loc["b#1", "date"] == "2024-02-18"


@pytest.mark.parametrize(
    "content, message",
    [
        ("name,outlet\na.txt,文汇报\n", "needs columns 'file' and 'outlet'"),
        ("file,outlet\na.txt,东川晚报\n", r"manifest.csv:2: unknown outlet '东川晚报'; fix"),
        ("file,outlet,date\na.txt,文汇报,Feb 2\n", "is not YYYY-MM-DD"),
    ],
)
def test_malformed_manifest(tmp_path, content, message) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    write(tmp_path / "manifest.csv", content)
    with pytest.raises(InputError, match=message):
        read_corpus(tmp_path)


def test_topic_terms_in_quotes_count_and_general_ai_alone_is_not_the_story() -> None:
    from framing.lexicons.topic import load_topic

    topic = load_topic()
    w = topic.terms
    text = "AI“复活”古人的短视频走红，AI“魔改”经典影视剧也引发争议。"
    relevance, hits = topic.score(text)
    # by hand: the quoted terms count, and the sentence holds an AI word and a video medium
    assert hits == pytest.approx(w["AI复活"] + w["AI魔改"] + topic.pairs[0].weight)
    assert relevance == pytest.approx(round(1000 * hits / len(text), 3))
    # a page on chips and compute that never names generated video is not kept, however
    # dense its general AI words: they are [supporting] terms, and it has no core term ...
    chips = "人工智能芯片出口新规出台，大模型企业的算力成本上升。" * 6
    relevance, hits, core = topic.score_parts(chips)
    sup = topic.supporting
    assert hits == pytest.approx(6 * sup["人工智能"] + 6 * sup["大模型"] + 6 * sup["算力"])
    assert core == 0 and not topic.is_on_topic(relevance, hits, core)
    # ... one on AI films is
    films = "首部AI电影上映，导演用视频生成模型制作了全部镜头，AI演员也首次亮相。" * 3
    assert topic.is_on_topic(*topic.score_parts(films))


def test_a_topic_term_in_both_tables_is_a_problem(tmp_path) -> None:
    from framing.lexicons.topic import check_topic, load_topic

    path = tmp_path / "topic.toml"
    path.write_text('name = "x"\nmin_core_hits = 1\n[terms]\n"AI电影" = 1.0\n[supporting]\n"ai电影" = 0.5\n"大模型" = 0.5\n',
                    encoding="utf-8")
    problems = check_topic(path)
    assert len(problems) == 1 and "in [terms] and [supporting]" in problems[0] and ":6:" in problems[0]
    path.write_text('name = "x"\nmin_core_hits = 1\n[terms]\n"AI电影" = 1.0\n[supporting]\n"大模型" = 0.5\n', encoding="utf-8")
    topic = load_topic(path)
    assert topic.supporting == {"大模型": 0.5} and topic.min_core_hits == 1.0
    # without [supporting] and min_core_hits a topic file reads as before
    path.write_text('name = "x"\n[terms]\n"AI电影" = 1.0\n', encoding="utf-8")
    assert load_topic(path).min_core_hits == 0.0


def test_a_pair_counts_each_sentence_that_holds_both_of_its_words(tmp_path) -> None:
    from framing.lexicons.topic import check_topic, load_topic

    path = tmp_path / "topic.toml"
    path.write_text(
        'name = "x"\nmin_hits = 1\nmin_core_hits = 1\n[terms]\n"文生视频" = 2.0\n'
        '[[pair]]\nleft = ["AI", "人工智能"]\nright = ["动画", "电影"]\nweight = 0.5\n'
        '[supporting]\n"大模型" = 1.0\n',
        encoding="utf-8",
    )
    topic = load_topic(path)
    # by hand: sentence 1 has AI and 动画 (0.5); sentence 2 人工智能 and 电影 (0.5) and 大模型
    # (1.0, supporting); sentence 3 has AI but no medium; sentence 4 a medium but no AI word
    text = "日本首部用AI技术制作的电视动画开播。人工智能改写电影流程，大模型也在其中。AI很热。动画师很忙。"
    relevance, hits, core = topic.score_parts(text)
    assert (hits, core) == (2.0, 1.0)
    assert relevance == round(1000 * 2.0 / len(text), 3)
    assert topic.is_on_topic(relevance, hits, core)
    # two words of one side in a sentence count once; words split over two sentences do not count
    assert topic.score_parts("AI电影与AI动画。")[2] == 0.5
    assert topic.score_parts("这是AI。那是动画。")[2] == 0.0
    # a malformed pair is a problem with its line and the fix
    path.write_text('name = "x"\n[terms]\n"a" = 1.0\n[[pair]]\nleft = []\nright = ["b"]\nweight = 0\ncolour = 1\n',
                    encoding="utf-8")
    problems = check_topic(path)
    assert len(problems) == 3 and all(":4:" in p for p in problems)
    assert any("left is not a list of words" in p for p in problems)
    assert any("weight 0" in p for p in problems) and any("unknown key 'colour'" in p for p in problems)
