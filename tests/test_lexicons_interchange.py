"""Imported term lists (.dic, CSV) read through the shared rule-file reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.lexicons import check_lexicons, default_lexicons, read_csv_terms, read_dic
from framing.lexicons.interchange import parse_dic
from framing.lexicons.problems import Problems

DIC = "%\n1\tthreat\n2\tposemo\n%\n风险\t1\n好\t2\n"


def test_a_dic_file_with_a_bad_byte_names_its_line(tmp_path: Path) -> None:
    # before: line 1, "cannot read the file ('utf-8' codec can't decode ...)"
    f = tmp_path / "t.dic"
    f.write_bytes(DIC.encode() + "坏".encode("gb18030") + b"\t1\n")
    with pytest.raises(LexiconError) as err:
        read_dic(f)
    assert str(err.value) == f"{f}:7: the file is not UTF-8; fix: save it as UTF-8"
    assert check_lexicons(f) == [str(err.value)]


def test_a_csv_term_list_with_a_bad_byte_names_its_line(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_bytes("label,term\nthreat,风险\n".encode() + b"threat,\xff\n")
    with pytest.raises(LexiconError) as err:
        read_csv_terms(f)
    assert str(err.value) == f"{f}:3: the file is not UTF-8; fix: save it as UTF-8"


def test_an_unreadable_term_list_is_one_problem_on_line_1(tmp_path: Path) -> None:
    problems = Problems()
    assert parse_dic(tmp_path / "missing.dic", None, problems) is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].fix) == (1, "check the path and permissions")
    assert problems[0].problem.startswith("cannot read the file (")


def test_a_dic_file_with_a_bom_reads_as_without(tmp_path: Path) -> None:
    plain, bom = tmp_path / "a.dic", tmp_path / "b.dic"
    plain.write_text(DIC, encoding="utf-8")
    bom.write_text(DIC, encoding="utf-8-sig")
    a, b = read_dic(plain), read_dic(bom)
    assert [(t.term, t.label, t.line) for t in a.terms] == [
        (t.term, t.label, t.line) for t in b.terms
    ]
    assert [(t.term, t.label) for t in a.frame_terms] == [("风险", "threat")]
    assert [(t.term, t.label) for t in a.tone] == [("好", "positive")]
    # frame metadata and modifiers come from the bundled set
    assert a.frame("threat").label_zh == default_lexicons().frame("threat").label_zh
    assert a.modifiers == default_lexicons().modifiers
