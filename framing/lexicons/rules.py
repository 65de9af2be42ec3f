"""Checks of rule files whose loaders live elsewhere in the package.

``sources.toml`` is checked by :mod:`framing.lexicons.speaker_rules`; ``debris.toml``,
``outlets.toml``, ``outlets_gazetteer.csv`` and ``topic.toml``, the rule files reading uses,
by :mod:`framing.lexicons.debris`, :mod:`framing.lexicons.outlet_rules`,
:mod:`framing.lexicons.gazetteer` and :mod:`framing.lexicons.topic`. Those are imported
inside :func:`check_reading_rules`, so loading a lexicon set never loads them (nor the
pattern engine they compile their rules with).
"""

from __future__ import annotations

from pathlib import Path

from framing.errors import FramingError
from framing.lexicons.problems import Problem
from framing.lexicons.speaker_rules import check_sources as check_speaker_rules

__all__ = ["check_sources", "check_reading_rules", "READING_RULES"]

READING_RULES = ("debris", "outlets", "gazetteer", "topic")
"""The keys of :data:`~framing.lexicons.files.RULE_FILES` that reading uses."""


def check_sources(path: Path) -> list[Problem]:
    """Check a sources file as voice attribution will read it.

    Parameters
    ----------
    path : Path
        The ``sources.toml``.

    Returns
    -------
    list of Problem
        Its problems (empty: it loads).
    """
    return [Problem.parse(line) for line in check_speaker_rules(path)]


def check_reading_rules(key: str, path: Path) -> tuple[str, ...]:
    """Check a debris, outlets, gazetteer or topic file as reading will load it.

    Parameters
    ----------
    key : str
        One of :data:`READING_RULES`.
    path : Path
        The file.

    Returns
    -------
    tuple of str
        Every problem as ``FILE:LINE: problem; fix: ...``; empty when it loads.
    """
    # imported only when a folder is checked, not when a set is loaded
    from framing.lexicons.debris import check_debris_rules
    from framing.lexicons.gazetteer import check_gazetteer
    from framing.lexicons.outlet_rules import check_outlet_rules
    from framing.lexicons.topic import check_topic

    check = {"debris": check_debris_rules, "outlets": check_outlet_rules, "gazetteer": check_gazetteer,
             "topic": check_topic}[key]
    try:
        return tuple(check(path))
    except FramingError as err:
        return (str(err),)
    except Exception as err:  # noqa: BLE001 - a checker's unforeseen failure is still a problem of the file
        return (f"{path}:1: cannot be used ({type(err).__name__}: {err}); fix: compare it with the bundled {path.name}",)
