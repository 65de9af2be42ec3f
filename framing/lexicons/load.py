"""Loading a lexicon set from what a researcher points at: a folder, one frames file
(``.toml``), a LIWC-style ``.dic`` file or a CSV term list."""

from __future__ import annotations

from pathlib import Path

from framing.lexicons.build import build_from_files
from framing.lexicons.files import set_files
from framing.lexicons.interchange import parse_csv_terms, parse_dic
from framing.lexicons.model import Lexicons
from framing.lexicons.problems import Problems, raise_first

__all__ = ["load_lexicons", "build_lexicons"]


def build_lexicons(path: str | Path, problems: Problems) -> Lexicons | None:
    """Read the set at a path, recording every problem of its files.

    Parameters
    ----------
    path : str or Path
        A lexicon folder, a frames ``.toml``, a ``.dic`` file or a CSV term list (see
        :func:`load_lexicons`).
    problems : Problems
        Where every problem goes.

    Returns
    -------
    Lexicons or None
        The set (valid only when no problem was recorded); None when a file could not be
        read at all.

    Raises
    ------
    LexiconError
        When ``path`` does not exist, or is a folder without any rule file.
    """
    files = set_files(path)
    frames_path = files["frames"]
    suffix = frames_path.suffix.lower()
    if suffix == ".dic":
        return parse_dic(frames_path, None, problems)
    if suffix == ".csv":
        return parse_csv_terms(frames_path, None, problems)
    return build_from_files(files, problems)


def load_lexicons(path: str | Path) -> Lexicons:
    """Load and validate a lexicon set.

    Parameters
    ----------
    path : str or Path
        A folder with lexicon files (``frames.toml``, ``tone.toml``, ``modifiers.toml``
        ...: what the folder lacks is taken from the bundled set, and its frames extend the
        bundled ones unless the file says ``replace = true``), a single frames ``.toml``
        file, a LIWC-style ``.dic`` file or a CSV term list.

    Returns
    -------
    Lexicons
        The validated set.

    Raises
    ------
    LexiconError
        Naming file, line and fix of the first problem (and how many more there are).
    """
    problems = Problems()
    lex = build_lexicons(path, problems)
    raise_first(problems, path)
    assert lex is not None
    return lex
