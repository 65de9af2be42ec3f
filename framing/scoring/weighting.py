"""Frames and tone of each sentence from its matches: where the lexicon weights come in.

Matching (:mod:`framing.scoring.matching`) says *which* cues occur, negated or not, with
which modifiers; it does not read weights. This module applies the weights, the threshold
and the tone arithmetic, on every run, to fresh or cached matches alike -- so an edit of
weights or of the threshold never needs a sentence to be matched again.

Frames
    A sentence carries frame ``f`` when the weights of its counted (not negated) cues of
    ``f`` sum to at least the lexicon ``threshold`` (1.0 in the bundled set: one clear cue
    or two weak ones). ``hits_<f>`` counts the counted cues; negated cues count for nothing
    but stay in the evidence table.
Tone
    Each tone word contributes ``sign * weight * modifier * contrast * negation``: ``sign``
    +1 for positive, -1 for negative words (tone.toml); ``modifier`` the product of
    intensifiers/diminishers just before it (非常 1.5, 有点 0.6); ``contrast``
    ``tone_before`` (0.5) when an adversative marker (但, 然而 ...) follows it in the
    sentence -- the clause after the turn carries the verdict; ``negation``
    ``tone_negation_factor`` (-0.5) when a negator blocks it (不乐观 is mildly negative).
    The sentence tone is the sum (0 when no tone word is found).

A match here is the tuple :data:`MATCH_FIELDS` (JSON-able, so it can be cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from framing.lexicon import Lexicons, Term

__all__ = ["MATCH_FIELDS", "Weigher", "match_tuple"]

MATCH_FIELDS = (
    "layer",
    "label",
    "term",
    "start",
    "end",
    "negated",
    "blocked_by",
    "rule",
    "token",
    "modifier",
    "contrast",
)


def match_tuple(m: Any) -> list:
    """A :class:`framing.scoring.matching.Match` as the plain list :data:`MATCH_FIELDS`."""
    t = m.term
    return [t.layer, t.label, t.term, m.start, m.end, m.negated, m.blocked_by, m.rule, m.token,
            m.modifier, m.contrast]


class Weigher:
    """Applies one lexicon set's weights, threshold and tone factors to matches."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.frame_ids = list(lexicons.frame_ids)
        self.index = {f: k for k, f in enumerate(self.frame_ids)}
        self.threshold = lexicons.threshold
        self.negation_factor = lexicons.modifiers.tone_negation_factor
        self.terms: dict[tuple[str, str, str], Term] = {
            (t.layer, t.label, t.term): t for t in lexicons.terms
        }

    def sentence(
        self, matches: Sequence[Sequence[Any]], hit_prefix: tuple, hits_out: list[tuple]
    ) -> tuple:
        """``(tone, n_tone_hits, hits_<f>, weight_<f>, frame_<f> ...)`` of one sentence;
        appends one evidence row per match (``hit_prefix`` + the hit columns after it)."""
        n = len(self.frame_ids)
        hits = [0] * n
        weight = [0.0] * n
        tone_parts: list[float] = []
        for layer, label, term, start, end, negated, blocked, rule, token, modifier, contrast in matches:
            t = self.terms[(layer, label, term)]
            if layer == "tone":
                value = t.sign * t.weight * modifier * contrast
                if negated:
                    value *= self.negation_factor
                score = round(value, 6)
                tone_parts.append(score)
            else:
                score = 0.0 if negated else t.weight
                k = self.index.get(label)
                if not negated and k is not None:
                    hits[k] += 1
                    weight[k] += t.weight
            hits_out.append(
                (*hit_prefix, layer, label, term, start, end, negated, t.weight, score,
                 round(modifier * contrast, 6), blocked, rule, token)
            )
        frames: list[Any] = []
        for k in range(n):
            frames += (hits[k], round(weight[k], 6), weight[k] >= self.threshold - 1e-9)
        return (round(sum(tone_parts), 6), len(tone_parts), *frames)
