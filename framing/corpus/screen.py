"""Which rules of an ordered list can match a text: moved to :mod:`framing.lexicons.screen`.

This old path gives that same module, not a copy of its names, so that setting a name
here takes effect there."""

from __future__ import annotations

import sys

from framing.lexicons import screen as _moved

sys.modules[__name__] = _moved
