"""Apply the accepted lexicon suggestions to a copy of a lexicon folder.

>>> apply_suggestions("suggestions/suggestions.csv", "my_lexicons/")   # accepted lines only

The researcher marks the lines of ``suggestions.csv`` (:meth:`framing.validation.suggest.Suggestions.write`)
to keep in its ``accept`` column; :func:`apply_suggestions` copies a lexicon folder and writes
those lines into the copy's ``frames.toml``. The folder it copies is never edited.
"""

from __future__ import annotations

import math
import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import InputError, LexiconError
from framing.lexicons import check_lexicon_files, load_lexicons, term_key
from framing.lexicons.toml import strip_strings, table_header, toml_line
from framing.paths import lexicon_dir
from framing.validation.codes import read_sheet
from framing.validation.entries import ACTIONS, toml_entry

__all__ = ["ACCEPT_NO", "ACCEPT_YES", "apply_suggestions"]

ACCEPT_YES = {"1", "y", "yes", "x", "true", "accept", "ok", "是", "✓", "✔"}
"""What the ``accept`` column may hold for a line to apply (case and spaces ignored)."""
ACCEPT_NO = {"", "0", "n", "no", "false", "reject", "否", "-"}
"""What it may hold for a line to leave out; anything else is an error."""


def _accepted(path: Path) -> pd.DataFrame:
    """The accepted rows of a suggestions CSV, checked, with their spreadsheet row."""
    table = read_sheet(path)
    table.columns = [str(c).replace("\ufeff", "").strip() for c in table.columns]
    need = ["id", "accept", "frame", "action", "term", "value"]
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise InputError(
            f"{path.name}: no {', '.join(repr(c) for c in missing)} column; fix: give the suggestions.csv "
            "written by 'framing lexicon suggest'"
        )
    flags = []
    for i, v in enumerate(table["accept"].astype(str).str.strip().str.lower()):
        if v in ACCEPT_YES:
            flags.append(True)
        elif v in ACCEPT_NO:
            flags.append(False)
        else:
            raise InputError(
                f"{path.name} row {i + 2}: accept holds {table['accept'].iloc[i]!r}; fix: write 1 to accept "
                "the line, leave it blank (or 0) to reject it"
            )
    acc = table[np.array(flags, dtype=bool)].copy()
    acc["sheet_row"] = [i + 2 for i in np.flatnonzero(flags)]
    for r in acc.itertuples(index=False):
        if r.action not in ACTIONS:
            raise InputError(f"{path.name} row {r.sheet_row}: action {r.action!r}; fix: one of {', '.join(ACTIONS)}")
        if not str(r.term).strip():
            raise InputError(f"{path.name} row {r.sheet_row}: no term; fix: keep the term the suggestion names")
        if r.action in ("add", "weight"):
            try:
                w = float(r.value)
            except ValueError:
                w = math.nan
            if not (0 < w <= 5):
                raise InputError(f"{path.name} row {r.sheet_row}: weight {r.value!r}; fix: a number in (0, 5]")
        if r.action in ("exclude", "unless", "requires") and not str(r.value).strip():
            raise InputError(f"{path.name} row {r.sheet_row}: no value for {r.action}; fix: write the string in 'value'")
    return acc


def _frame_section(text: str, frame: str) -> tuple[int, int] | None:
    """First and last line index (0-based, inclusive) of the ``[frames.<frame>.terms]``
    table's entries in a frames file, None when the file has no such table."""
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        head = table_header(line)
        if head is not None:
            if start is not None:
                end = i - 1
                while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
                    end -= 1
                return start, end
            if head == ("frames", frame, "terms"):
                start = i
    if start is None:
        return None
    end = len(lines) - 1
    while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
        end -= 1
    return start, end


def _bundled_section(frame: str) -> str | None:
    """The tables of one frame (``[frames.<id>]`` and its sub-tables) in the bundled frames.toml."""
    lines = (lexicon_dir() / "frames.toml").read_text(encoding="utf-8").splitlines()
    keep, inside = [], False
    for line in lines:
        head = table_header(line)
        if head is not None:
            inside = len(head) >= 2 and head[:2] == ("frames", frame)
        if inside:
            keep.append(line)
    return "\n".join(keep).rstrip("\n") + "\n" if keep else None


def apply_suggestions(
    suggestions: str | Path,
    out: str | Path,
    lexicons: str | Path | None = None,
) -> dict[str, Any]:
    """Apply the accepted rows of a suggestions CSV to a copy of a lexicon folder.

    The folder ``lexicons`` (default: the bundled lexicons) is copied to ``out`` (which must
    not exist) and the copy's ``frames.toml`` gets the accepted lines: new entries at the end
    of their frame's ``terms`` table, rule changes merged into the existing entry (one line;
    an entry of several accepted rules gets them all), each marked with its suggestion id in
    a comment. A frame the copy's ``frames.toml`` lacks (it extends the bundled frames) gets
    the bundled frame's tables first. The copy is then checked as ``framing lexicon check``
    checks it; nothing is left behind when any step fails. The source folder is never
    edited.

    Parameters
    ----------
    suggestions:
        The ``suggestions.csv`` written by :meth:`Suggestions.write`, with ``accept`` filled
        (1, yes or x: apply; blank or 0: not).
    out:
        The new lexicon folder.
    lexicons:
        The lexicon folder to copy (default: the bundled one).

    Returns
    -------
    dict
        ``applied`` (ids), ``folder`` and ``frames_file`` (paths), ``added`` and ``rules``
        (counts).

    Raises
    ------
    InputError, LexiconError
        One line naming the file, the row and the fix.
    """
    src_csv = Path(suggestions)
    if not src_csv.is_file():
        raise InputError(f"{src_csv.name}: no such file; fix: give the suggestions.csv of 'framing lexicon suggest'")
    src = Path(lexicons) if lexicons is not None else lexicon_dir()
    if not src.is_dir():
        raise InputError(f"{src}: no such lexicon folder; fix: give the folder to copy (default: the bundled lexicons)")
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise InputError(f"{out}: exists; fix: give a new folder for the edited copy (nothing is ever edited in place)")
    if not out.parent.is_dir():
        raise InputError(f"{out}: folder {out.parent} does not exist; fix: create it first")
    if src.resolve() == out.parent.resolve() or src.resolve() in out.parent.resolve().parents:
        raise InputError(f"{out}: lies inside the folder it copies ({src.name}); fix: give a folder outside it")
    acc = _accepted(src_csv)
    if acc.empty:
        raise InputError(f"{src_csv.name}: no line is accepted; fix: write 1 in the accept column of the lines to apply")
    lex = load_lexicons(src)
    ids = lex.frame_ids
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        frames_file = tmp / "frames.toml"
        if not frames_file.is_file():
            shutil.copyfile(lexicon_dir() / "frames.toml", frames_file)
        text = frames_file.read_text(encoding="utf-8")
        for f in dict.fromkeys(acc["frame"]):
            if f not in ids:
                r = acc[acc["frame"] == f].iloc[0]
                raise InputError(f"{src_csv.name} row {r['sheet_row']}: frame {f!r} is not in the lexicons; fix: one of {', '.join(ids)}")
            if _frame_section(text, f) is None:
                section = _bundled_section(f)
                if section is None:
                    raise LexiconError(f"{frames_file.name}:1: no [frames.{f}.terms] table to edit; fix: add the frame's tables first")
                text = text.rstrip("\n") + "\n\n" + section
        lines = text.splitlines()
        # rule changes: merged into the existing entry, one line each
        edits: dict[tuple[str, str], list[Any]] = {}
        for r in acc[acc["action"] != "add"].itertuples(index=False):
            edits.setdefault((r.frame, str(r.term)), []).append(r)
        for (f, term), rs in edits.items():
            no = toml_line("\n".join(lines), ("frames", f, "terms"), term)
            line = lines[no - 1] if 0 < no <= len(lines) else ""
            try:
                parsed = tomllib.loads(line)
            except tomllib.TOMLDecodeError:
                parsed = {}
            if term not in parsed:
                raise LexiconError(
                    f"{frames_file.name}:{no}: no one-line entry of {term!r} in [frames.{f}.terms] "
                    f"(suggestion {rs[0].id}); fix: edit that entry by hand, or leave the suggestion out"
                )
            gone = [r for r in rs if r.action == "remove"]
            if gone:  # removal wins over any other change of the entry: the line stays, commented out
                lines[no - 1] = f"# {line.rstrip()}  (removed: suggested {', '.join(r.id for r in gone)})"
                continue
            value = parsed[term]
            value = {"weight": float(value)} if isinstance(value, (int, float)) else dict(value)
            notes = []
            for r in rs:
                if r.action == "weight":
                    value["weight"] = float(r.value)
                else:
                    items = list(value.get(r.action, []))
                    if str(r.value) not in items:
                        items.append(str(r.value))
                    value[r.action] = items
                notes.append(f"{r.id} {r.action} {r.value}")
            comment = line.split("#", 1)[1].strip() if "#" in strip_strings(line) else ""
            mark = "; ".join(notes)
            lines[no - 1] = toml_entry(term, value) + f"  # {comment + '; ' if comment else ''}suggested: {mark}"
        # additions: at the end of their frame's terms table
        text = "\n".join(lines) + "\n"
        for r in acc[acc["action"] == "add"].itertuples(index=False):
            term = str(r.term)
            if any(term_key(t.term) == term_key(term) for t in lex.frame(r.frame).terms):
                raise InputError(
                    f"{src_csv.name} row {r.sheet_row}: {term!r} is already a term of {r.frame}; fix: leave "
                    f"suggestion {r.id} out"
                )
            others = [fr_.id for fr_ in lex.frames if fr_.id != r.frame
                      and any(term_key(t.term) == term_key(term) for t in fr_.terms)]
            value: dict[str, Any] = {"weight": float(r.value)}
            if others:
                value["shared_with"] = others
            lines = text.splitlines()
            start, end = _frame_section(text, r.frame)  # type: ignore[misc]
            lines.insert(end + 1, toml_entry(term, value) + f"  # suggested: {r.id}")
            text = "\n".join(lines) + "\n"
        frames_file.write_text(text, encoding="utf-8", newline="\n")
        problems = [p for c in check_lexicon_files(tmp) for p in c.problems]
        if problems:
            raise LexiconError(f"{problems[0]} (after applying the accepted suggestions; nothing was written)")
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return {
        "applied": acc["id"].tolist(),
        "folder": out,
        "frames_file": out / "frames.toml",
        "added": int((acc["action"] == "add").sum()),
        "rules": int((acc["action"] != "add").sum()),
    }
