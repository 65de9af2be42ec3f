"""Which rules of an ordered list can match a text, found with one scan of the text.

Cleaning tries about thirty debris rules, in order, on every short line and on every
sentence of a long line, and nearly every text matches none of them. Most rules cannot
match a text that lacks certain strings: ``报料(?:有奖|热线)|^\\S{0,12}报料[:：]`` needs
``报料``; ``(?:下载|打开).{0,12}(?:APP|客户端)`` needs ``下载`` or ``打开``, and also ``APP`` or
``客户端``; and a rule anchored at both ends (``^\\d{1,6}$``) cannot match a text longer than
its longest match. A :class:`RuleScreen` works such a :class:`Condition` out for every rule
from the pattern's syntax tree, looks for the strings of all the rules in one scan of the
text (an Aho-Corasick automaton), and then runs only the rules whose condition
holds, in their order. The first of them that matches is the rule the ordered loop over
all the rules finds: a rule that was skipped cannot match the text.

A pattern is analysed only when Python's own parser reads it the way the ``regex`` package
does: no global flags (``(?i)``, ``(?x)`` ...), no scoped flags, no character set inside a
set (``[[:digit:]]`` is a class to ``regex``, characters to ``re``), no ``{`` taken as a
character (``(?:ab){e<=1}`` is a fuzzy match to ``regex``) and nothing Python's parser
rejects (``\\p{Han}``, ``(?<name>...)``, variable-width look-behind ...). Any other rule, and
any alternative of a rule that needs no string and has no bounded length (``.+``, ``\\d``,
``[^。]``), is always tried. Back-references and negative look-arounds give no strings. The
screen never runs a rule pattern itself: a researcher's rule keeps its time limit whenever it
is run, and a runaway rule is reported, naming it, on the first text that meets its
condition (a text that does not cannot match it, so it is not run there).
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
#: The most clauses one alternative keeps (the most selective ones).
_CLAUSES = 3
_BASE_FLAGS = regex.compile("", regex.VERSION0).flags
# Characters that are common in any news text: a string made of them says little.
_COMMON = frozenset(" 0123456789:：,，.。、-—·/|()（）《》“”\"'!！?？;；")

Clause = frozenset  # of strings: the text contains at least one of them


class _Unsure(Exception):
    """The pattern is not read the same way by both parsers: no condition."""


@dataclass(frozen=True)
class Term:
    """One way a rule can match: the text holds a string of every clause and, when
    ``max_len`` is not negative, is at most ``max_len`` characters long."""

    clauses: tuple[frozenset[str], ...] = ()
    max_len: int = -1

    def admits(self, text: str) -> bool:
        """Whether a text meets the term.

        Parameters
        ----------
        text : str
            A line or sentence.

        Returns
        -------
        bool
            True when it holds a string of every clause and is not too long.
        """
        if 0 <= self.max_len < len(text):
            return False
        return all(any(s in text for s in clause) for clause in self.clauses)


@dataclass(frozen=True)
class Condition:
    """What a text needs for a rule to match it: one of its ``terms`` (one per alternative
    of the pattern); ``always`` when nothing is known (the rule is always tried)."""

    terms: tuple[Term, ...] = ()
    always: bool = False

    def admits(self, text: str) -> bool:
        """Whether the rule may match a text.

        Parameters
        ----------
        text : str
            What the rule would be searched in.

        Returns
        -------
        bool
            True when the condition holds (the rule is to be tried), False when the rule
            cannot match.
        """
        return self.always or any(term.admits(text) for term in self.terms)


_ALWAYS = Condition(always=True)


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
        return _ALWAYS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like: unsure
            tree = _P.parse(pattern.pattern)
        if tree.state.flags & ~_C.SRE_FLAG_UNICODE:
            raise _Unsure
        _check(tree)
        terms = []
        for items, body in _alternatives(tree):
            exact, clauses = _sequence(items)
            width = _anchored_width(items, body)
            if not clauses and width is None:
                return _ALWAYS
            terms.append(Term(clauses, -1 if width is None else width))
    except (_Unsure, re.error, Warning, RecursionError, TypeError, ValueError, IndexError, KeyError, AttributeError):
        return _ALWAYS
    return Condition(tuple(terms))


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
    of them that has width. Anchors around a single group of alternatives are put into each
    (``^(?:a|b)$`` is ``^a$`` or ``^b$``; the parser itself writes ``^a$|^b$`` that way)."""
    items = list(tree)
    start = 0
    while start < len(items) and items[start][0] is _C.AT:
        start += 1
    end = len(items)
    while end > start and items[end - 1][0] is _C.AT:
        end -= 1
    if end == start + 1:
        op, av = items[start]
        if op is _C.SUBPATTERN and len(av[3]) == 1 and av[3][0][0] is _C.BRANCH:
            op, av = av[3][0]
        if op is _C.BRANCH:
            return [(items[:start] + list(alt) + items[end:], alt) for alt in av[1]]
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
        else:  # a negated set, a class such as \d
            return None
        if len(out) > _SET_LIMIT:
            return None
    return frozenset(out)


_EMPTY = frozenset(("",))


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return frozenset(x + y for x in a for y in b)


def _node(op: Any, av: Any) -> tuple[frozenset[str] | None, tuple[Clause, ...]]:
    """``(exact, clauses)`` of one node: the finite set of strings it matches (None: unknown
    or too many), and clauses every text it matches in meets (each: one of its strings
    occurs)."""
    if op is _C.LITERAL:
        s = frozenset((chr(av),))
        return s, (s,)
    if op is _C.IN:
        chars = _set_chars(av)
        return chars, ((chars,) if chars else ())
    if op is _C.AT or op is _C.ASSERT_NOT:  # zero width
        return _EMPTY, ()
    if op is _C.ASSERT:  # what a look-around sees is in the text too
        return _EMPTY, _sequence(av[1])[1]
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
        best = [_best(c) for _, c in infos]
        if any(b is None for b in best):
            return exact, ()
        return exact, (_minimal(frozenset().union(*best)),)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)):
        low, high, item = av
        exact, clauses = _sequence(item)
        if low < 1:
            clauses = ()
        elif exact is not None and low >= 2 and len(exact) ** 2 <= _LIMIT:
            power = exact  # a run of at least `low` copies holds at least two of them in a row
            for _ in range(1, low):
                if len(power) * len(exact) > _LIMIT:
                    break
                power = _product(power, exact)
            clauses = (*clauses, power)
        if exact is None:
            return None, clauses
        if high == 1:
            return (exact | _EMPTY if low == 0 else exact), clauses
        if low == high and len(exact) ** low <= _LIMIT:
            out = _EMPTY
            for _ in range(low):
                out = _product(out, exact)
            return out, clauses
        return None, clauses
    return None, ()  # any character, a class, a back-reference, a conditional ...


def _sequence(items: Any) -> tuple[frozenset[str] | None, tuple[Clause, ...]]:
    infos = [_node(op, av) for op, av in items]
    clauses = [c for _, cs in infos for c in cs]
    run = _EMPTY  # the strings a stretch of exactly known nodes spells
    for exact, _ in infos:
        if exact is not None and len(run) * len(exact) <= _LIMIT:
            run = _product(run, exact)
            continue
        clauses.append(run)
        run = exact if exact is not None else _EMPTY
    clauses.append(run)
    whole: frozenset[str] | None = _EMPTY
    for exact, _ in infos:
        if exact is None or len(whole) * len(exact) > _LIMIT:
            whole = None
            break
        whole = _product(whole, exact)
    return whole, _prune(clauses)


def _minimal(strings: frozenset[str] | set[str]) -> frozenset[str]:
    """Drop the strings that contain another one of the set (the clause is the same)."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _weight(s: str) -> int:
    return sum(1 if ch in _COMMON or ch.isascii() else 2 for ch in s)


def _score(clause: frozenset[str]) -> tuple[int, int]:
    """Larger is more selective: the lightest string's weight, then fewer strings."""
    return min(map(_weight, clause)), -len(clause)


def _implies(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when a text that meets clause ``a`` also meets clause ``b``."""
    return all(any(y in x for y in b) for x in a)


def _prune(clauses: list) -> tuple[Clause, ...]:
    """The most selective clauses (at most ``_CLAUSES``), none implied by one kept before."""
    usable = sorted({_minimal(c) for c in clauses if c and "" not in c}, key=lambda c: (_score(c), sorted(c)), reverse=True)
    kept: list[frozenset[str]] = []
    for c in usable:
        if not any(_implies(k, c) for k in kept):
            kept.append(c)
            if len(kept) == _CLAUSES:
                break
    return tuple(kept)


def _best(clauses: tuple[Clause, ...]) -> frozenset[str] | None:
    return clauses[0] if clauses else None  # _prune sorts them, the most selective first


class RuleScreen:
    """An ordered list of rule patterns, and for each the condition a text must meet.

    :meth:`first` gives what ``next((i, m) for i, p in enumerate(patterns) if (m :=
    p.search(text)))`` gives, trying only the rules whose condition the text meets.

    Parameters
    ----------
    patterns:
        The rule patterns in order (``GuardedPattern``: ``.compiled`` and ``.search``).
    """

    __slots__ = ("patterns", "conditions", "_finder", "_full", "_always", "_lengths", "_checks", "_n")

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.patterns = tuple(patterns)
        self.conditions = tuple(condition(p.compiled) for p in self.patterns)
        n = len(self.patterns)
        owners: dict[str, int] = {}
        always = 0
        lengths: dict[int, int] = {}
        checks: list[tuple[int, int, tuple[frozenset[str], ...]]] = []
        for i, cond in enumerate(self.conditions):
            bit = 1 << i
            if cond.always:
                always |= bit
                continue
            for term in cond.terms:
                if not term.clauses:  # a length alone
                    lengths[term.max_len] = lengths.get(term.max_len, 0) | bit
                    continue
                if len(term.clauses) == 1 and term.max_len < 0:  # a clause alone
                    owner = bit
                else:  # the first clause marks the term, the rest is checked then
                    owner = 1 << (n + len(checks))
                    checks.append((bit, term.max_len, term.clauses[1:]))
                for s in term.clauses[0]:
                    owners[s] = owners.get(s, 0) | owner
        # Aho-Corasick: every occurrence of every string in one pass over the text.
        self._finder = None
        self._full = 0
        if owners:
            import ahocorasick

            self._finder = ahocorasick.Automaton()
            for s, owner in owners.items():
                self._finder.add_word(s, owner)
                self._full |= owner
            self._finder.make_automaton()
        self._always = always
        self._lengths = tuple(sorted(lengths.items()))
        self._checks = tuple(checks)
        self._n = n

    def candidates(self, text: str) -> int:
        """The rules whose condition a text meets.

        Parameters
        ----------
        text : str
            The text the rules would be tried on.

        Returns
        -------
        int
            A bit mask: bit ``i`` set when rule ``i`` is to be tried.
        """
        mask = self._always
        size = len(text)
        for max_len, bits in self._lengths:
            if size <= max_len:
                mask |= bits
        found = 0
        if self._finder is not None:
            full = self._full
            for _, owner in self._finder.iter(text):
                found |= owner
                if found == full:
                    break
        n = self._n
        virtual = found >> n
        if virtual:  # terms of several clauses or a length: check the rest of them
            checks = self._checks
            while virtual:
                low = virtual & -virtual
                bit, max_len, rest = checks[low.bit_length() - 1]
                if (max_len < 0 or size <= max_len) and all(any(s in text for s in clause) for clause in rest):
                    found |= bit
                virtual ^= low
            found &= (1 << n) - 1
        return mask | found

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
            match = patterns[low.bit_length() - 1].search(text)
            if match is not None:
                return low.bit_length() - 1, match
            mask ^= low
        return None

