"""Researchers' regular expressions that cannot hang a run: moved to :mod:`framing.lexicons.patterns`.

This old path gives that same module, not a copy of its names, so that setting a name
here (``PATTERN_TIMEOUT``, say) takes effect there."""

from __future__ import annotations

import sys

from framing.lexicons import patterns as _moved

sys.modules[__name__] = _moved
