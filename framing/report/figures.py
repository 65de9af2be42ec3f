"""The results bundle's figures: each one's size, set here and only here, for a paper (the
page width, 7 in), drawn in the bundle's style by the ``plot_*`` functions of
:mod:`framing.report.plots`, and written by :func:`save_figure` as PDF, PNG (300 dpi) and
SVG without time stamps or random ids.

Each ``fig_*`` function takes tidy tables, creates the ``Figure`` at its size, calls the
``plot_*`` function on its axes and returns the ``Figure``; :mod:`framing.report.bundle`
saves it. The ``plot_*`` functions are the same figures for your own axes (seaborn's
convention: ``ax=None`` draws on the current axes, the ``Axes`` is returned); they never
size, save or close a figure.

The names this module had before the plot functions moved to :mod:`framing.report.plots`
(``palette``, ``group_styles``, ``plot_frame_prevalence``, ``plot_residuals``, ...) are
still importable from it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import FramingError
from framing.report.fonts import bundle_style, setup_matplotlib
from framing.report.plots import (
    FigureGrid,
    plot_frame_position,
    plot_frame_prevalence,
    plot_keyness,
    plot_residuals,
    plot_sentiment_tone,
    plot_voice_frames,
)
from framing.report.plots.keyness import keyness_shape
from framing.report.plots.style import (
    COLUMN_WIDTH,
    GROUP_COLOURS,
    HATCHES,
    MARKERS,
    OKABE_ITO,
    PAGE_WIDTH,
    group_styles,
    palette,
    pyplot,
)

__all__ = [
    "COLUMN_WIDTH", "FORMATS", "GROUP_COLOURS", "HATCHES", "MARKERS", "OKABE_ITO", "PAGE_WIDTH",
    "FigureGrid", "bundle_style", "fig_evaluation", "fig_frame_position", "fig_frame_prevalence",
    "fig_keyness", "fig_residual_heatmap", "fig_voice_frames", "group_styles", "new_figure",
    "palette", "plot_frame_prevalence", "plot_residuals", "save_figure", "setup_matplotlib",
]

FORMATS = ("pdf", "png", "svg")
_plt = pyplot  # the name this module had for it


def _styled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A bundle figure is built (and its layout measured) in the bundle's style."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with bundle_style():
            return fn(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Any:
    """An empty figure of the bundle, ``width`` x ``height`` inches.

    Parameters
    ----------
    width, height
        The size in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return pyplot().figure(figsize=(width, height))


@_styled
def fig_frame_prevalence(frames: pd.DataFrame, by: str, labels: Mapping[str, str]) -> Any:
    """Share of sentences carrying each frame, per group, with Wilson 95% intervals
    (:func:`framing.report.plots.plot_frame_prevalence`).

    Parameters
    ----------
    frames
        The comparison's ``frames`` table.
    by
        Its group column.
    labels
        Frame id -> label.

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 0.45 in per frame plus 1.2 in high.
    """
    fig = new_figure(PAGE_WIDTH, 0.45 * len(set(frames["frame"])) + 1.2)
    plot_frame_prevalence(frames, fig.subplots(), by=by, labels=labels)
    return fig


@_styled
def fig_residual_heatmap(residuals: pd.DataFrame, by: str, labels: Mapping[str, str],
                         alpha: float = 0.05) -> Any:
    """Adjusted standardized residuals, group x frame; cells significant after Bonferroni
    correction are marked with an asterisk (:func:`framing.report.plots.plot_residuals`).

    Parameters
    ----------
    residuals
        The comparison's ``residuals`` table.
    by, labels
        As for :func:`fig_frame_prevalence`.
    alpha
        The level below which a Bonferroni-corrected p is marked.

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 0.4 in per group plus 1.6 in high.
    """
    fig = new_figure(PAGE_WIDTH, 0.4 * len(set(residuals[by])) + 1.6)
    plot_residuals(residuals, fig.subplots(), by=by, labels=labels, alpha=alpha)
    return fig


@_styled
def fig_evaluation(sentences: pd.DataFrame, by: str, groups: Sequence[str]) -> Any:
    """snownlp sentiment and lexicon tone per sentence, by group: points over boxes
    (:func:`framing.report.plots.plot_sentiment_tone`).

    Parameters
    ----------
    sentences
        The analysed sentences with the group column.
    by
        The group column.
    groups
        The groups, in order.

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 0.45 in per group plus 1.4 in high.
    """
    fig = new_figure(PAGE_WIDTH, 0.45 * len(groups) + 1.4)
    plot_sentiment_tone(sentences, figure=fig, by=by, groups=groups)
    return fig


@_styled
def fig_keyness(keyness: pd.DataFrame, by: str, groups: Sequence[str], top: int = 8) -> Any:
    """The most distinctive terms of each group (Fightin' Words z against the rest), three
    panels a row (:func:`framing.report.plots.plot_keyness`).

    Parameters
    ----------
    keyness, by
        The comparison's ``keyness`` table and its group column.
    groups
        The groups, one panel each.
    top
        Terms per group.

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 1.9 in per row of panels high.
    """
    nrows, _ = keyness_shape(len(groups))
    fig = new_figure(PAGE_WIDTH, 1.9 * nrows)
    plot_keyness(keyness, figure=fig, by=by, groups=groups, top=top)
    return fig


@_styled
def fig_frame_position(sentences: pd.DataFrame, by: str, frame_ids: Sequence[str],
                       labels: Mapping[str, str], groups: Sequence[str]) -> Any:
    """Where in the article each frame appears: relative position (0 = headline/lead,
    1 = last sentence) of the sentences that carry it, by group
    (:func:`framing.report.plots.plot_frame_position`).

    Parameters
    ----------
    sentences, by, groups
        As for :func:`fig_evaluation`.
    frame_ids
        The frames, in order.
    labels
        Frame id -> label.

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 0.5 in per frame plus 1.2 in high.
    """
    fig = new_figure(PAGE_WIDTH, 0.5 * len(frame_ids) + 1.2)
    plot_frame_position(sentences, ax=fig.subplots(), by=by, frames=frame_ids, labels=labels,
                        groups=groups)
    return fig


@_styled
def fig_voice_frames(frames_by_voice: pd.DataFrame, by: str, labels: Mapping[str, str],
                     groups: Sequence[str] | None = None) -> Any:
    """Who voices which frame: sentences with each frame by voice, and the share of the
    frame carried by sources against the group's overall share
    (:func:`framing.report.plots.plot_voice_frames`).

    Parameters
    ----------
    frames_by_voice
        The ``frames_by_voice`` table of a
        :class:`framing.comparison.voices.VoiceComparison`.
    by, labels
        As for :func:`fig_frame_prevalence`.
    groups
        The groups, in order (default: as they come in the table).

    Returns
    -------
    matplotlib.figure.Figure
        The page width wide, 0.5 in per frame plus 1.3 in high.
    """
    fig = new_figure(PAGE_WIDTH, 0.5 * len(set(frames_by_voice["frame"])) + 1.3)
    plot_voice_frames(frames_by_voice, figure=fig, by=by, labels=labels, groups=groups)
    return fig


def save_figure(fig: Any, folder: str | Path, stem: str) -> list[Path]:
    """Write ``stem.pdf``, ``stem.png`` (300 dpi) and ``stem.svg`` into ``folder``, then
    close the figure.

    Parameters
    ----------
    fig
        The matplotlib ``Figure``.
    folder
        The folder to write into.
    stem
        The file name without extension.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    FramingError
        A glyph is missing from the fonts (a box would be printed).
    """
    plt = pyplot()
    folder = Path(folder)
    paths = []
    metadata = {"pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None}, "png": {"Software": None}}
    with warnings.catch_warnings(record=True) as caught, bundle_style():
        warnings.simplefilter("always")
        for ext in FORMATS:
            path = folder / f"{stem}.{ext}"
            fig.savefig(path, dpi=300, metadata=metadata[ext])
            paths.append(path)
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    if missing:
        raise FramingError(f"figure {stem}: {missing[0]}; fix: report this, the CJK font lacks a character")
    return paths
