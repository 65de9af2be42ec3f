"""The outlets file (``outlets.toml``) and its rules model: moved to
:mod:`framing.lexicons.outlet_rules`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.outlet_rules import *  # noqa: F403
