"""Researchers' regular expressions (debris and outlet rules) that cannot hang a run.

Python's ``re`` backtracks, and a pattern with nested repetition such as ``^(a|a)+$``
needs longer than a lifetime on a line of forty ``a`` followed by one ``b``. Rule patterns
are therefore compiled with the ``regex`` package (Python's pattern syntax, including the
look-behind the bundled rules use, and it resolves many such patterns, ``^(a+)+$`` among
them, without backtracking at all), and every search is given a time limit:
``PATTERN_TIMEOUT`` seconds, against microseconds for a sound rule. A pattern that runs out
of time becomes a one-line :class:`~framing.errors.LexiconError` that names the file, the
rule and the pattern.

A rule file is also tried when it is loaded: every pattern is run on probe strings built
from its own characters (long runs of one character followed by one that does not fit,
where backtracking explodes), so ``framing lexicon check`` and the first line of a run
report a runaway pattern before any article is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import regex

from framing.errors import LexiconError
from framing.paths import lexicon_file, read_toml

#: Seconds one search of one rule on one line may take (a sound rule needs microseconds).
PATTERN_TIMEOUT = 1.0

_PROBE_RUN = 48  # characters in a probe run: enough for 2**48 backtracking steps
_SAMPLE = (
    "每日经济新闻 2024-02-22 13:27:58 每经记者 谢陶 每经编辑 唐元 ■本报记者 沈秋莎 "
    "OpenAI发布文生视频大模型Sora,视频生成能力引发关注。(责任编辑:王某)读者热线:4008890008"
)
_CLASS_SAMPLES = {"d": "7", "w": "a", "s": " ", "S": "中", "D": "中", "W": "。"}


@dataclass(frozen=True)
class Problem:
    """One problem of a rule file, printed as ``FILE:LINE: problem; fix: fix``."""

    file: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{max(self.line, 1)}: {self.problem}; fix: {self.fix}"


def raise_first(problems: list[Problem], path: str) -> None:
    """Raise the first problem as a ``LexiconError`` (and say how many more there are).

    Parameters
    ----------
    problems : list of Problem
        The problems of a rule file, in order; none: nothing is raised.
    path : str
        The file, for the ``framing lexicon check`` command that lists the rest.

    Raises
    ------
    LexiconError
        When there is a problem: the first, and the count of the others.
    """
    if not problems:
        return
    more = f" (and {len(problems) - 1} more: run `framing lexicon check {path}`)" if len(problems) > 1 else ""
    raise LexiconError(str(problems[0]) + more)


class GuardedPattern:
    """A compiled rule pattern whose every search is bounded in time.

    Offers the ``search``, ``finditer`` and ``sub`` of a compiled pattern; a search that
    exceeds ``PATTERN_TIMEOUT`` raises ``LexiconError`` naming ``where`` (file and rule).
    """

    __slots__ = ("compiled", "where", "guarded")

    def __init__(self, compiled: regex.Pattern, where: str, guarded: bool = True) -> None:
        self.compiled = compiled
        self.where = where
        self.guarded = guarded  # False for the bundled rule files: tried at load, then run freely

    @property
    def pattern(self) -> str:
        """The pattern as written."""
        return self.compiled.pattern

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GuardedPattern) and (self.pattern, self.compiled.flags) == (
            other.pattern,
            other.compiled.flags,
        )

    def __hash__(self) -> int:
        return hash((self.pattern, self.compiled.flags))

    def __getstate__(self) -> tuple:
        return (self.compiled, self.where, self.guarded)

    def __setstate__(self, state: tuple) -> None:
        self.compiled, self.where, self.guarded = state

    @property
    def _timeout(self) -> float | None:
        return PATTERN_TIMEOUT if self.guarded else None

    def _too_slow(self, text: str) -> LexiconError:
        return LexiconError(
            f"{self.where}: pattern {self.pattern!r} did not finish within {PATTERN_TIMEOUT:g} s on a "
            f"text of {len(text)} characters (catastrophic backtracking); fix: remove nested or "
            "overlapping repetition such as (a+)+ or (a|a)+ from the pattern"
        )

    def search(self, text: str, pos: int = 0) -> regex.Match | None:
        """The first match in ``text`` at or after ``pos``.

        Parameters
        ----------
        text : str
            A line, sentence or article.
        pos : int
            Where the search starts (what comes before is still seen by look-behind).

        Returns
        -------
        regex.Match or None
            The leftmost match at or after ``pos``; None when there is none.

        Raises
        ------
        LexiconError
            When the search outlasts ``PATTERN_TIMEOUT`` (a guarded pattern only).
        """
        try:
            return self.compiled.search(text, pos, timeout=self._timeout)
        except TimeoutError:
            raise self._too_slow(text) from None

    def finditer(self, text: str) -> list[regex.Match]:
        """All non-overlapping matches in ``text``, found within one time limit.

        Parameters
        ----------
        text : str
            What to scan.

        Returns
        -------
        list of regex.Match
            The matches, left to right.
        """
        try:
            return list(self.compiled.finditer(text, timeout=self._timeout))
        except TimeoutError:
            raise self._too_slow(text) from None

    def sub(self, repl: str | Callable[[regex.Match], str], text: str) -> str:
        """``text`` with every match replaced, within one time limit.

        Parameters
        ----------
        repl : str or callable
            A replacement template, or a function of the match that gives its replacement.
        text : str
            The text to rewrite.

        Returns
        -------
        str
            The text with its matches replaced.
        """
        try:
            return self.compiled.sub(repl, text, timeout=self._timeout)
        except TimeoutError:
            raise self._too_slow(text) from None


def probes(pattern: str) -> list[str]:
    """Strings on which a pattern with runaway backtracking shows it.

    Parameters
    ----------
    pattern : str
        A rule pattern as written.

    Returns
    -------
    list of str
        For each letter, digit or Chinese character of the pattern (and a sample character
        of each class escape such as ``\\d``), a long run of it followed by a character
        that fits nothing; then all of them together, repeated; then a line of news text.
    """
    chars: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
            sample = _CLASS_SAMPLES.get(ch)
            if sample:
                chars.append(sample)
            continue
        if ch == "\\":
            escaped = True
        elif ch.isalnum() or ch in "。，,.: ：-—":
            chars.append(ch)
    chars = list(dict.fromkeys(chars + ["a", " "]))[:24]
    out = [c * _PROBE_RUN + "\x00" for c in chars]
    out.append("".join(chars) * 4 + "\x00")
    out.append(_SAMPLE)
    return out


def compile_rule(
    pattern: object, where: str, file: str, line: int, flags: int = 0, guarded: bool = True
) -> tuple[GuardedPattern | None, Problem | None]:
    """Compile one rule pattern and try it on its probes.

    Parameters
    ----------
    pattern : object
        The ``pattern`` value of a rule entry, as the file gives it.
    where : str
        The rule, for messages (``[[line]] entry 3 (ad)``).
    file : str
        The rule file.
    line : int
        The line of the pattern in the file.
    flags : int
        ``regex`` flags (``regex.MULTILINE`` ...).
    guarded : bool
        Whether every later search has the time limit. False for the bundled rule files,
        reviewed and tested: the limit costs about 2.5 microseconds a search.

    Returns
    -------
    pattern : GuardedPattern or None
        The compiled pattern; None when there is a problem.
    problem : Problem or None
        Why the pattern cannot be used: not a string, empty, does not compile, or does not
        finish on a probe within ``PATTERN_TIMEOUT``.
    """
    if not isinstance(pattern, str) or not pattern:
        return None, Problem(file, line, f"{where}: pattern {pattern!r} is not a non-empty string", 'write it as pattern = \'...\'')
    try:
        compiled = regex.compile(pattern, flags | regex.VERSION0)
    except (regex.error, ValueError, OverflowError) as err:
        return None, Problem(file, line, f"{where}: bad regular expression {pattern!r} ({err})", "correct the pattern")
    result = GuardedPattern(compiled, f"{file}:{line}: {where}", guarded)
    for probe in probes(pattern):
        try:
            compiled.search(probe, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return None, Problem(
                file, line,
                f"{where}: pattern {pattern!r} did not finish within {PATTERN_TIMEOUT:g} s on the probe "
                f"{probe[:12]!r}... ({len(probe)} characters): catastrophic backtracking",
                "remove nested or overlapping repetition such as (a+)+ or (a|a)+",
            )
    return result, None


def is_bundled(path: str | Path, name: str) -> bool:
    """Whether a rule file is the bundled default of its name.

    Parameters
    ----------
    path : str or Path
        The file read.
    name : str
        The bundled file it may be (e.g. ``"debris.toml"``).

    Returns
    -------
    bool
        True when both resolve to the same file.
    """
    try:
        return Path(path).resolve() == lexicon_file(name).resolve()
    except (OSError, FileNotFoundError):
        return False


class TomlLines:
    """Line numbers of array-of-table entries and their keys in a TOML text.

    ``tomllib`` keeps no positions; problems are reported at the line of the entry's
    ``[[header]]`` or of the key within it, found by scanning the raw text. Lines are
    counted from 1.

    Parameters
    ----------
    text : str
        The file's text.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def entry(self, header: str, k: int) -> int:
        """Where the ``k``-th ``[[header]]`` table starts.

        Parameters
        ----------
        header : str
            The array's name (``formula``).
        k : int
            Which of its tables, from 1.

        Returns
        -------
        int
            Its header's line; 1 when there are fewer tables.
        """
        rx = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
        seen = 0
        for no, line in enumerate(self.lines, 1):
            if rx.match(line):
                seen += 1
                if seen == k:
                    return no
        return 1

    def top(self, key: str) -> int:
        """The first line that sets or opens a top-level key.

        Parameters
        ----------
        key : str
            The key of a ``key = ...`` line, a ``[key]`` table or a ``[[key]]`` array.

        Returns
        -------
        int
            The line; 1 when the text has none.
        """
        rx = re.compile(rf"^\s*(?:\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
        return next((no for no, line in enumerate(self.lines, 1) if rx.match(line)), 1)

    def key(self, key: str, start: int, nth: int = 1) -> int:
        """Where a key of a table entry is set.

        Parameters
        ----------
        key : str
            The key (also found inside an inline table, ``{ key = ... }``).
        start : int
            The line of the entry's header; the search stops at the next header.
        nth : int
            Which occurrence (the key of the n-th inline table of a list).

        Returns
        -------
        int
            The line of the ``nth`` ``key =``; ``start`` when the entry has fewer.
        """
        rx = re.compile(rf"(?:^|[{{,\s]){re.escape(key)}\s*=")
        seen = 0
        for no in range(max(start, 1), len(self.lines) + 1):
            line = self.lines[no - 1]
            if no > start and re.match(r"^\s*\[", line):
                break
            seen += len(rx.findall(line))
            if seen >= nth:
                return no
        return start

    def quoted(self, value: str, start: int = 1) -> int:
        """Where a quoted string first stands.

        Parameters
        ----------
        value : str
            The string, found between double or single quotes.
        start : int
            The first line to look at.

        Returns
        -------
        int
            Its line at or after ``start``; ``start`` when not found.
        """
        for no in range(max(start, 1), len(self.lines) + 1):
            line = self.lines[no - 1]
            if f'"{value}"' in line or f"'{value}'" in line:
                return no
        return start


R = TypeVar("R")
Parser = Callable[[str], tuple[R | None, list[Problem]]]
"""A rule file's parser: path -> (the loaded rules, None when there is a problem; every
problem found)."""


def open_rule_file(path: str, kind: str, known: Collection[str], use: str = "use one of") -> tuple[dict, TomlLines, list[Problem]]:
    """Read a TOML rule file and report the top-level keys it should not have.

    Parameters
    ----------
    path : str
        The file.
    kind : str
        What it holds (``debris``, ``outlets``, ``topic``), for the message of a file that
        cannot be read.
    known : collection of str
        The top-level keys the file may have.
    use : str
        The start of the fix of an unknown key (the known keys follow).

    Returns
    -------
    data : dict
        The parsed TOML.
    lines : TomlLines
        The line locator of its text.
    problems : list of Problem
        One per unknown top-level key, in key order.

    Raises
    ------
    LexiconError
        When the file cannot be read or is not valid TOML.
    """
    data = read_toml(path, kind)
    lines = TomlLines(Path(path).read_text(encoding="utf-8"))
    problems = [
        Problem(path, lines.top(key), f"unknown key {key!r}", f"{use} {sorted(known)}")
        for key in sorted(set(data) - set(known))
    ]
    return data, lines, problems


def load_rule_file(parse: Parser[R], path: str | Path | None, name: str) -> R:
    """Load a rule file with its parser, or raise its first problem.

    Parameters
    ----------
    parse : callable
        The file's parser: path -> (rules or None, problems).
    path : str, Path or None
        The file (None: the bundled one).
    name : str
        The bundled file's name (``debris.toml``).

    Returns
    -------
    R
        The rules the parser loaded.

    Raises
    ------
    LexiconError
        With the first problem (and how many more there are).
    """
    path = str(Path(path) if path else lexicon_file(name))
    rules, problems = parse(path)
    raise_first(problems, path)
    assert rules is not None
    return rules


def check_rule_file(parse: Parser[Any], path: str | Path) -> list[str]:
    """Every problem of a rule file, as ``FILE:LINE: problem; fix: ...`` lines.

    Parameters
    ----------
    parse : callable
        The file's parser: path -> (rules or None, problems).
    path : str or Path
        The file.

    Returns
    -------
    list of str
        The problems; empty when the file loads (a file that cannot be read at all gives
        that one problem).
    """
    try:
        _, problems = parse(str(path))
    except LexiconError as err:
        return [str(err)]
    return [str(p) for p in problems]
