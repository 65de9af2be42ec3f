"""What ``sources.toml`` must hold, and every way a file can fail to hold it.

:func:`read_sources_toml` reads a file and lists its problems as one line each,
``FILE:LINE: problem; fix: ...``; :func:`source_problems` checks data already parsed. A file
without problems compiles (:mod:`framing.lexicons.speaker_rules`) and attributes voices
without raising.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from framing.lexicons.speaker_text import HAN_RE
from framing.lexicons.toml import toml_line

__all__ = ["SOURCE_SCHEMA", "read_sources_toml", "source_problems"]

# What sources.toml must hold: table -> key -> kind of value (checked before compiling)
_WORDS, _INT, _TEXT, _PAIRS, _REGEXES, _ORGS = "words", "int", "text", "pairs", "regexes", "orgs"
SOURCE_SCHEMA: dict[tuple[str, ...], dict[str, str]] = {
    ("quotes",): {"pairs": _PAIRS, "long_chars": _INT, "clause_marks": _TEXT},
    ("speech",): {
        "verbs": _WORDS, "not_after": _WORDS, "not_before": _WORDS, "tail_only": _WORDS,
        "nouns": _WORDS, "formulas": _WORDS, "empty_speaker_ok": _WORDS,
        "back_references": _WORDS, "tail_max_rest": _INT,
    },
    ("continuation",): {"markers": _WORDS, "colon_fragment_chars": _INT, "max_gap": _INT},
    ("speakers",): {
        "person_pronouns": _WORDS, "pronoun_window": _INT, "org_anaphors": _WORDS,
        "journalist_subjects": _WORDS, "anonymous": _WORDS, "strip_leading": _WORDS,
        "strip_trailing_regex": _REGEXES,
    },
    ("speakers", "names"): {"surnames": _TEXT, "compound_surnames": _WORDS, "stop_after_name": _TEXT},
    ("titles",): {
        "words": _WORDS, "intro_regex": _REGEXES, "after_name_regex": _REGEXES, "org_channels": _WORDS,
    },
    ("organisations",): {"known": _ORGS, "suffixes": _WORDS, "max_chars": _INT},
    ("roles",): {"order": _WORDS},
}
_KIND_TEXT = {
    _WORDS: "a list of strings",
    _INT: "a whole number >= 0",
    _TEXT: "a string",
    _PAIRS: 'a list of [opening, closing] pairs such as ["“", "”"]',
    _REGEXES: "a list of regular expressions",
    _ORGS: 'a list of { name = "...", role = "..." } tables',
}
# lists voice attribution cannot work without (any other list may be empty)
_NOT_EMPTY = {
    ("quotes", "pairs"): "no quote could be found",
    ("speech", "verbs"): "no speech verb could be found",
    ("roles", "order"): "every speaker would have no role",
}
# the named groups a regular expression must define: what the rules take from its match
_GROUPS = {("titles", "intro_regex"): ("title", "name"), ("titles", "after_name_regex"): ("name", "title")}
_ROLE_KEYS = ("label_zh", "label_en", "definition", "strong", "weak", "note")
_ORG_KEYS = ("name", "role", "note")
_SEE = "compare with the bundled sources.toml"
_HEADER = re.compile(r"\s*\[\s*[A-Za-z_][\w.\-]*\s*\]\s*(?:#.*)?$")


class _Problem(NamedTuple):
    """One problem: where (table, key and, when known, the array item) and what to do."""

    table: tuple[str, ...]
    key: str
    problem: str
    fix: str
    item: str = ""


def _value_problem(kind: str, value: Any) -> str | None:
    """Why ``value`` is not of ``kind`` (None: it is)."""
    if kind == _INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif kind == _TEXT:
        ok = isinstance(value, str)
    elif kind == _WORDS:
        ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    elif kind == _PAIRS:
        ok = isinstance(value, list) and all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) and x for x in v) for v in value
        )
    elif kind == _ORGS:
        ok = isinstance(value, list) and all(
            isinstance(v, dict) and isinstance(v.get("name"), str) and v["name"].strip()
            and isinstance(v.get("role", ""), str) for v in value
        )
    else:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if ok:
            for v in value:
                try:
                    re.compile(v.replace("NAME", "(?:NAME)"))
                except re.error as err:
                    return f"the regular expression {v!r} does not compile ({err})"
    return None if ok else f"needs {_KIND_TEXT[kind]}"


def _unknown_keys(node: dict, table: tuple[str, ...], known: list[str]) -> list[_Problem]:
    """A problem for every key of ``node`` not in ``known`` (a misspelt key is never used)."""
    where = f"in [{'.'.join(table)}]" if table else "at the top level"
    out: list[_Problem] = []
    for key in node:
        if key not in known:
            problem, fix = f"unknown key '{key}' {where}", f"use one of {', '.join(known)} (check the spelling)"
            # a table is located at its header, a value at its key
            at = ((*table, key), "") if isinstance(node[key], dict) else (table, key)
            out.append(_Problem(*at, problem, fix))
    return out


def _quote_pair_problems(pairs: list[list[str]]) -> list[_Problem]:
    """Quote marks the quote finder cannot use: longer than one character, a line break,
    or a mark in two places (both opening and closing, or in two pairs)."""
    out: list[_Problem] = []
    seen: set[str] = set()
    for pair in pairs:
        for mark in pair:
            if len(mark) != 1 or mark == "\n":
                out.append(_Problem(("quotes",), "pairs", f"[quotes] pairs: the mark {mark!r} is not one character",
                                    "write each opening and closing mark as one character", mark))
            elif mark in seen:
                out.append(_Problem(("quotes",), "pairs", f"[quotes] pairs: the mark {mark!r} appears twice",
                                    "give every pair its own opening and closing marks, such as “ and ”", mark))
            seen.add(mark)
    return out


def _regex_group_problems(table: tuple[str, ...], key: str, regexes: list[str]) -> list[_Problem]:
    """Regular expressions of ``table.key`` that lack a group the rules read."""
    out: list[_Problem] = []
    for rx in regexes:
        groups = re.compile(rx.replace("NAME", "(?:NAME)")).groupindex
        for group in _GROUPS[(*table, key)]:
            if group not in groups:
                out.append(_Problem(
                    table, key, f"[{'.'.join(table)}] {key}: the regular expression {rx!r} has no (?P<{group}>...) group",
                    "mark the title with (?P<title>...) and the name with (?P<name>NAME)", rx,
                ))
    return out


def _organisation_problems(known: list[dict], order: list[str] | None) -> list[_Problem]:
    """Organisations with a key that is not used or a role that [roles] does not define."""
    out: list[_Problem] = []
    for org in known:
        name = org["name"]
        for key in org:
            if key not in _ORG_KEYS:
                out.append(_Problem(("organisations",), "known", f"[organisations] known: '{name}' has unknown key '{key}'",
                                    f"use {', '.join(_ORG_KEYS)} (check the spelling)", name))
        role = org.get("role", "")
        if role and order is not None and role not in order:
            out.append(_Problem(
                ("organisations",), "known",
                f"[organisations] known: '{name}' has role '{role}', which [roles] order does not list",
                f"use one of {', '.join(order)}, or leave role out", name,
            ))
    return out


def _role_problems(roles: dict) -> list[_Problem]:
    """Problems of [roles]: its order and the table of each role."""
    out: list[_Problem] = []
    order = roles["order"]
    for role in sorted({r for r in order if order.count(r) > 1}):
        out.append(_Problem(("roles",), "order", f"[roles] order lists '{role}' twice", "list each role once", role))
    for key, value in roles.items():
        if key == "order" or key in order:
            continue
        if isinstance(value, dict):
            out.append(_Problem(("roles", key), "", f"[roles.{key}] is not in [roles] order",
                                f"add '{key}' to order, or remove the table"))
        else:
            out.append(_Problem(("roles",), key, f"unknown key '{key}' in [roles]",
                                "use order and a [roles.<role>] table per role (check the spelling)"))
    for role in dict.fromkeys(order):
        spec = roles.get(role)
        if not isinstance(spec, dict):
            out.append(_Problem(("roles",), "order", f"role '{role}' in [roles] order has no [roles.{role}] table",
                                f"add [roles.{role}] or remove it from order", role))
            continue
        table = ("roles", role)
        out += _unknown_keys(spec, table, list(_ROLE_KEYS))
        for tier in ("strong", "weak"):
            if tier in spec and _value_problem(_WORDS, spec[tier]):
                out.append(_Problem(table, tier, f"[roles.{role}] {tier}: needs a list of strings", "write a list of strings"))
        for label in ("label_zh", "label_en", "definition"):
            if label in spec and not isinstance(spec[label], str):
                out.append(_Problem(table, label, f"[roles.{role}] {label}: needs a string", "write a string"))
    return out


def _problems(data: dict) -> list[_Problem]:
    """Every problem of a parsed sources.toml, in the order of the file's tables."""
    out: list[_Problem] = []
    top = ["version", *dict.fromkeys(t[0] for t in SOURCE_SCHEMA)]
    out += _unknown_keys(data, (), top)
    if "version" in data and not isinstance(data["version"], str):
        out.append(_Problem((), "version", "version: needs a string", 'write version = "1.0.0"'))
    tables: dict[tuple[str, ...], dict] = {}
    for table, keys in SOURCE_SCHEMA.items():
        node: Any = data
        for part in table:
            node = node.get(part) if isinstance(node, dict) else None
        name = ".".join(table)
        if not isinstance(node, dict):
            # located at the key in the table above (its header when the key is missing)
            out.append(_Problem(table[:-1], table[-1], f"no [{name}] table", f"add it ({_SEE})"))
            continue
        tables[table] = node
        subtables = [t[len(table)] for t in SOURCE_SCHEMA if len(t) > len(table) and t[: len(table)] == table]
        if table != ("roles",):  # roles holds a table per role, checked with them
            out += _unknown_keys(node, table, [*keys, *subtables])
        for key, kind in keys.items():
            if key not in node:
                out.append(_Problem(table, key, f"[{name}] has no '{key}'", f"add {key} = ... ({_SEE})"))
                continue
            problem = _value_problem(kind, node[key])
            if problem:
                out.append(_Problem(table, key, f"[{name}] {key}: {problem}", f"write {_KIND_TEXT[kind]}"))
            elif (*table, key) in _NOT_EMPTY and not node[key]:
                out.append(_Problem(table, key, f"[{name}] {key}: is empty, so {_NOT_EMPTY[(*table, key)]}",
                                    f"write {_KIND_TEXT[kind]} with at least one entry ({_SEE})"))
            elif (*table, key) in _GROUPS:
                out += _regex_group_problems(table, key, node[key])
            elif kind == _PAIRS:
                out += _quote_pair_problems(node[key])
    names = tables.get(("speakers", "names"), {})
    if isinstance(names.get("surnames"), str) and not HAN_RE.search(names["surnames"]):
        out.append(_Problem(("speakers", "names"), "surnames", "[speakers.names] surnames holds no Chinese character",
                            "list the surnames as one string of characters"))
    roles = tables.get(("roles",))
    # the roles, when [roles] order can be used (else that is the problem to fix first)
    order = roles.get("order") if roles is not None and not _value_problem(_WORDS, roles.get("order")) else None
    order = order or None
    if roles is not None and order is not None:
        out += _role_problems(roles)
    orgs = tables.get(("organisations",), {})
    if "known" in orgs and not _value_problem(_ORGS, orgs["known"]):
        out += _organisation_problems(orgs["known"], order)
    return out


def source_problems(data: dict) -> list[tuple[tuple[str, ...], str, str, str]]:
    """What keeps parsed ``sources.toml`` data from being used.

    Parameters
    ----------
    data : dict
        The parsed file (:func:`tomllib.loads`).

    Returns
    -------
    list of (table, key, problem, fix)
        One entry per problem (empty: the data compile): a missing table or key, a value of
        the wrong kind, an unknown (misspelt) key, an empty list that is needed, quote marks
        the quote finder cannot use, a regular expression lacking a group the rules read,
        an organisation's role that ``[roles] order`` does not list, a role listed twice or
        without its table. ``table`` and ``key`` say where the problem is (``key`` is empty
        for a whole table).
    """
    return [(p.table, p.key, p.problem, p.fix) for p in _problems(data)]


def _line(text: str, problem: _Problem) -> int:
    """The line of a problem: its array item when it names one, else its key or table."""
    line = toml_line(text, problem.table, problem.key)
    if line == 1 and not problem.key and problem.table:  # no such header: an inline table?
        line = toml_line(text, problem.table[:-1], problem.table[-1])
    if problem.item:
        quoted = re.compile("[\"']" + re.escape(problem.item) + "[\"']")
        lines = text.splitlines()
        for no in range(line, len(lines) + 1):
            if quoted.search(lines[no - 1]):
                return no
            if no > line and _HEADER.match(lines[no - 1]):  # the next table: not in this array
                break
    return line


def read_sources_toml(path: Path, shown: str) -> tuple[dict | None, list[str]]:
    """Read a ``sources.toml`` and check what it holds.

    Parameters
    ----------
    path : Path
        The file to read.
    shown : str
        How the messages name the file (the path as the researcher gave it).

    Returns
    -------
    data : dict or None
        The parsed file; None when it cannot be read or parsed, or has problems.
    problems : list of str
        Every problem as ``FILE:LINE: problem; fix: ...`` (empty: the data can be compiled).
        An unreadable file, a file that is not UTF-8 or not TOML is one problem.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [f"{shown}:1: cannot read the sources file ({err.strerror or err}); fix: check the path"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [f"{shown}:{line}: the file is not UTF-8; fix: save it as UTF-8"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"at line (\d+)", str(err))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        return None, [f"{shown}:{m.group(1) if m else 1}: TOML syntax error: {msg}; fix: correct the syntax"]
    problems = [f"{shown}:{_line(text, p)}: {p.problem}; fix: {p.fix}" for p in _problems(data)]
    return (None, problems) if problems else (data, [])
