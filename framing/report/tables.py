"""Tables for papers: moved to :mod:`framing.tables`, re-exported here for the old path."""

from __future__ import annotations

from framing.tables import latex_escape, md_table, to_latex, write_csv

__all__ = ["latex_escape", "md_table", "to_latex", "write_csv"]
