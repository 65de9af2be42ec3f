"""The ``documents`` and ``sentences`` tables from the records of a read, with the docvars.

Whatever the input (a folder, a file, a table, a DataFrame), reading ends in records and
their texts (:class:`framing.corpus.store.Texts`); this module turns them into the two
tables of a ``Corpus`` (see :mod:`framing.corpus.model` for the columns), and carries the
researcher's own columns (docvars) to both.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing.corpus.model import DOCUMENT_COLUMNS, SENTENCE_COLUMNS
from framing.corpus.store import Texts, give_back, str_series

#: Records turned into table rows at a time (their texts are cut into sentences then).
TABLE_STEP = 2000
_DOCUMENT_TYPES = {
    "article": "int64", "outlet_confidence": "float64", "relevance": "float64", "topic_hits": "float64",
    "similarity": "float64", "n_chars": "int64", "n_sentences": "int64", "outlet_conflict": "bool",
    "replaced_bytes": "int64",
}
_SENTENCE_TYPES = {"sent_id": "int64", "start": "int64", "end": "int64", "is_headline": "bool", "n_chars": "int64"}
# the outlet attributes a researcher may give in a table or manifest: their value wins over
# the gazetteer's (it is their classification for their study)
OWN_KINDS = ("outlet_type", "outlet_level", "channel")


def build_tables(records: list[dict], texts: Texts, keep_text: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents and sentences tables, built ``TABLE_STEP`` records at a time.

    Each record is emptied once its rows are made (its memory serves the next step), and
    the sentences' columns are filled in place (:class:`SentenceColumns`), not copied
    together at the end.

    Parameters
    ----------
    records:
        The records of the read, judged (status and reason final).
    texts:
        Their texts.
    keep_text:
        Keep the ``text_original`` and ``text`` columns in ``documents``.

    Returns
    -------
    documents, sentences : pandas.DataFrame
        With the columns and types of :mod:`framing.corpus.model`.
    """
    light = [c for c in DOCUMENT_COLUMNS if c not in texts.parts]
    docs: list[pd.DataFrame] = []
    sentences = SentenceColumns(sum(len(r["_sentences"]) for r in records if r["status"] == "included"))
    for a in range(0, len(records), TABLE_STEP):
        part = records[a : a + TABLE_STEP]
        docs.append(pd.DataFrame.from_records(part, columns=light))
        sentences.add(part, texts.slice("text", a, a + len(part)))
        for r in part:  # all in the tables now: what the records held is memory for the next part
            r.clear()
        give_back()
    if docs:
        documents = pd.concat(docs, ignore_index=True) if len(docs) > 1 else docs[0]
    else:
        documents = pd.DataFrame.from_records([], columns=light)
    for column in texts.parts:
        documents[column] = texts.column(column) if records else pd.Series([], dtype=object)
    documents = documents[DOCUMENT_COLUMNS].astype(_DOCUMENT_TYPES)
    if not keep_text:
        documents = documents.drop(columns=["text_original", "text"])
    return documents, sentences.frame()


class SentenceColumns:
    """The columns of the sentences table, filled a step of records at a time.

    The number columns are allocated whole at the start and filled in place, the text
    columns are kept as one Arrow array per step (a chunk of the final column), so the
    table is never copied together from parts (which would hold its number columns twice).

    Parameters
    ----------
    total:
        The number of sentences that will be added.
    """

    NUMBERS = tuple(c for c in SENTENCE_COLUMNS if c in _SENTENCE_TYPES)
    STRINGS = tuple(c for c in SENTENCE_COLUMNS if c not in _SENTENCE_TYPES)

    def __init__(self, total: int) -> None:
        self.numbers = {c: np.empty(total, dtype=_SENTENCE_TYPES[c]) for c in self.NUMBERS}
        self.strings: dict[str, list[pd.Series]] = {c: [] for c in self.STRINGS}
        self.n = 0

    def add(self, records: list[dict], texts: list[str]) -> None:
        """Add the sentences of the included records.

        Parameters
        ----------
        records:
            Records, their ``_sentences`` in compact form (:class:`framing.corpus.store.Sentences`).
        texts:
            The records' clean texts, in the same order.

        Raises
        ------
        ValueError
            When the records hold more sentences than the columns were allocated for.
        """
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
        m = len(cols["doc_id"])
        if not m:
            return
        if self.n + m > len(self.numbers["start"]):
            raise ValueError(f"{self.n + m} sentences added to columns for {len(self.numbers['start'])}")
        for column in self.NUMBERS:
            self.numbers[column][self.n : self.n + m] = cols[column]
        for column in self.STRINGS:
            self.strings[column].append(str_series(cols[column]))
        self.n += m

    def frame(self) -> pd.DataFrame:
        """The sentences table (sharing the columns' memory).

        Returns
        -------
        pandas.DataFrame
            With the columns and types of the sentences table; without rows when no
            sentence was added.
        """
        if not self.n:
            return pd.DataFrame.from_records([], columns=SENTENCE_COLUMNS).astype(_SENTENCE_TYPES)
        data: dict[str, object] = {c: v[: self.n] for c, v in self.numbers.items()}
        for column, parts in self.strings.items():
            data[column] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        return pd.DataFrame(data, columns=SENTENCE_COLUMNS, copy=False)


def sentence_rows(records: list[dict], texts: list[str]) -> pd.DataFrame:
    """Sentence rows of the included records.

    Parameters
    ----------
    records, texts:
        As for :meth:`SentenceColumns.add`.

    Returns
    -------
    pandas.DataFrame
        With the columns and types of the sentences table.
    """
    table = SentenceColumns(sum(len(r["_sentences"]) for r in records if r["status"] == "included"))
    table.add(records, texts)
    return table.frame()


def researcher_kinds(records: list[dict]) -> None:
    """Use a table's or manifest's own ``outlet_type``/``outlet_level``/``channel``, in place.

    Those columns arrive among the docvars as ``given_<name>``; a value given replaces the
    record's and leaves the docvars.

    Parameters
    ----------
    records:
        The records of the read.
    """
    for r in records:
        own = r.get("_docvars")
        if not own:
            continue
        for name in OWN_KINDS:
            value = own.pop(f"given_{name}", None)
            if value not in (None, "") and not (isinstance(value, float) and value != value):
                r[name] = str(value)


def docvar_values(records: list[dict]) -> dict[str, list]:
    """The researcher's own columns of the records, in the order first met.

    A name framing uses itself was renamed ``given_<name>``
    (:func:`framing.corpus.model.docvar_name`), with a warning.

    Parameters
    ----------
    records:
        The records of the read.

    Returns
    -------
    dict of str to list
        Name -> one value per record (None where a record lacks it).
    """
    names = list(dict.fromkeys(k for r in records for k in r.get("_docvars", ())))
    renamed = [n for n in names if n.startswith("given_")]
    if renamed:
        warnings.warn(
            f"column(s) {', '.join(n[len('given_'):] for n in renamed)} of the input are names framing "
            f"uses for its own columns; kept as {', '.join(renamed)}",
            stacklevel=3,
        )
    return {name: [r.get("_docvars", {}).get(name) for r in records] for name in names}


def add_docvars(documents: pd.DataFrame, sentences: pd.DataFrame, docvars: dict[str, list]) -> None:
    """The researcher's own columns travel with their article, to its sentences too (in place).

    Parameters
    ----------
    documents, sentences:
        The tables of the read.
    docvars:
        Name -> one value per document (:func:`docvar_values`).
    """
    included = (documents["status"] == "included").tolist()
    for name, values in docvars.items():
        documents[name] = pd.Series(values, index=documents.index)
        by_doc = {d: v for d, v, keep in zip(documents["doc_id"], values, included, strict=True) if keep}
        sentences[name] = pd.Series(
            [by_doc.get(d) for d in sentences["doc_id"]], index=sentences.index,
            dtype=documents[name].dtype if len(sentences) else object,
        )
