"""Former home of :mod:`framing.stats.keyness`, kept so that old imports go on working."""

from __future__ import annotations

import framing.stats.keyness as _moved
from framing.stats.keyness import *  # noqa: F403

__all__ = _moved.__all__
