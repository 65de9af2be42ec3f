"""Provenance of a run: content hashes of files, versions of the packages, file records.

:func:`sha256` hashes a file's bytes, :func:`package_versions` names the versions of Python,
framing and the packages that shape the results, and :class:`FileRecord` is one file a run
read or wrote (its name, hash and version), the unit the bundle's ``manifest.json`` lists.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from framing.version import __version__

__all__ = ["PACKAGES", "FileRecord", "package_versions", "sha256"]

PACKAGES: tuple[str, ...] = (
    "pandas", "numpy", "scipy", "statsmodels", "jieba", "snownlp", "opencc", "charset-normalizer",
    "matplotlib", "seaborn", "mplfonts",
)
"""The packages whose versions shape the results (in the order the manifest lists them)."""


def sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in chunks of 1 MiB.

    Parameters
    ----------
    path : str or Path
        The file to hash.

    Returns
    -------
    str
        The hex digest.

    Raises
    ------
    OSError
        The file cannot be read.
    """
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_versions(packages: Sequence[str] = PACKAGES) -> dict[str, str]:
    """Versions of Python, framing and ``packages``.

    Parameters
    ----------
    packages : sequence of str
        Distribution names (default :data:`PACKAGES`).

    Returns
    -------
    dict
        ``python`` (e.g. ``3.11.9``), ``framing``, then each package in the order given;
        ``not installed`` for a package that is not.
    """
    out = {"python": platform.python_version(), "framing": __version__}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass(frozen=True)
class FileRecord:
    """One file a run read or wrote, as a manifest lists it.

    Attributes
    ----------
    path : str
        The file as the record names it: its name, or its path relative to the folder it
        was found in (never a machine path).
    sha256 : str or None
        The SHA-256 of its bytes; None when it could not be read.
    version : str or None
        The version the file states (a lexicon's ``version``), if any.
    size : int or None
        Its size in bytes, where known.
    error : str or None
        Why it could not be read (``sha256`` is then None).
    """

    path: str
    sha256: str | None
    version: str | None = None
    size: int | None = None
    error: str | None = None


BUNDLE_MARK = "framing-results-bundle"
"""The ``bundle`` field of a results bundle's ``manifest.json``: how a folder is known as one."""


def read_bundle_manifest(path: Path) -> dict | None:
    """The manifest of a results bundle folder.

    Parameters
    ----------
    path : Path
        A folder.

    Returns
    -------
    dict or None
        Its ``manifest.json``, or None when the folder holds no manifest written by
        framing (none, unreadable, not JSON, or another program's).
    """
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("bundle") == BUNDLE_MARK else None


def is_bundle(path: Path) -> bool:
    """Whether a folder is a results bundle written by framing.

    Parameters
    ----------
    path : Path
        The folder to check.

    Returns
    -------
    bool
        True when its ``manifest.json`` says ``write_bundle`` wrote it.
    """
    return read_bundle_manifest(path) is not None
