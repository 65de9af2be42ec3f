"""Former home of :mod:`framing.stats.agreement`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.agreement import (
    AGREEMENT_COLUMNS,
    TONE_COLUMNS,
    WILSON_METHOD,
    frame_agreement,
    majority_vote,
    precision_recall_f1,
    sentiment_sign,
    tone_agreement,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "TONE_COLUMNS",
    "WILSON_METHOD",
    "frame_agreement",
    "majority_vote",
    "precision_recall_f1",
    "sentiment_sign",
    "tone_agreement",
]
