"""Where the bundled data files live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def lexicon_dir() -> Path:
    """The folder of bundled default lexicons (``lexicons/`` in the source tree).

    Returns
    -------
    Path
        The folder (``_lexicons`` inside an installed package).

    Raises
    ------
    FileNotFoundError
        When the installation lacks the bundled lexicons.
    """
    for candidate in (_HERE / "_lexicons", _HERE.parent / "lexicons"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "bundled lexicons not found: reinstall framing (pip install framing) "
        "or run it from a source checkout that has lexicons/"
    )


def lexicon_file(name: str) -> Path:
    """Path of one bundled lexicon file, e.g. ``lexicon_file("outlets.toml")``.

    Parameters
    ----------
    name : str
        The file name.

    Returns
    -------
    Path
        The file in :func:`lexicon_dir` (not checked to exist).
    """
    return lexicon_dir() / name


def read_toml(path: str | Path, what: str) -> dict:
    """Parse a TOML data file; a missing or malformed file raises ``LexiconError`` naming it.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        The kind of file, for the message (e.g. ``"outlets"``).

    Returns
    -------
    dict
        The parsed file.

    Raises
    ------
    LexiconError
        When the file is missing, not UTF-8 or not valid TOML.
    """
    import tomllib

    from framing.errors import LexiconError

    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{path}: {what} file not found; fix: give an existing file") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: {what} file is not UTF-8; fix: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise LexiconError(f"{path}: not valid TOML ({err}); fix: correct the syntax") from None
