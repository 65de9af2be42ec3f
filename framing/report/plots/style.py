"""What every figure shares: the group colours and markers, the legend outside the data,
the tidy axes, the seeded jitter, and the axes to draw on.

Groups get colours of the Okabe & Ito (2008) palette without its yellow (too faint on
white); beyond its seven colours the marker shape changes as well (:func:`group_styles`),
so any number of groups stays distinguishable, and legends sit outside the data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import numpy as np

from framing.report.fonts import setup_matplotlib

__all__ = [
    "COLUMN_WIDTH", "GROUP_COLOURS", "HATCHES", "MARKERS", "OKABE_ITO", "PAGE_WIDTH",
    "axes_or_current", "group_styles", "legend_outside", "palette", "pyplot", "seeded_jitter",
    "tidy",
]

COLUMN_WIDTH = 3.5  # inches: one journal column
PAGE_WIDTH = 7.0  # inches: full page width
# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# ... the group colours: without the yellow, which is faint on white
GROUP_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]
# beyond the colours, the marker shape (then the hatch of bars) tells groups apart
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "....", "xxxx", "\\\\\\\\", "++++", "oo", "--", "||"]


def palette(groups: Sequence[str]) -> dict[str, str]:
    """A fixed colour for each group, in order: the ``color`` of :func:`group_styles`.

    Parameters
    ----------
    groups
        As for :func:`group_styles`.

    Returns
    -------
    dict
        Group -> colour (hex), repeating after seven groups: see :func:`group_styles` for
        the marker that then tells groups apart.
    """
    return {g: style["color"] for g, style in group_styles(groups).items()}


def group_styles(groups: Sequence[str]) -> dict[str, dict[str, str]]:
    """Colour, marker and hatch of each group, in order: distinct for any number of groups.

    The first seven groups get the seven colours (Okabe-Ito without yellow) with circles
    and solid bars; the next seven the same colours with squares and dotted hatching, and
    so on (:data:`MARKERS`, :data:`HATCHES`). No two groups share colour and marker.

    Parameters
    ----------
    groups
        The groups, in the order of the figure.

    Returns
    -------
    dict
        Group -> ``{"color", "marker", "hatch"}``.
    """
    n = len(GROUP_COLOURS)
    return {
        g: {
            "color": GROUP_COLOURS[i % n],
            "marker": MARKERS[(i // n) % len(MARKERS)],
            "hatch": HATCHES[(i // n) % len(HATCHES)],
        }
        for i, g in enumerate(groups)
    }


def legend_outside(ax: Any, title: str, n: int, **kw: Any) -> None:
    """Draw a legend right of the axes (never over the data), in columns of at most 16.

    Parameters
    ----------
    ax
        The matplotlib ``Axes``.
    title
        Legend title (the group column, e.g. ``outlet``).
    n
        Number of entries (sets the number of columns).
    **kw
        Passed to ``Axes.legend`` (e.g. ``handles``).
    """
    ax.legend(title=title, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              ncols=max(1, -(-n // 16)), **kw)


def tidy(ax: Any) -> None:
    """Hide the top and right spines of ``ax``.

    Parameters
    ----------
    ax
        The matplotlib ``Axes``.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


@contextmanager
def seeded_jitter(seed: int = 0) -> Iterator[None]:
    """Seed numpy's global generator for the block, then give the caller's state back.

    seaborn's strip-plot jitter draws from that generator: seeded, a figure is identical
    across runs.

    Parameters
    ----------
    seed
        The seed for the block.

    Yields
    ------
    None
    """
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def pyplot() -> ModuleType:
    """``matplotlib.pyplot`` for the bundle: the CJK font registered, the Agg backend when
    pyplot was not in use yet (a notebook's backend is left alone).

    Returns
    -------
    module
        ``matplotlib.pyplot``.
    """
    setup_matplotlib()
    # pyplot is a heavy import, and the backend must be chosen before it
    from matplotlib import pyplot as plt

    return plt


def axes_or_current(ax: Any = None) -> Any:
    """``ax``, or the current axes (``plt.gca()``) when ``ax`` is None, as seaborn does.

    Parameters
    ----------
    ax
        A matplotlib ``Axes`` or None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is not None:
        return ax
    # pyplot is a heavy import; the backend stays the caller's (a notebook's inline one)
    from matplotlib import pyplot as plt

    return plt.gca()
