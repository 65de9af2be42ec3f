"""The files a lexicon folder may hold, and which of them a set uses: the folder's own or
the bundled default."""

from __future__ import annotations

import hashlib
from pathlib import Path

from framing.errors import LexiconError
from framing.paths import lexicon_dir

__all__ = [
    "FRAME_FILE",
    "TONE_FILE",
    "MODIFIER_FILE",
    "RULE_FILES",
    "SCORING_FILES",
    "rule_files",
    "set_files",
    "is_bundled",
    "file_sha256",
]

FRAME_FILE = "frames.toml"
TONE_FILE = "tone.toml"
MODIFIER_FILE = "modifiers.toml"

# Every rule file a lexicon folder may hold, by key; a file the folder lacks comes from the
# bundled set. frames/tone/modifiers/vocabulary/stopwords/sources shape scoring and
# keyness; debris/outlets/gazetteer/topic shape reading (framing.read_corpus).
RULE_FILES: dict[str, str] = {
    "frames": FRAME_FILE,
    "tone": TONE_FILE,
    "modifiers": MODIFIER_FILE,
    "vocabulary": "vocabulary.txt",
    "stopwords": "stopwords.txt",
    "sources": "sources.toml",
    "debris": "debris.toml",
    "outlets": "outlets.toml",
    "gazetteer": "outlets_gazetteer.csv",
    "topic": "topic.toml",
}
SCORING_FILES = ("frames", "tone", "modifiers", "vocabulary", "stopwords", "sources")
"""The keys of :data:`RULE_FILES` that a :class:`~framing.lexicons.model.Lexicons` is read
from (the others shape reading)."""


def rule_files(path: str | Path | None) -> dict[str, tuple[Path, bool]]:
    """The file a lexicon folder uses for each of :data:`RULE_FILES`.

    A folder needs none of them in particular (what it lacks comes from the defaults), but
    one that holds none at all is an error: most likely the wrong folder.

    Parameters
    ----------
    path : str, Path or None
        The lexicon folder; None for the bundled set.

    Returns
    -------
    dict
        key -> (the file used, whether it is the folder's own (True) or the bundled
        default (False)).

    Raises
    ------
    LexiconError
        When ``path`` is no folder, or holds none of the rule files.
    """
    bundled = lexicon_dir()
    p = Path(path) if path is not None else bundled
    if not p.is_dir():
        raise LexiconError(f"{p}:1: lexicon folder not found; fix: give an existing folder")
    out = {key: ((p / name, True) if (p / name).is_file() else (bundled / name, False))
           for key, name in RULE_FILES.items()}
    if p.resolve() == bundled.resolve():  # the bundled folder: every file is its own
        return out
    if not any(own for _, own in out.values()):
        raise LexiconError(
            f"{p}:1: no lexicon file in this folder (none of {', '.join(RULE_FILES.values())}); "
            "fix: give the folder that holds your lexicon files"
        )
    return out


def set_files(path: str | Path) -> dict[str, Path]:
    """The files a lexicon set is read from, keyed as :data:`SCORING_FILES`.

    Parameters
    ----------
    path : str or Path
        A lexicon folder (each file the folder's own or the bundled one), or one frames
        file (``.toml``, ``.dic``, ``.csv``: the rest bundled, but a ``vocabulary.txt``
        beside it is used).

    Returns
    -------
    dict
        key -> file.

    Raises
    ------
    LexiconError
        When ``path`` does not exist, or is a folder without any rule file.
    """
    p = Path(path)
    bundled = lexicon_dir()
    if p.is_dir():
        files = rule_files(p)
        return {key: files[key][0] for key in SCORING_FILES}
    if not p.is_file():
        raise LexiconError(f"{p}:1: lexicon path not found; fix: check the path")
    vocabulary = p.parent / RULE_FILES["vocabulary"]
    return {
        "frames": p,
        "tone": bundled / TONE_FILE,
        "modifiers": bundled / MODIFIER_FILE,
        "vocabulary": vocabulary if vocabulary.is_file() else bundled / RULE_FILES["vocabulary"],
        "stopwords": bundled / RULE_FILES["stopwords"],
        "sources": bundled / RULE_FILES["sources"],
    }


def is_bundled(path: Path, name: str) -> bool:
    """Whether a file is the bundled rule file of a name.

    Parameters
    ----------
    path : Path
        The file.
    name : str
        A bundled file's name (``"frames.toml"``).

    Returns
    -------
    bool
        True when both resolve to the same file.
    """
    try:
        return path.resolve() == (lexicon_dir() / name).resolve()
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        64 hex digits.
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()
