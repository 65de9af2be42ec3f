"""Table inputs (CSV, TSV, JSON Lines, Parquet, JSON) read in chunks of rows.

A table of 100,000 articles is a file of about a gigabyte; reading it whole would hold the
bytes, the decoded text and every parsed row at once. :func:`read_table` reads a file
twice instead: once in blocks, for its SHA-256 and to learn whether it is plain UTF-8 (with
or without a BOM), and then, for such a file, row by row, handing on ``CHUNK_ROWS`` rows at
a time, so that memory holds one chunk, not the table. Tables in another encoding (GB18030,
UTF-16 ...), damaged UTF-8, small files and JSON files are decoded whole by
:func:`framing.corpus.decode.decode_bytes` as before, and then cut into the same chunks.

Either way a table is read strictly: a CSV row whose fields do not match the header, or a
stray quote that would merge rows, is an :class:`~framing.errors.InputError` naming the
line (:func:`iter_csv`); a JSON Lines error names its line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.decode import MAX_CONTROL_SHARE, control_share, decode_bytes
from framing.errors import InputError

#: Rows handed on at a time (a chunk is also the unit of work of ``jobs`` processes).
CHUNK_ROWS = 500
#: Files at least this large are read row by row; smaller ones are decoded whole.
STREAM_BYTES = 4 << 20
_BLOCK = 1 << 22
_BLANK = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"


@dataclass
class Table:
    """A table input being read: its chunks of rows and what is known about it."""

    name: str
    #: ``(number of the first row, rows as dicts)``; rows are numbered from 1 below the header
    chunks: Iterator[tuple[int, list[dict]]]
    #: the columns, when the file names them before its rows (CSV header, Parquet schema)
    columns: list[str] | None = None
    #: the pandas dtype of each column, when the file has types (Parquet)
    dtypes: dict[str, str] = field(default_factory=dict)
    #: invalid bytes were replaced by U+FFFD when the file was decoded
    replaced: bool = False
    #: the input entry: ``{"file", "bytes", "sha256"}``
    entry: dict = field(default_factory=dict)
    #: bytes of the file read so far (for a progress bar); ``size`` is the total
    done: int = 0
    size: int = 0


def read_table(path: Path, chunk_rows: int | None = None) -> Table:
    """Open a table file for reading in chunks (see the module doc).

    Parameters
    ----------
    path : Path
        A ``.csv``, ``.tsv``, ``.jsonl``, ``.json`` or Parquet (``.parquet``, ``.pq``) file.
    chunk_rows : int or None
        Rows a chunk (None: ``CHUNK_ROWS``).

    Returns
    -------
    Table
        The table, its chunks still to be read (the whole file already decoded when it is
        not streamed).

    Raises
    ------
    InputError
        For a file that cannot be read, decoded or parsed; errors in rows further down are
        raised when their chunk is read.
    """
    rows = chunk_rows or CHUNK_ROWS
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        entry, utf8, blank = _scan(path)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror}); fix: check the file's permissions") from None
    table = Table(path.name, iter(()), entry=entry, size=size)
    if suffix in {".parquet", ".pq"}:
        return _parquet(path, table, rows)
    if utf8 is not None and not blank and size >= STREAM_BYTES and suffix != ".json":
        return _stream_text(path, table, utf8, rows)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror}); fix: check the file's permissions") from None
    decoded = decode_bytes(raw)
    del raw
    if decoded.text is None:
        kind = "JSON Lines" if suffix == ".jsonl" else suffix[1:].upper()
        raise InputError(f"{path}: {decoded.reason.replace('_', ' ')} ({decoded.detail}); fix: save it as a UTF-8 {kind} file")
    table.replaced = decoded.replaced > 0
    table.done = size
    text = decoded.text
    if suffix in {".csv", ".tsv"}:
        return _csv_table(io.StringIO(text, newline=""), str(path), "\t" if suffix == ".tsv" else ",", table, rows)
    if suffix == ".jsonl":
        return _jsonl_table(io.StringIO(text, newline="\n"), str(path), table, rows)
    frame = _parse_json(text, str(path))
    table.columns = [str(c) for c in frame.columns]
    table.chunks = _frame_chunks(frame, rows)
    return table


def _scan(path: Path) -> tuple[dict, str | None, bool]:
    """One pass over the file in blocks: its input entry, ``"utf-8"``/``"utf-8-sig"`` when it
    is valid UTF-8 that :func:`decode_bytes` would read as such (else None), and whether it
    holds nothing but blanks."""
    digest = hashlib.sha256()
    n = 0
    blank = True
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    valid = True
    head = b""
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
            if not head:
                head = block[:8192]
            n += len(block)
            blank = blank and not block.strip(_BLANK)
            if valid:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    valid = False
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    entry = {"file": path.name, "bytes": n, "sha256": digest.hexdigest()}
    bom = head.startswith(codecs.BOM_UTF8)
    body = head[3:] if bom else head
    # what decode_bytes would not read as plain UTF-8: other BOMs, NUL bytes (UTF-16), control bytes
    plain = (
        valid
        and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and (bom or b"\x00" not in body)
        and control_share(body) <= MAX_CONTROL_SHARE
    )
    return entry, ("utf-8-sig" if bom else "utf-8") if plain else None, blank


def _stream_text(path: Path, table: Table, encoding: str, rows: int) -> Table:
    suffix = path.suffix.lower()
    raw = open(path, "rb")  # noqa: SIM115 - closed when the chunks are exhausted or dropped
    text = io.TextIOWrapper(raw, encoding=encoding, newline="\n" if suffix == ".jsonl" else "")

    def progress() -> None:
        table.done = raw.tell()

    if suffix == ".jsonl":
        return _jsonl_table(text, str(path), table, rows, progress, closing=text)
    return _csv_table(text, str(path), "\t" if suffix == ".tsv" else ",", table, rows, progress, closing=text)


def _csv_table(lines, name: str, sep: str, table: Table, rows: int, progress=None, closing=None) -> Table:
    records = iter_csv(lines, name, sep)
    try:
        _, header = next(records)
    except StopIteration:
        if closing is not None:
            closing.close()
        raise InputError(f"{name}: no header line; fix: start the file with the column names, e.g. doc_id,text") from None
    table.columns = header

    rows_of = (dict(zip(header, record, strict=True)) for _, record in records)
    empty = f"{name}: no rows under the header; fix: add the articles, one per row"
    table.chunks = _batches(rows_of, rows, progress, empty, closing)
    return table


def _batches(
    items: Iterator[dict], rows: int, progress, empty: str, closing=None
) -> Iterator[tuple[int, list[dict]]]:
    """``(number of the first row, rows)`` in batches of ``rows``; ``empty`` is the error when
    there is none; ``progress`` is called as each batch is handed on; ``closing`` is closed
    when the batches are exhausted or dropped."""
    try:
        number, batch = 1, []
        for item in items:
            batch.append(item)
            if len(batch) == rows:
                if progress:
                    progress()
                yield number, batch
                number, batch = number + len(batch), []
        if progress:
            progress()
        if batch:
            yield number, batch
        elif number == 1:
            raise InputError(empty)
    finally:
        if closing is not None:
            closing.close()


def _jsonl_table(lines, name: str, table: Table, rows: int, progress=None, closing=None) -> Table:
    objects = (obj for no, line in enumerate(lines, 1) if (obj := _json_line(line, no, name)) is not None)
    empty = f"{name}: no JSON objects in the file; fix: write one object per line, e.g. {{\"text\": \"...\"}}"
    table.chunks = _batches(objects, rows, progress, empty, closing)
    return table


def _load_json(text: str, name: str, fix: str, deep_fix: str, line: int | None = None) -> object:
    """``json.loads`` of a file's text (or of its line ``line``); a syntax error or a value
    nested too deeply becomes an ``InputError`` that names the file and line, with the fix."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        where = f"{name}:{err.lineno if line is None else line}"
        raise InputError(f"{where}: not valid JSON ({err.msg} at column {err.colno}); fix: {fix}") from None
    except RecursionError:
        where = name if line is None else f"{name}:{line}"
        raise InputError(f"{where}: JSON nested too deeply; fix: {deep_fix}") from None


def _json_line(line: str, no: int, name: str) -> dict | None:
    """One line of a JSON Lines file: an object, or None for a blank line."""
    line = line.strip()
    if not line:
        return None
    obj = _load_json(line, name, "write one JSON object per line", "write one flat JSON object per line", line=no)
    if not isinstance(obj, dict):
        raise InputError(f"{name}:{no}: a JSON {type(obj).__name__} where an object is expected; fix: one object per line, e.g. {{\"text\": \"...\"}}")
    return obj


def _parquet(path: Path, table: Table, rows: int) -> Table:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow; fix: pip install 'framing[parquet]'") from None

    def fail(err: Exception) -> InputError:
        return InputError(f"{path}: cannot be read as a Parquet table ({type(err).__name__}: {err}); fix: check the file format")

    try:
        pf = pq.ParquetFile(path)
        table.columns = [str(c) for c in pf.schema_arrow.names]
    except Exception as err:  # pyarrow raises many error types
        raise fail(err) from None

    def chunks() -> Iterator[tuple[int, list[dict]]]:
        number = 1
        try:
            for batch in pf.iter_batches(batch_size=rows):
                frame = batch.to_pandas()
                if number == 1:
                    table.dtypes = {str(c): str(t) for c, t in frame.dtypes.items()}
                table.done = int(table.size * min(1.0, (number + len(frame)) / max(pf.metadata.num_rows, 1)))
                yield number, _records(frame)
                number += len(frame)
        except InputError:
            raise
        except Exception as err:
            raise fail(err) from None
        finally:
            pf.close()

    table.chunks = chunks()
    return table


def frame_chunks(frame: pd.DataFrame, rows: int | None = None) -> Iterator[tuple[int, list[dict]]]:
    """The rows of a DataFrame as chunks of dicts.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of articles, one row each.
    rows : int or None
        Rows a chunk (None: ``CHUNK_ROWS``).

    Returns
    -------
    iterator of (int, list of dict)
        ``(number of the chunk's first row, from 1; its rows as dicts)``, as
        :attr:`Table.chunks` gives them.
    """
    return _frame_chunks(frame, rows or CHUNK_ROWS)


def _frame_chunks(frame: pd.DataFrame, rows: int) -> Iterator[tuple[int, list[dict]]]:
    for start in range(0, len(frame), rows):
        yield start + 1, _records(frame.iloc[start : start + rows])


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def _parse_json(text: str, name: str) -> pd.DataFrame:
    """A JSON file: a list of objects (one per article), or an object of columns."""
    obj = _load_json(text, name, "correct the syntax", "write a list of flat objects")
    if isinstance(obj, list) and obj and all(isinstance(o, dict) for o in obj):
        return pd.DataFrame(obj, dtype=object)
    if isinstance(obj, dict) and obj:
        try:
            return pd.DataFrame(obj, dtype=object)
        except (ValueError, TypeError):
            pass
    raise InputError(f"{name}: holds no list of article objects; fix: write a list like [{{\"text\": \"...\"}}, ...] or use JSON Lines")


# --- strict CSV ---------------------------------------------------------------------------


class _Recorder:
    """The lines a CSV reader takes, kept until the record they make is complete."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.taken: list[str] = []

    def __iter__(self) -> _Recorder:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        return line


def _physical(line: str) -> str:
    """A line without its line end (\\r\\n, \\r or \\n)."""
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith(("\r", "\n")) else line


def iter_csv(lines: Iterable[str], name: str, sep: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Read CSV lines strictly, the header first, then every row.

    Blank lines are skipped. Only the lines of the record being read are held, so a file of
    any size is read in bounded memory.

    Parameters
    ----------
    lines : iterable of str
        The file's lines with their line ends (a file opened with ``newline=""``, or
        ``io.StringIO(text, newline="")``).
    name : str
        The file, for messages.
    sep : str
        The field separator (``,``; a tab for TSV).

    Yields
    ------
    tuple of (int, list of str)
        ``(line, fields)``: the line a record starts on, and its fields.

    Raises
    ------
    InputError
        Naming the line, for what a lenient reader would guess at: a row with more or
        fewer fields than the header (pandas would take an extra first field as the index
        and shift every column), a column named twice in the header, a quote closed in the
        middle of a cell (``"a"b``), a quote never closed, and a quote that opens on one
        line and closes on a later one although every line in between is a complete row by
        itself (rows that a stray quote would merge into one).
    """
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    source = _Recorder(lines)
    reader = csv.reader(source, delimiter=sep, strict=True)
    header: list[str] | None = None
    rows = 0
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
        taken, source.taken = source.taken, []
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if header is None:
            header = record
            if len(set(header)) < len(header):
                dup = next(h for h in header if header.count(h) > 1)
                raise InputError(f"{name}:{start}: column {dup!r} appears twice in the header; fix: rename one of them")
            yield start, header
            continue
        if len(record) != len(header):
            more = len(record) > len(header)
            fix = (
                f"quote the cell that holds a '{_sep_name(sep)}' (\"...\") or remove the extra one"
                if more else f"add the missing fields (an empty field is just '{_sep_name(sep)}')"
            )
            raise InputError(
                f"{name}:{start}: row {rows + 1} has {len(record)} fields, the header has {len(header)}; fix: {fix}"
            )
        if end > start and len(header) > 1 and all(_field_count(_physical(line), sep) == len(header) for line in taken):
            raise InputError(
                f"{name}:{start}: a quote opened on line {start} closes on line {end}, joining lines "
                f"{start}-{end} into one row although each of them is a row of {len(header)} fields; "
                f"fix: close the quote on line {start}, or double a quote that belongs to the text (\"\")"
            )
        rows += 1
        yield start, record
    if header is None:
        raise InputError(f"{name}: no header line; fix: start the file with the column names, e.g. doc_id,text")


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
