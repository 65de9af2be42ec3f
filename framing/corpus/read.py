"""``read_corpus``: any set of news files or a table, to a ``Corpus`` that accounts for every input.

files --decode--> page text --clean--> clean lines --split--> articles
      --outlet/relevance/duplicates--> documents --sentences--> sentences
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.corpus.decode import decode_bytes
from framing.corpus.dedupe import K, find_duplicates, signature, stack_signatures
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
from framing.corpus.tables import Table, frame_chunks, iter_csv, read_table
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
    jobs: int = 1,
    progress: bool = False,
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
    jobs:
        Processes that read files, or chunks of table rows, side by side; the corpus is the
        same for any number.
    progress:
        Show a progress bar on stderr while reading (it appears once a read takes more
        than a second).

    Returns a ``Corpus`` (see ``framing.corpus.model`` for the columns). One bad file in a
    folder becomes an excluded row with a reason, and so does a sub-folder that cannot be
    listed and a results bundle of ``framing run`` (a folder whose ``manifest.json`` says so),
    which is never read as input; only an unusable ``source`` raises ``InputError``.

    Memory: a table file is read a chunk of rows at a time, and what reading keeps of each
    article is its text (in the columnar form of the final tables) and a few numbers, so
    reading needs little beyond the corpus it returns.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive whole number, not {jobs!r}")
    rules = _load_rules(lexicon_dir, topic, min_relevance)
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
    work: _Work
    if isinstance(source, pd.DataFrame):
        _require_column(list(source.columns), "<table>", text_column)
        _check_text_column(source[text_column], "<table>", text_column)
        work = _RowWork("<table>", text_column, frame_chunks(source), len(source), "rows")
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
            work = _FileWork(entries)
        elif not path.is_file():
            raise InputError(f"{source}: not a regular file or folder; fix: give a folder of news files or a table file")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            table = read_table(path)
            inputs.append(table.entry)
            if table.columns is not None:
                _require_column(table.columns, path.name, text_column)
            work = _RowWork(path.name, text_column, table.chunks, table.size, "B", table)
        else:
            work = _FileWork([_Entry(path.name, path)])
    bar = _bar(*work.total, progress)
    try:
        records, texts = _read_all(work, _Reader(rules, cohesion_threshold), jobs, bar, inputs)
        _give_back()
        if manifest is not None:
            man = _load_manifest(Path(manifest), rules.outlets, inputs)
            _apply_manifest(records, man, rules.outlets)
            params["manifest"] = Path(manifest).name
        if bar is not None:
            bar.set_postfix_str("near-duplicates")
        _judge(records, rules.topic, filter_topic, keep_duplicates, duplicate_threshold, texts)
        _researcher_kinds(records)
        docvars = _docvar_values(records)
        if docvars:
            params["docvars"] = list(docvars)
        _give_back()
        if bar is not None:
            bar.set_postfix_str("tables")
        documents, sentences = _tables(records, texts, keep_text)
    finally:
        if bar is not None:
            bar.close()
    _add_docvars(documents, sentences, docvars)
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


# --- reading in chunks, in processes -----------------------------------------------------

#: Files of a folder read as one unit of work.
FILES_PER_TASK = 32


@dataclass
class _Reader:
    """What the reading of one file or table row needs (sent once to each worker)."""

    rules: _Rules
    cohesion: float


@dataclass
class _FileWork:
    """A folder's entries (or one file), read in tasks of ``FILES_PER_TASK`` files."""

    entries: list[_Entry]

    @property
    def total(self) -> tuple[int, str]:
        return len(self.entries), "files"

    def tasks(self) -> Iterator[tuple]:
        for start in range(0, len(self.entries), FILES_PER_TASK):
            yield ("files", self.entries[start : start + FILES_PER_TASK])

    def collect(self, result: tuple, records: list[dict], inputs: list[dict]) -> int:
        found, read = result
        records += found
        inputs += read
        return len(read)


@dataclass
class _RowWork:
    """A table's rows, read in tasks of one chunk each (see ``framing.corpus.tables``)."""

    name: str
    text_column: str
    chunks: Iterator[tuple[int, list[dict]]]
    size: int
    unit: str
    table: Table | None = None

    def __post_init__(self) -> None:
        self.ids = _RowIds(self.name)
        self.column = _TextColumn(self.name, self.text_column, self.table)

    @property
    def total(self) -> tuple[int, str]:
        return self.size, self.unit

    def tasks(self) -> Iterator[tuple]:
        replaced = bool(self.table and self.table.replaced)
        for first, rows in self.chunks:
            self.ids.rows(first, rows)
            self.column.rows(rows)
            yield ("rows", first, rows, self.name, self.text_column, replaced)

    def collect(self, result: list[tuple[int, list[dict]]], records: list[dict], inputs: list[dict]) -> int:
        for i, found in result:
            self.ids.articles(i, found)
            records += found
        if self.table is not None:
            return self.table.done
        return len(result)

    def finish(self) -> None:
        self.column.check(known=self.table is None or self.table.columns is not None)


_Work = _FileWork | _RowWork
_worker: dict[str, _Reader] = {}


def _init_worker(reader: _Reader) -> None:
    _worker["reader"] = reader


def _task(task: tuple) -> tuple | list:
    """One unit of work, in any process: the records of some files or table rows."""
    reader = _worker["reader"]
    rules, cohesion = reader.rules, reader.cohesion
    if task[0] == "files":
        found: list[dict] = []
        read: list[dict] = []
        for entry in task[1]:
            if entry.reason:
                found.append(_excluded(entry.doc_id, entry.rel, entry.reason, entry.detail))
                read.append({"file": entry.rel, "status": entry.reason, "detail": entry.detail})
            else:
                found += _read_file(entry.path, entry.rel, rules, cohesion, read)
        return _finish(found, rules.topic), read
    _, first, rows, name, text_column, replaced = task
    out = _read_rows(first, rows, name, text_column, rules, cohesion, count_replaced=replaced)
    for _, found in out:
        _finish(found, rules.topic)
    return out


def _finish(records: list[dict], topic: Topic) -> list[dict]:
    """What is computed from an article's text where it is read: the topic score, the
    MinHash signature of near-duplicate detection, and its sentences in compact form."""
    for r in records:
        r["_sentences"] = _Sentences.of(r["_sentences"])
        if r["status"] == "included":
            r["relevance"], r["topic_hits"] = topic.score(r["text"])
            r["_sig"] = signature(r["text"])
    return records


def _read_all(
    work: _Work, reader: _Reader, jobs: int, bar, inputs: list[dict]
) -> tuple[list[dict], _Texts]:
    """Run the tasks of ``work`` (in ``jobs`` processes), gathering records in input order.

    The texts of the records go into a :class:`_Texts` as each task comes back, so that
    the records themselves stay small. ``bar``: a progress bar to advance, or None.
    """
    records: list[dict] = []
    texts = _Texts()
    for result in _run(work.tasks(), reader, jobs):
        before = len(records)
        done = work.collect(result, records, inputs)
        texts.add(records[before:])
        if bar is not None:
            bar.update(done - bar.n if work.total[1] == "B" else done)
    if isinstance(work, _RowWork):
        work.finish()
    return records, texts


def _run(tasks: Iterator[tuple], reader: _Reader, jobs: int) -> Iterator:
    """Results of ``tasks`` in order: in this process, or in ``jobs`` worker processes with
    at most two tasks per worker in flight (memory holds those, not the input)."""
    if jobs == 1:
        _init_worker(reader)
        for task in tasks:
            yield _task(task)
        return
    from concurrent.futures import ProcessPoolExecutor

    from framing.scoring.engines import _context, _ordered

    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker, initargs=(reader,)) as pool:
        yield from _ordered(tasks, lambda t: pool.submit(_task, t), lambda f: f.result(), 2 * jobs)


def _bar(total: int, unit: str, enabled: bool):
    """A progress bar on stderr that appears once reading takes more than a second."""
    if not enabled:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(
        total=total, desc="reading", unit=unit, unit_scale=unit == "B", file=sys.stderr,
        leave=False, delay=1.0, dynamic_ncols=True,
    )


class _Sentences:
    """The sentences of an article in compact form: offsets into its text and headline flags.

    ``split_sentences`` gives ``text == article_text[start:end]``, so the texts are cut
    again only when the sentences table is built.
    """

    __slots__ = ("starts", "ends", "heads")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, heads: np.ndarray) -> None:
        self.starts, self.ends, self.heads = starts, ends, heads

    @classmethod
    def of(cls, sentences: list[dict]) -> _Sentences:
        offset = np.int32 if not sentences or sentences[-1]["end"] < 2**31 else np.int64
        return cls(
            np.fromiter((s["start"] for s in sentences), dtype=offset, count=len(sentences)),
            np.fromiter((s["end"] for s in sentences), dtype=offset, count=len(sentences)),
            np.fromiter((s["is_headline"] for s in sentences), dtype=bool, count=len(sentences)),
        )

    def __len__(self) -> int:
        return len(self.starts)


@functools.cache
def _libc_trim():
    """glibc's ``malloc_trim``, or None elsewhere."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim  # the C library this process runs on
    except (OSError, AttributeError, TypeError):
        return None


def _give_back() -> None:
    """Return the heap memory freed so far to the system (glibc keeps it otherwise): what
    reading let go of is then not counted twice while the tables are built."""
    trim = _libc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _arrow_pool():
    """The memory pool for the large text columns: the system allocator, which gives freed
    memory back (pyarrow's default keeps it for reuse, and a corpus is built once); None
    when pandas does not keep text in Arrow."""
    if pd.Series([], dtype="str").dtype.storage != "pyarrow":
        return None
    import pyarrow as pa

    return pa.system_memory_pool()


def _str_series(values: list[str]) -> pd.Series:
    """``pd.Series(values, dtype="str")``, its Arrow buffers from :func:`_arrow_pool`."""
    pool = _arrow_pool()
    if pool is None:
        return pd.Series(values, dtype="str")
    import pyarrow as pa

    return pd.Series(pa.array(values, type=pa.string(), memory_pool=pool), dtype="str")


class _Texts:
    """``text_original`` and ``text`` of every record, in record order, stored a task at a
    time in the columnar form of the documents table (not one Python string each), and the
    MinHash signatures of the included ones, a matrix per task."""

    def __init__(self) -> None:
        self.parts: dict[str, list[pd.Series]] = {"text_original": [], "text": []}
        self.ends: list[int] = []
        self.signatures: list[tuple[list[int], np.ndarray, np.ndarray]] = []

    def add(self, records: list[dict]) -> None:
        if not records:
            return
        start = len(self)
        for column, parts in self.parts.items():
            parts.append(_str_series([r.pop(column) for r in records]))
        self.ends.append(start + len(records))
        signed = [k for k, r in enumerate(records) if "_sig" in r]
        if signed:
            sigs, sizes = stack_signatures((records[k].pop("_sig") for k in signed), len(signed))
            self.signatures.append(([start + k for k in signed], sigs, sizes))

    def signatures_of(self, picked: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The signatures of records ``picked`` (each one included when read), as one
        matrix; the signatures kept per task are let go as they are copied."""
        sigs = np.zeros((len(picked), K), dtype=np.uint16)
        sizes = np.zeros(len(picked), dtype=np.int64)
        at = {k: n for n, k in enumerate(picked)}
        while self.signatures:
            ks, part_sigs, part_sizes = self.signatures.pop(0)
            rows = [(n, at[k]) for n, k in enumerate(ks) if k in at]
            if rows:
                src, dst = np.array(rows).T
                sigs[dst], sizes[dst] = part_sigs[src], part_sizes[src]
        return sigs, sizes

    def __len__(self) -> int:
        return self.ends[-1] if self.ends else 0

    def __getitem__(self, k: int) -> str:
        return self.get("text", k)

    def get(self, column: str, k: int) -> str:
        part = bisect.bisect_right(self.ends, k)
        start = self.ends[part - 1] if part else 0
        return self.parts[column][part].iat[k - start]

    def slice(self, column: str, a: int, b: int) -> list[str]:
        """The texts of records ``a`` to ``b`` as Python strings."""
        out: list[str] = []
        part = bisect.bisect_right(self.ends, a)
        while a < b:
            start = self.ends[part - 1] if part else 0
            stop = min(b, self.ends[part])
            out += self.parts[column][part].iloc[a - start : stop - start].tolist()
            a, part = stop, part + 1
        return out

    def column(self, column: str) -> pd.Series:
        parts = self.parts[column]
        if not parts:
            return pd.Series([], dtype="str")
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


class _Picked:
    """The texts of some records, by position among them (what near-duplicate detection reads)."""

    def __init__(self, texts: _Texts, picked: list[int]) -> None:
        self.texts, self.picked = texts, picked

    def __len__(self) -> int:
        return len(self.picked)

    def __getitem__(self, k: int) -> str:
        return self.texts[self.picked[k]]


def parse_csv(text: str, name: str, sep: str = ",") -> tuple[list[str], list[list[str]], list[int]]:
    """Read CSV text strictly: the header, the rows, and the line each row starts on.

    The checks of :func:`framing.corpus.tables.iter_csv`, on a text held whole (a manifest).
    """
    records = iter_csv(io.StringIO(text, newline=""), name, sep)
    _, header = next(records)
    rows: list[list[str]] = []
    starts: list[int] = []
    for start, record in records:
        rows.append(record)
        starts.append(start)
    return header, rows, starts


@dataclass
class _Entry:
    """One item of a folder: a file to read, or a file or folder that is not read (``reason``)."""

    rel: str
    path: Path
    reason: str = ""
    detail: str = ""
    keep_suffix: bool = False  # a file that is not read as text: its id keeps the suffix (a.pdf beside a.txt)

    @property
    def doc_id(self) -> str:
        cut = self.path.suffix and not self.rel.endswith("/") and not self.keep_suffix
        stem = self.rel[: -len(self.path.suffix)] if cut else self.rel
        return f"{stem}#0"


def _not_an_input(rel: str) -> bool:
    """Hidden files (``.DS_Store``, ``.gitkeep``) and the folder's own ``manifest.csv`` are
    not articles: they get no row."""
    return rel.rsplit("/", 1)[-1].startswith(".") or rel == MANIFEST_NAME


def _unsupported(path: Path) -> str:
    """Why a file of another kind in a folder is not read, and what to do."""
    kind = f"a {path.suffix} file" if path.suffix else "a file without a suffix"
    if path.suffix.lower() in TABLE_SUFFIXES:
        how = "give the table itself as the input, or save its articles as .txt"
    else:
        how = "save the article as .txt (UTF-8) or move the file out of the folder"
    return f"{kind}: only .txt and .md files of a folder are read; fix: {how}"


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
    """The ``.txt``/``.md`` files under ``root``, and rows for what cannot or must not be read
    (files of other kinds among them: ``unsupported_format``).

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
            elif not _not_an_input(rel):
                entries.append(_Entry(rel, path, "unsupported_format", _unsupported(path), keep_suffix=True))
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


def _read_rows(
    first: int, rows: list[dict], name: str, text_column: str, rules: _Rules, cohesion: float,
    count_replaced: bool = False,
) -> list[tuple[int, list[dict]]]:
    """The records of table rows numbered from ``first``, with the number of each row."""
    out: list[tuple[int, list[dict]]] = []
    for i, row in enumerate(rows, first):
        given = {k: _clean_cell(row.get(k)) for k in GIVEN_COLUMNS}
        own = {docvar_name(k): v for k, v in row.items() if k not in GIVEN_COLUMNS and k != text_column}
        base = given["doc_id"] or f"row{i}"
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
        if own:
            for r in found:
                r["_docvars"] = own
        out.append((i, found))
    return out


class _RowIds:
    """The checks of doc_ids across a table, made in row order as its chunks arrive.

    A doc_id given twice, a row without one whose id (``row<i>``) another row gives, and an
    article id (``<doc_id>#<n>``) that is another row's are errors naming both rows.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.given: dict[str, int] = {}  # doc_id given -> row
        self.auto: dict[str, int] = {}  # row<i> of a row without one -> row
        self.owner: dict[str, int] = {}  # doc_id of an article -> row

    def rows(self, first: int, rows: list[dict]) -> None:
        """Check the doc_ids that rows give (before they are read)."""
        name = self.name
        for i, row in enumerate(rows, first):
            doc_id = _clean_cell(row.get("doc_id"))
            if not doc_id:
                base = f"row{i}"
                if base in self.given:
                    self._taken(i, base, self.given[base])
                self.auto[base] = i
                continue
            if doc_id in self.given:
                raise InputError(f"{name}: doc_id {doc_id!r} is given on rows {self.given[doc_id]} and {i}; fix: make doc_id unique")
            if doc_id in self.auto:
                self._taken(self.auto[doc_id], doc_id, i)
            self.given[doc_id] = i

    def _taken(self, i: int, base: str, j: int) -> None:
        raise InputError(
            f"{self.name}: row {i} has no doc_id, and the id it would get, {base!r}, is the doc_id "
            f"given on row {j}; fix: give row {i} a doc_id, or rename the one on row {j}"
        )

    def articles(self, i: int, found: list[dict]) -> None:
        """Check the doc_ids of the articles read from row ``i``."""
        for r in found:
            if r["doc_id"] in self.owner:
                j = self.owner[r["doc_id"]]
                raise InputError(
                    f"{self.name}: doc_id {r['doc_id']!r} of row {i} is also the doc_id of an article of row {j} "
                    f"(a page split into articles gets ids <doc_id>#1, #2 ...); fix: rename the doc_id on row {i} or on row {j}"
                )
            self.owner[r["doc_id"]] = i


def _require_column(columns: list, name: str, text_column: str) -> None:
    if text_column not in columns:
        raise InputError(
            f"{name}: no {text_column!r} column (columns: {', '.join(map(str, columns))}); "
            "fix: rename the text column or pass text_column="
        )


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


def _docvar_values(records: list[dict]) -> dict[str, list]:
    """The researcher's own columns of the records (name -> one value per record), in the
    order first met; a name framing uses itself was renamed ``given_<name>``
    (:func:`framing.corpus.model.docvar_name`), with a warning."""
    names = list(dict.fromkeys(k for r in records for k in r.get("_docvars", ())))
    renamed = [n for n in names if n.startswith("given_")]
    if renamed:
        warnings.warn(
            f"column(s) {', '.join(n[len('given_'):] for n in renamed)} of the input are names framing "
            f"uses for its own columns; kept as {', '.join(renamed)}",
            stacklevel=3,
        )
    return {name: [r.get("_docvars", {}).get(name) for r in records] for name in names}


def _add_docvars(documents: pd.DataFrame, sentences: pd.DataFrame, docvars: dict[str, list]) -> None:
    """The researcher's own columns travel with their article, to its sentences too."""
    included = (documents["status"] == "included").tolist()
    for name, values in docvars.items():
        documents[name] = pd.Series(values, index=documents.index)
        by_doc = {d: v for d, v, keep in zip(documents["doc_id"], values, included, strict=True) if keep}
        sentences[name] = pd.Series(
            [by_doc.get(d) for d in sentences["doc_id"]], index=sentences.index,
            dtype=documents[name].dtype if len(sentences) else object,
        )


def _check_text_column(column: pd.Series, name: str, text_column: str) -> None:
    """A text column that holds no text at all (numbers, dates ...) is the wrong column."""
    values = [v for v in column.tolist() if not _is_missing(v)]
    if values and not any(isinstance(v, str | bytes) for v in values):
        kind = str(column.dtype) if column.dtype != object else type(values[0]).__name__
        raise InputError(
            f"{name}: column {text_column!r} holds {kind} values, not text; "
            "fix: pass the column with the article text as text_column= (--text-column)"
        )


class _TextColumn:
    """:func:`_check_text_column` for a table read in chunks: the column seen so far."""

    def __init__(self, name: str, text_column: str, table: Table | None) -> None:
        self.name, self.text_column, self.table = name, text_column, table
        self.kind = ""  # of the first value, when no value so far is text
        self.text = False
        self.columns: dict[str, None] = {}  # every column seen, in order (JSON Lines)

    def rows(self, rows: list[dict]) -> None:
        for row in rows:
            self.columns.update(dict.fromkeys(row))
            if self.text:
                continue
            value = row.get(self.text_column)
            if _is_missing(value):
                continue
            if isinstance(value, str | bytes):
                self.text = True
            elif not self.kind:
                dtype = self.table.dtypes.get(self.text_column, "object") if self.table else "object"
                self.kind = dtype if dtype != "object" else type(value).__name__

    def check(self, known: bool) -> None:
        """Raise at the end of a table: no text column (``known``: its columns were checked
        before its rows), or one that held values but no text."""
        if not known:
            _require_column(list(self.columns), self.name, self.text_column)
        if self.kind and not self.text:
            raise InputError(
                f"{self.name}: column {self.text_column!r} holds {self.kind} values, not text; "
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
    simplified = to_simplified(text)
    script = "simplified" if simplified == text else detect_script(text, simplified)
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
    firsts = [art.first_line for art in articles]  # ascending: articles in page order
    for line in lines:
        if not line.removed:
            continue
        k = max(bisect.bisect_right(firsts, line.index) - 1, 0)  # the last article starting above
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


def _judge(
    records: list[dict], topic: Topic, filter_topic: bool, keep_duplicates: bool, threshold: float, texts: _Texts
) -> None:
    for r in records:
        if r["status"] != "included":
            continue
        # relevance and topic_hits were computed where the article was read (_finish)
        if filter_topic and (r["_kind"] == "notice" or not topic.is_on_topic(r["relevance"], r["topic_hits"])):
            r["status"], r["reason"] = "excluded", "off_topic"
    live = [k for k, r in enumerate(records) if r["status"] == "included"]
    reposts = [records[k]["channel"] == "repost" or records[k]["outlet_id"] == "web_repost" for k in live]
    dups = find_duplicates(_Picked(texts, live), reposts, threshold, texts.signatures_of(live))
    for k, (original, sim) in zip(live, dups, strict=True):
        r = records[k]
        r["similarity"] = sim
        if original is not None:
            r["duplicate_of"] = records[live[original]]["doc_id"]
            if not keep_duplicates:
                r["status"], r["reason"] = "excluded", "duplicate"


#: Records turned into table rows at a time (their texts are cut into sentences then).
TABLE_STEP = 2000
_DOCUMENT_TYPES = {
    "article": "int64", "outlet_confidence": "float64", "relevance": "float64", "topic_hits": "float64",
    "similarity": "float64", "n_chars": "int64", "n_sentences": "int64", "outlet_conflict": "bool",
    "replaced_bytes": "int64",
}
_SENTENCE_TYPES = {"sent_id": "int64", "start": "int64", "end": "int64", "is_headline": "bool", "n_chars": "int64"}


def _tables(records: list[dict], texts: _Texts, keep_text: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents and sentences tables, built ``TABLE_STEP`` records at a time."""
    light = [c for c in DOCUMENT_COLUMNS if c not in texts.parts]
    docs: list[pd.DataFrame] = []
    sents: list[pd.DataFrame] = []
    for a in range(0, len(records), TABLE_STEP):
        part = records[a : a + TABLE_STEP]
        docs.append(pd.DataFrame.from_records(part, columns=light))
        found = _sentences(part, texts.slice("text", a, a + len(part)))
        if len(found) or not sents:
            sents.append(found)
        for r in part:  # all in the tables now: what the records held is memory for the next part
            r.clear()
        _give_back()
    if docs:
        documents = pd.concat(docs, ignore_index=True) if len(docs) > 1 else docs[0]
    else:
        documents = pd.DataFrame.from_records([], columns=light)
    for column in texts.parts:
        documents[column] = texts.column(column) if records else pd.Series([], dtype=object)
    documents = documents[DOCUMENT_COLUMNS].astype(_DOCUMENT_TYPES)
    if not keep_text:
        documents = documents.drop(columns=["text_original", "text"])
    sentences = [f for f in sents if len(f)] or sents[:1] or [_sentences([], [])]
    out = pd.concat(sentences, ignore_index=True) if len(sentences) > 1 else sentences[0]
    return documents, out


def _sentences(records: list[dict], texts: list[str]) -> pd.DataFrame:
    """Sentence rows of the included records (``texts``: the records' clean texts)."""
    cols: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for r, text in zip(records, texts, strict=True):
        if r["status"] != "included":
            continue
        s = r["_sentences"]
        n = len(s)
        if not n:
            continue
        pieces = [text[a:b] for a, b in zip(s.starts.tolist(), s.ends.tolist(), strict=True)]
        cols["doc_id"] += [r["doc_id"]] * n
        cols["sent_id"] += range(1, n + 1)
        cols["outlet"] += [r["outlet"]] * n
        cols["outlet_id"] += [r["outlet_id"]] * n
        cols["outlet_type"] += [r.get("outlet_type", "")] * n
        cols["text"] += pieces
        cols["start"] += s.starts.tolist()
        cols["end"] += s.ends.tolist()
        cols["is_headline"] += s.heads.tolist()
        cols["n_chars"] += map(len, pieces)
    if not cols["doc_id"]:
        return pd.DataFrame.from_records([], columns=SENTENCE_COLUMNS).astype(_SENTENCE_TYPES)
    for column in ("doc_id", "outlet", "outlet_id", "outlet_type", "text"):
        cols[column] = _str_series(cols[column])
    return pd.DataFrame(cols, columns=SENTENCE_COLUMNS).astype(_SENTENCE_TYPES)
