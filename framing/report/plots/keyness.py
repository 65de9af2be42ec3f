"""The most distinctive terms of each group (Fightin' Words z against the rest).

:func:`plot_group_keyness` draws one group's terms on one ``Axes`` (seaborn's axes-level
convention); :func:`plot_keyness` draws one panel per group, wrapped in rows of
``col_wrap``, and returns a :class:`~framing.report.plots.grid.FigureGrid` (the figure-level
form, like ``sns.catplot(kind="bar", col=by, col_wrap=3, sharey=False)``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from framing.report.plots.data import comparison_table, groups_of
from framing.report.plots.grid import FigureGrid, figure_or_new, tight_layout
from framing.report.plots.style import axes_or_current, palette, tidy

__all__ = ["keyness_shape", "plot_group_keyness", "plot_keyness"]


def keyness_shape(n_groups: int, col_wrap: int = 3) -> tuple[int, int]:
    """Rows and columns of the keyness panels.

    Parameters
    ----------
    n_groups
        Number of groups (one panel each).
    col_wrap
        Panels per row at most.

    Returns
    -------
    tuple of int
        ``(rows, columns)``.
    """
    ncols = max(1, min(n_groups, col_wrap))
    return max(1, math.ceil(n_groups / ncols)), ncols


def plot_group_keyness(comparison: Any, group: Any, ax: Any = None, *, by: str | None = None,
                       top: int = 8, color: str | None = None) -> Any:
    """One group's most distinctive terms as horizontal bars of their z, the largest on top,
    with a dashed line at z = 1.96.

    Parameters
    ----------
    comparison
        A :class:`framing.Comparison` (its ``keyness`` table), or a ``keyness`` table whose
        first column is the group.
    group
        The group whose terms to draw (the panel's title).
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``).
    by
        The group column (default: the comparison's ``by``, else the table's first column).
    top
        Number of terms: those with the largest positive z.
    color
        Colour of the bars (default: the group's colour among the comparison's groups).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one bar per term (at most ``top``).
    """
    keyness, by = comparison_table(comparison, "keyness", by)
    if color is None:
        color = palette(groups_of(comparison, keyness, by))[group]
    ax = axes_or_current(ax)
    sub = keyness[(keyness[by] == group) & (keyness["z"] > 0)].nlargest(top, "z").iloc[::-1]
    ax.barh(sub["term"], sub["z"], color=color, height=0.7)
    ax.set_title(group, fontsize=8)
    ax.set_xlabel("z (log-odds, informative prior)", fontsize=6)
    ax.axvline(1.96, lw=0.5, ls="--", color="grey")
    tidy(ax)
    return ax


def plot_keyness(comparison: Any, *, figure: Any = None, by: str | None = None,
                 groups: Sequence[Any] | None = None, top: int = 8, col_wrap: int = 3) -> FigureGrid:
    """The most distinctive terms of each group: :func:`plot_group_keyness` on one panel per
    group, ``col_wrap`` panels a row, then fitted with ``tight_layout``.

    Parameters
    ----------
    comparison
        A :class:`framing.Comparison` (its ``keyness`` table and groups), or a ``keyness``
        table whose first column is the group.
    figure
        An empty ``Figure`` or ``SubFigure`` to draw into, at the size you want (default: a
        new figure, ``plt.figure()``).
    by
        The group column (default: the comparison's ``by``, else the table's first column).
    groups
        The groups, one panel each in order (default: the comparison's, else as they come).
    top
        Terms per group.
    col_wrap
        Panels per row at most (:func:`keyness_shape`).

    Returns
    -------
    FigureGrid
        ``.figure``, ``.axes`` (rows x columns; panels beyond the groups hidden) and
        ``.axes_dict`` (group -> ``Axes``).
    """
    figure = figure_or_new(figure)
    keyness, by = comparison_table(comparison, "keyness", by)
    groups = groups_of(comparison, keyness, by, groups)
    colors = palette(groups)
    nrows, ncols = keyness_shape(len(groups), col_wrap)
    axes = figure.subplots(nrows, ncols, squeeze=False)
    for ax, group in zip(axes.flat, groups, strict=False):
        plot_group_keyness(keyness, group, ax=ax, by=by, top=top, color=colors[group])
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    tight_layout(figure)
    return FigureGrid(figure, axes, dict(zip(groups, axes.flat, strict=False)))
