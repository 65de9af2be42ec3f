"""Outlet, site and channel of an article: formulas, a gazetteer of outlets, curated rules.

Three kinds of data, all in ``lexicons/``:

* **formulas** (``[[formula]]`` in ``outlets.toml``): how pages name an outlet -- a byline
  ``21世纪经济报道记者 钟可欣``, a lead ``新华社北京6月12日电``, a source line ``来源：澎湃新闻``,
  ``文｜镜像研究所 韩一鸣``, ``《每日经济新闻》记者``, ``据央视新闻报道``, ``本文由「36氪」原创出品``,
  a masthead ``四川日报 2024年12月10日``, and the site's own chrome (``人民网首页``,
  ``搜狐号系信息发布平台``). Each formula captures a name, has a role (``author``: who wrote
  it; ``source``: whose text it is; ``repost``: a source the page says it copied; ``site``:
  where the page was found), a confidence and a rule for names the gazetteer lacks;
* the **gazetteer** (``outlets_gazetteer.csv``): a few hundred Chinese news outlets with
  aliases, Traditional forms, short names (每经, 21财经), type, level, region and group;
  a captured name is normalised through it (exactly, or as the longest gazetteer name at
  the end or start of the captured text); a name it lacks is reported as written when the
  formula allows that (``as_written``);
* **curated outlets** (``[[outlet]]`` in ``outlets.toml``): the outlets of a study with
  stable ids and aliases, and rules of their own (the ``web repost`` tag of mirror sites).

The outlet of an article is the original author where the page names one: the candidates
of the author, source and repost roles combine per outlet as ``1 - prod(1 - c)`` and the
best one wins. ``本报`` / ``本刊`` formulas name no paper: they take the outlet the page's own
chrome names, and stay ``unknown`` when it names none. With no formula at all, the site the
page names itself as is the outlet when it is a news outlet (not a portal, platform or
forum). Nothing fires: ``unknown``, never a guess. ``channel`` is ``repost`` when the page
says it copied the text (``转自``, ``转载自``, ``据…报道`` at the top, ``原标题``, a repost
notice), when a mirror rule fires, or when the site the page was found on is another outlet
than its author (not of the same group, and not a platform or forum, where an account posts
its own texts); else ``original``. Every tag keeps its evidence.

Patterns are compiled and bounded in time by :mod:`framing.corpus.patterns`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from framing.corpus.normalize import to_simplified
from framing.corpus.patterns import (
    GuardedPattern,
    Problem,
    TomlLines,
    compile_rule,
    is_bundled,
    raise_first,
)
from framing.errors import LexiconError
from framing.paths import lexicon_file, read_toml

UNKNOWN = "unknown"
GAZETTEER_FILE = "outlets_gazetteer.csv"
_WHERE = {"header", "byline", "lead", "text", "any", "removed", "page"}
_ROLES = {"author", "source", "repost", "site"}
_AS_WRITTEN = {"no", "suffix", "any"}
_MATCH = {"exact", "suffix", "prefix"}
# Gazetteer types that publish other people's text: never an outlet by their chrome alone,
# and a platform or forum named as a "source" is where the text was found, not its author.
HOSTS = {"portal", "platform", "forum", "financial portal"}
_PLATFORMS = {"platform", "forum"}
_SPACE = re.compile(r"\s+")
_STRIP = "《》「」『』“”\"'()（）【】[]<>·•|｜:：,，.。 "
_KIND = re.compile(r"^[a-z_]+:", re.M)


# --- the gazetteer --------------------------------------------------------------------------


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


def _key(name: str) -> str:
    return _SPACE.sub("", to_simplified(name)).casefold()


@dataclass
class Gazetteer:
    """Outlets by every form of their name (Simplified, case-folded, without spaces)."""

    entries: tuple[GazetteerEntry, ...]
    path: str = ""
    keys: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    lengths: tuple[int, ...] = ()

    @classmethod
    def build(cls, entries: list[GazetteerEntry], path: str = "") -> Gazetteer:
        keys: dict[str, list[GazetteerEntry]] = {}
        for e in entries:
            for form in (e.name, e.id, *e.aliases):
                k = _key(form)
                if k and e not in keys.setdefault(k, []):
                    keys[k].append(e)
        lengths = tuple(sorted({len(k) for k in keys}, reverse=True))
        return cls(tuple(entries), path, keys, lengths)

    def get(self, name: str, script: str = "") -> GazetteerEntry | None:
        """The entry a name, id, alias or Traditional form refers to (None if none)."""
        found = self.keys.get(_key(name))
        return _pick(found, script) if found else None

    def at_end(self, text: str, script: str = "") -> GazetteerEntry | None:
        """The longest gazetteer name that ``text`` ends with."""
        k = _key(text)
        for n in self.lengths:
            if n <= len(k) and k[-n:] in self.keys:
                return _pick(self.keys[k[-n:]], script)
        return None

    def at_start(self, text: str, script: str = "") -> GazetteerEntry | None:
        """The longest gazetteer name that ``text`` starts with."""
        k = _key(text)
        for n in self.lengths:
            if n <= len(k) and k[:n] in self.keys:
                return _pick(self.keys[k[:n]], script)
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


def _parse_gazetteer(path: str) -> tuple[Gazetteer | None, list[Problem]]:
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


# --- curated outlets, formulas and their rules ------------------------------------------------


@dataclass(frozen=True)
class OutletRule:
    id: str
    pattern: GuardedPattern
    where: str
    confidence: float
    context: tuple[GuardedPattern, ...] = ()


@dataclass(frozen=True)
class Outlet:
    name: str
    id: str
    aliases: tuple[str, ...]
    rules: tuple[OutletRule, ...]
    type: str = ""
    level: str = ""


@dataclass(frozen=True)
class Formula:
    """How pages name an outlet (see ``[[formula]]`` in ``outlets.toml``)."""

    id: str
    pattern: GuardedPattern
    where: tuple[str, ...]
    role: str
    confidence: float
    match: str = "exact"
    as_written: str = "no"
    split: bool = False
    prior: float | None = None  # the confidence the formula was designed with, before calibration


@dataclass(frozen=True)
class OutletRules:
    outlets: tuple[Outlet, ...]
    version: str
    path: str
    formulas: tuple[Formula, ...] = ()
    gazetteer: Gazetteer | None = None
    self_names: frozenset[str] = frozenset()
    not_outlets: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()

    def lookup(self, name: str, script: str = "") -> Outlet | None:
        """The outlet a name, id or alias refers to: a curated outlet, else a gazetteer one
        (case-insensitive for Latin; Traditional and Simplified forms alike)."""
        entry = self.gazetteer.get(name, script) if self.gazetteer else None
        if entry is None:
            return None
        curated = next((o for o in self.outlets if o.id == entry.id), None)
        return curated or Outlet(entry.name, entry.id, entry.aliases, (), entry.type, entry.level)

    def entry(self, outlet: Outlet) -> GazetteerEntry:
        """Type, level, region and group of an outlet."""
        found = self.gazetteer.get(outlet.id) if self.gazetteer else None
        return found if found is not None and found.id == outlet.id else GazetteerEntry(
            outlet.name, outlet.id, outlet.type, outlet.level, "", outlet.name, outlet.aliases
        )


@dataclass(frozen=True)
class OutletTag:
    """The outlet of one article and why; where the page was found and whether it is a repost."""

    outlet: str
    outlet_id: str
    confidence: float
    evidence: str
    outlet_type: str = ""
    outlet_level: str = ""
    channel: str = "original"
    site: str = ""
    channel_evidence: str = ""


def load_outlet_rules(path: str | Path | None = None, gazetteer: str | Path | None = None) -> OutletRules:
    """Read, validate and try an outlets file (default: the bundled ``lexicons/outlets.toml``)
    and its gazetteer (default: ``outlets_gazetteer.csv`` beside it, else the bundled one).

    Raises ``LexiconError`` with the first problem that :func:`check_outlet_rules` reports.
    """
    path = str(Path(path) if path else lexicon_file("outlets.toml"))
    rules, problems = _parse(path, gazetteer)
    raise_first(problems, path)
    assert rules is not None
    return rules


def check_outlet_rules(path: str | Path, gazetteer: str | Path | None = None) -> list[str]:
    """Every problem of an outlets file and its gazetteer, as ``FILE:LINE: problem; fix: ...``.

    Checks every outlet, rule and formula, compiles every pattern and tries it on probe
    strings, and reads the gazetteer. An empty list means the file loads.
    """
    try:
        _, problems = _parse(str(path), gazetteer)
    except LexiconError as err:
        return [str(err)]
    return [str(p) for p in problems]


def check_gazetteer(path: str | Path) -> list[str]:
    """Every problem of a gazetteer file, as ``FILE:LINE: problem; fix: ...`` lines."""
    _, problems = _parse_gazetteer(str(path))
    return [str(p) for p in problems]


def gazetteer_path(outlets_path: str | Path, gazetteer: str | Path | None = None) -> Path:
    """The gazetteer an outlets file uses: the one given, its ``gazetteer`` key, the file
    ``outlets_gazetteer.csv`` beside it, or the bundled one."""
    if gazetteer is not None:
        return Path(gazetteer)
    beside = Path(outlets_path).with_name(GAZETTEER_FILE)
    return beside if beside.is_file() else lexicon_file(GAZETTEER_FILE)


@lru_cache(maxsize=8)
def _gazetteer_cached(path: str, stamp: tuple[int, int]) -> tuple[Gazetteer | None, tuple[Problem, ...]]:
    gaz, problems = _parse_gazetteer(path)
    return gaz, tuple(problems)


def _load_gazetteer(path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    try:
        st = path.stat()
    except OSError as err:
        return None, [Problem(str(path), 1, f"gazetteer not found ({err.strerror or err})", f"put {GAZETTEER_FILE} beside outlets.toml or remove the gazetteer key")]
    gaz, problems = _gazetteer_cached(str(path), (st.st_mtime_ns, st.st_size))
    return gaz, list(problems)


_RULE_KEYS = {"id", "pattern", "where", "confidence", "context"}
_FORMULA_KEYS = {"id", "pattern", "where", "role", "confidence", "prior", "match", "as_written", "split"}
_TOP_KEYS = {"version", "outlet", "formula", "gazetteer", "self_names", "not_outlets", "outlet_suffixes"}


def _parse(path: str, gazetteer: str | Path | None = None) -> tuple[OutletRules | None, list[Problem]]:
    data = read_toml(path, "outlets")
    lines = TomlLines(Path(path).read_text(encoding="utf-8"))
    guarded = not is_bundled(path, "outlets.toml")
    problems: list[Problem] = []
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem(path, lines.top(key), f"unknown key {key!r}", f"use {sorted(_TOP_KEYS)}"))
    entries = data.get("outlet", [])
    formulas_src = data.get("formula", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(Problem(path, lines.top("outlet"), "outlet is not a list of [[outlet]] tables", "write each outlet as an [[outlet]] table"))
        entries = []
    if not isinstance(formulas_src, list) or not all(isinstance(e, dict) for e in formulas_src):
        problems.append(Problem(path, lines.top("formula"), "formula is not a list of [[formula]] tables", "write each formula as a [[formula]] table"))
        formulas_src = []
    if not entries and not formulas_src:
        problems.append(Problem(
            path, 1, "no [[outlet]] or [[formula]] entries, so no outlet could be recognised",
            "add [[outlet]] tables with name, id and rules, or [[formula]] tables (copy the bundled outlets.toml), or leave "
            "outlets.toml out of the lexicon folder to use the defaults",
        ))
    words: dict[str, frozenset[str] | tuple[str, ...]] = {}
    for key in ("self_names", "not_outlets", "outlet_suffixes"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(Problem(path, lines.top(key), f"{key} must be a list of words", f'e.g. {key} = ["本报"]'))
            value = []
        words[key] = tuple(_key(v) for v in value)
    outlets = _parse_outlets(path, entries, lines, guarded, problems)
    formulas = _parse_formulas(path, formulas_src, lines, guarded, problems)
    gaz_name = data.get("gazetteer")
    if gaz_name is not None and (not isinstance(gaz_name, str) or not gaz_name.strip()):
        problems.append(Problem(path, lines.top("gazetteer"), f"gazetteer = {gaz_name!r} is not a file name", f'e.g. gazetteer = "{GAZETTEER_FILE}"'))
        gaz_name = None
    gpath = gazetteer_path(path, gazetteer if gazetteer is not None else (Path(path).with_name(gaz_name) if gaz_name else None))
    gaz, gaz_problems = _load_gazetteer(gpath)
    problems += gaz_problems
    if problems:
        return None, problems
    gaz = _merge(outlets, gaz)
    return OutletRules(
        tuple(outlets), str(data.get("version", "")), path, tuple(formulas), gaz,
        frozenset(words["self_names"]), frozenset(words["not_outlets"]), tuple(words["outlet_suffixes"]),
    ), []


def _merge(outlets: list[Outlet], gaz: Gazetteer | None) -> Gazetteer:
    """One lookup over the curated outlets and the gazetteer: a curated outlet replaces the
    gazetteer entry of the same id or name, keeping its type, level, region and group where
    the curated entry does not give them."""
    base = {e.id: e for e in gaz.entries} if gaz else {}
    by_name = {_key(e.name): e for e in gaz.entries} if gaz else {}
    curated = []
    for o in outlets:
        g = base.get(o.id) or by_name.get(_key(o.name))
        curated.append(GazetteerEntry(
            o.name, o.id, o.type or (g.type if g else ""), o.level or (g.level if g else ""),
            g.region if g else "", (g.group if g else "") or o.name,
            tuple(dict.fromkeys([*o.aliases, *((g.name, *g.aliases) if g else ())])),
        ))
    replaced = {o.id for o in outlets} | {g.id for o in outlets if (g := base.get(o.id) or by_name.get(_key(o.name)))}
    rest = [e for e in (gaz.entries if gaz else ()) if e.id not in replaced]
    return Gazetteer.build([*curated, *rest], gaz.path if gaz else "")


def _parse_outlets(path: str, entries: list, lines: TomlLines, guarded: bool, problems: list[Problem]) -> list[Outlet]:
    outlets = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, 1):
        line = lines.entry("outlet", i)
        name, oid = entry.get("name"), entry.get("id")
        where = f"[[outlet]] {i}"
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(path, line, f"{where} has no name", 'add name = "..."'))
            continue
        if not isinstance(oid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", oid):
            problems.append(Problem(path, lines.key("id", line), f"{where} ({name}): id {oid!r} is not a lower-case ASCII id", 'e.g. id = "wenhui"'))
            continue
        if oid in seen:
            problems.append(Problem(path, lines.key("id", line), f"{where} ({name}): duplicate id {oid!r}", "make ids unique"))
            continue
        seen.add(oid)
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(path, lines.key("aliases", line), f"{where} ({name}): aliases must be a list of strings", 'e.g. aliases = ["Wenhui Daily"]'))
            aliases = []
        raw_rules = entry.get("rules", [])
        if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
            problems.append(Problem(path, lines.key("rules", line), f"{where} ({name}): rules must be a list of tables", 'e.g. rules = [{ pattern = "文汇报", where = "header", confidence = 0.9 }]'))
            raw_rules = []
        rules = []
        for j, rule in enumerate(raw_rules, 1):
            rwhere = f"{where} ({name}) rule {j}"
            rline = lines.key("pattern", line, j)
            unknown = sorted(set(rule) - _RULE_KEYS)
            if unknown:
                problems.append(Problem(path, rline, f"{rwhere}: unknown key(s) {unknown}", f"use only {sorted(_RULE_KEYS)}"))
                continue
            if "pattern" not in rule:
                problems.append(Problem(path, rline, f"{rwhere}: no pattern", 'add pattern = "..."'))
                continue
            pattern, problem = compile_rule(rule["pattern"], rwhere, path, rline, regex.MULTILINE, guarded)
            if problem is not None:
                problems.append(problem)
                continue
            context_src = rule.get("context", [])
            if not isinstance(context_src, list):
                problems.append(Problem(path, rline, f"{rwhere}: context must be a list of patterns", 'e.g. context = ["上海", "浦东"]'))
                continue
            context = []
            for k, c in enumerate(context_src, 1):
                compiled, problem = compile_rule(c, f"{rwhere} context {k}", path, rline, guarded=guarded)
                if problem is not None:
                    problems.append(problem)
                else:
                    context.append(compiled)
            conf = rule.get("confidence", 0.5)
            if isinstance(conf, bool) or not isinstance(conf, int | float) or not 0 < conf <= 1:
                problems.append(Problem(path, rline, f"{rwhere}: confidence {conf!r} not in (0, 1]", "e.g. 0.8"))
                continue
            if not isinstance(rule.get("where", "text"), str) or rule.get("where", "text") not in _WHERE:
                problems.append(Problem(path, rline, f"{rwhere}: where = {rule.get('where')!r}", f"one of {sorted(_WHERE)}"))
                continue
            rid = rule.get("id", f"rule{j}")
            rules.append(OutletRule(str(rid), pattern, rule.get("where", "text"), float(conf), tuple(context)))
        kind = {k: entry.get(k, "") for k in ("type", "level")}
        for k, v in kind.items():
            if not isinstance(v, str):
                problems.append(Problem(path, lines.key(k, line), f"{where} ({name}): {k} must be a string", f'e.g. {k} = "party daily"'))
                kind[k] = ""
        outlets.append(Outlet(name.strip(), oid, tuple(aliases), tuple(rules), kind["type"], kind["level"]))
    return outlets


def _parse_formulas(path: str, entries: list, lines: TomlLines, guarded: bool, problems: list[Problem]) -> list[Formula]:
    formulas = []
    for i, entry in enumerate(entries, 1):
        line = lines.entry("formula", i)
        fid = entry.get("id", f"formula{i}")
        label = f"[[formula]] {i} ({fid})"
        unknown = sorted(set(entry) - _FORMULA_KEYS)
        if unknown:
            problems.append(Problem(path, line, f"{label}: unknown key(s) {unknown}", f"use only {sorted(_FORMULA_KEYS)}"))
            continue
        pattern, problem = compile_rule(entry.get("pattern"), label, path, lines.key("pattern", line), regex.MULTILINE, guarded)
        if problem is not None:
            problems.append(problem)
            continue
        role = entry.get("role", "author")
        if role not in _ROLES:
            problems.append(Problem(path, lines.key("role", line), f"{label}: role = {role!r}", f"one of {sorted(_ROLES)}"))
            continue
        if "name" not in pattern.compiled.groupindex and role != "repost":
            problems.append(Problem(path, lines.key("pattern", line), f"{label}: the pattern has no (?P<name>...) group", "capture the outlet's name as (?P<name>...)"))
            continue
        where = entry.get("where", ["byline"])
        where = [where] if isinstance(where, str) else where
        if not isinstance(where, list) or not where or any(w not in _WHERE for w in where):
            problems.append(Problem(path, lines.key("where", line), f"{label}: where = {entry.get('where')!r}", f"a list of {sorted(_WHERE)}"))
            continue
        conf = entry.get("confidence", 0.5)
        prior = entry.get("prior", conf)
        if any(isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v <= 1 for v in (conf, prior)):
            problems.append(Problem(path, lines.key("confidence", line), f"{label}: confidence {conf!r} or prior {prior!r} not in (0, 1]", "e.g. 0.8"))
            continue
        match = entry.get("match", "exact")
        written = entry.get("as_written", "no")
        if match not in _MATCH or written not in _AS_WRITTEN:
            problems.append(Problem(path, line, f"{label}: match = {match!r}, as_written = {written!r}", f"match one of {sorted(_MATCH)}, as_written one of {sorted(_AS_WRITTEN)}"))
            continue
        formulas.append(Formula(
            str(fid), pattern, tuple(where), role, float(conf), match, written, bool(entry.get("split", False)), float(prior),
        ))
    return formulas


def ascii_id(name: str) -> str:
    """A stable ASCII id for an outlet name that has no rule file entry."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    if slug and slug.isascii() and len(slug) >= len(name) / 2:
        return slug
    return "outlet_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


# --- tagging --------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One formula or rule that named an outlet (or a site, or a repost) in an article."""

    role: str
    formula: str
    where: str
    text: str  # the matched text
    name: str = ""  # the outlet it names ("" for a repost notice or 本报)
    id: str = ""
    confidence: float = 0.0
    entry: GazetteerEntry | None = None  # None: reported as written
    self_ref: bool = False
    chrome: bool = False  # a site named by the page's own chrome (a site formula)
    rule: bool = False  # a curated outlet's rule
    count: int = 1  # how often the page says the same (page-level evidence is counted, not repeated)

    def describe(self) -> str:
        if self.rule:
            return f"{self.formula}: '{self.text}' in {self.where}"
        how = "as written" if self.entry is None and self.name else "gazetteer"
        target = f" -> {self.name} ({how})" if self.name else ""
        return f"{self.formula}: '{self.text}' in {self.where}{target}"


_PAGE_PARTS = ("removed", "page")


@dataclass
class PageEvidence:
    """What a page says about outlets whatever the article: the candidates of the formulas
    that read the page's removed furniture or its whole text, and the matches of the curated
    rules that do. Found once per page, so tagging stays linear in the page's length."""

    candidates: list[Candidate]
    rule_matches: dict[tuple[str, str], str]


def page_evidence(removed: str, page: str, rules: OutletRules, script: str = "") -> PageEvidence:
    """The page-level evidence of one page (``removed``: its removed lines as ``kind:text``)."""
    parts = {"removed": _KIND.sub("", removed), "page": page}
    cands: list[Candidate] = []
    for f in rules.formulas:
        for where in f.where:
            if where in _PAGE_PARTS:
                for m in f.pattern.finditer(parts[where]):
                    cands += _from_match(f, where, m, rules, script)
    merged: dict[tuple, Candidate] = {}
    for c in cands:  # the same evidence said again: counted once, with its count
        key = (c.role, c.formula, c.where, c.name, c.id, c.self_ref, c.chrome)
        if key in merged:
            merged[key].count += 1
        else:
            merged[key] = c
    cands = list(merged.values())
    matches: dict[tuple[str, str], str] = {}
    curated_parts = {"removed": removed, "page": page}
    for outlet in rules.outlets:
        for rule in outlet.rules:
            if rule.where in _PAGE_PARTS:
                m = rule.pattern.search(curated_parts[rule.where])
                if m:
                    matches[(outlet.id, rule.id)] = m.group(0).strip()
    return PageEvidence(cands, matches)


def outlet_candidates(
    header: str, text: str, removed: str, page: str, rules: OutletRules, *,
    byline: str | None = None, lead: str = "", script: str = "", evidence: PageEvidence | None = None,
) -> list[Candidate]:
    """Every outlet, site and repost candidate that the curated rules and the formulas find
    in one article. ``removed`` is the page's removed lines as ``kind:text``; ``evidence``,
    when given, is :func:`page_evidence` of the page (then ``removed`` and ``page`` are not
    read again)."""
    if evidence is None:
        evidence = page_evidence(removed, page, rules, script)
    parts = {"header": header, "byline": header if byline is None else byline, "lead": lead,
             "text": text, "any": f"{header}\n{text}"}
    out: list[Candidate] = []
    for outlet in rules.outlets:
        for rule in outlet.rules:
            if rule.where in _PAGE_PARTS:
                shown = evidence.rule_matches.get((outlet.id, rule.id))
            else:
                m = rule.pattern.search(parts[rule.where])
                shown = m.group(0).strip() if m else None
            if shown is None:
                continue
            if rule.context:
                ctx = next((c.search(text) for c in rule.context if c.search(text)), None)
                if ctx is None:
                    continue
                shown = f"{shown}' + context '{ctx.group(0)}"
            out.append(Candidate(
                "author", rule.id, rule.where, shown, outlet.name, outlet.id, rule.confidence, rules.entry(outlet), rule=True,
            ))
    for f in rules.formulas:
        for where in f.where:
            if where not in _PAGE_PARTS:
                for m in f.pattern.finditer(parts[where]):
                    out += _from_match(f, where, m, rules, script)
    return out + evidence.candidates


def _from_match(f: Formula, where: str, m, rules: OutletRules, script: str) -> list[Candidate]:
    shown = m.group(0).strip()
    if "name" not in m.re.groupindex or m.group("name") is None:
        return [Candidate(f.role, f.id, where, shown, confidence=f.confidence)] if f.role == "repost" else []
    raw = m.group("name").strip(_STRIP)
    names = [raw]
    if f.split:
        names = [n.strip(_STRIP) for n in re.split(r"[－\-—·•/|｜、]+", raw) if n.strip(_STRIP)]
    out = []
    for k, name in enumerate(names):
        role = f.role if k == len(names) - 1 else "site"  # 人民网－人民日报: the site, then the paper
        c = _resolve(f, role, where, shown, name, rules, script)
        if c is not None:
            c.chrome = f.role == "site"
            out.append(c)
    return out


def _resolve(f: Formula, role: str, where: str, shown: str, name: str, rules: OutletRules, script: str) -> Candidate | None:
    key = _key(name)
    if not key:
        return None
    selfish = key if f.match != "prefix" else next((s for s in rules.self_names if key.startswith(s)), "")
    if selfish in rules.self_names:
        return Candidate(role, f.id, where, shown, self_ref=True, confidence=f.confidence)
    if key in rules.not_outlets:
        return None
    entry = None
    if rules.gazetteer is not None:
        entry = {"exact": rules.gazetteer.get, "suffix": rules.gazetteer.at_end, "prefix": rules.gazetteer.at_start}[f.match](name, script)
    if entry is not None:
        return Candidate(role, f.id, where, shown, entry.name, entry.id, f.confidence, entry)
    if role == "site" or f.as_written == "no":
        return None
    written = _as_written(name, f, rules)
    if not written:
        return None
    return Candidate(role, f.id, where, shown, written, ascii_id(written), f.confidence, None)


def _as_written(name: str, f: Formula, rules: OutletRules) -> str:
    """The outlet name as the page writes it, when it can be one."""
    name = _SPACE.sub("", to_simplified(name)).strip(_STRIP)
    if f.match == "prefix":  # 东川晚报东川3月5日讯: the shortest start that ends like an outlet
        ends = [i + len(s) for s in rules.suffixes for i in [name.find(s)] if i >= 0]
        name = name[: min(ends)] if ends else ""
    if not 2 <= len(name) <= 16 or name.isdigit() or _key(name) in rules.not_outlets:
        return ""
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", name) or re.search(r"[:/@]|\.[a-z]", name):
        return ""  # no letters, or an address
    if f.as_written == "suffix" and not name.casefold().endswith(tuple(rules.suffixes)):
        return ""
    return name


def tag_outlet(
    header: str, text: str, removed: str, page: str, rules: OutletRules | None = None, *,
    byline: str | None = None, lead: str = "", script: str = "", evidence: PageEvidence | None = None,
) -> OutletTag:
    """Tag one article from its header block (``byline``: its byline and metadata lines;
    ``lead``: its first paragraph), full text, the page's removed lines and whole page
    (or their :func:`page_evidence`, found once for all articles of a page)."""
    rules = rules or load_outlet_rules()
    cands = outlet_candidates(header, text, removed, page, rules, byline=byline, lead=lead, script=script, evidence=evidence)
    return decide(cands, rules)


def decide(cands: list[Candidate], rules: OutletRules) -> OutletTag:
    """Outlet, site and channel from an article's candidates (see the module docstring)."""
    named = [c for c in cands if c.name]
    # the site: as the page's chrome names it; else a site named beside a source (人民网－人民日报)
    # or a platform named as a source (来源：知乎)
    site = _site([c for c in named if c.chrome]) or _site([c for c in named if c.role == "site" or _is_host(c)])
    authors = [c for c in named if c.role != "site" and not _is_host(c)]
    repost_flags = [c for c in cands if c.role == "repost"]
    self_refs = [c for c in cands if c.self_ref]
    scores: dict[str, tuple[float, int, Candidate, list[Candidate]]] = {}
    for order, c in enumerate(authors):
        if c.id in scores:
            miss, first, head, fired = scores[c.id]
            if any(f.formula == c.formula for f in fired):
                continue  # a formula counts once, however often it fires
            scores[c.id] = (miss * (1 - c.confidence), first, head, [*fired, c])
        else:
            scores[c.id] = (1 - c.confidence, order, c, [c])
    if scores:
        # a byline or lead that names the author beats a source line (新华社…电 on 来源：新华网);
        # then the combined confidence, the role, the order of appearance
        ranked = sorted(
            scores.values(), key=lambda s: (_signed(s[3]), 1 - s[0], _role_rank(s[2]), -s[1]), reverse=True
        )
        miss, _, best, fired = ranked[0]
        conf = 1 - miss
        evidence = "; ".join(c.describe() for c in fired)
        if self_refs:
            evidence += "; " + self_refs[0].describe()
        if len(ranked) > 1:
            evidence += f" (also matched {ranked[1][2].name} at {1 - ranked[1][0]:.2f})"
    elif site and _is_producer(site[0]):
        best, fired = site[0], site
        miss = 1.0
        for c in site:
            miss *= (1 - c.confidence) ** c.count
        conf = min(1 - miss, 0.7 if not self_refs else 0.85)
        why = "the page's own paper, as 本报/本刊 says" if self_refs else "the site the page names itself as"
        evidence = f"{why}: " + "; ".join(c.describe() for c in site)
        if self_refs:
            evidence = self_refs[0].describe() + "; " + evidence
    else:
        reason = "no outlet rule matched"
        if self_refs:
            reason = f"{self_refs[0].describe()}, but the page names no paper"
        return OutletTag(UNKNOWN, UNKNOWN, 0.0, reason, "", "", *_channel(None, site, repost_flags))
    e = best.entry
    return OutletTag(
        best.name, best.id, round(conf, 3), evidence, e.type if e else "", e.level if e else "",
        *_channel(best, site, repost_flags),
    )


def _signed(fired: list[Candidate]) -> bool:
    """The author named where authors sign: a byline or metadata line, or the lead."""
    return any(c.role == "author" and c.where in ("byline", "lead", "header") for c in fired)


def _role_rank(c: Candidate) -> int:
    return {"author": 2, "repost": 1, "source": 1}.get(c.role, 0)


def _is_host(c: Candidate) -> bool:
    return c.entry is not None and c.entry.type in _PLATFORMS


def _is_producer(c: Candidate) -> bool:
    return c.entry is not None and c.entry.type not in HOSTS


def _site(cands: list[Candidate]) -> list[Candidate]:
    """The site the page was found on: the group the page's chrome names most often, and in
    it the most specific outlet (百家号 rather than 百度); its candidates, best first."""
    if not cands:
        return []
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(c.entry.group if c.entry else c.name, []).append(c)
    def mentions(cs: list[Candidate]) -> int:
        return sum(c.count for c in cs)

    group = max(groups.values(), key=mentions)  # max keeps the first of equals
    by_id: dict[str, list[Candidate]] = {}
    for c in group:
        by_id.setdefault(c.id, []).append(c)
    specific = [v for v in by_id.values() if v[0].entry is None or v[0].name != v[0].entry.group] or list(by_id.values())
    return max(specific, key=mentions)


def _channel(best: Candidate | None, site: list[Candidate], flags: list[Candidate]) -> tuple[str, str, str]:
    """``(channel, site, channel_evidence)``."""
    site_name = site[0].name if site else ""
    if best is not None and best.entry is not None and best.entry.type == "web repost":
        return "repost", site_name, f"a mirror site: {best.describe()}"
    if flags:
        return "repost", site_name, "the page says it is a repost: " + "; ".join(c.describe() for c in flags)
    if best is None or not site:
        return "original", site_name, "no repost formula" + ("" if site else ", no site named")
    s = site[0]
    if s.id == best.id:
        return "original", site_name, f"published by the outlet's own site ({s.describe()})"
    if s.entry is not None and best.entry is not None and s.entry.group == best.entry.group:
        return "original", site_name, f"the site {s.name} and {best.name} are one group ({s.entry.group})"
    if s.entry is not None and s.entry.type in _PLATFORMS:
        return "original", site_name, f"{best.name}'s own post on the platform {s.name}"
    return "repost", site_name, f"found on {s.name} ({s.describe()}), written by {best.name}"
