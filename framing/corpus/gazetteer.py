"""The gazetteer of outlets (``outlets_gazetteer.csv``): moved to
:mod:`framing.lexicons.gazetteer`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.gazetteer import (
    GAZETTEER_FILE,
    Gazetteer,
    GazetteerEntry,
    check_gazetteer,
    gazetteer_path,
    load_gazetteer,
    name_key,
    parse_gazetteer,
)

__all__ = [
    "GAZETTEER_FILE", "Gazetteer", "GazetteerEntry", "check_gazetteer", "gazetteer_path", "load_gazetteer",
    "name_key", "parse_gazetteer",
]
