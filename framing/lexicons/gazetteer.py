"""The gazetteer of outlets (``outlets_gazetteer.csv``): every form of an outlet's name.

A few hundred Chinese news outlets with aliases, Traditional forms, short names (每经,
21财经), type, level, region and group. A name a formula captures is normalised through
it: exactly, or as the longest gazetteer name at the end or start of the captured text
(see :mod:`framing.corpus.outlets`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from framing.lexicons.patterns import Problem, check_rule_file
from framing.lexicons.simplified import to_simplified
from framing.paths import lexicon_file

GAZETTEER_FILE = "outlets_gazetteer.csv"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GazetteerEntry:
    """One outlet of the gazetteer (or a curated outlet): name, id and what kind it is."""

    name: str
    id: str
    type: str = ""
    level: str = ""
    region: str = ""
    group: str = ""
    aliases: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """The form in which names are compared: Simplified, case-folded, without spaces.

    Parameters
    ----------
    name:
        An outlet's name, id or alias, or a captured name.

    Returns
    -------
    str
        Its key.
    """
    return _SPACE.sub("", to_simplified(name)).casefold()


@dataclass
class Gazetteer:
    """Outlets by every form of their name (Simplified, case-folded, without spaces).

    Attributes
    ----------
    entries:
        The outlets, in file order.
    path:
        The gazetteer file ("" for one built in memory).
    keys:
        :func:`name_key` of every name, id and alias -> the outlets it names.
    lengths:
        The lengths of the keys, longest first.
    """

    entries: tuple[GazetteerEntry, ...]
    path: str = ""
    keys: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    lengths: tuple[int, ...] = ()

    @classmethod
    def build(cls, entries: list[GazetteerEntry], path: str = "") -> Gazetteer:
        """The gazetteer of some outlets, indexed by every form of their names.

        Parameters
        ----------
        entries:
            The outlets.
        path:
            The file they come from.

        Returns
        -------
        Gazetteer
            Ready for lookups.
        """
        keys: dict[str, list[GazetteerEntry]] = {}
        for e in entries:
            for form in (e.name, e.id, *e.aliases):
                k = name_key(form)
                if k and e not in keys.setdefault(k, []):
                    keys[k].append(e)
        lengths = tuple(sorted({len(k) for k in keys}, reverse=True))
        return cls(tuple(entries), path, keys, lengths)

    def get(self, name: str, script: str = "") -> GazetteerEntry | None:
        """The entry a name, id, alias or Traditional form refers to.

        Parameters
        ----------
        name:
            The name.
        script:
            The page's script: ``traditional`` picks the Hong Kong, Macao or Taiwan outlet
            of a name several outlets share, any other the first listed.

        Returns
        -------
        GazetteerEntry or None
            None when the gazetteer does not know the name.
        """
        found = self.keys.get(name_key(name))
        return _pick(found, script) if found else None

    def at_end(self, text: str, script: str = "") -> GazetteerEntry | None:
        """The outlet whose name is the longest that ``text`` ends with.

        Parameters
        ----------
        text:
            A captured name (``21世纪经济报道``, ``人民网－人民日报``).
        script:
            As for :meth:`get`.

        Returns
        -------
        GazetteerEntry or None
            None when ``text`` ends with no gazetteer name.
        """
        return self._longest(text, script, at_end=True)

    def at_start(self, text: str, script: str = "") -> GazetteerEntry | None:
        """The outlet whose name is the longest that ``text`` starts with.

        Parameters
        ----------
        text:
            A captured text (``东川晚报东川3月5日讯``).
        script:
            The page's script, as for :meth:`get`.

        Returns
        -------
        GazetteerEntry or None
            None when ``text`` starts with no gazetteer name.
        """
        return self._longest(text, script, at_end=False)

    def _longest(self, text: str, script: str, at_end: bool) -> GazetteerEntry | None:
        """The outlet of the longest gazetteer key at the end (or the start) of ``text``'s key."""
        k = name_key(text)
        for n in self.lengths:
            if n <= len(k):
                part = k[-n:] if at_end else k[:n]
                if part in self.keys:
                    return _pick(self.keys[part], script)
        return None


def _pick(found: list[GazetteerEntry], script: str) -> GazetteerEntry:
    """One name, several outlets (经济日报 in Beijing and in Taipei): a Traditional-script
    page means the Hong Kong, Macao or Taiwan one, any other the first listed."""
    if len(found) > 1 and script == "traditional":
        for e in found:
            if e.region in {"HK", "MO", "TW"}:
                return e
    if len(found) > 1:
        for e in found:
            if e.region not in {"HK", "MO", "TW"}:
                return e
    return found[0]


_GAZ_COLUMNS = ("name", "id", "type", "level", "region", "group", "aliases", "traditional")


def parse_gazetteer(path: str) -> tuple[Gazetteer | None, list[Problem]]:
    """Read a gazetteer file, or find its problems.

    Parameters
    ----------
    path:
        The CSV file (header ``name,id,type[,level,region,group,aliases,traditional]``).

    Returns
    -------
    gazetteer : Gazetteer or None
        None when there is a problem.
    problems : list of Problem
        Every problem found, with its line and fix.
    """
    problems: list[Problem] = []
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as err:
        return None, [Problem(path, 1, f"cannot read the gazetteer ({err.strerror or err})", "check the path and permissions")]
    except UnicodeDecodeError as err:
        return None, [Problem(path, 1, f"the gazetteer is not UTF-8 ({err.reason})", "save it as UTF-8 CSV")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as err:
        return None, [Problem(path, reader.line_num, f"not valid CSV ({err})", "quote cells that hold a comma")]
    if not rows or [c.strip() for c in rows[0]][:3] != ["name", "id", "type"]:
        return None, [Problem(path, 1, "the gazetteer's header is not name,id,type,...", f"start it with the line {','.join(_GAZ_COLUMNS)}")]
    header = [c.strip() for c in rows[0]]
    unknown = [c for c in header if c not in _GAZ_COLUMNS]
    if unknown:
        problems.append(Problem(path, 1, f"unknown column(s) {unknown}", f"use only {', '.join(_GAZ_COLUMNS)}"))
    entries: list[GazetteerEntry] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for no, row in enumerate(rows[1:], 2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(path, no, f"{len(row)} fields, the header has {len(header)}", "quote a cell that holds a comma, or add the missing fields"))
            continue
        cell = dict(zip(header, (c.strip() for c in row), strict=True))
        name, oid = cell["name"], cell["id"]
        if not name:
            problems.append(Problem(path, no, "empty name", "give the outlet's name"))
            continue
        if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", oid):
            problems.append(Problem(path, no, f"{name}: id {oid!r} is not a lower-case ASCII id", "e.g. renmin_ribao"))
            continue
        if oid in seen_ids:
            problems.append(Problem(path, no, f"{name}: id {oid!r} is also the id on line {seen_ids[oid]}", "make ids unique"))
            continue
        if name in seen_names:
            problems.append(Problem(path, no, f"{name} is listed again (line {seen_names[name]})", "list each outlet once; add other names as aliases"))
            continue
        if not cell["type"]:
            problems.append(Problem(path, no, f"{name}: empty type", "e.g. party daily, metro daily, financial daily, web news"))
            continue
        seen_ids[oid], seen_names[name] = no, no
        forms = [a.strip() for col in ("aliases", "traditional") for a in cell.get(col, "").split("|") if a.strip()]
        entries.append(GazetteerEntry(
            name, oid, cell["type"], cell.get("level", ""), cell.get("region", ""), cell.get("group", "") or name, tuple(forms),
        ))
    if problems:
        return None, problems
    return Gazetteer.build(entries, path), []


def check_gazetteer(path: str | Path) -> list[str]:
    """Every problem of a gazetteer file.

    Parameters
    ----------
    path:
        The ``outlets_gazetteer.csv`` to check.

    Returns
    -------
    list of str
        ``FILE:LINE: problem; fix: ...`` lines; empty when the file loads.
    """
    return check_rule_file(parse_gazetteer, path)


def gazetteer_path(outlets_path: str | Path, gazetteer: str | Path | None = None) -> Path:
    """The gazetteer an outlets file uses.

    Parameters
    ----------
    outlets_path:
        The outlets file.
    gazetteer:
        The gazetteer given (by the caller, or the file's ``gazetteer`` key), if any.

    Returns
    -------
    pathlib.Path
        ``gazetteer`` when given, else the file ``outlets_gazetteer.csv`` beside the outlets
        file, else the bundled one.
    """
    if gazetteer is not None:
        return Path(gazetteer)
    beside = Path(outlets_path).with_name(GAZETTEER_FILE)
    return beside if beside.is_file() else lexicon_file(GAZETTEER_FILE)


@lru_cache(maxsize=8)
def _gazetteer_cached(path: str, stamp: tuple[int, int]) -> tuple[Gazetteer | None, tuple[Problem, ...]]:
    gaz, problems = parse_gazetteer(path)
    return gaz, tuple(problems)


def load_gazetteer(path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    """A gazetteer file, read once while it is unchanged (by its time and size).

    Parameters
    ----------
    path:
        The gazetteer file.

    Returns
    -------
    gazetteer : Gazetteer or None
        None when it is missing or has a problem.
    problems : list of Problem
        Why it does not load.
    """
    try:
        st = path.stat()
    except OSError as err:
        return None, [Problem(str(path), 1, f"gazetteer not found ({err.strerror or err})", f"put {GAZETTEER_FILE} beside outlets.toml or remove the gazetteer key")]
    gaz, problems = _gazetteer_cached(str(path), (st.st_mtime_ns, st.st_size))
    return gaz, list(problems)

