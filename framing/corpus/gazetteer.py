"""The gazetteer of outlets (``outlets_gazetteer.csv``): moved to
:mod:`framing.lexicons.gazetteer`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.gazetteer import *  # noqa: F403
