"""Where the bundled data files live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def lexicon_dir() -> Path:
    """The folder of bundled default lexicons (``lexicons/`` in the source tree)."""
    for candidate in (_HERE / "_lexicons", _HERE.parent / "lexicons"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "bundled lexicons not found: reinstall framing (pip install framing) "
        "or run it from a source checkout that has lexicons/"
    )


def lexicon_file(name: str) -> Path:
    """Path of one bundled lexicon file, e.g. ``lexicon_file("outlets.toml")``."""
    return lexicon_dir() / name
