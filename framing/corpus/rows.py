"""Rows of a table as input: their cells, their doc_ids across chunks, the text column.

A table (a CSV / TSV / JSON Lines / Parquet file, or a DataFrame) arrives in chunks of rows
(:mod:`framing.corpus.tables`). Each row is a page (or, when it names its outlet, one
article) read by :func:`framing.corpus.page.read_page`; columns framing does not read
itself are the researcher's own (docvars) and travel with the row's articles.
"""

from __future__ import annotations

import re

import pandas as pd

from framing.corpus.decode import decode_bytes
from framing.corpus.model import docvar_name
from framing.corpus.page import excluded_record, read_page
from framing.corpus.rules import ReadingRules
from framing.corpus.tables import Table
from framing.errors import InputError

# columns of a table input that framing reads itself; any other column is the researcher's
# own (a docvar) and travels to documents and sentences
GIVEN_COLUMNS = ("doc_id", "outlet", "date", "title", "byline")
_SURROGATES = re.compile("[\ud800-\udfff]")


def read_rows(
    first: int, rows: list[dict], name: str, text_column: str, rules: ReadingRules, cohesion: float,
    count_replaced: bool = False,
) -> list[tuple[int, list[dict]]]:
    """The records of table rows numbered from ``first``, with the number of each row.

    Parameters
    ----------
    first:
        The number of the first row (1-based).
    rows:
        The rows, as dicts of column -> cell.
    name:
        The table's name (its file name, or ``<table>``), for ``source`` and messages.
    text_column:
        The column that holds the text.
    rules:
        The rules of the read.
    cohesion:
        See :func:`framing.corpus.page.read_page`.
    count_replaced:
        Count the U+FFFD characters of the cells as replaced bytes (the table was decoded
        with replacement).

    Returns
    -------
    list of (int, list of dict)
        For each row, its number and the records of its articles (one excluded record when
        the text cell holds no text).
    """
    out: list[tuple[int, list[dict]]] = []
    for i, row in enumerate(rows, first):
        given = {k: clean_cell(row.get(k)) for k in GIVEN_COLUMNS}
        own = {docvar_name(k): v for k, v in row.items() if k not in GIVEN_COLUMNS and k != text_column}
        base = given["doc_id"] or f"row{i}"
        rel = f"{name}:row{i}"
        replaced = sum(str(v).count("\ufffd") for v in row.values() if isinstance(v, str)) if count_replaced else 0
        text, reason, detail = text_cell(row.get(text_column))
        if text is None:
            found = [excluded_record(base, rel, reason, detail)]
        else:
            text, lone = _SURROGATES.subn("\ufffd", text)
            notes = [detail] if detail else []
            if replaced or lone:
                notes.append(f"{replaced + lone} invalid byte{'s' if replaced + lone != 1 else ''} replaced by U+FFFD")
            found = read_page(
                text, base, rel, "", rules, cohesion, given=given, replaced=replaced + lone, notes="; ".join(notes)
            )
        if own:
            for r in found:
                r["_docvars"] = own
        out.append((i, found))
    return out


class RowIds:
    """The checks of doc_ids across a table, made in row order as its chunks arrive.

    A doc_id given twice, a row without one whose id (``row<i>``) another row gives, and an
    article id (``<doc_id>#<n>``) that is another row's are errors naming both rows.

    Parameters
    ----------
    name:
        The table's name, for messages.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.given: dict[str, int] = {}  # doc_id given -> row
        self.auto: dict[str, int] = {}  # row<i> of a row without one -> row
        self.owner: dict[str, int] = {}  # doc_id of an article -> row

    def rows(self, first: int, rows: list[dict]) -> None:
        """Check the doc_ids that rows give (before they are read).

        Parameters
        ----------
        first:
            The number of the first row.
        rows:
            The rows.

        Raises
        ------
        InputError
            When a doc_id is given twice or is the id of a row without one.
        """
        name = self.name
        for i, row in enumerate(rows, first):
            doc_id = clean_cell(row.get("doc_id"))
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
        """Check the doc_ids of the articles read from row ``i``.

        Parameters
        ----------
        i:
            The row's number.
        found:
            The records read from it.

        Raises
        ------
        InputError
            When an article's id is the id of an article of another row.
        """
        for r in found:
            if r["doc_id"] in self.owner:
                j = self.owner[r["doc_id"]]
                raise InputError(
                    f"{self.name}: doc_id {r['doc_id']!r} of row {i} is also the doc_id of an article of row {j} "
                    f"(a page split into articles gets ids <doc_id>#1, #2 ...); fix: rename the doc_id on row {i} or on row {j}"
                )
            self.owner[r["doc_id"]] = i


def require_column(columns: list, name: str, text_column: str) -> None:
    """Raise unless a table has its text column.

    Parameters
    ----------
    columns:
        The table's columns.
    name:
        The table's name, for the message.
    text_column:
        The column that should hold the text.

    Raises
    ------
    InputError
        When ``text_column`` is not among ``columns``.
    """
    if text_column not in columns:
        raise InputError(
            f"{name}: no {text_column!r} column (columns: {', '.join(map(str, columns))}); "
            "fix: rename the text column or pass text_column="
        )


def _not_text(name: str, text_column: str, kind: str) -> InputError:
    return InputError(
        f"{name}: column {text_column!r} holds {kind} values, not text; "
        "fix: pass the column with the article text as text_column= (--text-column)"
    )


def check_text_column(column: pd.Series, name: str, text_column: str) -> None:
    """Raise when a text column holds no text at all (numbers, dates ...): the wrong column.

    Parameters
    ----------
    column:
        The column of a DataFrame.
    name:
        The table's name, for the message.
    text_column:
        The column's name.

    Raises
    ------
    InputError
        When the column holds values and none of them is text.
    """
    values = [v for v in column.tolist() if not is_missing(v)]
    if values and not any(isinstance(v, str | bytes) for v in values):
        kind = str(column.dtype) if column.dtype != object else type(values[0]).__name__
        raise _not_text(name, text_column, kind)


class TextColumn:
    """:func:`check_text_column` for a table read in chunks: the column seen so far.

    Parameters
    ----------
    name:
        The table's name, for messages.
    text_column:
        The column that should hold the text.
    table:
        The table file (its column types name the kind of a column that holds no text), or
        None for a DataFrame.
    """

    def __init__(self, name: str, text_column: str, table: Table | None) -> None:
        self.name, self.text_column, self.table = name, text_column, table
        self.kind = ""  # of the first value, when no value so far is text
        self.text = False
        self.columns: dict[str, None] = {}  # every column seen, in order (JSON Lines)

    def rows(self, rows: list[dict]) -> None:
        """Look at the columns and text cells of some rows.

        Parameters
        ----------
        rows:
            The rows of one chunk.
        """
        for row in rows:
            self.columns.update(dict.fromkeys(row))
            if self.text:
                continue
            value = row.get(self.text_column)
            if is_missing(value):
                continue
            if isinstance(value, str | bytes):
                self.text = True
            elif not self.kind:
                dtype = self.table.dtypes.get(self.text_column, "object") if self.table else "object"
                self.kind = dtype if dtype != "object" else type(value).__name__

    def check(self, known: bool) -> None:
        """Raise at the end of a table: no text column, or one that held values but no text.

        Parameters
        ----------
        known:
            The table's columns were checked before its rows (else they are checked now,
            from the columns the rows had).

        Raises
        ------
        InputError
            When the text column is missing or held no text.
        """
        if not known:
            require_column(list(self.columns), self.name, self.text_column)
        if self.kind and not self.text:
            raise _not_text(self.name, self.text_column, self.kind)


def is_missing(value: object) -> bool:
    """True for an empty cell: None, NaN, ``pd.NA`` or ``pd.NaT``.

    Parameters
    ----------
    value:
        A cell as pandas gives it.

    Returns
    -------
    bool
        True when the cell holds nothing.
    """
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


def text_cell(value: object) -> tuple[str | None, str, str]:
    """The text of a text cell, or why there is none.

    Parameters
    ----------
    value:
        The cell: a string, bytes (decoded as a file would be), or anything else.

    Returns
    -------
    text : str or None
        The text, or None when the cell holds none.
    reason : str
        Why there is no text (``no_text``, or a decoding reason), else "".
    detail : str
        What happened (the excluded row's note, or what decoding repaired).
    """
    if isinstance(value, bytes):
        decoded = decode_bytes(value)
        if decoded.text is None:
            return None, decoded.reason, f"text cell: {decoded.detail}"
        return decoded.text, "", decoded.detail
    if is_missing(value):
        return None, "no_text", "empty text cell"
    if not isinstance(value, str):
        return None, "no_text", f"text cell holds a {type(value).__name__} ({str(value)[:30]}), not text"
    if not value.strip():
        return None, "no_text", "empty text cell"
    return value, "", ""


def clean_cell(value: object) -> str:
    """A cell as a stripped string ("" when empty), lone surrogates replaced by U+FFFD.

    Parameters
    ----------
    value:
        A cell.

    Returns
    -------
    str
        Its text.
    """
    if is_missing(value):
        return ""
    return _SURROGATES.sub("\ufffd", str(value)).strip()
