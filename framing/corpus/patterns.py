"""Researchers' regular expressions that cannot hang a run: moved to
:mod:`framing.lexicons.patterns`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.patterns import (
    PATTERN_TIMEOUT,
    GuardedPattern,
    Problem,
    TomlLines,
    compile_rule,
    is_bundled,
    probes,
    raise_first,
)

__all__ = [
    "PATTERN_TIMEOUT", "GuardedPattern", "Problem", "TomlLines", "compile_rule", "is_bundled", "probes",
    "raise_first",
]
