"""Coded sheets: read the coders' filled sheets and match their rows to the corpus sentences.

>>> codes = read_codes(["sheet_anna.csv", "sheet_ben.csv"], scored=scored)
>>> codes.groupby("coder").size()      # one row per coder and coded sentence

Reading coded sheets
--------------------
:func:`read_codes` reads filled sheets (CSV in UTF-8, with or without BOM, or GB18030 as
saved by Excel on Chinese Windows; ``.xlsx`` when openpyxl is installed) or DataFrames,
and returns one row per coder and sentence. Cells are stripped; an empty cell is a blank.

* A row is **coded** when at least one frame or the tone cell is filled; fully blank rows
  (sentences a coder did not reach) are dropped.
* In a coded row a blank frame cell means 0 (``blank_as_zero=True``, the rule stated in
  the coder instructions); with ``blank_as_zero=False`` it is missing. A frame column that
  a sheet lacks is missing (not coded) for all its rows; a blank tone cell is missing.
* Frame cells must be 0 or 1, tone cells -1, 0 or 1.
* ``coder``: the coder's name. A single sheet without (or with an empty) ``coder`` column
  is one coder named after the file; with several sheets every row needs a name.

Matching rows to sentences
--------------------------
By ``sentence_id`` (``doc_id:sent_id``, as on the sheet). A row without a sentence id is
matched by its ``text``: both sides are normalised with Unicode NFKC (full-width
characters and punctuation to their plain forms), zero-width characters and all
whitespace removed; the text must match exactly one sentence (within the row's
``doc_id`` when the sheet has one). A row with both an id and a text must agree on both:
a changed text means the corpus or its sentence splitting changed since the sheet was
drawn. Anything that does not match is an :class:`~framing.errors.InputError` naming the
file, the spreadsheet row (the header is row 1) and the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.lexicon import default_lexicons
from framing.renames import renamed_keywords
from framing.textkey import normalize_text
from framing.validation.codesheet import sentence_ids

__all__ = ["CodesInput", "match_codes", "normalize_text", "read_codes", "read_sheet"]

CodesInput = str | Path | pd.DataFrame | Sequence[str | Path | pd.DataFrame]
"""What :func:`read_codes` reads: a sheet (path or DataFrame) or a list of them."""



# ---------------------------------------------------------------------------------------
# reading


def read_sheet(path: str | Path) -> pd.DataFrame:
    """A filled sheet as a table of strings (empty cells as ``""``).

    CSV in UTF-8 (with or without BOM) or GB18030 (as Excel saves it on Chinese Windows),
    TSV (``.tsv``, ``.tab``), or Excel (``.xlsx``, ``.xlsm``, ``.xls``; needs openpyxl).

    Parameters
    ----------
    path : str or Path
        The filled sheet: CSV, TSV or Excel.

    Returns
    -------
    pandas.DataFrame
        Every column as strings, the header as written.

    Raises
    ------
    InputError
        A missing, empty or unreadable file: one line naming it and the fix.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path.name}: no such file; give the path of a filled coding sheet")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        try:
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        except ImportError:
            raise InputError(
                f"{path.name}: reading Excel files needs openpyxl; install it or save the "
                "sheet as CSV UTF-8"
            ) from None
    sep = "\t" if suffix in (".tsv", ".tab") else ","
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, encoding=enc)
        except UnicodeDecodeError:
            continue
        except pd.errors.ParserError as err:
            raise InputError(
                f"{path.name}: not a readable CSV table ({str(err).splitlines()[0]}); "
                "save the sheet as CSV UTF-8"
            ) from None
        except pd.errors.EmptyDataError:
            raise InputError(
                f"{path.name}: the file is empty; give a filled coding sheet"
            ) from None
    raise InputError(f"{path.name}: neither UTF-8 nor GB18030 text; save the sheet as CSV UTF-8")


def _blank(series: pd.Series) -> pd.Series:
    """Stripped strings, with None for empty cells."""
    s = series.astype(object).where(series.notna(), "")
    s = s.map(lambda v: str(v).strip())
    return s.where(s != "", None)


def _parse_values(
    cells: pd.Series, allowed: tuple[int, ...], name: str, column: str, rows: pd.Series, fix: str
) -> pd.Series:
    num = pd.to_numeric(cells, errors="coerce")
    bad = cells.notna() & ~num.isin(allowed)
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise InputError(
            f"{name} row {rows.iloc[i]}: column {column!r} holds {cells.iloc[i]!r}; {fix}"
        )
    return num.astype(float)


def _default_frames(scored: Any) -> list[str]:
    if scored is not None:
        return list(scored.frame_ids)
    return default_lexicons().frame_ids


@renamed_keywords(sources="sheets")
def read_codes(
    sheets: CodesInput,
    frames: Sequence[str] | None = None,
    scored: Any = None,
    blank_as_zero: bool = True,
) -> pd.DataFrame:
    """Filled coding sheets as one long table, one row per coder and coded sentence.

    Parameters
    ----------
    sheets : str, Path, DataFrame or a sequence of them
        The filled sheets, typically one per coder (formerly ``sources``, still accepted
        with a :class:`DeprecationWarning`).
    frames : sequence of str, optional
        Frame ids to read (default: those of ``scored``, else of the bundled lexicons).
    scored : Scored, optional
        When given, rows are matched to its sentences at once (see :func:`match_codes`).
    blank_as_zero : bool
        In a coded row, a blank frame cell means 0 (default) or missing.

    Returns
    -------
    pandas.DataFrame
        Columns ``source`` (file name or ``table <i>``), ``row`` (spreadsheet row, header =
        1), ``coder``, ``sentence_id`` (None where the sheet has none), ``doc_id`` (None
        likewise), ``text``, one float column per frame (0/1, NaN = not coded) and ``tone``
        (-1/0/1 or NaN). After matching, ``sentence_id``, ``doc_id`` and ``outlet`` are
        those of the corpus sentence. ``attrs["framing_codes"]`` marks the table as read.

    Raises
    ------
    InputError
        One line naming the file, the row and the fix.
    """
    if isinstance(sheets, (str, Path, pd.DataFrame)):
        sheets = [sheets]
    sheets = list(sheets)
    if not sheets:
        raise InputError("no coding sheets given; pass one filled sheet per coder")
    frames = list(frames) if frames is not None else _default_frames(scored)
    several = len(sheets) > 1
    parts = []
    for i, src in enumerate(sheets):
        if isinstance(src, pd.DataFrame):
            name, stem, table = f"table {i + 1}", f"coder {i + 1}", src.copy()
        else:
            path = Path(src)
            name, stem, table = path.name, path.stem, read_sheet(path)
        table.columns = [str(c).replace("\ufeff", "").strip() for c in table.columns]
        if table.columns.duplicated().any():
            dup = table.columns[table.columns.duplicated()][0]
            raise InputError(f"{name}: column {dup!r} appears twice; keep one")
        if "sentence_id" not in table.columns and "text" not in table.columns:
            raise InputError(
                f"{name}: no 'sentence_id' and no 'text' column; keep the sentence_id column "
                "of the coding sheet (or give the sentence in a 'text' column)"
            )
        present = [f for f in frames if f in table.columns]
        if not present and "tone" not in table.columns:
            raise InputError(
                f"{name}: none of the frame columns ({', '.join(frames)}) and no 'tone' column; "
                "is this a coding sheet of these lexicons?"
            )
        rows = pd.Series(np.arange(len(table)) + 2, index=table.index)
        out = pd.DataFrame(index=table.index)
        out["source"] = name
        out["row"] = rows
        for col in ("sentence_id", "doc_id", "text"):
            out[col] = _blank(table[col]) if col in table.columns else None
        for f in frames:
            if f in table.columns:
                out[f] = _parse_values(
                    _blank(table[f]),
                    (0, 1),
                    name,
                    f,
                    rows,
                    "write 1 (frame present), 0 or nothing (absent)",
                )
            else:
                out[f] = np.nan
        if "tone" in table.columns:
            out["tone"] = _parse_values(
                _blank(table["tone"]),
                (-1, 0, 1),
                name,
                "tone",
                rows,
                "write -1 (negative), 0 (neutral or mixed) or 1 (positive)",
            )
        else:
            out["tone"] = np.nan
        coded = out[present + ["tone"]].notna().any(axis=1)
        if several and not coded.any():  # checked before the coder names it would lack
            raise InputError(
                f"{name}: the sheet is empty: no row has a code; fix: fill in the frame and tone "
                "columns, or leave this sheet out"
            )
        out = out[coded].copy()
        if blank_as_zero and present:
            out[present] = out[present].fillna(0.0)
        no_key = out["sentence_id"].isna() & out["text"].isna()
        if no_key.any():
            r = out.loc[no_key, "row"].iloc[0]
            raise InputError(
                f"{name} row {r}: coded, but neither sentence_id nor text is filled; "
                "restore the sentence_id from the original sheet"
            )
        coder = _blank(table["coder"])[coded] if "coder" in table.columns else None
        if coder is None or coder.isna().all():
            if several:
                raise InputError(
                    f"{name}: no coder names; with several sheets add a 'coder' column and "
                    "write the coder's name in every coded row"
                )
            out["coder"] = stem
        else:
            if coder.isna().any():
                r = out.loc[coder.isna(), "row"].iloc[0]
                raise InputError(
                    f"{name} row {r}: no coder name; write the coder's name in every coded row"
                )
            out["coder"] = coder
        parts.append(out)
    codes = pd.concat(parts, ignore_index=True)
    codes = codes[["source", "row", "coder", "sentence_id", "doc_id", "text"] + frames + ["tone"]]
    codes.attrs["framing_codes"] = {"frames": frames, "blank_as_zero": blank_as_zero}
    if not len(codes):
        raise InputError(
            "the coding sheets hold no coded rows; fill the frame and tone columns first"
        )
    if scored is not None:
        return match_codes(codes, scored)
    _check_duplicates(codes, codes["sentence_id"].fillna("text:" + codes["text"].fillna("")))
    return codes


def _check_duplicates(codes: pd.DataFrame, key: pd.Series) -> None:
    dup = pd.DataFrame({"c": codes["coder"], "k": key}).duplicated(keep="first")
    if dup.any():
        i = dup.to_numpy().nonzero()[0][0]
        row = codes.iloc[i]
        first = codes.iloc[
            ((codes["coder"] == row["coder"]) & (key == key.iloc[i])).to_numpy().nonzero()[0][0]
        ]
        raise InputError(
            f"{row['source']} row {row['row']}: coder {row['coder']!r} coded sentence "
            f"{key.iloc[i]!r} again (first in {first['source']} row {first['row']}); "
            "keep one row per coder and sentence"
        )


def _preview(text: str, k: int = 20) -> str:
    return text if len(text) <= k else text[:k] + "…"


def match_codes(codes: pd.DataFrame, scored: Any) -> pd.DataFrame:
    """Attach each coded row to its corpus sentence (see the module docs for the rules).

    Parameters
    ----------
    codes : pandas.DataFrame
        The output of :func:`read_codes` (read without ``scored``).
    scored : Scored
        The scored corpus the sheets were drawn from.

    Returns
    -------
    pandas.DataFrame
        ``codes`` with ``sentence_id`` and ``doc_id`` of the corpus and an ``outlet``
        column; ``attrs["framing_matched"]`` marks it as matched.

    Raises
    ------
    InputError
        A row that matches no sentence, or several, or whose text differs from its
        sentence's, or a coder who coded a sentence twice.
    """
    sents = scored.sentences
    ids = sentence_ids(sents)
    norm = sents["text"].map(normalize_text)
    by_id = pd.Series(norm.to_numpy(), index=ids.to_numpy())
    doc_of = pd.Series(sents["doc_id"].astype(str).to_numpy(), index=ids.to_numpy())
    outlet_of = pd.Series(
        (sents["outlet"] if "outlet" in sents.columns else pd.Series("", index=sents.index))
        .astype(str)
        .to_numpy(),
        index=ids.to_numpy(),
    )
    by_text: dict[str, list[str]] = {}
    for sid, t in zip(ids, norm, strict=True):
        by_text.setdefault(t, []).append(sid)
    out = codes.copy()
    matched: list[str] = []
    for rec in out.itertuples(index=False):
        where = f"{rec.source} row {rec.row}"
        text = normalize_text(rec.text)
        if rec.sentence_id is not None:
            sid = str(rec.sentence_id)
            if sid not in by_id.index:
                raise InputError(
                    f"{where}: sentence_id {sid!r} is not a sentence of the scored corpus; "
                    "validate against the corpus the sheet was drawn from, read with the same "
                    "settings"
                )
            if text and text != by_id[sid]:
                raise InputError(
                    f"{where}: the text of {sid} ({_preview(text)}) differs from the corpus "
                    f"sentence ({_preview(by_id[sid])}); the corpus or its sentence splitting "
                    "changed since the sheet was drawn: draw a new sheet"
                )
            matched.append(sid)
            continue
        candidates = by_text.get(text, [])
        if rec.doc_id is not None:
            candidates = [c for c in candidates if doc_of[c] == str(rec.doc_id)]
        if not candidates:
            raise InputError(
                f"{where}: no sentence of the scored corpus has the text {_preview(text)!r}; "
                "add the sentence_id column of the original sheet"
            )
        if len(candidates) > 1:
            raise InputError(
                f"{where}: the text {_preview(text)!r} matches {len(candidates)} sentences "
                f"({', '.join(candidates[:3])}); add the sentence_id column of the original sheet"
            )
        matched.append(candidates[0])
    out["sentence_id"] = matched
    out["doc_id"] = doc_of.reindex(matched).to_numpy()
    out.insert(out.columns.get_loc("doc_id") + 1, "outlet", outlet_of.reindex(matched).to_numpy())
    _check_duplicates(out, out["sentence_id"])
    out.attrs = dict(codes.attrs)
    out.attrs["framing_matched"] = True
    return out
