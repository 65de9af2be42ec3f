"""The framing.corpus package: its shape, the old read/outlets names, and the helpers the
readers by input kind share (page records, folder entries, table cells, compact texts,
results in task order)."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing.corpus as corpus_pkg
from framing.corpus import (
    assemble,
    folder,
    gazetteer,
    outlet_rules,
    outlets,
    page,
    pool,
    read,
    rows,
    store,
    work,
)
from framing.corpus.normalize import CleanLine, is_byline
from framing.corpus.split import Article, Paragraph, build_article
from framing.errors import InputError

PACKAGE = Path(corpus_pkg.__file__).parent
HIGHER = (
    "framing.scoring", "framing.stats", "framing.comparison", "framing.validation",
    "framing.report", "framing.workflow", "framing.cli",
)


def _imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """``(module, names, at module level)`` of every ``from framing... import`` of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    return [
        (node.module, [a.name for a in node.names], id(node) in top)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("framing")
    ]


def test_every_module_is_under_800_lines() -> None:
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in PACKAGE.glob("*.py")}
    assert {"read.py", "folder.py", "rows.py", "page.py", "assemble.py", "outlets.py"} <= set(sizes)
    assert {name: n for name, n in sizes.items() if n >= 800} == {}


def test_no_private_name_crosses_modules_and_only_the_bundle_check_reaches_up() -> None:
    for f in PACKAGE.glob("*.py"):
        for module, names, at_top in _imports(f):
            assert not [n for n in names if n.startswith("_")], (f.name, module)
            if module.startswith(HIGHER):
                # a folder is a results bundle when the bundle layer's mark says so
                assert (f.name, module, at_top) == ("folder.py", "framing.report.bundle", False)


def test_no_import_cycle_within_the_package() -> None:
    graph = {
        f.stem: {m.rsplit(".", 1)[1] for m, _, _ in _imports(f) if m.startswith("framing.corpus.")}
        for f in PACKAGE.glob("*.py")
    }
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join((*path, node))
        if node in done:
            return
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))
        done.add(node)

    for node in graph:
        visit(node, ())


def test_the_old_modules_keep_their_names() -> None:
    assert read.read_corpus.__module__ == "framing.corpus.read"
    assert read.parse_csv is __import__("framing.corpus.manifest", fromlist=["x"]).parse_csv
    assert read.MANIFEST_NAME is folder.MANIFEST_NAME and read.OWN_KINDS is assemble.OWN_KINDS
    assert read.GIVEN_COLUMNS is rows.GIVEN_COLUMNS
    for name in ("load_outlet_rules", "check_outlet_rules", "ascii_id", "OutletRules", "Outlet", "Formula"):
        assert getattr(outlets, name) is getattr(outlet_rules, name), name
    for name in ("check_gazetteer", "gazetteer_path", "Gazetteer", "GazetteerEntry", "GAZETTEER_FILE"):
        assert getattr(outlets, name) is getattr(gazetteer, name), name
    from framing.corpus import split

    assert split.is_byline is is_byline


def test_the_moved_rule_modules_are_the_same_modules_at_their_old_paths(monkeypatch) -> None:
    import importlib

    for name in ("patterns", "screen", "anchored", "gazetteer", "outlet_rules"):
        old = importlib.import_module(f"framing.corpus.{name}")
        assert old is importlib.import_module(f"framing.lexicons.{name}"), name
    old_patterns = importlib.import_module("framing.corpus.patterns")
    monkeypatch.setattr(old_patterns, "PATTERN_TIMEOUT", 0.05)  # set at the old path, in force at the new
    assert importlib.import_module("framing.lexicons.patterns").PATTERN_TIMEOUT == 0.05


# --- one page -----------------------------------------------------------------------------


def test_removed_debris_goes_to_the_article_it_sat_in() -> None:
    lines = [
        CleanLine(0, "导航", "", [("nav", "导航")]),
        CleanLine(1, "标题一", "标题一"),
        CleanLine(2, "广告", "", [("ad", "广告")]),
        CleanLine(3, "标题二", "标题二"),
        CleanLine(4, "版权", "", [("footer", "版权"), ("footer", "转载")]),
    ]
    articles = [Article(1, first_line=1, last_line=2), Article(2, first_line=3, last_line=4)]
    # debris above the first article belongs to it; the rest to the last article above it
    assert page.assign_removed(lines, articles) == [
        [("nav", "导航"), ("ad", "广告")],
        [("footer", "版权"), ("footer", "转载")],
    ]


def test_articles_without_an_outlet_take_the_best_one_of_their_page() -> None:
    def record(doc_id: str, outlet: str, conf: float) -> dict:
        r = page.excluded_record(doc_id, "p.txt", "no_text", "x")
        r.update(outlet=outlet, outlet_id=outlet, outlet_confidence=conf, outlet_evidence=f"rule {doc_id}",
                 outlet_type="t", outlet_level="l", channel="original", channel_evidence="e")
        return r

    recs = [record("p#1", "a", 0.5), record("p#2", outlets.UNKNOWN, 0.0), record("p#3", "b", 0.9)]
    page.inherit_page_outlet(recs)
    assert [r["outlet"] for r in recs] == ["a", "b", "b"]
    assert recs[1]["outlet_confidence"] == 0.72  # 0.8 of 0.9
    assert recs[1]["outlet_evidence"] == "same page as p#3 (rule p#3)"


def test_an_excluded_record_has_every_documents_column() -> None:
    from framing.corpus.model import DOCUMENT_COLUMNS

    r = page.excluded_record("a#0", "a.txt", "unreadable", "cannot read")
    assert set(DOCUMENT_COLUMNS) <= set(r)
    assert (r["status"], r["reason"], r["notes"], r["outlet"]) == ("excluded", "unreadable", "cannot read", "unknown")


def test_split_article_flags_the_sentences_of_heading_lines() -> None:
    art = build_article([Paragraph(0, "大模型赛道"), Paragraph(1, "第一句。第二句！")], 1, "given")
    assert art.title == "大模型赛道"
    got = [(s["text"], s["is_headline"]) for s in page.split_article(art)]
    assert got == [("大模型赛道", True), ("第一句。", False), ("第二句！", False)]


# --- a folder -----------------------------------------------------------------------------


def test_folder_entries_that_are_not_articles() -> None:
    assert folder.is_not_an_input(".DS_Store") and folder.is_not_an_input("sub/.gitkeep")
    assert folder.is_not_an_input("manifest.csv") and not folder.is_not_an_input("sub/manifest.csv")
    assert folder.unsupported_reason(Path("a.pdf")).startswith("a .pdf file: only .txt and .md")
    assert "give the table itself as the input" in folder.unsupported_reason(Path("t.CSV"))
    assert folder.Entry("x/a.pdf", Path("x/a.pdf"), "unsupported_format", keep_suffix=True).doc_id == "x/a.pdf#0"
    assert folder.Entry("x/a.txt", Path("x/a.txt"), "unreadable").doc_id == "x/a#0"
    assert folder.Entry("sub/", Path("sub"), "bundle").doc_id == "sub/#0"


def test_a_temporary_folder_beside_an_excluded_one(tmp_path) -> None:
    out = (tmp_path / "results").resolve()
    assert folder.is_beside_excluded(tmp_path / ".results.partial-12", {out})
    assert not folder.is_beside_excluded(tmp_path / ".other.partial-12", {out})
    assert not folder.is_beside_excluded(tmp_path / ".results.partial-x", {out})


# --- table cells ----------------------------------------------------------------------------


def test_table_cells() -> None:
    assert rows.clean_cell(None) == "" and rows.clean_cell(float("nan")) == "" and rows.clean_cell(pd.NA) == ""
    assert rows.clean_cell(" a\ud800b ") == "a\ufffdb" and rows.clean_cell(12) == "12"
    assert rows.text_cell("  ") == (None, "no_text", "empty text cell")
    assert rows.text_cell(3.5) == (None, "no_text", "text cell holds a float (3.5), not text")
    assert rows.text_cell("正文".encode("gb18030"))[0] == "正文"
    assert rows.text_cell("正文") == ("正文", "", "")


def test_a_text_column_of_numbers_is_the_wrong_column() -> None:
    rows.check_text_column(pd.Series(["a", None, 1]), "t.csv", "text")  # some text: fine
    with pytest.raises(InputError, match=r"^t\.csv: column 'text' holds int64 values, not text; fix: "):
        rows.check_text_column(pd.Series([1, 2]), "t.csv", "text")
    seen = rows.TextColumn("t.jsonl", "body", None)
    seen.rows([{"id": 1, "body": None}, {"id": 2, "body": 7}])
    with pytest.raises(InputError, match="column 'body' holds int values, not text"):
        seen.check(known=True)
    missing = rows.TextColumn("t.jsonl", "text", None)
    missing.rows([{"id": 1, "body": "x"}])
    with pytest.raises(InputError, match=r"no 'text' column \(columns: id, body\)"):
        missing.check(known=False)


def test_row_ids_name_both_rows() -> None:
    ids = rows.RowIds("t.csv")
    ids.rows(1, [{"doc_id": "a"}, {"doc_id": None}])
    with pytest.raises(InputError, match="row 2 has no doc_id, and the id it would get, 'row2', is the doc_id given on row 3"):
        ids.rows(3, [{"doc_id": "row2"}])
    ids = rows.RowIds("t.csv")
    ids.articles(1, [{"doc_id": "a#1"}, {"doc_id": "a#2"}])
    with pytest.raises(InputError, match="doc_id 'a#2' of row 2 is also the doc_id of an article of row 1"):
        ids.articles(2, [{"doc_id": "a#2"}])


# --- what reading keeps ----------------------------------------------------------------------


def test_texts_are_kept_by_task_and_read_back_across_tasks() -> None:
    texts = store.Texts()
    words = [f"文本{k}" for k in range(7)]
    for a, b in ((0, 3), (3, 4), (4, 7)):
        texts.add([{"text": w, "text_original": w + "!"} for w in words[a:b]])
    assert len(texts) == 7 and [texts[k] for k in range(7)] == words
    assert texts.slice("text", 2, 6) == words[2:6] and texts.slice("text_original", 0, 1) == ["文本0!"]
    assert texts.column("text").tolist() == words
    assert list(store.Picked(texts, [6, 1])) == ["文本6", "文本1"]


def test_sentences_keep_offsets_and_headline_flags() -> None:
    s = store.Sentences.of([{"start": 0, "end": 5, "is_headline": True}, {"start": 6, "end": 9, "is_headline": False}])
    assert len(s) == 2 and s.starts.dtype == np.int32
    assert s.starts.tolist() == [0, 6] and s.ends.tolist() == [5, 9] and s.heads.tolist() == [True, False]


def test_results_come_back_in_task_order_with_a_bounded_window() -> None:
    in_flight: list[int] = []
    most = 0

    def submit(task: int) -> int:
        nonlocal most
        in_flight.append(task)
        most = max(most, len(in_flight))
        return task

    def result(handle: int) -> int:
        in_flight.remove(handle)
        return handle * 10

    assert list(pool.in_order(range(7), submit, result, 3)) == [0, 10, 20, 30, 40, 50, 60]
    assert most == 3 and in_flight == []


def test_worker_processes_start_by_fork_only_where_safe(monkeypatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert pool.process_context().get_start_method() == "spawn"


def test_a_file_task_gives_rows_for_what_is_not_read(tmp_path) -> None:
    from framing.corpus.rules import load_reading_rules

    work.init_worker(work.Reader(load_reading_rules(None, None, None), 0.08))
    entry = folder.Entry("x.pdf", tmp_path / "x.pdf", "unsupported_format", "a .pdf file", keep_suffix=True)
    found, read_ = work.run_task(("files", [entry]))
    assert [(r["doc_id"], r["reason"]) for r in found] == [("x.pdf#0", "unsupported_format")]
    assert read_ == [{"file": "x.pdf", "status": "unsupported_format", "detail": "a .pdf file"}]
