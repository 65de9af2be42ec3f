"""A manifest (``manifest.csv``): the outlet, date and own columns of the files of a folder.

Columns ``file, outlet[, date]`` and any others (the researcher's own, which travel with the
file's articles). The text decides the outlet; the manifest fills it in where no rule fires,
and a disagreement is flagged in ``outlet_conflict``.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from framing.corpus.decode import decode_bytes
from framing.corpus.model import docvar_name
from framing.corpus.outlets import UNKNOWN
from framing.corpus.split import find_date
from framing.corpus.tables import iter_csv
from framing.errors import InputError
from framing.lexicons.outlet_rules import OutletRules


@dataclass
class Manifest:
    """A manifest as read.

    Attributes
    ----------
    path:
        The manifest file.
    rows:
        file -> ``{"outlet": name or "", "date": YYYY-MM-DD or ""}``.
    docvars:
        file -> the researcher's own columns.
    """

    path: str
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    docvars: dict[str, dict[str, str]] = field(default_factory=dict)


def parse_csv(text: str, name: str, sep: str = ",") -> tuple[list[str], list[list[str]], list[int]]:
    """Read CSV text strictly: the header, the rows, and the line each row starts on.

    The checks of :func:`framing.corpus.tables.iter_csv`, on a text held whole (a manifest).

    Parameters
    ----------
    text:
        The CSV text.
    name:
        Its name, for messages.
    sep:
        The field separator.

    Returns
    -------
    header : list of str
    rows : list of list of str
    lines : list of int
        The line each row starts on.

    Raises
    ------
    InputError
        When the text is not valid CSV.
    """
    records = iter_csv(io.StringIO(text, newline=""), name, sep)
    _, header = next(records)
    rows: list[list[str]] = []
    starts: list[int] = []
    for start, record in records:
        rows.append(record)
        starts.append(start)
    return header, rows, starts


def load_manifest(path: Path, outlets: OutletRules, inputs: list[dict] | None = None) -> Manifest:
    """Read and check a manifest.

    Parameters
    ----------
    path:
        The manifest file.
    outlets:
        The outlet rules its outlet names must be known to.
    inputs:
        When given, gets the manifest's size and SHA-256.

    Returns
    -------
    Manifest
        Its rows and own columns.

    Raises
    ------
    InputError
        When the file is missing, unreadable, not text, not CSV, lacks ``file`` or
        ``outlet``, or a row has an empty file, an unknown outlet or a malformed date.
    """
    if not path.is_file():
        raise InputError(f"{path}: manifest not found; fix: give an existing CSV or leave it out")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the manifest ({err.strerror}); fix: check its permissions, or leave it out") from None
    if inputs is not None:
        inputs.append({"file": path.name, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()})
    decoded = decode_bytes(raw)
    if decoded.text is None:
        raise InputError(f"{path}: manifest is {decoded.reason.replace('_', ' ')}; fix: save it as UTF-8 CSV with columns file,outlet,date")
    header, rows, lines = parse_csv(decoded.text, str(path))
    cols = set(header)
    if not {"file", "outlet"} <= cols:
        raise InputError(f"{path}: manifest needs columns 'file' and 'outlet' (has {sorted(cols)}); fix: add a header line file,outlet,date")
    man = Manifest(str(path))
    for line_no, values in zip(lines, rows, strict=True):
        row = dict(zip(header, values, strict=True))
        file = row["file"].strip()
        name = row["outlet"].strip()
        if not file:
            raise InputError(f"{path}:{line_no}: empty 'file'; fix: name the article file or delete the line")
        if name and outlets.lookup(name) is None:
            known = ", ".join(o.name for o in outlets.outlets)
            raise InputError(
                f"{path}:{line_no}: unknown outlet {name!r}; fix: use one of {known} or an outlet of the gazetteer "
                f"({Path(outlets.gazetteer.path).name if outlets.gazetteer else 'outlets_gazetteer.csv'}), or add it to {Path(outlets.path).name}"
            )
        date = row.get("date", "").strip()
        if date and not find_date(date):
            raise InputError(f"{path}:{line_no}: date {date!r} is not YYYY-MM-DD; fix: write e.g. 2024-02-22 or leave it empty")
        man.rows[file] = {"outlet": outlets.lookup(name).name if name else "", "date": find_date(date) if date else ""}
        man.docvars[file] = {docvar_name(k): v for k, v in row.items() if k not in ("file", "outlet", "date")}
    return man


def apply_manifest(records: list[dict], man: Manifest, outlets: OutletRules) -> None:
    """Give the records of the files a manifest lists its outlet, date and own columns, in place.

    A record without an outlet takes the manifest's; one whose text names another outlet
    keeps its own and is flagged ``outlet_conflict``. A date fills in a missing one. A file
    the manifest lists that is not among the inputs is warned about.

    Parameters
    ----------
    records:
        The records of the read.
    man:
        The manifest.
    outlets:
        The outlet rules (type and level of a manifest's outlet).
    """
    sources = {r["source"] for r in records}
    for file in man.rows:
        if file not in sources:
            warnings.warn(f"{man.path}: lists {file!r}, which is not among the inputs", stacklevel=3)
    for r in records:
        entry = man.rows.get(r["source"])
        if not entry:
            continue
        r["manifest_outlet"] = entry["outlet"]
        r["_docvars"] = {**r.get("_docvars", {}), **man.docvars.get(r["source"], {})}
        if entry["date"] and not r["date"]:
            r["date"] = entry["date"]
        if not entry["outlet"]:
            continue
        if r["outlet"] == UNKNOWN:
            outlet = outlets.lookup(entry["outlet"])
            r["outlet"], r["outlet_id"] = outlet.name, outlet.id
            kind = outlets.entry(outlet)
            r["outlet_type"], r["outlet_level"] = kind.type, kind.level
            r["outlet_confidence"] = 1.0
            r["outlet_evidence"] = f"manifest ({r['outlet_evidence']})"
        elif r["outlet"] != entry["outlet"] and r["status"] == "included" and r["article"]:
            r["outlet_conflict"] = True
            r["outlet_evidence"] += f"; manifest says {entry['outlet']}"
