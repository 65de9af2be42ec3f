"""The private jieba tokenizer, the matching rule and stopwords."""

from __future__ import annotations

import logging

import jieba
import pytest

from framing.lexicon import default_lexicons
from framing.scoring.pipeline import score_texts
from framing.tokenize import get_tokenizer, is_punct, load_stopwords


@pytest.fixture(scope="module")
def tok():
    return get_tokenizer(default_lexicons())


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("该数量级远超同类模型，可以称为降维打击。", "降维打击"),
        ("Sora的横空出世让业界震动。", "横空出世"),
        ("多家风险投资机构参与本轮融资。", "风险投资"),
        ("两者之间存在代际差距。", "代际差距"),
        ("大模型的规模法则越来越成为共识。", "规模法则"),
        ("我们可以用更少的成本做推广。", "更少的成本"),
        ("领先国内一个身位。", "身位"),  # kept whole next to the frequent 一个
    ],
)
def test_multi_character_terms_stay_whole(tok, text: str, word: str) -> None:
    assert word in tok.words(text)


def test_tokens_carry_offsets_and_cover_the_text(tok) -> None:
    text = "Sora 不是威胁，而是机遇。"
    tokens = tok.tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tok.words(text) == ["Sora", "不是", "威胁", "而是", "机遇"]


def test_private_tokenizer_does_not_leak_into_jieba(tok) -> None:
    assert "更少的成本" in tok.words("用更少的成本做推广")
    assert "更少的成本" not in jieba.lcut("用更少的成本做推广")
    assert jieba.dt.FREQ.get("更少的成本") is None


def test_tokenizer_built_once_per_lexicon_set(tok) -> None:
    assert get_tokenizer(default_lexicons()) is tok
    assert get_tokenizer() is tok


def test_jieba_log_level_is_left_alone(tok) -> None:
    # building tokenizers silences jieba only while it loads, then restores the level
    assert jieba.default_logger.level == logging.DEBUG


def test_glued_term_is_found_inside_the_longer_token() -> None:
    s = score_texts(["深度伪造视频构成严重威胁。"])
    row = s.hits[(s.hits["term"] == "威胁") & (s.hits["layer"] == "frame")].iloc[0]
    assert row["token"] == "严重威胁"  # jieba glues them; the term is still counted
    assert (row["start"], row["end"]) == (10, 12)
    assert bool(s.sentences.loc[0, "frame_threat"])


def test_term_straddling_two_tokens_is_not_counted() -> None:
    s = score_texts(["个人才能很重要。"])  # 个人|才能 holds the characters of 人才
    assert s.hits[s.hits["term"] == "人才"].empty
    assert not bool(s.sentences.loc[0, "frame_resources"])
    cov = s.coverage.set_index(["label", "term"]).loc[("resources", "人才")]
    assert (cov["occurrences"], cov["straddled"], cov["counted"], cov["missed"]) == (1, 1, 0, 1)


def test_latin_terms_match_case_insensitively_between_non_letters() -> None:
    s = score_texts(["该模型遵循scaling law，采用DiT架构。", "We edit the credit file."])
    first = s.hits[(s.hits["sent_id"] == 1) & (s.hits["doc_id"] == "t1")]
    assert {"Scaling Law", "DiT"} <= set(first["term"])
    assert s.hits[s.hits["doc_id"] == "t2"].empty  # no DiT inside edit/credit


def test_coverage_counts_hand_checked() -> None:
    # 风险 occurs twice: once inside 风险投资 (excluded), once as a threat cue
    s = score_texts(["风险投资机构也看到了风险。"])
    cov = s.coverage.set_index(["layer", "label", "term"])
    r = cov.loc[("frame", "threat", "风险")]
    assert (r["occurrences"], r["excluded"], r["counted"], r["missed"]) == (2, 1, 1, 1)
    assert cov.loc[("frame", "resources", "风险投资"), "counted"] == 1


def test_stopwords() -> None:
    stop = load_stopwords()
    assert {"的", "了", "是", "我们", "这些"} <= stop
    assert not any(line.startswith("#") for line in stop)
    frame_terms = {t.term for t in default_lexicons().frame_terms}
    assert not stop & frame_terms  # no cue is ever dropped as a stopword


def test_is_punct() -> None:
    assert is_punct("，") and is_punct("“") and is_punct(" ") and is_punct("……")
    assert not is_punct("AI") and not is_punct("威胁") and not is_punct("4K")
