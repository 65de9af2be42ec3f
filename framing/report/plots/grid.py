"""What a figure of several panels returns: its figure and its axes, as seaborn's
figure-level functions return a ``FacetGrid`` (``.figure``, ``.axes``, ``.axes_dict``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["FigureGrid", "figure_or_new", "tight_layout"]


@dataclass
class FigureGrid:
    """The panels a figure-level ``plot_*`` function drew, like seaborn's ``FacetGrid``.

    Attributes
    ----------
    figure
        The matplotlib ``Figure`` (or ``SubFigure``) drawn into.
    axes
        The panels, a 2-D array of ``Axes`` (rows x columns), as ``FacetGrid.axes``;
        panels left empty are hidden.
    axes_dict
        Panel name (a group, a measure, a part of the figure) -> its ``Axes``, as
        ``FacetGrid.axes_dict``.
    """

    figure: Any
    axes: np.ndarray
    axes_dict: dict[Any, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        rows, cols = self.axes.shape
        return f"FigureGrid({rows} x {cols} axes: {', '.join(map(str, self.axes_dict))})"


def figure_or_new(figure: Any = None) -> Any:
    """``figure``, or a new figure (``plt.figure()``) when it is None, as seaborn's
    figure-level functions make their own.

    Parameters
    ----------
    figure
        An empty matplotlib ``Figure`` or ``SubFigure``, or None.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.figure.SubFigure
    """
    if figure is not None:
        return figure
    # pyplot is a heavy import; the backend stays the caller's (a notebook's inline one)
    from matplotlib import pyplot as plt

    return plt.figure()


def tight_layout(figure: Any) -> None:
    """Fit the panels into ``figure`` (``Figure.tight_layout``), unless it is a
    ``SubFigure`` or already has a layout engine of its own (constrained layout).

    Parameters
    ----------
    figure
        A matplotlib ``Figure`` or ``SubFigure``.
    """
    if hasattr(figure, "tight_layout") and figure.get_layout_engine() is None:
        figure.tight_layout()
