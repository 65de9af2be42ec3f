"""Reading in units of work, in this process or in worker processes, with a progress bar.

A folder is read ``FILES_PER_TASK`` files at a time, a table a chunk of rows at a time
(:mod:`framing.corpus.tables`). Each unit yields records (:mod:`framing.corpus.page`) with
what is computed where the text is read: the topic score, the MinHash signature and the
sentences in compact form. Results come back in input order, so the corpus is the same for
any number of processes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from framing.corpus.dedupe import signature
from framing.corpus.folder import Entry, read_file
from framing.corpus.page import excluded_record
from framing.corpus.pool import in_order, process_context
from framing.corpus.rows import RowIds, TextColumn, read_rows
from framing.corpus.rules import ReadingRules
from framing.corpus.store import Sentences, Texts
from framing.corpus.tables import Table
from framing.lexicons.topic import Topic

#: Files of a folder read as one unit of work.
FILES_PER_TASK = 32


@dataclass
class Reader:
    """What the reading of one file or table row needs (sent once to each worker).

    Attributes
    ----------
    rules:
        The rules of the read.
    cohesion:
        See :func:`framing.corpus.page.read_page`.
    """

    rules: ReadingRules
    cohesion: float


@dataclass
class FileWork:
    """A folder's entries (or one file), read in tasks of ``FILES_PER_TASK`` files.

    Attributes
    ----------
    entries:
        The files to read and the items that are not read, in input order.
    """

    entries: list[Entry]

    @property
    def total(self) -> tuple[int, str]:
        """The size of the work and its unit, for the progress bar."""
        return len(self.entries), "files"

    def tasks(self) -> Iterator[tuple]:
        """The tasks, in input order (see :func:`run_task`).

        Yields
        ------
        tuple
            ``("files", entries)`` for each run of ``FILES_PER_TASK`` entries.
        """
        for start in range(0, len(self.entries), FILES_PER_TASK):
            yield ("files", self.entries[start : start + FILES_PER_TASK])

    def collect(self, result: tuple, records: list[dict], inputs: list[dict]) -> int:
        """Add the result of a task to the records and inputs.

        Parameters
        ----------
        result:
            What :func:`run_task` returned for the next task.
        records:
            Gets the task's records.
        inputs:
            Gets the task's lines of the inputs list.

        Returns
        -------
        int
            The files of this task (the progress bar adds them).
        """
        found, read = result
        records += found
        inputs += read
        return len(read)


@dataclass
class RowWork:
    """A table's rows, read in tasks of one chunk each (see :mod:`framing.corpus.tables`).

    The doc_ids and the text column are checked as the chunks pass.

    Attributes
    ----------
    name:
        The table's name (its file name, or ``<table>``).
    text_column:
        The column that holds the text.
    chunks:
        ``(first row number, rows)`` of each chunk.
    size:
        The size of the work, in ``unit``.
    unit:
        ``rows`` or ``B`` (bytes of a file read as a stream).
    table:
        The table file, or None for a DataFrame.
    """

    name: str
    text_column: str
    chunks: Iterator[tuple[int, list[dict]]]
    size: int
    unit: str
    table: Table | None = None

    def __post_init__(self) -> None:
        self.ids = RowIds(self.name)
        self.column = TextColumn(self.name, self.text_column, self.table)

    @property
    def total(self) -> tuple[int, str]:
        """The size of the work and its unit, for the progress bar."""
        return self.size, self.unit

    def tasks(self) -> Iterator[tuple]:
        """The chunks of rows as tasks, in input order (see :func:`run_task`), each chunk's
        doc_ids and text cells checked as it is taken.

        Yields
        ------
        tuple
            ``("rows", first row number, rows, table name, text column, whether decoding
            replaced bytes)``.
        """
        replaced = bool(self.table and self.table.replaced)
        for first, rows in self.chunks:
            self.ids.rows(first, rows)
            self.column.rows(rows)
            yield ("rows", first, rows, self.name, self.text_column, replaced)

    def collect(self, result: list[tuple[int, list[dict]]], records: list[dict], inputs: list[dict]) -> int:
        """Add the result of a task to the records, checking the doc_ids of its articles.

        Parameters
        ----------
        result, records, inputs:
            As for ``FileWork.collect`` (a table has no lines of the inputs list per task).

        Returns
        -------
        int
            The rows of this task, or for a table file the bytes read so far.

        Raises
        ------
        InputError
            When an article's id is the id of an article of another row.
        """
        for i, found in result:
            self.ids.articles(i, found)
            records += found
        if self.table is not None:
            return self.table.done
        return len(result)

    def finish(self) -> None:
        """The checks of the text column that need the whole table (see ``TextColumn.check``)."""
        self.column.check(known=self.table is None or self.table.columns is not None)


Work = FileWork | RowWork
_worker: dict[str, Reader] = {}


def init_worker(reader: Reader) -> None:
    """Keep what reading needs in this process (the initializer of each worker).

    Parameters
    ----------
    reader:
        The rules and settings of the read.
    """
    _worker["reader"] = reader


def run_task(task: tuple) -> tuple | list:
    """One unit of work, in any process: the records of some files or table rows.

    Parameters
    ----------
    task:
        ``("files", entries)`` or ``("rows", first, rows, name, text_column, replaced)``.

    Returns
    -------
    tuple or list
        For files, ``(records, inputs)``; for rows, ``(row number, records)`` of each row.
    """
    reader = _worker["reader"]
    rules, cohesion = reader.rules, reader.cohesion
    if task[0] == "files":
        found: list[dict] = []
        read: list[dict] = []
        for entry in task[1]:
            if entry.reason:
                found.append(excluded_record(entry.doc_id, entry.rel, entry.reason, entry.detail))
                read.append({"file": entry.rel, "status": entry.reason, "detail": entry.detail})
            else:
                found += read_file(entry.path, entry.rel, rules, cohesion, read)
        return finish_records(found, rules.topic), read
    _, first, rows, name, text_column, replaced = task
    out = read_rows(first, rows, name, text_column, rules, cohesion, count_replaced=replaced)
    for _, found in out:
        finish_records(found, rules.topic)
    return out


def finish_records(records: list[dict], topic: Topic) -> list[dict]:
    """What is computed from an article's text where it is read, in place.

    The topic score (``relevance``, ``topic_hits``, and the core terms' hits ``_topic_core``), the MinHash signature of near-duplicate
    detection (``_sig``) and its sentences in compact form (``_sentences``).

    Parameters
    ----------
    records:
        Records of one unit of work.
    topic:
        The topic lexicon.

    Returns
    -------
    list of dict
        ``records``.
    """
    for r in records:
        r["_sentences"] = Sentences.of(r["_sentences"])
        if r["status"] == "included":
            r["relevance"], r["topic_hits"], r["_topic_core"] = topic.score_parts(r["text"])
            r["_sig"] = signature(r["text"])
    return records


def read_all(work: Work, reader: Reader, jobs: int, bar: Any, inputs: list[dict]) -> tuple[list[dict], Texts]:
    """Run the tasks of ``work`` (in ``jobs`` processes), gathering records in input order.

    The texts of the records go into a :class:`framing.corpus.store.Texts` as each task
    comes back, so that the records themselves stay small.

    Parameters
    ----------
    work:
        What to read.
    reader:
        The rules and settings of the read.
    jobs:
        Processes that read (1: this one).
    bar:
        A progress bar to advance, or None.
    inputs:
        Gets a line for every file read.

    Returns
    -------
    records : list of dict
        Without their texts.
    texts : Texts
        Their texts and signatures.

    Raises
    ------
    InputError
        From the checks of a table's doc_ids and text column.
    """
    records: list[dict] = []
    texts = Texts()
    for result in run_tasks(work.tasks(), reader, jobs):
        before = len(records)
        done = work.collect(result, records, inputs)
        texts.add(records[before:])
        if bar is not None:
            bar.update(done - bar.n if work.total[1] == "B" else done)
    if isinstance(work, RowWork):
        work.finish()
    return records, texts


def run_tasks(tasks: Iterator[tuple], reader: Reader, jobs: int) -> Iterator:
    """Results of ``tasks`` in order: in this process, or in ``jobs`` worker processes.

    With workers, at most two tasks per worker are in flight (memory holds those, not the
    input).

    Parameters
    ----------
    tasks:
        The tasks (see :func:`run_task`).
    reader:
        The rules and settings of the read.
    jobs:
        Processes that read.

    Returns
    -------
    iterator
        The result of each task.
    """
    if jobs == 1:
        init_worker(reader)
        for task in tasks:
            yield run_task(task)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=process_context(), initializer=init_worker, initargs=(reader,)) as pool:
        yield from in_order(tasks, lambda t: pool.submit(run_task, t), lambda f: f.result(), 2 * jobs)


def progress_bar(total: int, unit: str, enabled: bool) -> tqdm | None:
    """A progress bar on stderr that appears once reading takes more than a second.

    Parameters
    ----------
    total:
        The size of the work.
    unit:
        Its unit (``files``, ``rows``, ``B``).
    enabled:
        False: no bar.

    Returns
    -------
    tqdm.tqdm or None
        The bar, or None when not enabled.
    """
    if not enabled:
        return None
    return tqdm(
        total=total, desc="reading", unit=unit, unit_scale=unit == "B", file=sys.stderr,
        leave=False, delay=1.0, dynamic_ncols=True,
    )
