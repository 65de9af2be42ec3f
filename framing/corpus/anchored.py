"""Searching a rule only next to the words its matches contain: moved to
:mod:`framing.lexicons.anchored`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.anchored import *  # noqa: F403
