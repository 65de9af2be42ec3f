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
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.scoring.sentiment_model import sidecar_path
from framing.textkey import normalize_text
from framing.validation.codes import read_codes, read_sheet

__all__ = [
    "RULES", "article_folds", "check_model_target", "check_rule", "coded_units", "decide", "json_safe", "name_coders",
    "open_sheet", "read_coded_sheets", "refuse_repeated_codes", "sentence_keys", "sheet_hash", "sheet_list",
    "training_info", "write_model",
]

#: How several coders' codes of one sentence make one: the strict majority, or all alike.
RULES = ("majority", "unanimous")


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


def read_coded_sheets(
    sheets: Any,
    columns: str,
    frames: Sequence[str],
    check: Callable[[str, pd.DataFrame], None],
    coded: Callable[[pd.DataFrame], pd.Series],
    empty: str,
) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The codes of every coded sheet as one table, and each sheet's name and SHA-256.

    Each sheet is opened (:func:`open_sheet`), checked, read as validation reads it
    (:func:`framing.validation.read_codes`), its coder named when it names none
    (:func:`name_coders`) and hashed (:func:`sheet_hash`).

    Parameters
    ----------
    sheets
        A sheet (path or DataFrame) or a sequence of them, one per coder.
    columns
        What a sheet holds, for the errors (``"text and tone columns"``).
    frames
        The frame columns to read (empty: the tone only).
    check
        Called with a sheet's name and table before it is read; raises
        :class:`~framing.errors.InputError` for a sheet training cannot use.
    coded
        Which rows of a sheet's codes hold a code (a boolean Series); the others are dropped.
    empty
        The error when no sheet holds a code (one line with the fix).

    Returns
    -------
    tuple
        ``(codes, hashes)``: the codes with ``source`` (the sheet's name), ``row``,
        ``coder``, ``sentence_id``, ``doc_id``, ``text``, the frame columns and ``tone``;
        and per sheet ``{"sheet": name, "sha256": hex digest}``.

    Raises
    ------
    InputError
        When no sheet is given, a sheet is missing or unusable, or none holds a code.
    """
    parts: list[pd.DataFrame] = []
    hashes: list[dict[str, str]] = []
    used: set[str] = set()
    for i, src in enumerate(sheet_list(sheets, columns)):
        name, table = open_sheet(i, src, columns)
        check(name, table)
        codes = read_codes([src], frames=list(frames))
        codes["source"] = name
        name_coders(codes, table, name, src, i, used)
        parts.append(codes[coded(codes)])
        sheet_name, sha = sheet_hash(src)
        hashes.append({"sheet": name if sheet_name == "(table)" else sheet_name, "sha256": sha})
    codes = pd.concat(parts, ignore_index=True)
    if codes.empty:
        raise InputError(empty)
    return codes, hashes


def check_rule(rule: str) -> None:
    """Refuse a rule of combining coders that is not one of :data:`RULES`.

    Parameters
    ----------
    rule
        The rule asked for.

    Raises
    ------
    ValueError
        When ``rule`` is not ``"majority"`` or ``"unanimous"``.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")


def decide(values: list[int], rule: str) -> float:
    """The code several coders gave one sentence, by ``rule``.

    Parameters
    ----------
    values
        The coders' codes (at least one).
    rule
        ``"majority"``: the code more than half gave (with two coders, the code both gave);
        ``"unanimous"``: the code all gave.

    Returns
    -------
    float
        The code, NaN when the coders do not decide it by ``rule``.
    """
    top, n_top = Counter(values).most_common(1)[0]
    if rule == "unanimous":
        return float(top) if n_top == len(values) else math.nan
    return float(top) if 2 * n_top > len(values) else math.nan


def coded_units(
    codes: pd.DataFrame, values: Callable[[pd.DataFrame], dict[str, Any]]
) -> tuple[list[dict[str, Any]], str]:
    """One row per coded sentence: its key, text and article, and what its codes decide.

    Parameters
    ----------
    codes
        Codes with ``key`` (:func:`sentence_keys`), ``text``, ``doc_id``, ``sentence_id``,
        ``source`` and ``row``.
    values
        The sentence's decided codes from its rows (one per coder), as a dict of columns.

    Returns
    -------
    tuple
        ``(rows, groups)``: dicts with ``key``, ``text``, ``group`` (the article: the
        ``doc_id``, else the article part of a ``doc_id:sent_id`` key, else None) and the
        columns of ``values``, in order of first appearance; and what the groups are
        (``"doc_id"``, ``"sentence_id"`` or ``"none"``).

    Raises
    ------
    InputError
        When every row of a sentence lacks its text.
    """
    has_doc = codes["doc_id"].notna().any()
    has_sid = codes["sentence_id"].fillna("").astype(str).str.contains(":").any()
    rows = []
    for key, g in codes.groupby("key", sort=False):
        texts = g["text"].dropna()
        if texts.empty:
            r = g.iloc[0]
            raise InputError(
                f"{r['source']} row {r['row']}: no text for sentence {key!r}; fix: keep the text "
                "column filled (training reads the sentence)"
            )
        if has_doc:
            docs = g["doc_id"].dropna()
            group = str(docs.iloc[0]) if len(docs) else None
        elif has_sid and ":" in key:
            group = key.rsplit(":", 1)[0]
        else:
            group = None
        rows.append({"key": key, "text": str(texts.iloc[0]), "group": group, **values(g)})
    return rows, "doc_id" if has_doc else ("sentence_id" if has_sid else "none")


def training_info(hashes: list[dict[str, str]], rule: str, groups: str, counts: dict[str, Any]) -> dict[str, Any]:
    """What a model's sidecar records of its training data.

    Parameters
    ----------
    hashes
        Per sheet ``{"sheet", "sha256"}`` (:func:`read_coded_sheets`).
    rule
        How the coders' codes were combined.
    groups
        What the folds' groups are (:func:`coded_units`).
    counts
        Counts of rows, coders, sentences and codes.

    Returns
    -------
    dict
        ``sheets``, ``training_data_sha256`` (of the sheets' hex digests joined by
        newlines), ``rule``, ``groups`` and ``counts``.
    """
    joined = "\n".join(h["sha256"] for h in hashes)
    return {
        "sheets": hashes,
        "training_data_sha256": hashlib.sha256(joined.encode("ascii")).hexdigest(),
        "rule": rule,
        "groups": groups,
        "counts": counts,
    }
