"""Lexicon tone of a sentence: a signed score that reads news language.

Each counted tone word contributes ``sign * weight * modifier * contrast * negation``:

* ``sign`` +1 for positive, -1 for negative words (tone.toml),
* ``modifier`` the product of intensifiers/diminishers just before it (非常 1.5, 有点 0.6),
* ``contrast`` ``tone_before`` (0.5) when an adversative marker (但, 然而 ...) follows it in
  the sentence -- the clause after the turn carries the verdict,
* ``negation`` ``tone_factor`` (-0.5) when a negator blocks it (不乐观 is mildly negative).

The sentence tone is the sum (0 when no tone word is found).
"""

from __future__ import annotations

from framing.lexicon import Modifiers
from framing.scoring.matching import Match

__all__ = ["tone_contribution", "tone_score"]


def tone_contribution(m: Match, modifiers: Modifiers) -> float:
    """The signed contribution of one tone match to its sentence's tone."""
    value = m.term.sign * m.term.weight * m.modifier * m.contrast
    if m.negated:
        value *= modifiers.tone_negation_factor
    return round(value, 6)


def tone_score(matches: list[Match], modifiers: Modifiers) -> float:
    """Sum of the contributions of the tone matches of a sentence."""
    return round(sum(tone_contribution(m, modifiers) for m in matches if m.term.layer == "tone"), 6)
