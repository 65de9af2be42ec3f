"""Reading never loses an input silently and never guesses: bundles, unreadable folders and
files, damaged UTF-8, strict CSV, JSONL, Parquet, doc ids, manifests, debris spans and rule
patterns that could hang."""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.corpus.decode import decode_bytes
from framing.corpus.normalize import check_debris_rules, clean_lines, load_debris_rules
from framing.corpus.outlets import check_outlet_rules, load_outlet_rules
from framing.corpus.read import read_corpus
from framing.corpus.relevance import check_topic, load_topic
from framing.errors import InputError, LexiconError
from framing.lexicons import patterns
from framing.paths import lexicon_file

ON_TOPIC = (
    "OpenAI发布文生视频大模型Sora,视频生成能力引发关注。国内大模型企业纷纷跟进文生视频赛道。"
    "业内人士认为Sora的算力需求巨大。"
)
ON_TOPIC_CELL = ON_TOPIC.replace(",", "，")  # no ASCII comma: safe in an unquoted CSV cell
BUNDLE_MANIFEST = {"bundle": "framing-results-bundle", "framing": "0.1.0"}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def make_bundle(folder: Path) -> None:
    """What framing run leaves: manifest.json, report.md, tables/, figures/."""
    write(folder / "manifest.json", json.dumps(BUNDLE_MANIFEST))
    write(folder / "report.md", f"# Report\n\n{ON_TOPIC}\n")
    write(folder / "tables" / "documents.csv", "doc_id,source\na#1,a.txt\n")
    (folder / "figures").mkdir(exist_ok=True)


# --- 1. bundles are never input ----------------------------------------------------------------


def test_bundle_folder_is_recognised_by_its_manifest_and_not_read(tmp_path) -> None:
    write(tmp_path / "a.txt", f"标题\n\n{ON_TOPIC}\n北京商报记者 张三\n")
    make_bundle(tmp_path / "analysis_march")  # any name: recognised by content
    write(tmp_path / "notes" / "manifest.json", json.dumps({"name": "not ours"}))
    write(tmp_path / "notes" / "b.md", ON_TOPIC)
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert sorted(docs.index) == ["a#1", "analysis_march/#0", "notes/b#1", "notes/manifest.json#0"]
    assert docs.loc["notes/manifest.json#0", "reason"] == "unsupported_format"  # listed, not read
    row = docs.loc["analysis_march/#0"]
    assert (row["status"], row["reason"], row["source"]) == ("excluded", "bundle", "analysis_march/")
    assert "results bundle" in row["notes"]


def test_unfinished_bundle_of_an_interrupted_run_is_not_read(tmp_path) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    partial = tmp_path / ".results.partial-4242"
    write(partial / "report.md", ON_TOPIC)
    (partial / "tables").mkdir()
    (partial / "figures").mkdir()
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert docs.loc[".results.partial-4242/#0", "reason"] == "bundle"
    assert not any(i.startswith(".results.partial-4242/report") for i in docs.index)


def test_a_bundle_given_as_input_is_refused(tmp_path) -> None:
    make_bundle(tmp_path / "results")
    with pytest.raises(InputError, match=r"results: this is a results bundle written by framing, not a corpus; fix"):
        read_corpus(tmp_path / "results")


def test_excluded_output_folder_is_skipped_without_a_row(tmp_path) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    before = read_corpus(tmp_path)
    make_bundle(tmp_path / "results")
    make_bundle(tmp_path / ".results.partial-7")  # its temporary sibling, too
    after = read_corpus(tmp_path, exclude=[tmp_path / "results"])
    pd.testing.assert_frame_equal(before.documents, after.documents)
    assert after.params["excluded_folders"] == [".results.partial-7/", "results/"]


def test_framing_run_twice_in_a_corpus_folder_reads_the_same_documents(tmp_path, monkeypatch) -> None:
    """The CLI passes --out to the reader; the fake analysis writes a bundle like a real run."""
    import framing.workflow as bundle_mod  # where the CLI finds analyze

    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", f"标题\n\n{ON_TOPIC}\n北京商报记者 张三\n")
    write(corpus / "b.txt", f"另一个标题\n\n{ON_TOPIC}文汇报记者 李四\n")
    seen: list[pd.DataFrame] = []

    def fake_analyze(source, out, *, lexicons=None, manifest=None, read_options=None, **_):
        docs = read_corpus(source, manifest=manifest, lexicon_dir=lexicons, **(read_options or {})).documents
        seen.append(docs)
        out = Path(out)
        make_bundle(out)
        docs.drop(columns=["text_original", "text"]).to_csv(out / "tables" / "documents.csv", index=False)

    monkeypatch.setattr(bundle_mod, "analyze", fake_analyze)
    monkeypatch.chdir(corpus)
    assert main(["run", ".", "-q"]) == 0
    assert main(["run", ".", "-q"]) == 0
    assert (corpus / "results" / "report.md").is_file()
    pd.testing.assert_frame_equal(seen[0], seen[1])
    assert list(seen[1]["doc_id"]) == ["a#1", "b#1"]


# --- 3. debris removes bounded spans, never an article -------------------------------------------


def _one_line_article(n_sentences: int = 60) -> str:
    body = [f"第{i}段说明国内大模型企业如何跟进文生视频赛道,业内人士认为算力需求巨大。" for i in range(n_sentences)]
    half = n_sentences // 2
    return "OpenAI发布Sora。" + "".join(body[:half]) + "本报版权所有,未经许可不得转载。" + "".join(body[half:])


def test_article_on_one_line_is_not_removed_as_debris() -> None:
    text = _one_line_article()
    assert len(text) > 2000 and "\n" not in text
    lines = clean_lines(text)
    assert len(lines) == 1
    assert lines[0].removed == [("reprint_notice", "本报版权所有,未经许可不得转载。")]
    assert lines[0].text == text.replace("本报版权所有,未经许可不得转载。", "")


def test_csv_cell_article_on_one_line_stays_included(tmp_path) -> None:
    text = _one_line_article()
    pd.DataFrame({"doc_id": ["x"], "outlet": ["北京商报"], "text": [text]}).to_csv(tmp_path / "t.csv", index=False)
    docs = read_corpus(tmp_path / "t.csv").documents.set_index("doc_id")
    assert docs.loc["x", "status"] == "included"
    assert docs.loc["x", "n_chars"] == len(text) - len("本报版权所有,未经许可不得转载。")
    assert docs.loc["x", "removed"] == "reprint_notice:本报版权所有,未经许可不得转载。"


@pytest.mark.parametrize("sep", ["\u2028", "\u2029"])
def test_unicode_line_separators_are_line_breaks(sep) -> None:
    text = sep.join(["标题一", ON_TOPIC, "如需转载请与本报联系。", "读者热线:4008890008"])
    lines = clean_lines(text)
    assert [line.text for line in lines] == ["标题一", ON_TOPIC, "", ""]
    assert [k for line in lines for k, _ in line.removed] == ["reprint_notice", "hotline"]


def test_long_inline_match_is_kept(tmp_path) -> None:
    lex = tmp_path / "lex"
    write(lex / "debris.toml", "[[inline]]\nkind = 'greedy'\npattern = '正文.*'\n")
    rules = load_debris_rules(lex / "debris.toml")
    short, long = "标题正文一句。", "标题正文" + "很长" * 80
    assert [line.text for line in clean_lines(short, rules)] == ["标题"]
    assert [line.text for line in clean_lines(long, rules)] == [long]


# --- 4. strict CSV ----------------------------------------------------------------------------------


def test_quote_closed_on_a_later_row_is_refused(tmp_path) -> None:
    path = write(
        tmp_path / "t.csv",
        'doc_id,outlet,text\nd1,北京商报,"Sora发布。\nd2,文汇报,文汇报的文章。\nd3,浙江日报,浙江日报的文章。"\n',
    )
    with pytest.raises(InputError, match=r"t\.csv:2: a quote opened on line 2 closes on line 4, joining lines 2-4 into one row"):
        read_corpus(path)


def test_quote_closed_in_the_middle_of_a_cell_is_refused(tmp_path) -> None:
    path = write(tmp_path / "t.csv", 'doc_id,outlet,text\nd1,北京商报,"Sora发布。\nd2,文汇报,"文汇报"的文章\n')
    with pytest.raises(InputError, match=r"t\.csv:3: a quote closes in the middle of a cell .*; fix"):
        read_corpus(path)


def test_unclosed_quote_is_refused(tmp_path) -> None:
    path = write(tmp_path / "t.csv", 'doc_id,text\nd1,ok\nd2,"never closed\n')
    with pytest.raises(InputError, match=r"t\.csv:3: a quote opened on line 3 is never closed; fix"):
        read_corpus(path)


def test_extra_comma_in_first_row_is_refused_not_shifted(tmp_path) -> None:
    path = write(tmp_path / "t.csv", f"doc_id,outlet,text\nd1,北京商报,Sora,{ON_TOPIC_CELL}\nd2,文汇报,{ON_TOPIC_CELL}\n")
    with pytest.raises(InputError, match=r"t\.csv:2: row 1 has 4 fields, the header has 3; fix: quote the cell"):
        read_corpus(path)
    write(tmp_path / "u.csv", f"doc_id,outlet,text\nd1,{ON_TOPIC_CELL}\n")
    with pytest.raises(InputError, match=r"u\.csv:2: row 1 has 2 fields, the header has 3; fix: add the missing"):
        read_corpus(tmp_path / "u.csv")


def test_multi_line_cells_written_by_pandas_are_read(tmp_path) -> None:
    texts = [f"标题一\n\n{ON_TOPIC}\n第二段,有逗号。", f"标题二\n{ON_TOPIC}\n“引号”和\"ASCII引号\"。"]
    pd.DataFrame({"doc_id": ["a", "b"], "text": texts, "outlet": ["北京商报", "文汇报"]}).to_csv(tmp_path / "t.csv", index=False)
    docs = read_corpus(tmp_path / "t.csv", filter_topic=False).documents.set_index("doc_id")
    assert list(docs.index) == ["a", "b"]
    assert docs.loc["b", "text_original"] == texts[1]
    assert list(docs["outlet"]) == ["北京商报", "文汇报"]


def test_nul_in_utf8_csv_is_not_binary(tmp_path) -> None:
    raw = f"doc_id,outlet,text\nd1,北京商报,{ON_TOPIC_CELL[:20]}\x00{ON_TOPIC_CELL[20:]}\n".encode()
    (tmp_path / "t.csv").write_bytes(raw)
    docs = read_corpus(tmp_path / "t.csv").documents
    assert docs.loc[0, "status"] == "included"
    assert docs.loc[0, "text"] == ON_TOPIC_CELL  # the NUL is dropped by cleaning
    assert decode_bytes(raw).detail == "1 NUL byte dropped"


# --- 6. unreadable folders and files ------------------------------------------------------------------


def test_unreadable_sub_folder_becomes_a_row(tmp_path, monkeypatch) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    locked = tmp_path / "locked"
    write(locked / "b.txt", ON_TOPIC)
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 does not stop root: refuse the listing as the OS would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    locked.chmod(0)
    try:
        corpus = read_corpus(tmp_path, filter_topic=False)
    finally:
        locked.chmod(0o755)
    docs = corpus.documents.set_index("doc_id")
    assert sorted(docs.index) == ["a#1", "locked/#0"]
    row = docs.loc["locked/#0"]
    assert (row["status"], row["reason"], row["source"]) == ("excluded", "unreadable", "locked/")
    assert row["notes"] == "cannot list folder: Permission denied"


def test_unreadable_file_is_listed_and_nothing_crashes(tmp_path, monkeypatch) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    secret = write(tmp_path / "secret.txt", ON_TOPIC)
    real_read = Path.read_bytes

    def read_bytes(self):
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = read_corpus(tmp_path)
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["secret#0", "reason"] == "unreadable"
    assert docs.loc["secret#0", "notes"] == "cannot read: Permission denied"
    assert docs.loc["a#1", "status"] == "included"
    inputs = {i["file"]: i for i in corpus.inputs}
    assert inputs["secret.txt"]["status"] == "unreadable"
    assert inputs["a.txt"]["sha256"] and inputs["a.txt"]["bytes"] == len(ON_TOPIC.encode())


def test_files_of_other_kinds_in_a_folder_are_rows_not_silence(tmp_path) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 not text")
    write(tmp_path / "page.html", "<html>" + ON_TOPIC + "</html>")
    write(tmp_path / "sub" / "more.csv", "text\n" + ON_TOPIC_CELL + "\n")
    write(tmp_path / "NOTES", "notes")
    write(tmp_path / ".DS_Store", "x")  # hidden: not an article, no row
    write(tmp_path / "manifest.csv", "file,outlet,date\na.txt,,\n")  # the folder's manifest, no row
    corpus = read_corpus(tmp_path)
    docs = corpus.documents.set_index("doc_id")
    assert sorted(docs.index) == ["NOTES#0", "a#1", "a.pdf#0", "page.html#0", "sub/more.csv#0"]
    for doc_id in ("NOTES#0", "a.pdf#0", "page.html#0", "sub/more.csv#0"):
        assert (docs.loc[doc_id, "status"], docs.loc[doc_id, "reason"]) == ("excluded", "unsupported_format")
    assert docs.loc["a.pdf#0", "notes"].startswith("a .pdf file: only .txt and .md files of a folder are read; fix: save")
    assert "fix: give the table itself as the input" in docs.loc["sub/more.csv#0", "notes"]
    assert docs.loc["a#1", "status"] == "included"
    statuses = {i["file"]: i.get("status", "read") for i in corpus.inputs}
    assert statuses["a.pdf"] == statuses["page.html"] == statuses["sub/more.csv"] == "unsupported_format"
    assert ".DS_Store" not in statuses


def test_broken_link_is_listed(tmp_path) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert docs.loc["gone#0", "reason"] == "unreadable"
    assert "does not exist" in docs.loc["gone#0", "notes"]


def test_linked_folder_is_read_once(tmp_path) -> None:
    write(tmp_path / "data" / "a.txt", ON_TOPIC)
    (tmp_path / "data" / "loop").symlink_to(tmp_path / "data", target_is_directory=True)
    docs = read_corpus(tmp_path).documents.set_index("doc_id")
    assert sorted(docs.index) == ["data/a#1", "data/loop/#0"]
    assert docs.loc["data/loop/#0", "reason"] == "duplicate_folder"


# --- 9. damaged UTF-8 ---------------------------------------------------------------------------------


def test_one_invalid_byte_is_replaced_not_the_article_lost(tmp_path) -> None:
    data = ON_TOPIC.encode("utf-8")
    cut = len("OpenAI发布文生视频".encode())
    (tmp_path / "a.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    docs = read_corpus(tmp_path).documents
    row = docs.iloc[0]
    assert (row["status"], row["encoding"], row["replaced_bytes"]) == ("included", "utf-8", 1)
    assert row["notes"] == "1 invalid UTF-8 byte replaced by U+FFFD"
    assert row["text"].startswith("OpenAI发布文生视频\ufffd大模型Sora")


def test_too_much_damage_is_not_repaired_and_says_why() -> None:
    data = ON_TOPIC.encode("utf-8")  # 52 Chinese characters: 156 non-ASCII bytes
    damaged = data[:30] + b"\xff\xfe" + data[30:]  # 2 of 158 non-ASCII bytes: more than 1 %
    decoded = decode_bytes(damaged)
    assert decoded.text is None and decoded.reason == "undecodable"
    assert "as UTF-8, 2 of 158 non-ASCII bytes are invalid" in decoded.detail
    once = decode_bytes(data * 2 + b"\xff")  # 1 of 313: repaired
    assert once.replaced == 1 and once.text == ON_TOPIC * 2 + "\ufffd"


def test_damaged_utf8_with_bom_is_repaired() -> None:
    data = codecs.BOM_UTF8 + (ON_TOPIC * 2).encode() + b"\x80"
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced, decoded.text) == ("utf-8-sig", 1, ON_TOPIC * 2 + "\ufffd")


def test_damaged_csv_records_replacements_per_row(tmp_path) -> None:
    raw = f"doc_id,outlet,text\nd1,北京商报,{ON_TOPIC_CELL}\nd2,文汇报,{ON_TOPIC_CELL}\n".encode()
    cut = raw.index("文生视频".encode(), raw.index(b"d2"))
    (tmp_path / "t.csv").write_bytes(raw[:cut] + b"\xc3" + raw[cut:])
    docs = read_corpus(tmp_path / "t.csv").documents.set_index("doc_id")
    assert docs.loc["d1", "replaced_bytes"] == 0 and docs.loc["d2", "replaced_bytes"] == 1
    assert "1 invalid byte replaced" in docs.loc["d2", "notes"]


# --- misleading errors ------------------------------------------------------------------------------------


def test_duplicate_doc_ids_are_explained(tmp_path) -> None:
    df = pd.DataFrame({"doc_id": ["a", "b", "a"], "text": [ON_TOPIC] * 3})
    with pytest.raises(InputError, match=r"doc_id 'a' is given on rows 1 and 3; fix"):
        read_corpus(df)
    df = pd.DataFrame({"doc_id": ["row2", ""], "text": [ON_TOPIC] * 2})
    with pytest.raises(InputError, match=r"row 2 has no doc_id, and the id it would get, 'row2', is the doc_id given on row 1; fix"):
        read_corpus(df)
    page = f"标题一\n\n■本报记者 张三\n\n{ON_TOPIC}\n\n另一篇\n\n■本报记者 李四\n\n{ON_TOPIC}"
    df = pd.DataFrame({"doc_id": ["p", "p#1"], "text": [page, ON_TOPIC], "outlet": ["", "北京商报"]})
    with pytest.raises(InputError, match=r"doc_id 'p#1' of row 2 is also the doc_id of an article of row 1"):
        read_corpus(df)


def test_jsonl_errors_name_the_line(tmp_path) -> None:
    path = write(tmp_path / "t.jsonl", '{"text": "一"}\n\n{"text": "二",}\n')
    with pytest.raises(InputError, match=r"t\.jsonl:3: not valid JSON \(.* at column \d+\); fix"):
        read_corpus(path)
    write(path, '{"text": "一"}\n["text"]\n')
    with pytest.raises(InputError, match=r"t\.jsonl:2: a JSON list where an object is expected"):
        read_corpus(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_jsonl_in_other_encodings(tmp_path, encoding) -> None:
    rows = [{"doc_id": "d1", "outlet": "北京商报", "text": ON_TOPIC}, {"doc_id": "d2", "outlet": "文汇报", "text": ON_TOPIC + "。"}]
    write(tmp_path / "t.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding)
    docs = read_corpus(tmp_path / "t.jsonl", keep_duplicates=True).documents.set_index("doc_id")
    assert list(docs.index) == ["d1", "d2"] and docs.loc["d1", "text"] == ON_TOPIC


def test_parquet_text_column_of_numbers_is_refused(tmp_path) -> None:
    pytest.importorskip("pyarrow")
    pd.DataFrame({"doc_id": ["a", "b"], "text": [1, 2], "body": [ON_TOPIC, ON_TOPIC]}).to_parquet(tmp_path / "t.parquet")
    with pytest.raises(InputError, match=r"t\.parquet: column 'text' holds int64 values, not text; fix: pass the column"):
        read_corpus(tmp_path / "t.parquet")
    pd.DataFrame({"text": [ON_TOPIC, None, 5, ""]}, dtype=object).to_json(tmp_path / "m.jsonl", orient="records", lines=True, force_ascii=False)
    docs = read_corpus(tmp_path / "m.jsonl").documents.set_index("doc_id")
    assert docs.loc["row2", "notes"] == "empty text cell"
    assert docs.loc["row3", "notes"] == "text cell holds a int (5), not text"
    assert docs.loc["row4", "notes"] == "empty text cell"


def test_one_row_gb18030_manifest_is_not_read_as_big5(tmp_path) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    write(tmp_path / "manifest.csv", "file,outlet\na.txt,文汇报\n", "gb18030")
    docs = read_corpus(tmp_path).documents
    assert docs.loc[0, "outlet"] == "文汇报" and docs.loc[0, "manifest_outlet"] == "文汇报"


def test_empty_outlets_file_is_blamed_not_the_manifest(tmp_path) -> None:
    write(tmp_path / "in" / "a.txt", ON_TOPIC)
    write(tmp_path / "in" / "manifest.csv", "file,outlet\na.txt,文汇报\n")
    write(tmp_path / "lex" / "outlets.toml", "# nothing yet\n")
    with pytest.raises(LexiconError, match=r"outlets\.toml:1: no \[\[outlet\]\] or \[\[formula\]\] entries"):
        read_corpus(tmp_path / "in", lexicon_dir=tmp_path / "lex")


def test_unreadable_manifest_is_one_line(tmp_path, monkeypatch) -> None:
    write(tmp_path / "a.txt", ON_TOPIC)
    man = write(tmp_path / "manifest.csv", "file,outlet\na.txt,文汇报\n")
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied")) if self == man else real_read(self))
    with pytest.raises(InputError, match=r"manifest\.csv: cannot read the manifest \(Permission denied\); fix"):
        read_corpus(tmp_path)


# --- rule files: runaway patterns and complete checks -------------------------------------------------------


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT", 0.05)


def test_nested_repetition_from_the_report_does_not_hang(tmp_path) -> None:
    write(tmp_path / "lex" / "debris.toml", "[[line]]\nkind = 'x'\npattern = '^(a+)+$'\n")
    write(tmp_path / "in" / "a.txt", f"{'a' * 40}b\n{ON_TOPIC}")  # Python's re: 2**40 steps
    docs = read_corpus(tmp_path / "in", lexicon_dir=tmp_path / "lex").documents
    assert docs.loc[0, "status"] == "included"


def test_catastrophic_pattern_is_caught_when_the_file_loads(tmp_path, short_timeout) -> None:
    path = write(tmp_path / "debris.toml", "version = '1'\n\n[[line]]\nkind = 'x'\npattern = '^(a|a)+$'\n")
    with pytest.raises(LexiconError, match=r"debris\.toml:5: \[\[line\]\] entry 1 \(x\): pattern '\^\(a\|a\)\+\$' did not finish"):
        load_debris_rules(path)


def test_catastrophic_pattern_the_probes_miss_stops_at_run_time(tmp_path, short_timeout) -> None:
    write(tmp_path / "lex" / "debris.toml", "[[line]]\nkind = 'x'\npattern = '^(?:前|后)缀(a|a)+$'\n")
    assert check_debris_rules(tmp_path / "lex" / "debris.toml") == []
    write(tmp_path / "in" / "a.txt", f"前缀{'a' * 40}b\n{ON_TOPIC}")
    with pytest.raises(LexiconError, match=r"debris\.toml:3: \[\[line\]\] entry 1 \(x\): pattern .* did not finish within 0\.05 s"):
        read_corpus(tmp_path / "in", lexicon_dir=tmp_path / "lex")


def test_catastrophic_outlet_pattern_one_line_in_the_cli(tmp_path, short_timeout, capsys) -> None:
    write(tmp_path / "lex" / "outlets.toml", "[[outlet]]\nname = 'X'\nid = 'x'\nrules = [{ pattern = '(x|xx)+y' }]\n")
    write(tmp_path / "in" / "a.txt", ON_TOPIC)
    assert main(["corpus", str(tmp_path / "in"), "--lexicons", str(tmp_path / "lex"), "--csv", str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outlets.toml:4: [[outlet]] 1 (X) rule 1: pattern '(x|xx)+y'" in err
    assert not (tmp_path / "d.csv").exists()


def test_bundled_rule_files_check_clean() -> None:
    assert check_debris_rules(lexicon_file("debris.toml")) == []
    assert check_outlet_rules(lexicon_file("outlets.toml")) == []
    assert check_topic(lexicon_file("topic.toml")) == []


def test_check_reports_every_problem_with_its_line(tmp_path) -> None:
    debris = write(tmp_path / "debris.toml", (
        "max_span_chars = 0\n"                       # 1
        "[[line]]\nkind = 'a'\npattern = '('\n"       # 2-4
        "[[line]]\nkind = 'b'\npattern = 'x*'\n"      # 5-7: matches every line
        "[[caption]]\npattern = 'y'\n"                # 8-9: no kind
        "[[lines]]\nkind = 'c'\npattern = 'z'\n"      # 10-12: a typo, silently ignored before
    ))
    problems = check_debris_rules(debris)
    assert [re.match(r".*debris\.toml:(\d+):", p).group(1) for p in problems] == ["10", "1", "4", "7", "8"]
    assert "unknown key 'lines'" in problems[0] and "matches an empty text" in problems[3]
    with pytest.raises(LexiconError, match=r"debris\.toml:10: unknown key 'lines'.* \(and 4 more"):
        load_debris_rules(debris)
    outlets = write(tmp_path / "outlets.toml", (
        "[[outlet]]\nname = 'A'\nid = 'a'\nrules = [\n"
        "  { pattern = 'ok', confidence = 0.5 },\n"
        "  { pattern = '[', confidence = 0.5 },\n"         # line 6
        "  { pattern = 'ok', contxt = ['x'] },\n"          # line 7: misspelt key
        "]\n[[outlet]]\nname = 'B'\nid = 'a'\n"            # line 11: duplicate id
    ))
    problems = check_outlet_rules(outlets)
    assert [re.match(r".*outlets\.toml:(\d+):", p).group(1) for p in problems] == ["6", "7", "11"]
    topic = write(tmp_path / "topic.toml", "min_hits = 'three'\n[terms]\n'Sora' = 2\n'视频' = -1\n")
    problems = check_topic(topic)
    assert len(problems) == 2 and "topic.toml:1: min_hits = 'three'" in problems[0] and "topic.toml:4: term '视频'" in problems[1]
    with pytest.raises(LexiconError):
        load_topic(topic)
    with pytest.raises(LexiconError):
        load_outlet_rules(outlets)


def test_check_of_a_file_that_is_not_toml_is_one_problem(tmp_path) -> None:
    bad = write(tmp_path / "debris.toml", "[[line]\nkind = \n")
    problems = check_debris_rules(bad)
    assert len(problems) == 1 and "not valid TOML" in problems[0]


def test_cli_refuses_a_merging_csv_in_one_line_and_writes_nothing(tmp_path, capsys) -> None:
    write(tmp_path / "t.csv", 'doc_id,outlet,text\nd1,北京商报,"Sora发布。\nd2,文汇报,文汇报的文章。"\n')
    assert main(["corpus", str(tmp_path / "t.csv"), "--csv", str(tmp_path / "docs.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "t.csv:2: a quote opened on line 2 closes on line 3" in err and "; fix: " in err
    assert not (tmp_path / "docs.csv").exists()
