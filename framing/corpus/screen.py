"""Which rules of an ordered list can match a text: moved to :mod:`framing.lexicons.screen`,
whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.screen import *  # noqa: F403
