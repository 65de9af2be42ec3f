"""Outlet tagging from rules in ``lexicons/outlets.toml``, with evidence and a confidence.

Rules are data: a regular expression, the part of the article it looks at, a confidence
and optional context patterns. The fired rules of each outlet combine as
``1 - prod(1 - c)``; the outlet with the highest combined confidence wins. When no rule
fires the outlet is ``unknown`` and the evidence says so: the tagger never guesses.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from framing.errors import LexiconError
from framing.paths import lexicon_file, read_toml

UNKNOWN = "unknown"
_WHERE = {"header", "text", "any", "removed", "page"}


@dataclass(frozen=True)
class OutletRule:
    id: str
    pattern: re.Pattern[str]
    where: str
    confidence: float
    context: tuple[re.Pattern[str], ...] = ()


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
    """Read and validate an outlets file (default: the bundled ``lexicons/outlets.toml``)."""
    return _load(str(Path(path) if path else lexicon_file("outlets.toml")))


def _load(path: str) -> OutletRules:
    data = read_toml(path, "outlets")
    outlets = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("outlet", []), 1):
        name, oid = entry.get("name"), entry.get("id")
        where = f"{path}: [[outlet]] {i}"
        if not isinstance(name, str) or not name.strip():
            raise LexiconError(f"{where} has no name; fix: add name = \"...\"")
        if not isinstance(oid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", oid):
            raise LexiconError(
                f"{where} ({name}): id {oid!r} is not a lower-case ASCII id; fix: e.g. id = \"wenhui\""
            )
        if oid in seen:
            raise LexiconError(f"{where} ({name}): duplicate id {oid!r}; fix: make ids unique")
        seen.add(oid)
        rules = []
        for j, rule in enumerate(entry.get("rules", []), 1):
            rwhere = f"{where} ({name}) rule {j}"
            try:
                pattern = re.compile(rule["pattern"], re.M)
                context = tuple(re.compile(c) for c in rule.get("context", []))
            except KeyError:
                raise LexiconError(f"{rwhere}: no pattern; fix: add pattern = \"...\"") from None
            except re.error as err:
                raise LexiconError(f"{rwhere}: bad regular expression ({err}); fix: correct it") from None
            conf = rule.get("confidence", 0.5)
            if not isinstance(conf, int | float) or not 0 < conf <= 1:
                raise LexiconError(f"{rwhere}: confidence {conf!r} not in (0, 1]; fix: e.g. 0.8")
            if rule.get("where", "text") not in _WHERE:
                raise LexiconError(
                    f"{rwhere}: where = {rule.get('where')!r}; fix: one of {sorted(_WHERE)}"
                )
            rules.append(
                OutletRule(rule.get("id", f"rule{j}"), pattern, rule.get("where", "text"), float(conf), context)
            )
        outlets.append(Outlet(name.strip(), oid, tuple(entry.get("aliases", [])), tuple(rules)))
    return OutletRules(tuple(outlets), str(data.get("version", "")), path)


def ascii_id(name: str) -> str:
    """A stable ASCII id for an outlet name that has no rule file entry."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    if slug and slug.isascii() and len(slug) >= len(name) / 2:
        return slug
    return "outlet_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def tag_outlet(
    header: str, text: str, removed: str, page: str, rules: OutletRules | None = None
) -> OutletTag:
    """Tag one article from its header block, full text, removed debris and whole page."""
    rules = rules or load_outlet_rules()
    parts = {"header": header, "text": text, "any": f"{header}\n{text}", "removed": removed, "page": page}
    scores: list[tuple[float, int, Outlet, list[str]]] = []
    for order, outlet in enumerate(rules.outlets):
        fired, miss = [], 1.0
        for rule in outlet.rules:
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
