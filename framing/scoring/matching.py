"""Finding lexicon cues in a sentence: the matching rule, context rules, negation, contrast.

The matching rule
-----------------
* A Chinese term counts where it lies inside **one** jieba token: the token itself (every
  term is a user word, so it usually segments whole) or part of a longer token (jieba glues
  严重威胁 into one token; it holds 威胁). An occurrence that straddles two tokens (个人|才能
  for 人才, 中|美国|家 for 美国家) is an accident of adjacent characters and does not count.
* A term with Latin letters or digits (DiT, Scaling Law, GPU) matches case-insensitively on
  the text, where it is not preceded or followed by another Latin letter or digit.
* Context rules (data in the lexicon): an ``exclude`` phrase that covers the occurrence
  (风险投资 around 风险) drops it; a ``requires`` list needs one of its strings somewhere in
  the sentence (差距 needs a competitor: 国内外, 中美, OpenAI ...).
* Overlaps: within one frame, and within the tone layer as a whole, the longest match wins
  (代际差距 over 差距, 不稳定 over 稳定); different frames may share characters.

Negation and contrast
---------------------
* A negator token (不, 没有, 并非, 不会 ...) up to ``scope`` tokens before a cue, in the same
  clause (no punctuation or contrast marker between), blocks it; two negators cancel.
  A one-character negator glued into the cue's token (不可替代) blocks it too.
* 不是A，而是B: a negator (or 与其说) whose clause is answered by a reverse marker
  (而是, 而在于, 不如说) blocks every cue up to the marker; cues after it are free.
* Blocked matches are kept with ``negated=True`` and the negator in ``blocked_by``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from framing.lexicon import Lexicons, Term, is_latin_term
from framing.tokenize import Token, get_tokenizer

__all__ = ["Match", "Matcher", "get_matcher", "COVERAGE_OUTCOMES", "MATCHING_RULE", "MATCHER_VERSION"]

# Bump when Matcher.match could return other matches for the same text, tokens and terms
# (part of the analysis cache key, framing.scoring.cache).
MATCHER_VERSION = 1
# what became of each occurrence of a term (the ``stats`` of Matcher.match)
COVERAGE_OUTCOMES = [
    "occurrences",
    "counted",
    "negated",
    "excluded",
    "unmet",
    "straddled",
    "overlapped",
]
MATCHING_RULE = (
    "Chinese terms: inside one jieba token (whole or glued into a longer token), never across "
    "a token boundary; Latin terms: case-insensitive between non-alphanumerics; exclude/"
    "requires context rules; longest match per frame and per tone layer; negator within "
    "scope tokens in the clause, glued one-character negator, 不是A而是B contrast"
)

_CLAUSE_END = set("。！？!?；;")
# punctuation that ends a negator's or intensifier's reach (quotes and brackets do not)
_CLAUSE_PUNCT = set("，,。！？!?；;：:、—…")


@dataclass
class Match:
    """One occurrence of a term in a sentence, after context rules."""

    term: Term
    start: int
    end: int
    token: str
    token_index: int
    negated: bool = False
    blocked_by: str = ""
    rule: str = ""
    modifier: float = 1.0
    contrast: float = 1.0

    @property
    def layer(self) -> str:
        return self.term.layer

    @property
    def label(self) -> str:
        return self.term.label


@dataclass
class SentenceMatches:
    """All matches of one sentence and its tokens."""

    tokens: list[Token]
    matches: list[Match] = field(default_factory=list)


def _find_all(text: str, needle: str, fold: bool) -> list[int]:
    if fold:
        text, needle = text.casefold(), needle.casefold()
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


class Matcher:
    """Compiled matching for one lexicon set (use :func:`get_matcher`)."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self._tokenizer: Any = None
        self.han: dict[str, list[Term]] = {}
        latin: dict[str, list[Term]] = {}
        for t in lexicons.terms:
            if is_latin_term(t.term):
                latin.setdefault(t.term.casefold(), []).append(t)
            else:
                self.han.setdefault(t.term, []).append(t)
        self.han_lengths = sorted({len(k) for k in self.han}, reverse=True)
        # every Han term starts with one of these (shortest-term-length) prefixes: a cheap
        # test that skips the positions where no term can start
        self.han_min = min(self.han_lengths, default=1)
        self.han_prefixes = {k[: self.han_min] for k in self.han}
        first = sorted({k[0] for k in self.han})
        self.han_first = re.compile("[" + "".join(map(re.escape, first)) + "]" if first else "(?!)")
        self.latin = [
            (
                re.compile(
                    ("(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", k) else "")
                    + re.escape(k)
                    + ("(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", k) else ""),
                    re.IGNORECASE,
                ),
                terms,
            )
            for k, terms in sorted(latin.items())
        ]
        # one pass that tells whether any Latin term occurs at all (most sentences: none)
        self.latin_any = (
            re.compile("|".join(rx.pattern for rx, _ in self.latin), re.IGNORECASE)
            if self.latin
            else None
        )
        m = lexicons.modifiers
        self.negators = set(m.negators)
        self.resolvers = set(m.resolvers)
        self.resolver_frames = set(m.resolver_frames)
        self.fixed = {f.id for f in lexicons.frames if not f.negatable}
        self.glued = tuple(m.glued_negators)
        self.reverse = set(m.reverse)
        self.openers = set(m.openers)
        self.adversative = set(m.adversative)
        self.markers = self.reverse | self.adversative | self.openers
        self.reverse_t = tuple(sorted(self.reverse))
        self.intensifiers = dict(m.intensifiers)
        self.scope = m.negation_scope
        self.int_scope = m.intensifier_scope
        self.transparent = set(m.transparent)

    @property
    def tokenizer(self) -> Any:
        """The lexicon's tokenizer (built on first use: a run served by the cache needs none)."""
        if self._tokenizer is None:
            self._tokenizer = get_tokenizer(self.lexicons)
        return self._tokenizer

    # ---- finding ---------------------------------------------------------------------

    def match(
        self, text: str, stats: Counter | None = None, tokens: list[Token] | None = None
    ) -> SentenceMatches:
        """Tokens of ``text`` and every match of a lexicon term in it.

        ``stats`` (if given) is updated per ``(layer, label, term, outcome)`` with outcomes
        ``occurrences``, ``straddled``, ``excluded``, ``unmet``, ``overlapped``,
        ``counted`` and ``negated`` -- the raw material of the coverage report.
        ``tokens`` are the tokens of ``text`` when already known (e.g. from a cache);
        by default the lexicon's tokenizer cuts the text.
        """
        if tokens is None:
            tokens = self.tokenizer.tokenize(text)
        tok_of = [0] * (len(text) + 1)
        for i, tk in enumerate(tokens):
            tok_of[tk.start : tk.end] = [i] * (tk.end - tk.start)
        cands: list[Match] = []
        # Chinese terms: every occurrence, kept only when inside one token
        prefixes, p = self.han_prefixes, self.han_min
        for mo in self.han_first.finditer(text):
            i = mo.start()
            if text[i : i + p] not in prefixes:
                continue
            for n in self.han_lengths:
                if i + n > len(text):
                    continue
                s = text[i : i + n]
                terms = self.han.get(s)
                if not terms:
                    continue
                ti = tok_of[i]
                inside = ti == tok_of[i + n - 1]
                for t in terms:
                    if stats is not None:
                        stats[(t.layer, t.label, t.term, "occurrences")] += 1
                        if not inside:
                            stats[(t.layer, t.label, t.term, "straddled")] += 1
                    if inside:
                        cands.append(Match(t, i, i + n, tokens[ti].text, ti))
        # Latin terms: on the text
        latin = self.latin if self.latin_any is not None and self.latin_any.search(text) else ()
        for rx, terms in latin:
            for mo in rx.finditer(text):
                ti = tok_of[mo.start()]
                for t in terms:
                    if stats is not None:
                        stats[(t.layer, t.label, t.term, "occurrences")] += 1
                    cands.append(Match(t, mo.start(), mo.end(), tokens[ti].text, ti))
        kept = [m for m in cands if self._context_ok(m, text, stats)]
        kept = self._longest(kept, stats)
        for m in kept:
            self._negation(m, tokens, text)
            if m.term.layer == "tone":
                self._intensity(m, tokens, text)
                self._contrast(m, tokens)
            if stats is not None:
                outcome = "negated" if m.negated else "counted"
                stats[(m.term.layer, m.term.label, m.term.term, outcome)] += 1
        kept.sort(key=lambda m: (m.start, m.end, m.term.layer != "frame", m.term.label))
        return SentenceMatches(tokens, kept)

    def _context_ok(self, m: Match, text: str, stats: Counter | None) -> bool:
        t = m.term
        for ex in t.exclude:
            fold = is_latin_term(ex)
            for p in _find_all(text, ex, fold):
                if p <= m.start and m.end <= p + len(ex):
                    if stats is not None:
                        stats[(t.layer, t.label, t.term, "excluded")] += 1
                    return False
        if t.requires:
            for r in t.requires:
                span = _find_all(text, r, is_latin_term(r))
                # the requirement must be met by text other than the cue itself
                if any(not (m.start <= p and p + len(r) <= m.end) for p in span):
                    m.rule = f"requires:{r}"
                    return True
            if stats is not None:
                stats[(t.layer, t.label, t.term, "unmet")] += 1
            return False
        return True

    @staticmethod
    def _longest(cands: list[Match], stats: Counter | None) -> list[Match]:
        groups: dict[tuple[str, str], list[Match]] = {}
        for m in cands:
            key = (m.term.layer, m.term.label if m.term.layer == "frame" else "")
            groups.setdefault(key, []).append(m)
        out: list[Match] = []
        for ms in groups.values():
            ms.sort(key=lambda m: (-(m.end - m.start), m.start, m.term.label))
            taken: list[Match] = []
            for m in ms:
                if any(m.start < k.end and k.start < m.end for k in taken):
                    if stats is not None:
                        stats[(m.term.layer, m.term.label, m.term.term, "overlapped")] += 1
                    continue
                taken.append(m)
            out.extend(taken)
        return out

    # ---- modifiers -------------------------------------------------------------------

    def _prefix(self, m: Match, tokens: list[Token]) -> str:
        tk = tokens[m.token_index]
        return tk.text[: max(0, m.start - tk.start)] if tk.start < m.start < tk.end else ""

    def _before(self, index: int, tokens: list[Token], limit: int) -> list[str]:
        """Up to ``limit`` word tokens before ``tokens[index]``, nearest first, within the
        clause: stops at clause punctuation and contrast markers; whitespace, quotes and
        brackets are skipped, transparent particles (的, 了 ...) are passed but not counted."""
        out: list[str] = []
        seen = 0
        for j in range(index - 1, -1, -1):
            if seen >= limit:
                break
            tk = tokens[j]
            w = tk.text
            if tk.is_punct:
                if any(ch in _CLAUSE_PUNCT for ch in w):
                    break
                continue
            if w in self.markers or w.startswith(self.reverse_t):
                break
            if w in self.transparent:
                continue
            out.append(w)
            seen += 1
        return out

    def _negation(self, m: Match, tokens: list[Token], text: str) -> None:
        if m.term.layer == "frame" and m.term.label in self.fixed:
            return  # topical frames: 没有足够的算力 is still about compute
        resolvable = m.term.layer == "frame" and m.term.label in self.resolver_frames
        prefix = self._prefix(m, tokens)
        if (
            prefix
            and prefix.startswith(self.glued)
            and not any(prefix.startswith(w) for w in self.intensifiers)
        ):
            m.negated, m.blocked_by = True, prefix
            return
        found = [
            w
            for w in self._before(m.token_index, tokens, self.scope)
            if w in self.negators or (resolvable and w in self.resolvers)
        ]
        if len(found) % 2 == 1:
            m.negated, m.blocked_by = True, found[0]
            return
        if found:
            return  # double negation affirms
        # 不是A，而是B: a negator (or opener) answered by a later reverse marker
        rev = next(
            (
                k
                for k in range(m.token_index + 1, len(tokens))
                if tokens[k].text.startswith(tuple(self.reverse))
            ),
            None,
        )
        if rev is None:
            return
        for j in range(m.token_index - 1, -1, -1):
            w = tokens[j].text
            if w.startswith(tuple(self.reverse)) or w in _CLAUSE_END:
                return
            if w in self.negators or w in self.openers:
                m.negated, m.blocked_by = True, f"{w}…{tokens[rev].text}"
                return

    def _intensity(self, m: Match, tokens: list[Token], text: str) -> None:
        factor = 1.0
        prefix = self._prefix(m, tokens)
        if prefix:
            best = max((w for w in self.intensifiers if prefix.endswith(w)), key=len, default=None)
            if best:
                factor *= self.intensifiers[best]
        for w in self._before(m.token_index, tokens, self.int_scope):
            if w in self.intensifiers:
                factor *= self.intensifiers[w]
        m.modifier = factor

    def _contrast(self, m: Match, tokens: list[Token]) -> None:
        for k in range(m.token_index + 1, len(tokens)):
            if tokens[k].text in self.adversative:
                m.contrast = self.lexicons.modifiers.tone_before
                return


_matchers: dict[str, Matcher] = {}


def get_matcher(lexicons: Lexicons) -> Matcher:
    """The compiled matcher for a lexicon set (cached by the set's fingerprint)."""
    key = lexicons.fingerprint
    matcher = _matchers.get(key)
    if matcher is None:
        matcher = _matchers[key] = Matcher(lexicons)
    return matcher
