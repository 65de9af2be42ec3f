"""Reading TOML rule files with line numbers, so that every problem names file and line.

``tomllib`` keeps no positions. :class:`TomlLocator` scans the raw text for table headers,
``key = value`` lines and the string items of arrays; :func:`read_toml` parses a file and
records syntax errors and duplicate keys as :class:`~framing.lexicons.problems.Problem`;
:func:`load_toml` does the same for a caller that wants one
:class:`~framing.errors.LexiconError` instead. :func:`check_version` and
:func:`unknown_keys` are the checks every rule file shares.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Collection, Iterable
from pathlib import Path

from framing.lexicons.problems import Problems, raise_first, read_rule_text

__all__ = [
    "TOML_HEADER",
    "TOML_KEY",
    "TomlLocator",
    "read_toml",
    "load_toml",
    "toml_line",
    "table_header",
    "split_header",
    "strip_strings",
    "check_version",
    "unknown_keys",
]

TOML_HEADER = re.compile(r"^\s*\[\[?\s*(?P<h>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
"""A ``[table]`` or ``[[array.of.tables]]`` header line (group ``h``: the dotted name)."""
TOML_KEY = re.compile(r"""^\s*(?P<k>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=\s*(?P<v>.*)$""")
"""A ``key = value`` line (groups ``k``, the key as written, and ``v``, the value)."""
_STRING = re.compile(r""""((?:[^"\\]|\\.)*)"|'([^']*)'""")


def _unquote(token: str) -> str:
    token = token.strip()
    if token.startswith('"'):
        try:
            return json.loads(token)
        except ValueError:
            return token[1:-1]
    if token.startswith("'"):
        return token[1:-1]
    return token


def _unquote_item(m: re.Match) -> str:
    if m.group(1) is not None:
        try:
            return json.loads('"' + m.group(1) + '"')
        except ValueError:
            return m.group(1)
    return m.group(2)


def split_header(h: str) -> tuple[str, ...]:
    """The parts of a dotted table name, quotes removed.

    Parameters
    ----------
    h : str
        The name inside the brackets of a header (``frames."catch_up".terms``).

    Returns
    -------
    tuple of str
        ``("frames", "catch_up", "terms")``.
    """
    parts = re.findall(r""""(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+""", h)
    return tuple(_unquote(p) for p in parts)


def table_header(line: str) -> tuple[str, ...] | None:
    """The table a header line opens.

    Parameters
    ----------
    line : str
        One line of a TOML text.

    Returns
    -------
    tuple of str or None
        The table's parts when the line is a ``[table]`` or ``[[table]]`` header, else None
        (a ``key = [...]`` line is no header).
    """
    m = TOML_HEADER.match(line)
    if m is None or TOML_KEY.match(line):
        return None
    return split_header(m.group("h"))


def strip_strings(text: str) -> str:
    """A TOML text with every quoted string emptied (``"a#b"`` becomes ``""``).

    Parameters
    ----------
    text : str
        TOML text (a line or more).

    Returns
    -------
    str
        The text, so that ``#``, ``[`` and ``]`` left in it are TOML syntax, not content.
    """
    return _STRING.sub('""', text)


class TomlLocator:
    """Line numbers of the tables, keys and array items of a TOML text.

    The raw text is scanned line by line: table headers, ``key = value`` lines, and string
    items of arrays that span several lines.

    Parameters
    ----------
    text : str
        The TOML text.

    Attributes
    ----------
    keys : dict
        ``(table, key)`` -> the lines of each ``key =`` (more than one: a duplicate).
    items : dict
        ``(table, key, item)`` -> the lines of a string item of an array.
    headers : dict
        ``table`` -> the line of its first header.
    """

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[tuple[str, ...], str], list[int]] = {}
        self.items: dict[tuple[tuple[str, ...], str, str], list[int]] = {}
        self.headers: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        array_key: str | None = None
        for no, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if array_key is not None:
                for m in _STRING.finditer(line):
                    self.items.setdefault((table, array_key, _unquote_item(m)), []).append(no)
                if "]" in strip_strings(line).split("#")[0]:
                    array_key = None
                continue
            if not stripped or stripped.startswith("#"):
                continue
            header = table_header(line)
            if header is not None:
                table = header
                self.headers.setdefault(table, no)
                continue
            km = TOML_KEY.match(line)
            if km:
                key = _unquote(km.group("k"))
                self.keys.setdefault((table, key), []).append(no)
                value = km.group("v")
                bare = strip_strings(value).split("#")[0]
                if "[" in bare:
                    for m in _STRING.finditer(value):
                        self.items.setdefault((table, key, _unquote_item(m)), []).append(no)
                    if bare.count("[") > bare.count("]"):
                        array_key = key

    def key(self, table: tuple[str, ...], key: str, nth: int = 0) -> int:
        """The line of a key.

        Parameters
        ----------
        table : tuple of str
            The table (``()`` for the top level).
        key : str
            The key, unquoted.
        nth : int, default 0
            Which occurrence (the last one if there are fewer).

        Returns
        -------
        int
            Its line; else the table's header line; else 1.
        """
        lines = self.keys.get((table, key))
        if lines:
            return lines[min(nth, len(lines) - 1)]
        return self.headers.get(table, 1)

    def item(self, table: tuple[str, ...], key: str, item: str, nth: int = 0) -> int:
        """The line of a string in the array of a key.

        Parameters
        ----------
        table : tuple of str
            The table (``()`` for the top level).
        key : str
            The key whose value is the array.
        item : str
            The string, unquoted.
        nth : int, default 0
            Which occurrence (the last one if there are fewer).

        Returns
        -------
        int
            Its line; else the key's line (see :meth:`key`).
        """
        lines = self.items.get((table, key, item))
        if lines:
            return lines[min(nth, len(lines) - 1)]
        return self.key(table, key)


def read_toml(
    path: Path,
    problems: Problems,
    *,
    term_tables: Collection[str] = (),
    syntax_fix: str = "correct the syntax",
) -> tuple[dict | None, TomlLocator | None]:
    """Parse one TOML rule file; what is wrong with it is recorded, with its line.

    A file that cannot be read or is not UTF-8, a key given twice in a table and a syntax
    error each become a problem (a syntax error only when it is not the duplicate's).

    Parameters
    ----------
    path : Path
        The file.
    problems : Problems
        Where the problems go.
    term_tables : collection of str, default ()
        Last parts of table names whose keys are terms: a repeated key there is a
        ``duplicate term``, an empty one an ``empty term`` (else ``duplicate key``).
    syntax_fix : str, default "correct the syntax"
        The fix named for a syntax error.

    Returns
    -------
    data : dict or None
        The parsed file, None when it is unreadable or not valid TOML.
    locator : TomlLocator or None
        Its lines, None when the file could not be read.
    """
    name = str(path)
    text = read_rule_text(path, problems)
    if text is None:
        return None, None
    loc = TomlLocator(text)
    dup_lines: set[int] = set()
    for (table, key), lines in loc.keys.items():
        if len(lines) > 1:
            where = ".".join(table) or "top level"
            for extra in lines[1:]:
                dup_lines.add(extra)
                what = "empty term" if not key.strip() else f"duplicate term '{key}'"
                if not table or table[-1] not in term_tables:
                    what = f"duplicate key '{key}'"
                problems.add(
                    name,
                    extra,
                    f"{what} in [{where}] (first on line {lines[0]})",
                    "keep one entry and delete the other",
                )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        line = int(m.group(1)) if m else 1
        if line not in dup_lines:
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
            problems.add(name, line, f"TOML syntax error: {msg}", syntax_fix)
        return None, loc
    return data, loc


def load_toml(path: str | Path) -> tuple[dict, TomlLocator]:
    """Parse a TOML rule file, or raise its first problem with file and line.

    Parameters
    ----------
    path : str or Path
        The rule file (UTF-8 TOML).

    Returns
    -------
    data : dict
        The parsed file.
    locator : TomlLocator
        Its lines, to name the line of a problem found in ``data``.

    Raises
    ------
    LexiconError
        When the file cannot be read, is not UTF-8, repeats a key or is not valid TOML.
    """
    problems = Problems()
    data, loc = read_toml(Path(path), problems)
    raise_first(problems, path)
    assert data is not None and loc is not None
    return data, loc


def toml_line(text: str, table: tuple[str, ...], key: str = "") -> int:
    """The line of a key in a table of a TOML text.

    Parameters
    ----------
    text : str
        The TOML text.
    table : tuple of str
        The table (``()`` for the top level).
    key : str, default ""
        The key; empty for the table's header.

    Returns
    -------
    int
        The key's line; the table's header line when the key is missing or not given; 1 when
        neither is there.
    """
    loc = TomlLocator(text)
    return loc.key(table, key) if key else loc.headers.get(table, 1)


def check_version(data: dict, file: str, loc: TomlLocator, problems: Problems) -> str:
    """The ``version`` string at the top of a rule file.

    Parameters
    ----------
    data : dict
        The parsed file.
    file : str
        Its name, for problems.
    loc : TomlLocator
        Its lines.
    problems : Problems
        Where a missing or non-string version is recorded.

    Returns
    -------
    str
        The version ("" when missing).
    """
    version = data.get("version")
    if version is None:
        problems.add(file, 1, "missing version", 'add version = "1.0.0" at the top of the file')
        return ""
    if not isinstance(version, str) or not version.strip():
        problems.add(
            file,
            loc.key((), "version"),
            f"wrong type for version: {version!r}",
            'write the version as a string, e.g. version = "1.0.0"',
        )
        return str(version)
    return version


def unknown_keys(
    data: dict,
    allowed: Iterable[str],
    table: tuple[str, ...],
    file: str,
    loc: TomlLocator,
    problems: Problems,
) -> None:
    """Record every key of a table that the file's format does not know (a typo).

    Parameters
    ----------
    data : dict
        The table's contents.
    allowed : iterable of str
        The keys it may hold.
    table : tuple of str
        The table's name (``()`` for the top level).
    file : str
        The file's name, for problems.
    loc : TomlLocator
        Its lines.
    problems : Problems
        Where the unknown keys are recorded.
    """
    allowed = tuple(allowed)
    for k in data:
        if k not in allowed:
            where = f"[{'.'.join(table)}]" if table else "the top level"
            problems.add(
                file,
                loc.key(table, k)
                if not isinstance(data[k], dict)
                else loc.headers.get(table + (k,), loc.key(table, k)),
                f"unknown key '{k}' at {where}",
                f"use one of {', '.join(allowed)} (check the spelling)",
            )
