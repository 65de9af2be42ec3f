"""Attribution in one article: which sentences voice a speaker, and who.

:func:`article_voices` runs three passes over an article's sentences: the cues in reading
order (speakers linked as they come), then the quotes, which take their speaker from an
introducing cue, a colon, an attribution tail after them or the speaker before, then the
continuations (short colon fragments, enumerations). Its record is plain lists, so the
score cache can keep it (:data:`VOICES_ALGORITHM` is part of the cache key).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from typing import Any

from framing.lexicons.speaker_rules import SourceLexicon
from framing.lexicons.speaker_text import clause_start, content_len, no_content
from framing.scoring.voices.cues import Quote, Sentence, after_name_titles, find_cues, find_quotes
from framing.scoring.voices.speakers import UNATTRIBUTED, Mention, Speakers, role_of, unattributed

__all__ = ["VOICES_ALGORITHM", "VoiceRow", "article_voices"]

VoiceRow = tuple[int, str, int | None, int | None, bool]
"""One sentence for :func:`article_voices`: ``(sent_id, text, start, end, is_headline)``."""
_GAP_RE = re.compile(r"[\s,，:：]*")
_COLON_END_RE = re.compile(r"[:：]\s*$")
_CUE_LABELS = {
    "verb": "verb",
    "tail": "tail",
    "formula": "formula",
    "noun": "speech noun",
    "backref": "tail",
}


def _mark_inside(sents: list[Sentence], text: str, quotes: list[Quote]) -> None:
    """Set ``inside`` of every sentence: which of its characters lie in a quote."""
    # one mask over the article, sliced per sentence (not every quote against every sentence)
    mask = [False] * (len(text) + 1)
    for q in quotes:
        mask[q.open : q.close + 1] = [True] * (q.close + 1 - q.open)
    for st in sents:
        if 0 <= st.start and st.end <= len(text):
            st.inside = mask[st.start : st.end]
        else:  # offsets beyond the text: as before, quote by quote
            for q in quotes:
                a, b = max(q.open, st.start), min(q.close + 1, st.end)
                for k in range(a, b):
                    st.inside[k - st.start] = True


def _sentence_finder(sents: list[Sentence]) -> Callable[[int], int | None]:
    """``pos -> index`` of the first sentence holding article offset ``pos`` (or None)."""
    starts = [st.start for st in sents]
    ordered = all(st.start <= st.end for st in sents) and all(
        a.end <= b.start for a, b in zip(sents, sents[1:], strict=False)
    )
    if ordered:  # the usual case: sentences in text order, not overlapping; binary search

        def find(pos: int) -> int | None:
            i = bisect_right(starts, pos) - 1
            return i if i >= 0 and pos < sents[i].end else None

        return find

    def scan(pos: int) -> int | None:
        for i, st in enumerate(sents):
            if st.start <= pos < st.end:
                return i
        return None

    return scan


def _attribute_article(sents: list[Sentence], text: str, lex: SourceLexicon) -> Speakers:
    """Attribute the sentences of an article in place (their ``voice`` and ``speakers``);
    the article's speakers."""
    spk = Speakers(lex)
    quotes = find_quotes(text, lex)
    _mark_inside(sents, text, quotes)
    n = len(sents)

    def prev_ok(i: int, k: int = 1) -> int | None:
        j = i - k
        if j < 0 or sents[i].headline or sents[j].headline:
            return None
        return j

    # pass 1: cues in reading order, speakers linked as they come
    for i, st in enumerate(sents):
        cues = find_cues(st, i, spk, sents[i - 1].text if i else "")
        if not cues:
            continue
        for c in cues:
            if isinstance(c.mention, Mention) and c.mention.kind == "inherit":
                c.mention = _previous_speaker(sents, i, lex.max_gap) or unattributed()
            if isinstance(c.mention, Mention):
                spk.note(c.mention, i, speaking=True)
        st.cues = cues
        for c in cues:
            if c.kind == "backref" and c.rest > lex.tail_max_rest:
                continue
            st.add(c.start, c.mention, f"{_CUE_LABELS[c.kind]} {c.term}")

    # pass 2: quotes, which may take their speaker from the sentence after them
    sent_of = _sentence_finder(sents)
    for q in quotes:
        i0 = sent_of(q.open)
        i1 = sent_of(max(q.close - 1, q.open))
        if i0 is None or i1 is None:
            continue
        s0, s1 = sents[i0], sents[i1]
        rel_open = q.open - s0.start
        rel_close = q.close - s1.start
        before = s0.text[:rel_open]
        after = s1.text[rel_close + 1 :]
        clausal = not lex.clause_marks.isdisjoint(q.content)
        long_q = len(q.content) >= lex.long_chars and clausal
        starts = no_content(before)
        ends = no_content(after)
        multi = i1 > i0
        intro = [c for c in s0.cues if c.end <= rel_open and isinstance(c.mention, Mention)]
        adjacent = intro and _GAP_RE.fullmatch(s0.text[intro[-1].end : rel_open])
        colon = bool(_COLON_END_RE.search(before))
        tail_in = [
            c
            for c in s1.cues
            if c.kind == "tail" and c.start >= rel_close and isinstance(c.mention, Mention)
        ]
        around = [
            c
            for c in s0.cues
            if i0 == i1
            and c.start <= rel_open
            and c.end > rel_close
            and isinstance(c.mention, Mention)
        ]
        who: Mention | None = None
        how = ""
        if around:
            who, how = around[0].mention, "within " + around[0].kind
        elif intro and (adjacent or len(q.content) >= 8 or clausal or multi):
            who, how = intro[-1].mention, "introduced"
        elif colon:
            who, how = _colon_speaker(before, spk, i0), "colon"
        elif tail_in:
            who, how = tail_in[0].mention, "tail"
        if s0.headline or s1.headline:
            if who is None:
                continue  # a headline's quote takes no speaker from the text below it
        elif who is None and ends and (starts or clausal or multi):
            # the tail may follow a run of quotes (“…”“…”这是…听到的话)
            j = i1 + 1
            while j < n and j - i1 <= 6 and not sents[j].headline and _opens_quote(sents[j], lex):
                j += 1
            if j < n and not sents[j].headline:
                nxt = [
                    c
                    for c in sents[j].cues
                    if c.kind in ("tail", "backref") and isinstance(c.mention, Mention)
                ]
                if nxt:
                    who, how = nxt[0].mention, "tail"
        if who is None and not how and (starts and ends or multi or long_q):
            j = prev_ok(i0)
            prev_sp = sents[j].primary if j is not None and sents[j].voice == "source" else None
            nxt_intro = None
            if i1 + 1 < n and not sents[i1 + 1].headline:
                nxt_intro = next(
                    (
                        c.mention
                        for c in sents[i1 + 1].cues
                        if c.kind in ("verb", "formula", "noun")
                        and c.start <= 40
                        and isinstance(c.mention, Mention)
                    ),
                    None,
                )
            if prev_sp is not None:
                who, how = prev_sp, "previous speaker"
            elif starts and ends and nxt_intro is not None:
                who, how = nxt_intro, "next speaker"
            elif long_q and not (starts and ends):
                who, how = _previous_speaker(sents, i0, lex.max_gap), "previous speaker"
                if who is None:
                    who, how = unattributed(), "unattributed"
            else:
                who, how = unattributed(), "unattributed"
        if who is None:
            continue
        q.speech, q.mention, q.how = True, who, how
        spk.note(who, i1, speaking=True)
        for k in range(i0, i1 + 1):
            pos = rel_open if k == i0 else 0
            sents[k].add(pos, who, f"quote ({how})")

    # pass 3: continuations
    _continuations(sents, lex)
    after_name_titles(text, spk)
    return spk


def _opens_quote(st: Sentence, lex: SourceLexicon) -> bool:
    """The sentence starts with an opening quote mark or lies inside a quote."""
    head = st.text.lstrip(" …")
    return bool(head) and (head[0] in {a for a, _ in lex.quote_pairs} or all(st.inside))


def _colon_speaker(before: str, spk: Speakers, i: int) -> Mention:
    """The speaker of a quote after a colon: the last unnamed speaker term or known person
    in the clause before the colon (else unattributed)."""
    clause = before.rstrip(" :：")
    clause = clause[clause_start(clause, len(clause)) :]
    lex = spk.lex
    best: tuple[int, Mention] | None = None
    for term in lex.anonymous:
        p = clause.rfind(term)
        if p >= 0 and (best is None or p > best[0]):
            best = (p, Mention(f"anon:{term}", term, "anonymous", surface=term))
    for m in spk.known.values():
        p = clause.rfind(m.name)
        if m.kind == "person" and p >= 0 and (best is None or p > best[0]):
            best = (p, m)
    return best[1] if best else unattributed()


def _previous_speaker(sents: list[Sentence], i: int, gap: int) -> Mention | None:
    """The speaker of the nearest of the ``gap`` sentences before ``i`` that voices one
    (None past a headline or when none does)."""
    for k in range(1, gap + 1):
        j = i - k
        if j < 0 or sents[j].headline:
            return None
        if sents[j].voice == "source" and sents[j].primary is not None:
            return sents[j].primary
    return None


def _continuations(sents: list[Sentence], lex: SourceLexicon) -> None:
    """Pass 3: short fragments after a colon and enumerations (其次,…) go on with the
    speaker before them."""
    for i, st in enumerate(sents):
        if st.voice != "source" or st.headline:
            continue
        if any(c.colon for c in st.cues):
            j = i + 1
            while (
                j < len(sents)
                and not sents[j].headline
                and sents[j].voice == "journalist"
                and 0 < content_len(sents[j].text) <= lex.colon_fragment_chars
            ):
                sents[j].add(0, st.primary, "continuation after colon")
                j += 1
    for i, st in enumerate(sents):
        if st.voice != "journalist" or st.headline:
            continue
        if not st.text.startswith(lex.markers):
            continue
        for k in range(1, lex.max_gap + 1):
            j = i - k
            if j < 0 or sents[j].headline:
                break
            if sents[j].voice == "source" and sents[j].primary is not None:
                who = sents[j].primary
                for b in range(j + 1, i + 1):
                    sents[b].add(0, who, "continuation " + ("marker" if b == i else "bridge"))
                break


VOICES_ALGORITHM = "voices 1"
"""Bump when :func:`article_voices` could return something else for the same input (a cache
key: :mod:`framing.scoring.cache`)."""


def article_voices(rows: list[VoiceRow], text: str | None, lex: SourceLexicon) -> dict[str, list]:
    """Voices and speakers of one article, independent of its frames (a cacheable record).

    Parameters
    ----------
    rows : list of VoiceRow
        The article's sentences in order as ``(sent_id, text, start, end, is_headline)``,
        offsets into ``text`` or None.
    text : str or None
        The clean article text. Without it, or when the offsets do not fit it, the article
        is rebuilt from its sentences, one a line.
    lex : SourceLexicon
        The rules.

    Returns
    -------
    dict of str to list
        Plain lists (JSON-able): ``"v"``, one ``[position, speaker_id, speaker, role,
        evidence]`` per voiced sentence (position = index in ``rows``), and ``"s"``, one
        ``[speaker_id, speaker, kind, title, role, role_evidence, evidence, mentions,
        positions]`` per speaker in order of first appearance.
    """
    sents = _sentences_of(rows, text)
    if sents is None:
        sents, text = _rebuild(rows)
    assert text is not None
    spk = _attribute_article(sents, text, lex)
    per: dict[str, dict[str, Any]] = {}
    voiced: list[tuple[int, str, str, str]] = []
    for st in sents:
        if st.voice != "source":
            continue
        prim = st.primary
        ordered = sorted(st.speakers, key=lambda t: t[0])
        voiced.append(
            (st.idx, prim.key, prim.name, "; ".join(f"{how} -> {m.name}" for _, m, how in ordered))
        )
        seen: set[str] = set()
        for _, m, how in ordered:
            rec = per.setdefault(m.key, {"m": m, "sents": [], "ev": Counter(), "surf": []})
            rec["ev"][how.split(" -> ")[0]] += 1
            if m.surface and m.surface not in rec["surf"] and len(m.surface) <= 12:
                rec["surf"].append(m.surface)
            if m.key not in seen:
                rec["sents"].append(st.idx)
                seen.add(m.key)
    speakers: list[list] = []
    roles: dict[str, str] = {}
    for key, rec in per.items():
        m = rec["m"]
        full = spk.known.get(m.name) or spk.known.get(key) or m
        title = full.title or m.title
        if m.kind == "unattributed":
            role = ("other", "")
        elif m.kind == "anonymous":
            role = role_of(m.surface or m.name, lex)
        else:
            role = role_of(f"{title}{full.name}", lex, full.role or m.role)
        roles[key] = role[0]
        mentions = [full.name] + [s for s in rec["surf"] if s != full.name and len(s) <= 4]
        speakers.append(
            [
                key,
                full.name if m.kind != "unattributed" else UNATTRIBUTED,
                m.kind,
                title,
                role[0],
                role[1],
                "; ".join(
                    f"{k}×{v}" for k, v in sorted(rec["ev"].items(), key=lambda t: (-t[1], t[0]))
                ),
                "|".join(dict.fromkeys(mentions)),
                list(rec["sents"]),
            ]
        )
    return {
        "v": [[pos, key, name, roles[key], ev] for pos, key, name, ev in voiced],
        "s": speakers,
    }


def _rebuild(rows: list[VoiceRow]) -> tuple[list[Sentence], str]:
    """Sentences laid end to end (a line break around headlines), for articles without text;
    and that text."""
    out: list[Sentence] = []
    parts: list[str] = []
    pos = 0
    for k, (sent_id, t, _, _, head) in enumerate(rows):
        if k and (head or out[-1].headline):
            pos += 1
            parts.append("\n")
        out.append(Sentence(k, sent_id, t, pos, pos + len(t), head, [False] * len(t)))
        parts.append(t)
        pos += len(t)
    return out, "".join(parts)


def _sentences_of(rows: list[VoiceRow], text: str | None) -> list[Sentence] | None:
    """The article's sentences with offsets into ``text``; None if they do not fit it."""
    if text is None:
        return None
    out = []
    for k, (sent_id, t, a, b, head) in enumerate(rows):
        if a is None or b is None or text[a:b] != t:
            return None
        out.append(Sentence(k, sent_id, t, a, b, head, [False] * len(t)))
    return out
