"""Frame presence per sentence from the matches of frame cues.

A sentence carries frame ``f`` when the weights of its counted (not negated) cues of ``f``
sum to at least the lexicon ``threshold`` (1.0 in the bundled set: one clear cue or two weak
ones). ``hits_<f>`` counts the counted cues; negated cues count for nothing but stay in the
evidence table.
"""

from __future__ import annotations

from framing.scoring.matching import Match

__all__ = ["frame_scores"]


def frame_scores(
    matches: list[Match], frame_ids: list[str], threshold: float
) -> dict[str, int | bool | float]:
    """``hits_<f>`` (int), ``weight_<f>`` (float) and ``frame_<f>`` (bool) for each frame."""
    hits = dict.fromkeys(frame_ids, 0)
    weight = dict.fromkeys(frame_ids, 0.0)
    for m in matches:
        if m.term.layer != "frame" or m.negated or m.term.label not in hits:
            continue
        hits[m.term.label] += 1
        weight[m.term.label] += m.term.weight
    out: dict[str, int | bool | float] = {}
    for f in frame_ids:
        out[f"hits_{f}"] = hits[f]
        out[f"weight_{f}"] = round(weight[f], 6)
        out[f"frame_{f}"] = weight[f] >= threshold - 1e-9
    return out
