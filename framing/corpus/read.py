"""``read_corpus``: any set of news files or a table, to a ``Corpus`` that accounts for every input.

files --decode--> page text --clean--> clean lines --split--> articles
      --outlet/relevance/duplicates--> documents --sentences--> sentences
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.decode import decode_bytes
from framing.corpus.dedupe import find_duplicates
from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS, Corpus, docvar_name
from framing.corpus.normalize import (
    DebrisRules,
    clean_lines,
    detect_script,
    load_debris_rules,
    to_simplified,
)
from framing.corpus.outlets import (
    UNKNOWN,
    OutletRules,
    ascii_id,
    load_outlet_rules,
    page_evidence,
    tag_outlet,
)
from framing.corpus.relevance import Topic, load_topic
from framing.corpus.split import Article, find_date, paragraphs_of, split_page, split_sentences
from framing.errors import InputError

TEXT_SUFFIXES = {".txt", ".md"}
# columns of a table input that framing reads itself; any other column is the researcher's
# own (a docvar) and travels to documents and sentences
GIVEN_COLUMNS = ("doc_id", "outlet", "date", "title", "byline")
TABLE_SUFFIXES = {".csv", ".jsonl", ".json", ".parquet", ".pq", ".tsv"}
MANIFEST_NAME = "manifest.csv"


@dataclass
class _Rules:
    debris: DebrisRules
    outlets: OutletRules
    topic: Topic


@dataclass
class _Manifest:
    path: str
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> {outlet, date}
    docvars: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> own columns


def read_corpus(
    source: str | Path | pd.DataFrame,
    *,
    manifest: str | Path | None = None,
    text_column: str = "text",
    lexicon_dir: str | Path | None = None,
    topic: str | Path | Topic | None = None,
    filter_topic: bool = True,
    min_relevance: float | None = None,
    keep_duplicates: bool = False,
    duplicate_threshold: float = 0.5,
    cohesion_threshold: float = 0.08,
    keep_text: bool = True,
    exclude: Iterable[str | Path] = (),
) -> Corpus:
    """Read news articles from a folder, a file, a table file or a DataFrame.

    Parameters
    ----------
    source:
        A folder (read recursively: ``.txt`` and ``.md`` files), one text file, a CSV / TSV /
        JSONL / Parquet file with a text column, or a DataFrame with ``text`` and optional
        ``doc_id, outlet, date, title``. A table row that carries an outlet is one article;
        other rows and files are pages that may hold several articles.
    manifest:
        Optional CSV with columns ``file, outlet[, date]``. A folder's own ``manifest.csv``
        is used when none is given. The text decides the outlet; a manifest fills it in
        where no rule fires, and a disagreement is flagged in ``outlet_conflict``.
    lexicon_dir:
        A folder with your own ``debris.toml``, ``outlets.toml`` and/or ``topic.toml``; files
        it lacks come from the bundled defaults.
    topic, filter_topic, min_relevance:
        Topic lexicon (path or ``Topic``), whether off-topic articles are excluded, and an
        override of the lexicon's relevance threshold.
    keep_duplicates:
        Keep near-duplicate articles (still flagged in ``duplicate_of``) instead of
        excluding them with ``reason=duplicate``.
    cohesion_threshold:
        Split a page at a subhead whose section shares less vocabulary than this with the
        article above (0 switches this off).
    keep_text:
        Keep ``text_original`` and ``text`` columns in ``documents``.
    exclude:
        Folders that are not inputs, e.g. the output folder of this run (``framing run``
        passes its ``--out``): skipped without a row, and listed in ``params["excluded_folders"]``.

    Returns a ``Corpus`` (see ``framing.corpus.model`` for the columns). One bad file in a
    folder becomes an excluded row with a reason, and so does a sub-folder that cannot be
    listed and a results bundle of ``framing run`` (a folder whose ``manifest.json`` says so),
    which is never read as input; only an unusable ``source`` raises ``InputError``.
    """
    rules = _load_rules(lexicon_dir, topic, min_relevance)
    records: list[dict] = []
    params = {
        "filter_topic": filter_topic,
        "min_relevance": rules.topic.min_relevance,
        "min_topic_hits": rules.topic.min_hits,
        "keep_duplicates": keep_duplicates,
        "duplicate_threshold": duplicate_threshold,
        "cohesion_threshold": cohesion_threshold,
        "topic_version": rules.topic.version,
        "topic_name": rules.topic.name,
        "topic_file": Path(rules.topic.path).name if rules.topic.path else "",
        "outlets_version": rules.outlets.version,
        "debris_version": rules.debris.version,
    }
    inputs: list[dict] = []
    if isinstance(source, pd.DataFrame):
        records = _read_table(source, "<table>", text_column, rules, cohesion_threshold)
        params["source"] = "<DataFrame>"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or folder; fix: give the path of a folder of news files or a table")
        params["source"] = path.name
        if path.is_dir():
            if _bundle_kind(path):
                raise InputError(f"{source}: this is a results bundle written by framing, not a corpus; fix: give the folder that holds the articles")
            if manifest is None and (path / MANIFEST_NAME).is_file():
                manifest = path / MANIFEST_NAME
            entries, skipped = _walk(path, {Path(x).resolve() for x in exclude})
            if skipped:
                params["excluded_folders"] = skipped
            if not entries:
                raise InputError(f"{source}: no .txt or .md files in this folder; fix: point to the folder that holds the articles")
            for entry in entries:
                if entry.reason:
                    records.append(_excluded(entry.doc_id, entry.rel, entry.reason, entry.detail))
                    inputs.append({"file": entry.rel, "status": entry.reason, "detail": entry.detail})
                else:
                    records += _read_file(entry.path, entry.rel, rules, cohesion_threshold, inputs)
        elif not path.is_file():
            raise InputError(f"{source}: not a regular file or folder; fix: give a folder of news files or a table file")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            table, replaced = _load_table(path, inputs)
            records = _read_table(table, path.name, text_column, rules, cohesion_threshold, count_replaced=replaced > 0)
        else:
            records = _read_file(path, path.name, rules, cohesion_threshold, inputs)
    if manifest is not None:
        man = _load_manifest(Path(manifest), rules.outlets, inputs)
        _apply_manifest(records, man, rules.outlets)
        params["manifest"] = Path(manifest).name
    _judge(records, rules.topic, filter_topic, keep_duplicates, duplicate_threshold)
    _researcher_kinds(records)
    docvars = _docvar_names(records)
    if docvars:
        params["docvars"] = docvars
    documents = pd.DataFrame.from_records(records, columns=DOCUMENT_COLUMNS)
    sentences = _sentences(records)
    for name in docvars:  # the researcher's own columns travel with their article
        documents[name] = pd.Series([r.get("_docvars", {}).get(name) for r in records], index=documents.index)
        by_doc = {r["doc_id"]: r.get("_docvars", {}).get(name) for r in records if r["status"] == "included"}
        sentences[name] = pd.Series([by_doc.get(d) for d in sentences["doc_id"]], index=sentences.index, dtype=documents[name].dtype if len(sentences) else object)
    documents = documents.astype(
        {"article": "int64", "outlet_confidence": "float64", "relevance": "float64",
         "topic_hits": "float64", "similarity": "float64", "n_chars": "int64",
         "n_sentences": "int64", "outlet_conflict": "bool", "replaced_bytes": "int64"}
    )
    if not keep_text:
        documents = documents.drop(columns=["text_original", "text"])
    rule_paths = {
        "debris": rules.debris.path, "outlets": rules.outlets.path, "topic": rules.topic.path,
        "gazetteer": rules.outlets.gazetteer.path if rules.outlets.gazetteer else "",
    }
    return Corpus(documents=documents, sentences=sentences, params=params, inputs=inputs, rule_paths=rule_paths)


# --- inputs -------------------------------------------------------------------------------


def _load_rules(lexicon_dir, topic, min_relevance) -> _Rules:
    def pick(name: str) -> Path | None:
        if lexicon_dir is None:
            return None
        candidate = Path(lexicon_dir) / name
        return candidate if candidate.is_file() else None

    if lexicon_dir is not None and not Path(lexicon_dir).is_dir():
        raise InputError(f"{lexicon_dir}: lexicon folder not found; fix: give an existing folder")
    if isinstance(topic, Topic):
        topic_obj = topic
    else:
        topic_obj = load_topic(topic or pick("topic.toml"))
    if min_relevance is not None:
        from dataclasses import replace

        topic_obj = replace(topic_obj, min_relevance=float(min_relevance))
    return _Rules(
        debris=load_debris_rules(pick("debris.toml")),
        outlets=load_outlet_rules(pick("outlets.toml"), gazetteer=pick("outlets_gazetteer.csv")),
        topic=topic_obj,
    )


def _load_table(path: Path, inputs: list[dict]) -> tuple[pd.DataFrame, int]:
    """A table file as a DataFrame, and how many invalid bytes its decoding replaced."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror}); fix: check the file's permissions") from None
    inputs.append({"file": path.name, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()})
    if suffix in {".parquet", ".pq"}:
        try:
            return pd.read_parquet(io.BytesIO(raw)), 0
        except ImportError:
            raise InputError(f"{path}: reading Parquet needs pyarrow; fix: pip install 'framing[parquet]'") from None
        except Exception as err:  # pyarrow raises many error types
            raise InputError(f"{path}: cannot be read as a Parquet table ({type(err).__name__}: {err}); fix: check the file format") from None
    decoded = decode_bytes(raw)
    if decoded.text is None:
        kind = "JSON Lines" if suffix == ".jsonl" else suffix[1:].upper()
        raise InputError(f"{path}: {decoded.reason.replace('_', ' ')} ({decoded.detail}); fix: save it as a UTF-8 {kind} file")
    if suffix in {".csv", ".tsv"}:
        header, rows, _ = parse_csv(decoded.text, str(path), "\t" if suffix == ".tsv" else ",")
        if not rows:
            raise InputError(f"{path}: no rows under the header; fix: add the articles, one per row")
        return pd.DataFrame(rows, columns=header, dtype=object), decoded.replaced
    if suffix == ".jsonl":
        return _parse_jsonl(decoded.text, str(path)), decoded.replaced
    return _parse_json(decoded.text, str(path)), decoded.replaced


def parse_csv(text: str, name: str, sep: str = ",") -> tuple[list[str], list[list[str]], list[int]]:
    """Read CSV text strictly: the header, the rows, and the line each row starts on.

    Refuses, with an ``InputError`` naming the line, what a lenient reader would guess at:
    a row with more or fewer fields than the header (pandas would take an extra first
    field as the index and shift every column), a quote closed in the middle of a cell
    (``"a"b``), a quote never closed, and a quote that opens on one line and closes on a
    later one although every line in between is a complete row by itself (rows that a
    stray quote would merge into one). Blank lines are skipped.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    physical = re.split(r"\r\n|\r|\n", text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    starts: list[int] = []
    end = 0
    while True:
        start = end + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise InputError(_csv_error(name, err, start, reader.line_num, sep)) from None
        end = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if header is None:
            header = record
            if len(set(header)) < len(header):
                dup = next(h for h in header if header.count(h) > 1)
                raise InputError(f"{name}:{start}: column {dup!r} appears twice in the header; fix: rename one of them")
            continue
        if len(record) != len(header):
            more = len(record) > len(header)
            fix = (
                f"quote the cell that holds a '{_sep_name(sep)}' (\"...\") or remove the extra one"
                if more else f"add the missing fields (an empty field is just '{_sep_name(sep)}')"
            )
            raise InputError(
                f"{name}:{start}: row {len(rows) + 1} has {len(record)} fields, the header has {len(header)}; fix: {fix}"
            )
        if end > start and len(header) > 1 and all(
            _field_count(physical[no - 1], sep) == len(header) for no in range(start, end + 1)
        ):
            raise InputError(
                f"{name}:{start}: a quote opened on line {start} closes on line {end}, joining lines "
                f"{start}-{end} into one row although each of them is a row of {len(header)} fields; "
                f"fix: close the quote on line {start}, or double a quote that belongs to the text (\"\")"
            )
        rows.append(record)
        starts.append(start)
    if header is None:
        raise InputError(f"{name}: no header line; fix: start the file with the column names, e.g. doc_id,text")
    return header, rows, starts


def _sep_name(sep: str) -> str:
    return "\\t" if sep == "\t" else sep


def _field_count(line: str, sep: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=sep), []))
    except csv.Error:
        return -1


def _csv_error(name: str, err: csv.Error, start: int, line: int, sep: str) -> str:
    message = str(err)
    if "unexpected end of data" in message:
        return (
            f"{name}:{start}: a quote opened on line {start} is never closed; "
            "fix: close it, or double a quote that belongs to the text (\"\")"
        )
    if "expected after" in message:
        return (
            f"{name}:{line}: a quote closes in the middle of a cell ({message}); fix: quote the whole "
            f"cell and double the quotes inside it (\"say \"\"hi\"\"\"), or close the quote before the '{_sep_name(sep)}'"
        )
    return f"{name}:{line}: not valid CSV ({message}); fix: check the quoting on this line"


def _parse_jsonl(text: str, name: str) -> pd.DataFrame:
    """JSON Lines: one object per line; errors name the line (and column)."""
    records = []
    for no, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{name}:{no}: not valid JSON ({err.msg} at column {err.colno}); fix: write one JSON object per line") from None
        except RecursionError:
            raise InputError(f"{name}:{no}: JSON nested too deeply; fix: write one flat JSON object per line") from None
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{no}: a JSON {type(obj).__name__} where an object is expected; fix: one object per line, e.g. {{\"text\": \"...\"}}")
        records.append(obj)
    if not records:
        raise InputError(f"{name}: no JSON objects in the file; fix: write one object per line, e.g. {{\"text\": \"...\"}}")
    return pd.DataFrame(records, dtype=object)


def _parse_json(text: str, name: str) -> pd.DataFrame:
    """A JSON file: a list of objects (one per article), or an object of columns."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}:{err.lineno}: not valid JSON ({err.msg} at column {err.colno}); fix: correct the syntax") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply; fix: write a list of flat objects") from None
    if isinstance(obj, list) and obj and all(isinstance(o, dict) for o in obj):
        return pd.DataFrame(obj, dtype=object)
    if isinstance(obj, dict) and obj:
        try:
            return pd.DataFrame(obj, dtype=object)
        except (ValueError, TypeError):
            pass
    raise InputError(f"{name}: holds no list of article objects; fix: write a list like [{{\"text\": \"...\"}}, ...] or use JSON Lines")


@dataclass
class _Entry:
    """One item of a folder: a file to read, or a file or folder that is not read (``reason``)."""

    rel: str
    path: Path
    reason: str = ""
    detail: str = ""

    @property
    def doc_id(self) -> str:
        stem = self.rel[: -len(self.path.suffix)] if self.path.suffix and not self.rel.endswith("/") else self.rel
        return f"{stem}#0"


_TEMP_BUNDLE = re.compile(r"^\..+\.(?:partial|old|tmp)-\d+$")


def _bundle_kind(folder: Path) -> str:
    """``"bundle"`` for a results bundle, ``"unfinished"`` for the temporary folder of an
    interrupted write (``.results.partial-123`` with tables/ and figures/), else ``""``."""
    if (folder / "manifest.json").is_file():
        from framing.report.bundle import is_bundle

        if is_bundle(folder):
            return "bundle"
    if _TEMP_BUNDLE.match(folder.name) and (folder / "tables").is_dir() and (folder / "figures").is_dir():
        return "unfinished"
    return ""


def _walk(root: Path, exclude: set[Path]) -> tuple[list[_Entry], list[str]]:
    """The ``.txt``/``.md`` files under ``root``, and rows for what cannot or must not be read.

    Returns the entries sorted by relative path, and the excluded folders skipped without a
    row (``exclude``, with the temporary folders of a bundle write beside them). Links to
    folders are followed once (a folder reached again is not read twice).
    """
    entries: list[_Entry] = []
    skipped: list[str] = []
    seen = {root.resolve()}
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as err:
            if not prefix:
                raise InputError(f"{root}: cannot list this folder ({err.strerror}); fix: check its permissions") from None
            entries.append(_Entry(prefix, folder, "unreadable", f"cannot list folder: {err.strerror}"))
            continue
        for item in items:
            rel, path = prefix + item.name, Path(item.path)
            try:
                is_dir = item.is_dir()
                is_file = item.is_file()
            except OSError as err:
                entries.append(_Entry(rel, path, "unreadable", f"cannot inspect: {err.strerror}"))
                continue
            if is_dir:
                real = path.resolve()
                if real in exclude or _beside_excluded(path, exclude):
                    skipped.append(rel + "/")
                    continue
                kind = _bundle_kind(path)
                if kind:
                    what = "a results bundle" if kind == "bundle" else "an unfinished results bundle"
                    entries.append(_Entry(rel + "/", path, "bundle", f"{what} written by framing, not input"))
                    continue
                if real in seen:
                    entries.append(_Entry(rel + "/", path, "duplicate_folder", f"a link to {real.name}, which is read already"))
                    continue
                seen.add(real)
                stack.append((path, rel + "/"))
            elif path.suffix.lower() in TEXT_SUFFIXES:
                if is_file:
                    entries.append(_Entry(rel, path))
                elif item.is_symlink() and not path.exists():
                    entries.append(_Entry(rel, path, "unreadable", "a link to a file that does not exist"))
                else:
                    entries.append(_Entry(rel, path, "unreadable", "not a regular file"))
    entries.sort(key=lambda e: e.rel)
    return entries, sorted(skipped)


def _beside_excluded(path: Path, exclude: set[Path]) -> bool:
    """A temporary folder of a bundle write of an excluded output folder (``.results.partial-1``)."""
    parent = path.parent.resolve()
    return any(
        x.parent == parent and path.name.startswith(f".{x.name}.") and _TEMP_BUNDLE.match(path.name)
        for x in exclude
    )


def _read_file(path: Path, rel: str, rules: _Rules, cohesion: float, inputs: list[dict]) -> list[dict]:
    stem = rel[: -len(path.suffix)] if path.suffix else rel
    try:
        data = path.read_bytes()
    except OSError as err:
        inputs.append({"file": rel, "status": "unreadable", "detail": f"cannot read: {err.strerror}"})
        return [_excluded(f"{stem}#0", rel, "unreadable", f"cannot read: {err.strerror}")]
    inputs.append({"file": rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [_excluded(f"{stem}#0", rel, decoded.reason, decoded.detail, decoded.encoding)]
    return _read_page(
        decoded.text, stem, rel, decoded.encoding, rules, cohesion, given={},
        replaced=decoded.replaced, notes=decoded.detail,
    )


_SURROGATES = re.compile("[\ud800-\udfff]")


def _read_table(
    df: pd.DataFrame, name: str, text_column: str, rules: _Rules, cohesion: float, count_replaced: bool = False
) -> list[dict]:
    if text_column not in df.columns:
        raise InputError(
            f"{name}: no {text_column!r} column (columns: {', '.join(map(str, df.columns))}); "
            "fix: rename the text column or pass text_column="
        )
    _check_text_column(df[text_column], name, text_column)
    rows = df.to_dict("records")
    given_ids = _given_ids(rows, name)
    records: list[dict] = []
    owner: dict[str, int] = {}
    for i, row in enumerate(rows, 1):
        given = {k: _clean_cell(row.get(k)) for k in GIVEN_COLUMNS}
        own = {docvar_name(k): v for k, v in row.items() if k not in GIVEN_COLUMNS and k != text_column}
        base = given["doc_id"] or f"row{i}"
        if not given["doc_id"] and base in given_ids:
            raise InputError(
                f"{name}: row {i} has no doc_id, and the id it would get, {base!r}, is the doc_id "
                f"given on row {given_ids[base]}; fix: give row {i} a doc_id, or rename the one on row {given_ids[base]}"
            )
        rel = f"{name}:row{i}"
        replaced = sum(str(v).count("\ufffd") for v in row.values() if isinstance(v, str)) if count_replaced else 0
        text, reason, detail = _text_cell(row.get(text_column))
        if text is None:
            found = [_excluded(base, rel, reason, detail)]
        else:
            text, lone = _SURROGATES.subn("\ufffd", text)
            notes = [detail] if detail else []
            if replaced or lone:
                notes.append(f"{replaced + lone} invalid byte{'s' if replaced + lone != 1 else ''} replaced by U+FFFD")
            found = _read_page(
                text, base, rel, "", rules, cohesion, given=given, replaced=replaced + lone, notes="; ".join(notes)
            )
        for r in found:
            if r["doc_id"] in owner:
                j = owner[r["doc_id"]]
                raise InputError(
                    f"{name}: doc_id {r['doc_id']!r} of row {i} is also the doc_id of an article of row {j} "
                    f"(a page split into articles gets ids <doc_id>#1, #2 ...); fix: rename the doc_id on row {i} or on row {j}"
                )
            owner[r["doc_id"]] = i
            r["_docvars"] = own
        records += found
    return records


# the outlet attributes a researcher may give in a table or manifest: their value wins over
# the gazetteer's (it is their classification for their study)
OWN_KINDS = ("outlet_type", "outlet_level", "channel")


def _researcher_kinds(records: list[dict]) -> None:
    """Use a table's or manifest's own ``outlet_type``/``outlet_level``/``channel``."""
    for r in records:
        own = r.get("_docvars")
        if not own:
            continue
        for name in OWN_KINDS:
            value = own.pop(f"given_{name}", None)
            if value not in (None, "") and not (isinstance(value, float) and value != value):
                r[name] = str(value)


def _docvar_names(records: list[dict]) -> list[str]:
    """The researcher's own columns of the records, in the order first met; a name framing
    uses itself was renamed ``given_<name>`` (:func:`framing.corpus.model.docvar_name`),
    with a warning."""
    names = list(dict.fromkeys(k for r in records for k in r.get("_docvars", {})))
    renamed = [n for n in names if n.startswith("given_")]
    if renamed:
        warnings.warn(
            f"column(s) {', '.join(n[len('given_'):] for n in renamed)} of the input are names framing "
            f"uses for its own columns; kept as {', '.join(renamed)}",
            stacklevel=3,
        )
    return names


def _given_ids(rows: list[dict], name: str) -> dict[str, int]:
    """The doc_ids the table gives, with the row that gives each; duplicates are an error."""
    ids: dict[str, int] = {}
    for i, row in enumerate(rows, 1):
        doc_id = _clean_cell(row.get("doc_id"))
        if not doc_id:
            continue
        if doc_id in ids:
            raise InputError(f"{name}: doc_id {doc_id!r} is given on rows {ids[doc_id]} and {i}; fix: make doc_id unique")
        ids[doc_id] = i
    return ids


def _check_text_column(column: pd.Series, name: str, text_column: str) -> None:
    """A text column that holds no text at all (numbers, dates ...) is the wrong column."""
    values = [v for v in column.tolist() if not _is_missing(v)]
    if values and not any(isinstance(v, str | bytes) for v in values):
        kind = str(column.dtype) if column.dtype != object else type(values[0]).__name__
        raise InputError(
            f"{name}: column {text_column!r} holds {kind} values, not text; "
            "fix: pass the column with the article text as text_column= (--text-column)"
        )


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


def _text_cell(value) -> tuple[str | None, str, str]:
    """``(text, reason, detail)`` of a text cell: the text, or None and why there is none."""
    if isinstance(value, bytes):
        decoded = decode_bytes(value)
        if decoded.text is None:
            return None, decoded.reason, f"text cell: {decoded.detail}"
        return decoded.text, "", decoded.detail
    if _is_missing(value):
        return None, "no_text", "empty text cell"
    if not isinstance(value, str):
        return None, "no_text", f"text cell holds a {type(value).__name__} ({str(value)[:30]}), not text"
    if not value.strip():
        return None, "no_text", "empty text cell"
    return value, "", ""


def _clean_cell(value) -> str:
    if _is_missing(value):
        return ""
    return _SURROGATES.sub("\ufffd", str(value)).strip()


# --- one page -----------------------------------------------------------------------------


def _read_page(
    text: str, stem: str, rel: str, encoding: str, rules: _Rules, cohesion: float, given: dict,
    replaced: int = 0, notes: str = "",
) -> list[dict]:
    lines = clean_lines(text, rules.debris)
    script = detect_script(text, to_simplified(text))
    if given.get("outlet"):
        # A row that names its outlet is one article: no page splitting.
        from framing.corpus.split import _build_article

        paras = paragraphs_of(lines)
        articles = [_build_article(paras, 1, "given")] if paras else []
    else:
        articles = split_page(lines, cohesion_threshold=cohesion)
    if not articles:
        note = "; ".join(n for n in (notes, "nothing left after cleaning") if n)
        row = _excluded(f"{stem}#0" if not given else stem, rel, "no_text", note, encoding)
        row["replaced_bytes"] = replaced
        return [row]
    removed_by_article = _assign_removed(lines, articles)
    page_clean = "\n".join(line.text for line in lines if line.text)
    page_removed = "\n".join(f"{k}:{t}" for line in lines for k, t in line.removed)
    evidence = None if given.get("outlet") else page_evidence(page_removed, page_clean, rules.outlets, script)
    records = []
    for art, removed in zip(articles, removed_by_article, strict=True):
        doc_id = stem if (given and len(articles) == 1) else f"{stem}#{art.number}"
        meta_lines = [t for _, t in art.meta]
        header = "\n".join([art.dateline, *art.header, *meta_lines])
        if given.get("outlet"):
            outlet = rules.outlets.lookup(given["outlet"])
            entry = rules.outlets.entry(outlet) if outlet else None
            tag = (
                (outlet.name, outlet.id, 1.0, "given in the input table")
                if outlet
                else (given["outlet"], ascii_id(given["outlet"]), 1.0, "given in the input table")
            )
            kind = (entry.type, entry.level) if entry else ("", "")
            channel = ("original", "", "the outlet is given in the input table; the text was not searched for a repost")
        else:
            lead = next((t for t, heading in art.lines if not heading), "")
            t = tag_outlet(
                header, art.text, page_removed, page_clean, rules.outlets,
                byline="\n".join([art.dateline, *meta_lines]), lead=lead, script=script, evidence=evidence,
            )
            tag = (t.outlet, t.outlet_id, t.confidence, t.evidence)
            kind = (t.outlet_type, t.outlet_level)
            channel = (t.channel, t.site, t.channel_evidence)
        original = "\n".join(line.original for line in lines[art.first_line : art.last_line + 1])
        sentences = _split_article(art)
        records.append(
            {
                "doc_id": doc_id,
                "source": rel,
                "article": art.number,
                "outlet": tag[0],
                "outlet_id": tag[1],
                "outlet_confidence": tag[2],
                "outlet_evidence": tag[3],
                "manifest_outlet": "",
                "outlet_conflict": False,
                "outlet_type": kind[0],
                "outlet_level": kind[1],
                "channel": channel[0],
                "site": channel[1],
                "channel_evidence": channel[2],
                "date": given.get("date") or find_date(art.dateline) or find_date("\n".join(meta_lines))
                or find_date("\n".join(art.header)),
                "title": given.get("title") or art.title,
                "byline": given.get("byline") or " / ".join(art.bylines),
                "source_line": " / ".join(t for k, t in art.meta if k not in ("byline",)),
                "status": "included",
                "reason": "",
                "relevance": 0.0,
                "topic_hits": 0.0,
                "duplicate_of": "",
                "similarity": 0.0,
                "encoding": encoding,
                "script": script,
                "n_chars": len(art.text),
                "n_sentences": len(sentences),
                "removed": " | ".join(f"{k}:{t}" for k, t in removed),
                "replaced_bytes": replaced,
                "notes": notes,
                "text_original": original,
                "text": art.text,
                "_kind": art.kind,
                "_sentences": sentences,
                "_page": stem,
            }
        )
    _inherit_page_outlet(records)
    return records


def _split_article(art: Article) -> list[dict]:
    sentences = split_sentences(art.text)
    heading_lines = {i for i, (_, is_heading) in enumerate(art.lines) if is_heading}
    for s in sentences:
        s["is_headline"] = s["line"] in heading_lines
    return sentences


def _assign_removed(lines, articles: list[Article]) -> list[list[tuple[str, str]]]:
    """Debris removed from a page, given to the article it sat in (or the nearest one)."""
    out: list[list[tuple[str, str]]] = [[] for _ in articles]
    firsts = [art.first_line for art in articles]
    for line in lines:
        if not line.removed:
            continue
        k = max(bisect.bisect_right(firsts, line.index) - 1, 0)  # the last article starting at or above
        out[k].extend(line.removed)
    return out


def _inherit_page_outlet(records: list[dict]) -> None:
    """Articles with no outlet evidence of their own take the page's outlet."""
    tagged = [r for r in records if r["outlet"] != UNKNOWN]
    if not tagged:
        return
    best = max(tagged, key=lambda r: r["outlet_confidence"])
    for r in records:
        if r["outlet"] == UNKNOWN:
            r["outlet"], r["outlet_id"] = best["outlet"], best["outlet_id"]
            r["outlet_type"], r["outlet_level"] = best["outlet_type"], best["outlet_level"]
            r["channel"], r["channel_evidence"] = best["channel"], best["channel_evidence"]
            r["outlet_confidence"] = round(0.8 * best["outlet_confidence"], 3)
            r["outlet_evidence"] = f"same page as {best['doc_id']} ({best['outlet_evidence']})"


def _excluded(doc_id: str, rel: str, reason: str, detail: str, encoding: str = "") -> dict:
    return {
        "doc_id": doc_id, "source": rel, "article": 0, "outlet": UNKNOWN, "outlet_id": UNKNOWN,
        "outlet_confidence": 0.0, "outlet_evidence": f"not read: {detail}", "manifest_outlet": "",
        "outlet_conflict": False, "outlet_type": "", "outlet_level": "", "channel": "", "site": "",
        "channel_evidence": "", "date": "", "title": "", "byline": "", "source_line": "", "status": "excluded",
        "reason": reason, "relevance": 0.0, "topic_hits": 0.0, "duplicate_of": "",
        "similarity": 0.0, "encoding": encoding, "script": "", "n_chars": 0, "n_sentences": 0,
        "removed": "", "replaced_bytes": 0, "notes": detail, "text_original": "", "text": "",
        "_kind": "none", "_sentences": [],
        "_page": doc_id,
    }


# --- manifest -----------------------------------------------------------------------------


def _load_manifest(path: Path, outlets: OutletRules, inputs: list[dict] | None = None) -> _Manifest:
    if not path.is_file():
        raise InputError(f"{path}: manifest not found; fix: give an existing CSV or leave it out")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the manifest ({err.strerror}); fix: check its permissions, or leave it out") from None
    if inputs is not None:
        inputs.append({"file": path.name, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()})
    decoded = decode_bytes(raw)
    if decoded.text is None:
        raise InputError(f"{path}: manifest is {decoded.reason.replace('_', ' ')}; fix: save it as UTF-8 CSV with columns file,outlet,date")
    header, rows, lines = parse_csv(decoded.text, str(path))
    cols = set(header)
    if not {"file", "outlet"} <= cols:
        raise InputError(f"{path}: manifest needs columns 'file' and 'outlet' (has {sorted(cols)}); fix: add a header line file,outlet,date")
    man = _Manifest(str(path))
    for line_no, values in zip(lines, rows, strict=True):
        row = dict(zip(header, values, strict=True))
        file = row["file"].strip()
        name = row["outlet"].strip()
        if not file:
            raise InputError(f"{path}:{line_no}: empty 'file'; fix: name the article file or delete the line")
        if name and outlets.lookup(name) is None:
            known = ", ".join(o.name for o in outlets.outlets)
            raise InputError(
                f"{path}:{line_no}: unknown outlet {name!r}; fix: use one of {known} or an outlet of the gazetteer "
                f"({Path(outlets.gazetteer.path).name if outlets.gazetteer else 'outlets_gazetteer.csv'}), or add it to {Path(outlets.path).name}"
            )
        date = row.get("date", "").strip()
        if date and not find_date(date):
            raise InputError(f"{path}:{line_no}: date {date!r} is not YYYY-MM-DD; fix: write e.g. 2024-02-22 or leave it empty")
        man.rows[file] = {"outlet": outlets.lookup(name).name if name else "", "date": find_date(date) if date else ""}
        man.docvars[file] = {docvar_name(k): v for k, v in row.items() if k not in ("file", "outlet", "date")}
    return man


def _apply_manifest(records: list[dict], man: _Manifest, outlets: OutletRules) -> None:
    sources = {r["source"] for r in records}
    for file in man.rows:
        if file not in sources:
            warnings.warn(f"{man.path}: lists {file!r}, which is not among the inputs", stacklevel=3)
    for r in records:
        entry = man.rows.get(r["source"])
        if not entry:
            continue
        r["manifest_outlet"] = entry["outlet"]
        r["_docvars"] = {**r.get("_docvars", {}), **man.docvars.get(r["source"], {})}
        if entry["date"] and not r["date"]:
            r["date"] = entry["date"]
        if not entry["outlet"]:
            continue
        if r["outlet"] == UNKNOWN:
            outlet = outlets.lookup(entry["outlet"])
            r["outlet"], r["outlet_id"] = outlet.name, outlet.id
            kind = outlets.entry(outlet)
            r["outlet_type"], r["outlet_level"] = kind.type, kind.level
            r["outlet_confidence"] = 1.0
            r["outlet_evidence"] = f"manifest ({r['outlet_evidence']})"
        elif r["outlet"] != entry["outlet"] and r["status"] == "included" and r["article"]:
            r["outlet_conflict"] = True
            r["outlet_evidence"] += f"; manifest says {entry['outlet']}"


# --- judging: topic, duplicates -----------------------------------------------------------


def _judge(records: list[dict], topic: Topic, filter_topic: bool, keep_duplicates: bool, threshold: float) -> None:
    for r in records:
        if r["status"] != "included":
            continue
        r["relevance"], r["topic_hits"] = topic.score(r["text"])
        if filter_topic and (r["_kind"] == "notice" or not topic.is_on_topic(r["relevance"], r["topic_hits"])):
            r["status"], r["reason"] = "excluded", "off_topic"
    live = [r for r in records if r["status"] == "included"]
    reposts = [r["channel"] == "repost" or r["outlet_id"] == "web_repost" for r in live]
    dups = find_duplicates([r["text"] for r in live], reposts, threshold)
    for r, (original, sim) in zip(live, dups, strict=True):
        r["similarity"] = sim
        if original is not None:
            r["duplicate_of"] = live[original]["doc_id"]
            if not keep_duplicates:
                r["status"], r["reason"] = "excluded", "duplicate"


def _sentences(records: Iterable[dict]) -> pd.DataFrame:
    rows = []
    for r in records:
        if r["status"] != "included":
            continue
        for k, s in enumerate(r["_sentences"], 1):
            rows.append(
                {
                    "doc_id": r["doc_id"], "sent_id": k, "outlet": r["outlet"],
                    "outlet_id": r["outlet_id"], "outlet_type": r.get("outlet_type", ""),
                    "text": s["text"], "start": s["start"],
                    "end": s["end"], "is_headline": s["is_headline"], "n_chars": len(s["text"]),
                }
            )
    df = pd.DataFrame.from_records(rows, columns=SENTENCE_COLUMNS)
    return df.astype({"sent_id": "int64", "start": "int64", "end": "int64", "is_headline": "bool", "n_chars": "int64"})
