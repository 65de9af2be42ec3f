"""A folder of news files as input: its entries, what is not read and why, reading one file.

Every ``.txt`` and ``.md`` file under the folder is read; a file of another kind, a
sub-folder that cannot be listed, a link to a folder read already and a results bundle of
``framing run`` each become an excluded row with the reason. Hidden files and the folder's
own ``manifest.csv`` are not articles and get no row; excluded folders (the output folder of
the run) are skipped without one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from framing.corpus.decode import decode_bytes
from framing.corpus.page import excluded_record, read_page
from framing.corpus.rules import ReadingRules
from framing.errors import InputError
from framing.provenance import is_bundle

TEXT_SUFFIXES = {".txt", ".md"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".json", ".parquet", ".pq", ".tsv"}
MANIFEST_NAME = "manifest.csv"
_TEMP_BUNDLE = re.compile(r"^\..+\.(?:partial|old|tmp)-\d+$")


@dataclass
class Entry:
    """One item of a folder: a file to read, or a file or folder that is not read (``reason``).

    Attributes
    ----------
    rel:
        Its path relative to the folder read (a folder ends in ``/``).
    path:
        Its path.
    reason:
        Why it is not read (empty for a file to read).
    detail:
        What happened, for the excluded row.
    keep_suffix:
        A file that is not read as text: its id keeps the suffix (``a.pdf`` beside ``a.txt``).
    """

    rel: str
    path: Path
    reason: str = ""
    detail: str = ""
    keep_suffix: bool = False

    @property
    def doc_id(self) -> str:
        """The id of the excluded row of an entry that is not read (``<stem>#0``)."""
        cut = self.path.suffix and not self.rel.endswith("/") and not self.keep_suffix
        stem = self.rel[: -len(self.path.suffix)] if cut else self.rel
        return f"{stem}#0"


def is_not_an_input(rel: str) -> bool:
    """True for hidden files (``.DS_Store``, ``.gitkeep``) and the folder's own ``manifest.csv``.

    Parameters
    ----------
    rel:
        A file's path relative to the folder read.

    Returns
    -------
    bool
        True when the file is not an article and gets no row.
    """
    return rel.rsplit("/", 1)[-1].startswith(".") or rel == MANIFEST_NAME


def unsupported_reason(path: Path) -> str:
    """Why a file of another kind in a folder is not read, and what to do.

    Parameters
    ----------
    path:
        The file.

    Returns
    -------
    str
        The problem and its fix, for the file's excluded row.
    """
    kind = f"a {path.suffix} file" if path.suffix else "a file without a suffix"
    if path.suffix.lower() in TABLE_SUFFIXES:
        how = "give the table itself as the input, or save its articles as .txt"
    else:
        how = "save the article as .txt (UTF-8) or move the file out of the folder"
    return f"{kind}: only .txt and .md files of a folder are read; fix: {how}"


def bundle_kind(folder: Path) -> str:
    """Whether a folder is a results bundle of ``framing run``.

    Parameters
    ----------
    folder:
        The folder.

    Returns
    -------
    str
        ``"bundle"`` for a results bundle, ``"unfinished"`` for the temporary folder of an
        interrupted write (``.results.partial-123`` with tables/ and figures/), else ``""``.
    """
    if (folder / "manifest.json").is_file():
        if is_bundle(folder):
            return "bundle"
    if _TEMP_BUNDLE.match(folder.name) and (folder / "tables").is_dir() and (folder / "figures").is_dir():
        return "unfinished"
    return ""


def walk(root: Path, exclude: set[Path]) -> tuple[list[Entry], list[str]]:
    """The ``.txt``/``.md`` files under ``root``, and rows for what cannot or must not be read.

    Files of other kinds among them become ``unsupported_format`` entries. Links to folders
    are followed once (a folder reached again is not read twice).

    Parameters
    ----------
    root:
        The folder read.
    exclude:
        Resolved folders that are not inputs: skipped without a row, and so are the
        temporary folders of a bundle write beside them.

    Returns
    -------
    entries : list of Entry
        Sorted by relative path.
    skipped : list of str
        The excluded folders met, relative to ``root``, sorted.

    Raises
    ------
    InputError
        When ``root`` itself cannot be listed.
    """
    entries: list[Entry] = []
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
            entries.append(Entry(prefix, folder, "unreadable", f"cannot list folder: {err.strerror}"))
            continue
        for item in items:
            rel, path = prefix + item.name, Path(item.path)
            try:
                is_dir = item.is_dir()
                is_file = item.is_file()
            except OSError as err:
                entries.append(Entry(rel, path, "unreadable", f"cannot inspect: {err.strerror}"))
                continue
            if is_dir:
                real = path.resolve()
                if real in exclude or is_beside_excluded(path, exclude):
                    skipped.append(rel + "/")
                    continue
                kind = bundle_kind(path)
                if kind:
                    what = "a results bundle" if kind == "bundle" else "an unfinished results bundle"
                    entries.append(Entry(rel + "/", path, "bundle", f"{what} written by framing, not input"))
                    continue
                if real in seen:
                    entries.append(Entry(rel + "/", path, "duplicate_folder", f"a link to {real.name}, which is read already"))
                    continue
                seen.add(real)
                stack.append((path, rel + "/"))
            elif path.suffix.lower() in TEXT_SUFFIXES:
                if is_file:
                    entries.append(Entry(rel, path))
                elif item.is_symlink() and not path.exists():
                    entries.append(Entry(rel, path, "unreadable", "a link to a file that does not exist"))
                else:
                    entries.append(Entry(rel, path, "unreadable", "not a regular file"))
            elif not is_not_an_input(rel):
                entries.append(Entry(rel, path, "unsupported_format", unsupported_reason(path), keep_suffix=True))
    entries.sort(key=lambda e: e.rel)
    return entries, sorted(skipped)


def is_beside_excluded(path: Path, exclude: set[Path]) -> bool:
    """True for a temporary folder of a bundle write of an excluded output folder.

    Parameters
    ----------
    path:
        A folder, e.g. ``.results.partial-1``.
    exclude:
        Resolved excluded folders, e.g. ``results``.

    Returns
    -------
    bool
        True when ``path`` sits beside an excluded folder and is named like its temporary
        folders.
    """
    parent = path.parent.resolve()
    return any(
        x.parent == parent and path.name.startswith(f".{x.name}.") and _TEMP_BUNDLE.match(path.name)
        for x in exclude
    )


def read_file(path: Path, rel: str, rules: ReadingRules, cohesion: float, inputs: list[dict]) -> list[dict]:
    """The article records of one text file, and its line of the inputs list.

    Parameters
    ----------
    path:
        The file.
    rel:
        Its path relative to the folder read (its ``source``).
    rules:
        The rules of the read.
    cohesion:
        See :func:`framing.corpus.page.read_page`.
    inputs:
        Gets the file's size and SHA-256, or why it could not be read.

    Returns
    -------
    list of dict
        The records of its articles, or one excluded record (unreadable, binary, undecodable,
        empty).
    """
    stem = rel[: -len(path.suffix)] if path.suffix else rel
    try:
        data = path.read_bytes()
    except OSError as err:
        inputs.append({"file": rel, "status": "unreadable", "detail": f"cannot read: {err.strerror}"})
        return [excluded_record(f"{stem}#0", rel, "unreadable", f"cannot read: {err.strerror}")]
    inputs.append({"file": rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    decoded = decode_bytes(data)
    if decoded.text is None:
        return [excluded_record(f"{stem}#0", rel, decoded.reason, decoded.detail, decoded.encoding)]
    return read_page(
        decoded.text, stem, rel, decoded.encoding, rules, cohesion, given={},
        replaced=decoded.replaced, notes=decoded.detail,
    )
