"""Problems found in rule files, each with file, line and fix, and reading a file's text.

Every reader of a lexicon folder collects :class:`Problem` records in a :class:`Problems`
list instead of stopping at the first: ``framing lexicon check`` prints them all, and
:func:`raise_first` turns them into one :class:`~framing.errors.LexiconError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from framing.errors import LexiconError

__all__ = ["Problem", "Problems", "read_rule_text", "line_of", "raise_first"]

_MESSAGE = re.compile(
    r"^(?P<file>.+?):(?P<line>[0-9]+): (?P<problem>.*?)(?:; fix: (?P<fix>.*))?$", re.S
)


@dataclass
class Problem:
    """One problem of a rule file.

    Attributes
    ----------
    file : str
        The file as the researcher named it.
    line : int
        The 1-based line the problem is on (1 when it has none).
    problem : str
        What is wrong.
    fix : str
        What to do about it (may be empty).
    """

    file: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        fix = f"; fix: {self.fix}" if self.fix else ""
        return f"{self.file}:{self.line}: {self.problem}{fix}"

    @classmethod
    def parse(cls, message: str) -> Problem:
        """A problem from a ``FILE:LINE: problem; fix: ...`` message.

        Parameters
        ----------
        message : str
            A message as a loader writes it (e.g. the text of a ``LexiconError``).

        Returns
        -------
        Problem
            Its parts; a message without a line number is kept whole, on line 1.
        """
        m = _MESSAGE.match(message)
        if m is None:
            return cls(message.split(": ", 1)[0], 1, message, "")
        return cls(m["file"], int(m["line"]), m["problem"], m["fix"] or "")


class Problems(list):
    """The problems found so far, in the order found (a list of :class:`Problem`)."""

    def add(self, file: str, line: int, problem: str, fix: str) -> None:
        """Record a problem.

        Parameters
        ----------
        file : str
            The file as the researcher named it.
        line : int
            Its line (values below 1 become 1).
        problem : str
            What is wrong.
        fix : str
            What to do about it.
        """
        self.append(Problem(file, max(int(line), 1), problem, fix))


def read_rule_text(path: Path, problems: Problems) -> str | None:
    """The text of a rule file (UTF-8, a BOM allowed).

    Parameters
    ----------
    path : Path
        The file.
    problems : Problems
        Where a file that cannot be read, or is not UTF-8, is recorded (the latter at the
        line of the first bad byte).

    Returns
    -------
    str or None
        The text, or None when it cannot be had.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.add(
            str(path), 1, f"cannot read the file ({err.strerror or err})",
            "check the path and permissions",
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.add(str(path), line, "the file is not UTF-8", "save it as UTF-8")
        return None


def line_of(path: Path, needle: str) -> int:
    """The first line of a file that holds a string.

    Parameters
    ----------
    path : Path
        The file (read as UTF-8).
    needle : str
        The string looked for.

    Returns
    -------
    int
        Its 1-based line; 1 when the file lacks it or cannot be read.
    """
    try:
        for no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if needle in line:
                return no
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def raise_first(problems: Problems, path: str | Path) -> None:
    """Raise the first problem, if any, as one ``LexiconError`` line.

    Parameters
    ----------
    problems : Problems
        The problems found reading ``path``.
    path : str or Path
        What was read (named in the hint to run ``framing lexicon check`` on it).

    Raises
    ------
    LexiconError
        With the first problem, and how many more there are.
    """
    if problems:
        more = f" (and {len(problems) - 1} more: run `framing lexicon check {path}`)"
        raise LexiconError(str(problems[0]) + (more if len(problems) > 1 else ""))
