"""Frames by group on one ``Axes`` each: prevalence with intervals, the residual heatmap,
and where in the article each frame appears (seaborn's axes-level convention: ``ax=None``
draws on the current axes, the ``Axes`` is returned; nothing is sized, saved or closed).

Chinese labels need the CJK font: call ``fr.use_cjk_font()`` (after ``sns.set_theme``) or
pass ``rc=fr.cjk_rc()`` to ``sns.set_theme``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.report.plots.data import (
    comparison_table,
    frame_labels,
    sentence_data,
    sentence_frames,
)
from framing.report.plots.style import (
    GROUP_COLOURS,
    axes_or_current,
    group_styles,
    legend_outside,
    palette,
    seeded_jitter,
    tidy,
)

__all__ = ["plot_frame_position", "plot_frame_prevalence", "plot_residuals"]


def plot_frame_prevalence(comparison: Any, ax: Any = None, *, by: str | None = None,
                          labels: Mapping[str, str] | None = None, legend: bool = True) -> Any:
    """Frame prevalence by group: the share of sentences with each frame and its Wilson 95%
    interval, one marker per group and frame.

    Parameters
    ----------
    comparison
        A :class:`framing.Comparison` (its ``frames`` table, ``by`` and frame labels), or a
        ``frames`` table whose first column is the group.
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``).
    by
        The group column (default: the comparison's ``by``, else the table's first column).
    labels
        Frame id -> label on the y axis (default: the comparison's ``label_zh label_en``).
    legend
        Draw the legend (outside the axes, right of the data).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one errorbar container per group (labelled with the group), one
        y tick per frame from the top, x from 0.
    """
    frames, by = comparison_table(comparison, "frames", by)
    labels = frame_labels(comparison, labels=labels)
    ax = axes_or_current(ax)
    groups = list(dict.fromkeys(frames[by]))
    frame_ids = list(dict.fromkeys(frames["frame"]))
    styles = group_styles(groups)
    step = 0.8 / max(len(groups), 1)
    for k, group in enumerate(groups):
        sub = frames[frames[by] == group].set_index("frame").reindex(frame_ids)
        y = np.arange(len(frame_ids)) - 0.4 + step * (k + 0.5)
        # clip: a Wilson bound can sit a rounding error past the estimate when share is 0 or 1
        err = np.clip(np.vstack([sub["share"] - sub["ci_low"], sub["ci_high"] - sub["share"]]), 0, None)
        ax.errorbar(sub["share"], y, xerr=err, fmt=styles[group]["marker"], ms=3.5, lw=1, capsize=1.5,
                    color=styles[group]["color"], label=group)
    ax.set_yticks(np.arange(len(frame_ids)), [labels.get(f, f) for f in frame_ids])
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences with the frame (Wilson 95% CI)")
    ax.set_xlim(left=0)
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    if legend:
        legend_outside(ax, by, len(groups))
    tidy(ax)
    return ax


def plot_residuals(comparison: Any, ax: Any = None, *, by: str | None = None,
                   labels: Mapping[str, str] | None = None, alpha: float = 0.05) -> Any:
    """Adjusted standardized residuals, group x frame, as a heatmap; cells significant after
    Bonferroni correction (``p_bonferroni < alpha``) are marked with an asterisk.

    Parameters
    ----------
    comparison
        A :class:`framing.Comparison` (its ``residuals`` table), or a ``residuals`` table
        whose first column is the group.
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``); the colour bar takes
        space from it.
    by
        The group column (default: the comparison's ``by``, else the table's first column).
    labels
        Frame id -> label on the x axis (default: the comparison's ``label_zh label_en``).
    alpha
        The level below which a Bonferroni-corrected p is marked.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one cell per group (rows) and frame (columns), annotated with the
        residual to one decimal, the title naming the correction.
    """
    residuals, by = comparison_table(comparison, "residuals", by)
    labels = frame_labels(comparison, labels=labels)
    ax = axes_or_current(ax)
    groups = list(dict.fromkeys(residuals[by]))
    frame_ids = list(dict.fromkeys(residuals["frame"]))
    grid = residuals.pivot(index=by, columns="frame", values="residual").reindex(index=groups, columns=frame_ids)
    sig = residuals.pivot(index=by, columns="frame", values="p_bonferroni").reindex(index=groups, columns=frame_ids)
    annot = grid.map(lambda v: "" if pd.isna(v) else f"{v:.1f}") + sig.map(
        lambda p: "*" if pd.notna(p) and p < alpha else ""
    )
    # seaborn imports pyplot: a heavy import, made once the bundle has chosen its backend
    import seaborn as sns

    lim = max(3.0, float(np.nanmax(np.abs(grid.to_numpy()))) if grid.notna().any().any() else 3.0)
    sns.heatmap(grid, ax=ax, cmap="vlag", center=0, vmin=-lim, vmax=lim, annot=annot, fmt="",
                annot_kws={"fontsize": 7}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "adjusted residual", "shrink": 0.8})
    ax.set_xticklabels([labels.get(f, f) for f in frame_ids], rotation=30, ha="right")
    ax.set_yticklabels(groups, rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"* p < {alpha:g} after Bonferroni correction over {grid.size} cells", fontsize=7, loc="left")
    return ax


def plot_frame_position(scored: Any, comparison: Any = None, ax: Any = None, *,
                        by: str | None = None, frames: Sequence[str] | None = None,
                        labels: Mapping[str, str] | None = None,
                        groups: Sequence[Any] | None = None) -> Any:
    """Where in the article each frame appears: the relative position (0 = headline/lead,
    1 = last sentence) of every sentence that carries it, one point per sentence, by group.

    Parameters
    ----------
    scored
        A :class:`framing.Scored`, or a sentences table with ``position``, the
        ``frame_<id>`` columns and the group column.
    comparison
        The :class:`framing.Comparison`: its analysed sentences, ``by``, groups and labels
        (default: every sentence, grouped by ``by``).
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``).
    by
        The group column (default: the comparison's, else ``outlet``).
    frames
        The frame ids, in order (default: the scored frames).
    labels
        Frame id -> label on the y axis (default: the lexicons' ``label_zh label_en``).
    groups
        The groups, in order (default: the comparison's, else as they come).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one row per frame; with up to seven groups one colour each,
        beyond that a marker shape each too; the legend outside the data.
    """
    sentences, by, groups = sentence_data(scored, comparison, by, groups)
    frame_ids = sentence_frames(scored, comparison, sentences, frames)
    labels = frame_labels(scored, comparison, labels=labels)
    ax = axes_or_current(ax)
    rows = []
    for f in frame_ids:
        sub = sentences[sentences[f"frame_{f}"]]
        rows.append(pd.DataFrame({by: sub[by], "position": sub["position"], "frame": labels.get(f, f)}))
    long = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=[by, "position", "frame"])
    order = [labels.get(f, f) for f in frame_ids]
    # seaborn imports pyplot: a heavy import, made once the bundle has chosen its backend
    import seaborn as sns
    from matplotlib.lines import Line2D

    if len(groups) <= len(GROUP_COLOURS):
        with seeded_jitter():
            sns.stripplot(data=long, x="position", y="frame", hue=by, hue_order=list(groups),
                          order=order, palette=palette(groups),
                          dodge=True, size=2.5, alpha=0.7, jitter=0.15, ax=ax)
        ax.legend(title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:  # more groups than colours: each group its colour and marker (one call per group)
        styles = group_styles(groups)
        for g in groups:
            with seeded_jitter():
                sns.stripplot(data=long[long[by] == g], x="position", y="frame", hue=by,
                              hue_order=list(groups), order=order, palette=palette(groups),
                              marker=styles[g]["marker"], dodge=True, size=2.5, alpha=0.7,
                              jitter=0.15, ax=ax, legend=False)
        handles = [Line2D([], [], ls="", marker=styles[g]["marker"], color=styles[g]["color"], ms=4,
                          label=g) for g in groups]
        legend_outside(ax, by, len(groups), handles=handles)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("relative position in the article (0 = start, 1 = end)")
    ax.set_ylabel("")
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    tidy(ax)
    return ax
