"""Lexicons: the frame cues, tone words and modifiers that scoring applies.

A lexicon set is three plain-text TOML files (``frames.toml``, ``tone.toml``,
``modifiers.toml``) that a researcher reads, edits and extends; the bundled set implements
CODEBOOK.md. Loading validates everything and names file, line and fix for each problem::

    >>> lex = load_lexicons("lexicons/")          # or default_lexicons()
    >>> lex.frame_ids
    ['threat', 'opportunity', 'catch_up', 'spectacle', 'limitation', 'resources', ...]

Researchers can also bring LIWC-style ``.dic`` files and CSV term lists
(:func:`read_dic`, :func:`read_csv_terms`) and write any set back out
(:func:`write_dic`, :func:`write_csv_terms`, :func:`save_lexicons`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from framing.errors import LexiconError
from framing.paths import lexicon_dir

__all__ = [
    "Term",
    "Frame",
    "Modifiers",
    "Lexicons",
    "load_lexicons",
    "default_lexicons",
    "check_lexicons",
    "check_lexicon_files",
    "FileCheck",
    "frames_in_force",
    "rule_files",
    "RULE_FILES",
    "read_dic",
    "write_dic",
    "read_csv_terms",
    "write_csv_terms",
    "save_lexicons",
    "is_latin_term",
    "is_pattern",
    "PATTERN_OPTIONS",
]

FRAME_FILE = "frames.toml"
TONE_FILE = "tone.toml"
MODIFIER_FILE = "modifiers.toml"
TONE_LABELS = ("positive", "negative")
MAX_WEIGHT = 5.0
ENTRY_KEYS = (
    "weight", "exclude", "requires", "unless", "shared_with", "note", "order", "within",
)
PATTERN_OPTIONS = {"order": ("given", "any"), "within": ("clause", "sentence")}
"""Values of a pattern entry's ``order`` and (besides a whole number of tokens) ``within``."""
MAX_WITHIN = 50  # the largest token window a pattern may ask for
FRAME_KEYS = ("label_zh", "label_en", "definition", "negatable", "tone", "terms")
MODIFIER_TABLES = (
    "version",
    "negation",
    "resolution",
    "contrast",
    "intensifiers",
    "dismissal",
    "post_negation",
    "question",
    "concessive",
)
# modifier fields that name frames of the codebook, skipped where a set lacks them
_MODIFIER_FRAME_LISTS = {
    "dismissal_frames": ("dismissal", "frames"),
    "post_negation_frames": ("post_negation", "frames"),
}
_FRAME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_LATIN = re.compile(r"[A-Za-z0-9]")
# what separates the slots of a co-occurrence pattern: … (U+2026; …… as well) or ...
_SLOT_SEP = re.compile(r"…+|\.{3,}")


def is_latin_term(term: str) -> bool:
    """True when a term holds Latin letters or digits (matched on text, case-insensitively)."""
    return bool(_LATIN.search(term))


def is_pattern(term: str) -> bool:
    """True when a term is a co-occurrence pattern (slots separated by …, …… or ...)."""
    return bool(_SLOT_SEP.search(term))


def _norm(term: str) -> str:
    """Identity of a term for duplicate checks: Latin terms compare case-insensitively,
    patterns whatever their slot separator."""
    if is_pattern(term):
        term = "…".join(p.strip() for p in _SLOT_SEP.split(term))
    return term.casefold() if is_latin_term(term) else term


# --------------------------------------------------------------------------------------
# model


@dataclass(frozen=True)
class Term:
    """One cue: a frame term (``layer='frame'``, label = frame id) or a tone word
    (``layer='tone'``, label = ``positive``/``negative``).

    ``exclude`` lists longer strings inside which the term does not count (风险投资 for
    风险); ``requires`` lists strings of which one must occur in the same sentence (context
    names already expanded); ``unless`` lists strings of which none may occur elsewhere in
    the sentence (短板 is a limitation unless the sentence names an input such as 算力: then
    it is resources talk); ``shared_with`` names the other frames that deliberately hold
    the same term.

    A co-occurrence cue (a pattern such as ``降低|压低…成本|门槛``) keeps its entry as written
    in ``term`` and its ``slots``: per slot the alternatives, ``@context`` names expanded.
    ``order`` is ``"given"`` (the slots in the written order) or ``"any"``; ``within`` is
    ``"clause"`` (no clause punctuation between the slots), ``"sentence"`` or a whole number
    of word tokens from the first slot's token to the last's. Plain terms have no slots.
    """

    term: str
    layer: str
    label: str
    weight: float = 1.0
    exclude: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    shared_with: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    line: int = 0
    slots: tuple[tuple[str, ...], ...] = ()
    order: str = "given"
    within: str | int = "clause"
    unless: tuple[str, ...] = ()

    @property
    def sign(self) -> int:
        """-1 for negative tone words, +1 otherwise."""
        return -1 if self.label == "negative" else 1

    @property
    def is_pattern(self) -> bool:
        """True for a co-occurrence cue (two or more slots)."""
        return bool(self.slots)

    @property
    def strings(self) -> tuple[str, ...]:
        """The strings the cue is made of: the term, or every alternative of every slot."""
        if not self.slots:
            return (self.term,)
        return tuple(dict.fromkeys(a for slot in self.slots for a in slot))

    def definition(self) -> tuple:
        """Everything matching reads from the entry (all but weight, note and origin)."""
        d: tuple = (self.layer, self.label, self.term, tuple(self.exclude), tuple(self.requires))
        if self.slots:
            d += (self.slots, self.order, self.within)
        if self.unless:
            d += (("unless",) + tuple(self.unless),)
        return d


@dataclass(frozen=True)
class Frame:
    """A frame of the codebook with its cue terms."""

    id: str
    label_zh: str
    label_en: str
    definition: str
    terms: tuple[Term, ...] = ()
    negatable: bool = True
    tone: float = 0.0
    """What carrying the frame adds to a sentence's tone (threat -0.5: a harm reported is
    evaluation even without an evaluative word); 0 for frames that name a topic."""
    source: str = ""
    """The frames file that defines the frame (a researcher's, or the bundled one)."""


@dataclass(frozen=True)
class Modifiers:
    """Negators, contrast markers, intensifiers and diminishers, post-cue dismissal and
    negated predicates, questions and concessive clauses (see ``modifiers.toml``).

    ``tone_before`` is the factor of tone words in a conceded clause: after a concessive
    marker (虽然 …) up to the main clause, or before an adversative marker (但 …);
    ``concessive_frame`` the same for frame cues. A rule whose words are empty is off.
    """

    negators: tuple[str, ...] = ()
    glued_negators: tuple[str, ...] = ()
    transparent: tuple[str, ...] = ()
    negation_scope: int = 4
    tone_negation_factor: float = -0.5
    resolvers: tuple[str, ...] = ()
    resolver_frames: tuple[str, ...] = ()
    reverse: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()
    adversative: tuple[str, ...] = ()
    tone_before: float = 0.5
    intensifiers: dict[str, float] = field(default_factory=dict)
    intensifier_scope: int = 2
    version: str = ""
    dismissal: tuple[str, ...] = ()
    dismissal_frames: tuple[str, ...] = ()
    dismissal_tone: bool = True
    post_negation: tuple[str, ...] = ()
    post_negation_frames: tuple[str, ...] = ()
    post_negation_tone: bool = True
    post_negation_scope: int = 6
    question_end: tuple[str, ...] = ()
    question_words: tuple[str, ...] = ()
    question_particles: tuple[str, ...] = ()
    question_wh: tuple[str, ...] = ()
    rhetorical: tuple[str, ...] = ()
    question_frame_factor: float = 1.0
    question_tone_factor: float = 0.0
    concessive: tuple[str, ...] = ()
    concessive_main: tuple[str, ...] = ()
    concessive_frame: float = 1.0

    def words(self) -> list[str]:
        """Every modifier word (to keep them whole in the tokenizer). Question words and
        rhetorical markers (the parts of 还…吗) are among them although they are looked for
        in the text: kept whole, the 不会 of 会不会 is not cut off as a negator."""
        marks = {
            part.strip()
            for w in self.question_words + self.question_particles + self.rhetorical
            for part in _SLOT_SEP.split(w)
            if part.strip()
        }
        return sorted(
            set(self.negators)
            | set(self.resolvers)
            | set(self.reverse)
            | set(self.openers)
            | set(self.adversative)
            | set(self.intensifiers)
            | set(self.dismissal)
            | set(self.post_negation)
            | set(self.concessive)
            | set(self.concessive_main)
            | marks
        )


@dataclass(frozen=True)
class Lexicons:
    """A validated lexicon set.

    ``frames`` in codebook order, ``tone`` words (positive and negative), ``modifiers``,
    the frame ``threshold`` (summed cue weight that marks a sentence), the named
    ``contexts`` used by ``requires`` rules, and for the manifest the ``versions``,
    ``paths`` and ``sha256`` of the files read (keyed ``frames``, ``tone``, ``modifiers``).
    """

    frames: tuple[Frame, ...]
    tone: tuple[Term, ...]
    modifiers: Modifiers
    threshold: float = 1.0
    contexts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    vocabulary: tuple[str, ...] = ()
    """Domain words the tokenizer keeps whole (``vocabulary.txt``), beside the terms."""
    stopwords: tuple[str, ...] | None = None
    """Words keyness leaves out (``stopwords.txt``; None: the bundled list)."""

    @property
    def frame_ids(self) -> list[str]:
        """Frame ids in codebook order."""
        return [f.id for f in self.frames]

    @property
    def version(self) -> str:
        """One string naming the versions of the three files."""
        return ", ".join(f"{k} {v}" for k, v in self.versions.items())

    def frame(self, frame_id: str) -> Frame:
        """The frame with this id (KeyError if unknown)."""
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(frame_id)

    @property
    def frame_terms(self) -> list[Term]:
        """All frame terms, frame by frame."""
        return [t for f in self.frames for t in f.terms]

    @property
    def terms(self) -> list[Term]:
        """All frame terms and tone words."""
        return self.frame_terms + list(self.tone)

    def user_words(self) -> list[str]:
        """Chinese words the tokenizer must keep whole: terms (the slot alternatives of a
        pattern), rule contexts, modifiers."""
        words: set[str] = set()
        for t in self.terms:
            words.update(t.strings)
            words.update(t.exclude)
            words.update(t.requires)
            words.update(t.unless)
        words.update(self.modifiers.words())
        words.update(self.vocabulary)
        return sorted(w for w in words if w and not is_latin_term(w) and " " not in w)

    @property
    def fingerprint(self) -> str:
        """sha256 of the content that matters for scoring (a cache key)."""
        h = hashlib.sha256()
        h.update(repr(self.threshold).encode())
        h.update(repr([(f.id, f.negatable) for f in self.frames]).encode())
        if any(f.tone for f in self.frames):
            h.update(repr([(f.id, f.tone) for f in self.frames]).encode())
        for t in self.terms:
            h.update(repr((t.term, t.layer, t.label, t.weight, t.exclude, t.requires)).encode())
            if t.unless:
                h.update(repr(("unless", t.unless)).encode())
            if t.slots:
                h.update(repr((t.slots, t.order, t.within)).encode())
        h.update(repr(self.modifiers).encode())
        h.update(repr(sorted(self.vocabulary)).encode())
        return h.hexdigest()

    def metadata(self) -> pd.DataFrame:
        """One row per frame: id, label_zh, label_en, definition, n_terms."""
        return pd.DataFrame(
            [
                {
                    "id": f.id,
                    "label_zh": f.label_zh,
                    "label_en": f.label_en,
                    "definition": f.definition,
                    "n_terms": len(f.terms),
                }
                for f in self.frames
            ]
        )

    def to_frame(self) -> pd.DataFrame:
        """All terms as a table: layer, label, term, weight, exclude, requires, shared_with,
        note, source, line, order, within (lists joined with ``|``; ``order`` and ``within``
        are empty for plain terms)."""
        rows = [
            {
                "layer": t.layer,
                "label": t.label,
                "term": t.term,
                "weight": t.weight,
                "exclude": "|".join(t.exclude),
                "requires": "|".join(t.requires),
                "unless": "|".join(t.unless),
                "shared_with": "|".join(t.shared_with),
                "note": t.note,
                "source": t.source,
                "line": t.line,
                "order": t.order if t.slots else "",
                "within": str(t.within) if t.slots else "",
            }
            for t in self.terms
        ]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        n = sum(len(f.terms) for f in self.frames)
        return (
            f"Lexicons({len(self.frames)} frames, {n} frame terms, {len(self.tone)} tone words, "
            f"{self.version})"
        )


# --------------------------------------------------------------------------------------
# problems and locating lines in TOML text


@dataclass
class _Problem:
    file: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        fix = f"; fix: {self.fix}" if self.fix else ""
        return f"{self.file}:{self.line}: {self.problem}{fix}"

    @classmethod
    def parse(cls, message: str) -> _Problem:
        """A problem from a ``FILE:LINE: problem; fix: ...`` message (line 1 when it has none)."""
        m = re.match(r"^(?P<file>.+?):(?P<line>[0-9]+): (?P<problem>.*?)(?:; fix: (?P<fix>.*))?$", message, re.S)
        if m is None:
            return cls(message.split(": ", 1)[0], 1, message, "")
        return cls(m["file"], int(m["line"]), m["problem"], m["fix"] or "")


class _Problems(list):
    def add(self, file: str, line: int, problem: str, fix: str) -> None:
        self.append(_Problem(file, max(int(line), 1), problem, fix))


_HEADER = re.compile(r"^\s*\[\[?\s*(?P<h>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?P<k>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=\s*(?P<v>.*)$""")
_STRING = re.compile(r""""((?:[^"\\]|\\.)*)"|'([^']*)'""")


def _unquote(token: str) -> str:
    token = token.strip()
    if token.startswith('"'):
        try:
            return json.loads(token)
        except ValueError:
            return token[1:-1]
    if token.startswith("'"):
        return token[1:-1]
    return token


def _split_header(h: str) -> tuple[str, ...]:
    parts = re.findall(r""""(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+""", h)
    return tuple(_unquote(p) for p in parts)


class _Locator:
    """Maps (table, key) and (table, key, array item) to line numbers of a TOML text.

    tomllib keeps no positions, so the raw text is scanned line by line: table headers,
    ``key = value`` lines, and string items of arrays that span several lines.
    """

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[tuple[str, ...], str], list[int]] = {}
        self.items: dict[tuple[tuple[str, ...], str, str], list[int]] = {}
        self.headers: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        array_key: str | None = None
        for no, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if array_key is not None:
                for m in _STRING.finditer(line):
                    self.items.setdefault((table, array_key, _unquote_item(m)), []).append(no)
                if "]" in _strip_strings(line).split("#")[0]:
                    array_key = None
                continue
            if not stripped or stripped.startswith("#"):
                continue
            hm = _HEADER.match(line)
            if hm and not _KEY.match(line):
                table = _split_header(hm.group("h"))
                self.headers.setdefault(table, no)
                continue
            km = _KEY.match(line)
            if km:
                key = _unquote(km.group("k"))
                self.keys.setdefault((table, key), []).append(no)
                value = km.group("v")
                bare = _strip_strings(value).split("#")[0]
                if "[" in bare:
                    for m in _STRING.finditer(value):
                        self.items.setdefault((table, key, _unquote_item(m)), []).append(no)
                    if bare.count("[") > bare.count("]"):
                        array_key = key

    def key(self, table: tuple[str, ...], key: str, nth: int = 0) -> int:
        lines = self.keys.get((table, key))
        if lines:
            return lines[min(nth, len(lines) - 1)]
        return self.headers.get(table, 1)

    def item(self, table: tuple[str, ...], key: str, item: str, nth: int = 0) -> int:
        lines = self.items.get((table, key, item))
        if lines:
            return lines[min(nth, len(lines) - 1)]
        return self.key(table, key)


def _unquote_item(m: re.Match) -> str:
    if m.group(1) is not None:
        try:
            return json.loads('"' + m.group(1) + '"')
        except ValueError:
            return m.group(1)
    return m.group(2)


def _strip_strings(text: str) -> str:
    return _STRING.sub('""', text)


def _read_toml(path: Path, problems: _Problems) -> tuple[dict | None, _Locator | None]:
    """Parse one TOML file; syntax errors and duplicate keys become problems."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.add(name, 1, f"cannot read the file ({err.strerror})", "check the path")
        return None, None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.add(name, line, "the file is not UTF-8", "save it as UTF-8")
        return None, None
    loc = _Locator(text)
    dup_lines: set[int] = set()
    for (table, key), lines in loc.keys.items():
        if len(lines) > 1:
            where = ".".join(table) or "top level"
            for extra in lines[1:]:
                dup_lines.add(extra)
                what = "empty term" if not key.strip() else f"duplicate term '{key}'"
                if table and table[-1] not in ("terms", "positive", "negative", "intensifiers"):
                    what = f"duplicate key '{key}'"
                problems.add(
                    name,
                    extra,
                    f"{what} in [{where}] (first on line {lines[0]})",
                    "keep one entry and delete the other",
                )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        line = int(m.group(1)) if m else 1
        if line not in dup_lines:
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
            problems.add(
                name,
                line,
                f"TOML syntax error: {msg}",
                'write one entry per line as "term" = weight, quote Chinese terms',
            )
        return None, loc
    return data, loc


def _line_of(path: Path, needle: str) -> int:
    """First line of a file that holds ``needle`` (1 if none)."""
    try:
        for no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if needle in line:
                return no
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------
# validation of entries


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_weight(value: object, file: str, line: int, what: str, problems: _Problems) -> float:
    if not _is_number(value) or not math.isfinite(float(value)):
        problems.add(
            file,
            line,
            f"bad weight {value!r} for {what} (not a number)",
            f"write a number in (0, {MAX_WEIGHT:g}], e.g. 1.0",
        )
        return 1.0
    if not 0 < float(value) <= MAX_WEIGHT:
        problems.add(
            file,
            line,
            f"bad weight {value!r} for {what} (must be in (0, {MAX_WEIGHT:g}])",
            "use 1.0 for a clear cue and 0.5 for a weak one",
        )
        return 1.0
    return float(value)


def _str_list(
    value: object, file: str, line: int, key: str, what: str, problems: _Problems
) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(
            file,
            line,
            f"wrong type for '{key}' of {what}: expected a list of strings",
            f'write {key} = ["...", "..."]',
        )
        return ()
    out = []
    for v in value:
        if not v.strip():
            problems.add(
                file, line, f"empty string in '{key}' of {what}", "delete the empty string"
            )
            continue
        out.append(v)
    return tuple(out)


def _known_contexts(contexts: dict[str, tuple[str, ...]]) -> str:
    return ", ".join("@" + c for c in contexts) or "none defined"


def _parse_slots(
    term: str,
    contexts: dict[str, tuple[str, ...]],
    file: str,
    line: int,
    what: str,
    problems: _Problems,
) -> tuple[tuple[str, ...], ...]:
    """The slots of a pattern entry (alternatives, ``@context`` names expanded), or ``()``
    for a plain term; a malformed pattern records its problems."""
    if not is_pattern(term):
        if "|" in term or term.startswith("@"):
            problems.add(
                file,
                line,
                f"{what} has one slot: alternatives (A|B) and @context names belong to "
                "patterns of two or more slots",
                "add a second slot after … (降低|压低…成本), or write each alternative as its "
                "own entry",
            )
        return ()
    slots: list[tuple[str, ...]] = []
    ok = True
    for k, part in enumerate(_SLOT_SEP.split(term), start=1):
        if not part.strip():
            problems.add(
                file,
                line,
                f"empty slot {k} in the pattern {what}",
                "write a term, A|B or @context on each side of every …",
            )
            ok = False
            continue
        out: list[str] = []
        for alt in (a.strip() for a in part.split("|")):
            if not alt:
                problems.add(
                    file, line, f"empty alternative in slot {k} of {what}", "delete the extra |"
                )
                ok = False
            elif alt.startswith("@"):
                if alt[1:] not in contexts:
                    problems.add(
                        file,
                        line,
                        f"unknown context '{alt}' in slot {k} of {what}",
                        f"use one of {_known_contexts(contexts)}, or add the list under "
                        "[contexts] of frames.toml",
                    )
                    ok = False
                else:
                    out.extend(contexts[alt[1:]])
            else:
                out.append(alt)
        if ok and not out:
            problems.add(
                file, line, f"slot {k} of {what} holds no words", "fill the context list"
            )
            ok = False
        slots.append(tuple(dict.fromkeys(out)))
    return tuple(slots) if ok else ()


def _pattern_options(
    value: dict,
    term: str,
    slots: tuple[tuple[str, ...], ...],
    file: str,
    line: int,
    what: str,
    problems: _Problems,
) -> tuple[str, str | int]:
    """``order`` and ``within`` of an entry (defaults ``"given"``, ``"clause"``)."""
    order: str = "given"
    within: str | int = "clause"
    given = [k for k in ("order", "within") if k in value]
    if given and not slots:
        if not is_pattern(term):  # (a malformed pattern has its problems already)
            problems.add(
                file,
                line,
                f"'{given[0]}' is only for co-occurrence patterns ({what} has no …)",
                f"delete {given[0]}, or write the term as a pattern such as 降低…成本",
            )
        return order, within
    if "order" in value:
        v = value["order"]
        if v not in PATTERN_OPTIONS["order"]:
            problems.add(
                file,
                line,
                f"bad order {v!r} for {what}",
                'write order = "given" (slots in the written order) or order = "any"',
            )
        else:
            order = v
    if "within" in value:
        v = value["within"]
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v)
        if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_WITHIN:
            within = v
        elif v in PATTERN_OPTIONS["within"]:
            within = v
        else:
            problems.add(
                file,
                line,
                f"bad within {v!r} for {what}",
                f'write within = "clause", within = "sentence" or a whole number of tokens '
                f"from 1 to {MAX_WITHIN}",
            )
    return order, within


def _check_exclude(
    term: str,
    slots: tuple[tuple[str, ...], ...],
    exclude: tuple[str, ...],
    file: str,
    line: int,
    what: str,
    problems: _Problems,
) -> None:
    """An exclude phrase must hold the term (for a pattern: one of its slots' words)."""
    strings = [a for slot in slots for a in slot] if slots else [term]
    for ex in exclude:
        if not any(_norm(x) in _norm(ex) for x in strings):
            if slots:
                problems.add(
                    file,
                    line,
                    f"exclude context '{ex}' of {what} holds none of the slots' words",
                    "write a longer phrase that holds one of them, e.g. 机会成本 for 成本",
                )
            else:
                problems.add(
                    file,
                    line,
                    f"exclude context '{ex}' of {what} does not contain the term",
                    f"write the longer phrase that holds '{term}', e.g. '{term}…'",
                )


def _parse_entries(
    table: object,
    *,
    layer: str,
    label: str,
    table_path: tuple[str, ...],
    file: str,
    loc: _Locator,
    contexts: dict[str, tuple[str, ...]],
    problems: _Problems,
    allow_shared: bool,
) -> list[Term]:
    """Validate the ``"term" = weight | {…}`` entries of one table."""
    where = f"[{'.'.join(table_path)}]"
    if not isinstance(table, dict):
        problems.add(
            file,
            loc.headers.get(table_path, 1),
            f"wrong type for {where}: expected a table of terms",
            f'write {where} on its own line and one "term" = weight per line below it',
        )
        return []
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for raw_term, value in table.items():
        line = loc.key(table_path, raw_term)
        term = raw_term
        what = f"'{raw_term}' in {where}"
        if not raw_term.strip():
            problems.add(file, line, f"empty term in {where}", "delete the line or write the term")
            continue
        if raw_term != raw_term.strip():
            problems.add(
                file,
                line,
                f"term {what} has spaces around it",
                "remove the leading/trailing spaces",
            )
            term = raw_term.strip()
        key = _norm(term)
        if key in seen:
            problems.add(
                file,
                line,
                f"duplicate term {what} (same as line {seen[key]})",
                "keep one entry and delete the other",
            )
            continue
        seen[key] = line
        weight: float = 1.0
        exclude: tuple[str, ...] = ()
        requires: tuple[str, ...] = ()
        unless: tuple[str, ...] = ()
        shared: tuple[str, ...] = ()
        note = ""
        slots = _parse_slots(term, contexts, file, line, what, problems)
        order: str = "given"
        within: str | int = "clause"
        if isinstance(value, dict):
            order, within = _pattern_options(value, term, slots, file, line, what, problems)
            for k in value:
                if k not in ENTRY_KEYS:
                    problems.add(
                        file,
                        line,
                        f"unknown key '{k}' in the entry of {what}",
                        f"use only {', '.join(ENTRY_KEYS)}",
                    )
            if "weight" in value:
                weight = _check_weight(value["weight"], file, line, what, problems)
            if "exclude" in value:
                exclude = _str_list(value["exclude"], file, line, "exclude", what, problems)
                _check_exclude(term, slots, exclude, file, line, what, problems)
            if "requires" in value:
                requires = _context_list(value, "requires", contexts, file, line, what, problems)
            if "unless" in value:
                unless = _context_list(value, "unless", contexts, file, line, what, problems)
            if "shared_with" in value:
                if not allow_shared:
                    problems.add(
                        file,
                        line,
                        f"'shared_with' is only for frame terms ({what})",
                        "delete shared_with here",
                    )
                else:
                    shared = _str_list(
                        value["shared_with"], file, line, "shared_with", what, problems
                    )
            if "note" in value:
                if not isinstance(value["note"], str):
                    problems.add(
                        file, line, f"wrong type for 'note' of {what}", 'write note = "..."'
                    )
                else:
                    note = value["note"]
        elif _is_number(value):
            weight = _check_weight(value, file, line, what, problems)
        elif isinstance(value, str):
            problems.add(
                file,
                line,
                f"bad weight {value!r} for {what} (a string, not a number)",
                "write the weight without quotes, e.g. 1.0",
            )
        else:
            problems.add(
                file,
                line,
                f"wrong type for {what}: {type(value).__name__}",
                'write "term" = weight or "term" = { weight = 1.0, exclude = [...] }',
            )
        terms.append(
            Term(
                term=term,
                layer=layer,
                label=label,
                weight=weight,
                exclude=exclude,
                requires=requires,
                shared_with=shared,
                note=note,
                source=file,
                line=line,
                slots=slots,
                order=order,
                within=within,
                unless=unless,
            )
        )
    return terms


def _context_list(
    value: dict,
    key: str,
    contexts: dict[str, tuple[str, ...]],
    file: str,
    line: int,
    what: str,
    problems: _Problems,
) -> tuple[str, ...]:
    """The strings of a ``requires`` or ``unless`` list, ``@context`` names expanded."""
    expanded: list[str] = []
    for r in _str_list(value[key], file, line, key, what, problems):
        if not r.startswith("@"):
            expanded.append(r)
        elif r[1:] in contexts:
            expanded.extend(contexts[r[1:]])
        else:
            problems.add(
                file,
                line,
                f"unknown context '{r}' in '{key}' of {what}",
                f"use one of {_known_contexts(contexts)}, or add the list under [contexts]",
            )
    return tuple(dict.fromkeys(expanded))


def _check_version(data: dict, file: str, loc: _Locator, problems: _Problems) -> str:
    version = data.get("version")
    if version is None:
        problems.add(file, 1, "missing version", 'add version = "1.0.0" at the top of the file')
        return ""
    if not isinstance(version, str) or not version.strip():
        problems.add(
            file,
            loc.key((), "version"),
            f"wrong type for version: {version!r}",
            'write the version as a string, e.g. version = "1.0.0"',
        )
        return str(version)
    return version


def _unknown_keys(
    data: dict,
    allowed: Iterable[str],
    table: tuple[str, ...],
    file: str,
    loc: _Locator,
    problems: _Problems,
) -> None:
    allowed = tuple(allowed)
    for k in data:
        if k not in allowed:
            where = f"[{'.'.join(table)}]" if table else "the top level"
            problems.add(
                file,
                loc.key(table, k)
                if not isinstance(data[k], dict)
                else loc.headers.get(table + (k,), loc.key(table, k)),
                f"unknown key '{k}' at {where}",
                f"use one of {', '.join(allowed)} (check the spelling)",
            )


# --------------------------------------------------------------------------------------
# the three files


def _parse_frames(path: Path, problems: _Problems) -> dict | None:
    file = str(path)
    data, loc = _read_toml(path, problems)
    if data is None or loc is None:
        return None
    _unknown_keys(
        data, ("version", "replace", "threshold", "contexts", "frames"), (), file, loc, problems
    )
    version = _check_version(data, file, loc, problems)
    replaces = data.get("replace", False)
    if not isinstance(replaces, bool):
        problems.add(
            file,
            loc.key((), "replace"),
            f"wrong type for replace: {replaces!r}",
            "write replace = true (your frames only) or replace = false (added to the bundled ones)",
        )
        replaces = False
    # a researcher's frames extend the bundled ones (unless replace = true): their terms may
    # then name the bundled [contexts] too
    extends = not replaces and not _is_bundled(path, FRAME_FILE)
    threshold = data.get("threshold", 1.0)
    if not _is_number(threshold) or not 0 < float(threshold) <= 10:
        problems.add(
            file,
            loc.key((), "threshold"),
            f"bad threshold {threshold!r}",
            "write a number in (0, 10], e.g. threshold = 1.0",
        )
        threshold = 1.0
    contexts: dict[str, tuple[str, ...]] = dict(_bundled_contexts()) if extends else {}
    raw_ctx = data.get("contexts", {})
    if not isinstance(raw_ctx, dict):
        problems.add(
            file, loc.key((), "contexts"), "wrong type for contexts", "write a [contexts] table"
        )
        raw_ctx = {}
    for name, items in raw_ctx.items():
        contexts[name] = _str_list(
            items, file, loc.key(("contexts",), name), name, "[contexts]", problems
        )
    frames_raw = data.get("frames")
    frames: list[Frame] = []
    if not isinstance(frames_raw, dict) or not frames_raw:
        problems.add(
            file,
            1,
            "no frames defined",
            "add a table [frames.<id>] with label_zh, label_en, definition and [frames.<id>.terms]",
        )
        frames_raw = {}
    for fid, body in frames_raw.items():
        table = ("frames", fid)
        line = loc.headers.get(table, loc.headers.get(table + ("terms",), 1))
        if not _FRAME_ID.match(fid):
            problems.add(
                file,
                line,
                f"bad frame id '{fid}'",
                "use lower-case ASCII letters, digits and _ (e.g. catch_up)",
            )
        if not isinstance(body, dict):
            problems.add(file, line, f"wrong type for frame '{fid}'", f"write [frames.{fid}]")
            continue
        _unknown_keys(body, FRAME_KEYS, table, file, loc, problems)
        meta = {}
        for key in ("label_zh", "label_en", "definition"):
            value = body.get(key)
            if value is None:
                problems.add(
                    file,
                    line,
                    f"frame '{fid}' has no {key}",
                    f'add {key} = "..." under [frames.{fid}]',
                )
                value = fid if key != "definition" else ""
            elif not isinstance(value, str):
                problems.add(
                    file,
                    loc.key(table, key),
                    f"wrong type for {key} of frame '{fid}'",
                    f'write {key} = "..." as a string',
                )
                value = str(value)
            meta[key] = value
        negatable = body.get("negatable", True)
        if not isinstance(negatable, bool):
            problems.add(
                file,
                loc.key(table, "negatable"),
                f"wrong type for negatable of frame '{fid}': {negatable!r}",
                "write negatable = true or negatable = false",
            )
            negatable = True
        tone = body.get("tone", 0.0)
        if not _is_number(tone) or not -5 <= tone <= 5:
            problems.add(
                file,
                loc.key(table, "tone"),
                f"bad tone {tone!r} of frame '{fid}'",
                "write tone = a number from -5 to 5 (e.g. -0.5 for a harm frame; 0 for none)",
            )
            tone = 0.0
        terms = _parse_entries(
            body.get("terms", {}),
            layer="frame",
            label=fid,
            table_path=table + ("terms",),
            file=file,
            loc=loc,
            contexts=contexts,
            problems=problems,
            allow_shared=True,
        )
        if "terms" not in body:
            problems.add(file, line, f"frame '{fid}' has no terms", f"add [frames.{fid}.terms]")
        frames.append(
            Frame(id=fid, terms=tuple(terms), negatable=negatable, tone=float(tone), source=file, **meta)
        )
    if not extends:
        _check_shared(frames, problems)  # else checked on the set with the bundled frames
    return {
        "version": version,
        "threshold": float(threshold),
        "threshold_given": "threshold" in data,
        "contexts": contexts,
        "frames": frames,
        "extends": extends,
    }


def _check_shared(frames: list[Frame], problems: _Problems) -> None:
    """A term in two frames must be marked shared_with on at least one of the entries."""
    ids = {f.id for f in frames}
    where: dict[str, list[Term]] = {}
    for f in frames:
        for t in f.terms:
            where.setdefault(_norm(t.term), []).append(t)
            for other in t.shared_with:
                if other not in ids:
                    problems.add(
                        t.source,
                        t.line,
                        f"unknown frame id '{other}' in shared_with of '{t.term}'",
                        f"use one of {', '.join(sorted(ids))}",
                    )
                elif other == f.id:
                    problems.add(
                        t.source,
                        t.line,
                        f"'{t.term}' in frame '{f.id}' is shared_with its own frame",
                        "name the other frame that holds the term",
                    )
    for entries in where.values():
        labels = {t.label for t in entries}
        for t in entries:
            for other in t.shared_with:
                if other in ids and other not in labels:
                    problems.add(
                        t.source,
                        t.line,
                        f"'{t.term}' is shared_with '{other}' but frame '{other}' has no such term",
                        f"add '{t.term}' to [frames.{other}.terms] or drop '{other}' from "
                        "shared_with",
                    )
        if len(labels) < 2:
            continue
        first = entries[0]
        for t in entries[1:]:
            agreed = first.label in t.shared_with or t.label in first.shared_with
            if not agreed:
                if _is_bundled(Path(t.source), FRAME_FILE) and not _is_bundled(Path(first.source), FRAME_FILE):
                    first, t = t, first  # report it where the researcher can fix it
                at = f"line {first.line}"
                if first.source != t.source:
                    whose = "the bundled " if _is_bundled(Path(first.source), FRAME_FILE) else ""
                    at = f"{whose}{Path(first.source).name} line {first.line}"
                problems.add(
                    t.source,
                    t.line,
                    f"term '{t.term}' is in frames '{first.label}' ({at}) and "
                    f"'{t.label}' but is not marked shared",
                    f'add shared_with = ["{first.label}"] to this entry if both frames are '
                    "meant, else delete one",
                )


def _parse_tone(path: Path, problems: _Problems) -> dict | None:
    file = str(path)
    data, loc = _read_toml(path, problems)
    if data is None or loc is None:
        return None
    _unknown_keys(data, ("version",) + TONE_LABELS, (), file, loc, problems)
    version = _check_version(data, file, loc, problems)
    terms: list[Term] = []
    for label in TONE_LABELS:
        if label not in data:
            problems.add(file, 1, f"no [{label}] table", f"add [{label}] with its words")
            continue
        terms.extend(
            _parse_entries(
                data[label],
                layer="tone",
                label=label,
                table_path=(label,),
                file=file,
                loc=loc,
                contexts={},
                problems=problems,
                allow_shared=False,
            )
        )
    seen: dict[str, Term] = {}
    for t in terms:
        other = seen.get(_norm(t.term))
        if other is not None and other.label != t.label:
            problems.add(
                file,
                t.line,
                f"tone word '{t.term}' is both {other.label} (line {other.line}) and {t.label}",
                "keep it under one polarity only",
            )
        seen.setdefault(_norm(t.term), t)
    return {"version": version, "tone": terms}


def _parse_modifiers(path: Path, problems: _Problems) -> Modifiers | None:
    file = str(path)
    data, loc = _read_toml(path, problems)
    if data is None or loc is None:
        return None
    _unknown_keys(data, MODIFIER_TABLES, (), file, loc, problems)
    version = _check_version(data, file, loc, problems)

    def table(name: str) -> dict:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.add(
                file, loc.key((), name), f"wrong type for {name}", f"write a [{name}] table"
            )
            return {}
        return value

    def words(tbl: dict, tname: str, key: str) -> tuple[str, ...]:
        value = tbl.get(key, [])
        line = loc.key((tname,), key)
        items = _str_list(value, file, line, key, f"[{tname}]", problems)
        seen: set[str] = set()
        out = []
        for w in items:
            if w in seen:
                problems.add(
                    file,
                    loc.item((tname,), key, w, nth=1),
                    f"duplicate word '{w}' in {key} of [{tname}]",
                    "delete the repeated word",
                )
                continue
            seen.add(w)
            out.append(w)
        return tuple(out)

    def integer(tbl: dict, tname: str, key: str, default: int, hi: int) -> int:
        value = tbl.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= hi:
            problems.add(
                file,
                loc.key((tname,), key),
                f"bad {key} {value!r} in [{tname}]",
                f"write a whole number from 1 to {hi}",
            )
            return default
        return value

    def number(tbl: dict, tname: str, key: str, default: float, lo: float, hi: float) -> float:
        value = tbl.get(key, default)
        if not _is_number(value) or not lo <= float(value) <= hi:
            problems.add(
                file,
                loc.key((tname,), key),
                f"bad {key} {value!r} in [{tname}]",
                f"write a number from {lo:g} to {hi:g}",
            )
            return default
        return float(value)

    neg = table("negation")
    _unknown_keys(
        neg,
        ("scope", "tone_factor", "negators", "glued", "transparent"),
        ("negation",),
        file,
        loc,
        problems,
    )
    res = table("resolution")
    _unknown_keys(res, ("frames", "words"), ("resolution",), file, loc, problems)
    con = table("contrast")
    _unknown_keys(
        con,
        ("reverse", "openers", "adversative", "tone_before"),
        ("contrast",),
        file,
        loc,
        problems,
    )
    dis = table("dismissal")
    _unknown_keys(dis, ("frames", "words", "tone"), ("dismissal",), file, loc, problems)
    post = table("post_negation")
    _unknown_keys(
        post, ("frames", "words", "tone", "scope"), ("post_negation",), file, loc, problems
    )
    que = table("question")
    _unknown_keys(
        que,
        ("end", "particles", "words", "wh", "rhetorical", "frame_factor", "tone_factor"),
        ("question",),
        file,
        loc,
        problems,
    )
    marks = {key: words(que, "question", key) for key in ("words", "rhetorical")}
    for key, items in marks.items():
        for w in items:
            parts = _SLOT_SEP.split(w)
            if len(parts) > 1 and not all(x.strip() for x in parts):
                problems.add(
                    file,
                    loc.item(("question",), key, w),
                    f"empty part in '{w}' of {key} in [question]",
                    "write words on both sides of …, e.g. 还…吗",
                )
    conc = table("concessive")
    _unknown_keys(
        conc, ("markers", "main", "tone", "frame"), ("concessive",), file, loc, problems
    )

    def flag(tbl: dict, tname: str, key: str) -> bool:
        value = tbl.get(key, True)
        if not isinstance(value, bool):
            problems.add(
                file,
                loc.key((tname,), key),
                f"bad {key} {value!r} in [{tname}]",
                f"write {key} = true or {key} = false",
            )
            return True
        return value

    if "tone_before" in con and "tone" in conc:
        problems.add(
            file,
            loc.key(("contrast",), "tone_before"),
            "tone_before in [contrast] and tone in [concessive] set the same factor",
            "delete tone_before and keep tone under [concessive]",
        )
    tone_before = (
        number(conc, "concessive", "tone", 0.5, 0.0, 1.0)
        if "tone" in conc or "tone_before" not in con
        else number(con, "contrast", "tone_before", 0.5, 0.0, 1.0)
    )
    ints = table("intensifiers")
    negators = words(neg, "negation", "negators")
    if not negators:
        problems.add(
            file,
            loc.headers.get(("negation",), 1),
            "no negators",
            'add negators = ["不", "没有", ...] under [negation]',
        )
    glued = words(neg, "negation", "glued")
    for g in glued:
        if len(g) != 1:
            problems.add(
                file,
                loc.item(("negation",), "glued", g),
                f"glued negator '{g}' is not one character",
                "list only one-character negators under glued",
            )
    scope_i = 2
    intensifiers: dict[str, float] = {}
    for w, value in ints.items():
        line = loc.key(("intensifiers",), w)
        if w == "scope":
            scope_i = integer(ints, "intensifiers", "scope", 2, 10)
            continue
        if not w.strip():
            problems.add(file, line, "empty term in [intensifiers]", "delete the line")
            continue
        if not _is_number(value) or not 0 < float(value) <= MAX_WEIGHT or float(value) == 1.0:
            problems.add(
                file,
                line,
                f"bad weight {value!r} for intensifier '{w}'",
                "write a multiplier above 1 (intensifier) or between 0 and 1 (diminisher)",
            )
            continue
        intensifiers[w] = float(value)
    return Modifiers(
        negators=negators,
        glued_negators=glued,
        transparent=words(neg, "negation", "transparent"),
        negation_scope=integer(neg, "negation", "scope", 4, 20),
        tone_negation_factor=number(neg, "negation", "tone_factor", -0.5, -1.0, 1.0),
        resolvers=words(res, "resolution", "words"),
        resolver_frames=words(res, "resolution", "frames"),
        reverse=words(con, "contrast", "reverse"),
        openers=words(con, "contrast", "openers"),
        adversative=words(con, "contrast", "adversative"),
        tone_before=tone_before,
        intensifiers=intensifiers,
        intensifier_scope=scope_i,
        version=version,
        dismissal=words(dis, "dismissal", "words"),
        dismissal_frames=words(dis, "dismissal", "frames"),
        dismissal_tone=flag(dis, "dismissal", "tone"),
        post_negation=words(post, "post_negation", "words"),
        post_negation_frames=words(post, "post_negation", "frames"),
        post_negation_tone=flag(post, "post_negation", "tone"),
        post_negation_scope=integer(post, "post_negation", "scope", 6, 20),
        question_end=words(que, "question", "end"),
        question_words=marks["words"],
        question_particles=words(que, "question", "particles"),
        question_wh=words(que, "question", "wh"),
        rhetorical=marks["rhetorical"],
        question_frame_factor=number(que, "question", "frame_factor", 1.0, 0.0, 1.0),
        question_tone_factor=number(que, "question", "tone_factor", 0.0, 0.0, 1.0),
        concessive=words(conc, "concessive", "markers"),
        concessive_main=words(conc, "concessive", "main"),
        concessive_frame=number(conc, "concessive", "frame", 1.0, 0.0, 1.0),
    )


# --------------------------------------------------------------------------------------
# public loading


# Every rule file a lexicon folder may hold, by key; a file the folder lacks comes from the
# bundled set. frames/tone/modifiers/vocabulary/stopwords/sources shape scoring and
# keyness; debris/outlets/gazetteer/topic shape reading (framing.read_corpus).
RULE_FILES: dict[str, str] = {
    "frames": FRAME_FILE,
    "tone": TONE_FILE,
    "modifiers": MODIFIER_FILE,
    "vocabulary": "vocabulary.txt",
    "stopwords": "stopwords.txt",
    "sources": "sources.toml",
    "debris": "debris.toml",
    "outlets": "outlets.toml",
    "gazetteer": "outlets_gazetteer.csv",
    "topic": "topic.toml",
}


def rule_files(path: str | Path | None) -> dict[str, tuple[Path, bool]]:
    """For each of :data:`RULE_FILES`, the file a lexicon folder uses and whether it is the
    folder's own (True) or the bundled default (False). ``None``: the bundled set.

    A folder needs none of them in particular (what it lacks comes from the defaults), but
    one that holds none at all is an error: most likely the wrong folder.
    """
    bundled = lexicon_dir()
    p = Path(path) if path is not None else bundled
    if not p.is_dir():
        raise LexiconError(f"{p}:1: lexicon folder not found; fix: give an existing folder")
    out = {key: ((p / name, True) if (p / name).is_file() else (bundled / name, False))
           for key, name in RULE_FILES.items()}
    if p.resolve() == bundled.resolve():  # the bundled folder: every file is its own
        return out
    if not any(own for _, own in out.values()):
        raise LexiconError(
            f"{p}:1: no lexicon file in this folder (none of {', '.join(RULE_FILES.values())}); "
            "fix: give the folder that holds your lexicon files"
        )
    return out


def _resolve(path: str | Path) -> dict[str, Path]:
    """Which files make up the set at ``path`` (a folder, or one frames/.dic/.csv file): the
    scoring files, each the folder's own or the bundled one."""
    p = Path(path)
    bundled = lexicon_dir()
    if p.is_dir():
        files = rule_files(p)
        return {key: files[key][0] for key in ("frames", "tone", "modifiers", "vocabulary", "stopwords", "sources")}
    if not p.is_file():
        raise LexiconError(f"{p}:1: lexicon path not found; fix: check the path")
    beside = {key: p.parent / RULE_FILES[key] for key in ("vocabulary",)}
    return {
        "frames": p,
        "tone": bundled / TONE_FILE,
        "modifiers": bundled / MODIFIER_FILE,
        "vocabulary": beside["vocabulary"] if beside["vocabulary"].is_file() else bundled / "vocabulary.txt",
        "stopwords": bundled / "stopwords.txt",
        "sources": bundled / "sources.toml",
    }


def toml_line(text: str, table: tuple[str, ...], key: str = "") -> int:
    """The line of ``key`` in ``[table]`` of a TOML text (the table's header when the key is
    missing or not given; 1 when neither is there)."""
    loc = _Locator(text)
    return loc.key(table, key) if key else loc.headers.get(table, 1)


def _read_words(path: Path, problems: _Problems) -> tuple[str, ...] | None:
    """A one-word-per-line file, or None with the problem recorded (unreadable, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.add(str(path), 1, f"cannot read the file ({err.strerror or err})", "check the path and permissions")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.add(str(path), line, "the file is not UTF-8", "save it as UTF-8")
        return None
    return _words_of(text)


def _check_sources(path: Path, problems: _Problems) -> None:
    """Check a sources file as voice attribution will read it; its problems recorded."""
    from framing.scoring.sources import check_source_file

    problems.extend(_Problem.parse(line) for line in check_source_file(path))


def _build(path: str | Path, problems: _Problems) -> Lexicons | None:
    files = _resolve(path)
    frames_path = files["frames"]
    suffix = frames_path.suffix.lower()
    if suffix == ".dic":
        return _read_dic(frames_path, None, problems)
    if suffix == ".csv":
        return _read_csv(frames_path, None, problems)
    fr = _parse_frames(frames_path, problems)
    tn = _parse_tone(files["tone"], problems)
    md = _parse_modifiers(files["modifiers"], problems)
    vocabulary = _read_words(files["vocabulary"], problems) if files["vocabulary"].is_file() else ()
    stopwords = _read_words(files["stopwords"], problems) if files["stopwords"].is_file() else ()
    if files["sources"] != lexicon_dir() / "sources.toml":
        _check_sources(files["sources"], problems)
    if fr is None or tn is None or md is None or vocabulary is None or stopwords is None:
        return None
    base_frames: Path | None = None
    if fr["extends"]:
        base_frames = lexicon_dir() / FRAME_FILE
        fr = _extend_frames(fr, base_frames, problems)
    ids = [f.id for f in fr["frames"]]
    if files["modifiers"] == lexicon_dir() / MODIFIER_FILE and files["frames"] != lexicon_dir() / FRAME_FILE:
        # bundled modifiers under a researcher's own frames: keep what applies
        md = replace(md, resolver_frames=tuple(f for f in md.resolver_frames if f in ids))
    for fid in md.resolver_frames:
        if fid not in ids:
            problems.add(
                str(files["modifiers"]),
                _line_of(files["modifiers"], f'"{fid}"'),
                f"unknown frame id '{fid}' in [resolution] frames",
                f"use one of {', '.join(ids)}",
            )
    md = _keep_frames(md, ids, files["modifiers"], problems)
    sources = {k: v for k, v in files.items() if v.is_file()}
    versions = {"frames": fr["version"], "tone": tn["version"], "modifiers": md.version}
    if base_frames is not None:  # the bundled frames the researcher's file extends
        sources["frames_base"] = base_frames
        versions["frames_base"] = fr["base_version"]
    return Lexicons(
        frames=tuple(fr["frames"]),
        tone=tuple(tn["tone"]),
        modifiers=md,
        threshold=fr["threshold"],
        contexts=fr["contexts"],
        versions=versions,
        paths={k: str(v) for k, v in sources.items()},
        sha256={k: _sha256(v) for k, v in sources.items()},
        vocabulary=vocabulary,
        stopwords=stopwords,
    )


def _is_bundled(path: Path, name: str) -> bool:
    """Whether ``path`` is the bundled file ``name``."""
    try:
        return path.resolve() == (lexicon_dir() / name).resolve()
    except OSError:
        return False


def _bundled_contexts() -> dict[str, tuple[str, ...]]:
    """The [contexts] of the bundled frames.toml (without loading the whole set)."""
    try:
        data = tomllib.loads((lexicon_dir() / FRAME_FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    raw = data.get("contexts", {})
    return {k: tuple(v) for k, v in raw.items() if isinstance(v, list)}


def _extend_frames(own: dict, base_path: Path, problems: _Problems) -> dict:
    """A researcher's frames added to the bundled ones: a frame of the same id replaces the
    bundled frame in its place, a new one follows the bundled frames; the threshold is the
    file's own when it gives one; contexts of both (the file's win)."""
    base = _parse_frames(base_path, _Problems())  # the bundled file is checked by its tests
    if base is None:  # pragma: no cover - the bundled file always parses
        return own
    mine = {f.id: f for f in own["frames"]}
    # a bundled term shared with a frame the researcher replaced stays shared only if the
    # new frame still holds it (else the bundled file would be at fault, which nobody can fix)
    held = {fid: {_norm(t.term) for t in f.terms} for fid, f in mine.items()}

    def kept(f: Frame) -> Frame:
        terms = tuple(
            replace(t, shared_with=tuple(o for o in t.shared_with if o not in held or _norm(t.term) in held[o]))
            if any(o in held for o in t.shared_with) else t
            for t in f.terms
        )
        return replace(f, terms=terms)

    frames = [mine.get(f.id) or kept(f) for f in base["frames"]]
    frames += [f for f in own["frames"] if f.id not in {b.id for b in base["frames"]}]
    _check_shared(frames, problems)
    return {
        **own,
        "frames": frames,
        "threshold": own["threshold"] if own["threshold_given"] else base["threshold"],
        "contexts": {**base["contexts"], **own["contexts"]},
        "base_version": base["version"],
    }


def frames_in_force(lexicons: Lexicons) -> list[str]:
    """One line per frame of the set: its id and labels, and the file that defines it
    (``your <file>``, or the bundled file; ``replaces the bundled one`` for a researcher's
    frame that takes the place of a bundled frame of the same id)."""
    bundled = lexicon_dir() / FRAME_FILE
    base_ids = _bundled_frame_ids() if "frames_base" in lexicons.paths else set()
    out = []
    for f in lexicons.frames:
        src = Path(f.source) if f.source else Path(lexicons.paths.get("frames", bundled))
        if _is_bundled(src, FRAME_FILE):
            whose = f"bundled {FRAME_FILE} {lexicons.versions.get('frames_base') or lexicons.versions.get('frames', '')}".rstrip()
        else:
            whose = f"your {src.name}"
            if f.id in base_ids:
                whose += ", replaces the bundled one"
        out.append(f"{f.id} ({f.label_zh} {f.label_en}): {whose}")
    return out


def _bundled_frame_ids() -> set[str]:
    """The frame ids of the bundled frames.toml (without loading the whole set)."""
    try:
        data = tomllib.loads((lexicon_dir() / FRAME_FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return set()
    return set(data.get("frames", {}))


def _keep_frames(md: Modifiers, ids: list[str], path: Path, problems: _Problems) -> Modifiers:
    """The [dismissal] and [post_negation] frame lists reduced to the frames of the set.

    One modifiers file serves many frame sets, so a frame of the bundled codebook that the
    set lacks is skipped; an id that is neither is a problem (a typo)."""
    bundled: set[str] | None = None
    kept = {}
    for name, (tname, key) in _MODIFIER_FRAME_LISTS.items():
        for fid in getattr(md, name):
            if fid in ids:
                continue
            if bundled is None:
                bundled = _bundled_frame_ids()
            if fid not in bundled:
                problems.add(
                    str(path),
                    _line_of(path, f'"{fid}"'),
                    f"unknown frame id '{fid}' in [{tname}] {key}",
                    f"use one of {', '.join(ids)}",
                )
        kept[name] = tuple(f for f in getattr(md, name) if f in ids)
    return replace(md, **kept)


def read_word_list(path: str | Path) -> tuple[str, ...]:
    """Words of a one-word-per-line file (``#`` comments, blank lines skipped), sorted.

    Raises :class:`~framing.errors.LexiconError` (file, line, fix) for a file that cannot
    be read or is not UTF-8.
    """
    problems = _Problems()
    words = _read_words(Path(path), problems)
    if words is None:
        raise LexiconError(str(problems[0]))
    return words


def _words_of(text: str) -> tuple[str, ...]:
    words = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return tuple(sorted(words))


def check_lexicons(path: str | Path) -> list[str]:
    """Every problem of the lexicon set at ``path``, as ``FILE:LINE: problem; fix: ...``.

    An empty list means every rule file of the folder loads (see
    :func:`check_lexicon_files`). This is what ``framing lexicon check PATH`` prints.
    """
    try:
        checks = check_lexicon_files(path)
    except LexiconError as err:
        return [str(err)]
    return [problem for check in checks for problem in check.problems]


@dataclass(frozen=True)
class FileCheck:
    """The check of one rule file: its key in :data:`RULE_FILES`, the file used, whether it
    is the folder's own (else the bundled default) and its problems."""

    key: str
    path: Path
    own: bool
    problems: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()
    """What the file contributes (for frames: the frames in force and the file of each)."""

    def __str__(self) -> str:
        whose = "your file" if self.own else "not in the folder: the default is used"
        status = "ok" if not self.problems else f"{len(self.problems)} problem(s)"
        return f"{self.path.name}: {status} ({whose})"


def check_lexicon_files(path: str | Path) -> list[FileCheck]:
    """Read and validate every rule file of a lexicon folder as a run would use it.

    Frames, tone, modifiers, vocabulary, stopwords and sources as :func:`load_lexicons`
    reads them; debris, outlets and topic with the loaders of :func:`framing.read_corpus`.
    A file the folder lacks is checked too: the bundled one takes its place. ``path`` may
    also be a single frames file (``.toml``, ``.dic`` or ``.csv``): only it is checked.
    Raises :class:`~framing.errors.LexiconError` when ``path`` is no lexicon folder or file.
    """
    p = Path(path)
    problems = _Problems()
    lex = None
    try:
        lex = _build(p, problems)
    except LexiconError as err:
        if not p.is_dir() and not p.is_file():
            raise
        problems.append(_Problem.parse(str(err)))
    detail: tuple[str, ...] = ()
    if lex is not None:
        how = (
            "your frames added to the bundled ones (replace = true would keep only yours)"
            if "frames_base" in lex.paths
            else "the frames of one file"
        )
        detail = (f"frames in force ({len(lex.frames)}; {how}):", *frames_in_force(lex))
    if not p.is_dir():
        return [FileCheck("frames", p, True, tuple(str(x) for x in problems), detail)]
    files = rule_files(p)
    checks = []
    for key in ("frames", "tone", "modifiers", "vocabulary", "stopwords", "sources"):
        f, own = files[key]
        mine = tuple(str(x) for x in problems if _same_file(x.file, f))
        checks.append(FileCheck(key, f, own, mine, detail if key == "frames" else ()))
    stray = tuple(str(x) for x in problems if not any(_same_file(x.file, f) for f, _ in files.values()))
    if stray:  # a problem that names no single file: shown with the frames
        checks[0] = replace(checks[0], problems=checks[0].problems + stray)
    for key in ("debris", "outlets", "gazetteer", "topic"):
        f, own = files[key]
        checks.append(FileCheck(key, f, own, _check_reading_rules(key, f)))
    return checks


def _same_file(name: str, path: Path) -> bool:
    try:
        return Path(name).resolve() == path.resolve()
    except OSError:
        return False


def _check_reading_rules(key: str, path: Path) -> tuple[str, ...]:
    """Load a debris, outlets or topic file with the loader reading uses; its problem."""
    from framing.errors import FramingError

    if key == "gazetteer":
        from framing.corpus.outlets import check_gazetteer

        return tuple(check_gazetteer(path))
    if key == "debris":
        from framing.corpus.normalize import load_debris_rules as load
    elif key == "outlets":
        from framing.corpus.outlets import load_outlet_rules as load
    else:
        from framing.corpus.relevance import load_topic as load
    try:
        load(path)
    except FramingError as err:
        return (str(err),)
    except Exception as err:  # noqa: BLE001 - a loader's unforeseen failure is still a problem of the file
        return (f"{path}:1: cannot be used ({type(err).__name__}: {err}); fix: compare it with the bundled {path.name}",)
    return ()


def load_lexicons(path: str | Path) -> Lexicons:
    """Load and validate a lexicon set.

    ``path`` is a folder with ``frames.toml`` (``tone.toml`` and ``modifiers.toml`` are
    taken from the bundled set when absent), a single frames ``.toml`` file, a LIWC-style
    ``.dic`` file or a CSV term list. Raises :class:`~framing.errors.LexiconError` naming
    file, line and fix of the first problem (and how many more there are).
    """
    problems = _Problems()
    lex = _build(path, problems)
    if problems:
        more = f" (and {len(problems) - 1} more: run `framing lexicon check {path}`)"
        raise LexiconError(str(problems[0]) + (more if len(problems) > 1 else ""))
    assert lex is not None
    return lex


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """The bundled lexicon set that implements CODEBOOK.md (loaded once per process)."""
    return load_lexicons(lexicon_dir())


# --------------------------------------------------------------------------------------
# LIWC-style .dic files

_TONE_CATEGORY = {
    "positive": "positive",
    "posemo": "positive",
    "pos": "positive",
    "negative": "negative",
    "negemo": "negative",
    "neg": "negative",
}


def _base_or_default(base: Lexicons | None) -> Lexicons:
    return base if base is not None else default_lexicons()


def _assemble(
    path: Path,
    base: Lexicons,
    frame_terms: dict[str, list[Term]],
    tone_terms: list[Term],
    problems: _Problems,
    allow_new_frames: bool,
    lines: dict[str, int],
) -> Lexicons:
    """Frames from an imported term list, metadata/tone/modifiers from ``base``."""
    file = str(path)
    known = {f.id: f for f in base.frames}
    frames: list[Frame] = []
    for fid, terms in frame_terms.items():
        if fid in known:
            f = known[fid]
            frames.append(replace(f, terms=tuple(terms)))
        elif allow_new_frames and _FRAME_ID.match(fid):
            frames.append(Frame(fid, fid, fid, "", tuple(terms)))
        else:
            problems.add(
                file,
                lines.get(fid, 1),
                f"unknown frame id '{fid}'",
                f"use one of {', '.join(known)}, or pass allow_new_frames=True "
                "(ids: lower-case ASCII, digits, _)",
            )
    order = {fid: i for i, fid in enumerate(known)}
    frames.sort(key=lambda f: order.get(f.id, len(order)))
    _check_shared(frames, problems)
    return Lexicons(
        frames=tuple(frames),
        tone=tuple(tone_terms) if tone_terms else base.tone,
        modifiers=base.modifiers,
        threshold=base.threshold,
        contexts=dict(base.contexts),
        versions={
            "frames": f"{path.name} sha256:{_sha256(path)[:12]}",
            "tone": base.versions.get("tone", "") if not tone_terms else path.name,
            "modifiers": base.modifiers.version,
        },
        paths={
            "frames": file,
            "tone": base.paths.get("tone", file) if not tone_terms else file,
            "modifiers": base.paths.get("modifiers", ""),
            **({"vocabulary": base.paths["vocabulary"]} if "vocabulary" in base.paths else {}),
        },
        sha256={
            "frames": _sha256(path),
            "tone": base.sha256.get("tone", ""),
            "modifiers": base.sha256.get("modifiers", ""),
            **({"vocabulary": base.sha256["vocabulary"]} if "vocabulary" in base.sha256 else {}),
        },
        vocabulary=base.vocabulary,  # an imported term list keeps the domain vocabulary
        stopwords=base.stopwords,
    )


def _read_text(path: Path, problems: _Problems) -> str | None:
    """The text of an imported term list, or None with the problem recorded."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        problems.add(str(path), 1, f"cannot read the file ({err})", "save it as UTF-8")
        return None


def _read_dic(
    path: Path, base: Lexicons | None, problems: _Problems, allow_new_frames: bool = False
) -> Lexicons | None:
    file = str(path)
    text = _read_text(path, problems)
    if text is None:
        return None
    lines = text.splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        problems.add(
            file,
            1,
            "not a LIWC-style .dic file (no % ... % category block)",
            "start the file with %, one 'number<TAB>category' per line, then % and the words",
        )
        return None
    categories: dict[str, str] = {}
    cat_lines: dict[str, int] = {}
    for i in range(marks[0] + 1, marks[1]):
        raw = lines[i].split("#")[0].strip()
        if not raw:
            continue
        parts = raw.split()
        if len(parts) < 2:
            problems.add(
                file, i + 1, f"bad category line '{raw}'", "write 'number<TAB>category_name'"
            )
            continue
        categories[parts[0]] = parts[1]
        cat_lines[parts[1]] = i + 1
    frame_terms: dict[str, list[Term]] = {}
    tone_terms: list[Term] = []
    membership: dict[str, list[str]] = {}
    entries: list[tuple[str, str, int]] = []
    seen: dict[tuple[str, str], int] = {}
    for i in range(marks[1] + 1, len(lines)):
        raw = lines[i].split("#")[0].rstrip()
        if not raw.strip():
            continue
        parts = re.split(r"\t+|\s{2,}", raw.strip())
        if len(parts) < 2 and " " in raw.strip():
            parts = raw.strip().rsplit(" ", 1)
        word = parts[0].strip().rstrip("*")
        if not word:
            problems.add(file, i + 1, "empty term", "delete the line or write the word")
            continue
        if len(parts) < 2:
            problems.add(
                file,
                i + 1,
                f"term '{word}' has no category",
                "add the category number(s) after a tab",
            )
            continue
        for num in re.split(r"[\s,]+", " ".join(parts[1:]).strip()):
            if not num:
                continue
            cat = categories.get(num)
            if cat is None:
                problems.add(
                    file,
                    i + 1,
                    f"unknown category number '{num}' for '{word}'",
                    f"use one of {', '.join(categories)} or declare it between the % lines",
                )
                continue
            key = (_norm(word), cat)
            if key in seen:
                problems.add(
                    file,
                    i + 1,
                    f"duplicate term '{word}' in category '{cat}' (same as line {seen[key]})",
                    "delete the repeated line",
                )
                continue
            seen[key] = i + 1
            entries.append((word, cat, i + 1))
            if cat not in _TONE_CATEGORY:
                membership.setdefault(_norm(word), []).append(cat)
    for word, cat, line in entries:
        if cat in _TONE_CATEGORY:
            tone_terms.append(Term(word, "tone", _TONE_CATEGORY[cat], 1.0, source=file, line=line))
            continue
        others = tuple(c for c in membership.get(_norm(word), []) if c != cat)
        frame_terms.setdefault(cat, []).append(
            Term(word, "frame", cat, 1.0, shared_with=others, source=file, line=line)
        )
    return _assemble(
        path,
        _base_or_default(base),
        frame_terms,
        tone_terms,
        problems,
        allow_new_frames,
        cat_lines,
    )


def read_dic(
    path: str | Path, base: Lexicons | None = None, *, allow_new_frames: bool = False
) -> Lexicons:
    """Import a LIWC-style ``.dic`` file.

    Category names are frame ids (or ``positive``/``posemo``, ``negative``/``negemo`` for
    tone words). A trailing ``*`` wildcard is dropped: a term is matched inside longer
    tokens anyway. A word listed under two frame categories is taken as deliberately shared.
    Frame metadata, modifiers (and tone, if the file has none) come from ``base``
    (default: the bundled set). Unknown category names are errors unless
    ``allow_new_frames``.
    """
    problems = _Problems()
    lex = _read_dic(Path(path), base, problems, allow_new_frames)
    if problems or lex is None:
        raise LexiconError(str(problems[0]) if problems else f"{path}:1: cannot read")
    return lex


def write_dic(lexicons: Lexicons, path: str | Path) -> Path:
    """Write frame terms and tone words as a LIWC-style ``.dic`` file (weights and rules
    are not representable there and are dropped). A ``.dic`` file holds single words, so
    co-occurrence patterns are left out, with a warning naming them (write them with
    :func:`write_csv_terms` or :func:`save_lexicons` instead)."""
    cats = lexicons.frame_ids + list(TONE_LABELS)
    number = {c: i + 1 for i, c in enumerate(cats)}
    words: dict[str, list[int]] = {}
    patterns = [t for t in lexicons.terms if t.slots]
    if patterns:
        names = ", ".join(f"'{t.term}'" for t in patterns[:3])
        more = f" and {len(patterns) - 3} more" if len(patterns) > 3 else ""
        warnings.warn(
            f"{path}: {len(patterns)} co-occurrence pattern(s) left out ({names}{more}): a "
            ".dic file holds single words; write_csv_terms or save_lexicons keep them",
            stacklevel=2,
        )
    for t in lexicons.terms:
        if t.slots:
            continue
        nums = words.setdefault(t.term, [])
        n = number[t.label]
        if n not in nums:
            nums.append(n)
    out = ["%"] + [f"{number[c]}\t{c}" for c in cats] + ["%"]
    out += [f"{w}\t" + "\t".join(str(n) for n in sorted(ns)) for w, ns in words.items()]
    p = Path(path)
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------
# CSV term lists

CSV_COLUMNS = [
    "layer", "label", "term", "weight", "exclude", "requires", "shared_with", "note", "order",
    "within", "unless",
]


def _read_csv(
    path: Path, base: Lexicons | None, problems: _Problems, allow_new_frames: bool = False
) -> Lexicons | None:
    file = str(path)
    text = _read_text(path, problems)
    if text is None:
        return None
    numbered = [
        (no, ln)
        for no, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not numbered:
        problems.add(file, 1, "empty term list", "write a header line: label,term,weight")
        return None
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in numbered)))
    rows = list(reader)
    header = [h.strip().lower() for h in rows[0]]
    if "term" not in header:
        problems.add(
            file,
            numbered[0][0],
            "no 'term' column in the header",
            "start with a header such as label,term,weight",
        )
        return None
    label_col = "label" if "label" in header else ("frame" if "frame" in header else None)
    if label_col is None:
        problems.add(
            file,
            numbered[0][0],
            "no 'label' (or 'frame') column in the header",
            "add a label column with the frame id of each term",
        )
        return None
    base_lex = _base_or_default(base)
    frame_terms: dict[str, list[Term]] = {}
    tone_terms: list[Term] = []
    label_lines: dict[str, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for (line, _), row in zip(numbered[1:], rows[1:], strict=False):
        rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        layer = rec.get("layer", "") or "frame"
        label = rec.get(label_col, "")
        term = rec.get("term", "")
        what = f"'{term}' ({layer} {label})"
        if layer not in ("frame", "tone"):
            problems.add(file, line, f"unknown layer '{layer}'", "write frame or tone")
            continue
        if not term:
            problems.add(file, line, "empty term", "delete the row or write the term")
            continue
        if layer == "tone" and label not in TONE_LABELS:
            problems.add(file, line, f"unknown tone label '{label}'", "write positive or negative")
            continue
        if not label:
            problems.add(file, line, f"no frame id for '{term}'", "fill in the label column")
            continue
        key = (layer, label, _norm(term))
        if key in seen:
            problems.add(
                file,
                line,
                f"duplicate term {what} (same as line {seen[key]})",
                "delete the repeated row",
            )
            continue
        seen[key] = line
        weight = 1.0
        if rec.get("weight"):
            try:
                value: object = float(rec["weight"])
            except ValueError:
                value = rec["weight"]
            weight = _check_weight(value, file, line, what, problems)

        requires: list[str] = []
        for r in _cells(rec, "requires"):
            if r.startswith("@"):
                if r[1:] in base_lex.contexts:
                    requires.extend(base_lex.contexts[r[1:]])
                else:
                    problems.add(
                        file,
                        line,
                        f"unknown context '{r}' for {what}",
                        f"use one of {', '.join('@' + c for c in base_lex.contexts)}",
                    )
            else:
                requires.append(r)
        slots = _parse_slots(term, base_lex.contexts, file, line, what, problems)
        options = {k: rec[k] for k in ("order", "within") if rec.get(k)}
        order, within = _pattern_options(options, term, slots, file, line, what, problems)
        exclude = _cells(rec, "exclude")
        _check_exclude(term, slots, exclude, file, line, what, problems)
        t = Term(
            term,
            layer,
            label,
            weight,
            exclude,
            tuple(dict.fromkeys(requires)),
            _cells(rec, "shared_with") if layer == "frame" else (),
            rec.get("note", ""),
            file,
            line,
            slots,
            order,
            within,
            unless=_context_list(
                {"unless": list(_cells(rec, "unless"))}, "unless", base_lex.contexts,
                file, line, what, problems,
            ),
        )
        if layer == "tone":
            tone_terms.append(t)
        else:
            frame_terms.setdefault(label, []).append(t)
            label_lines.setdefault(label, line)
    return _assemble(
        path, base_lex, frame_terms, tone_terms, problems, allow_new_frames, label_lines
    )


def _cells(rec: dict[str, str], col: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in rec.get(col, "").split("|") if x.strip())


def read_csv_terms(
    path: str | Path, base: Lexicons | None = None, *, allow_new_frames: bool = False
) -> Lexicons:
    """Import a CSV term list (``#`` comment lines allowed).

    Columns: ``label`` (or ``frame``) and ``term`` are required; ``layer`` (``frame`` or
    ``tone``), ``weight``, ``exclude``, ``requires`` and ``shared_with`` (lists joined with
    ``|``; ``@name`` refers to a context list of ``base``), ``note``, and for co-occurrence
    patterns (``降低|压低…成本``, whose ``@name`` slots also refer to ``base``) ``order`` and
    ``within`` are optional. The frames in the file replace their terms in ``base``
    (default: the bundled set); tone rows, if any, replace the tone words.
    """
    problems = _Problems()
    lex = _read_csv(Path(path), base, problems, allow_new_frames)
    if problems or lex is None:
        raise LexiconError(str(problems[0]) if problems else f"{path}:1: cannot read")
    return lex


def write_csv_terms(lexicons: Lexicons, path: str | Path) -> Path:
    """Write every frame term and tone word as a CSV term list (readable by
    :func:`read_csv_terms`; context rules are written out in full, a pattern as written,
    with ``order`` and ``within``: its ``@context`` slots are read back against the base
    set's contexts)."""
    p = Path(path)
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for t in lexicons.terms:
            w.writerow(
                [
                    t.layer,
                    t.label,
                    t.term,
                    f"{t.weight:g}",
                    "|".join(t.exclude),
                    "|".join(t.requires),
                    "|".join(t.shared_with),
                    t.note,
                    t.order if t.slots else "",
                    str(t.within) if t.slots else "",
                    "|".join(t.unless),
                ]
            )
    return p


# --------------------------------------------------------------------------------------
# writing a set back as TOML


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _entry(t: Term) -> str:
    options = t.slots and (t.order != "given" or t.within != "clause")
    if not (t.exclude or t.requires or t.unless or t.shared_with or t.note or options):
        return f"{_q(t.term)} = {t.weight:g}"
    parts = [f"weight = {t.weight:g}"]
    for key in ("exclude", "requires", "unless", "shared_with"):
        values = getattr(t, key)
        if values:
            parts.append(f"{key} = [" + ", ".join(_q(v) for v in values) + "]")
    if options:
        within = t.within if isinstance(t.within, int) else _q(t.within)
        parts += [f"order = {_q(t.order)}", f"within = {within}"]
    if t.note:
        parts.append(f"note = {_q(t.note)}")
    return f"{_q(t.term)} = {{ " + ", ".join(parts) + " }"


def save_lexicons(lexicons: Lexicons, folder: str | Path) -> Path:
    """Write a lexicon set as ``frames.toml``, ``tone.toml`` and ``modifiers.toml`` in
    ``folder`` (e.g. to turn an imported ``.dic`` into an editable set). Context names are
    written out in full in ``requires``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    v = lexicons.versions
    fr = [
        f"version = {_q(v.get('frames', '1.0.0'))}",
        "replace = true  # the whole set: these frames only",
        f"threshold = {lexicons.threshold:g}",
        "",
    ]
    if lexicons.contexts:
        fr.append("[contexts]")
        fr += [
            f"{name} = [" + ", ".join(_q(x) for x in items) + "]"
            for name, items in lexicons.contexts.items()
        ]
        fr.append("")
    for f in lexicons.frames:
        fr += [f"[frames.{f.id}]"] + ([] if f.negatable else ["negatable = false"])
        fr += [f"tone = {f.tone:g}"] if f.tone else []
        fr += [
            f"label_zh = {_q(f.label_zh)}",
            f"label_en = {_q(f.label_en)}",
            f"definition = {_q(f.definition)}",
            "",
            f"[frames.{f.id}.terms]",
        ]
        fr += [_entry(t) for t in f.terms]
        fr.append("")
    (out / FRAME_FILE).write_text("\n".join(fr), encoding="utf-8")
    tn = [f"version = {_q(v.get('tone', '1.0.0'))}", ""]
    for label in TONE_LABELS:
        tn.append(f"[{label}]")
        tn += [_entry(t) for t in lexicons.tone if t.label == label]
        tn.append("")
    (out / TONE_FILE).write_text("\n".join(tn), encoding="utf-8")
    m = lexicons.modifiers

    def arr(items: Iterable[str]) -> str:
        return "[" + ", ".join(_q(x) for x in items) + "]"

    md = [
        f"version = {_q(m.version or '1.0.0')}",
        "",
        "[negation]",
        f"scope = {m.negation_scope}",
        f"tone_factor = {m.tone_negation_factor:g}",
        f"negators = {arr(m.negators)}",
        f"glued = {arr(m.glued_negators)}",
        f"transparent = {arr(m.transparent)}",
        "",
        "[resolution]",
        f"frames = {arr(m.resolver_frames)}",
        f"words = {arr(m.resolvers)}",
        "",
        "[contrast]",
        f"reverse = {arr(m.reverse)}",
        f"openers = {arr(m.openers)}",
        f"adversative = {arr(m.adversative)}",
        "",
        "[concessive]",
        f"markers = {arr(m.concessive)}",
        f"main = {arr(m.concessive_main)}",
        f"tone = {m.tone_before:g}",
        f"frame = {m.concessive_frame:g}",
        "",
        "[dismissal]",
        f"frames = {arr(m.dismissal_frames)}",
        f"tone = {str(m.dismissal_tone).lower()}",
        f"words = {arr(m.dismissal)}",
        "",
        "[post_negation]",
        f"frames = {arr(m.post_negation_frames)}",
        f"tone = {str(m.post_negation_tone).lower()}",
        f"scope = {m.post_negation_scope}",
        f"words = {arr(m.post_negation)}",
        "",
        "[question]",
        f"frame_factor = {m.question_frame_factor:g}",
        f"tone_factor = {m.question_tone_factor:g}",
        f"end = {arr(m.question_end)}",
        f"particles = {arr(m.question_particles)}",
        f"words = {arr(m.question_words)}",
        f"wh = {arr(m.question_wh)}",
        f"rhetorical = {arr(m.rhetorical)}",
        "",
        "[intensifiers]",
        f"scope = {m.intensifier_scope}",
    ] + [f"{_q(w)} = {x:g}" for w, x in m.intensifiers.items()]
    (out / MODIFIER_FILE).write_text("\n".join(md) + "\n", encoding="utf-8")
    return out
