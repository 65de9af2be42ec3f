"""The lexicon model: cue terms, frames, modifiers and the validated set scoring applies.

Plain data (frozen dataclasses) and the few rules about a term's identity and shape that
every reader of lexicon files shares (:func:`is_latin_term`, :func:`is_pattern`,
:func:`term_key`). Nothing here reads a file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "Term",
    "Frame",
    "Modifiers",
    "Lexicons",
    "TONE_LABELS",
    "PATTERN_OPTIONS",
    "SLOT_SEP",
    "is_latin_term",
    "is_pattern",
    "term_key",
]

TONE_LABELS = ("positive", "negative")
"""The labels of tone words, in the order the tone file lists them."""
PATTERN_OPTIONS = {"order": ("given", "any"), "within": ("clause", "sentence")}
"""Values of a pattern entry's ``order`` and (besides a whole number of tokens) ``within``."""
SLOT_SEP = re.compile(r"…+|\.{3,}")
"""What separates the slots of a co-occurrence pattern: … (U+2026; …… as well) or ..."""
_LATIN = re.compile(r"[A-Za-z0-9]")


def is_latin_term(term: str) -> bool:
    """Whether a term holds Latin letters or digits (matched on text, case-insensitively).

    Parameters
    ----------
    term : str
        A cue term as written: Chinese, Latin or mixed.

    Returns
    -------
    bool
        True when the term has an ASCII letter or digit.
    """
    return bool(_LATIN.search(term))


def is_pattern(term: str) -> bool:
    """Whether a term is a co-occurrence pattern (slots separated by …, …… or ...).

    Parameters
    ----------
    term : str
        A cue term as written, plain or a pattern.

    Returns
    -------
    bool
        True when the term has a slot separator.
    """
    return bool(SLOT_SEP.search(term))


def term_key(term: str) -> str:
    """The identity of a term for duplicate checks.

    Latin terms compare case-insensitively, patterns whatever their slot separator
    (``降低...成本`` is ``降低…成本``).

    Parameters
    ----------
    term : str
        A cue term as written, in any case and with any slot separator.

    Returns
    -------
    str
        The key two entries share when they are the same term.
    """
    if is_pattern(term):
        term = "…".join(p.strip() for p in SLOT_SEP.split(term))
    return term.casefold() if is_latin_term(term) else term


@dataclass(frozen=True)
class Term:
    """One cue: a frame term or a tone word, with its rules.

    A co-occurrence cue (a pattern such as ``降低|压低…成本|门槛``) keeps its entry as written
    in ``term`` and its ``slots``; plain terms have no slots.

    Attributes
    ----------
    term : str
        The entry as written.
    layer : str
        ``"frame"`` or ``"tone"``.
    label : str
        The frame id, or ``"positive"``/``"negative"`` for a tone word.
    weight : float
        The cue's weight, in (0, 5].
    exclude : tuple of str
        Longer strings inside which the term does not count (风险投资 for 风险).
    requires : tuple of str
        Strings of which one must occur in the same sentence (context names expanded).
    shared_with : tuple of str
        The other frames that deliberately hold the same term.
    note : str
        The researcher's note on the entry.
    source, line : str, int
        The file and line that define the entry.
    slots : tuple of tuple of str
        Per slot of a pattern the alternatives, ``@context`` names expanded.
    order : str
        ``"given"`` (the slots in the written order) or ``"any"``.
    within : str or int
        ``"clause"`` (no clause punctuation between the slots), ``"sentence"`` or a whole
        number of word tokens from the first slot's token to the last's.
    unless : tuple of str
        Strings of which none may occur elsewhere in the sentence (短板 is a limitation
        unless the sentence names an input such as 算力: then it is resources talk).
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
        """Everything matching reads from the entry (all but weight, note and origin).

        Returns
        -------
        tuple
            Layer, label, term, exclude, requires and, where set, the slots with order and
            within, and the ``unless`` words.
        """
        d: tuple = (self.layer, self.label, self.term, tuple(self.exclude), tuple(self.requires))
        if self.slots:
            d += (self.slots, self.order, self.within)
        if self.unless:
            d += (("unless",) + tuple(self.unless),)
        return d


@dataclass(frozen=True)
class Frame:
    """A frame of the codebook with its cue terms.

    Attributes
    ----------
    id : str
        Lower-case ASCII id (``catch_up``).
    label_zh, label_en, definition : str
        The codebook's names and definition of the frame.
    terms : tuple of Term
        The frame's cues.
    negatable : bool
        Whether a negator before a cue cancels it.
    tone : float
        What carrying the frame adds to a sentence's tone.
    source : str
        The frames file that defines the frame.
    """

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
    """The modifier rules of ``modifiers.toml``.

    Negators, contrast markers, intensifiers and diminishers, post-cue dismissal and
    negated predicates, questions and concessive clauses. ``tone_before`` is the factor of
    tone words in a conceded clause: after a concessive marker (虽然 …) up to the main
    clause, or before an adversative marker (但 …); ``concessive_frame`` the same for frame
    cues. A rule whose words are empty is off. Each field mirrors a key of the file (see
    the comments of the bundled ``modifiers.toml``).
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
        in the text: kept whole, the 不会 of 会不会 is not cut off as a negator.

        Returns
        -------
        list of str
            The words, each once, sorted.
        """
        marks = {
            part.strip()
            for w in self.question_words + self.question_particles + self.rhetorical
            for part in SLOT_SEP.split(w)
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
    """A validated lexicon set: what scoring applies.

    Attributes
    ----------
    frames : tuple of Frame
        The frames in codebook order.
    tone : tuple of Term
        The tone words (positive and negative).
    modifiers : Modifiers
        Negation, contrast, intensity, question and concession rules.
    threshold : float
        The summed cue weight that marks a sentence as carrying a frame.
    contexts : dict
        The named word lists that ``requires``/``unless`` rules and pattern slots use.
    versions, paths, sha256 : dict
        For the manifest: per file read (keyed ``frames``, ``tone``, ``modifiers`` ...) its
        version, path and SHA-256.
    vocabulary : tuple of str
        Domain words the tokenizer keeps whole (``vocabulary.txt``), beside the terms.
    stopwords : tuple of str or None
        Words keyness leaves out (``stopwords.txt``; None: the bundled list).
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
        """The frame with an id.

        Parameters
        ----------
        frame_id : str
            A frame id of the set.

        Returns
        -------
        Frame
            The frame.

        Raises
        ------
        KeyError
            When the set has no frame of this id.
        """
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
        pattern), rule contexts, modifiers.

        Returns
        -------
        list of str
            The words, each once, sorted.
        """
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
        """One row per frame: id, label_zh, label_en, definition, n_terms.

        Returns
        -------
        pandas.DataFrame
            Columns ``id, label_zh, label_en, definition, n_terms``, frames in codebook order.
        """
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
        are empty for plain terms).

        Returns
        -------
        pandas.DataFrame
            One row per term of every layer (frames, then tone).
        """
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
