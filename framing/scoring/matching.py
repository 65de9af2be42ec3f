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
  (风险投资 around 风险) drops it, and so does an ``unless`` string anywhere else in the
  sentence (短板 is no limitation where 算力 is named); a ``requires`` list needs one of its strings somewhere in
  the sentence (差距 needs a competitor: 国内外, 中美, OpenAI ...).
* Co-occurrence cues (patterns such as ``降低|压低…成本|门槛``): each slot is filled by an
  occurrence of one of its alternatives, found by the rule above (an occurrence inside an
  ``exclude`` phrase fills nothing); the slots must stand in the written order
  (``order = "given"``) or in any order (``"any"``), within one clause (``within =
  "clause"``: no ，,；;：:。！？!? between the first slot and the last), the sentence
  (``"sentence"``) or N word tokens (from the first slot's token to the last's, both
  counted). Per first slot, each later slot takes its nearest occurrence; of co-occurrences
  that share characters the shortest is kept. The match spans from the first slot to the
  last; ``token`` holds the slot texts joined by …, ``rule`` ``cooccur``.
* Overlaps: within one frame, and within the tone layer as a whole, the longest match wins
  (代际差距 over 差距, 不稳定 over 稳定); different frames may share characters. Two matches
  overlap when their characters do, counting for a co-occurrence only its slots' characters:
  降低…成本 drops a plain 成本 or 降低 of the same frame inside it (one construction, one
  weight) but not another cue standing between its slots. The longer span wins (then the
  earlier one).

Negation and contrast
---------------------
* A negator token (不, 没有, 并非, 不会 ...) up to ``scope`` tokens before a cue, in the same
  clause (no punctuation or contrast marker between), blocks it; two negators cancel.
  A one-character negator glued into the cue's token (不可替代) blocks it too.
* 不是A，而是B: a negator (or 与其说) whose clause is answered by a reverse marker
  (而是, 而在于, 不如说) blocks every cue up to the marker; cues after it are free.
* A co-occurrence is negated by a negator before its first slot, and also when a later slot
  is itself negated (a negator between it and the slot before, or glued into its token).
* After a cue (data in ``modifiers.toml``): a dismissal word later in the sentence with no
  adversative marker between (说它会取代导演，言过其实) or a negated predicate in the cue's
  clause within ``scope`` word tokens (威胁并不大; not an attributive one followed by 的:
  规模不大的团队) blocks cues of the listed frames (and tone words); a negated dismissal
  (并非杞人忧天) blocks nothing. ``rule``: ``dismissed``, ``post_negated``.
* Blocked matches are kept with ``negated=True`` and the negator in ``blocked_by``.

Questions and concession
------------------------
* A sentence ending in ？/? (closing quotes and brackets after it aside) is a question;
  else a question particle (吗) makes its clause up to it one, and a question word (是否,
  会不会 ...) its clause from the word on (焦虑是否会被替代: 替代 is asked about, 焦虑
  not). Cues in a question get the factor ``question.frame_factor`` (frame cues) or
  ``question.tone_factor`` (tone words) in ``factor``, ``rule`` ``question``. Questions that presuppose keep factor 1 for tone: a
  sentence question with a wh-word and no yes/no word (厉害在哪里？, ``rule``
  ``wh_question``), and a question with a rhetorical marker (难道, 岂, 不是…是什么), where
  a negator before a cue does not block it either (the negation is the question's;
  ``rule`` ``rhetorical``).
* A cue after a concessive marker (虽然, 尽管 ...) up to the main-clause marker (但, 却, 仍 ...)
  or the clause end, or before an adversative marker (但, 然而 ...), is conceded: ``contrast``
  is ``concessive.tone`` for tone words, ``concessive.frame`` for frame cues (one factor per
  construction), ``rule`` ``concessive``.
* ``rule`` joins the tags of a match with ``;`` in this order: ``cooccur``,
  ``requires:<string>``, ``question``, ``wh_question`` or ``rhetorical``, ``concessive``,
  ``dismissed``, ``post_negated``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from framing.lexicon import Lexicons, Term, is_latin_term
from framing.scoring.clauses import CLAUSE_BREAKS, SentenceClauses
from framing.tokenize import Token, get_tokenizer

__all__ = ["Match", "Matcher", "get_matcher", "COVERAGE_OUTCOMES", "MATCHING_RULE", "MATCHER_VERSION"]

# Bump when Matcher.match could return other matches for the same text, tokens and terms
# (part of the analysis cache key, framing.scoring.cache).
MATCHER_VERSION = 2
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
    "requires/unless context rules; co-occurrence patterns (slots in order or any order, within a "
    "clause, the sentence or N tokens); longest match per frame and per tone layer; negator "
    "within scope tokens in the clause, glued one-character negator, 不是A而是B contrast; "
    "post-cue dismissal and negated predicates; question and rhetorical-question factors; "
    "concessive clauses"
)

_CLAUSE_END = set("。！？!?；;")
# punctuation that ends a negator's or intensifier's reach (quotes and brackets do not)
_CLAUSE_PUNCT = set("，,。！？!?；;：:、—…")
_BREAK_RX = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")


def _marker_regex(markers: tuple[str, ...], within_clause: bool) -> re.Pattern | None:
    """One regex for a list of question or rhetorical markers; ``A…B`` is A then B, within
    one clause when ``within_clause``."""
    if not markers:
        return None
    gap = "[^" + re.escape(CLAUSE_BREAKS) + "]*?" if within_clause else ".*?"
    alts = []
    for w in sorted(markers, key=lambda w: (-len(w), w)):
        parts = [re.escape(x.strip()) for x in re.split(r"…+|\.{3,}", w)]
        alts.append(gap.join(parts))
    return re.compile("|".join(alts), re.DOTALL)


def _words_regex(words: tuple[str, ...] | set[str]) -> re.Pattern | None:
    """A regex that tells whether any of ``words`` occurs in a text."""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


@dataclass(slots=True)
class Match:
    """One occurrence of a term in a sentence, after context rules.

    ``modifier`` is the intensifier product (tone words), ``contrast`` the factor of a
    conceded clause, ``factor`` the factor of a question. A co-occurrence keeps its slots'
    ``pieces`` (start, end, token index) and the token index of its last slot."""

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
    factor: float = 1.0
    last_index: int = -1
    pieces: tuple[tuple[int, int, int], ...] = ()

    @property
    def layer(self) -> str:
        """The term's layer: ``"frame"`` or ``"tone"``."""
        return self.term.layer

    @property
    def label(self) -> str:
        """The term's frame id, or ``"positive"``/``"negative"`` for a tone word."""
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


# the only non-ASCII characters that re.IGNORECASE matches to ASCII letters (İ ı ſ K)
CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
CASE_FOLD_CHARS = "\u0130\u0131\u017f\u212a"


def _elsewhere(text: str, needle: str, spans) -> bool:
    """Whether ``needle`` occurs in ``text`` outside every ``(start, end, _)`` span."""
    return any(
        not any(a <= q and q + len(needle) <= b for a, b, _ in spans)
        for q in _find_all(text, needle, is_latin_term(needle))
    )


class Matcher:
    """Compiled matching for one lexicon set (use :func:`get_matcher`)."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self._tokenizer: Any = None
        # every Han string looked for -> (the plain terms it is, the (pattern, slot) it fills)
        self.han: dict[str, tuple[list[Term], list[tuple[int, int]]]] = {}
        latin: dict[str, tuple[list[Term], list[tuple[int, int]]]] = {}
        self.patterns: list[Term] = [t for t in lexicons.terms if t.slots]
        for t in lexicons.terms:
            if t.slots:
                continue
            table = latin if is_latin_term(t.term) else self.han
            key = t.term.casefold() if table is latin else t.term
            table.setdefault(key, ([], []))[0].append(t)
        for p, t in enumerate(self.patterns):
            for k, slot in enumerate(t.slots):
                for alt in slot:
                    table = latin if is_latin_term(alt) else self.han
                    key = alt.casefold() if table is latin else alt
                    table.setdefault(key, ([], []))[1].append((p, k))
        # one Aho-Corasick pass finds every occurrence of every Han string (C speed, however
        # many terms and slot words the lexicon has)
        import ahocorasick

        self.han_auto = ahocorasick.Automaton()
        for k in self.han:
            self.han_auto.add_word(k, (len(k), k))
        if self.han:
            self.han_auto.make_automaton()
        self.latin = [
            (
                k,
                re.compile(
                    ("(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", k) else "")
                    + re.escape(k)
                    + ("(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", k) else ""),
                    re.IGNORECASE,
                ),
                terms,
                slots,
            )
            for k, (terms, slots) in sorted(latin.items())
        ]
        """Latin strings: (casefolded string, its regex, plain terms, (pattern, slot)s)."""
        # which regexes to run: those whose lowercase string occurs in the lowercased text (a
        # superset of what re.IGNORECASE matches, the four non-ASCII letters it folds to ASCII
        # translated first), found in one Aho-Corasick pass; strings whose lowercase form is
        # not safe to compare are always run
        self.latin_auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.latin_always: list[int] = []
        for k, (needle, _, _, _) in enumerate(self.latin):
            if all(c.isascii() or c.lower() == c.upper() for c in needle):
                self.latin_auto.add_word(needle.lower(), k)
            else:
                self.latin_always.append(k)
        self.latin_empty = len(self.latin_auto) == 0
        if not self.latin_empty:
            self.latin_auto.make_automaton()
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
        self.dismissal = set(m.dismissal)
        self.dismissal_frames = set(m.dismissal_frames)
        self.post = set(m.post_negation)
        self.post_frames = set(m.post_negation_frames)
        self.post_any = _words_regex(self.dismissal | self.post)
        self.q_end = tuple(m.question_end)
        self.q_words = _marker_regex(m.question_words, within_clause=True)
        self.q_particles = _words_regex(set(m.question_particles))
        self.q_yes_no = _marker_regex(m.question_words + m.question_particles, within_clause=True)
        self.rhetorical = _marker_regex(m.rhetorical, within_clause=False)
        self.q_wh = _words_regex(set(m.question_wh))
        self.concessive = set(m.concessive)
        self.main = set(m.concessive_main)
        self.clause_any = _words_regex(self.concessive | self.adversative)

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

        Parameters
        ----------
        text : str
            The sentence.
        stats : collections.Counter, optional
            Updated per ``(layer, label, term, outcome)`` with outcomes ``occurrences``,
            ``straddled``, ``excluded``, ``unmet``, ``overlapped``, ``counted`` and ``negated``
            -- the raw material of the coverage report (for a co-occurrence, an occurrence is a
            co-occurrence of its slots that the rule allows).
        tokens : list of Token, optional
            The tokens of ``text`` when already known (e.g. from a cache); by default the
            lexicon's tokenizer cuts the text.

        Returns
        -------
        SentenceMatches
            The tokens, and the matches that survive the context rules and overlaps (negated
            ones included, ``negated=True``), ordered by position.
        """
        if tokens is None:
            tokens = self.tokenizer.tokenize(text)
        tok_of = [0] * (len(text) + 1)
        for i, tk in enumerate(tokens):
            tok_of[tk.start : tk.end] = [i] * (tk.end - tk.start)
        cands: list[Match] = []
        # slot fillers of co-occurrence patterns: (pattern, slot) -> [(start, end, token)]
        fill: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        # Chinese terms: every occurrence, kept only when inside one token (in the order of a
        # scan from left to right, longer strings first at each position)
        han = self.han
        found = (
            sorted((end - n + 1, -n, key) for end, (n, key) in self.han_auto.iter(text))
            if self.han and text
            else ()
        )
        for i, neg_n, key in found:
            n = -neg_n
            terms, slots = han[key]
            ti = tok_of[i]
            inside = ti == tok_of[i + n - 1]
            for t in terms:
                if stats is not None:
                    stats[(t.layer, t.label, t.term, "occurrences")] += 1
                    if not inside:
                        stats[(t.layer, t.label, t.term, "straddled")] += 1
                if inside:
                    cands.append(Match(t, i, i + n, tokens[ti].text, ti))
            if slots and inside:
                for ps in slots:
                    fill.setdefault(ps, []).append((i, i + n, ti))
        # Latin terms: on the text
        for _, rx, terms, slots in self._latin_candidates(text):
            for mo in rx.finditer(text):
                ti = tok_of[mo.start()]
                for t in terms:
                    if stats is not None:
                        stats[(t.layer, t.label, t.term, "occurrences")] += 1
                    cands.append(Match(t, mo.start(), mo.end(), tokens[ti].text, ti))
                for ps in slots:
                    fill.setdefault(ps, []).append((mo.start(), mo.end(), ti))
        if fill:
            cands += self._cooccurrences(fill, text, tokens, tok_of, stats)
        kept = [m for m in cands if self._context_ok(m, text, stats)]
        if not kept:
            return SentenceMatches(tokens, kept)
        kept = self._longest(kept, stats)
        sentence = SentenceClauses(self, text, tokens)
        for m in kept:
            self._negation(m, tokens, text, sentence)
            if m.term.layer == "tone":
                self._intensity(m, tokens, text)
            after = self._after(m, tokens, sentence)
            self._clause(m, sentence, after)
            if stats is not None:
                outcome = "negated" if m.negated else "counted"
                stats[(m.term.layer, m.term.label, m.term.term, outcome)] += 1
        kept.sort(key=lambda m: (m.start, m.end, m.term.layer != "frame", m.term.label))
        return SentenceMatches(tokens, kept)

    def _latin_candidates(self, text: str) -> list:
        """The Latin entries whose regex may match ``text``, in the lexicon's order."""
        if not self.latin:
            return []
        ks = set(self.latin_always)
        if not self.latin_empty:
            folded = text.translate(CASE_FOLDS) if any(c in text for c in CASE_FOLD_CHARS) else text
            ks.update(k for _, k in self.latin_auto.iter(folded.lower()))
        return [self.latin[k] for k in sorted(ks)]

    def _cooccurrences(
        self,
        fill: dict[tuple[int, int], list[tuple[int, int, int]]],
        text: str,
        tokens: list[Token],
        tok_of: list[int],
        stats: Counter | None,
    ) -> list[Match]:
        """The co-occurrences of the patterns whose slots are all filled (module docstring)."""
        by_pattern: dict[int, dict[int, list[tuple[int, int, int]]]] = {}
        for (p, k), occ in fill.items():
            by_pattern.setdefault(p, {})[k] = occ
        out: list[Match] = []
        words: list[int] | None = None  # word tokens before each token (for within = N)
        for p, slots in by_pattern.items():
            t = self.patterns[p]
            if len(slots) < len(t.slots):
                continue
            lists = []
            for k in range(len(t.slots)):
                occ = sorted(set(slots[k]))
                if t.exclude:
                    occ = [o for o in occ if not self._excluded(o[0], o[1], t.exclude, text)]
                if not occ:
                    break
                lists.append(occ)
            else:
                chains = _chains(lists, t.order == "any")
                found: list[tuple[int, tuple]] = []
                for chain in chains:
                    first, last = chain[0], chain[-1]
                    if t.within == "clause":
                        if _BREAK_RX.search(text, first[0], last[1]):
                            continue
                    elif isinstance(t.within, int):
                        if words is None:
                            words = [0]
                            for tk in tokens:
                                words.append(words[-1] + (not tk.is_punct))
                        end_tok = tok_of[last[1] - 1]
                        if words[end_tok + 1] - words[first[2]] > t.within:
                            continue
                    found.append((last[1] - first[0], chain))
                # of co-occurrences sharing characters keep the shortest (then the first)
                found.sort(key=lambda f: (f[0], f[1][0][0]))
                taken: list[tuple] = []
                for _, chain in found:
                    if any(_pieces_overlap(chain, other) for other in taken):
                        continue
                    taken.append(chain)
                for chain in taken:
                    first, last = chain[0], chain[-1]
                    if stats is not None:
                        stats[(t.layer, t.label, t.term, "occurrences")] += 1
                    out.append(
                        Match(
                            t,
                            first[0],
                            last[1],
                            "…".join(text[a:b] for a, b, _ in chain),
                            first[2],
                            last_index=tok_of[last[1] - 1],
                            pieces=tuple(chain),
                        )
                    )
        return out

    @staticmethod
    def _excluded(start: int, end: int, exclude: tuple[str, ...], text: str) -> bool:
        for ex in exclude:
            for p in _find_all(text, ex, is_latin_term(ex)):
                if p <= start and end <= p + len(ex):
                    return True
        return False

    def _context_ok(self, m: Match, text: str, stats: Counter | None) -> bool:
        t = m.term
        if not m.pieces and t.exclude and self._excluded(m.start, m.end, t.exclude, text):
            if stats is not None:
                stats[(t.layer, t.label, t.term, "excluded")] += 1
            return False
        spans = m.pieces or ((m.start, m.end, 0),)
        # a veto string elsewhere in the sentence (not the cue itself) drops the cue
        if any(_elsewhere(text, u, spans) for u in t.unless):
            if stats is not None:
                stats[(t.layer, t.label, t.term, "excluded")] += 1
            return False
        if t.requires:
            for r in t.requires:
                # the requirement must be met by text other than the cue itself
                if _elsewhere(text, r, spans):
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
                if any(
                    m.start < k.end
                    and k.start < m.end
                    and (not (m.pieces or k.pieces) or _pieces_overlap(_pieces(m), _pieces(k)))
                    for k in taken
                ):
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

    def _before(self, index: int, tokens: list[Token], limit: int, floor: int = -1) -> list[str]:
        """Up to ``limit`` word tokens before ``tokens[index]`` (and after ``tokens[floor]``),
        nearest first, within the clause: stops at clause punctuation and contrast markers;
        whitespace, quotes and brackets are skipped, transparent particles (的, 了 ...) are
        passed but not counted."""
        out: list[str] = []
        seen = 0
        for j in range(index - 1, floor, -1):
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

    def _glued(self, prefix: str) -> bool:
        """A negator glued before a cue in its token: a one-character one (不可替代), not an
        intensifier that starts like one, or a whole negator word (并非完美 when a lexicon
        term made 并非完美 one token)."""
        return bool(prefix) and (
            prefix in self.negators
            or (
                prefix.startswith(self.glued)
                and not any(prefix.startswith(w) for w in self.intensifiers)
            )
        )

    def _negation(self, m: Match, tokens: list[Token], text: str, sentence: SentenceClauses) -> None:
        if m.term.layer == "frame" and m.term.label in self.fixed:
            return  # topical frames: 没有足够的算力 is still about compute
        resolvable = m.term.layer == "frame" and m.term.label in self.resolver_frames
        prefix = self._prefix(m, tokens)
        if self._glued(prefix):
            m.negated, m.blocked_by = True, prefix
            return
        found = [
            w
            for w in self._before(m.token_index, tokens, self.scope)
            if w in self.negators or (resolvable and w in self.resolvers)
        ]
        if len(found) % 2 == 1:
            if sentence.rhetorical and found[0] in self.negators and sentence.in_question(m.start):
                return  # 难道不是机遇吗: the negation is the question's, which asserts 机遇
            m.negated, m.blocked_by = True, found[0]
            return
        if found:
            return  # double negation affirms
        # later slots of a co-occurrence: negated on their own (不再需要…不…演员)
        for (_, pe, pti), (s, _, ti) in zip(m.pieces, m.pieces[1:], strict=False):
            tk = tokens[ti]
            glued = tk.text[max(tk.start, pe) - tk.start : s - tk.start] if s > tk.start else ""
            if self._glued(glued):
                m.negated, m.blocked_by = True, glued
                return
            neg = [w for w in self._before(ti, tokens, self.scope, floor=pti) if w in self.negators]
            if len(neg) % 2 == 1:
                m.negated, m.blocked_by = True, neg[0]
                return
        # 不是A，而是B: a negator (or opener) answered by a later reverse marker
        rev = next(
            (
                k
                for k in range(m.token_index + 1, len(tokens))
                if tokens[k].text.startswith(self.reverse_t)
            ),
            None,
        )
        if rev is None:
            return
        for j in range(m.token_index - 1, -1, -1):
            w = tokens[j].text
            if w.startswith(self.reverse_t) or w in _CLAUSE_END:
                return
            if w in self.negators or w in self.openers:
                m.negated, m.blocked_by = True, f"{w}…{tokens[rev].text}"
                return

    def _after(self, m: Match, tokens: list[Token], sentence: SentenceClauses) -> str:
        """Dismissal and negated predicates after the cue (module docstring); the rule tag
        of what blocked the cue, if anything did."""
        if m.negated or not sentence.after:
            return ""
        tone = m.term.layer == "tone"
        label = m.term.label
        last = m.last_index if m.pieces else m.token_index
        m_ = self.lexicons.modifiers
        if tone and m_.post_negation_tone or not tone and label in self.post_frames:
            seen = 0
            for k in range(last + 1, len(tokens)):
                tk = tokens[k]
                if tk.is_punct:
                    if any(ch in _CLAUSE_PUNCT for ch in tk.text):
                        break
                    continue
                seen += 1
                if seen > m_.post_negation_scope:
                    break
                if tk.text in self.post:
                    if k + 1 < len(tokens) and tokens[k + 1].text == "的":
                        continue  # attributive (一个规模不大的团队), not said of the cue
                    m.negated, m.blocked_by = True, tk.text
                    return "post_negated"
        if tone and m_.dismissal_tone or not tone and label in self.dismissal_frames:
            for k in range(last + 1, len(tokens)):
                w = tokens[k].text
                if w in self.adversative or w.startswith(self.reverse_t):
                    return ""
                if w in self.dismissal:
                    neg = [x for x in self._before(k, tokens, self.scope, floor=last) if x in self.negators]
                    if len(neg) % 2 == 1:
                        return ""  # 并非杞人忧天 dismisses nothing
                    m.negated, m.blocked_by = True, w
                    return "dismissed"
        return ""

    def _clause(self, m: Match, sentence: SentenceClauses, after: str) -> None:
        """Question and concession factors, and the ``rule`` tags in their order."""
        mods = self.lexicons.modifiers
        tone = m.term.layer == "tone"
        tags = ["cooccur"] if m.pieces else []
        if m.rule:
            tags.append(m.rule)
        if sentence.in_question(m.start):
            kind = sentence.kind
            tags.append(kind)
            damped = kind == "question"
            m.factor = (mods.question_tone_factor if damped else 1.0) if tone else mods.question_frame_factor
        if sentence.conceded(m.token_index):
            tags.append("concessive")
            m.contrast = mods.tone_before if tone else mods.concessive_frame
        if after:
            tags.append(after)
        m.rule = ";".join(tags)

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


def _pieces(m: Match) -> tuple[tuple[int, int, int], ...]:
    return m.pieces or ((m.start, m.end, m.token_index),)


def _pieces_overlap(a: Sequence[tuple[int, int, int]], b: Sequence[tuple[int, int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e, _ in a for s2, e2, _ in b)


def _chains(
    lists: list[list[tuple[int, int, int]]], any_order: bool
) -> list[tuple[tuple[int, int, int], ...]]:
    """Candidate co-occurrences: per occurrence of the first slot (with ``any_order``: of any
    slot, as the leftmost), each other slot's nearest occurrence after it (in the given
    order: after the slot before), as pieces in text order."""
    starts = [[o[0] for o in occ] for occ in lists]
    out: list[tuple[tuple[int, int, int], ...]] = []
    anchors = range(len(lists)) if any_order else range(1)
    for a in anchors:
        for head in lists[a]:
            chain = [head]
            end = head[1]
            for k in range(len(lists)):
                if k == a:
                    continue
                after = end if not any_order else head[1]
                j = bisect_left(starts[k], after)
                if j == len(lists[k]):
                    break
                nxt = lists[k][j]
                chain.append(nxt)
                end = nxt[1]
            else:
                chain.sort()
                if all(x[1] <= y[0] for x, y in zip(chain, chain[1:], strict=False)):
                    out.append(tuple(chain))
    return out


_matchers: dict[str, Matcher] = {}


def get_matcher(lexicons: Lexicons) -> Matcher:
    """The compiled matcher for a lexicon set, cached by the set's fingerprint.

    Parameters
    ----------
    lexicons : Lexicons
        The lexicon set.

    Returns
    -------
    Matcher
        The same object for every set with the same fingerprint.
    """
    key = lexicons.fingerprint
    matcher = _matchers.get(key)
    if matcher is None:
        matcher = _matchers[key] = Matcher(lexicons)
    return matcher
