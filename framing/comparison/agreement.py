"""Former home of :mod:`framing.stats.agreement`, kept so that old imports go on working."""

from __future__ import annotations

import framing.stats.agreement as _moved
from framing.stats.agreement import *  # noqa: F403

__all__ = _moved.__all__
