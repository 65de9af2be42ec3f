"""Former home of :mod:`framing.stats.models`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.models import (
    FEW_CLUSTERS,
    MODEL_COLUMNS,
    count_by_group,
    logit_by_group,
)

__all__ = [
    "FEW_CLUSTERS",
    "MODEL_COLUMNS",
    "count_by_group",
    "logit_by_group",
]
