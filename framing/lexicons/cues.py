"""The cue language of the frames and tone files: one entry, ``"term" = weight`` or
``"term" = { weight = ..., exclude = [...], requires = [...], ... }``, becomes a
:class:`~framing.lexicons.model.Term`.

A term may be a co-occurrence pattern (``降低|压低…成本``: slots separated by …, each slot
one or more alternatives or an ``@context`` name), with ``order`` and ``within``. The
checks here are shared by the TOML files and by imported CSV term lists.
"""

from __future__ import annotations

import math
from pathlib import Path

from framing.lexicons.model import PATTERN_OPTIONS, SLOT_SEP, Term, is_pattern, term_key
from framing.lexicons.problems import Problems
from framing.lexicons.toml import TomlLocator, read_toml

__all__ = [
    "MAX_WEIGHT",
    "MAX_WITHIN",
    "ENTRY_KEYS",
    "read_cue_toml",
    "parse_entries",
    "parse_slots",
    "pattern_options",
    "check_exclude",
    "check_weight",
    "context_list",
    "str_list",
    "is_number",
]

MAX_WEIGHT = 5.0
"""The largest weight a cue (or an intensifier) may have."""
ENTRY_KEYS = (
    "weight", "exclude", "requires", "unless", "shared_with", "note", "order", "within",
)
"""The keys an entry's ``{ ... }`` table may hold."""
MAX_WITHIN = 50
"""The largest token window a pattern may ask for."""
# the last parts of table names whose keys are terms (a repeated key there is a duplicate term)
_TERM_TABLES = ("terms", "positive", "negative", "intensifiers")


def read_cue_toml(path: Path, problems: Problems) -> tuple[dict | None, TomlLocator | None]:
    """Parse a frames, tone or modifiers file (see :func:`~framing.lexicons.toml.read_toml`).

    Parameters
    ----------
    path : Path
        The file.
    problems : Problems
        Where its problems go: a repeated key of a terms table is a duplicate term, and a
        syntax error's fix says how entries are written.

    Returns
    -------
    data : dict or None
        The parsed file, None when it is unreadable or not valid TOML.
    locator : TomlLocator or None
        Its lines, None when it could not be read.
    """
    return read_toml(
        path,
        problems,
        term_tables=_TERM_TABLES,
        syntax_fix='write one entry per line as "term" = weight, quote Chinese terms',
    )


def is_number(value: object) -> bool:
    """Whether a TOML value is a number (an int or a float, not a bool).

    Parameters
    ----------
    value : object
        A parsed value.

    Returns
    -------
    bool
        True for ints and floats.
    """
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_weight(value: object, file: str, line: int, what: str, problems: Problems) -> float:
    """The weight of an entry, checked.

    Parameters
    ----------
    value : object
        The weight as given.
    file, line, what : str, int, str
        Where the entry is, and how problems name it (``'风险' in [frames.threat.terms]``).
    problems : Problems
        Where a weight that is no number in (0, 5] is recorded.

    Returns
    -------
    float
        The weight; 1.0 (with a problem recorded) when it is no number in (0, 5].
    """
    if not is_number(value) or not math.isfinite(float(value)):
        problems.add(
            file,
            line,
            f"bad weight {value!r} for {what} (not a number)",
            f"write a number in (0, {MAX_WEIGHT:g}], e.g. 1.0",
        )
        return 1.0
    if not 0 < float(value) <= MAX_WEIGHT:
        problems.add(
            file,
            line,
            f"bad weight {value!r} for {what} (must be in (0, {MAX_WEIGHT:g}])",
            "use 1.0 for a clear cue and 0.5 for a weak one",
        )
        return 1.0
    return float(value)


def str_list(
    value: object, file: str, line: int, key: str, what: str, problems: Problems
) -> tuple[str, ...]:
    """A list of strings of an entry (one string counts as a list of one).

    Parameters
    ----------
    value : object
        The value as given.
    file : str
        The file, for problems.
    line : int
        The entry's line, for problems.
    key : str
        The key the value belongs to.
    what : str
        How problems name the entry.
    problems : Problems
        Where a wrong type or an empty string is recorded.

    Returns
    -------
    tuple of str
        The non-empty strings (none when the value has the wrong type).
    """
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(
            file,
            line,
            f"wrong type for '{key}' of {what}: expected a list of strings",
            f'write {key} = ["...", "..."]',
        )
        return ()
    out = []
    for v in value:
        if not v.strip():
            problems.add(
                file, line, f"empty string in '{key}' of {what}", "delete the empty string"
            )
            continue
        out.append(v)
    return tuple(out)


def _known_contexts(contexts: dict[str, tuple[str, ...]]) -> str:
    return ", ".join("@" + c for c in contexts) or "none defined"


def parse_slots(
    term: str,
    contexts: dict[str, tuple[str, ...]],
    file: str,
    line: int,
    what: str,
    problems: Problems,
) -> tuple[tuple[str, ...], ...]:
    """The slots of a pattern entry.

    Parameters
    ----------
    term : str
        The entry's term (``降低|压低…成本``).
    contexts : dict
        The named word lists ``@name`` slots may use.
    file, line, what : str, int, str
        Where the entry is, and how problems name it (``'风险' in [frames.threat.terms]``).
    problems : Problems
        Where a malformed slot or an unknown context is recorded.

    Returns
    -------
    tuple of tuple of str
        Per slot its alternatives, ``@context`` names expanded; ``()`` for a plain term
        and for a malformed pattern (whose problems are recorded).
    """
    if not is_pattern(term):
        if "|" in term or term.startswith("@"):
            problems.add(
                file,
                line,
                f"{what} has one slot: alternatives (A|B) and @context names belong to "
                "patterns of two or more slots",
                "add a second slot after … (降低|压低…成本), or write each alternative as its "
                "own entry",
            )
        return ()
    slots: list[tuple[str, ...]] = []
    ok = True
    for k, part in enumerate(SLOT_SEP.split(term), start=1):
        if not part.strip():
            problems.add(
                file,
                line,
                f"empty slot {k} in the pattern {what}",
                "write a term, A|B or @context on each side of every …",
            )
            ok = False
            continue
        out: list[str] = []
        for alt in (a.strip() for a in part.split("|")):
            if not alt:
                problems.add(
                    file, line, f"empty alternative in slot {k} of {what}", "delete the extra |"
                )
                ok = False
            elif alt.startswith("@"):
                if alt[1:] not in contexts:
                    problems.add(
                        file,
                        line,
                        f"unknown context '{alt}' in slot {k} of {what}",
                        f"use one of {_known_contexts(contexts)}, or add the list under "
                        "[contexts] of frames.toml",
                    )
                    ok = False
                else:
                    out.extend(contexts[alt[1:]])
            else:
                out.append(alt)
        if ok and not out:
            problems.add(
                file, line, f"slot {k} of {what} holds no words", "fill the context list"
            )
            ok = False
        slots.append(tuple(dict.fromkeys(out)))
    return tuple(slots) if ok else ()


def pattern_options(
    value: dict,
    term: str,
    slots: tuple[tuple[str, ...], ...],
    file: str,
    line: int,
    what: str,
    problems: Problems,
) -> tuple[str, str | int]:
    """The ``order`` and ``within`` of an entry.

    Parameters
    ----------
    value : dict
        The entry's table (or a CSV row's ``order`` and ``within`` cells).
    term : str
        The entry's term.
    slots : tuple of tuple of str
        Its slots (see :func:`parse_slots`): the options are only for patterns.
    file, line, what : str, int, str
        Where the entry is, and how problems name it (``'风险' in [frames.threat.terms]``).
    problems : Problems
        Where an option of a plain term, or a bad value, is recorded.

    Returns
    -------
    order : str
        ``"given"`` (the default) or ``"any"``.
    within : str or int
        ``"clause"`` (the default), ``"sentence"`` or a number of tokens.
    """
    order: str = "given"
    within: str | int = "clause"
    given = [k for k in ("order", "within") if k in value]
    if given and not slots:
        if not is_pattern(term):  # (a malformed pattern has its problems already)
            problems.add(
                file,
                line,
                f"'{given[0]}' is only for co-occurrence patterns ({what} has no …)",
                f"delete {given[0]}, or write the term as a pattern such as 降低…成本",
            )
        return order, within
    if "order" in value:
        v = value["order"]
        if v not in PATTERN_OPTIONS["order"]:
            problems.add(
                file,
                line,
                f"bad order {v!r} for {what}",
                'write order = "given" (slots in the written order) or order = "any"',
            )
        else:
            order = v
    if "within" in value:
        v = value["within"]
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v)
        if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_WITHIN:
            within = v
        elif v in PATTERN_OPTIONS["within"]:
            within = v
        else:
            problems.add(
                file,
                line,
                f"bad within {v!r} for {what}",
                f'write within = "clause", within = "sentence" or a whole number of tokens '
                f"from 1 to {MAX_WITHIN}",
            )
    return order, within


def check_exclude(
    term: str,
    slots: tuple[tuple[str, ...], ...],
    exclude: tuple[str, ...],
    file: str,
    line: int,
    what: str,
    problems: Problems,
) -> None:
    """Record every exclude phrase that does not hold the term.

    Parameters
    ----------
    term : str
        The entry's term.
    slots : tuple of tuple of str
        Its slots: for a pattern, the phrase must hold one of the slots' words.
    exclude : tuple of str
        The entry's exclude phrases.
    file, line, what : str, int, str
        Where the entry is, and how problems name it (``'风险' in [frames.threat.terms]``).
    problems : Problems
        Where the problems go.
    """
    strings = [a for slot in slots for a in slot] if slots else [term]
    for ex in exclude:
        if not any(term_key(x) in term_key(ex) for x in strings):
            if slots:
                problems.add(
                    file,
                    line,
                    f"exclude context '{ex}' of {what} holds none of the slots' words",
                    "write a longer phrase that holds one of them, e.g. 机会成本 for 成本",
                )
            else:
                problems.add(
                    file,
                    line,
                    f"exclude context '{ex}' of {what} does not contain the term",
                    f"write the longer phrase that holds '{term}', e.g. '{term}…'",
                )


def parse_entries(
    table: object,
    *,
    layer: str,
    label: str,
    table_path: tuple[str, ...],
    file: str,
    loc: TomlLocator,
    contexts: dict[str, tuple[str, ...]],
    problems: Problems,
    allow_shared: bool,
) -> list[Term]:
    """The terms of one table of ``"term" = weight | {…}`` entries, validated.

    Parameters
    ----------
    table : object
        The table as parsed (anything else than a dict is a problem).
    layer : str
        ``"frame"`` or ``"tone"``.
    label : str
        The frame id or the tone label the terms get.
    table_path : tuple of str
        The table's name (``("frames", "threat", "terms")``).
    file : str
        The file, for problems.
    loc : TomlLocator
        Its lines.
    contexts : dict
        The named word lists ``@name`` may use.
    problems : Problems
        Where the problems go.
    allow_shared : bool
        Whether ``shared_with`` is allowed (frame terms only).

    Returns
    -------
    list of Term
        One per entry; an entry with a problem keeps the defaults for what was wrong, a
        duplicate or empty term is left out.
    """
    where = f"[{'.'.join(table_path)}]"
    if not isinstance(table, dict):
        problems.add(
            file,
            loc.headers.get(table_path, 1),
            f"wrong type for {where}: expected a table of terms",
            f'write {where} on its own line and one "term" = weight per line below it',
        )
        return []
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for raw_term, value in table.items():
        line = loc.key(table_path, raw_term)
        term = raw_term
        what = f"'{raw_term}' in {where}"
        if not raw_term.strip():
            problems.add(file, line, f"empty term in {where}", "delete the line or write the term")
            continue
        if raw_term != raw_term.strip():
            problems.add(
                file,
                line,
                f"term {what} has spaces around it",
                "remove the leading/trailing spaces",
            )
            term = raw_term.strip()
        key = term_key(term)
        if key in seen:
            problems.add(
                file,
                line,
                f"duplicate term {what} (same as line {seen[key]})",
                "keep one entry and delete the other",
            )
            continue
        seen[key] = line
        weight: float = 1.0
        exclude: tuple[str, ...] = ()
        requires: tuple[str, ...] = ()
        unless: tuple[str, ...] = ()
        shared: tuple[str, ...] = ()
        note = ""
        slots = parse_slots(term, contexts, file, line, what, problems)
        order: str = "given"
        within: str | int = "clause"
        if isinstance(value, dict):
            order, within = pattern_options(value, term, slots, file, line, what, problems)
            for k in value:
                if k not in ENTRY_KEYS:
                    problems.add(
                        file,
                        line,
                        f"unknown key '{k}' in the entry of {what}",
                        f"use only {', '.join(ENTRY_KEYS)}",
                    )
            if "weight" in value:
                weight = check_weight(value["weight"], file, line, what, problems)
            if "exclude" in value:
                exclude = str_list(value["exclude"], file, line, "exclude", what, problems)
                check_exclude(term, slots, exclude, file, line, what, problems)
            if "requires" in value:
                requires = context_list(value, "requires", contexts, file, line, what, problems)
            if "unless" in value:
                unless = context_list(value, "unless", contexts, file, line, what, problems)
            if "shared_with" in value:
                if not allow_shared:
                    problems.add(
                        file,
                        line,
                        f"'shared_with' is only for frame terms ({what})",
                        "delete shared_with here",
                    )
                else:
                    shared = str_list(
                        value["shared_with"], file, line, "shared_with", what, problems
                    )
            if "note" in value:
                if not isinstance(value["note"], str):
                    problems.add(
                        file, line, f"wrong type for 'note' of {what}", 'write note = "..."'
                    )
                else:
                    note = value["note"]
        elif is_number(value):
            weight = check_weight(value, file, line, what, problems)
        elif isinstance(value, str):
            problems.add(
                file,
                line,
                f"bad weight {value!r} for {what} (a string, not a number)",
                "write the weight without quotes, e.g. 1.0",
            )
        else:
            problems.add(
                file,
                line,
                f"wrong type for {what}: {type(value).__name__}",
                'write "term" = weight or "term" = { weight = 1.0, exclude = [...] }',
            )
        terms.append(
            Term(
                term=term,
                layer=layer,
                label=label,
                weight=weight,
                exclude=exclude,
                requires=requires,
                shared_with=shared,
                note=note,
                source=file,
                line=line,
                slots=slots,
                order=order,
                within=within,
                unless=unless,
            )
        )
    return terms


def context_list(
    value: dict,
    key: str,
    contexts: dict[str, tuple[str, ...]],
    file: str,
    line: int,
    what: str,
    problems: Problems,
) -> tuple[str, ...]:
    """The strings of a ``requires`` or ``unless`` list.

    Parameters
    ----------
    value : dict
        The entry's table.
    key : str
        ``"requires"`` or ``"unless"``.
    contexts : dict
        The named word lists ``@name`` may use.
    file, line, what : str, int, str
        Where the entry is, and how problems name it (``'风险' in [frames.threat.terms]``).
    problems : Problems
        Where an unknown context is recorded.

    Returns
    -------
    tuple of str
        The strings, ``@context`` names expanded, without repeats.
    """
    expanded: list[str] = []
    for r in str_list(value[key], file, line, key, what, problems):
        if not r.startswith("@"):
            expanded.append(r)
        elif r[1:] in contexts:
            expanded.extend(contexts[r[1:]])
        else:
            problems.add(
                file,
                line,
                f"unknown context '{r}' in '{key}' of {what}",
                f"use one of {_known_contexts(contexts)}, or add the list under [contexts]",
            )
    return tuple(dict.fromkeys(expanded))
