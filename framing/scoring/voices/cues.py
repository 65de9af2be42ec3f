"""Cues: the evidence of attributed speech inside sentences, and the quotes of an article.

A :class:`Cue` is a speech verb with its subject (梅涛表示), a formula holding the speaker
(据…介绍, 在…看来), a speech noun (X的看法:), an attribution tail (梅涛说。) or a
back-reference (…作出了这样一句评价); :func:`find_cues` finds them in one sentence, linking
their speakers through :class:`~framing.scoring.voices.speakers.Speakers`.
:func:`find_quotes` finds the top-level quotations of the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from framing.lexicons.speaker_rules import SourceLexicon
from framing.lexicons.speaker_text import (
    TITLE_DELIMS,
    TITLE_RUN,
    clause_start,
    content_len,
    no_content,
)
from framing.scoring.voices.speakers import Mention, Speakers, trim_name

__all__ = [
    "Cue",
    "Quote",
    "Sentence",
    "TitleName",
    "after_name_titles",
    "find_cues",
    "find_quotes",
    "title_names",
]

_COLON_SOON_RE = re.compile(r"[^,，。]{0,8}[:：]")


@dataclass
class Cue:
    """One piece of attribution evidence inside a sentence (offsets in the sentence).

    Attributes
    ----------
    start, end : int
        Where the cue (speaker phrase included) lies in the sentence.
    kind : str
        ``verb``, ``formula``, ``noun``, ``tail`` or ``backref``.
    term : str
        The verb, formula, noun or back-reference as the lexicon writes it.
    mention : Mention or None
        The speaker the cue names.
    colon : bool
        Speech goes on after a colon without quote marks.
    rest : int
        Characters of the sentence that are not speaker and verb (back-references).
    """

    start: int
    end: int
    kind: str  # verb, formula, noun, tail, backref
    term: str
    mention: Mention | None
    colon: bool = False  # speech goes on after a colon without quote marks
    rest: int = 0  # characters of the sentence that are not speaker + verb (back-references)


@dataclass
class Quote:
    """A top-level quotation in the article text (offsets in the article).

    Attributes
    ----------
    open : int
        Offset of the opening mark.
    close : int
        Offset of the closing mark (or where the quote was cut: its paragraph's end).
    content : str
        The text between the marks.
    speech, mention, how
        Whether the quote is speech, whose, and by which rule (set by attribution).
    """

    open: int
    close: int  # offset of the closing mark (or where the quote was cut)
    content: str
    speech: bool = False
    mention: Mention | None = None
    how: str = ""


def find_quotes(text: str, lex: SourceLexicon) -> list[Quote]:
    """The top-level quotes of an article (quotes nested in them are part of them).

    Parameters
    ----------
    text : str
        The article text.
    lex : SourceLexicon
        The rules (``[quotes] pairs``).

    Returns
    -------
    list of Quote
        In text order; an unclosed quote ends at its paragraph's end.
    """
    opens = {a: b for a, b in lex.quote_pairs}
    closes = {b: a for a, b in lex.quote_pairs}
    stack: list[tuple[str, int]] = []
    out: list[Quote] = []
    for hit in lex.quote_mark_re.finditer(text):  # every other character changes nothing
        pos = hit.start()
        ch = text[pos]
        if ch == "\n":
            if stack:
                out.append(Quote(stack[0][1], pos, text[stack[0][1] + 1 : pos]))
                stack.clear()
            continue
        if ch in opens and not (ch == "‘" and not stack and pos and text[pos - 1].isalnum()):
            # “ and ” differ; ‘ ’ too: the lexicon check makes every mark distinct
            stack.append((ch, pos))
        elif ch in closes and stack:
            want = closes[ch]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == want), None)
            if depth is None:
                continue
            if depth == 0:
                start = stack[0][1]
                out.append(Quote(start, pos, text[start + 1 : pos]))
            del stack[depth:]
    if stack:
        out.append(Quote(stack[0][1], len(text), text[stack[0][1] + 1 :]))
    return out


@dataclass
class Sentence:
    """One sentence of an article as attribution works on it.

    Attributes
    ----------
    idx : Any
        Its position in the article's rows.
    sent_id : int
        Its id.
    text : str
        Its text.
    start, end : int
        Its offsets in the article text.
    headline : bool
        Whether it is a headline.
    inside : list of bool
        Per character: inside a top-level quote.
    cues : list of Cue
        The cues found in it.
    voice : str
        ``journalist`` until a speaker is added, then ``source``.
    speakers : list of (int, Mention, str)
        Who speaks in it: position in the sentence, speaker, and the rule that said so.
    """

    idx: Any
    sent_id: int
    text: str
    start: int
    end: int
    headline: bool
    inside: list[bool]  # per character: inside a top-level quote
    cues: list[Cue] = field(default_factory=list)
    voice: str = "journalist"
    speakers: list[tuple[int, Mention, str]] = field(default_factory=list)  # (pos, who, how)

    def add(self, pos: int, m: Mention, how: str) -> None:
        """Let ``m`` speak in the sentence from ``pos`` on, by the rule ``how``.

        Parameters
        ----------
        pos : int
            Where the speech starts in the sentence.
        m : Mention
            The speaker.
        how : str
            The rule, as shown in ``voice_evidence``.
        """
        self.speakers.append((pos, m, how))
        self.voice = "source"

    @property
    def primary(self) -> Mention | None:
        """The speaker who speaks first in the sentence (None: the journalist)."""
        return min(self.speakers, key=lambda t: t[0])[1] if self.speakers else None


class TitleName(NamedTuple):
    """One match of ``title_name_re``: "<title><name>" (offsets in the searched text)."""

    start: int
    name_start: int
    title: str
    name: str
    text: str  # the whole match


def title_names(s: str, lex: SourceLexicon) -> Iterator[TitleName]:
    """The matches of ``lex.title_name_re.finditer(s)``, found from their title words.

    Parameters
    ----------
    s : str
        The text to search.
    lex : SourceLexicon
        The rules (``title_at_re``).

    Yields
    ------
    TitleName
        Each "<title><name>" in order, as ``title_name_re.finditer`` would find it.

    Notes
    -----

    The regex opens with a lazy run of up to 40 characters, so the engine tries every title
    word at up to 40 offsets from every position. Searching ``title_at_re`` (title word and
    name) skips to the leftmost title word that has a name after it; finditer reaches that
    one first too, with its title running back to the last delimiter, at most 40 characters
    and not before the end of the previous match (tests/test_sources.py compares the two).
    """
    pos = 0
    while (m := lex.title_at_re.search(s, pos)) is not None:
        t = m.start()
        p = max(pos, t - TITLE_RUN)
        for q in range(t - 1, p - 1, -1):
            if s[q] in TITLE_DELIMS:
                p = q + 1
                break
        yield TitleName(p, m.start("name"), s[p : m.end("word")], m.group("name"), s[p : m.end()])
        pos = m.end()


def _verb_cues(st: Sentence, i: int, spk: Speakers, prev_text: str) -> list[Cue]:
    lex = spk.lex
    s = st.text
    cues: list[Cue] = []
    for m in lex.verb_re.finditer(s):
        p, e = m.start(), m.end()
        if st.inside[p]:
            continue
        verb = m.group("verb")
        before, after = s[:p], s[e:]
        if before.endswith(lex.not_after):
            continue
        if after.startswith(lex.not_before) and not m.group("suffix"):
            continue
        tail = no_content(after)
        if verb in lex.tail_only and not tail:
            continue
        q = clause_start(s, p)
        subject = s[q:p]
        who = spk.parse(subject, i, before=s[:q], prev=prev_text) if subject.strip() else None
        if who is None and not subject.strip():
            # 刘捷两提Sora,提到…: the subject of the clause before
            prev_clause = s[clause_start(s, max(q - 1, 0)) : max(q - 1, 0)] if q else ""
            hit = next(title_names(prev_clause, lex), None) if prev_clause else None
            if hit:
                name = trim_name(hit.name, lex)
                who = spk.person(name, hit.title.strip(" ,，、"), hit.text)
        if who is None or who == "journalist":
            continue
        colon = after[:1] in (":", "：") and after[1:2] not in ("“", "「", "『")
        kind = "tail" if tail else "verb"
        rest = content_len(s[:q]) if tail else 0
        cues.append(Cue(q, e, kind, verb + (m.group("suffix") or ""), who, colon, rest))
    return cues


def _pattern_cues(st: Sentence, i: int, spk: Speakers, prev_text: str) -> list[Cue]:
    lex = spk.lex
    s = st.text
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    # the formulas and back-references whose literal pieces the sentence holds (the others
    # cannot match); most sentences hold none, which one search of a key piece tells
    formulas: list[tuple[str, re.Pattern, frozenset[str]]] = []
    back_refs: list[tuple[str, re.Pattern, frozenset[str]]] = []
    if lex.cue_key_re is None or lex.cue_key_re.search(s):
        present = {piece for piece in lex.cue_pieces if piece in s}
        formulas = [f for f in lex.formula_cues if f[2] <= present]
        back_refs = [b for b in lex.back_ref_cues if b[2] <= present]
    for name, rx, _ in formulas:
        for m in rx.finditer(s):
            p = m.start()
            if st.inside[p] or any(a < m.end() and p < b for a, b in taken):
                continue
            spk_text = m.group("spk")
            if name.startswith("…"):
                spk_text = s[clause_start(s, m.start("spk")) : m.end("spk")]
            who: Mention | None | str
            if not spk_text.strip():
                if name not in lex.empty_ok:
                    continue
                who = Mention("", "", "inherit")
            else:
                who = spk.parse(spk_text, i, before=s[:p], prev=prev_text)
            if who is None or who == "journalist":
                continue
            taken.append((m.start(), m.end()))
            after = s[m.end() :]
            colon = after[:1] in (":", "：") and after[1:2] not in ("“", "「", "『")
            cues.append(Cue(m.start(), m.end(), "formula", name, who, colon))
    for m in lex.nouns_re.finditer(s):
        p = m.start()
        if st.inside[p]:
            continue
        q = clause_start(s, p)
        who = spk.parse(s[q:p], i, before=s[:q], prev=prev_text) if s[q:p].strip() else None
        if not isinstance(who, Mention):
            continue
        after = s[m.end() :]
        colon = bool(_COLON_SOON_RE.match(after))
        if who.kind == "anonymous" and not colon:
            continue  # "业界的观点不尽相同" reports no one's words
        cues.append(Cue(q, m.end(), "noun", m.group("noun"), who, colon))
    for name, rx, _ in back_refs:
        for m in rx.finditer(s):
            if st.inside[m.start()]:
                continue
            spk_text = m.group("spk")
            if name.startswith("…"):
                spk_text = s[clause_start(s, m.start("spk")) : m.end("spk")]
            who = spk.parse(spk_text, i, before=s[: m.start()], prev=prev_text)
            if not isinstance(who, Mention):
                continue
            q = clause_start(s, m.start("spk")) if name.startswith("…") else m.start()
            rest = content_len(s[:q]) + content_len(s[m.end() :])
            if not name.startswith("…"):
                rest = max(rest, lex.tail_max_rest + 1)
            cues.append(Cue(q, m.end(), "backref", name, who, rest=rest))
    return cues


def _register_intros(st: Sentence, i: int, spk: Speakers) -> None:
    """Persons introduced with a title outside speech cues (作为…创始人,申波是…)."""
    lex = spk.lex
    s = st.text
    found: list[tuple[int, Mention]] = []
    for rx in lex.intro_res:
        for m in rx.finditer(s):
            if st.inside[m.start("name")]:
                continue
            name = trim_name(m.group("name"), lex)
            found.append(
                (m.start("name"), spk.person(name, m.group("title").strip(" ,，、"), name))
            )
    for hit in title_names(s, lex):
        if st.inside[hit.name_start]:
            continue
        name = trim_name(hit.name, lex)
        title = hit.title[clause_start(hit.title, len(hit.title)) :]
        found.append((hit.name_start, spk.person(name, title, hit.text)))
    for _pos, m in sorted(found, key=lambda t: t[0]):
        spk.note(m, i, speaking=False)


def after_name_titles(text: str, spk: Speakers) -> None:
    """Give persons without a title the one the article writes after their name.

    Titles after the name (龚银(Neil),曾任…,现任…) come first, then the first
    "<title><name>" anywhere in the article.

    Parameters
    ----------
    text : str
        The article text.
    spk : Speakers
        The article's speakers; their titles are set in place.
    """
    missing = [m for m in spk.known.values() if m.kind == "person" and not m.title]
    if not missing:
        return
    # one pass of each pattern over the article; the first hit per name wins, as if each
    # speaker's name were searched for in turn (that was quadratic in long articles)
    after: list[dict[str, str]] = []
    for rx in spk.lex.after_name_res:
        first: dict[str, str] = {}
        for hit in rx.finditer(text):
            title = hit.group("title").strip(" ,，")
            first.setdefault(hit.group("name"), title)
            first.setdefault(trim_name(hit.group("name"), spk.lex), title)
        after.append(first)
    before: dict[str, str] | None = None
    for m in missing:
        for first in after:
            if m.name in first:
                m.title = first[m.name]
                break
        if not m.title:
            if before is None:  # the first "<title><name>" anywhere in the article
                before = {}
                for tn in title_names(text, spk.lex):
                    t = tn.title
                    before.setdefault(
                        trim_name(tn.name, spk.lex), t[clause_start(t, len(t)) :].strip(" ,，、")
                    )
            if m.name in before:
                m.title = before[m.name]



def find_cues(st: Sentence, i: int, spk: Speakers, prev_text: str) -> list[Cue]:
    """The cues of one sentence, after registering the persons it introduces with a title.

    Parameters
    ----------
    st : Sentence
        The sentence (its ``inside`` set: cues inside quotes do not count).
    i : int
        Its index in the article.
    spk : Speakers
        The article's speakers so far; the speakers the cues name are registered.
    prev_text : str
        The text of the sentence before (empty for the first).

    Returns
    -------
    list of Cue
        Verbs, formulas, speech nouns, tails and back-references, by start (the longest
        first where two start together); a verb inside a formula or back-reference is theirs.
    """
    _register_intros(st, i, spk)
    patterns = _pattern_cues(st, i, spk, prev_text)
    verbs = _verb_cues(st, i, spk, prev_text)
    spans = [(c.start, c.end) for c in patterns if c.kind in ("formula", "backref")]
    if spans:  # a verb inside a formula is the formula's
        verbs = [c for c in verbs if not any(a <= c.end - 1 < b for a, b in spans)]
    cues = verbs + patterns
    cues.sort(key=lambda c: (c.start, -c.end))
    return cues
