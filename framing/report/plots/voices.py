"""Who voices which frame: for each frame and group, the sentences carrying the frame split
by voice, and the share of the frame carried by sources against the group's overall share.

:func:`plot_voice_counts` and :func:`plot_voice_shares` draw one panel each on one ``Axes``
(seaborn's axes-level convention); :func:`plot_voice_frames` draws both side by side,
sharing the frame axis, and returns a :class:`~framing.report.plots.grid.FigureGrid` (the
figure-level form; seaborn has no single function for two kinds of panel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.report.plots.data import frame_labels, groups_of, voice_table
from framing.report.plots.grid import FigureGrid, figure_or_new, tight_layout
from framing.report.plots.style import axes_or_current, group_styles, tidy

__all__ = ["BASELINE_LABEL", "plot_voice_counts", "plot_voice_frames", "plot_voice_shares"]

#: The legend entry of the ``|`` marks in :func:`plot_voice_shares` ({by}: the group column).
BASELINE_LABEL = "each {by}'s share of\nall its sentences\nvoiced by sources"


def _voice_rows(table: pd.DataFrame, by: str, groups: Sequence[Any],
                frame_ids: Sequence[str]) -> Iterator[tuple[Any, np.ndarray, float, pd.DataFrame, pd.DataFrame]]:
    """Per group: its y positions (one per frame, groups dodged), the bar height, and its
    source and journalist rows by frame."""
    step = 0.8 / max(len(groups), 1)
    for k, g in enumerate(groups):
        sub = table[table[by] == g]
        src = sub[sub["voice"] == "source"].set_index("frame").reindex(frame_ids)
        jou = sub[sub["voice"] == "journalist"].set_index("frame").reindex(frame_ids)
        yield g, np.arange(len(frame_ids)) - 0.4 + step * (k + 0.5), step, src, jou


def _frame_axis(ax: Any, frame_ids: Sequence[str], labels: Mapping[str, str]) -> None:
    """One y tick per frame, the first on top (idempotent on axes sharing y)."""
    ax.set_yticks(np.arange(len(frame_ids)), [labels.get(f, f) for f in frame_ids])
    ax.yaxis.set_inverted(True)


def _setup(comparison: Any, by: str | None, labels: Mapping[str, str] | None,
           groups: Sequence[Any] | None) -> tuple[pd.DataFrame, str, dict[str, str], list[Any], list[str]]:
    table, by = voice_table(comparison, by)
    return (table, by, frame_labels(comparison, labels=labels), groups_of(comparison, table, by, groups),
            list(dict.fromkeys(table["frame"])))


#: Draws one group on the axes: ``(ax, group, style, y, height, sources, journalist)``, its
#: style from :func:`~framing.report.plots.style.group_styles`, the rest from :func:`_voice_rows`.
_GroupDrawer = Callable[[Any, Any, Mapping[str, str], np.ndarray, float, pd.DataFrame, pd.DataFrame], None]


def _voice_panel(comparison: Any, ax: Any, by: str | None, labels: Mapping[str, str] | None,
                 groups: Sequence[Any] | None, draw: _GroupDrawer) -> tuple[Any, str]:
    """One voice panel: each group drawn by ``draw`` on ``ax`` (default: the current axes),
    then the frame axis; returns the axes and the group column."""
    table, by, labels, groups, frame_ids = _setup(comparison, by, labels, groups)
    ax = axes_or_current(ax)
    styles = group_styles(groups)
    for g, y, step, src, jou in _voice_rows(table, by, groups, frame_ids):
        draw(ax, g, styles[g], y, step, src, jou)
    _frame_axis(ax, frame_ids, labels)
    return ax, by


def _count_bars(ax: Any, g: Any, style: Mapping[str, str], y: np.ndarray, step: float,
                src: pd.DataFrame, jou: pd.DataFrame) -> None:
    """A group's sentences by frame: sources solid, the journalist hatched after them."""
    n_src = src["n_sentences"].fillna(0).to_numpy(float)
    n_jou = jou["n_sentences"].fillna(0).to_numpy(float)
    ax.barh(y, n_src, height=step * 0.9, color=style["color"], label=g, lw=0)
    ax.barh(y, n_jou, left=n_src, height=step * 0.9, color="white", edgecolor=style["color"],
            hatch="////", lw=0.6)


def _share_points(ax: Any, g: Any, style: Mapping[str, str], y: np.ndarray, step: float,
                  src: pd.DataFrame, jou: pd.DataFrame) -> None:
    """A group's source shares by frame with their intervals, and its ``|`` baseline marks."""
    share = src["share"].to_numpy(float)
    err = np.clip(
        np.vstack([share - src["ci_low"].to_numpy(float), src["ci_high"].to_numpy(float) - share]), 0, None
    )
    ok = np.isfinite(share)
    ax.errorbar(share[ok], y[ok], xerr=err[:, ok], fmt=style["marker"], ms=3.2, lw=0.9, capsize=1.5,
                color=style["color"], label=g)
    base = src["voice_share_all"].to_numpy(float)
    ax.scatter(base[ok], y[ok], marker="|", s=30, color=style["color"], lw=1.0)


def plot_voice_counts(comparison: Any, ax: Any = None, *, by: str | None = None,
                      labels: Mapping[str, str] | None = None, groups: Sequence[Any] | None = None,
                      legend: bool = True) -> Any:
    """Sentences with each frame by group, split by voice: sources solid, the journalist
    hatched and stacked after them.

    Parameters
    ----------
    comparison
        A :class:`framing.Comparison` (its ``voices``), a
        :class:`framing.comparison.voices.VoiceComparison`, or its ``frames_by_voice`` table.
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``).
    by
        The group column (default: the comparison's ``by``, else the table's first column).
    labels
        Frame id -> label on the y axis (default: the comparison's ``label_zh label_en``).
    groups
        The groups, in order (default: the comparison's, else as they come).
    legend
        Draw the legend of the two voices.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: two bars per group and frame (sources, then journalist).

    Raises
    ------
    InputError
        The comparison has no voice tables.
    """
    ax, _ = _voice_panel(comparison, ax, by, labels, groups, _count_bars)
    if legend:
        # matplotlib.patches: a heavy import, made once the bundle has chosen its backend
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(facecolor="0.35", lw=0, label="source"),
                Patch(facecolor="white", edgecolor="0.35", hatch="////", lw=0.6, label="journalist"),
            ],
            title="voice", frameon=False, loc="lower right", fontsize=7,
        )
    ax.set_xlabel("sentences with the frame")
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    tidy(ax)
    return ax


def plot_voice_shares(comparison: Any, ax: Any = None, *, by: str | None = None,
                      labels: Mapping[str, str] | None = None, groups: Sequence[Any] | None = None,
                      legend: bool = True) -> Any:
    """The share of each frame's sentences voiced by sources, by group, with its Wilson 95%
    interval; a ``|`` marks the group's share of all its sentences voiced by sources, the
    baseline to read the frame's share against (explained in the legend).

    Parameters
    ----------
    comparison, ax, by, labels, groups
        As for :func:`plot_voice_counts`.
    legend
        Draw the legend (outside the axes): the groups and the ``|`` marks.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: per group one errorbar container (frames with sentences) and one
        collection of ``|`` marks.

    Raises
    ------
    InputError
        The comparison has no voice tables.
    """
    ax, by = _voice_panel(comparison, ax, by, labels, groups, _share_points)
    ax.set_xlabel("share voiced by sources (Wilson 95% CI)")
    ax.set_xlim(-0.02, 1.02)
    ax.axvline(0.5, lw=0.4, ls="--", color="grey")
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    tidy(ax)
    if legend:
        # matplotlib.lines: a heavy import, made once the bundle has chosen its backend
        from matplotlib.lines import Line2D

        handles, names = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], ls="", marker="|", ms=5.5, mew=1.0, color="0.35"))
        names.append(BASELINE_LABEL.format(by=by))
        ax.legend(handles, names, title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=7)
    return ax


def plot_voice_frames(comparison: Any, *, figure: Any = None, by: str | None = None,
                      labels: Mapping[str, str] | None = None,
                      groups: Sequence[Any] | None = None) -> FigureGrid:
    """Who voices which frame: :func:`plot_voice_counts` (left) and
    :func:`plot_voice_shares` (right) sharing the frame axis, fitted with ``tight_layout``.

    Parameters
    ----------
    comparison, by, labels, groups
        As for :func:`plot_voice_counts`.
    figure
        An empty ``Figure`` or ``SubFigure`` to draw into, at the size you want (default: a
        new figure, ``plt.figure()``).

    Returns
    -------
    FigureGrid
        ``.figure``, ``.axes`` (1 x 2) and ``.axes_dict`` (``counts``, ``shares``).

    Raises
    ------
    InputError
        The comparison has no voice tables.
    """
    figure = figure_or_new(figure)
    table, by, labels, groups, _ = _setup(comparison, by, labels, groups)
    axes = figure.subplots(1, 2, sharey=True, squeeze=False, gridspec_kw={"width_ratios": [1, 1.15]})
    plot_voice_counts(table, ax=axes[0, 0], by=by, labels=labels, groups=groups)
    plot_voice_shares(table, ax=axes[0, 1], by=by, labels=labels, groups=groups)
    tight_layout(figure)
    return FigureGrid(figure, axes, {"counts": axes[0, 0], "shares": axes[0, 1]})
