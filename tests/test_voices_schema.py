"""A researcher's sources.toml with a mistake: one line naming the file, the line and the fix
(framing.errors.LexiconError), never a KeyError, TypeError or IndexError from deep inside
voice attribution; check_sources lists the same problems without raising."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import LexiconError
from framing.paths import lexicon_dir
from framing.scoring.voices import attribute_voices, check_sources, load_source_lexicon

BUNDLED = (lexicon_dir() / "sources.toml").read_text(encoding="utf-8")


def edit(old: str, new: str, *, regex: bool = False) -> str:
    """The bundled file with the one occurrence of ``old`` replaced by ``new``."""
    text, n = re.subn(old if regex else re.escape(old), lambda _: new, BUNDLED, flags=re.S)
    assert n == 1, old
    return text


def line_of(text: str, needle: str) -> int:
    """The number of the first line holding ``needle``."""
    return next(no for no, line in enumerate(text.splitlines(), start=1) if needle in line)


# (what the researcher did, the file text, the line holding the problem, the problem, the fix)
CASES = [
    (
        "bad TOML: an unterminated string",
        edit('clause_marks = ",，;；:：。!！?？"', 'clause_marks = ",，'),
        'clause_marks = ",，',
        "TOML syntax error: ",
        "correct the syntax",
    ),
    (
        "a missing key",
        edit("max_gap = 2\n", ""),
        "[continuation]",
        "[continuation] has no 'max_gap'",
        "add max_gap = ... (compare with the bundled sources.toml)",
    ),
    (
        "a misspelt key",
        edit("max_gap = 2", "max_gaps = 2"),
        "max_gaps = 2",
        "unknown key 'max_gaps' in [continuation] (and 1 more)",
        "use one of markers, colon_fragment_chars, max_gap (check the spelling)",
    ),
    (
        "a misspelt table",
        edit("[speech]", "[speach]"),
        "[speach]",
        "unknown key 'speach' at the top level (and 1 more)",
        "use one of version, quotes, speech, continuation, speakers, titles, organisations, roles (check the spelling)",
    ),
    (
        "a misspelt key of a role",
        edit('label_en = "Legal"', 'lable_en = "Legal"'),
        'lable_en = "Legal"',
        "unknown key 'lable_en' in [roles.legal]",
        "use one of label_zh, label_en, definition, strong, weak, note (check the spelling)",
    ),
    (
        "a number written as text",
        edit("pronoun_window = 4", 'pronoun_window = "4"'),
        "pronoun_window",
        "[speakers] pronoun_window: needs a whole number >= 0",
        "write a whole number >= 0",
    ),
    (
        "an organisation speaking in a role [roles] does not define",
        edit('{ name = "百度", role = "industry" }', '{ name = "百度", role = "industri" }'),
        '"百度", role = "industri"',
        "[organisations] known: '百度' has role 'industri', which [roles] order does not list",
        "use one of industry, academia, government, finance, legal, media, public, other, or leave role out",
    ),
    (
        "an organisation with a misspelt key",
        edit('{ name = "腾讯", role = "industry" }', '{ name = "腾讯", rol = "industry" }'),
        '"腾讯", rol',
        "[organisations] known: '腾讯' has unknown key 'rol'",
        "use name, role, note (check the spelling)",
    ),
    (
        "no speech verbs",
        edit(r"\nverbs = \[.*?\]", "\nverbs = []", regex=True),
        "verbs = []",
        "[speech] verbs: is empty, so no speech verb could be found",
        "write a list of strings with at least one entry (compare with the bundled sources.toml)",
    ),
    (
        "no quote marks",
        edit(r"\npairs = \[.*?\]\]", "\npairs = []", regex=True),
        "pairs = []",
        "[quotes] pairs: is empty, so no quote could be found",
        'write a list of [opening, closing] pairs such as ["“", "”"] with at least one entry',
    ),
    (
        "no roles",
        edit(r"\norder = \[.*?\]", "\norder = []", regex=True),
        "order = []",
        "[roles] order: is empty, so every speaker would have no role",
        "write a list of strings with at least one entry (compare with the bundled sources.toml)",
    ),
    (
        "a role listed twice",
        edit('"public", "other"]', '"public", "other", "public"]'),
        'order = ["industry"',
        "[roles] order lists 'public' twice",
        "list each role once",
    ),
    (
        "a role table left out of the order",
        BUNDLED + '\n[roles.science]\nstrong = ["科学"]\n',
        "[roles.science]",
        "[roles.science] is not in [roles] order",
        "add 'science' to order, or remove the table",
    ),
    (
        "a value in [roles] that is no role",
        edit('[roles]\norder = [', '[roles]\nordre = ["other"]\norder = ['),
        'ordre = ["other"]',
        "unknown key 'ordre' in [roles]",
        "use order and a [roles.<role>] table per role (check the spelling)",
    ),
    (
        "a regular expression that does not compile",
        edit('"作为(?P<title>', '"作为((?P<title>'),
        "intro_regex",
        "[titles] intro_regex: the regular expression '作为((?P<title>",
        "write a list of regular expressions",
    ),
    (
        "a regular expression without the group the rules read",
        edit('"作为(?P<title>', '"作为(?P<titel>'),
        '"作为(?P<titel>',
        "[titles] intro_regex: the regular expression '作为(?P<titel>[^,，。!！?？]{2,60}?),(?P<name>NAME)' has no "
        "(?P<title>...) group",
        "mark the title with (?P<title>...) and the name with (?P<name>NAME)",
    ),
    (
        "a quote mark of two characters",
        edit('["「", "」"]', '["<<", ">>"]'),
        "pairs = ",
        "[quotes] pairs: the mark '<<' is not one character (and 1 more)",
        "write each opening and closing mark as one character",
    ),
    (
        "straight quotes: one mark opening and closing",
        edit('["「", "」"]', "['\"', '\"']"),
        "pairs = ",
        "[quotes] pairs: the mark '\"' appears twice",
        "give every pair its own opening and closing marks, such as “ and ”",
    ),
    (
        "a version that is not text",
        edit('version = "1.0.0"', "version = 1"),
        "version = 1",
        "version: needs a string",
        'write version = "1.0.0"',
    ),
]


@pytest.mark.parametrize(("what", "text", "at", "problem", "fix"), CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_line_naming_file_line_and_fix(tmp_path, what, text, at, problem, fix) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_source_lexicon(path)
    message = str(err.value)
    assert "\n" not in message
    head, _, tail = message.partition("; fix: ")
    assert head.startswith(f"{path}:{line_of(text, at)}: "), message
    assert problem in head, message
    assert tail.startswith(fix), message
    problems = check_sources(path)
    assert problems and all(p.startswith(f"{path}:") and "; fix: " in p for p in problems)
    first = problems[0].split("; fix: ")[0]
    assert re.sub(r" \(and \d+ more\)$", "", head) == first
    assert len(problems) == int((re.search(r"\(and (\d+) more\)", head) or ["", "0"])[1]) + 1


@pytest.mark.parametrize(("what", "text", "at", "problem", "fix"), CASES[8:9] + CASES[14:15], ids=["verbs", "group"])
def test_attribution_with_a_broken_file_raises_the_lexicon_error(tmp_path, what, text, at, problem, fix) -> None:
    """Before these files were checked, they loaded and attribution failed with IndexError."""
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    sentences = pd.DataFrame({"doc_id": "a#1", "sent_id": [1], "text": ["作为智象未来创始人,梅涛表示:“很好。”"]})
    with pytest.raises(LexiconError, match=re.escape(problem)):
        attribute_voices(sentences, lexicon_path=path)


def test_a_file_that_is_not_utf8_names_its_line(tmp_path) -> None:
    path = tmp_path / "sources.toml"
    lines = BUNDLED.splitlines(keepends=True)
    at = line_of(BUNDLED, "long_chars")
    path.write_bytes("".join(lines[: at - 1]).encode() + "long_chars = 15 # 十五\n".encode("gb18030"))
    assert check_sources(path) == [f"{path}:{at}: the file is not UTF-8; fix: save it as UTF-8"]


def test_a_missing_file(tmp_path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(LexiconError, match=re.escape(f"{path}:1: cannot read the sources file")):
        load_source_lexicon(path)
    assert len(check_sources(path)) == 1 and check_sources(path)[0].endswith("; fix: check the path")


def test_the_bundled_file_has_no_problem() -> None:
    assert check_sources(lexicon_dir() / "sources.toml") == []


def test_a_missing_subtable_is_located_at_its_parent(tmp_path) -> None:
    text = edit("[speakers.names]\n", "")
    # the keys of [speakers.names] now sit in [speakers]: unknown there, and names is missing
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    problems = check_sources(path)
    speakers = line_of(text, "[speakers]")
    assert f"{path}:{speakers}: no [speakers.names] table; fix: add it (compare with the bundled sources.toml)" in problems
    assert f"{path}:{line_of(text, 'compound_surnames')}: unknown key 'compound_surnames' in [speakers]" in "\n".join(
        p.split("; fix: ")[0] for p in problems
    )


def test_every_problem_is_listed(tmp_path) -> None:
    text = edit("max_gap = 2", 'max_gap = "2"').replace("pronoun_window = 4", "pronoun_window = -4")
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    assert [p.split("; fix: ")[0] for p in check_sources(path)] == [
        f"{path}:{line_of(text, 'max_gap')}: [continuation] max_gap: needs a whole number >= 0",
        f"{path}:{line_of(text, 'pronoun_window')}: [speakers] pronoun_window: needs a whole number >= 0",
    ]


def test_a_file_of_another_name_is_named_as_given(tmp_path) -> None:
    path = tmp_path / "my voices.toml"
    path.write_text(edit("max_gap = 2", "max_gap = -2"), encoding="utf-8")
    assert check_sources(path)[0].startswith(f"{path}:")
    with pytest.raises(LexiconError, match=re.escape(f"{path}:")):
        load_source_lexicon(Path(path))
