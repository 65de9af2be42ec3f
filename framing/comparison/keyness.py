"""Former home of :mod:`framing.stats.keyness`, kept so that old imports go on working."""

from __future__ import annotations

from framing.stats.keyness import *  # noqa: F403
from framing.stats.keyness import __all__  # noqa: F401
