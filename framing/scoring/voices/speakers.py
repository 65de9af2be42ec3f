"""Speakers: who a cue names, and how the mentions of one article link up.

:class:`Speakers` keeps the speakers of one article in reading order: the first mention with
title and affiliation (智象未来创始人兼首席执行官、加拿大工程院院士梅涛) registers a person,
later mentions by name or by pronoun (他, 她: the person spoken of most recently), and for
organisations by anaphor (对方, 会议), resolve to the same speaker. :func:`role_of` gives a
speaker's role from the role lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framing.lexicons.speaker_rules import SourceLexicon, org_key
from framing.lexicons.speaker_text import HAN_RE, LATIN_NAME

__all__ = ["UNATTRIBUTED", "Mention", "Speakers", "role_of", "trim_name", "unattributed"]

UNATTRIBUTED = "(unattributed)"
"""The display name of speech whose speaker was not found."""
_LATIN_NAME_END_RE = re.compile(f"(?:^|(?<=[^A-Za-z]))({LATIN_NAME})$")
_DATE_RE = re.compile(r"^(?:\d+月)?\d+日")


@dataclass
class Mention:
    """A speaker as one cue names them.

    Attributes
    ----------
    key : str
        The ``speaker_id``: the name of a person, the :func:`org_key` of an organisation,
        ``anon:<term>`` for an unnamed speaker.
    name : str
        The speaker as the article names them.
    kind : str
        ``person``, ``organisation``, ``anonymous`` or ``unattributed`` (``inherit`` inside
        the cue finder: the speaker before speaks on).
    title : str
        Title and affiliation as written.
    surface : str
        The words of this mention (梅涛, 他, 业内人士).
    role : str
        A fixed role (known organisations); empty when the role lexicon decides.
    """

    key: str
    name: str
    kind: str  # person, organisation, anonymous, unattributed
    title: str = ""
    surface: str = ""
    role: str = ""  # fixed role (known organisations)


def unattributed() -> Mention:
    """The speaker of speech whose speaker was not found.

    Returns
    -------
    Mention
        A new ``anon:unattributed`` mention named :data:`UNATTRIBUTED`.
    """
    return Mention("anon:unattributed", UNATTRIBUTED, "unattributed", surface="")


def _ends_with_title(text: str, lex: SourceLexicon) -> bool:
    return text.endswith(lex.title_words)


def _is_surname_start(cand: str, lex: SourceLexicon) -> bool:
    return cand[:2] in lex.compound_surnames or cand[:1] in lex.surnames


def _split_name(np_: str, lex: SourceLexicon, known: dict[str, Mention]) -> tuple[str, str] | None:
    """(title, name) when the phrase ends with a personal name, else None."""
    m = _LATIN_NAME_END_RE.search(np_)
    if m:
        name = m.group(1)
        if org_key(name) in lex.org_keys:
            return None
        return np_[: m.start(1)].strip(" ,，、"), name
    for name in sorted(known, key=len, reverse=True):
        if known[name].kind == "person" and np_.endswith(name) and len(np_) >= len(name):
            return np_[: -len(name)].strip(" ,，、"), name
    chars = list(np_)
    if len(chars) < 2 or not all(HAN_RE.match(c) for c in chars[-2:]):
        return None
    # after a title word the name is what remains (2-3 characters)
    for n in (2, 3):
        if len(chars) >= n + 1 and _ends_with_title("".join(chars[:-n]), lex):
            cand = "".join(chars[-n:])
            if _is_surname_start(cand, lex) and all(HAN_RE.match(c) for c in cand):
                return "".join(chars[:-n]).strip(" ,，、"), cand
    for n in (3, 2):
        if len(chars) < n:
            continue
        cand = "".join(chars[-n:])
        if not all(HAN_RE.match(c) for c in cand) or not _is_surname_start(cand, lex):
            continue
        title = "".join(chars[:-n]).strip(" ,，")
        if cand in lex.org_channels:
            continue
        if title and not (
            title.endswith(("、", "兼"))
            or lex.title_word_re.search(title)
            or _org_suffix(title, lex)
            or title.endswith(lex.org_names)
        ):
            continue
        title = title.strip("、")
        return title, cand
    return None


def _clean_title(title: str, lex: SourceLexicon) -> str:
    """A title as written, without the words that lead into it (据, 在, 但在, 作为)."""
    t = title.strip(" ,，、")
    for _ in range(4):
        old = t
        if not t.startswith(lex.title_leading):
            break
        for w in lex.title_leading:
            if t.startswith(w) and len(t) > len(w) + 1 and w != "有":
                t = t[len(w) :]
                break
        if t == old:
            break
    return t.strip(" ,，、")


def _org_suffix(text: str, lex: SourceLexicon) -> str:
    if not text.endswith(lex.org_suffixes):
        return ""
    return next(s for s in lex.org_suffixes if text.endswith(s))  # the longest


def trim_name(name: str, lex: SourceLexicon) -> str:
    """A name candidate without a last character that usually follows names (梅涛说 -> 梅涛).

    Parameters
    ----------
    name : str
        A personal-name candidate.
    lex : SourceLexicon
        The rules (``stop_after_name``).

    Returns
    -------
    str
        The first two characters of a 3-character Han name whose last character is one of
        ``[speakers.names] stop_after_name``; else ``name``.
    """
    if len(name) == 3 and HAN_RE.match(name[-1]) and name[-1] in lex.stop_after_name:
        return name[:2]
    return name


class Speakers:
    """The speakers and mentions of one article, in reading order.

    Parameters
    ----------
    lex : SourceLexicon
        The rules.

    Attributes
    ----------
    known : dict of str to Mention
        The persons (by name) and organisations (by key) registered so far.
    last_person, last_speaker, last_org : (Mention, int) or None
        The person mentioned, the person who spoke and the organisation mentioned most
        recently, with the index of the sentence.
    """

    def __init__(self, lex: SourceLexicon) -> None:
        self.lex = lex
        self.known: dict[str, Mention] = {}
        self.last_person: tuple[Mention, int] | None = None
        self.last_speaker: tuple[Mention, int] | None = None
        self.last_org: tuple[Mention, int] | None = None

    # -- registering
    def person(self, name: str, title: str, surface: str) -> Mention:
        """Register a person (or find them again); a title is kept from the first mention
        that gives one.

        Parameters
        ----------
        name : str
            The person's name.
        title : str
            Title and affiliation as written before the name (may be empty).
        surface : str
            The words of the mention.

        Returns
        -------
        Mention
            The person's record in :attr:`known`.
        """
        name = name.strip()
        title = _clean_title(title, self.lex)
        m = self.known.get(name)
        if m is None:
            m = Mention(name if HAN_RE.match(name[:1]) else name, name, "person", title, surface)
            self.known[name] = m
        elif title and not m.title:
            m.title = title
        return m

    def organisation(self, name: str, role: str = "") -> Mention:
        """Register an organisation (or find it again), named as the lexicon names it.

        Parameters
        ----------
        name : str
            The organisation's name as written.
        role : str, optional
            Its role when the lexicon gives it none.

        Returns
        -------
        Mention
            The organisation's record in :attr:`known`.
        """
        key = org_key(name)
        canon = next((o for o in self.lex.orgs if o[1] == key), None)
        if canon:
            name, role = canon[0], canon[2] or role
        m = self.known.get(key)
        if m is None:
            m = Mention(key, name, "organisation", "", name, role)
            self.known[key] = m
        return m

    def note(self, m: Mention, i: int, speaking: bool) -> None:
        """Record that sentence ``i`` mentions ``m`` (speaking or spoken of), for pronouns
        and anaphors later on.

        Parameters
        ----------
        m : Mention
            The speaker mentioned.
        i : int
            The sentence's index in the article.
        speaking : bool
            Whether ``m`` speaks there.
        """
        if m.kind == "person":
            self.last_person = (m, i)
            if speaking:
                self.last_speaker = (m, i)
        elif m.kind == "organisation":
            self.last_org = (m, i)

    # -- resolving
    def resolve_pronoun(self, i: int) -> Mention | None:
        """The person a pronoun in sentence ``i`` refers to.

        Parameters
        ----------
        i : int
            The sentence's index in the article.

        Returns
        -------
        Mention or None
            The last speaker when they spoke within ``pronoun_window`` sentences and no other
            person came up since; else the person mentioned last; None when there is none.
        """
        sp, pe = self.last_speaker, self.last_person
        if sp and i - sp[1] <= self.lex.pronoun_window and (pe is None or pe[1] <= sp[1] + 1):
            return sp[0]
        if pe:
            return pe[0]
        return sp[0] if sp else None

    def parse(self, np_: str, i: int, before: str = "", prev: str = "") -> Mention | None | str:
        """The speaker a subject phrase names.

        Parameters
        ----------
        np_ : str
            The phrase before a speech verb or in a formula's speaker slot.
        i : int
            The sentence's index in the article.
        before : str, optional
            The sentence's text before the phrase (for organisation anaphors).
        prev : str, optional
            The text of the sentence before (for organisation anaphors).

        Returns
        -------
        Mention, str or None
            The speaker (registered when named); ``"journalist"`` for the reporter's own
            subjects (记者, 我们); None when the phrase names no plausible speaker.
        """
        lex = self.lex
        s = np_.strip(" \t\u3000")
        for _ in range(6):
            old = s
            for rx in lex.strip_trailing:
                s = rx.sub("", s).strip()
            if s == old:
                break
        for _ in range(4):
            old = s
            if not s.startswith(lex.strip_leading):
                break
            for w in lex.strip_leading:
                if s.startswith(w) and len(s) > len(w) and not (w == "有" and s[1:] in ("人",)):
                    s = s[len(w) :].lstrip(" ,，")
                    break
            if s == old:
                break
        s = _DATE_RE.sub("", s).strip()
        if not s:
            return None
        if s.endswith(lex.journalist_subjects):
            return "journalist"
        if s in lex.person_pronouns:
            m = self.resolve_pronoun(i)
            if m is None:
                return Mention("anon:unattributed", UNATTRIBUTED, "unattributed", surface=s)
            return Mention(m.key, m.name, m.kind, m.title, s, m.role)
        if s in lex.org_anaphors:
            org = self._recent_org(before, prev, i)
            if org is not None:
                return Mention(org.key, org.name, org.kind, org.title, s, org.role)
            return Mention(f"anon:{s}", s, "anonymous", surface=s)
        if len(s) > 60:
            return None
        # a known organisation, possibly with a channel (OpenAI官网) or a stray character
        orgs = list(lex.org_re.finditer(s))
        if orgs:
            last = orgs[-1]
            rest = s[last.end() :]
            for ch in lex.org_channels:
                if rest.startswith(ch):
                    rest = rest[len(ch) :]
                    break
            if len(rest) <= 1 and not _split_name(s, lex, self.known):
                return self.organisation(last.group(0))
        split = _split_name(s, lex, self.known)
        if split is not None:
            title, name = split
            if HAN_RE.match(name[:1]):
                name = trim_name(name, lex) if name not in self.known else name
            return self.person(name, title, s)
        for term in lex.anonymous:
            if s.endswith(term):
                head = s[: -len(term)]
                if len(head) <= 4 or head.endswith(("的", "领域", "圈")) or len(s) <= 12:
                    return Mention(f"anon:{term}", term, "anonymous", s[-len(term) - 4 :], s)
        suffix = _org_suffix(s, lex)
        if suffix and len(s) <= lex.org_max and len(s) > len(suffix):
            return self.organisation(s)
        return None

    def _recent_org(self, before: str, prev: str, i: int) -> Mention | None:
        for text in (before, prev):
            found = list(self.lex.org_re.finditer(text))
            if found:
                return self.organisation(found[-1].group(0))
        if self.last_org and i - self.last_org[1] <= 2:
            return self.last_org[0]
        return None


def role_of(text: str, lex: SourceLexicon, fixed: str = "") -> tuple[str, str]:
    """A speaker's role from the role lexicon.

    Parameters
    ----------
    text : str
        The speaker's title and name as the article writes them.
    lex : SourceLexicon
        The rules (``[roles]``).
    fixed : str, optional
        A known organisation's role: it wins.

    Returns
    -------
    (role, evidence) : tuple of str
        The role of the earliest ``strong`` term in ``text`` (the longest there; the first
        role by name when two share it), else of the earliest ``weak`` term, else
        ``("other", "")``; evidence is ``role:term`` (``role:organisation`` for ``fixed``).
    """
    if fixed:
        return fixed, f"{fixed}:organisation"
    # the smallest (position, -length, role, term) of the tier's terms found in the text:
    # the leftmost match of the longest-first alternation
    for tier in lex.role_terms:
        hit = tier[0].search(text) if tier is not None else None
        if hit is not None:
            term = hit.group(0)
            role = tier[1][term]
            return role, f"{role}:{term}"
    return "other", ""

