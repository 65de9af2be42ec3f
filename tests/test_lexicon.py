"""Lexicon loading, validation messages (file, line, fix), import and export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.lexicon import (
    check_lexicons,
    default_lexicons,
    load_lexicons,
    read_csv_terms,
    read_dic,
    save_lexicons,
    write_csv_terms,
    write_dic,
)
from framing.paths import lexicon_dir

CODEBOOK_ORDER = [
    "threat",
    "opportunity",
    "catch_up",
    "spectacle",
    "limitation",
    "resources",
    "governance",
    "technology",
]

# A small valid frames file; tests break it one way at a time. Line numbers matter.
MINI = """\
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
"风险" = { weight = 1.0, exclude = ["风险投资"] }

[frames.catch_up]
label_zh = "追赶"
label_en = "Catch-up"
definition = "race"

[frames.catch_up.terms]
"差距" = { requires = ["@rivals"] }
"追赶" = 1.0
"""
# line numbers in MINI
L_WEIXIE, L_FENGXIAN, L_CHAJU, L_ZHUIGAN = 12, 13, 21, 22


def write(tmp_path: Path, text: str, name: str = "frames.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems_for(tmp_path: Path, text: str) -> list[str]:
    return check_lexicons(write(tmp_path, text))


def test_line_numbers_of_mini_are_right() -> None:
    lines = MINI.splitlines()
    assert lines[L_WEIXIE - 1].startswith('"威胁"')
    assert lines[L_FENGXIAN - 1].startswith('"风险"')
    assert lines[L_CHAJU - 1].startswith('"差距"')
    assert lines[L_ZHUIGAN - 1].startswith('"追赶"')


def test_mini_loads(tmp_path: Path) -> None:
    lex = load_lexicons(write(tmp_path, MINI))
    assert lex.frame_ids == ["threat", "catch_up"]
    chaju = next(t for t in lex.frame("catch_up").terms if t.term == "差距")
    assert chaju.requires == ("美国", "国外")  # @rivals expanded
    assert chaju.line == L_CHAJU
    # tone and modifiers come from the bundled set when the folder has none
    assert lex.paths["tone"].endswith("tone.toml")
    assert len(lex.tone) == len(default_lexicons().tone)


# ---- the bundled set ---------------------------------------------------------------------


def test_default_lexicons_implement_the_codebook() -> None:
    lex = default_lexicons()
    assert lex.frame_ids == CODEBOOK_ORDER
    meta = lex.metadata().set_index("id")
    assert meta.loc["threat", "label_zh"] == "威胁"
    assert meta.loc["catch_up", "label_en"] == "Catch-up"
    assert meta.loc["resources", "label_zh"] == "要素"
    assert all(len(d) > 20 for d in meta["definition"])
    assert set(lex.versions) == {"frames", "tone", "modifiers"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in lex.sha256.values())
    assert "frames 2." in lex.version
    # every frame has terms, and most terms are multi-character
    terms = lex.frame_terms
    assert all(len(f.terms) >= 30 for f in lex.frames)
    assert sum(len(t.term) >= 2 for t in terms) / len(terms) > 0.98
    assert {t.label for t in lex.tone} == {"positive", "negative"}


def test_bundled_set_has_no_problems() -> None:
    assert check_lexicons(lexicon_dir()) == []


def test_context_rules_are_data_in_the_bundled_files() -> None:
    lex = default_lexicons()

    def term(frame: str, word: str):
        return next(t for t in lex.frame(frame).terms if t.term == word)

    assert "风险投资" in term("threat", "风险").exclude
    assert "机会成本" in term("opportunity", "机会").exclude
    chaju = term("catch_up", "差距")
    assert "贫富差距" in chaju.exclude
    assert {"国内外", "中美", "OpenAI"} <= set(chaju.requires)
    assert term("threat", "颠覆").requires  # needs someone affected
    assert not lex.frame("resources").negatable and lex.frame("threat").negatable


def test_default_lexicons_are_cached() -> None:
    assert default_lexicons() is default_lexicons()


# ---- each validation message names file, line and fix ------------------------------------


def test_empty_term(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"" = 1.0')
    (msg,) = problems_for(tmp_path, text)
    assert msg.startswith(f"{tmp_path / 'frames.toml'}:{L_ZHUIGAN}: empty term")
    assert "; fix: " in msg


def test_duplicate_term_in_one_frame(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"追赶" = 1.0\n"追赶" = 0.5')
    (msg,) = problems_for(tmp_path, text)
    assert msg.startswith(f"{tmp_path / 'frames.toml'}:{L_ZHUIGAN + 1}: duplicate term '追赶'")
    assert f"first on line {L_ZHUIGAN}" in msg and "fix: keep one entry" in msg


def test_duplicate_latin_term_differing_in_case(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"DiT" = 1.0\n"dit" = 1.0')
    (msg,) = problems_for(tmp_path, text)
    assert f":{L_ZHUIGAN + 1}: duplicate term 'dit'" in msg
    assert f"same as line {L_ZHUIGAN}" in msg


def test_term_in_two_frames_not_marked_shared(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"威胁" = 1.0')
    (msg,) = problems_for(tmp_path, text)
    assert msg.startswith(f"{tmp_path / 'frames.toml'}:{L_ZHUIGAN}: term '威胁' is in frames ")
    assert f"'threat' (line {L_WEIXIE})" in msg
    assert 'fix: add shared_with = ["threat"]' in msg


def test_term_in_two_frames_marked_shared_is_fine(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"威胁" = { weight = 0.5, shared_with = ["threat"] }')
    assert problems_for(tmp_path, text) == []


def test_unknown_frame_id_in_shared_with(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"追赶" = { shared_with = ["race"] }')
    (msg,) = problems_for(tmp_path, text)
    assert f":{L_ZHUIGAN}: unknown frame id 'race' in shared_with of '追赶'" in msg
    assert "fix: use one of catch_up, threat" in msg


def test_unknown_frame_id_in_modifiers(tmp_path: Path) -> None:
    write(tmp_path, MINI)
    mods = (lexicon_dir() / "modifiers.toml").read_text(encoding="utf-8")
    mods = mods.replace('frames = ["limitation"]', 'frames = ["limitations"]')
    write(tmp_path, mods, "modifiers.toml")
    line = next(i for i, ln in enumerate(mods.splitlines(), 1) if '"limitations"' in ln)
    (msg,) = check_lexicons(tmp_path)
    assert msg.startswith(f"{tmp_path / 'modifiers.toml'}:{line}: unknown frame id 'limitations'")


def test_bad_frame_id(tmp_path: Path) -> None:
    text = MINI.replace("[frames.catch_up]", '[frames."Catch-Up"]').replace(
        "[frames.catch_up.terms]", '[frames."Catch-Up".terms]'
    )
    msgs = problems_for(tmp_path, text)
    assert any(
        m.endswith(
            "bad frame id 'Catch-Up'; fix: use lower-case ASCII letters, "
            "digits and _ (e.g. catch_up)"
        )
        and ":15:" in m
        for m in msgs
    )


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ("0", "bad weight 0 for '追赶' in [frames.catch_up.terms] (must be in (0, 5])"),
        ("9.5", "bad weight 9.5 for '追赶'"),
        ('"high"', "bad weight 'high' for '追赶' in [frames.catch_up.terms] (a string, not"),
        ('{ weight = "x" }', "bad weight 'x' for '追赶' in [frames.catch_up.terms] (not a number)"),
        ("nan", "bad weight nan"),
    ],
)
def test_bad_weight(tmp_path: Path, value: str, expect: str) -> None:
    (msg,) = problems_for(tmp_path, MINI.replace('"追赶" = 1.0', f'"追赶" = {value}'))
    assert f":{L_ZHUIGAN}: " in msg and expect in msg and "; fix: " in msg


@pytest.mark.parametrize(
    ("old", "new", "line", "expect"),
    [
        ('"追赶" = 1.0', '"追赶" = [1.0]', L_ZHUIGAN, "wrong type for '追赶'"),
        ('"追赶" = 1.0', '"追赶" = { exclude = "赶" }', L_ZHUIGAN, "exclude context '赶'"),
        ('"追赶" = 1.0', '"追赶" = { exclude = [1] }', L_ZHUIGAN, "wrong type for 'exclude'"),
        ('"追赶" = 1.0', '"追赶" = { excludes = ["追赶者"] }', L_ZHUIGAN, "unknown key 'excludes'"),
        (
            '"追赶" = 1.0',
            '"追赶" = { requires = ["@rival"] }',
            L_ZHUIGAN,
            "unknown context '@rival'",
        ),
        ('label_en = "Threat"', "label_en = 3", 8, "wrong type for label_en of frame 'threat'"),
        ('version = "0.1"', "version = 0.1", 1, "wrong type for version"),
        ("[frames.catch_up.terms]", "[frames.catch_up.term]", 20, "unknown key 'term'"),
    ],
)
def test_wrong_types_and_keys(tmp_path: Path, old: str, new: str, line: int, expect: str) -> None:
    assert old in MINI
    msgs = problems_for(tmp_path, MINI.replace(old, new))
    assert any(f":{line}: " in m and expect in m and "; fix: " in m for m in msgs), msgs


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (msg,) = problems_for(tmp_path, MINI.replace('"追赶" = 1.0', "追赶 = 1.0"))
    assert msg.startswith(f"{tmp_path / 'frames.toml'}:{L_ZHUIGAN}: TOML syntax error")
    assert "fix: " in msg and "quote Chinese terms" in msg


def test_load_raises_first_problem_and_counts_the_rest(tmp_path: Path) -> None:
    text = MINI.replace('"追赶" = 1.0', '"追赶" = 0').replace('"威胁" = 1.0', '"威胁" = -1')
    with pytest.raises(LexiconError) as err:
        load_lexicons(write(tmp_path, text))
    msg = str(err.value)
    assert msg.startswith(f"{tmp_path / 'frames.toml'}:{L_WEIXIE}: bad weight -1")
    assert "(and 1 more: run `framing lexicon check" in msg
    assert "\n" not in msg


def test_missing_folder_file_and_path(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r":1: no lexicon file in this folder \(none of frames.toml, .*\); fix: "):
        load_lexicons(tmp_path)  # an empty folder is most likely the wrong one
    with pytest.raises(LexiconError, match=r"lexicon path not found; fix: check the path"):
        load_lexicons(tmp_path / "nope.toml")


# ---- import and export ---------------------------------------------------------------------


def _key(lex) -> set[tuple]:
    return {(t.layer, t.label, t.term, t.weight, t.exclude, t.requires) for t in lex.terms}


def test_csv_round_trip(tmp_path: Path) -> None:
    lex = default_lexicons()
    back = read_csv_terms(write_csv_terms(lex, tmp_path / "terms.csv"))
    assert _key(back) == _key(lex)
    assert back.frame_ids == lex.frame_ids
    assert back.frame("threat").label_zh == "威胁"  # metadata from the base set


def test_csv_import_with_comments_and_errors(tmp_path: Path) -> None:
    ok = "# my terms\nlabel,term,weight\nthreat,失业潮,1\nthreat,裁员,0.5\n"
    lex = read_csv_terms(write(tmp_path, ok, "t.csv"))
    assert [(t.term, t.weight) for t in lex.frame("threat").terms] == [
        ("失业潮", 1.0),
        ("裁员", 0.5),
    ]
    assert lex.frame_ids == ["threat"]
    bad = "label,term,weight\nthreat,失业潮,1\nthreats,裁员,1\n"
    with pytest.raises(LexiconError, match=r"t.csv:3: unknown frame id 'threats'; fix: use one of"):
        read_csv_terms(write(tmp_path, bad, "t.csv"))
    with pytest.raises(LexiconError, match=r"t.csv:3: bad weight 'lots'"):
        read_csv_terms(
            write(tmp_path, "label,term,weight\nthreat,a1,1\nthreat,裁员,lots\n", "t.csv")
        )
    with pytest.raises(LexiconError, match=r"t.csv:4: duplicate term '裁员'"):
        read_csv_terms(write(tmp_path, "frame,term\nthreat,裁员\n\nthreat,裁员\n", "t.csv"))


def test_dic_round_trip(tmp_path: Path) -> None:
    lex = default_lexicons()
    with pytest.warns(UserWarning, match="co-occurrence pattern"):  # a .dic holds words only
        back = read_dic(write_dic(lex, tmp_path / "lex.dic"))
    assert {(t.layer, t.label, t.term) for t in back.terms} == {
        (t.layer, t.label, t.term) for t in lex.terms if not t.slots
    }
    # a word under two frame categories arrives marked as shared
    share = next(t for t in back.frame("threat").terms if t.term == "挑战")
    assert share.shared_with == ("limitation",)


def test_dic_import(tmp_path: Path) -> None:
    dic = "%\n1\tthreat\n2\tposemo\n%\n失业*\t1\n机遇\t2\n"
    lex = read_dic(write(tmp_path, dic, "x.dic"))
    assert [t.term for t in lex.frame("threat").terms] == ["失业"]  # wildcard dropped
    assert [(t.term, t.label) for t in lex.tone] == [("机遇", "positive")]
    with pytest.raises(LexiconError, match=r"x.dic:6: unknown category number '3' for '机遇'"):
        read_dic(write(tmp_path, dic.replace("机遇\t2", "机遇\t3"), "x.dic"))
    with pytest.raises(LexiconError, match=r"x.dic:2: unknown frame id 'danger'"):
        read_dic(write(tmp_path, dic.replace("threat", "danger"), "x.dic"))
    assert read_dic(
        write(tmp_path, dic.replace("threat", "danger"), "x.dic"), allow_new_frames=True
    ).frame_ids == ["danger"]
    # load_lexicons dispatches on the suffix
    assert load_lexicons(write(tmp_path, dic, "y.dic")).frame_ids == ["threat"]


def test_save_lexicons_round_trip(tmp_path: Path) -> None:
    lex = default_lexicons()
    out = save_lexicons(lex, tmp_path / "copy")
    back = load_lexicons(out)
    assert back.fingerprint == lex.fingerprint
    assert back.metadata().equals(lex.metadata())
