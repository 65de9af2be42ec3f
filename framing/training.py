"""What training a model on coded sheets needs whatever the model: the sheets' hashes,
folds of whole articles, a safe target and an atomic write of the model with its sidecar.

Used by :mod:`framing.sentiment_train` (snownlp's sentiment) and :mod:`framing.frame_train`
(the frame model).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.scoring.sentiment_model import sidecar_path
from framing.textkey import normalize_text
from framing.validation.codes import read_sheet

__all__ = [
    "article_folds", "check_model_target", "json_safe", "name_coders", "open_sheet", "refuse_repeated_codes",
    "sentence_keys", "sheet_hash", "sheet_list", "write_model",
]


def sheet_hash(src: str | Path | pd.DataFrame) -> tuple[str, str]:
    """The name of a coded sheet and the SHA-256 of its bytes (of its CSV text for a table).

    Parameters
    ----------
    src
        A sheet's path, or a table.

    Returns
    -------
    tuple of str
        ``(name, sha256)``; the name is ``"(table)"`` for a table.
    """
    if isinstance(src, pd.DataFrame):
        data = src.to_csv(index=False, lineterminator="\n").encode("utf-8")
        return "(table)", hashlib.sha256(data).hexdigest()
    p = Path(src)
    return p.name, hashlib.sha256(p.read_bytes()).hexdigest()


def article_folds(groups: list[str | None], k: int, seed: int) -> tuple[np.ndarray, int]:
    """Fold of each unit: whole groups (articles) by a seeded permutation; single units
    when no group is known.

    Parameters
    ----------
    groups
        The group (article) of each unit, or None.
    k
        Folds wanted (at most as many as groups).
    seed
        Seed of the permutation.

    Returns
    -------
    tuple
        The fold of each unit (``int64`` array) and the number of folds.
    """
    names = [g if g is not None else f"\0unit {i}" for i, g in enumerate(groups)]
    unique = sorted(set(names))
    k = min(k, len(unique))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: pos % k for pos, j in enumerate(order)}
    return np.array([fold_of[n] for n in names], dtype=np.int64), k


def check_model_target(out: Path, sheets: Any, force: bool, example: str = "news.marshal.3") -> None:
    """Refuse a model target that would overwrite a sheet, sits in no folder, is a folder,
    or exists (without ``force``): one-line ``InputError``, nothing written.

    Parameters
    ----------
    out
        The model file to write (its sidecar is ``<out>.json``).
    sheets
        The coded sheets the model is trained on.
    force
        Replace an existing model and sidecar.
    example
        A file name the error suggests.

    Raises
    ------
    InputError
        When the target cannot be used.
    """
    srcs = [sheets] if isinstance(sheets, (str, Path, pd.DataFrame)) else list(sheets)
    side = sidecar_path(out)
    targets = {out.resolve(), side.resolve()}
    for src in srcs:
        if isinstance(src, (str, Path)) and Path(src).resolve() in targets:
            raise InputError(f"{Path(src).name}: is a coded sheet, not a place for the model; fix: write the model to another file")
    if not out.parent.is_dir():
        raise InputError(f"{out.name}: folder {out.parent.name or '.'} does not exist; fix: create it or choose another path")
    if out.is_dir():
        raise InputError(f"{out.name}: is a folder; fix: give a file name such as {example}")
    if not force:
        for p in (out, side):
            if p.exists():
                raise InputError(f"{p.name}: exists; fix: choose another name, or --force to replace it")


def json_safe(v: Any) -> Any:
    """``v`` with non-finite floats as None, through dicts and lists (JSON has no NaN).

    Parameters
    ----------
    v
        A value of a sidecar.

    Returns
    -------
    Any
        The value, safe for strict JSON.
    """
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: json_safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [json_safe(x) for x in v]
    return v


def write_model(out: Path, data: bytes, sidecar: dict[str, Any]) -> None:
    """Model and sidecar, each written to a temporary file and renamed into place.

    Parameters
    ----------
    out
        The model file; the sidecar goes to ``<out>.json``.
    data
        The model's bytes.
    sidecar
        What the sidecar records.
    """
    text = json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n"
    pairs = [(out, data), (sidecar_path(out), text.encode("utf-8"))]
    tmps = [p.with_name(f".{p.name}.{os.getpid()}.tmp") for p, _ in pairs]
    try:
        for (_, content), tmp in zip(pairs, tmps, strict=True):
            tmp.write_bytes(content)
        for (p, _), tmp in zip(pairs, tmps, strict=True):
            tmp.replace(p)
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)


def sentence_keys(codes: pd.DataFrame) -> list[str]:
    """The key that joins one sentence's codes across sheets.

    Parameters
    ----------
    codes : DataFrame
        Codes as :func:`framing.validation.read_codes` gives them (``sentence_id``, ``text``).

    Returns
    -------
    list of str
        The sentence id where the sheet gives one, else ``text:`` and the normalised text.
    """
    return [
        str(sid) if sid is not None else "text:" + normalize_text(t)
        for sid, t in zip(codes["sentence_id"], codes["text"], strict=True)
    ]


def refuse_repeated_codes(codes: pd.DataFrame) -> None:
    """Refuse a coder who coded one sentence twice across sheets.

    Parameters
    ----------
    codes : DataFrame
        Codes with ``coder``, ``key`` (:func:`sentence_keys`), ``source`` and ``row``.

    Raises
    ------
    InputError
        Naming both rows, with the fix.
    """
    dup = codes.duplicated(["coder", "key"])
    if dup.any():  # within a sheet read_codes finds it; this is across sheets
        r = codes[dup].iloc[0]
        first = codes[(codes["coder"] == r["coder"]) & (codes["key"] == r["key"])].iloc[0]
        raise InputError(
            f"{r['source']} row {r['row']}: coder {r['coder']!r} coded sentence {r['key']!r} again "
            f"(first in {first['source']} row {first['row']}); fix: keep one row per coder and sentence"
        )


def sheet_list(sheets: Any, columns: str) -> list[Any]:
    """The coded sheets as a list: one path or table, or several.

    Parameters
    ----------
    sheets
        A sheet (path or DataFrame) or a sequence of them.
    columns
        What a sheet holds, for the error (``"text and tone columns"``).

    Returns
    -------
    list
        The sheets.

    Raises
    ------
    InputError
        When no sheet is given.
    """
    out = [sheets] if isinstance(sheets, (str, Path, pd.DataFrame)) else list(sheets)
    if not out:
        raise InputError(f"no coded sheets given; pass one sheet per coder ({columns})")
    return out


def open_sheet(i: int, src: Any, columns: str) -> tuple[str, pd.DataFrame]:
    """The name and the table of the ``i``-th coded sheet, its column names cleaned.

    Parameters
    ----------
    i
        The sheet's position (0-based), naming a table given without a file.
    src
        A path or a DataFrame.
    columns
        What a sheet holds, for the error of a missing file.

    Returns
    -------
    tuple
        ``(name, table)``.

    Raises
    ------
    InputError
        When the file does not exist or cannot be read as a sheet.
    """
    if isinstance(src, pd.DataFrame):
        name, table = f"table {i + 1}", src
    else:
        p = Path(src)
        if not p.is_file():
            raise InputError(f"{p.name}: no such sheet; fix: give the coded sheet(s) with {columns}")
        name, table = p.name, read_sheet(p)
    return name, table.rename(columns=lambda c: str(c).replace("\ufeff", "").strip())


def name_coders(codes: pd.DataFrame, table: pd.DataFrame, name: str, src: Any, i: int, used: set[str]) -> None:
    """Give the codes of a sheet without coder names one coder, named after its file.

    Parameters
    ----------
    codes
        The sheet's codes (changed in place: ``coder``).
    table
        The sheet as read.
    name
        The sheet's name.
    src
        The sheet as given (a path or a DataFrame).
    i
        Its position, to tell apart two sheets of the same name.
    used
        The coder names taken so far (updated).
    """
    named = "coder" in table.columns and table["coder"].fillna("").astype(str).str.strip().ne("").any()
    if not named:  # one coder per sheet, named after the file
        coder = Path(name).stem if not isinstance(src, pd.DataFrame) else f"coder {i + 1}"
        while coder in used:
            coder = f"{coder} ({i + 1})"
        codes["coder"] = coder
    used.update(codes["coder"].astype(str))
