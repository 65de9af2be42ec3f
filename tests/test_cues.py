"""The cue language: co-occurrence patterns, dismissal and negated predicates after a cue,
questions and concessive clauses, their evidence in ``hits``, their validation, their
cache keys and their export.

Patterns are tested with the small set in ``tests/data/cues/`` (its own frames and tone
words, the bundled modifiers); the modifier rules with the bundled set. Expected values are
worked out by hand from the lexicon files."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from framing.lexicon import (
    Term,
    check_lexicons,
    default_lexicons,
    load_lexicons,
    read_csv_terms,
    save_lexicons,
    write_csv_terms,
    write_dic,
)
from framing.paths import lexicon_dir
from framing.scoring.pipeline import score_texts
from framing.scoring.weighting import MATCH_FIELDS, US, weigh
from tests.test_keys import keys_for

CUES = Path(__file__).resolve().parent / "data" / "cues"


@pytest.fixture(scope="module")
def cues():
    return load_lexicons(CUES)


def one(text: str, lex=None):
    """Score one sentence: (sentence row, its hits)."""
    s = score_texts([text], lex)
    return s.sentences.iloc[0], s.hits


def words(row: pd.Series) -> float:
    """The tone of a sentence's tone words (its tone without what its frames add)."""
    return round(row["tone"] - row["frame_tone"], 6)


def rows(hits: pd.DataFrame, term: str, layer: str = "frame") -> pd.DataFrame:
    return hits[(hits["term"] == term) & (hits["layer"] == layer)]


def hit(hits: pd.DataFrame, term: str, layer: str = "frame") -> pd.Series:
    r = rows(hits, term, layer)
    assert len(r) == 1, hits[["layer", "term", "token", "rule"]]
    return r.iloc[0]


LOWER = "降低|压低|拉低…成本|门槛"  # opportunity, weight 1.0, exclude 机会成本


# ---- the lexicon model ---------------------------------------------------------------------


def test_patterns_are_parsed_into_slots(cues) -> None:
    terms = {t.term: t for t in cues.terms}
    lower = terms[LOWER]
    assert lower.slots == (("降低", "压低", "拉低"), ("成本", "门槛"))
    assert (lower.order, lower.within, lower.exclude) == ("given", "clause", ("机会成本",))
    # @context expanded in the slot; the entry keeps its written form
    assert terms["不再需要…@performers"].slots == (("不再需要",), ("演员", "摄影师", "配音演员"))
    assert terms["拉近...距离"].slots == (("拉近",), ("距离",))  # ... as a separator
    assert terms["抢走…饭碗|工作"].order == "any"
    assert terms["落后…对手"].within == 4
    assert terms["领先…OpenAI|Sora"].within == "sentence"
    assert terms["跟不上"].slots == ()  # a plain term
    tone = next(t for t in cues.tone if t.term == "降低…门槛")
    assert tone.slots == (("降低",), ("门槛",)) and tone.label == "positive"


def test_slot_words_are_user_words_and_the_pattern_is_not(cues) -> None:
    words = set(cues.user_words())
    assert {"降低", "压低", "门槛", "不再需要", "配音演员"} <= words
    assert not any("…" in w or "|" in w or "..." in w for w in words)


def test_fingerprint_holds_the_pattern_options(cues) -> None:
    frame = cues.frame("catch_up")
    terms = tuple(replace(t, within=5) if t.term == "落后…对手" else t for t in frame.terms)
    edited = replace(cues, frames=tuple(replace(f, terms=terms) if f is frame else f for f in cues.frames))
    assert edited.fingerprint != cues.fingerprint


# ---- co-occurrence --------------------------------------------------------------------------


def test_cooccurrence_in_the_given_order(cues) -> None:
    text = "Sora大幅降低了视频创作的门槛。"
    row, hits = one(text, cues)
    h = hit(hits, LOWER)
    assert row["frame_opportunity"] and row["weight_opportunity"] == 1.0
    assert h["rule"] == "cooccur" and h["token"] == "降低…门槛"
    assert (h["start"], h["end"]) == (text.index("降低"), text.index("门槛") + 2)
    assert rows(hits, "门槛").empty


def test_given_order_is_kept(cues) -> None:
    row, hits = one("门槛被降低了。", cues)
    assert rows(hits, LOWER).empty and not row["frame_opportunity"]
    row, hits = one("OpenAI在视频生成上仍然领先。", cues)  # 领先…OpenAI|Sora: 领先 first
    assert rows(hits, "领先…OpenAI|Sora").empty


def test_any_order(cues) -> None:
    row, hits = one("饭碗被抢走了。", cues)
    h = hit(hits, "抢走…饭碗|工作")
    assert row["frame_threat"] and h["token"] == "饭碗…抢走"


def test_within_n_tokens(cues) -> None:
    # 落后|于|主要|对手: four word tokens from the first slot's to the last's (within = 4)
    row, hits = one("我们落后于主要对手。", cues)
    assert row["frame_catch_up"] and hit(hits, "落后…对手")["token"] == "落后…对手"
    # 落后|于|国外|的|主要|竞争对手: six
    row, hits = one("我们落后于国外的主要竞争对手。", cues)
    assert rows(hits, "落后…对手").empty and not row["frame_catch_up"]


def test_a_clause_boundary_ends_a_clause_pattern(cues) -> None:
    row, hits = one("它降低了速度，成本却上升了。", cues)
    assert rows(hits, LOWER).empty
    assert row["weight_opportunity"] == 0.5  # only the plain 成本 (0.5)


def test_within_sentence_crosses_clauses(cues) -> None:
    row, hits = one("在视频生成上领先一步，这一次超过了Sora。", cues)
    assert hit(hits, "领先…OpenAI|Sora")["token"] == "领先…Sora" and row["frame_catch_up"]


def test_context_slot_and_the_matched_alternatives(cues) -> None:
    row, hits = one("拍广告不再需要演员和摄影师。", cues)
    h = hit(hits, "不再需要…@performers")
    assert row["frame_threat"] and h["token"] == "不再需要…演员"


def test_two_cooccurrences_in_one_sentence(cues) -> None:
    _, hits = one("Sora降低了门槛，也压低了成本。", cues)
    assert list(rows(hits, LOWER)["token"]) == ["降低…门槛", "压低…成本"]


def test_exclude_keeps_a_slot_word_from_filling_its_slot(cues) -> None:
    _, hits = one("它降低了机会成本。", cues)
    assert rows(hits, LOWER).empty
    _, hits = one("它降低了机会成本和运营成本。", cues)
    assert hit(hits, LOWER)["token"] == "降低…成本"
    assert hit(hits, LOWER)["end"] == len("它降低了机会成本和运营成本")


def test_negator_before_the_first_slot_blocks_the_pattern(cues) -> None:
    row, hits = one("它并没有降低门槛。", cues)
    h = hit(hits, LOWER)
    assert bool(h["negated"]) and h["blocked_by"] == "并没有" and not row["frame_opportunity"]


def test_a_negated_later_slot_blocks_the_pattern(cues) -> None:
    # 这次|降低|的|并非|门槛: the negator stands between the slots, before 门槛
    row, hits = one("这次降低的并非门槛。", cues)
    h = hit(hits, LOWER)
    assert bool(h["negated"]) and h["blocked_by"] == "并非" and not row["frame_opportunity"]


def test_a_pattern_and_a_plain_cue_it_covers_count_once(cues) -> None:
    s = score_texts(["它大幅降低了成本。"], cues)
    row, hits = s.sentences.iloc[0], s.hits
    # 成本 (0.5) is a slot of the pattern (1.0): the longer match is kept, not 1.5
    assert row["weight_opportunity"] == 1.0 and row["hits_opportunity"] == 1
    assert rows(hits, "成本").empty
    cov = s.coverage.set_index("term")
    assert cov.loc["成本", "overlapped"] == 1 and cov.loc[LOWER, "counted"] == 1
    assert cov.loc[LOWER, "occurrences"] == 1


def test_a_cue_between_the_slots_still_counts(cues) -> None:
    row, hits = one("它降低了抓住机遇的成本。", cues)
    assert set(hits.loc[hits["layer"] == "frame", "term"]) == {LOWER, "机遇"}
    assert row["weight_opportunity"] == 2.0 and row["hits_opportunity"] == 2


def test_tone_patterns(cues) -> None:
    # 降低…门槛 +1.0, 大幅 (intensifier 1.3) before the first slot
    row, hits = one("Sora大幅降低了视频创作的门槛。", cues)
    h = hit(hits, "降低…门槛", "tone")
    assert words(row) == pytest.approx(1.3) and h["modifier"] == pytest.approx(1.3)


def test_a_plain_term_stays_plain(cues) -> None:
    row, hits = one("国产模型跟不上。", cues)
    assert hit(hits, "跟不上")["rule"] == "" and row["frame_catch_up"]


def test_three_slots_in_order() -> None:
    lex = default_lexicons()
    first = lex.frames[0]
    t = Term("大…中…小", "frame", first.id, slots=(("大",), ("中",), ("小",)), within="sentence")
    lex = replace(lex, frames=(replace(first, terms=(t,)), *lex.frames[1:]))
    _, hits = one("大象在中间，小猫在后面。", lex)
    assert hit(hits, "大…中…小")["token"] == "大…中…小"
    _, hits = one("小猫在中间，大象在后面。", lex)
    assert rows(hits, "大…中…小").empty


# ---- dismissal and negated predicates after a cue (bundled modifiers) -----------------------


def test_dismissal_after_the_cue() -> None:
    row, hits = one("说Sora会取代导演，言过其实。")
    h = hit(hits, "取代")
    assert not row["frame_threat"]
    assert bool(h["negated"]) and h["blocked_by"] == "言过其实" and h["rule"] == "dismissed"
    # the tone word is dismissed too: 取代 (-0.5) counts tone_factor (-0.5) times
    assert hit(hits, "取代", "tone")["score"] == pytest.approx(0.25)


def test_a_negated_dismissal_dismisses_nothing() -> None:
    row, hits = one("这种担心并非杞人忧天。")
    assert row["frame_threat"] and not hit(hits, "担心")["negated"]


def test_dismissal_does_not_reach_over_an_adversative() -> None:
    row, hits = one("Sora带来威胁，但全面取代导演言之过早。")
    assert not hit(hits, "威胁")["negated"] and row["frame_threat"]
    assert hit(hits, "取代")["blocked_by"] == "言之过早"


def test_negated_predicate_after_the_cue() -> None:
    row, hits = one("Sora对影视行业的威胁并不大。")
    h = hit(hits, "威胁")
    assert not row["frame_threat"]
    assert bool(h["negated"]) and h["blocked_by"] == "并不大" and h["rule"] == "post_negated"
    assert words(row) == pytest.approx(0.5)  # 威胁 -1 blocked: -1 * -0.5


def test_cannot_replace_is_not_a_threat() -> None:
    # the codebook's 替代不了: 不了 after the verb says it cannot be done
    row, hits = one("AI淘汰不了真正的创作者。")
    assert not row["frame_threat"] and hit(hits, "淘汰")["blocked_by"] == "不了"
    # the bundled lexicon names the phrase itself: what the machine cannot do is limitation
    row, _ = one("机器替代不了创作者对生活的体悟。")
    assert not row["frame_threat"] and row["frame_limitation"]
    row, _ = one("风险少不了。")  # 少不了 is one word: nothing is negated
    assert row["frame_threat"]


def test_an_attributive_predicate_is_not_said_of_the_cue() -> None:
    row, hits = one("威胁来自一个规模不大的团队。")
    assert row["frame_threat"] and not hit(hits, "威胁")["negated"]


# ---- questions ------------------------------------------------------------------------------


def test_a_question_raises_its_frame_and_has_no_tone() -> None:
    row, hits = one("Sora的效果真的惊艳吗？")
    assert row["frame_spectacle"] and words(row) == 0.0
    h = hit(hits, "惊艳", "tone")
    assert h["rule"] == "question" and h["score"] == 0.0 and h["modifier"] == 0.0
    assert hit(hits, "惊艳")["rule"] == "question"
    row, _ = one("Sora的效果真的惊艳。")
    assert words(row) == 1.5


def test_a_wh_question_presupposes_its_evaluation() -> None:
    # the codebook's example: 厉害在哪里 takes 厉害 as given (+1)
    row, hits = one("Sora到底厉害在哪里？")
    assert words(row) == 1.0 and hit(hits, "厉害", "tone")["rule"] == "wh_question"
    # a yes/no word makes it a yes/no question again
    row, hits = one("Sora是不是厉害在这里？")
    assert words(row) == 0.0 and hit(hits, "厉害", "tone")["rule"] == "question"


def test_question_words_do_not_negate() -> None:
    # 会不会 is kept whole: its 不会 is not a negator before 取代
    row, hits = one("Sora会不会取代导演？")
    assert row["frame_threat"] and not hit(hits, "取代")["negated"]


def test_a_question_word_makes_its_clause_a_question_only() -> None:
    row, hits = one("素材是否合规，目前存在缺陷。")
    assert words(row) == -1.0 and hit(hits, "缺陷", "tone")["rule"] == ""
    assert hit(hits, "合规")["rule"] == "question"
    row, _ = one("素材是否存在缺陷？")
    assert words(row) == 0.0


def test_a_question_word_asks_about_what_follows_it() -> None:
    # 焦虑 before 是否 is not asked about; 替代 after it is
    row, hits = one("远比焦虑是否会被技术革新替代要重要得多。")
    assert words(row) == -1.0 and hit(hits, "焦虑", "tone")["rule"] == ""
    assert hit(hits, "替代")["rule"] == "question"


def test_duplicate_question_words_are_reported_once(tmp_path: Path) -> None:
    msgs, line = modifiers_with(tmp_path, '"是否", "会不会"', '"是否", "是否"')
    assert len(msgs) == 1 and "duplicate word '是否' in words of [question]" in msgs[0]


def test_a_question_in_quotes() -> None:
    row, hits = one("“这会取代我们吗？”他问道。")
    assert row["frame_threat"] and words(row) == 0.0
    assert hit(hits, "取代", "tone")["rule"] == "question"
    # no question mark: the particle makes its clause a question
    row, hits = one("“这会取代我们吗”，他问道，“会让我们担心。”")
    assert hit(hits, "取代", "tone")["rule"] == "question"
    assert hit(hits, "担心", "tone")["rule"] == "" and words(row) == -1.0


def test_a_rhetorical_question_keeps_its_tone_and_asserts_through_its_negator() -> None:
    row, hits = one("这难道不惊艳吗？")
    h = hit(hits, "惊艳", "tone")
    assert words(row) == 1.5 and not h["negated"] and h["rule"] == "rhetorical"
    assert row["frame_spectacle"]


def test_the_question_factors_are_data() -> None:
    lex = default_lexicons()
    half = replace(lex, modifiers=replace(lex.modifiers, question_frame_factor=0.5, question_tone_factor=0.5))
    row, hits = one("Sora的效果真的惊艳吗？", half)
    assert row["weight_spectacle"] == 0.5 and not row["frame_spectacle"]
    assert row["hits_spectacle"] == 1 and words(row) == 0.75
    assert hit(hits, "惊艳")["score"] == 0.5


# ---- concession -----------------------------------------------------------------------------


def test_a_concessive_clause_counts_half_for_tone() -> None:
    # 尽管 opens the concession, 仍然 the main clause: 惊艳 1.5 * 0.5, 担心 -1 in full
    row, hits = one("尽管效果惊艳，企业仍然担心。")
    assert words(row) == pytest.approx(0.75 - 1.0)
    assert hit(hits, "惊艳", "tone")["rule"] == "concessive"
    assert hit(hits, "担心", "tone")["rule"] == ""
    assert row["frame_spectacle"] and row["frame_threat"]  # frames count in full


def test_one_factor_for_one_concession() -> None:
    # 虽然 … 但: conceded by the marker and before the adversative, weighed once (0.5)
    row, hits = one("虽然效果惊艳，但存在缺陷。")
    h = hit(hits, "惊艳", "tone")
    assert h["modifier"] == 0.5 and h["score"] == 0.75
    assert words(row) == pytest.approx(0.75 - 1.0)


def test_a_concession_without_a_main_marker_ends_with_its_clause() -> None:
    row, hits = one("虽然成本高昂，效果惊艳。")
    # 高昂 (-0.5) is conceded (x 0.5); 惊艳 (+1.5) after the clause end is not
    assert words(row) == 1.25 and hit(hits, "惊艳", "tone")["rule"] == ""
    assert hit(hits, "高昂", "tone")["rule"] == "concessive"
    assert hit(hits, "成本")["rule"] == "concessive"


def test_the_concessive_frame_factor_is_data() -> None:
    lex = default_lexicons()
    half = replace(lex, modifiers=replace(lex.modifiers, concessive_frame=0.5))
    row, _ = one("尽管效果惊艳，企业仍然担心。", half)
    assert row["weight_spectacle"] == 0.5 and not row["frame_spectacle"] and row["frame_threat"]


# ---- weighting reads the factors from the records -------------------------------------------


def test_weigh_applies_the_recorded_factors() -> None:
    lex = default_lexicons()
    term = next(t for t in lex.tone if t.term == "惊艳")
    values = {"sentence": 0, "term": 0, "start": 0, "end": 2, "negated": False, "blocked_by": "",
              "rule": "question", "token": "惊艳", "modifier": 1.0, "contrast": 0.5, "factor": 0.5}
    record = {
        "w": ["惊艳"], "n": [1], "e": [0.5], "t": [f"tone{US}positive{US}惊艳"],
        "m": [[values[f]] for f in MATCH_FIELDS], "c": [[] for _ in range(8)],
    }
    cols, hit_cols, _ = weigh([record], lex)
    assert cols["tone"][0] == pytest.approx(term.weight * 0.5 * 0.5)
    assert hit_cols["modifier"][0] == 0.25


# ---- validation: FILE:LINE: problem; fix: ... ------------------------------------------------

FRAMES = """\
version = "0.1"
replace = true
[contexts]
rivals = ["美国", "国外"]

[frames.threat]
label_zh = "威胁"
label_en = "Threat"
definition = "harm"

[frames.threat.terms]
"威胁" = 1.0
ENTRY

[frames.limitation]
label_zh = "局限"
label_en = "Limitation"
definition = "flaws"

[frames.limitation.terms]
"缺陷" = 1.0
"""
L_ENTRY = 13


def check_entry(tmp_path: Path, entry: str) -> list[str]:
    (tmp_path / "frames.toml").write_text(FRAMES.replace("ENTRY", entry), encoding="utf-8")
    return check_lexicons(tmp_path)


@pytest.mark.parametrize(
    ("entry", "expect"),
    [
        ('"降低…" = 1.0', "empty slot 2 in the pattern '降低…'"),
        ('"…成本" = 1.0', "empty slot 1 in the pattern"),
        ('"降低||压低…成本" = 1.0', "empty alternative in slot 1 of '降低||压低…成本'"),
        ('"降低…@rival" = 1.0', "unknown context '@rival' in slot 2 of '降低…@rival'"),
        ('"降低|压低" = 1.0', "'降低|压低' in [frames.threat.terms] has one slot"),
        ('"@rivals" = 1.0', "'@rivals' in [frames.threat.terms] has one slot"),
        ('"降低…成本" = { order = "reverse" }', "bad order 'reverse' for '降低…成本'"),
        ('"降低…成本" = { within = "paragraph" }', "bad within 'paragraph' for '降低…成本'"),
        ('"降低…成本" = { within = 0 }', "bad within 0 for '降低…成本'"),
        ('"降低…成本" = { within = true }', "bad within True for '降低…成本'"),
        ('"降低" = { order = "any" }', "'order' is only for co-occurrence patterns"),
        ('"降低…成本" = { exclude = ["机会"] }', "exclude context '机会' of '降低…成本' in [frames.threat.terms] holds none"),
        ('"降低…成本" = { windows = 3 }', "unknown key 'windows' in the entry"),
    ],
)
def test_pattern_problems_name_file_line_and_fix(tmp_path: Path, entry: str, expect: str) -> None:
    msgs = check_entry(tmp_path, entry)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"{tmp_path / 'frames.toml'}:{L_ENTRY}: ")
    assert expect in msgs[0] and "; fix: " in msgs[0]


def test_valid_patterns_pass_the_check(tmp_path: Path) -> None:
    entry = (
        '"降低…成本" = { exclude = ["机会成本"] }\n"领先…@rivals" = { order = "any", within = 5 }\n'
        '"拉近……距离" = 1.0\n"GPU...短缺" = { within = "sentence" }'
    )
    assert check_entry(tmp_path, entry) == []
    assert check_lexicons(CUES) == []


def test_the_same_pattern_written_twice(tmp_path: Path) -> None:
    (msg,) = check_entry(tmp_path, '"降低…成本" = 1.0\n"降低...成本" = 0.5')
    assert f":{L_ENTRY + 1}: duplicate term '降低...成本'" in msg


def modifiers_with(tmp_path: Path, old: str, new: str) -> tuple[list[str], int]:
    (tmp_path / "frames.toml").write_text(FRAMES.replace("ENTRY", ""), encoding="utf-8")
    mods = (lexicon_dir() / "modifiers.toml").read_text(encoding="utf-8")
    assert old in mods
    mods = mods.replace(old, new)
    (tmp_path / "modifiers.toml").write_text(mods, encoding="utf-8")
    line = next(i for i, ln in enumerate(mods.splitlines(), 1) if new.splitlines()[0] in ln)
    return check_lexicons(tmp_path), line


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("tone_factor = 0.0", "tone_factr = 0.0", "unknown key 'tone_factr' at [question]"),
        ("tone_factor = 0.0", "tone_factor = 2", "bad tone_factor 2 in [question]"),
        ("[question]", "[questions]", "unknown key 'questions' at the top level"),
        ("frame = 1.0", "frame = -1", "bad frame -1 in [concessive]"),
        ("tone = true\nscope = 6", "tone = 1\nscope = 6", "bad tone 1 in [post_negation]"),
        ('frames = ["threat", "spectacle", "opportunity", "catch_up"]',
         'frames = ["threats", "spectacle", "opportunity", "catch_up"]',
         "unknown frame id 'threats' in [dismissal] frames"),
        ('"难道", "岂"', '"难道", "不是…"', "empty part in '不是…' of rhetorical in [question]"),
    ],
)
def test_modifier_problems(tmp_path: Path, old: str, new: str, expect: str) -> None:
    msgs, line = modifiers_with(tmp_path, old, new)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"{tmp_path / 'modifiers.toml'}:{line}: ")
    assert expect in msgs[0] and "; fix: " in msgs[0]


def test_frames_of_the_codebook_missing_from_a_set_are_skipped(tmp_path: Path) -> None:
    # the bundled modifiers name spectacle, opportunity, catch_up; this set has threat only
    msgs, _ = modifiers_with(tmp_path, "tone_factor = 0.0", "tone_factor = 0.0")
    assert msgs == []
    lex = load_lexicons(tmp_path)
    assert lex.modifiers.dismissal_frames == ("threat",)


def test_the_older_contrast_factor_is_still_read(tmp_path: Path) -> None:
    msgs, _ = modifiers_with(tmp_path, "tone = 0.5\nframe = 1.0", "frame = 1.0")
    assert msgs == []
    msgs, _ = modifiers_with(
        tmp_path, 'adversative = ["但", "但是", "然而", "不过", "可是", "却"]\n',
        'adversative = ["但", "但是", "然而", "不过", "可是", "却"]\ntone_before = 0.3\n',
    )
    assert len(msgs) == 1 and "tone_before in [contrast] and tone in [concessive]" in msgs[0]
    text = (tmp_path / "modifiers.toml").read_text(encoding="utf-8").replace("tone = 0.5\n", "")
    (tmp_path / "modifiers.toml").write_text(text, encoding="utf-8")
    assert load_lexicons(tmp_path).modifiers.tone_before == 0.3


def test_csv_import_checks_patterns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("label,term,weight,order\nthreat,取代,1,\nthreat,降低…成本,1,sideways\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"t.csv:3: bad order 'sideways'"):
        read_csv_terms(path)


# ---- cache keys -----------------------------------------------------------------------------


def with_pattern(lex, term: str, slots, **options):
    first = lex.frames[0]
    t = Term(term, "frame", first.id, slots=slots, **options)
    return replace(lex, frames=(replace(first, terms=(*first.terms, t)), *lex.frames[1:]))


def test_a_pattern_enters_the_keys_of_texts_holding_any_of_its_slots() -> None:
    lex = default_lexicons()
    new = with_pattern(lex, "压低…门槛|代价", (("压低",), ("门槛", "代价")))
    before, after = keys_for(lex), keys_for(new)
    holding = ["价格被压低了。", "入行的门槛很高。", "代价不菲。", "压低了门槛。"]
    other = ["Sora横空出世。", "算力是关键。", "降低成本。"]
    for text in holding:
        assert before.analysis_key([text]) != after.analysis_key([text]), text
    for text in other:
        assert before.analysis_key([text]) == after.analysis_key([text]), text
    # its options are part of its definition: only texts holding a slot see the change
    wider = keys_for(with_pattern(lex, "压低…门槛|代价", (("压低",), ("门槛", "代价")), order="any"))
    assert wider.analysis_key(holding[:1]) != after.analysis_key(holding[:1])
    assert wider.analysis_key(other) == after.analysis_key(other)


def test_latin_slots_are_keyed_case_insensitively() -> None:
    lex = default_lexicons()
    new = with_pattern(lex, "超越…Veo", (("超越",), ("Veo",)))
    before, after = keys_for(lex), keys_for(new)
    assert before.analysis_key(["谷歌发布VEO模型。"]) != after.analysis_key(["谷歌发布VEO模型。"])
    assert before.analysis_key(["谷歌发布模型。"]) == after.analysis_key(["谷歌发布模型。"])


# ---- unless: a sentence-level veto ------------------------------------------------------


def test_unless_vetoes_a_cue_where_its_context_occurs(cues) -> None:
    row, hits = one("国产模型在长视频上仍有短板。", cues)
    assert row["frame_catch_up"] and hit(hits, "短板")["rule"] == ""
    row, hits = one("国产芯片在训练端仍有短板。", cues)  # 芯片: the gap is in an input
    assert not row["frame_catch_up"] and rows(hits, "短板").empty


def test_unless_is_checked_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "lex"
    folder.mkdir()
    text = (CUES / "frames.toml").read_text(encoding="utf-8").replace('"@inputs"', '"@nowhere"')
    (folder / "frames.toml").write_text(text, encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith('"短板"'))
    problems = check_lexicons(folder)
    assert any(p.startswith(f"{folder / 'frames.toml'}:{line}: unknown context '@nowhere' in 'unless'")
               for p in problems), problems


# ---- export and import ----------------------------------------------------------------------


def _full(lex) -> set[tuple]:
    return {(t.layer, t.label, t.term, t.weight, t.exclude, t.requires, t.unless, t.slots,
             t.order, t.within) for t in lex.terms}


def test_csv_round_trip_keeps_patterns(cues, tmp_path: Path) -> None:
    back = read_csv_terms(write_csv_terms(cues, tmp_path / "terms.csv"), base=cues)
    assert _full(back) == _full(cues)
    assert back.fingerprint == cues.fingerprint


def test_save_lexicons_keeps_patterns_and_modifiers(cues, tmp_path: Path) -> None:
    back = load_lexicons(save_lexicons(cues, tmp_path / "copy"))
    assert _full(back) == _full(cues)
    assert back.modifiers == cues.modifiers
    assert back.fingerprint == cues.fingerprint


def test_dic_export_leaves_patterns_out_with_a_warning(cues, tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match=r"7 co-occurrence pattern\(s\) left out"):
        path = write_dic(cues, tmp_path / "x.dic")
    text = path.read_text(encoding="utf-8")
    assert "…" not in text and "..." not in text and "\n跟不上\t" in text
    plain = load_lexicons(CUES)
    plain = replace(plain, frames=tuple(replace(f, terms=tuple(t for t in f.terms if not t.slots)) for f in plain.frames),
                    tone=tuple(t for t in plain.tone if not t.slots))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_dic(plain, tmp_path / "y.dic")  # no pattern, no warning
