"""framing.tables: the one CSV writer, LaTeX and Markdown tables, p-values and intervals."""

from __future__ import annotations

import ast
import errno
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing import tables
from framing.cli import main
from framing.tables import format_interval, format_p, md_table, to_latex, write_csv

ROOT = Path(__file__).resolve().parent.parent


def test_write_csv_bytes(tmp_path) -> None:
    df = pd.DataFrame({"outlet": ["文汇报", "北京商报"], "share": [1 / 3, 2.0], "n": [3, 10]})
    path = write_csv(df, tmp_path / "t.csv")
    assert path == tmp_path / "t.csv"
    # BOM, LF line ends, six significant digits, whole floats without a decimal part
    assert path.read_bytes() == "\ufeffoutlet,share,n\n文汇报,0.333333,3\n北京商报,2,10\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]  # no temporary file left


def test_write_csv_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"old")

    def full(self, target, *args, **kwargs):
        Path(target).write_text("outlet,", encoding="utf-8")  # half a table, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OSError, match="No space left"):
        write_csv(pd.DataFrame({"a": [1]}), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_write_csv_writes_what_the_committed_bundle_holds(tmp_path) -> None:
    """Reading a committed table with its dtypes and writing it again gives the same bytes."""
    committed = ROOT / "results" / "tables" / "frames_by_outlet.csv"
    df = pd.read_csv(committed, encoding="utf-8-sig")
    assert write_csv(df, tmp_path / "f.csv").read_bytes() == committed.read_bytes()


def test_framing_corpus_csv_formats_numbers_like_the_bundle(seeds_dir, tmp_path) -> None:
    """The documents table of `framing corpus --csv` and of the bundle share one writer: the
    same numbers read the same (before, the command wrote 0.0 and 1.0 where the bundle has 0, 1)."""
    out = tmp_path / "docs.csv"
    assert main(["corpus", str(seeds_dir), "--csv", str(out)]) == 0
    ours = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig").set_index("doc_id")
    bundle = pd.read_csv(ROOT / "results" / "tables" / "documents.csv", dtype=str, keep_default_na=False,
                         encoding="utf-8-sig").set_index("doc_id")
    for col in ("relevance", "topic_hits", "similarity", "outlet_confidence"):
        assert ours[col].to_dict() == bundle[col].to_dict(), col


def test_to_latex() -> None:
    df = pd.DataFrame({
        "outlet": ["A&B", "C_D"], "n": [1234, 5], "share": [0.5, np.nan], "p": [0.0001, 0.25], "ok": [True, False],
    })
    tex = to_latex(df, "Shares 50%", "tab:x", note="n ~ 2")
    lines = tex.split("\n")
    assert lines[:7] == [
        "\\begin{table}[htbp]", "\\centering", "\\small", "\\caption{Shares 50\\%}", "\\label{tab:x}",
        "\\begin{tabular}{lrrrl}", "\\toprule",
    ]
    assert lines[7] == "outlet & n & share & p & ok \\\\"
    assert lines[9] == "A\\&B & 1{,}234 & 0.500 & 1.0e-04 & yes \\\\"
    assert lines[10] == "C\\_D & 5 & -- & 0.250 & no \\\\"
    assert lines[-3:] == ["\\par\\smallskip\\footnotesize n \\textasciitilde{} 2", "\\end{table}", ""]


def test_md_table() -> None:
    df = pd.DataFrame({"frame": ["a|b", "c\nd"], "v": [0.12345, 0.0004], "x": [None, True]})
    assert md_table(df) == (
        "| frame | v | x |\n|---|---|---|\n| a\\|b | 0.123 |  |\n| c d | 0.0004 | yes |"
    )
    assert md_table(df, ["v"], digits=1) == "| v |\n|---|\n| 0.1 |\n| 0.0004 |"


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.042, ".042"), (0.0004, "< .001"), (0.001, ".001"), (1.0, "1.000"), (None, "n/a"), (math.nan, "n/a")],
)
def test_format_p(p, text) -> None:
    assert format_p(p) == text


def test_format_interval() -> None:
    assert format_interval(2 / 3, 0.35, 0.875) == "0.67 [0.35, 0.88]"
    assert format_interval(0.5, np.nan, 0.9) == "0.50"
    assert format_interval(np.nan, 0.1, 0.9) == "n/a"
    assert format_interval(None, None, None, missing="") == ""
    assert format_interval(0.123, 0.1, 0.2, digits=3) == "0.123 [0.100, 0.200]"


def test_old_paths_are_the_same_functions() -> None:
    from framing.report import markdown
    from framing.report import tables as report_tables

    assert report_tables.write_csv is write_csv and report_tables.to_latex is to_latex
    assert markdown.md_table is md_table


def test_tables_imports_nothing_of_framing() -> None:
    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.split(".")[0] == "framing"]
