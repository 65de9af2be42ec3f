"""Researchers' regular expressions that cannot hang a run: moved to
:mod:`framing.lexicons.patterns`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.patterns import *  # noqa: F403
