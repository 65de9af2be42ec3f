"""The gazetteer of outlets (``outlets_gazetteer.csv``): moved to :mod:`framing.lexicons.gazetteer`.

This old path gives that same module, not a copy of its names, so that setting a name
here takes effect there."""

from __future__ import annotations

import sys

from framing.lexicons import gazetteer as _moved

sys.modules[__name__] = _moved
