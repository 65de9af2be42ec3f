"""Sources and voices: who speaks in each sentence, the journalist or a quoted source.

>>> voices, sources = attribute_voices(scored.sentences, scored.documents)
>>> scored.sentences.join(voices)[["text", "voice", "speaker", "speaker_role"]]

The rules follow CODEBOOK.md ("Voice") and read all their cues from ``lexicons/sources.toml``
(speech verbs and formulas, title words, organisation names and suffixes, pronouns, the role
lexicon). A sentence is voiced by a ``source`` when it carries attributed speech:

* **direct quotes** in “…”, 「…」, 『…』, ‘…’ (also when they open in one sentence and close in
  a later one) that are speech, not scare quotes: introduced by a speech verb or a colon,
  followed by an attribution, standing as a sentence of their own, running over several
  sentences, or long;
* **speech verbs** with a plausible speaker as subject (梅涛表示, 业内人士分析, 中信证券曾估算);
* **formulas** that hold the speaker (据…介绍, 在…看来, 用…的话说, …用“…”来评价, X的答案);
* **attribution tails** (“…”梅涛说。 / 梅涛说。) and back-references (…作出了这样一句评价),
  which give the quote before them its speaker;
* **continuations**: short fragments after a colon (网友的评价:炸裂!惊艳!) and enumerated
  arguments (其次,…) that go on with the source of the sentence before.

Speakers are linked within an article: the first mention with title and affiliation
(智象未来创始人兼首席执行官、加拿大工程院院士梅涛) registers the person; later mentions by
name, by pronoun (他, 她: the person spoken of most recently) or, for organisations, by anaphor
(对方, 会议: the organisation mentioned most recently) resolve to the same ``speaker_id``.

Why regular expressions and not word segmentation: the cues are short closed-class strings
(verbs, title words, formulas) whose context decides (被认为 is not speech); personal names
are out of jieba's dictionary and often glued to the verb (梅涛说), so segmentation would add
errors without adding information. The rules run on characters and are deterministic.

Tables
------
``voices`` (indexed like the ``sentences`` passed in):

=============== ==========================================================================
voice           ``journalist`` (the reporter's narration) or ``source``
speaker_id      the speaker within the article: the name for persons (梅涛), the casefolded
                name for organisations (``openai``), ``anon:<term>`` for unnamed sources
                (``anon:业内人士``), ``anon:unattributed`` for speech with no speaker found;
                empty for the journalist. Named speakers share the id across articles.
speaker         the speaker as the article names them (梅涛, OpenAI, 业内人士, (unattributed))
speaker_role    the speaker's role (industry, academia, government, finance, legal, media,
                public, other); empty for the journalist
voice_evidence  the rules that fired, e.g. ``verb 表示 -> 梅涛; quote (tail) -> 梅涛``
=============== ==========================================================================

``sources``: one row per speaker per article:

=============== ==========================================================================
doc_id          the article
outlet          outlet name and ``outlet_id`` (when the sentences carry them)
speaker_id      as above
speaker         display name
kind            ``person``, ``organisation``, ``anonymous`` or ``unattributed``
title           title and affiliation as the article introduces the speaker
role            role id from the role lexicon
role_evidence   ``role:term`` of the term that decided the role (empty for ``other``)
evidence        the cues that attributed speech to the speaker, with counts
first_sent      the first sentence the speaker voices
n_sentences     sentences voiced by the speaker (a sentence can voice two speakers)
mentions        the forms used for the speaker (梅涛|他)
frames          frames of those sentences with counts (``technology:5; catch_up:2``)
n_<frame>       per frame, the number of those sentences carrying it
=============== ==========================================================================
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from framing.paths import lexicon_file

__all__ = [
    "SOURCE_COLUMNS",
    "VOICE_COLUMNS",
    "ROLES",
    "SourceLexicon",
    "VOICES_ALGORITHM",
    "article_rows",
    "voice_row",
    "article_voices",
    "assemble_voices",
    "attribute_voices",
    "check_source_file",
    "load_source_lexicon",
    "source_problems",
]

LEXICON_FILE = "sources.toml"
VOICE_COLUMNS: list[str] = ["voice", "speaker_id", "speaker", "speaker_role", "voice_evidence"]
SOURCE_COLUMNS: list[str] = [
    "doc_id",
    "outlet",
    "outlet_id",
    "speaker_id",
    "speaker",
    "kind",
    "title",
    "role",
    "role_evidence",
    "evidence",
    "first_sent",
    "n_sentences",
    "mentions",
    "frames",
]
ROLES: tuple[str, ...] = (
    "industry",
    "academia",
    "government",
    "finance",
    "legal",
    "media",
    "public",
    "other",
)
UNATTRIBUTED = "(unattributed)"
HAN = "\u3400-\u9fff\U00020000-\U0003134f"
_TITLE_RUN = 40  # at most this many characters of title before a title word
_HAN_RE = re.compile(f"[{HAN}]")
_LATIN_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+)+"
_PUNCT_END = set("。.!！?？…;；,，、:： \t\"'”’」』)）")
_CLAUSE_DELIMS = set(",，;；:：。!！?？“”「」『』‘’\n")
# a character that counts for _content_len: not in _PUNCT_END and not whitespace (\s is
# str.isspace for str patterns)
_CONTENT_CHAR_RE = re.compile("[^\\s" + re.escape("".join(sorted(_PUNCT_END))) + "]")
# characters a title cannot run over (title_name_re)
_TITLE_DELIMS = ",，;；:：。!！?？“”「」\n"
_LATIN_NAME_END_RE = re.compile(f"(?:^|(?<=[^A-Za-z]))({_LATIN_NAME})$")
_DATE_RE = re.compile(r"^(?:\d+月)?\d+日")
_COLON_SOON_RE = re.compile(r"[^,，。]{0,8}[:：]")
_GAP_RE = re.compile(r"[\s,，:：]*")
_COLON_END_RE = re.compile(r"[:：]\s*$")


# --------------------------------------------------------------------------- lexicon
@cache
def _literals(t: str) -> tuple[str, ...]:
    """The fixed pieces of a formula template: a sentence lacking one cannot match it."""
    return tuple(p for p in re.split(r"[…*]", t) if p)


def _template(t: str, speaker: str, anything: str) -> str:
    """Compile a formula template: "…" is the speaker slot, "*" any words."""
    out = []
    for ch in t:
        if ch == "…":
            out.append(speaker)
        elif ch == "*":
            out.append(anything)
        else:
            out.append(re.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class SourceLexicon:
    """The cues of ``sources.toml``, compiled. Load with :func:`load_source_lexicon`."""

    path: str
    version: str
    quote_pairs: tuple[tuple[str, str], ...]
    long_chars: int
    clause_marks: frozenset[str]
    verbs: tuple[str, ...]
    verb_re: re.Pattern
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    tail_only: frozenset[str]
    nouns_re: re.Pattern
    formulas: tuple[tuple[str, re.Pattern], ...]
    empty_ok: frozenset[str]
    back_refs: tuple[tuple[str, re.Pattern], ...]
    tail_max_rest: int
    markers: tuple[str, ...]
    colon_fragment_chars: int
    max_gap: int
    person_pronouns: frozenset[str]
    pronoun_window: int
    org_anaphors: frozenset[str]
    journalist_subjects: tuple[str, ...]
    anonymous: tuple[str, ...]
    strip_leading: tuple[str, ...]
    strip_trailing: tuple[re.Pattern, ...]
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    stop_after_name: frozenset[str]
    title_words: tuple[str, ...]
    title_name_re: re.Pattern
    intro_res: tuple[re.Pattern, ...]
    after_name_res: tuple[re.Pattern, ...]
    org_channels: tuple[str, ...]
    orgs: tuple[tuple[str, str, str], ...]  # (name, key, role)
    org_re: re.Pattern
    org_suffixes: tuple[str, ...]
    org_max: int
    role_order: tuple[str, ...]
    roles: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(hash=False)
    role_labels: dict[str, tuple[str, str]] = field(hash=False)
    # derived from the above, for speed
    title_at_re: re.Pattern  # title_name_re from its title word on (_title_names)
    quote_mark_re: re.Pattern  # any quote mark or a line break (_find_quotes)
    # formulas and back-references with the literal pieces a sentence must hold for them
    formula_cues: tuple[tuple[str, re.Pattern, frozenset[str]], ...]
    back_ref_cues: tuple[tuple[str, re.Pattern, frozenset[str]], ...]
    cue_pieces: tuple[str, ...]  # every such piece once
    cue_key_re: re.Pattern | None  # one required piece of each (None: one has no piece)
    title_word_re: re.Pattern  # any title word
    title_leading: tuple[str, ...]  # words _clean_title drops, in the order it tries them
    org_names: tuple[str, ...]
    org_keys: frozenset[str]
    # per tier (strong, weak): any of its terms, longest first, and each term's role
    role_terms: tuple[tuple[re.Pattern, dict[str, str]] | None, ...] = field(hash=False)


def _alternation(terms: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(set(terms), key=lambda s: (-len(s), s)))


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


def source_problems(data: dict) -> list[tuple[tuple[str, ...], str, str, str]]:
    """What keeps ``data`` (a parsed sources.toml) from being used: (table, key, problem,
    fix) for every missing table or key and every value of the wrong kind."""
    out: list[tuple[tuple[str, ...], str, str, str]] = []
    see = "compare with the bundled sources.toml"
    for table, keys in SOURCE_SCHEMA.items():
        node: Any = data
        for part in table:
            node = node.get(part) if isinstance(node, dict) else None
        name = ".".join(table)
        if not isinstance(node, dict):
            out.append((table, "", f"no [{name}] table", f"add it ({see})"))
            continue
        for key, kind in keys.items():
            if key not in node:
                out.append((table, key, f"[{name}] has no '{key}'", f"add {key} = ... ({see})"))
                continue
            problem = _value_problem(kind, node[key])
            if problem:
                out.append((table, key, f"[{name}] {key}: {problem}", f"write {_KIND_TEXT[kind]}"))
    names = (data.get("speakers") or {}).get("names") if isinstance(data.get("speakers"), dict) else None
    if isinstance(names, dict) and isinstance(names.get("surnames"), str) and not _HAN_RE.search(names["surnames"]):
        out.append((("speakers", "names"), "surnames", "[speakers.names] surnames holds no Chinese character",
                    "list the surnames as one string of characters"))
    roles = data.get("roles")
    if isinstance(roles, dict) and isinstance(roles.get("order"), list):
        for role in roles["order"]:
            spec = roles.get(role) if isinstance(role, str) else None
            if not isinstance(spec, dict):
                out.append((("roles",), "order", f"role '{role}' in [roles] order has no [roles.{role}] table",
                            f"add [roles.{role}] or remove it from order"))
                continue
            for tier in ("strong", "weak"):
                if tier in spec and _value_problem(_WORDS, spec[tier]):
                    out.append((("roles", str(role)), tier, f"[roles.{role}] {tier}: needs a list of strings",
                                "write a list of strings"))
            for label in ("label_zh", "label_en"):
                if label in spec and not isinstance(spec[label], str):
                    out.append((("roles", str(role)), label, f"[roles.{role}] {label}: needs a string",
                                "write a string"))
    return out


def _file_problems(real: Path, shown: str) -> tuple[dict | None, list[str]]:
    """Parse and check a sources file: its data (None when unusable) and every problem as
    ``FILE:LINE: problem; fix: ...`` (the file named ``shown``)."""
    from framing.lexicon import toml_line

    try:
        raw = real.read_bytes()
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
    problems = [
        f"{shown}:{toml_line(text, table, key)}: {problem}; fix: {fix}"
        for table, key, problem, fix in source_problems(data)
    ]
    if problems:
        return None, problems
    try:
        _compile(real, data)
    except (re.error, ValueError, TypeError, KeyError, IndexError, AttributeError) as err:
        return None, [
            f"{shown}:1: the rules cannot be compiled ({type(err).__name__}: {err}); fix: compare with the "
            "bundled sources.toml"
        ]
    return data, []


def check_source_file(path: str | Path) -> list[str]:
    """Every problem of a sources file, as ``FILE:LINE: problem; fix: ...`` (empty: it loads)."""
    return _file_problems(Path(path), str(path))[1]


def _build(path: Path, shown: str | None = None) -> SourceLexicon:
    from framing.errors import LexiconError

    data, problems = _file_problems(path, shown or str(path))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        head, sep, fix = problems[0].partition("; fix: ")
        raise LexiconError(f"{head}{more}{sep}{fix}")
    assert data is not None
    return _compile(path, data)


def _compile(path: Path, data: dict) -> SourceLexicon:
    q, sp, co, sk, ti, og, ro = (
        data["quotes"],
        data["speech"],
        data["continuation"],
        data["speakers"],
        data["titles"],
        data["organisations"],
        data["roles"],
    )
    names = sk["names"]
    surnames = frozenset(ch for ch in names["surnames"] if _HAN_RE.match(ch))
    compound = tuple(names["compound_surnames"])
    surname_class = "[" + "".join(sorted(surnames)) + "]"
    han_name = f"(?:{_alternation(list(compound))}|{surname_class})[{HAN}]{{1,2}}"
    name_re = f"(?:{han_name}|{_LATIN_NAME})"
    speaker = "(?P<spk>[^,，;；:：。!！?？“”「」『』\n]{0,45}?)"
    anything = "[^。!！?？\n]{0,80}?"
    verbs = list(sp["verbs"])
    verb_re = re.compile(f"(?P<verb>{_alternation(verbs)})(?P<suffix>称|道|说)?(?P<aspect>过|了)?")
    nouns_re = re.compile(f"的(?P<noun>{_alternation(sp['nouns'])})")
    formulas = tuple((f, re.compile(_template(f, speaker, anything))) for f in sp["formulas"])
    back_refs = tuple(
        (b, re.compile(_template(b, speaker, anything))) for b in sp["back_references"]
    )
    title_words = tuple(ti["words"])
    strip_leading = tuple(sorted(sk["strip_leading"], key=lambda s: (-len(s), s)))
    title_alt = _alternation(list(title_words))
    title_name_re = re.compile(
        f"(?P<title>[^{_TITLE_DELIMS}]{{0,{_TITLE_RUN}}}?(?:{title_alt})) ?(?P<name>{name_re})"
    )
    title_at_re = re.compile(f"(?P<word>{title_alt}) ?(?P<name>{name_re})")
    marks = "".join(a + b for a, b in q["pairs"])
    quote_mark_re = re.compile("[" + re.escape(marks) + "\n]")
    formula_cues = tuple((f, rx, frozenset(_literals(f))) for f, rx in formulas)
    back_ref_cues = tuple((b, rx, frozenset(_literals(b))) for b, rx in back_refs)
    cue_pieces = tuple(sorted({p for *_, ps in formula_cues + back_ref_cues for p in ps}))
    # a sentence holding none of these (the longest piece of each) holds no formula
    cue_keys = [max(_literals(f), key=len, default="") for f, *_ in formula_cues + back_ref_cues]
    cue_key_re = re.compile(_alternation(cue_keys)) if all(cue_keys) else None
    intro_res = tuple(re.compile(r.replace("NAME", name_re)) for r in ti["intro_regex"])
    after_res = tuple(re.compile(r.replace("NAME", name_re)) for r in ti["after_name_regex"])
    orgs = []
    for o in og["known"]:
        orgs.append((o["name"], _org_key(o["name"]), o.get("role", "")))
    # match organisation names as written, with or without inner spaces (Open AI)
    org_alts = sorted({o[0] for o in orgs}, key=lambda s: (-len(s), s))
    org_re = re.compile("|".join(" ?".join(re.escape(c) for c in name) for name in org_alts))
    roles = {r: (tuple(ro[r].get("strong", [])), tuple(ro[r].get("weak", []))) for r in ro["order"]}
    labels = {r: (ro[r].get("label_zh", r), ro[r].get("label_en", r)) for r in ro["order"]}
    return SourceLexicon(
        path=str(path),
        version=str(data.get("version", "")),
        quote_pairs=tuple((a, b) for a, b in q["pairs"]),
        long_chars=int(q["long_chars"]),
        clause_marks=frozenset(q["clause_marks"]),
        verbs=tuple(verbs),
        verb_re=verb_re,
        not_after=tuple(sp["not_after"]),
        not_before=tuple(sp["not_before"]),
        tail_only=frozenset(sp["tail_only"]),
        nouns_re=nouns_re,
        formulas=formulas,
        empty_ok=frozenset(sp["empty_speaker_ok"]),
        back_refs=back_refs,
        tail_max_rest=int(sp["tail_max_rest"]),
        markers=tuple(co["markers"]),
        colon_fragment_chars=int(co["colon_fragment_chars"]),
        max_gap=int(co["max_gap"]),
        person_pronouns=frozenset(sk["person_pronouns"]),
        pronoun_window=int(sk["pronoun_window"]),
        org_anaphors=frozenset(sk["org_anaphors"]),
        journalist_subjects=tuple(sk["journalist_subjects"]),
        anonymous=tuple(sorted(sk["anonymous"], key=lambda s: (-len(s), s))),
        strip_leading=strip_leading,
        strip_trailing=tuple(re.compile(r) for r in sk["strip_trailing_regex"]),
        surnames=surnames,
        compound_surnames=compound,
        stop_after_name=frozenset(names["stop_after_name"]),
        title_words=tuple(sorted(title_words, key=lambda s: (-len(s), s))),
        title_name_re=title_name_re,
        intro_res=intro_res,
        after_name_res=after_res,
        org_channels=tuple(sorted(ti["org_channels"], key=lambda s: (-len(s), s))),
        orgs=tuple(orgs),
        org_re=org_re,
        org_suffixes=tuple(sorted(og["suffixes"], key=lambda s: (-len(s), s))),
        org_max=int(og["max_chars"]),
        role_order=tuple(ro["order"]),
        roles=roles,
        role_labels=labels,
        title_at_re=title_at_re,
        quote_mark_re=quote_mark_re,
        formula_cues=formula_cues,
        back_ref_cues=back_ref_cues,
        cue_pieces=cue_pieces,
        cue_key_re=cue_key_re,
        title_word_re=re.compile(title_alt),
        title_leading=("作为", "据", "在", "用", "但", "而", "不过", "当时", *strip_leading),
        org_names=tuple(o[0] for o in orgs),
        org_keys=frozenset(o[1] for o in orgs),
        role_terms=tuple(_role_terms(roles, ro["order"], tier) for tier in (0, 1)),
    )


def _role_terms(
    roles: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], order: list[str], tier: int
) -> tuple[re.Pattern, dict[str, str]] | None:
    """The terms of one tier for role_of: their alternation (longest first, so a search finds
    the earliest term and, there, the longest) and the role of each (the first by name when
    two roles share a term, as role_of's ordering picks)."""
    role_of_term: dict[str, str] = {}
    for role in order:
        for term in roles[role][tier]:
            role_of_term[term] = min(role_of_term.get(term, role), role)
    if not role_of_term:
        return None
    return re.compile(_alternation(list(role_of_term))), role_of_term


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float, shown: str) -> SourceLexicon:
    return _build(Path(path), shown)


def load_source_lexicon(path: str | Path | None = None) -> SourceLexicon:
    """Read and compile ``sources.toml`` (the bundled one by default); cached per file.

    A file that cannot be read, is not UTF-8 or valid TOML, lacks a table or key of
    :data:`SOURCE_SCHEMA` or holds a value of the wrong kind raises
    :class:`~framing.errors.LexiconError` naming file, line and fix.
    """
    from framing.errors import LexiconError

    p = Path(path) if path is not None else lexicon_file(LEXICON_FILE)
    try:
        mtime = p.stat().st_mtime
    except OSError as err:
        raise LexiconError(f"{p}:1: cannot read the sources file ({err.strerror or err}); fix: check the path") from None
    return _cached(str(p.resolve()), mtime, str(p))


# --------------------------------------------------------------------------- speakers
def _org_key(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


@dataclass
class Mention:
    """A speaker as one cue names them."""

    key: str
    name: str
    kind: str  # person, organisation, anonymous, unattributed
    title: str = ""
    surface: str = ""
    role: str = ""  # fixed role (known organisations)


def _unattributed() -> Mention:
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
        if _org_key(name) in lex.org_keys:
            return None
        return np_[: m.start(1)].strip(" ,，、"), name
    for name in sorted(known, key=len, reverse=True):
        if known[name].kind == "person" and np_.endswith(name) and len(np_) >= len(name):
            return np_[: -len(name)].strip(" ,，、"), name
    chars = list(np_)
    if len(chars) < 2 or not all(_HAN_RE.match(c) for c in chars[-2:]):
        return None
    # after a title word the name is what remains (2-3 characters)
    for n in (2, 3):
        if len(chars) >= n + 1 and _ends_with_title("".join(chars[:-n]), lex):
            cand = "".join(chars[-n:])
            if _is_surname_start(cand, lex) and all(_HAN_RE.match(c) for c in cand):
                return "".join(chars[:-n]).strip(" ,，、"), cand
    for n in (3, 2):
        if len(chars) < n:
            continue
        cand = "".join(chars[-n:])
        if not all(_HAN_RE.match(c) for c in cand) or not _is_surname_start(cand, lex):
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


def _trim_name(name: str, lex: SourceLexicon) -> str:
    """A 3-character Han name candidate whose last character usually follows names: 2 chars."""
    if len(name) == 3 and _HAN_RE.match(name[-1]) and name[-1] in lex.stop_after_name:
        return name[:2]
    return name


class _Speakers:
    """The speakers and mentions of one article, in reading order."""

    def __init__(self, lex: SourceLexicon) -> None:
        self.lex = lex
        self.known: dict[str, Mention] = {}
        self.last_person: tuple[Mention, int] | None = None
        self.last_speaker: tuple[Mention, int] | None = None
        self.last_org: tuple[Mention, int] | None = None

    # -- registering
    def person(self, name: str, title: str, surface: str) -> Mention:
        name = name.strip()
        title = _clean_title(title, self.lex)
        m = self.known.get(name)
        if m is None:
            m = Mention(name if _HAN_RE.match(name[:1]) else name, name, "person", title, surface)
            self.known[name] = m
        elif title and not m.title:
            m.title = title
        return m

    def organisation(self, name: str, role: str = "") -> Mention:
        key = _org_key(name)
        canon = next((o for o in self.lex.orgs if o[1] == key), None)
        if canon:
            name, role = canon[0], canon[2] or role
        m = self.known.get(key)
        if m is None:
            m = Mention(key, name, "organisation", "", name, role)
            self.known[key] = m
        return m

    def note(self, m: Mention, i: int, speaking: bool) -> None:
        if m.kind == "person":
            self.last_person = (m, i)
            if speaking:
                self.last_speaker = (m, i)
        elif m.kind == "organisation":
            self.last_org = (m, i)

    # -- resolving
    def resolve_pronoun(self, i: int) -> Mention | None:
        sp, pe = self.last_speaker, self.last_person
        if sp and i - sp[1] <= self.lex.pronoun_window and (pe is None or pe[1] <= sp[1] + 1):
            return sp[0]
        if pe:
            return pe[0]
        return sp[0] if sp else None

    def parse(self, np_: str, i: int, before: str = "", prev: str = "") -> Mention | None | str:
        """The speaker a subject phrase names; ``"journalist"`` for 记者/我们; None if none."""
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
            if _HAN_RE.match(name[:1]):
                name = _trim_name(name, lex) if name not in self.known else name
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


# --------------------------------------------------------------------------- cues
@dataclass
class Cue:
    """One piece of attribution evidence inside a sentence (offsets in the sentence)."""

    start: int
    end: int
    kind: str  # verb, formula, noun, tail, backref
    term: str
    mention: Mention | None
    colon: bool = False  # speech goes on after a colon without quote marks
    rest: int = 0  # characters of the sentence that are not speaker + verb (back-references)


@dataclass
class Quote:
    """A top-level quotation in the article text (offsets in the article)."""

    open: int
    close: int  # offset of the closing mark (or where the quote was cut)
    content: str
    speech: bool = False
    mention: Mention | None = None
    how: str = ""


def _find_quotes(text: str, lex: SourceLexicon) -> list[Quote]:
    """Top-level quotes; an unclosed quote ends at its paragraph's end."""
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
            # “ and ” differ; ‘ ’ too. A mark that both opens and closes cannot occur here.
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
class _Sent:
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
        self.speakers.append((pos, m, how))
        self.voice = "source"

    @property
    def primary(self) -> Mention | None:
        return min(self.speakers, key=lambda t: t[0])[1] if self.speakers else None


def _clause_start(s: str, p: int) -> int:
    q = p
    while q > 0 and s[q - 1] not in _CLAUSE_DELIMS:
        q -= 1
    return q


def _content_len(s: str) -> int:
    """Characters other than whitespace and the punctuation of _PUNCT_END."""
    return len(_CONTENT_CHAR_RE.findall(s))


def _no_content(s: str) -> bool:
    """``_content_len(s) == 0``, without counting."""
    return _CONTENT_CHAR_RE.search(s) is None


class _TitleName(NamedTuple):
    """One match of ``title_name_re``: "<title><name>" (offsets in the searched text)."""

    start: int
    name_start: int
    title: str
    name: str
    text: str  # the whole match


def _title_names(s: str, lex: SourceLexicon) -> Iterator[_TitleName]:
    """The matches of ``lex.title_name_re.finditer(s)``, found from their title words.

    The regex opens with a lazy run of up to 40 characters, so the engine tries every title
    word at up to 40 offsets from every position. Searching ``title_at_re`` (title word and
    name) skips to the leftmost title word that has a name after it; finditer reaches that
    one first too, with its title running back to the last delimiter, at most 40 characters
    and not before the end of the previous match (tests/test_sources.py compares the two).
    """
    pos = 0
    while (m := lex.title_at_re.search(s, pos)) is not None:
        t = m.start()
        p = max(pos, t - _TITLE_RUN)
        for q in range(t - 1, p - 1, -1):
            if s[q] in _TITLE_DELIMS:
                p = q + 1
                break
        yield _TitleName(p, m.start("name"), s[p : m.end("word")], m.group("name"), s[p : m.end()])
        pos = m.end()


def _verb_cues(st: _Sent, i: int, spk: _Speakers, prev_text: str) -> list[Cue]:
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
        tail = _no_content(after)
        if verb in lex.tail_only and not tail:
            continue
        q = _clause_start(s, p)
        subject = s[q:p]
        who = spk.parse(subject, i, before=s[:q], prev=prev_text) if subject.strip() else None
        if who is None and not subject.strip():
            # 刘捷两提Sora,提到…: the subject of the clause before
            prev_clause = s[_clause_start(s, max(q - 1, 0)) : max(q - 1, 0)] if q else ""
            hit = next(_title_names(prev_clause, lex), None) if prev_clause else None
            if hit:
                name = _trim_name(hit.name, lex)
                who = spk.person(name, hit.title.strip(" ,，、"), hit.text)
        if who is None or who == "journalist":
            continue
        colon = after[:1] in (":", "：") and after[1:2] not in ("“", "「", "『")
        kind = "tail" if tail else "verb"
        rest = _content_len(s[:q]) if tail else 0
        cues.append(Cue(q, e, kind, verb + (m.group("suffix") or ""), who, colon, rest))
    return cues


def _pattern_cues(st: _Sent, i: int, spk: _Speakers, prev_text: str) -> list[Cue]:
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
                spk_text = s[_clause_start(s, m.start("spk")) : m.end("spk")]
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
        q = _clause_start(s, p)
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
                spk_text = s[_clause_start(s, m.start("spk")) : m.end("spk")]
            who = spk.parse(spk_text, i, before=s[: m.start()], prev=prev_text)
            if not isinstance(who, Mention):
                continue
            q = _clause_start(s, m.start("spk")) if name.startswith("…") else m.start()
            rest = _content_len(s[:q]) + _content_len(s[m.end() :])
            if not name.startswith("…"):
                rest = max(rest, lex.tail_max_rest + 1)
            cues.append(Cue(q, m.end(), "backref", name, who, rest=rest))
    return cues


def _register_intros(st: _Sent, i: int, spk: _Speakers) -> None:
    """Persons introduced with a title outside speech cues (作为…创始人,申波是…)."""
    lex = spk.lex
    s = st.text
    found: list[tuple[int, Mention]] = []
    for rx in lex.intro_res:
        for m in rx.finditer(s):
            if st.inside[m.start("name")]:
                continue
            name = _trim_name(m.group("name"), lex)
            found.append(
                (m.start("name"), spk.person(name, m.group("title").strip(" ,，、"), name))
            )
    for hit in _title_names(s, lex):
        if st.inside[hit.name_start]:
            continue
        name = _trim_name(hit.name, lex)
        title = hit.title[_clause_start(hit.title, len(hit.title)) :]
        found.append((hit.name_start, spk.person(name, title, hit.text)))
    for _pos, m in sorted(found, key=lambda t: t[0]):
        spk.note(m, i, speaking=False)


def _after_name_titles(text: str, spk: _Speakers) -> None:
    """Titles written after the name (龚银(Neil),曾任…,现任…) for speakers without one."""
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
            first.setdefault(_trim_name(hit.group("name"), spk.lex), title)
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
                for tn in _title_names(text, spk.lex):
                    t = tn.title
                    before.setdefault(
                        _trim_name(tn.name, spk.lex), t[_clause_start(t, len(t)) :].strip(" ,，、")
                    )
            if m.name in before:
                m.title = before[m.name]


# --------------------------------------------------------------------------- roles
def role_of(text: str, lex: SourceLexicon, fixed: str = "") -> tuple[str, str]:
    """(role, evidence) for a speaker's "title + name" text: earliest strong term, else
    earliest weak term, else ``other``. ``fixed`` (a known organisation's role) wins."""
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


# --------------------------------------------------------------------------- the article
_CUE_LABELS = {
    "verb": "verb",
    "tail": "tail",
    "formula": "formula",
    "noun": "speech noun",
    "backref": "tail",
}


def _mark_inside(sents: list[_Sent], text: str, quotes: list[Quote]) -> None:
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


def _sentence_finder(sents: list[_Sent]) -> Callable[[int], int | None]:
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


def _attribute_doc(sents: list[_Sent], text: str, lex: SourceLexicon) -> _Speakers:
    spk = _Speakers(lex)
    quotes = _find_quotes(text, lex)
    _mark_inside(sents, text, quotes)
    n = len(sents)

    def prev_ok(i: int, k: int = 1) -> int | None:
        j = i - k
        if j < 0 or sents[i].headline or sents[j].headline:
            return None
        return j

    # pass 1: cues in reading order, speakers linked as they come
    for i, st in enumerate(sents):
        prev_text = sents[i - 1].text if i else ""
        _register_intros(st, i, spk)
        patterns = _pattern_cues(st, i, spk, prev_text)
        verbs = _verb_cues(st, i, spk, prev_text)
        spans = [(c.start, c.end) for c in patterns if c.kind in ("formula", "backref")]
        if spans:  # a verb inside a formula is the formula's
            verbs = [c for c in verbs if not any(a <= c.end - 1 < b for a, b in spans)]
        cues = verbs + patterns
        if not cues:
            continue
        cues.sort(key=lambda c: (c.start, -c.end))
        for c in cues:
            if isinstance(c.mention, Mention) and c.mention.kind == "inherit":
                c.mention = _previous_speaker(sents, i, lex.max_gap) or _unattributed()
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
        starts = _no_content(before)
        ends = _no_content(after)
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
                    who, how = _unattributed(), "unattributed"
            else:
                who, how = _unattributed(), "unattributed"
        if who is None:
            continue
        q.speech, q.mention, q.how = True, who, how
        spk.note(who, i1, speaking=True)
        for k in range(i0, i1 + 1):
            pos = rel_open if k == i0 else 0
            sents[k].add(pos, who, f"quote ({how})")

    # pass 3: continuations
    _continuations(sents, lex)
    _after_name_titles(text, spk)
    return spk


def _opens_quote(st: _Sent, lex: SourceLexicon) -> bool:
    """The sentence starts with an opening quote mark or lies inside a quote."""
    head = st.text.lstrip(" …")
    return bool(head) and (head[0] in {a for a, _ in lex.quote_pairs} or all(st.inside))


def _colon_speaker(before: str, spk: _Speakers, i: int) -> Mention:
    clause = before.rstrip(" :：")
    clause = clause[_clause_start(clause, len(clause)) :]
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
    return best[1] if best else _unattributed()


def _previous_speaker(sents: list[_Sent], i: int, gap: int) -> Mention | None:
    for k in range(1, gap + 1):
        j = i - k
        if j < 0 or sents[j].headline:
            return None
        if sents[j].voice == "source" and sents[j].primary is not None:
            return sents[j].primary
    return None


def _continuations(sents: list[_Sent], lex: SourceLexicon) -> None:
    for i, st in enumerate(sents):
        if st.voice != "source" or st.headline:
            continue
        if any(c.colon for c in st.cues):
            j = i + 1
            while (
                j < len(sents)
                and not sents[j].headline
                and sents[j].voice == "journalist"
                and 0 < _content_len(sents[j].text) <= lex.colon_fragment_chars
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


# --------------------------------------------------------------------------- public
VOICES_ALGORITHM = "voices 1"
"""Bump when :func:`article_voices` could return something else for the same input (a cache
key: :mod:`framing.scoring.cache`)."""


def article_voices(
    rows: list[tuple[int, str, int | None, int | None, bool]],
    text: str | None,
    lex: SourceLexicon,
) -> dict[str, list]:
    """Voices and speakers of one article, independent of its frames (a cacheable record).

    ``rows`` are the article's sentences in order as ``(sent_id, text, start, end,
    is_headline)``, offsets into ``text`` (the clean article) or None; without ``text``, or
    when the offsets do not fit it, the article is rebuilt from its sentences, one a line.

    Returns plain lists (JSON-able): ``"v"``, one ``[position, speaker_id, speaker, role,
    evidence]`` per voiced sentence (position = index in ``rows``), and ``"s"``, one
    ``[speaker_id, speaker, kind, title, role, role_evidence, evidence, mentions,
    positions]`` per speaker in order of first appearance.
    """
    sents = _sentences_of(rows, text)
    if sents is None:
        sents, text = _rebuild(rows)
    assert text is not None
    spk = _attribute_doc(sents, text, lex)
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


def voice_row(
    sent_id: Any, text: Any, start: Any, end: Any, headline: Any
) -> tuple[int, str, int | None, int | None, bool]:
    """One entry of the ``rows`` of :func:`article_voices` (a missing offset -> None)."""
    return (
        int(sent_id),
        str(text),
        None if start is None or start != start else int(start),
        None if end is None or end != end else int(end),
        bool(headline),
    )


def article_rows(group: pd.DataFrame) -> list[tuple[int, str, int | None, int | None, bool]]:
    """The ``rows`` argument of :func:`article_voices` from an article's sentence rows."""
    n = len(group)
    starts = group["start"].tolist() if "start" in group else [None] * n
    ends = group["end"].tolist() if "end" in group else [None] * n
    heads = group["is_headline"].tolist() if "is_headline" in group else [False] * n
    return [
        voice_row(*r)
        for r in zip(group["sent_id"].tolist(), group["text"].tolist(), starts, ends, heads, strict=True)
    ]


def _articles(order: pd.DataFrame) -> list[tuple[Any, np.ndarray]]:
    """``(doc_id, positions in order)`` per article: the groups of
    ``order.groupby("doc_id", sort=False)`` (which factorizes the same way, dropping missing
    ids), without building a frame for each article."""
    codes, uniques = pd.factorize(order["doc_id"], sort=False)
    by_code = np.argsort(codes, kind="stable")  # missing ids (-1) first, rows kept in order
    bounds = np.searchsorted(codes[by_code], np.arange(len(uniques) + 1))
    keys = pd.Index(uniques)  # iterated, like groupby's keys (Python scalars for numpy dtypes)
    return [(key, by_code[bounds[k] : bounds[k + 1]]) for k, key in enumerate(keys)]


def assemble_voices(
    sentences: pd.DataFrame, records: dict[str, dict[str, list]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``voices`` and ``sources`` tables from :func:`article_voices` records (by doc_id)
    and the ``frame_<id>`` columns of ``sentences`` (sorted by doc_id, then sent_id)."""
    frame_cols = [c for c in sentences.columns if c.startswith("frame_")]
    frame_ids = [c[len("frame_") :] for c in frame_cols]
    n = len(sentences)
    voice = ["journalist"] * n
    speaker_id = [""] * n
    speaker = [""] * n
    speaker_role = [""] * n
    evidence = [""] * n
    flags = sentences[frame_cols].fillna(False).astype(bool).to_numpy() if frame_cols else None
    order = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    positions = pd.Series(range(n), index=sentences.index)
    row_of = None  # the row number of each row of order (with repeated labels: per article)
    if sentences.index.is_unique:
        row_of = sentences.index.get_indexer(order.index)
    sent_ids = sentences["sent_id"].to_numpy()
    outlets = order["outlet"] if "outlet" in sentences else None
    outlet_ids = order["outlet_id"] if "outlet_id" in sentences else None
    source_rows: list[list] = []
    for doc_id, at_order in _articles(order):
        rec = records[str(doc_id)]
        if row_of is not None:  # article position -> row number
            rows = row_of[at_order]
        else:
            rows = positions.loc[order.index[at_order]].to_numpy()
        first = int(at_order[0])
        for pos, key, name, role, ev in rec["v"]:
            r = rows[pos]
            voice[r], speaker_id[r], speaker[r], speaker_role[r], evidence[r] = (
                "source", key, name, role, ev
            )
        outlet = outlets.iloc[first] if outlets is not None else ""
        outlet_id = outlet_ids.iloc[first] if outlet_ids is not None else ""
        for key, name, kind, title, role, role_ev, ev, mentions, where in rec["s"]:
            at = rows[where]
            counts = [int(c) for c in flags[at].sum(axis=0)] if flags is not None else []
            frames = "; ".join(
                f"{frame_ids[k]}:{c}"
                for k, c in sorted(enumerate(counts), key=lambda t: (-t[1], t[0]))
                if c
            )
            source_rows.append(
                [doc_id, outlet, outlet_id, key, name, kind, title, role, role_ev, ev,
                 int(sent_ids[at].min()), len(where), mentions, frames, *counts]
            )
    voices = pd.DataFrame(
        {
            "voice": voice,
            "speaker_id": speaker_id,
            "speaker": speaker,
            "speaker_role": speaker_role,
            "voice_evidence": evidence,
        },
        index=sentences.index,
        dtype=object,
    )
    columns = SOURCE_COLUMNS + [f"n_{f}" for f in frame_ids]
    sources = pd.DataFrame(source_rows, columns=columns)
    if len(sources):
        sources = sources.sort_values(["doc_id", "first_sent", "speaker_id"], kind="stable")
        sources = sources.reset_index(drop=True)
    for c in ("first_sent", "n_sentences", *[f"n_{f}" for f in frame_ids]):
        sources[c] = sources[c].astype("int64")
    return voices, sources


def attribute_voices(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    lexicon_path: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who voices each sentence: the journalist or a source, and the sources of each article.

    Parameters
    ----------
    sentences:
        One row per sentence with ``doc_id, sent_id, text`` and, if available,
        ``is_headline``, ``start``/``end`` (offsets into the article's clean text), ``outlet``,
        ``outlet_id`` and ``frame_<id>`` (bool) columns.
    documents:
        ``doc_id, text`` (the clean article text the offsets point into). Without it, or
        when offsets are missing, the article is rebuilt from its sentences, one a line.
    lexicon_path:
        A ``sources.toml`` to use instead of the bundled one.

    Returns
    -------
    (voices, sources)
        ``voices`` has the columns :data:`VOICE_COLUMNS` and the index of ``sentences``;
        ``sources`` one row per speaker per article (columns :data:`SOURCE_COLUMNS` plus
        ``n_<frame>`` per frame). See the module docstring for every column.
    """
    lex = load_source_lexicon(lexicon_path)
    need = [c for c in ("doc_id", "sent_id", "text") if c not in sentences]
    if need:
        raise ValueError(f"attribute_voices needs sentence column(s) {', '.join(need)}")
    doc_text: dict[str, str] = {}
    if documents is not None and "text" in documents and "doc_id" in documents:
        doc_text = {
            str(d): t
            for d, t in zip(documents["doc_id"], documents["text"], strict=False)
            if isinstance(t, str)
        }
    order = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    rows = article_rows(order)  # all articles at once, then split
    records = {
        str(doc_id): article_voices([rows[p] for p in at], doc_text.get(str(doc_id)), lex)
        for doc_id, at in _articles(order)
    }
    return assemble_voices(sentences, records)


def _rebuild(
    rows: list[tuple[int, str, int | None, int | None, bool]],
) -> tuple[list[_Sent], str]:
    """Sentences laid end to end (a line break around headlines), for articles without text;
    and that text."""
    out: list[_Sent] = []
    parts: list[str] = []
    pos = 0
    for k, (sent_id, t, _, _, head) in enumerate(rows):
        if k and (head or out[-1].headline):
            pos += 1
            parts.append("\n")
        out.append(_Sent(k, sent_id, t, pos, pos + len(t), head, [False] * len(t)))
        parts.append(t)
        pos += len(t)
    return out, "".join(parts)


def _sentences_of(
    rows: list[tuple[int, str, int | None, int | None, bool]], text: str | None
) -> list[_Sent] | None:
    """The article's sentences with offsets into ``text``; None if they do not fit it."""
    if text is None:
        return None
    out = []
    for k, (sent_id, t, a, b, head) in enumerate(rows):
        if a is None or b is None or text[a:b] != t:
            return None
        out.append(_Sent(k, sent_id, t, a, b, head, [False] * len(t)))
    return out
