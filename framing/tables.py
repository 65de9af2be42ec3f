"""Tables for papers and files, at the bottom of the package: CSV, booktabs LaTeX, Markdown.

One CSV writer (:func:`write_csv`: UTF-8 with BOM so that Excel shows the Chinese, LF line
ends, floats with six significant digits, written atomically), a booktabs LaTeX table
(:func:`to_latex`), a GitHub-flavoured Markdown table (:func:`md_table`) and the formats of a
p-value (:func:`format_p`) and of an estimate with its interval (:func:`format_interval`).
Every layer writes its tables with these; the module imports nothing of framing.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CSV_FLOAT_FORMAT",
    "format_interval",
    "format_p",
    "latex_escape",
    "md_table",
    "to_latex",
    "write_csv",
]

CSV_FLOAT_FORMAT = "%.6g"
"""Floats in every CSV file: six significant digits (the same for the same inputs)."""

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


def write_csv(df: pd.DataFrame, path: str | Path, float_format: str = CSV_FLOAT_FORMAT) -> Path:
    """Write a table as CSV that Excel opens with the Chinese intact, atomically.

    UTF-8 with BOM, LF line ends, no index, floats as ``float_format``. The table goes to a
    hidden file beside ``path`` that replaces ``path`` only when complete: a full disk or
    an interrupt leaves no half-written file, and an earlier file at ``path`` stays whole.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or Path
        The file to write; its folder must exist.
    float_format : str
        ``%``-format of floats (default six significant digits).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        The folder is missing or not writable, or the disk is full; nothing is left behind.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n", float_format=float_format)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters.

    Parameters
    ----------
    text : str
        Any text (other values are converted with ``str``).

    Returns
    -------
    str
        The text with ``\\ & % $ # _ { } ~ ^`` escaped.
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def _latex_cell(value: Any, digits: int) -> str:
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
    """A booktabs ``table`` environment.

    Needs ``\\usepackage{booktabs}`` and, for Chinese, ``\\usepackage{xeCJK}`` (XeLaTeX) or
    ``ctex``. Numeric columns are right-aligned, the rest left-aligned; missing values show
    as ``--``, booleans as yes/no, integers with thousands separators, floats with
    ``digits`` decimals (scientific notation below ``10**-digits``).

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    caption, label : str
        The ``\\caption`` (escaped) and ``\\label``.
    columns : sequence of str, optional
        The columns to show, in order (default: all).
    headers : sequence of str, optional
        Their headings (default: the column names).
    digits : int
        Decimals of floats.
    note : str
        A footnote below the table (escaped).

    Returns
    -------
    str
        The LaTeX source, ending with a newline.
    """
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
        lines.append(" & ".join(_latex_cell(v, digits) for v in row) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    if note:
        lines.append(f"\\par\\smallskip\\footnotesize {latex_escape(note)}")
    lines += ["\\end{table}", ""]
    return "\n".join(lines)


def md_table(df: pd.DataFrame, columns: Sequence[str] | None = None, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table with fixed number formatting.

    Missing values are empty cells, booleans yes/no, floats ``digits`` decimals (``digits``
    significant digits below ``10**-digits``); ``|`` in text is escaped and line breaks
    become spaces.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : sequence of str, optional
        The columns to show, in order (default: all).
    digits : int
        Decimals of floats.

    Returns
    -------
    str
        The table's lines, without a final newline.
    """
    columns = list(columns or df.columns)

    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:.{digits}g}" if v != 0 and abs(v) < 10 ** (-digits) else f"{v:.{digits}f}"
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in df[columns].itertuples(index=False):
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def format_p(p: float | None) -> str:
    """A p-value as papers write it: ``.042``, ``< .001``, ``n/a`` when missing.

    Parameters
    ----------
    p : float or None
        The p-value.

    Returns
    -------
    str
        Three decimals without the leading zero, ``< .001`` below .001, ``n/a`` for None
        or NaN.
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "n/a"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def format_interval(
    value: float | None, low: float | None, high: float | None, digits: int = 2, missing: str = "n/a"
) -> str:
    """An estimate with its interval in one cell: ``0.67 [0.35, 0.88]``.

    Parameters
    ----------
    value : float or None
        The estimate.
    low, high : float or None
        The interval's bounds; when either is missing, the estimate alone is shown.
    digits : int
        Decimals.
    missing : str
        The text for a missing estimate.

    Returns
    -------
    str
        ``value [low, high]``, ``value`` or ``missing``.
    """
    if pd.isna(value):
        return missing
    if pd.isna(low) or pd.isna(high):
        return f"{value:.{digits}f}"
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"
