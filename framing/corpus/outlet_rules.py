"""The outlets file (``outlets.toml``) and its rules model: moved to
:mod:`framing.lexicons.outlet_rules`, whose names are importable from here too."""

from __future__ import annotations

from framing.lexicons.outlet_rules import (
    Formula,
    Outlet,
    OutletRule,
    OutletRules,
    ascii_id,
    check_outlet_rules,
    load_outlet_rules,
)

__all__ = ["Formula", "Outlet", "OutletRule", "OutletRules", "ascii_id", "check_outlet_rules", "load_outlet_rules"]
