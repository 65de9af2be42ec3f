"""Former home of :mod:`framing.stats.keyness`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.keyness import (
    KEYNESS_COLUMNS,
    default_stopwords,
    dunning_g2,
    empty_keyness,
    fightin_words,
    is_junk_token,
    keyness_table,
    log_ratio,
)

__all__ = [
    "KEYNESS_COLUMNS",
    "default_stopwords",
    "dunning_g2",
    "empty_keyness",
    "fightin_words",
    "is_junk_token",
    "keyness_table",
    "log_ratio",
]
