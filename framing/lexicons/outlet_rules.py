"""The outlets file (``outlets.toml``) and its gazetteer: reading, checking, the rules model.

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

The decision these rules feed is in :mod:`framing.corpus.outlets`. Patterns are compiled
and bounded in time by :mod:`framing.lexicons.patterns`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import regex

from framing.lexicons.anchored import AnchoredPattern
from framing.lexicons.gazetteer import (
    GAZETTEER_FILE,
    Gazetteer,
    GazetteerEntry,
    gazetteer_path,
    load_gazetteer,
    name_key,
)
from framing.lexicons.patterns import (
    GuardedPattern,
    Problem,
    TomlLines,
    check_rule_file,
    compile_rule,
    is_bundled,
    load_rule_file,
    open_rule_file,
)

_WHERE = {"header", "byline", "lead", "text", "any", "removed", "page"}
_ROLES = {"author", "source", "repost", "site"}
_AS_WRITTEN = {"no", "suffix", "any"}
_MATCH = {"exact", "suffix", "prefix"}


@dataclass(frozen=True)
class OutletRule:
    """A curated outlet's own rule: a pattern that, found where it says, names the outlet.

    Attributes
    ----------
    id:
        The rule's id (for the evidence).
    pattern:
        The compiled pattern.
    where:
        The part of the page it reads (``header``, ``byline``, ``lead``, ``text``, ``any``,
        ``removed``, ``page``).
    confidence:
        How sure a match makes the tag, in (0, 1].
    context:
        Patterns of which one must also be found in the article's text.
    """

    id: str
    pattern: GuardedPattern
    where: str
    confidence: float
    context: tuple[GuardedPattern, ...] = ()

    @cached_property
    def scan(self) -> AnchoredPattern:
        """The pattern, searched only next to the words its matches contain."""
        return AnchoredPattern(self.pattern)


@dataclass(frozen=True)
class Outlet:
    """A curated outlet (``[[outlet]]`` in ``outlets.toml``), or a gazetteer one looked up.

    Attributes
    ----------
    name, id:
        Its name and stable ASCII id.
    aliases:
        Other names of it.
    rules:
        Its own rules (none for a gazetteer outlet).
    type, level:
        Its kind, as the file gives it.
    """

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

    @cached_property
    def scan(self) -> AnchoredPattern:
        """The pattern, searched only next to the words its matches contain (a formula that
        reads a whole article, such as ``XX记者`` anywhere in the text, is tried only around
        its words: see :mod:`framing.lexicons.anchored`)."""
        return AnchoredPattern(self.pattern)


@dataclass(frozen=True)
class OutletRules:
    """Everything an outlets file gives: curated outlets, formulas, gazetteer and word lists.

    Attributes
    ----------
    outlets:
        The curated outlets.
    version, path:
        The file's version and path.
    formulas:
        How pages name an outlet.
    gazetteer:
        The gazetteer, merged with the curated outlets.
    self_names:
        Keys of the names a paper calls itself by (本报, 本刊).
    not_outlets:
        Keys of captured names that are never an outlet.
    suffixes:
        Keys of the endings of outlet names (报, 网, 新闻 ...), for names written out.
    """

    outlets: tuple[Outlet, ...]
    version: str
    path: str
    formulas: tuple[Formula, ...] = ()
    gazetteer: Gazetteer | None = None
    self_names: frozenset[str] = frozenset()
    not_outlets: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()

    def lookup(self, name: str, script: str = "") -> Outlet | None:
        """The outlet a name, id or alias refers to: a curated outlet, else a gazetteer one.

        Case-insensitive for Latin; Traditional and Simplified forms alike.

        Parameters
        ----------
        name:
            The name, id or alias.
        script:
            The page's script (see ``Gazetteer.get``).

        Returns
        -------
        Outlet or None
            None when neither the curated outlets nor the gazetteer know the name.
        """
        entry = self.gazetteer.get(name, script) if self.gazetteer else None
        if entry is None:
            return None
        curated = next((o for o in self.outlets if o.id == entry.id), None)
        return curated or Outlet(entry.name, entry.id, entry.aliases, (), entry.type, entry.level)

    def entry(self, outlet: Outlet) -> GazetteerEntry:
        """Type, level, region and group of an outlet.

        Parameters
        ----------
        outlet:
            A curated or gazetteer outlet.

        Returns
        -------
        GazetteerEntry
            Its gazetteer entry, or one made from the outlet itself when the gazetteer
            lacks it (its group is then its name).
        """
        found = self.gazetteer.get(outlet.id) if self.gazetteer else None
        return found if found is not None and found.id == outlet.id else GazetteerEntry(
            outlet.name, outlet.id, outlet.type, outlet.level, "", outlet.name, outlet.aliases
        )


def load_outlet_rules(path: str | Path | None = None, gazetteer: str | Path | None = None) -> OutletRules:
    """Read, validate and try an outlets file and its gazetteer.

    Parameters
    ----------
    path:
        The outlets file (None: the bundled ``lexicons/outlets.toml``).
    gazetteer:
        The gazetteer (None: the file's ``gazetteer`` key, else ``outlets_gazetteer.csv``
        beside it, else the bundled one).

    Returns
    -------
    OutletRules
        The rules.

    Raises
    ------
    LexiconError
        With the first problem that :func:`check_outlet_rules` reports.
    """
    return load_rule_file(partial(_parse, gazetteer=gazetteer), path, "outlets.toml")


def check_outlet_rules(path: str | Path, gazetteer: str | Path | None = None) -> list[str]:
    """Every problem of an outlets file and its gazetteer.

    Checks every outlet, rule and formula, compiles every pattern and tries it on probe
    strings, and reads the gazetteer.

    Parameters
    ----------
    path:
        The outlets file.
    gazetteer:
        The gazetteer (None: as :func:`load_outlet_rules` finds it).

    Returns
    -------
    list of str
        ``FILE:LINE: problem; fix: ...`` lines; empty when the file loads.
    """
    return check_rule_file(partial(_parse, gazetteer=gazetteer), path)


_RULE_KEYS = {"id", "pattern", "where", "confidence", "context"}
_FORMULA_KEYS = {"id", "pattern", "where", "role", "confidence", "prior", "match", "as_written", "split"}
_TOP_KEYS = {"version", "outlet", "formula", "gazetteer", "self_names", "not_outlets", "outlet_suffixes"}


def _parse(path: str, gazetteer: str | Path | None = None) -> tuple[OutletRules | None, list[Problem]]:
    data, lines, problems = open_rule_file(path, "outlets", _TOP_KEYS, use="use")
    guarded = not is_bundled(path, "outlets.toml")
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
        words[key] = tuple(name_key(v) for v in value)
    outlets = _parse_outlets(path, entries, lines, guarded, problems)
    formulas = _parse_formulas(path, formulas_src, lines, guarded, problems)
    gaz_name = data.get("gazetteer")
    if gaz_name is not None and (not isinstance(gaz_name, str) or not gaz_name.strip()):
        problems.append(Problem(path, lines.top("gazetteer"), f"gazetteer = {gaz_name!r} is not a file name", f'e.g. gazetteer = "{GAZETTEER_FILE}"'))
        gaz_name = None
    gpath = gazetteer_path(path, gazetteer if gazetteer is not None else (Path(path).with_name(gaz_name) if gaz_name else None))
    gaz, gaz_problems = load_gazetteer(gpath)
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
    by_name = {name_key(e.name): e for e in gaz.entries} if gaz else {}
    curated = []
    for o in outlets:
        g = base.get(o.id) or by_name.get(name_key(o.name))
        curated.append(GazetteerEntry(
            o.name, o.id, o.type or (g.type if g else ""), o.level or (g.level if g else ""),
            g.region if g else "", (g.group if g else "") or o.name,
            tuple(dict.fromkeys([*o.aliases, *((g.name, *g.aliases) if g else ())])),
        ))
    replaced = {o.id for o in outlets} | {g.id for o in outlets if (g := base.get(o.id) or by_name.get(name_key(o.name)))}
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
    """A stable ASCII id for an outlet name that has no rule file entry.

    Parameters
    ----------
    name:
        The outlet's name as written.

    Returns
    -------
    str
        Its Latin letters and digits joined by ``_`` when those make up most of it, else
        ``outlet_`` and the start of its SHA-1.
    """
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    if slug and slug.isascii() and len(slug) >= len(name) / 2:
        return slug
    return "outlet_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]

