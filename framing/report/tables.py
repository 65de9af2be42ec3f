"""Tables for papers: CSV that Excel opens with Chinese intact, and booktabs LaTeX."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def write_csv(df: pd.DataFrame, path: str | Path, float_format: str = "%.6g") -> None:
    """UTF-8 with BOM (Excel reads the Chinese correctly), LF line ends, fixed float format."""
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format=float_format)


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def _fmt(value, digits: int) -> str:
    if value is None or (isinstance(value, float | np.floating) and math.isnan(value)):
        return "--"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}".replace(",", "{,}")
    if isinstance(value, float | np.floating):
        if value != 0 and abs(value) < 10 ** (-digits):
            return f"{value:.1e}"
        return f"{value:.{digits}f}"
    return latex_escape(value)


def to_latex(
    df: pd.DataFrame,
    caption: str,
    label: str,
    columns: Sequence[str] | None = None,
    headers: Sequence[str] | None = None,
    digits: int = 3,
    note: str = "",
) -> str:
    """A booktabs ``table`` environment; needs ``\\usepackage{booktabs}`` and, for Chinese,
    ``\\usepackage{xeCJK}`` (XeLaTeX) or ``ctex``."""
    columns = list(columns or df.columns)
    headers = list(headers or columns)
    align = "".join("r" if pd.api.types.is_numeric_dtype(df[c]) and df[c].dtype != bool else "l" for c in columns)
    lines = [
        "\\begin{table}[htbp]",
        "\\centering",
        "\\small",
        f"\\caption{{{latex_escape(caption)}}}",
        f"\\label{{{label}}}",
        f"\\begin{{tabular}}{{{align}}}",
        "\\toprule",
        " & ".join(latex_escape(h) for h in headers) + " \\\\",
        "\\midrule",
    ]
    for row in df[columns].itertuples(index=False):
        lines.append(" & ".join(_fmt(v, digits) for v in row) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    if note:
        lines.append(f"\\par\\smallskip\\footnotesize {latex_escape(note)}")
    lines += ["\\end{table}", ""]
    return "\n".join(lines)
