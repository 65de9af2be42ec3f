"""What reading keeps of each article until the tables are built, in compact form.

The texts go into columns of the final tables as each unit of work comes back (not one
Python string each), the sentences are offsets into the text, and memory that reading let
go of is given back to the system; so reading needs little beyond the corpus it returns.
"""

from __future__ import annotations

import bisect
import ctypes
import functools

import numpy as np
import pandas as pd

from framing.corpus.dedupe import K, stack_signatures


class Sentences:
    """The sentences of an article in compact form: offsets into its text and headline flags.

    ``split_sentences`` gives ``text == article_text[start:end]``, so the texts are cut
    again only when the sentences table is built.

    Parameters
    ----------
    starts, ends:
        The offsets of each sentence in the article's text.
    heads:
        Whether each sentence is a headline.
    """

    __slots__ = ("starts", "ends", "heads")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, heads: np.ndarray) -> None:
        self.starts, self.ends, self.heads = starts, ends, heads

    @classmethod
    def of(cls, sentences: list[dict]) -> Sentences:
        """The compact form of sentences as :func:`framing.corpus.page.split_article` gives them.

        Parameters
        ----------
        sentences:
            Dicts with ``start``, ``end`` and ``is_headline``.

        Returns
        -------
        Sentences
            Their offsets (32-bit when they fit) and flags.
        """
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
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library this process runs on
    except (OSError, AttributeError, TypeError):
        return None


def give_back() -> None:
    """Return the heap memory freed so far to the system (glibc keeps it otherwise).

    What reading let go of is then not counted twice while the tables are built. Does
    nothing where the C library has no ``malloc_trim``.
    """
    trim = _libc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def arrow_pool():
    """The memory pool for the large text columns.

    Returns
    -------
    pyarrow.MemoryPool or None
        The system allocator, which gives freed memory back (pyarrow's default keeps it for
        reuse, and a corpus is built once); None when pandas does not keep text in Arrow.
    """
    if pd.Series([], dtype="str").dtype.storage != "pyarrow":
        return None
    import pyarrow as pa  # optional: only where pandas keeps text in Arrow

    return pa.system_memory_pool()


def str_series(values: list[str]) -> pd.Series:
    """``pd.Series(values, dtype="str")``, its Arrow buffers from :func:`arrow_pool`.

    Built as Arrow ``large_string``, the type pandas keeps its text in (a ``string`` array
    would be converted: its offsets copied, to memory of pyarrow's default pool).

    Parameters
    ----------
    values:
        The strings.

    Returns
    -------
    pandas.Series
        Of dtype ``str``.
    """
    pool = arrow_pool()
    if pool is None:
        return pd.Series(values, dtype="str")
    import pyarrow as pa  # optional: only where pandas keeps text in Arrow

    return pd.Series(pa.array(values, type=pa.large_string(), memory_pool=pool), dtype="str")


class Texts:
    """``text_original`` and ``text`` of every record, in record order, and the signatures.

    The texts are stored a unit of work at a time in the columnar form of the documents
    table (not one Python string each), and the MinHash signatures of the included records
    a matrix per unit.
    """

    def __init__(self) -> None:
        self.parts: dict[str, list[pd.Series]] = {"text_original": [], "text": []}
        self.ends: list[int] = []
        self.signatures: list[tuple[list[int], np.ndarray, np.ndarray]] = []

    def add(self, records: list[dict]) -> None:
        """Take the texts and signatures out of the next records (the keys are removed).

        Parameters
        ----------
        records:
            The records of one unit of work, the next in record order.
        """
        if not records:
            return
        start = len(self)
        for column, parts in self.parts.items():
            parts.append(str_series([r.pop(column) for r in records]))
        self.ends.append(start + len(records))
        signed = [k for k, r in enumerate(records) if "_sig" in r]
        if signed:
            sigs, sizes = stack_signatures((records[k].pop("_sig") for k in signed), len(signed))
            self.signatures.append(([start + k for k in signed], sigs, sizes))

    def signatures_of(self, picked: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The signatures of some records, as one matrix; those kept are let go as they are copied.

        Parameters
        ----------
        picked:
            Positions of records, each included when read (so each has a signature).

        Returns
        -------
        signatures : numpy.ndarray
            One row per picked record.
        sizes : numpy.ndarray
            The number of shingles of each.
        """
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
        """The text of one record.

        Parameters
        ----------
        column:
            ``text`` or ``text_original``.
        k:
            The record's position.

        Returns
        -------
        str
            Its text.
        """
        part = bisect.bisect_right(self.ends, k)
        start = self.ends[part - 1] if part else 0
        return self.parts[column][part].iat[k - start]

    def slice(self, column: str, a: int, b: int) -> list[str]:
        """The texts of records ``a`` to ``b`` (``b`` excluded) as Python strings.

        Parameters
        ----------
        column:
            ``text`` or ``text_original``.
        a, b:
            The range of records.

        Returns
        -------
        list of str
            Their texts.
        """
        out: list[str] = []
        part = bisect.bisect_right(self.ends, a)
        while a < b:
            start = self.ends[part - 1] if part else 0
            stop = min(b, self.ends[part])
            out += self.parts[column][part].iloc[a - start : stop - start].tolist()
            a, part = stop, part + 1
        return out

    def column(self, column: str) -> pd.Series:
        """A whole text column, one value per record.

        Parameters
        ----------
        column:
            ``text`` or ``text_original``.

        Returns
        -------
        pandas.Series
            Of dtype ``str``.
        """
        parts = self.parts[column]
        if not parts:
            return pd.Series([], dtype="str")
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


class Picked:
    """The texts of some records, by position among them (what near-duplicate detection reads).

    Parameters
    ----------
    texts:
        The texts of all records.
    picked:
        The positions of the records to show, in order.
    """

    def __init__(self, texts: Texts, picked: list[int]) -> None:
        self.texts, self.picked = texts, picked

    def __len__(self) -> int:
        return len(self.picked)

    def __getitem__(self, k: int) -> str:
        return self.texts[self.picked[k]]
