"""The cues of ``sources.toml``, compiled: :class:`SourceLexicon` and its loader.

``lexicons/sources.toml`` holds every cue of voice attribution as data (quote marks, speech
verbs and formulas, speaker words, title words, organisations, the role lexicon).
:func:`load_source_lexicon` reads a file once per version of it and compiles its regular
expressions; :func:`check_sources` lists a file's problems for ``framing lexicon check``.
What the file must hold is :mod:`framing.lexicons.speaker_schema`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from framing.errors import LexiconError
from framing.lexicons.speaker_schema import read_sources_toml
from framing.lexicons.speaker_text import HAN, HAN_RE, LATIN_NAME, TITLE_DELIMS, TITLE_RUN
from framing.paths import lexicon_file

__all__ = [
    "LEXICON_FILE",
    "ROLES",
    "SourceLexicon",
    "check_sources",
    "is_sources_file",
    "load_source_lexicon",
    "org_key",
]

LEXICON_FILE = "sources.toml"
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
"""The roles of the bundled ``sources.toml``, in its order."""
_NEVER = "(?!)"  # a pattern that matches nowhere: the alternation of no terms


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
    """The cues of ``sources.toml``, compiled. Load with :func:`load_source_lexicon`.

    The fields hold the file's values (word lists as tuples or frozensets, longest first
    where the rules try them in turn) and the regular expressions compiled from them; the
    fields after ``role_labels`` are derived from the others, for speed.
    """

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
    """A pattern matching any of ``terms``, longest first (of no terms: nowhere)."""
    if not terms:
        return _NEVER
    return "|".join(re.escape(t) for t in sorted(set(terms), key=lambda s: (-len(s), s)))


def org_key(name: str) -> str:
    """The key of an organisation: its name without whitespace, casefolded (Open AI = openai).

    Parameters
    ----------
    name : str
        The organisation's name as written.

    Returns
    -------
    str
        The key under which an article's speakers and the lexicon's organisations meet.
    """
    return re.sub(r"\s+", "", name).casefold()


def check_sources(path: str | Path) -> list[str]:
    """Every problem of a ``sources.toml``, as voice attribution would meet it.

    Parameters
    ----------
    path : str or Path
        The file to check.

    Returns
    -------
    list of str
        One line per problem, ``FILE:LINE: problem; fix: ...``; empty when the file loads
        (:func:`load_source_lexicon` then returns its rules without raising).
    """
    return _checked(Path(path), str(path))[1]


def is_sources_file(path: str | Path) -> bool:
    """Whether a single lexicon file holds voice rules (rather than frames).

    Parameters
    ----------
    path : str or Path
        A file given to ``framing lexicon check``.

    Returns
    -------
    bool
        True for a file named ``sources.toml``, and for a TOML file with a ``[quotes]`` or
        ``[speech]`` table and no ``[frames]``; False for anything else (a folder, a file
        that cannot be read or parsed: the frames check reports it).
    """
    p = Path(path)
    if not p.is_file():
        return False
    if p.name == LEXICON_FILE:
        return True
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig")) if p.suffix.lower() == ".toml" else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "frames" not in data and ("quotes" in data or "speech" in data)


def _checked(path: Path, shown: str) -> tuple[SourceLexicon | None, list[str]]:
    """A sources file compiled (None when it has problems) and its problems, as
    ``FILE:LINE: problem; fix: ...`` (see :func:`read_sources_toml`)."""
    data, problems = read_sources_toml(path, shown)
    if data is None:
        return None, problems
    try:
        return _compile(path, data), []
    except (re.error, ValueError, TypeError, KeyError, IndexError, AttributeError) as err:
        return None, [
            f"{shown}:1: the rules cannot be compiled ({type(err).__name__}: {err}); fix: compare with the "
            "bundled sources.toml"
        ]


def _build(path: Path, shown: str) -> SourceLexicon:
    """The compiled rules of a sources file; its first problem as a LexiconError."""
    lex, problems = _checked(path, shown)
    if lex is None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        head, sep, fix = problems[0].partition("; fix: ")
        raise LexiconError(f"{head}{more}{sep}{fix}")
    return lex


def _compile(path: Path, data: dict) -> SourceLexicon:
    """The rules of checked sources.toml data (:func:`read_sources_toml`), compiled."""
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
    surnames = frozenset(ch for ch in names["surnames"] if HAN_RE.match(ch))
    compound = tuple(names["compound_surnames"])
    surname_class = "[" + "".join(sorted(surnames)) + "]"
    han_name = f"(?:{_alternation(list(compound))}|{surname_class})[{HAN}]{{1,2}}"
    name_re = f"(?:{han_name}|{LATIN_NAME})"
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
        f"(?P<title>[^{TITLE_DELIMS}]{{0,{TITLE_RUN}}}?(?:{title_alt})) ?(?P<name>{name_re})"
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
        orgs.append((o["name"], org_key(o["name"]), o.get("role", "")))
    # match organisation names as written, with or without inner spaces (Open AI)
    org_alts = sorted({o[0] for o in orgs}, key=lambda s: (-len(s), s))
    org_re = re.compile("|".join(" ?".join(re.escape(c) for c in name) for name in org_alts) or _NEVER)
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
    """The rules of the file at ``path`` as of ``mtime`` (``shown`` names it in errors)."""
    return _build(Path(path), shown)


def load_source_lexicon(path: str | Path | None = None) -> SourceLexicon:
    """Read and compile ``sources.toml``; cached per file and modification time.

    Parameters
    ----------
    path : str or Path, optional
        The file to read (default: the bundled ``lexicons/sources.toml``).

    Returns
    -------
    SourceLexicon
        The compiled rules.

    Raises
    ------
    LexiconError
        When the file has a problem :func:`check_sources` reports (it cannot be read, is not
        UTF-8 or TOML, lacks a table or key of :data:`SOURCE_SCHEMA`, holds a value of the
        wrong kind, an unknown key, an empty list that is needed, a regular expression
        without the groups the rules read ...): one line naming file, line and fix (and how
        many more problems there are).
    """
    p = Path(path) if path is not None else lexicon_file(LEXICON_FILE)
    try:
        mtime = p.stat().st_mtime
    except OSError as err:
        raise LexiconError(f"{p}:1: cannot read the sources file ({err.strerror or err}); fix: check the path") from None
    return _cached(str(p.resolve()), mtime, str(p))

