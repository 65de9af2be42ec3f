"""Former home of :mod:`framing.stats.reliability`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.reliability import *  # noqa: F403
from framing.stats.reliability import __all__  # noqa: F401
