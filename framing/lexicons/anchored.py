"""Searching a rule only where it can match: next to the words every match contains.

A formula such as ``(?P<name>[\\u4e00-\\u9fffA-Za-z0-9]{2,16})(?:记者|报道称)`` is slow on a
whole article: the engine tries every position, reading up to sixteen characters at each
before it finds that neither 记者 nor 报道称 follows (8 ms on an article of 3,000
characters, the bulk of tagging outlets). Yet every match contains 记者 or 报道称 and no
match is longer than 19 characters, so a match can only start in the 19 characters before
one of these words. :func:`anchors` reads both facts from the pattern -- a set of literal
words of which every match contains one, and the longest match -- and
:class:`AnchoredPattern` finds the words with ``str.find`` and tries the pattern only at
the starts they leave.

The matches are those of ``finditer`` on the whole text, in order: each is the leftmost
match at or after the end of the one before, found by trying the possible starts from left
to right with ``match`` (which, like ``finditer``, sees the text before its start for
look-behind, ``^`` and ``\\b``). A pattern the analysis does not read in full (flags other
than ``MULTILINE``, ``DOTALL``, ``ASCII``, ``UNICODE``; inline flags, back-references,
``\\p{...}``, nested sets, fuzzy matching, anything unusual), or one with unbounded
repetition or no literal word, is searched as before. So is a text in which the words are
so frequent that trying their starts would cost more than one scan.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import regex

from framing.lexicons import patterns
from framing.lexicons.patterns import GuardedPattern

#: Most strings an analysed node may stand for (an alternation of words, a short repeat).
_LIMIT = 32
#: Flags under which the analysis holds (the others change what a literal matches).
_FLAGS = regex.MULTILINE | regex.DOTALL | regex.ASCII | regex.UNICODE | regex.VERSION0
#: Escapes of one character of a class (``\\d``) and zero-width escapes (``\\b``).
_CLASS_ESCAPES = set("dDsSwW")
_ZERO_ESCAPES = set("bBAZ")
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_HEX = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


class _Unread(Exception):
    """A construct the analysis does not read: the pattern is searched as written."""


@dataclass(frozen=True)
class _Node:
    """What a part of a pattern can match.

    ``width``: its longest match (``math.inf``: unbounded); ``exact``: every string it
    matches, when they are few; ``req``: words of which every match contains one.
    """

    width: float
    exact: frozenset[str] | None
    req: frozenset[str] | None

    def words(self) -> frozenset[str] | None:
        """Words of which every match contains one: ``req``, or the strings it matches."""
        if self.req is not None:
            return self.req
        if self.exact is not None and "" not in self.exact:
            return self.exact
        return None


_ONE = _Node(1, None, None)  # one character of a class
_ZERO = _Node(0, frozenset({""}), None)  # an assertion: matches the empty string


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _LIMIT:
        return None
    return frozenset(x + y for x in a for y in b)


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The rarest-looking set: the longest shortest word, then the fewest words."""
    if not sets:
        return None
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)))


def _seq(items: list[_Node]) -> _Node:
    width = sum((n.width for n in items), 0.0)
    exact: frozenset[str] | None = frozenset({""})
    candidates: list[frozenset[str]] = []
    run = frozenset({""})  # the strings of the current run of items with exact strings

    def close(run: frozenset[str]) -> None:
        if "" not in run:
            candidates.append(run)

    for n in items:
        if exact is not None:
            exact = _product(exact, n.exact) if n.exact is not None else None
        if n.exact is None:
            close(run)
            run = frozenset({""})
        else:
            joined = _product(run, n.exact)
            if joined is None:  # too many strings: the run starts again
                close(run)
                run = n.exact
            else:
                run = joined
        words = n.words()
        if words is not None:
            candidates.append(words)
    close(run)
    return _Node(width, exact, _best(candidates))


def _alt(branches: list[_Node]) -> _Node:
    width = max(n.width for n in branches)
    exact = None
    if all(n.exact is not None for n in branches):
        union = frozenset().union(*(n.exact for n in branches))  # type: ignore[arg-type]
        exact = union if len(union) <= _LIMIT else None
    words = [n.words() for n in branches]
    req = None
    if all(w is not None for w in words):
        union = frozenset().union(*words)  # type: ignore[arg-type]
        req = union if len(union) <= _LIMIT else None
    return _Node(width, exact, req)


def _repeat(child: _Node, low: int, high: float) -> _Node:
    width = 0.0 if high == 0 or child.width == 0 else child.width * high
    exact = None
    if child.exact is not None and high != math.inf:
        found: set[str] = set()
        power: frozenset[str] | None = frozenset({""})
        for k in range(int(high) + 1):
            if k >= low:
                found |= power  # type: ignore[arg-type]
            if k < high:
                power = _product(power, child.exact) if power is not None else None
                if power is None:
                    break
        if power is not None and len(found) <= _LIMIT:
            exact = frozenset(found)
    return _Node(width, exact, child.words() if low >= 1 else None)


class _Parser:
    """A recursive-descent reading of the pattern syntax the rules use (see the module)."""

    def __init__(self, pattern: str) -> None:
        self.s = pattern
        self.i = 0

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        return _alt(branches) if len(branches) > 1 else branches[0]

    def sequence(self) -> _Node:
        items: list[_Node] = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified(self.atom()))
        return _seq(items)

    def quantified(self, node: _Node) -> _Node:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.i += 1
            low, high = {"*": (0, math.inf), "+": (1, math.inf), "?": (0, 1)}[c]
        elif c == "{":
            m = _QUANTIFIER.match(self.s, self.i)
            if m is None or not (m.group(1) or m.group(3)):
                raise _Unread("a brace that is not a {m,n} repeat")  # fuzzy matching, a literal brace
            self.i = m.end()
            low = int(m.group(1) or 0)
            high = int(m.group(3)) if m.group(3) else (math.inf if m.group(2) else low)
            if high < low:
                raise _Unread("a repeat {m,n} with n < m")
        else:
            return node
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings
            self.i += 1
        if self.peek() in ("*", "+", "?", "{"):
            raise _Unread("a repeat of a repeat")
        return _repeat(node, low, high)

    def atom(self) -> _Node:
        c = self.peek()
        self.i += 1
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == ".":
            return _ONE
        if c in ("^", "$"):
            return _ZERO
        if c == "\\":
            return self.escape()
        if c in ("*", "+", "?", "{", "}"):
            raise _Unread(f"{c!r} where a character is expected")
        return _Node(1, frozenset({c}), frozenset({c}))

    def group(self) -> _Node:
        lookaround = False
        if self.s.startswith("?", self.i):
            rest = self.s[self.i + 1 :]
            if rest.startswith(":"):
                self.i += 2
            elif rest.startswith(("=", "!")):
                self.i += 2
                lookaround = True
            elif rest.startswith(("<=", "<!")):
                self.i += 3
                lookaround = True
            elif (m := re.match(r"P?<[A-Za-z_]\w*>", rest)) is not None:
                self.i += 1 + m.end()
            else:
                raise _Unread("a group other than (...), (?:...), (?P<name>...) or a look-around")
        inner = self.alternation()
        if self.peek() != ")":
            raise _Unread("an unclosed group")
        self.i += 1
        return _ZERO if lookaround else inner

    def char_class(self) -> _Node:
        if self.s.startswith("^", self.i):
            self.i += 1
        if self.peek() == "]":
            raise _Unread("a set that opens with ]")
        while True:
            c = self.peek()
            self.i += 1
            if c == "":
                raise _Unread("an unclosed set")
            if c == "]":
                return _ONE
            if c == "[":
                raise _Unread("a nested set or a POSIX class")
            if c == "\\":
                e = self.peek()
                self.i += 1
                if e in _HEX:
                    self.hex_char(e)
                elif e.isascii() and e.isalnum() and e not in _CLASS_ESCAPES and e not in _CONTROL and e != "b":
                    raise _Unread(f"the escape \\{e} in a set")

    def hex_char(self, e: str) -> str:
        digits = self.s[self.i : self.i + _HEX[e]]
        if len(digits) != _HEX[e] or not all(d in "0123456789abcdefABCDEF" for d in digits):
            raise _Unread(f"a short \\{e} escape")
        self.i += _HEX[e]
        return chr(int(digits, 16))

    def escape(self) -> _Node:
        e = self.peek()
        self.i += 1
        if e in _CLASS_ESCAPES:
            return _ONE
        if e in _ZERO_ESCAPES:
            return _ZERO
        if e in _CONTROL:
            ch = _CONTROL[e]
        elif e in _HEX:
            ch = self.hex_char(e)
        elif e == "" or (e.isascii() and e.isalnum()):
            raise _Unread(f"the escape \\{e}")  # back-references, \p{...}, \K, \G ...
        else:
            ch = e  # an escaped punctuation mark or character stands for itself
        return _Node(1, frozenset({ch}), frozenset({ch}))


@dataclass(frozen=True)
class Anchors:
    """What a pattern's matches share.

    Attributes
    ----------
    words:
        Literal words of which every match contains one (none contains another).
    width:
        The longest match, in characters.
    """

    words: tuple[str, ...]
    width: int


def anchors(pattern: str, flags: int = 0) -> Anchors | None:
    """The words every match of a pattern contains, and its longest match.

    Parameters
    ----------
    pattern:
        A regular expression in the syntax of the ``regex`` package, version 0.
    flags:
        Its flags (``regex.MULTILINE`` ...), as the compiled pattern reports them.

    Returns
    -------
    Anchors or None
        None when the pattern uses syntax or flags the analysis does not read, can match
        without any literal word, or has no longest match (``+``, ``*``, ``{m,}``).

    Examples
    --------
    >>> anchors(r"(?P<name>[a-z]{2,16})(?:记者|报道称)")
    Anchors(words=('记者', '报道称'), width=19)
    """
    if flags & ~_FLAGS:
        return None
    parser = _Parser(pattern)
    try:
        node = parser.alternation()
    except _Unread:
        return None
    if parser.i != len(pattern) or node.width == math.inf:
        return None
    words = node.words()
    if not words:
        return None
    # a word that contains another is found wherever that one is
    kept = sorted((w for w in words if not any(v != w and v in w for v in words)), key=lambda w: (len(w), w))
    return Anchors(tuple(kept), int(node.width))


class AnchoredPattern:
    """A rule pattern searched only next to the words its matches contain.

    Parameters
    ----------
    pattern:
        The rule's pattern (its time limit, if any, holds for every try).
    """

    __slots__ = ("pattern", "anchors")

    #: Tries per character of text above which one scan of the whole text is cheaper.
    MAX_SHARE = 0.25

    def __init__(self, pattern: GuardedPattern) -> None:
        self.pattern = pattern
        self.anchors = anchors(pattern.pattern, pattern.compiled.flags)

    def __repr__(self) -> str:
        return f"AnchoredPattern({self.pattern.pattern!r}, {self.anchors})"

    def finditer(self, text: str) -> list[regex.Match]:
        """All non-overlapping matches in ``text``: those of ``pattern.finditer(text)``.

        Parameters
        ----------
        text:
            The text to scan (an article, a page's furniture ...).

        Returns
        -------
        list of regex.Match
            The matches, in order (the same spans and groups; ``Match.pos`` is where each
            was tried).

        Raises
        ------
        LexiconError
            When the pattern runs out of time (as ``GuardedPattern.finditer``).
        """
        found = self._near_words(text, first=False)
        return self.pattern.finditer(text) if found is None else found

    def search(self, text: str) -> regex.Match | None:
        """The first match in ``text``: that of ``pattern.search(text)``.

        Parameters
        ----------
        text:
            Where to look for the first match.

        Returns
        -------
        regex.Match or None
            The leftmost match, or None.

        Raises
        ------
        LexiconError
            When the pattern runs out of time (as ``GuardedPattern.search``).
        """
        found = self._near_words(text, first=True)
        if found is None:
            return self.pattern.search(text)
        return found[0] if found else None

    def _near_words(self, text: str, first: bool) -> list[regex.Match] | None:
        """The matches (with ``first``: the first only) found by trying the starts next to
        the words; None when the text is to be searched whole: one scan is cheaper, or a try
        ran out of time (the whole search then names the rule, or finishes)."""
        spans = self._spans(text)
        if spans is None:
            return None
        try:
            return self._scan(text, spans, first=first)
        except TimeoutError:
            return None

    def _spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where a match can start; None when one scan of the text is cheaper."""
        if self.anchors is None:
            return None
        spans = _starts(text, self.anchors)
        return None if sum(hi - lo + 1 for lo, hi in spans) > self.MAX_SHARE * len(text) else spans

    def _scan(self, text: str, spans: list[tuple[int, int]], first: bool) -> list[regex.Match]:
        """The leftmost match at or after the end of the one before, tried at each start."""
        match = self.pattern.compiled.match
        timeout = patterns.PATTERN_TIMEOUT if self.pattern.guarded else None
        found: list[regex.Match] = []
        end = 0
        for lo, hi in spans:
            s = max(lo, end)
            while s <= hi:
                m = match(text, s, timeout=timeout)
                if m is None:
                    s += 1
                    continue
                found.append(m)
                if first:
                    return found
                end = s = m.end()  # never empty: it holds a word
        return found


def _starts(text: str, a: Anchors) -> list[tuple[int, int]]:
    """The positions at which a match can start, as sorted, disjoint ``(first, last)``
    spans: up to ``width - len(word)`` characters before each word found."""
    spans = []
    for w in a.words:
        back = a.width - len(w)
        i = text.find(w)
        while i >= 0:
            spans.append((max(i - back, 0), i))
            i = text.find(w, i + 1)
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for lo, hi in spans[1:]:
        plo, phi = merged[-1]
        if lo <= phi + 1:
            if hi > phi:
                merged[-1] = (plo, hi)
        else:
            merged.append((lo, hi))
    return merged
