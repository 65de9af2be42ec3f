"""Which rules of an ordered list can match a text, found with one scan of the text.

Cleaning tries about thirty debris rules, in order, on every short line and on every
sentence of a long line, and nearly every text matches none of them. Most rules cannot
match a text that lacks certain strings: ``报料(?:有奖|热线)|^\\S{0,12}报料[:：]`` needs
``报料``; ``(?:下载|打开).{0,12}(?:APP|客户端)`` needs ``下载`` or ``打开``; and a rule anchored at
both ends (``^\\d{1,6}$``) cannot match a text longer than its longest match. A
:class:`RuleScreen` works such a condition out for every rule from the pattern's syntax
tree, looks for all the strings of all the rules in one scan of the text (an alternation of
plain strings), and then runs only the rules whose condition holds, in their order. The
first of them that matches is the rule the ordered loop over all the rules finds: a rule
that was skipped cannot match the text.

A pattern is analysed only when Python's own parser reads it the way the ``regex`` package
does: no global flags (``(?i)``, ``(?x)`` ...), no scoped flags, no character set inside a
set (``[[:digit:]]`` is a class to ``regex``, characters to ``re``), no ``{`` taken as a
character (``(?:ab){e<=1}`` is a fuzzy match to ``regex``) and nothing Python's parser
rejects (``\\p{Han}``, variable-width look-behind ...). Any other rule, and any part of a
rule that needs no string (``.``, ``\\d``, ``[^。]``), makes the rule one that is always tried.
Strings inside look-arounds and back-references are not used. The screen never runs a rule
pattern itself, so a rule's time limit applies as before, whenever the rule is run.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

try:  # Python's own parser of regular expressions (3.11+: re._parser)
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python: every rule is always tried
    _P = None  # type: ignore[assignment]

#: The largest set of strings tracked for one part of a pattern.
_LIMIT = 64
#: The largest set of characters a character class may stand for.
_SET_LIMIT = 128
#: The longest text an anchored pattern is known to need (longer: no length condition).
_WIDTH_LIMIT = 100_000
_BASE_FLAGS = regex.compile("", regex.VERSION0).flags


class _Unsure(Exception):
    """The pattern is not read the same way by both parsers: no condition."""


@dataclass(frozen=True)
class Condition:
    """What a text needs for a rule to match it.

    A text can match only when it contains one of ``strings``, or is at most ``max_len``
    characters long; ``always`` is True when nothing is known (the rule is always tried).
    """

    strings: frozenset[str] = frozenset()
    max_len: int = -1
    always: bool = False

    def admits(self, text: str) -> bool:
        """True when ``text`` may match (the condition holds), False when it cannot."""
        return self.always or len(text) <= self.max_len or any(s in text for s in self.strings)


def condition(pattern: regex.Pattern) -> Condition:
    """The condition a text must meet for ``pattern`` to match it (``search`` from 0).

    Parameters
    ----------
    pattern:
        A pattern compiled with the ``regex`` package (``regex.VERSION0``, no flags).

    Returns
    -------
    Condition
        ``Condition(always=True)`` when the pattern cannot be analysed.
    """
    if _P is None or pattern.flags != _BASE_FLAGS or not _plain_sets(pattern.pattern):
        return Condition(always=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like: unsure
            tree = _P.parse(pattern.pattern)
        if tree.state.flags & ~(_C.SRE_FLAG_UNICODE):
            raise _Unsure
        _check(tree)
        strings: set[str] = set()
        max_len = -1
        for items, body in _alternatives(tree):
            exact, need = _sequence(items)
            found = _best([s for s in (need, exact) if s is not None])
            if found is not None:
                strings |= found
                continue
            width = _anchored_width(items, body)
            if width is None:
                return Condition(always=True)
            max_len = max(max_len, width)
    except (_Unsure, re.error, Warning, RecursionError, TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Condition(always=True)
    return Condition(_minimal(strings), max_len)


def _plain_sets(pattern: str) -> bool:
    """False when a character set holds a ``[`` (``[[:digit:]]``, ``[a[:digit:]]``): the two
    parsers disagree on it."""
    i, n, inside = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if inside:
            if ch == "[":
                return False
            if ch == "]":
                inside = False
        elif ch == "[":
            inside = True
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a ']' first in a set is one of its characters
                i += 1
            continue
        i += 1
    return True


def _subpatterns(av: Any) -> list:
    items = av if isinstance(av, (tuple, list)) else (av,)
    out = []
    for x in items:
        if isinstance(x, _P.SubPattern):
            out.append(x)
        elif isinstance(x, list):
            out.extend(y for y in x if isinstance(y, _P.SubPattern))
    return out


def _check(tree: Any) -> None:
    """Raise ``_Unsure`` for a ``{`` read as a character or a group with scoped flags."""
    for op, av in tree:
        if op is _C.LITERAL and av == ord("{"):
            raise _Unsure
        if op is _C.IN and any(o is _C.LITERAL and a == ord("{") for o, a in av):
            raise _Unsure
        if op is _C.SUBPATTERN and (av[1] or av[2]):
            raise _Unsure
        for sub in _subpatterns(av):
            _check(sub)


def _alternatives(tree: Any) -> list[tuple[list, Any]]:
    """The top-level alternatives of a pattern, as ``(items, body)``: its nodes, and the part
    of them that has width. The parser moves a prefix the alternatives share out of them
    (``^a$|^b$`` becomes ``^(?:a$|b$)``); a prefix of anchors is put back into each."""
    items = list(tree)
    k = 0
    while k < len(items) and items[k][0] is _C.AT:
        k += 1
    if k == len(items) - 1 and items[k][0] is _C.BRANCH:
        return [(items[:k] + list(alt), alt) for alt in items[k][1][1]]
    return [(items, tree)]


def _anchored_width(items: list, body: Any) -> int | None:
    """The longest text an alternative ``^...$`` can match, or None."""
    if len(items) < 2 or items[0][0] is not _C.AT or items[-1][0] is not _C.AT:
        return None
    if items[0][1] not in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING):
        return None
    end = items[-1][1]
    if end not in (_C.AT_END, _C.AT_END_STRING):
        return None
    high = body.getwidth()[1]
    if high >= _WIDTH_LIMIT:
        return None
    return high + (1 if end is _C.AT_END else 0)  # '$' also matches before a final newline


def _set_chars(items: list) -> frozenset[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            out.add(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _SET_LIMIT:
            out.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a negated set, a class such as \d, a case-insensitive range
            return None
        if len(out) > _SET_LIMIT:
            return None
    return frozenset(out)


_Info = tuple  # (exact: frozenset | None, need: frozenset | None)


def _node(op: Any, av: Any) -> _Info:
    """``(exact, need)`` of one node: the finite set of strings it matches (None: unknown
    or too many), and a set of strings one of which every match contains (None: none)."""
    if op is _C.LITERAL:
        s = frozenset((chr(av),))
        return s, s
    if op is _C.IN:
        chars = _set_chars(av)
        return chars, chars
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):  # zero width: matches the empty string
        return frozenset(("",)), None
    if op is _C.SUBPATTERN:
        return _sequence(av[3])
    if op is _C.ATOMIC_GROUP:
        return _sequence(av)
    if op is _C.BRANCH:
        infos = [_sequence(alt) for alt in av[1]]
        exact = None
        if all(e is not None for e, _ in infos):
            union = frozenset().union(*(e for e, _ in infos))
            exact = union if len(union) <= _LIMIT else None
        needs = [_best([s for s in (n, e) if s is not None]) for e, n in infos]
        need = _minimal(frozenset().union(*needs)) if all(n is not None for n in needs) else None
        return exact, need
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)):
        low, high, item = av
        exact, need = _sequence(item)
        need = _best([s for s in (need, exact) if s is not None]) if low >= 1 else None
        if exact is None:
            return None, need
        if high == 1:
            return (exact | {""} if low == 0 else exact), need
        if low == high and len(exact) ** low <= _LIMIT:
            out = frozenset(("",))
            for _ in range(low):
                out = frozenset(a + b for a in out for b in exact)
            return out, need
        return None, need
    return None, None  # any character, a class, a back-reference, a conditional ...


def _sequence(items: Any) -> _Info:
    infos = [_node(op, av) for op, av in items]
    candidates = [n for _, n in infos if n is not None]
    run = frozenset(("",))  # the strings a stretch of exactly known nodes spells
    for exact, _ in infos:
        if exact is not None and len(run) * len(exact) <= _LIMIT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        candidates.append(run)
        run = exact if exact is not None else frozenset(("",))
    candidates.append(run)
    whole: frozenset[str] | None = frozenset(("",))
    for exact, _ in infos:
        if exact is None or len(whole) * len(exact) > _LIMIT:
            whole = None
            break
        whole = frozenset(a + b for a in whole for b in exact)
    return whole, _best(candidates)


def _minimal(strings: frozenset[str] | set[str]) -> frozenset[str]:
    """Drop the strings that contain another one of the set (the condition is the same)."""
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _best(candidates: list) -> frozenset[str] | None:
    """The most selective usable set: longest shortest string, then fewest strings."""
    usable = [_minimal(c) for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda s: (min(map(len, s)), -len(s)))


class RuleScreen:
    """An ordered list of rule patterns, and for each the condition a text must meet.

    :meth:`first` gives what ``next((i, m) for i, p in enumerate(patterns) if (m :=
    p.search(text)))`` gives, trying only the rules whose condition the text meets.

    Parameters
    ----------
    patterns:
        The rule patterns in order (``GuardedPattern``: ``.compiled`` and ``.search``).
    """

    __slots__ = ("patterns", "conditions", "_finder", "_credit", "_always", "_lengths")

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.patterns = tuple(patterns)
        self.conditions = tuple(condition(p.compiled) for p in self.patterns)
        owners: dict[str, int] = {}
        always = 0
        lengths: dict[int, int] = {}
        for i, cond in enumerate(self.conditions):
            bit = 1 << i
            if cond.always:
                always |= bit
                continue
            for s in cond.strings:
                owners[s] = owners.get(s, 0) | bit
            if cond.max_len >= 0:
                lengths[cond.max_len] = lengths.get(cond.max_len, 0) | bit
        # The longest string first: at each position the alternation reports the longest
        # string found there, and every shorter one found there is a prefix of it.
        strings = sorted(owners, key=lambda s: (-len(s), s))
        self._finder = re.compile("|".join(map(re.escape, strings))) if strings else None
        self._credit = {s: _or(owners[p] for p in strings if s.startswith(p)) for s in strings}
        self._always = always
        self._lengths = tuple(sorted(lengths.items()))

    def candidates(self, text: str) -> int:
        """The rules ``text`` meets the condition of, as a bit mask (bit ``i``: rule ``i``)."""
        mask = self._always
        n = len(text)
        for max_len, bits in self._lengths:
            if n <= max_len:
                mask |= bits
        finder = self._finder
        if finder is not None:
            credit = self._credit
            m = finder.search(text)
            while m is not None:
                mask |= credit[m.group()]
                m = finder.search(text, m.start() + 1)
        return mask

    def first(self, text: str, mask: int | None = None) -> tuple[int, Any] | None:
        """The first rule that matches ``text`` and its match, or None.

        Parameters
        ----------
        text:
            The text the rules are searched in.
        mask:
            The rules to try (from :meth:`candidates`); None: work it out.

        Returns
        -------
        tuple or None
            ``(index, match)`` of the first rule in order that matches.
        """
        if mask is None:
            mask = self.candidates(text)
        patterns = self.patterns
        while mask:
            low = mask & -mask
            i = low.bit_length() - 1
            match = patterns[i].search(text)
            if match is not None:
                return i, match
            mask ^= low
        return None


def _or(bits: Any) -> int:
    out = 0
    for b in bits:
        out |= b
    return out
