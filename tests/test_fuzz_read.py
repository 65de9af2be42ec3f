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

from framing.corpus.read import read_corpus
from framing.errors import FramingError
from framing.lexicons import patterns

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


BUNDLE = '{"bundle": "framing-results-bundle"}'


@st.composite
def folder_items(draw) -> dict[str, object]:
    """Relative path -> file bytes, or a marker: ``"link"`` (a broken link) or ``"bundle"``
    (a results bundle folder, with a report.md in it)."""
    items: dict[str, object] = {}
    for _ in range(draw(st.integers(1, 5))):
        where = draw(st.sampled_from(["", "sub/", "sub/deeper/", "other/"]))
        kind = draw(st.sampled_from(["file", "file", "file", "link", "bundle"]))
        if kind == "bundle":
            items[f"{where}{draw(NAMES)}/"] = "bundle"
        else:
            name = draw(NAMES) + draw(st.sampled_from([".txt", ".md", ".TXT"]))
            items[where + name] = "link" if kind == "link" else draw(text_file())
    return items


def build(folder: Path, items: dict[str, object]) -> set[str]:
    """Make the folder; return the sources its documents must have (every file and link,
    each bundle folder as one row, nothing inside a bundle)."""
    made: dict[str, object] = {}
    for rel, item in items.items():
        path = folder / rel
        if any(rel.startswith(b) or b.startswith(rel) for b, i in made.items() if i == "bundle" or item == "bundle"):
            continue  # keep bundles apart from files (and from each other)
        path.parent.mkdir(parents=True, exist_ok=True)
        if item == "bundle":
            path.mkdir(exist_ok=True)
            (path / "manifest.json").write_text(BUNDLE, encoding="utf-8")
            (path / "report.md").write_text("# 报告\n\nSora文生视频。\n", encoding="utf-8")
        elif item == "link":
            path.symlink_to(folder / "does-not-exist.txt")
        else:
            path.write_bytes(item)
        made[rel] = item
    return set(made)


def check_folder(folder: Path, expected: set[str], **options) -> None:
    try:
        corpus = read_corpus(folder, **options)
    except FramingError:
        return
    assert set(corpus.documents["source"]) == expected
    assert corpus.documents["doc_id"].is_unique
    assert {i["file"] for i in corpus.inputs} >= expected


@FUZZ
@given(items=folder_items())
def test_folders_of_random_files(items: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        check_folder(folder, build(folder, items))


def check_table(path: Path, rows: list[dict] | None) -> None:
    """An intact table (``rows`` given) gives documents ``<file>:row<i>`` for each of its
    rows, with ids from its doc_id; a damaged one gives consecutive rows, or an error."""
    try:
        docs = read_corpus(path, filter_topic=False).documents
    except FramingError:
        return
    assert docs["doc_id"].is_unique
    found = {int(s.rsplit(":row", 1)[1]) for s in docs["source"]}
    if rows is None:
        assert found == set(range(1, len(found) + 1))
        return
    assert found == set(range(1, len(rows) + 1))
    for i, row in enumerate(rows, 1):
        value = row.get("doc_id")
        base = (str(value).strip() if value is not None else "") or f"row{i}"
        ids = docs.loc[docs["source"] == f"{path.name}:row{i}", "doc_id"]
        if "\ufffd" not in base and "?" not in base:  # an id damaged by its encoding
            assert all(d == base or d.startswith(base + "#") for d in ids), (i, base, list(ids))


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
        check_table(path, None if corrupt else rows)


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
        check_table(path, None if corrupt else rows)


PATTERN = st.lists(st.sampled_from([*"a本报()[]|*+?^$.\\{}0,-:", "(?<=a)", "\\d", "\\S", "(a|a)+"]), max_size=8).map("".join)
GOOD = st.sampled_from(["本报", "版权所有", "^图源", "记者\\S{1,4}", "(?<=[\u4e00-\u9fff])\\(\\w+\\)"])
SCALAR = st.one_of(PATTERN, st.integers(-2, 200), st.floats(allow_nan=False, allow_infinity=False), st.booleans())
VALUE_OR_LIST = st.one_of(SCALAR, st.lists(SCALAR, max_size=2))


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


def maybe(draw, good, bad=VALUE_OR_LIST):
    """Mostly a sound value, sometimes anything."""
    return draw(good) if draw(st.integers(0, 3)) else draw(bad)


@st.composite
def rule_files(draw) -> dict[str, str]:
    """debris.toml, outlets.toml and topic.toml: mostly well-formed, with wrong keys,
    types, numbers and patterns (runaway ones among them) mixed in."""
    files = {}
    if draw(st.booleans()):
        lines = [f"{k} = {toml_value(maybe(draw, st.integers(1, 200)))}"
                 for k in draw(st.sets(st.sampled_from(["max_span_chars", "caption_max_chars", "version"])))]
        for _ in range(draw(st.integers(0, 3))):
            scope = maybe(draw, st.sampled_from(["inline", "line", "caption"]), st.sampled_from(["lines", "x"]))
            lines += [f"[[{scope}]]", f"kind = {toml_value(maybe(draw, st.just('k')))}",
                      f"pattern = {toml_value(maybe(draw, GOOD, PATTERN))}"]
        files["debris.toml"] = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        lines = []
        for _ in range(draw(st.integers(0, 2))):
            rule = {
                "pattern": maybe(draw, GOOD, PATTERN),
                "where": maybe(draw, st.sampled_from(["header", "text", "any", "removed", "page"])),
                "confidence": maybe(draw, st.floats(0.01, 1)),
            }
            for key in draw(st.sets(st.sampled_from(["id", "context", "contxt"]))):
                rule[key] = maybe(draw, st.lists(GOOD, max_size=2)) if key != "id" else draw(SCALAR)
            body = ", ".join(f"{k} = {toml_value(v)}" for k, v in rule.items())
            lines += ["[[outlet]]", f"name = {toml_value(maybe(draw, st.sampled_from(['北京商报', 'X'])))}",
                      f"id = {toml_value(maybe(draw, st.sampled_from(['bbtnews', 'x']), st.sampled_from(['Bad', ''])))}",
                      f"aliases = {toml_value(maybe(draw, st.lists(st.just('alias'), max_size=2)))}",
                      f"rules = [{{ {body} }}]"]
        files["outlets.toml"] = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        terms = "\n".join(f"{json.dumps(draw(PATTERN))} = {toml_value(maybe(draw, st.floats(0.1, 3)))}" for _ in range(draw(st.integers(0, 3))))
        head = "\n".join(f"{k} = {toml_value(maybe(draw, st.floats(0, 5)))}" for k in draw(st.sets(st.sampled_from(["min_hits", "min_relevance", "name"]))))
        files["topic.toml"] = f"{head}\n[terms]\n{terms}\n"
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


@settings(FUZZ, max_examples=80)
@given(files=rule_files(), page=TEXT)
def test_random_rule_files(files: dict[str, str], page: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lex, folder = Path(tmp) / "lex", Path(tmp) / "in"
        lex.mkdir()
        folder.mkdir()
        for name, text in files.items():
            (lex / name).write_text(text, encoding="utf-8")
        (folder / "a.txt").write_text("标题\n\n北京商报记者 张三\n" + page, encoding="utf-8")
        check_folder(folder, {"a.txt"}, lexicon_dir=lex, filter_topic=False)
