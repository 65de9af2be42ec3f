"""Former home of :mod:`framing.stats.models`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.models import *  # noqa: F403
from framing.stats.models import FEW_CLUSTERS, __all__  # noqa: F401
