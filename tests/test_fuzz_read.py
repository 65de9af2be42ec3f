"""Fuzzing read_corpus: random bytes, encodings, CSV/JSONL structure and rule files.

Whatever the input, reading either raises one of the project's own errors (a one-line
``FramingError`` that the CLI prints with exit code 2) or returns documents that account
for every input: each file of a folder is a ``source``, and each row of a table gives
documents ``<file>:row1`` ... ``row<n>`` with none left out. Examples are derandomized
(the same ones on every run) and bounded, so the test is reproducible and fast.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus import patterns
from framing.corpus.read import read_corpus
from framing.errors import FramingError

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5"]
# Chinese news text and what breaks readers: quotes, separators, line breaks of every kind,
# control characters, the BOM and U+FFFD.
ALPHABET = st.sampled_from(
    list("文生视频大模型北京商报记者本报版权所有转载请注明。，！？“”「」")
    + list("Sora AI,;\"'\t\n\r")
    + ["\u2028", "\u2029", "\x00", "\x0b", "\x1c", "\ufeff", "\ufffd", "\u3000", "\x85"]
)
TEXT = st.text(alphabet=ALPHABET, max_size=120)
NAMES = st.text(alphabet="abcxyz01_-", min_size=1, max_size=8)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """Insert a few random bytes (bad UTF-8, NUL, quotes) at random places."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(out)))
        out[pos:pos] = draw(st.sampled_from([b"\xff", b"\x80", b"\x00", b'"', b",", b"\n", b"\xe4\xb8"]))
    return bytes(out)


@st.composite
def text_file(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "text", "damaged"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    data = encode(draw(TEXT), draw(st.sampled_from(ENCODINGS)))
    return draw(damaged(data)) if kind == "damaged" else data


def check_folder(folder: Path, names: list[str], **options) -> None:
    try:
        corpus = read_corpus(folder, **options)
    except FramingError:
        return
    assert set(corpus.documents["source"]) == set(names)
    assert corpus.documents["doc_id"].is_unique
    assert {i["file"] for i in corpus.inputs} >= set(names)


@FUZZ
@given(files=st.dictionaries(NAMES, text_file(), min_size=1, max_size=4), suffix=st.sampled_from([".txt", ".md"]))
def test_folders_of_random_files(files: dict[str, bytes], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / f"{name}{suffix}").write_bytes(data)
        check_folder(folder, [f"{name}{suffix}" for name in files])


def check_table(path: Path, n_rows: int | None) -> None:
    try:
        docs = read_corpus(path, filter_topic=False).documents
    except FramingError:
        return
    rows = {int(s.rsplit(":row", 1)[1]) for s in docs["source"]}
    if n_rows is not None:
        assert rows == set(range(1, n_rows + 1))
    else:
        assert rows == set(range(1, len(rows) + 1))
    assert docs["doc_id"].is_unique


ROW = st.fixed_dictionaries(
    {"doc_id": st.one_of(st.just(""), NAMES), "outlet": st.sampled_from(["", "北京商报", "文汇报", "某报"]), "text": TEXT}
)


@FUZZ
@given(
    rows=st.lists(ROW, min_size=1, max_size=5),
    encoding=st.sampled_from(ENCODINGS),
    sep=st.sampled_from([",", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    corrupt=st.booleans(),
    data=st.data(),
)
def test_csv_tables(rows, encoding, sep, quoting, corrupt, data) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["doc_id", "outlet", "text"], delimiter=sep, quoting=quoting, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    raw = encode(buf.getvalue(), encoding)
    if corrupt:
        raw = data.draw(damaged(raw))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("t.tsv" if sep == "\t" else "t.csv")
        path.write_bytes(raw)
        # A valid file with a row of only blanks loses that row (blank lines are skipped);
        # an intact file otherwise gives exactly its rows.
        blank = any(not "".join(r.values()).strip() for r in rows)
        check_table(path, None if corrupt or blank or encoding not in {"utf-8", "utf-8-sig", "gb18030"} else len(rows))


VALUE = st.one_of(TEXT, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2))


@FUZZ
@given(
    rows=st.lists(st.dictionaries(st.sampled_from(["doc_id", "outlet", "text", "title", "x"]), VALUE), min_size=1, max_size=5),
    encoding=st.sampled_from(ENCODINGS),
    corrupt=st.booleans(),
    data=st.data(),
)
def test_jsonl_tables(rows, encoding, corrupt, data) -> None:
    raw = encode("\n".join(json.dumps(r, ensure_ascii=data.draw(st.booleans())) for r in rows), encoding)
    if corrupt:
        raw = data.draw(damaged(raw))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.jsonl"
        path.write_bytes(raw)
        check_table(path, None if corrupt or encoding not in {"utf-8", "utf-8-sig", "gb18030"} else len(rows))


PATTERN = st.lists(st.sampled_from([*"a本报()[]|*+?^$.\\{}0,-:", "(?<=a)", "\\d", "\\S", "(a|a)+"]), max_size=8).map("".join)
SCALAR = st.one_of(PATTERN, st.integers(-2, 200), st.floats(allow_nan=False, allow_infinity=False), st.booleans())


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


@st.composite
def rule_files(draw) -> dict[str, str]:
    files = {}
    if draw(st.booleans()):
        lines = [f"max_span_chars = {toml_value(draw(SCALAR))}"] if draw(st.booleans()) else []
        for _ in range(draw(st.integers(0, 3))):
            lines += [f"[[{draw(st.sampled_from(['inline', 'line', 'caption', 'lines']))}]]",
                      f"kind = {toml_value(draw(SCALAR))}", f"pattern = {toml_value(draw(SCALAR))}"]
        files["debris.toml"] = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        lines = []
        for _ in range(draw(st.integers(0, 2))):
            rule = {k: draw(SCALAR) for k in draw(st.sets(st.sampled_from(["pattern", "where", "confidence", "id", "context"])))}
            if "context" in rule:
                rule["context"] = [draw(PATTERN)]
            body = ", ".join(f"{k} = {toml_value(v)}" for k, v in rule.items())
            lines += ["[[outlet]]", f"name = {toml_value(draw(SCALAR))}", f"id = {toml_value(draw(st.sampled_from(['bbtnews', 'x', 'Bad', ''])))}", f"rules = [{{ {body} }}]"]
        files["outlets.toml"] = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        terms = "\n".join(f"{json.dumps(draw(PATTERN))} = {toml_value(draw(SCALAR))}" for _ in range(draw(st.integers(0, 3))))
        files["topic.toml"] = f"min_hits = {toml_value(draw(SCALAR))}\n[terms]\n{terms}\n"
    if draw(st.booleans()) and files:  # or plain garbage in one of them
        files[draw(st.sampled_from(sorted(files)))] = draw(st.text(max_size=60))
    return files


@pytest.fixture(scope="module", autouse=True)
def short_timeout():
    """Runaway patterns among the random ones stop after 50 ms, not a second."""
    old = patterns.PATTERN_TIMEOUT
    patterns.PATTERN_TIMEOUT = 0.05
    yield
    patterns.PATTERN_TIMEOUT = old


@FUZZ
@given(files=rule_files(), page=TEXT)
def test_random_rule_files(files: dict[str, str], page: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lex, folder = Path(tmp) / "lex", Path(tmp) / "in"
        lex.mkdir()
        folder.mkdir()
        for name, text in files.items():
            (lex / name).write_text(text, encoding="utf-8")
        (folder / "a.txt").write_text("标题\n\n北京商报记者 张三\n" + page, encoding="utf-8")
        check_folder(folder, ["a.txt"], lexicon_dir=lex, filter_topic=False)
