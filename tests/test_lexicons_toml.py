"""The line-locating TOML reader of framing.lexicons.toml, and the problem records."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.lexicons import load_lexicons
from framing.lexicons.problems import Problem, Problems, raise_first, read_rule_text
from framing.lexicons.toml import (
    TomlLocator,
    load_toml,
    read_toml,
    split_header,
    strip_strings,
    table_header,
    toml_line,
)

TEXT = """\
version = "1.0"   # line 1
# a comment

[frames."catch_up"]
label_zh = "追赶"

[frames.catch_up.terms]
"追赶" = 1.0
"弯道超车" = { weight = 0.5, exclude = ["超车道"] }

[negation]
negators = [
  "不",
  "没有",  # a comment with ] inside
  "别",
]
scope = 4
"""


def _line(text: str, needle: str) -> int:
    """1-based line of the first line holding ``needle`` (computed without the locator)."""
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_locator_finds_headers_keys_and_items_of_multiline_arrays() -> None:
    loc = TomlLocator(TEXT)
    assert loc.headers[("frames", "catch_up")] == _line(TEXT, '[frames."catch_up"]')
    assert loc.key(("frames", "catch_up", "terms"), "弯道超车") == _line(TEXT, '"弯道超车"')
    assert loc.key((), "version") == 1
    assert loc.item(("negation",), "negators", "没有") == _line(TEXT, '"没有"')
    assert loc.item(("negation",), "negators", "别") == _line(TEXT, '"别"')
    # the array ended at its "]": the next key is a key again, not an item
    assert loc.key(("negation",), "scope") == _line(TEXT, "scope = 4")
    # missing key: the table's header; missing table: line 1
    assert loc.key(("negation",), "glued") == _line(TEXT, "[negation]")
    assert loc.key(("nothing",), "x") == 1
    assert loc.item(("negation",), "negators", "也") == _line(TEXT, "negators = [")


def test_toml_line_and_header_helpers() -> None:
    assert toml_line(TEXT, ("frames", "catch_up", "terms"), "追赶") == _line(TEXT, '"追赶" = 1.0')
    assert toml_line(TEXT, ("negation",)) == _line(TEXT, "[negation]")
    assert toml_line(TEXT, ("absent",), "k") == 1
    assert table_header('[frames."catch_up".terms]  # c') == ("frames", "catch_up", "terms")
    assert table_header("[[rule]]") == ("rule",)
    assert table_header('words = ["a", "b"]') is None
    assert table_header('"追赶" = 1') is None
    assert split_header("a.'b.c'.d") == ("a", "b.c", "d")
    assert strip_strings('x = ["]#", \'[\'] # ]') == 'x = ["", ""] # ]'


def test_read_toml_reports_a_repeated_top_level_key_as_a_duplicate_key(tmp_path: Path) -> None:
    # version is a key, not a term: before, a repeated top-level key was a "duplicate term"
    f = tmp_path / "frames.toml"
    text = 'version = "1.0"\nthreshold = 1\nversion = "2.0"\n'
    f.write_text(text, encoding="utf-8")
    problems = Problems()
    data, loc = read_toml(f, problems, term_tables=("terms",))
    assert data is None and loc is not None
    assert [str(p) for p in problems] == [
        f"{f}:3: duplicate key 'version' in [top level] (first on line 1); "
        "fix: keep one entry and delete the other"
    ]
    with pytest.raises(LexiconError, match=r"frames.toml:3: duplicate key 'version' in \[top level\]"):
        load_lexicons(tmp_path)


def test_read_toml_names_terms_in_term_tables_and_keys_elsewhere(tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_text('[a.terms]\n"风险" = 1\n"风险" = 2\n[b]\nk = 1\nk = 2\n', encoding="utf-8")
    problems = Problems()
    read_toml(f, problems, term_tables=("terms",))
    assert [(p.line, p.problem.split(" in ")[0]) for p in problems] == [
        (3, "duplicate term '风险'"),
        (6, "duplicate key 'k'"),
    ]


def test_load_toml_returns_data_and_lines_or_raises_with_file_and_line(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(TEXT, encoding="utf-8")
    data, loc = load_toml(good)
    assert data["negation"]["negators"] == ["不", "没有", "别"]
    assert loc.key(("negation",), "scope") == _line(TEXT, "scope = 4")
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "1"\n\n[a\n', encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_toml(bad)
    assert str(err.value).startswith(f"{bad}:3: TOML syntax error: ")
    assert str(err.value).endswith("; fix: correct the syntax")


def test_read_rule_text_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    f = tmp_path / "w.txt"
    f.write_bytes("一\n二\n".encode() + b"\xff\xfe\n")
    problems = Problems()
    assert read_rule_text(f, problems) is None
    assert [str(p) for p in problems] == [f"{f}:3: the file is not UTF-8; fix: save it as UTF-8"]
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfa\n")
    assert read_rule_text(bom, Problems()) == "a\n"
    problems = Problems()
    assert read_rule_text(tmp_path / "missing.txt", problems) is None
    assert problems[0].line == 1 and problems[0].fix == "check the path and permissions"


def test_problem_parse_round_trips_and_raise_first_counts_the_rest() -> None:
    p = Problem("a/frames.toml", 12, "bad weight 7", "use 1.0")
    assert Problem.parse(str(p)) == p
    assert Problem.parse("a.toml: no line here") == Problem("a.toml", 1, "a.toml: no line here", "")
    problems = Problems()
    problems.add("f.toml", 0, "one", "")
    problems.add("f.toml", 4, "two", "fix it")
    assert str(problems[0]) == "f.toml:1: one"
    with pytest.raises(LexiconError) as err:
        raise_first(problems, "folder")
    assert str(err.value) == "f.toml:1: one (and 1 more: run `framing lexicon check folder`)"
    raise_first(Problems(), "folder")  # nothing to raise
