"""Searching a rule only next to the words its matches contain: moved to :mod:`framing.lexicons.anchored`.

This old path gives that same module, not a copy of its names, so that setting a name
here takes effect there."""

from __future__ import annotations

import sys

from framing.lexicons import anchored as _moved

sys.modules[__name__] = _moved
