"""The debris file (``debris.toml``): what cleaning removes from a page, read and checked.

A debris rule removes a bounded span, never an article. Five lists of rules, each tried
in order by cleaning (:mod:`framing.corpus.normalize`), the first rule that matches
winning: ``[[inline]]`` rules remove (or rewrite, with ``replace``) a match inside a line;
``[[line]]`` rules remove a whole short line, or just the matching sentences of a long
one; ``[[block]]`` rules open a block (a related-article list, comments, a footer) that
takes the short lines after it (``item_max_chars``; ``stop_at_sentence``);
``[[caption]]`` rules remove photo credits and the caption above them; ``[[meta]]`` rules
mark page metadata lines (date, source, byline). ``max_span_chars`` bounds what one rule
may remove, ``caption_max_chars`` the caption a credit takes with it.

Every pattern is compiled and tried on probe strings when the file is loaded
(:mod:`framing.lexicons.patterns`), and each list gets a
:class:`~framing.lexicons.screen.RuleScreen` that skips the rules a text cannot match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from framing.lexicons.patterns import (
    GuardedPattern,
    Problem,
    check_rule_file,
    compile_rule,
    is_bundled,
    load_rule_file,
    open_rule_file,
)
from framing.lexicons.screen import RuleScreen

__all__ = ["DebrisRule", "DebrisRules", "load_debris_rules", "check_debris_rules"]


@dataclass(frozen=True)
class DebrisRule:
    """One rule of ``debris.toml``: what it removes (``kind``), its pattern and where it applies."""

    kind: str
    pattern: GuardedPattern
    scope: str  # inline | line | block | caption | meta
    replace: str | None = None  # inline: the template a match becomes (None: removed)
    item_max: int = 40  # block: the longest line the block still takes
    stop_at_sentence: bool = False  # block: a line that ends a sentence ends the block


@dataclass(frozen=True)
class DebrisRules:
    """Compiled debris patterns from a TOML file.

    Attributes
    ----------
    inline, line, caption, block, meta:
        The rules of each list, in file order.
    caption_max_chars:
        The longest caption line a photo credit takes with it.
    version, path:
        The file's version and path.
    max_chars:
        ``max_span_chars``: the longest text one rule may remove.
    screens:
        Per list, the :class:`~framing.lexicons.screen.RuleScreen` that finds the rules a
        text can match without trying them all.
    """

    inline: tuple[DebrisRule, ...]
    line: tuple[DebrisRule, ...]
    caption: tuple[DebrisRule, ...]
    caption_max_chars: int
    version: str
    path: str = ""
    max_chars: int = 100  # max_span_chars: the longest text one rule may remove
    block: tuple[DebrisRule, ...] = ()
    meta: tuple[DebrisRule, ...] = ()
    # Per scope, the screen that finds the rules a text can match without trying them all.
    screens: dict[str, RuleScreen] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        screens = {scope: RuleScreen([r.pattern for r in getattr(self, scope)]) for scope in _SCOPES}
        object.__setattr__(self, "screens", screens)


_SCOPES = ("inline", "line", "block", "caption", "meta")

_DEBRIS_KEYS = {"version", "caption_max_chars", "max_span_chars", "inline", "line", "block", "caption", "meta"}


def load_debris_rules(path: str | Path | None = None) -> DebrisRules:
    """Read, compile and try a debris file.

    Parameters
    ----------
    path : str, Path or None
        A researcher's ``debris.toml``; None loads the bundled one.

    Returns
    -------
    DebrisRules
        The five lists of rules, their patterns compiled, each list with its screen.

    Raises
    ------
    LexiconError
        Naming file, line and fix of the first problem :func:`check_debris_rules` would
        list (a bad entry, a pattern that does not compile or backtracks without end).
    """
    return load_rule_file(_parse_debris_rules, path, "debris.toml")


def check_debris_rules(path: str | Path) -> list[str]:
    """Every problem of a debris file.

    Reads the file, checks every entry, compiles every pattern and tries it on probe
    strings (a pattern that backtracks without end is reported, not run).

    Parameters
    ----------
    path : str or Path
        The ``debris.toml`` to check.

    Returns
    -------
    list of str
        ``FILE:LINE: problem; fix: ...`` lines, in file order; none when the file loads.
    """
    return check_rule_file(_parse_debris_rules, path)


def _parse_debris_rules(path: str) -> tuple[DebrisRules | None, list[Problem]]:
    data, where, problems = open_rule_file(path, "debris", _DEBRIS_KEYS)
    guarded = not is_bundled(path, "debris.toml")
    numbers: dict[str, int] = {}
    for key, default in (("caption_max_chars", 60), ("max_span_chars", 100)):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(Problem(path, where.top(key), f"{key} = {value!r} is not a positive whole number", f"e.g. {key} = {default}"))
            value = default
        numbers[key] = value
    scopes: dict[str, list[DebrisRule]] = {"inline": [], "line": [], "block": [], "caption": [], "meta": []}
    for scope in scopes:
        entries = data.get(scope, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.append(Problem(path, where.top(scope), f"{scope} is not a list of [[{scope}]] tables", f"write each rule as a [[{scope}]] table"))
            continue
        for i, entry in enumerate(entries, 1):
            line = where.entry(scope, i)
            kind = entry.get("kind")
            if not isinstance(kind, str) or not kind.strip():
                problems.append(Problem(path, line, f"[[{scope}]] entry {i} has no 'kind'", 'add kind = "..." (it names the removal in the documents table)'))
                continue
            label = f"[[{scope}]] entry {i} ({kind})"
            compiled, problem = compile_rule(entry.get("pattern"), label, path, where.key("pattern", line), guarded=guarded)
            if problem is not None:
                problems.append(problem)
                continue
            if scope != "inline" and compiled.search("") is not None:
                problems.append(Problem(
                    path, where.key("pattern", line), f"{label}: pattern {compiled.pattern!r} matches an empty text, so it would remove every line",
                    "make the pattern require at least one character",
                ))
                continue
            replace = entry.get("replace")
            if replace is not None and (scope != "inline" or not isinstance(replace, str)):
                problems.append(Problem(
                    path, where.key("replace", line), f"{label}: replace = {replace!r} is not allowed here",
                    "only [[inline]] rules take a replace template (a string such as '\\1')",
                ))
                continue
            item_max = entry.get("item_max_chars", 40)
            if scope == "block" and (isinstance(item_max, bool) or not isinstance(item_max, int) or item_max < 1):
                problems.append(Problem(
                    path, where.key("item_max_chars", line), f"{label}: item_max_chars = {item_max!r} is not a positive whole number",
                    "e.g. item_max_chars = 40",
                ))
                continue
            stop = entry.get("stop_at_sentence", False)
            if not isinstance(stop, bool):
                problems.append(Problem(path, where.key("stop_at_sentence", line), f"{label}: stop_at_sentence = {stop!r}", "true or false"))
                continue
            scopes[scope].append(DebrisRule(kind, compiled, scope, replace, int(item_max) if scope == "block" else 40, stop))
    if problems:
        return None, problems
    return DebrisRules(
        inline=tuple(scopes["inline"]),
        line=tuple(scopes["line"]),
        caption=tuple(scopes["caption"]),
        block=tuple(scopes["block"]),
        meta=tuple(scopes["meta"]),
        caption_max_chars=numbers["caption_max_chars"],
        version=str(data.get("version", "")),
        path=path,
        max_chars=numbers["max_span_chars"],
    ), []
