"""The outlets file (``outlets.toml``) and its rules model: moved to :mod:`framing.lexicons.outlet_rules`.

This old path gives that same module, not a copy of its names, so that setting a name
here takes effect there."""

from __future__ import annotations

import sys

from framing.lexicons import outlet_rules as _moved

sys.modules[__name__] = _moved
