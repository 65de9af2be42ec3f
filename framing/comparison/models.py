"""Former home of :mod:`framing.stats.models`, kept so that old imports go on working."""

from __future__ import annotations

import framing.stats.models as _moved
from framing.stats.models import *  # noqa: F403
from framing.stats.models import FEW_CLUSTERS  # noqa: F401

__all__ = _moved.__all__
