"""Outlet tagging from rules in ``lexicons/outlets.toml``, with evidence and a confidence.

Rules are data: a regular expression, the part of the article it looks at, a confidence
and optional context patterns. The fired rules of each outlet combine as
``1 - prod(1 - c)``; the outlet with the highest combined confidence wins. When no rule
fires the outlet is ``unknown`` and the evidence says so: the tagger never guesses.
Patterns are compiled and bounded in time by :mod:`framing.corpus.patterns`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import regex

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
_WHERE = {"header", "text", "any", "removed", "page"}


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


@dataclass(frozen=True)
class OutletRules:
    outlets: tuple[Outlet, ...]
    version: str
    path: str

    def lookup(self, name: str) -> Outlet | None:
        """The outlet a name, id or alias refers to (case-insensitive for Latin)."""
        key = name.strip().casefold()
        for outlet in self.outlets:
            if key in {outlet.name.casefold(), outlet.id.casefold()} | {
                a.casefold() for a in outlet.aliases
            }:
                return outlet
        return None


@dataclass(frozen=True)
class OutletTag:
    """The outlet of one article and why."""

    outlet: str
    outlet_id: str
    confidence: float
    evidence: str


def load_outlet_rules(path: str | Path | None = None) -> OutletRules:
    """Read, validate and try an outlets file (default: the bundled ``lexicons/outlets.toml``).

    Raises ``LexiconError`` with the first problem that :func:`check_outlet_rules` reports.
    """
    path = str(Path(path) if path else lexicon_file("outlets.toml"))
    rules, problems = _parse(path)
    raise_first(problems, path)
    assert rules is not None
    return rules


def check_outlet_rules(path: str | Path) -> list[str]:
    """Every problem of an outlets file, as ``FILE:LINE: problem; fix: ...`` lines.

    Checks every outlet and rule, compiles every pattern and context pattern and tries it on
    probe strings. An empty list means the file loads.
    """
    try:
        _, problems = _parse(str(path))
    except LexiconError as err:
        return [str(err)]
    return [str(p) for p in problems]


_RULE_KEYS = {"id", "pattern", "where", "confidence", "context"}


def _parse(path: str) -> tuple[OutletRules | None, list[Problem]]:
    data = read_toml(path, "outlets")
    lines = TomlLines(Path(path).read_text(encoding="utf-8"))
    guarded = not is_bundled(path, "outlets.toml")
    problems: list[Problem] = []
    for key in sorted(set(data) - {"version", "outlet"}):
        problems.append(Problem(path, lines.top(key), f"unknown key {key!r}", "use [[outlet]] tables (and version)"))
    entries = data.get("outlet", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(Problem(path, lines.top("outlet"), "outlet is not a list of [[outlet]] tables", "write each outlet as an [[outlet]] table"))
        entries = []
    elif not entries:
        problems.append(Problem(
            path, 1, "no [[outlet]] entries, so no outlet could be recognised or named in a manifest",
            "add [[outlet]] tables with name, id and rules (copy the bundled outlets.toml), or leave "
            "outlets.toml out of the lexicon folder to use the defaults",
        ))
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
        outlets.append(Outlet(name.strip(), oid, tuple(aliases), tuple(rules)))
    if problems:
        return None, problems
    return OutletRules(tuple(outlets), str(data.get("version", "")), path), []


def ascii_id(name: str) -> str:
    """A stable ASCII id for an outlet name that has no rule file entry."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    if slug and slug.isascii() and len(slug) >= len(name) / 2:
        return slug
    return "outlet_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def tag_outlet(
    header: str, text: str, removed: str, page: str, rules: OutletRules | None = None,
    page_matches: dict | None = None,
) -> OutletTag:
    """Tag one article from its header block, full text, removed debris and whole page.

    ``page_matches``: a dict the caller keeps for the articles of one page, so that rules
    on the whole page (``removed``, ``page``) search it once, not once per article.
    """
    rules = rules or load_outlet_rules()
    parts = {"header": header, "text": text, "any": f"{header}\n{text}", "removed": removed, "page": page}
    scores: list[tuple[float, int, Outlet, list[str]]] = []
    for order, outlet in enumerate(rules.outlets):
        fired, miss = [], 1.0
        for rule in outlet.rules:
            if page_matches is not None and rule.where in ("removed", "page"):
                if rule not in page_matches:
                    page_matches[rule] = rule.pattern.search(parts[rule.where])
                m = page_matches[rule]
            else:
                m = rule.pattern.search(parts[rule.where])
            if not m:
                continue
            if rule.context:
                ctx = next((c.search(text) for c in rule.context if c.search(text)), None)
                if ctx is None:
                    continue
                fired.append(f"{rule.id}: '{m.group(0)}' in {rule.where} + context '{ctx.group(0)}'")
            else:
                fired.append(f"{rule.id}: '{m.group(0).strip()}' in {rule.where}")
            miss *= 1 - rule.confidence
        if fired:
            scores.append((1 - miss, -order, outlet, fired))
    if not scores:
        return OutletTag(UNKNOWN, UNKNOWN, 0.0, "no outlet rule matched")
    scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
    conf, _, best, fired = scores[0]
    evidence = "; ".join(fired)
    if len(scores) > 1:
        runner = scores[1]
        evidence += f" (also matched {runner[2].name} at {runner[0]:.2f})"
    return OutletTag(best.name, best.id, round(conf, 3), evidence)
