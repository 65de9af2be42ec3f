"""Former home of :mod:`framing.stats.reliability`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.reliability import (
    LEVELS,
    RELIABILITY_COLUMNS,
    AlphaDetails,
    Level,
    alpha_bootstrap,
    alpha_bootstrap_ci,
    alpha_details,
    check_codes,
    frame_reliability,
    krippendorff_alpha,
    percent_agreement,
    reliability_matrix,
)

__all__ = [
    "AlphaDetails",
    "LEVELS",
    "Level",
    "RELIABILITY_COLUMNS",
    "alpha_bootstrap",
    "alpha_bootstrap_ci",
    "alpha_details",
    "check_codes",
    "frame_reliability",
    "krippendorff_alpha",
    "percent_agreement",
    "reliability_matrix",
]
