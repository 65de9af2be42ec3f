"""Former home of :mod:`framing.stats.reliability`, kept so that old imports go on working."""

from __future__ import annotations

import framing.stats.reliability as _moved
from framing.stats.reliability import *  # noqa: F403

__all__ = _moved.__all__
