"""Former home of :mod:`framing.stats.agreement`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.agreement import *  # noqa: F403
from framing.stats.agreement import __all__  # noqa: F401
