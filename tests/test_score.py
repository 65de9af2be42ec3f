"""Sentence scoring: negation, contrast, context rules, tone, the Scored tables, seeds."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from snownlp import SnowNLP

from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, Corpus
from framing.lexicon import default_lexicons
from framing.scoring.explain import explain
from framing.scoring.pipeline import HIT_COLUMNS, score, score_texts

FRAMES = default_lexicons().frame_ids


def one(text: str):
    """Score one sentence: (sentence row, its hits)."""
    s = score_texts([text])
    return s.sentences.iloc[0], s.hits


def frames_of(text: str) -> set[str]:
    row, _ = one(text)
    return {f for f in FRAMES if row[f"frame_{f}"]}


def hit(hits: pd.DataFrame, term: str, layer: str = "frame") -> pd.Series:
    rows = hits[(hits["term"] == term) & (hits["layer"] == layer)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# ---- negation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "frame", "negator"),
    [
        ("Sora不会取代人类导演。", "取代", "threat", "不会"),
        ("它并非威胁。", "威胁", "threat", "并非"),
        ("两国在这一领域没有差距。", "差距", "catch_up", "没有"),
        ("我们没有机会参加这次会议。", "机会", "opportunity", "没有"),
        ("这款工具是不可替代的。", "替代", "threat", "不可"),  # negator glued into the token
        ("也不应该成为影视从业者的“噩梦”。", "噩梦", "threat", "不应该"),  # through quote, 的
    ],
)
def test_negator_blocks_cue_and_keeps_the_evidence(text, term, frame, negator) -> None:
    row, hits = one(text)
    assert not row[f"frame_{frame}"]
    assert row[f"hits_{frame}"] == 0
    h = hit(hits, term)
    assert bool(h["negated"]) and h["blocked_by"] == negator and h["score"] == 0.0


@pytest.mark.parametrize("text", ["Sora并非完美。", "Sora远非完美。", "Sora并不完美。"])
def test_a_negator_word_glued_into_a_lexicon_token_negates_the_tone_word_in_it(text) -> None:
    """并非完美 is one token (a limitation term), so the tone word 完美 lies inside it behind
    the whole negator 并非: the praise is negated, and the sentence reads negative."""
    row, hits = one(text)
    assert row["frame_limitation"]
    h = hit(hits, "完美", layer="tone")
    assert bool(h["negated"]) and h["blocked_by"] == text[4:6]
    assert row["tone"] < 0


def test_da_ke_bu_bi_dismisses_the_worry_after_it() -> None:
    row, hits = one("技术能力方面大可不必担心。")
    assert not row["frame_threat"]
    assert hit(hits, "担心")["blocked_by"] == "大可不必"


def test_negation_stops_at_clause_punctuation_and_contrast() -> None:
    row, hits = one("这不是问题，威胁在于滥用。")
    assert row["frame_threat"] and not hit(hits, "威胁")["negated"]
    row, hits = one("它不会马上出现，但威胁已经存在。")
    assert row["frame_threat"] and not hit(hits, "威胁")["negated"]


def test_negation_reaches_only_scope_tokens() -> None:
    # 不 | 让 | 这个 | 行业 | 的 | 所有 | 人 | 感到 | 担心: too far (scope 4, 的 not counted)
    row, hits = one("不让这个行业的所有人感到担心。")
    assert row["frame_threat"] and not hit(hits, "担心")["negated"]


def test_double_negation_affirms() -> None:
    row, hits = one("三者我们与国外有差距，但并不是没有机会。")
    assert row["frame_opportunity"] and not hit(hits, "机会")["negated"]
    assert row["frame_catch_up"]


# ---- contrast -------------------------------------------------------------------------------


def test_not_a_but_b() -> None:
    row, hits = one("Sora不是威胁，而是机遇。")
    assert not row["frame_threat"] and row["frame_opportunity"]
    assert hit(hits, "威胁")["negated"] and not hit(hits, "机遇")["negated"]


def test_not_a_but_b_with_a_long_a() -> None:
    # 威胁 is far beyond the negator's scope; the reverse marker 而是 carries the negation
    row, hits = one("这并不是对整个影视行业的从业者饭碗的一种威胁，而是一次机遇。")
    assert not row["frame_threat"] and row["frame_opportunity"]
    assert hit(hits, "威胁")["blocked_by"] == "不是…而是"


def test_rather_than_opener() -> None:
    row, hits = one("与其说这是一场危机，不如说是一次机遇。")
    assert not row["frame_threat"] and row["frame_opportunity"]
    assert hit(hits, "危机")["blocked_by"].startswith("与其说")


def test_reverse_marker_without_negator_changes_nothing() -> None:
    row, _ = one("问题的关键在于算力，而是否有足够的人才也同样重要。")
    assert row["frame_resources"]


# ---- context rules (data in the lexicon) ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("多家风险投资机构参与了这一轮融资。", {"resources"}, {"threat"}),
        ("经济学家提醒投资者关注机会成本。", set(), {"opportunity"}),
        ("该市城乡居民收入差距进一步缩小。", set(), {"catch_up"}),
        ("与成熟的商业大片相比，这些短片还有很大差距。", set(), {"catch_up"}),
        ("国内外在文生视频领域的技术差距并不大。", {"catch_up"}, set()),
        ("网友的评价出奇一致：炸裂！惊艳！颠覆！", {"spectacle"}, {"threat"}),
        ("Sora想要颠覆影视业，还需要更强的能力。", {"threat"}, set()),
        ("图像视频带给人的冲击力更大。", set(), {"threat"}),
        ("这家有限公司去年成立。", set(), {"limitation"}),
        ("一粒来自中美洲的种子漂到了海南。", set(), {"catch_up"}),
    ],
)
def test_context_rules(text: str, present: set[str], absent: set[str]) -> None:
    found = frames_of(text)
    assert present <= found and not (absent & found), found


def test_requirement_met_is_recorded() -> None:
    _, hits = one("国内外在文生视频领域的技术差距并不大。")
    assert hit(hits, "差距")["rule"] == "requires:国内外"


def test_topical_frames_are_not_negatable() -> None:
    row, hits = one("如果没有足够的算力，训练这样的模型将非常困难。")
    assert row["frame_resources"] and not hit(hits, "算力")["negated"]


def test_solved_problem_is_not_a_limitation_unless_negated() -> None:
    row, hits = one("新版本解决了掉帧问题。")
    assert not row["frame_limitation"] and hit(hits, "掉帧")["blocked_by"] == "解决了"
    row, _ = one("新版本仍没有解决掉帧问题。")
    assert row["frame_limitation"]


def test_weak_cues_need_company() -> None:
    row, hits = one("从业者的压力越来越大。")  # 压力 weighs 0.5
    assert row["hits_threat"] == 1 and row["weight_threat"] == 0.5 and not row["frame_threat"]
    row, _ = one("从业者的压力越来越大，感到紧张。")  # 压力 0.5 + 紧张 0.5
    assert row["hits_threat"] == 2 and row["frame_threat"]


def test_longest_match_within_a_frame() -> None:
    row, hits = one("两者之间存在代际差距。")
    frame_hits = hits[hits["layer"] == "frame"]
    assert list(frame_hits["term"]) == ["代际差距"] and row["hits_catch_up"] == 1


# ---- tone (hand-computed from tone.toml and modifiers.toml) ----------------------------------


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("这是一个非常惊艳的演示。", 1.5 * 1.5),  # 惊艳 +1.5, 非常 x1.5
        ("有人有点担心。", -1.0 * 0.6),  # 担心 -1, 有点 x0.6
        ("市场并不乐观。", 1.0 * -0.5),  # 乐观 +1 negated: x -0.5
        ("虽然效果惊艳，但存在缺陷。", 1.5 * 0.5 - 1.0),  # before 但 x0.5
        ("深度伪造视频构成严重威胁。", -1.0 - 1.0 * 1.5),  # 伪造 -1; 威胁 -1 glued to 严重 x1.5
        ("发布会于昨日在北京举行。", 0.0),
    ],
)
def test_tone(text: str, tone: float) -> None:
    row, _ = one(text)
    assert row["tone"] - row["frame_tone"] == pytest.approx(tone)  # the tone words


@pytest.mark.parametrize(
    ("text", "frame_tone"),
    [
        ("这是一个非常惊艳的演示。", 0.5),  # spectacle +0.5
        ("深度伪造视频构成严重威胁。", -0.5),  # threat -0.5
        ("AI会取代演员吗？", 0.0),  # threat only asked about: x question tone factor 0
        ("发布会于昨日在北京举行。", 0.0),
    ],
)
def test_frame_tone(text: str, frame_tone: float) -> None:
    row, _ = one(text)
    assert row["frame_tone"] == pytest.approx(frame_tone)


def test_tone_reads_news_where_snownlp_does_not() -> None:
    row, _ = one("专家警告深度伪造视频可能被滥用。")
    assert row["sentiment"] > 0.8  # snownlp calls the warning positive
    assert row["tone"] < 0 and row["frame_threat"]


def test_sentiment_is_exactly_snownlp() -> None:
    texts = ["专家警告深度伪造视频可能被滥用。", "这是一个非常惊艳的演示。"]
    s = score_texts(texts)
    assert list(s.sentences["sentiment"]) == [SnowNLP(t).sentiments for t in texts]


# ---- the Scored tables ------------------------------------------------------------------------


def _corpus() -> Corpus:
    docs = pd.DataFrame({c: [""] * 3 for c in DOCUMENT_COLUMNS})
    docs["doc_id"] = ["a#1", "b#1", "c#1"]
    docs["status"] = ["included", "excluded", "included"]
    docs["reason"] = ["", "off_topic", ""]
    docs["outlet"] = ["甲报", "乙报", "丙报"]
    docs["n_sentences"] = [3, 1, 1]
    texts = {
        "a#1": ["Sora横空出世。", "从业者担心失业，但也看到机遇。", "算力和人才是关键。"],
        "b#1": ["这篇文章被排除了，但它提到威胁。"],
        "c#1": ["发布会于昨日举行。"],
    }
    rows = []
    for doc, sents in texts.items():
        for i, t in enumerate(sents, start=1):
            rows.append(
                {
                    "doc_id": doc,
                    "sent_id": i,
                    "outlet": "",
                    "outlet_id": "",
                    "outlet_type": "",
                    "text": t,
                    "start": 0,
                    "end": len(t),
                    "is_headline": i == 1,
                    "n_chars": len(t),
                }
            )
    return Corpus(documents=docs, sentences=pd.DataFrame(rows))


@pytest.fixture(scope="module")
def small():
    return score(_corpus())


def test_sentences_table(small) -> None:
    s = small.sentences
    assert list(s["doc_id"]) == ["a#1", "a#1", "a#1", "c#1"]  # excluded document not scored
    assert list(s.columns[: len(SENTENCE_COLUMNS)]) == SENTENCE_COLUMNS
    for col in ["tokens", "n_tokens", "position", "sentiment", "tone"]:
        assert col in s.columns
    for f in FRAMES:
        assert s[f"hits_{f}"].dtype == int and s[f"frame_{f}"].dtype == bool
    assert list(s["position"]) == [0.0, 0.5, 1.0, 0.0]
    assert s.loc[2, "tokens"] == "算力 和 人才 是 关键" and s.loc[2, "n_tokens"] == 5
    # 从业者担心失业，但也看到机遇: threat (担心, 失业) and opportunity (机遇)
    assert s.loc[1, "hits_threat"] == 2 and s.loc[1, "frame_threat"]
    assert s.loc[1, "frame_opportunity"] and s.loc[0, "frame_spectacle"]
    assert s.loc[2, "hits_resources"] == 2 and s.loc[2, "frame_resources"]


def test_hits_table(small) -> None:
    h = small.hits
    assert list(h.columns) == HIT_COLUMNS
    assert set(h["layer"]) == {"frame", "tone"}
    texts = small.sentences.set_index(["doc_id", "sent_id"])["text"]
    for r in h.itertuples():
        assert texts[(r.doc_id, r.sent_id)][r.start : r.end] == r.term
    # 从业者担心失业，但也看到机遇: 担心 at 3-5, 失业 5-7; tone 担心 -1 x0.5 (before 但)
    tone_danxin = h[(h["term"] == "担心") & (h["layer"] == "tone")].iloc[0]
    assert (tone_danxin["start"], tone_danxin["end"], tone_danxin["score"]) == (3, 5, -0.5)


def test_every_frame_flag_is_backed_by_a_hit(small) -> None:
    _assert_flags_backed(small)


def _assert_flags_backed(scored) -> None:
    counted = scored.hits[(scored.hits["layer"] == "frame") & ~scored.hits["negated"]]
    backed = set(zip(counted["doc_id"], counted["sent_id"], counted["label"], strict=True))
    for r in scored.sentences.itertuples():
        for f in scored.frame_ids:
            if getattr(r, f"frame_{f}"):
                assert (r.doc_id, r.sent_id, f) in backed


def test_documents_table(small) -> None:
    d = small.documents.set_index("doc_id")
    assert list(small.documents["doc_id"]) == ["a#1", "b#1", "c#1"]  # all rows kept
    assert d.loc["b#1", "reason"] == "off_topic" and pd.isna(d.loc["b#1", "n_tokens"])
    s = small.sentences[small.sentences["doc_id"] == "a#1"]
    n_tok = int(s["n_tokens"].sum())
    assert d.loc["a#1", "n_tokens"] == n_tok
    assert d.loc["a#1", "share_threat"] == pytest.approx(1 / 3)
    assert d.loc["a#1", "share_resources"] == pytest.approx(1 / 3)
    assert d.loc["a#1", "rate_resources"] == pytest.approx(2 / n_tok * 1000)
    assert d.loc["a#1", "rate_threat"] == pytest.approx(2 / n_tok * 1000)
    # threat, spectacle, opportunity, resources each 1/3; rates break the tie
    # (threat 2 cues, resources 2 cues: codebook order puts threat first)
    assert d.loc["a#1", "dominant_frame"] == "threat"
    assert d.loc["c#1", "dominant_frame"] == ""
    assert d.loc["a#1", "mean_tone"] == pytest.approx(s["tone"].mean())
    assert d.loc["a#1", "mean_sentiment"] == pytest.approx(s["sentiment"].mean())
    assert d.loc["a#1", "n_sentences"] == 3  # the corpus column is kept


def test_params_for_the_manifest(small) -> None:
    p = small.params
    assert p["frame_ids"] == FRAMES and small.frame_ids == FRAMES
    assert set(p["lexicon_sha256"]) == {"frames", "tone", "modifiers", "vocabulary", "stopwords", "sources"}
    assert "jieba token" in p["matching_rule"] and p["frame_threshold"] == 1.0
    assert small.lexicons is default_lexicons()


def test_scores_are_identical_across_runs(small) -> None:
    again = score(_corpus())
    pd.testing.assert_frame_equal(small.sentences, again.sentences)
    pd.testing.assert_frame_equal(small.hits, again.hits)
    pd.testing.assert_frame_equal(small.documents, again.documents)


def test_explain(small) -> None:
    text = explain(small, "a#1")
    assert "══ a#1 · 甲报" in text
    assert "【横空出世|spectacle】" in text
    assert "【担心|threat -0.5】" in text
    assert "[2] threat, opportunity · tone" in text
    assert "b#1" not in text
    assert "not scored" in explain(small, "b#1")
    with pytest.raises(KeyError):
        explain(small, "zzz")
    negated = explain(score_texts(["它并非威胁。"]))
    assert "【威胁|¬threat ¬+0.5 ⟵并非】" in negated


def test_empty_text_gets_nan_sentiment() -> None:
    s = score_texts(["   "])
    assert math.isnan(s.sentences.loc[0, "sentiment"]) and s.sentences.loc[0, "n_tokens"] == 0


# ---- the seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_scored(seeds_corpus):
    return score(seeds_corpus)


# where the codebook puts each frame in the seed articles (hand-checked sentences)
SEED_EVIDENCE = {
    "threat": ("危机四起", "危机"),
    "opportunity": ("Sora 问世,带来哪些新机遇", "新机遇"),
    "catch_up": ("领先国内一个身位", "领先"),
    "spectacle": ("惊艳四座", "惊艳四座"),
    "limitation": ("一切都还任重道远", "任重道远"),
    "resources": ("三要素:人才、算力和数据", "三要素"),
    "governance": ("当下应该尽快立法", "立法"),
    "technology": ("以Transformer为主干的扩散模型", "扩散模型"),
}


@pytest.mark.parametrize("frame", FRAMES)
def test_seeds_find_each_frame_where_the_codebook_puts_it(seeds_scored, frame) -> None:
    snippet, term = SEED_EVIDENCE[frame]
    s = seeds_scored.sentences
    rows = s[s["text"].str.contains(snippet, regex=False)]
    assert len(rows) == 1, snippet
    r = rows.iloc[0]
    assert r[f"frame_{frame}"]
    h = seeds_scored.hits
    ev = h[(h["doc_id"] == r["doc_id"]) & (h["sent_id"] == r["sent_id"]) & (h["label"] == frame)]
    assert term in set(ev.loc[~ev["negated"], "term"])


def test_seeds_flags_backed_and_stable(seeds_scored, seeds_corpus) -> None:
    _assert_flags_backed(seeds_scored)
    counts = seeds_scored.sentences[[f"frame_{f}" for f in FRAMES]].sum()
    assert (counts > 0).all()
    # only included documents are scored
    included = set(seeds_corpus.included["doc_id"])
    assert set(seeds_scored.sentences["doc_id"]) == included


def test_one_pass_finds_every_occurrence_of_every_han_string(seeds_corpus) -> None:
    """The Aho-Corasick pass of the matcher finds what a scan of every substring finds."""
    from framing.scoring.matching import get_matcher

    m = get_matcher(default_lexicons())
    lengths = {len(k) for k in m.han}
    for text in seeds_corpus.sentences["text"].head(120):
        brute = {(i, i + n) for i in range(len(text)) for n in lengths
                 if i + n <= len(text) and text[i:i + n] in m.han}
        found = {(end - n + 1, end + 1) for end, (n, _) in m.han_auto.iter(text)}
        assert found == brute, text
