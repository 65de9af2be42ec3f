"""What ``framing lexicon check`` runs: every rule file of a lexicon folder read as a run
would read it, with every problem and the frames in force."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from framing.errors import LexiconError
from framing.lexicons.codebook import frames_in_force
from framing.lexicons.files import RULE_FILES, SCORING_FILES, rule_files
from framing.lexicons.load import build_lexicons
from framing.lexicons.problems import Problem, Problems
from framing.lexicons.rules import READING_RULES, check_reading_rules

__all__ = ["FileCheck", "check_lexicon_files", "check_lexicons"]


@dataclass(frozen=True)
class FileCheck:
    """The check of one rule file.

    Attributes
    ----------
    key : str
        Its key in :data:`~framing.lexicons.files.RULE_FILES`.
    path : Path
        The file used.
    own : bool
        Whether it is the folder's own (else the bundled default).
    problems : tuple of str
        Its problems, as ``FILE:LINE: problem; fix: ...``.
    detail : tuple of str
        What the file contributes (for frames: the frames in force and the file of each).
    """

    key: str
    path: Path
    own: bool
    problems: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()

    def __str__(self) -> str:
        whose = "your file" if self.own else "not in the folder: the default is used"
        status = "ok" if not self.problems else f"{len(self.problems)} problem(s)"
        return f"{self.path.name}: {status} ({whose})"


def check_lexicons(path: str | Path) -> list[str]:
    """Every problem of the lexicon set at a path.

    This is what ``framing lexicon check PATH`` prints.

    Parameters
    ----------
    path : str or Path
        A lexicon folder or a single frames file (see :func:`check_lexicon_files`).

    Returns
    -------
    list of str
        ``FILE:LINE: problem; fix: ...`` lines; empty when every rule file loads.
    """
    try:
        checks = check_lexicon_files(path)
    except LexiconError as err:
        return [str(err)]
    return [problem for check in checks for problem in check.problems]


def _same_file(name: str, path: Path) -> bool:
    try:
        return Path(name).resolve() == path.resolve()
    except OSError:
        return False


def _reading_rule_key(p: Path) -> str:
    """The reading-rule key of a single file (``topic``, ``debris``, ``outlets``,
    ``gazetteer``) by its bundled name or, for another ``.toml`` name, by its tables; ""
    for a folder and for any other file (a frames file)."""
    if not p.is_file():
        return ""
    for key in READING_RULES:
        if p.name == RULE_FILES[key]:
            return key
    if p.suffix.lower() != ".toml":
        return ""
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""  # the frames check reports what is wrong with it
    if "frames" in data:
        return ""
    if "formula" in data:
        return "outlets"
    if "line" in data or "inline" in data:
        return "debris"
    return "topic" if "terms" in data else ""


def check_lexicon_files(path: str | Path) -> list[FileCheck]:
    """Read and validate every rule file of a lexicon folder as a run would use it.

    Frames, tone, modifiers, vocabulary, stopwords and sources as
    :func:`~framing.lexicons.load.load_lexicons` reads them; debris, outlets, gazetteer
    and topic with the loaders of :func:`framing.read_corpus`. A file the folder lacks is
    checked too: the bundled one takes its place.

    Parameters
    ----------
    path : str or Path
        A lexicon folder, or a single file: then only it is checked, as a topic, debris,
        outlets or gazetteer file when it is one (by its bundled name, or by its tables:
        ``[terms]``, ``[[line]]``, ``[[formula]]``), else as a frames file (``.toml``,
        ``.dic`` or ``.csv``).

    Returns
    -------
    list of FileCheck
        One per rule file, in the order of :data:`~framing.lexicons.files.RULE_FILES`
        (one for a single file); the frames' ``detail`` lists the frames in force.

    Raises
    ------
    LexiconError
        When ``path`` is no lexicon folder or file.
    """
    p = Path(path)
    reading = _reading_rule_key(p)
    if reading:  # a topic, debris, outlets or gazetteer file alone: checked as reading loads it
        return [FileCheck(reading, p, True, check_reading_rules(reading, p))]
    problems = Problems()
    lex = None
    try:
        lex = build_lexicons(p, problems)
    except LexiconError as err:
        if not p.is_dir() and not p.is_file():
            raise
        problems.append(Problem.parse(str(err)))
    detail: tuple[str, ...] = ()
    if lex is not None:
        how = (
            "your frames added to the bundled ones (replace = true would keep only yours)"
            if "frames_base" in lex.paths
            else "the frames of one file"
        )
        detail = (f"frames in force ({len(lex.frames)}; {how}):", *frames_in_force(lex))
    if not p.is_dir():
        return [FileCheck("frames", p, True, tuple(str(x) for x in problems), detail)]
    files = rule_files(p)
    checks = []
    for key in SCORING_FILES:
        f, own = files[key]
        mine = tuple(str(x) for x in problems if _same_file(x.file, f))
        checks.append(FileCheck(key, f, own, mine, detail if key == "frames" else ()))
    stray = tuple(str(x) for x in problems if not any(_same_file(x.file, f) for f, _ in files.values()))
    if stray:  # a problem that names no single file: shown with the frames
        checks[0] = replace(checks[0], problems=checks[0].problems + stray)
    for key in READING_RULES:
        f, own = files[key]
        checks.append(FileCheck(key, f, own, check_reading_rules(key, f)))
    return checks
