"""Sentence sentiment (snownlp) and lexicon tone by group: points over boxes.

:func:`plot_evaluation` draws one measure on one ``Axes`` (seaborn's axes-level
convention); :func:`plot_sentiment_tone` draws both side by side, sharing the group axis,
and returns a :class:`~framing.report.plots.grid.FigureGrid` (the figure-level form, like
``sns.catplot(kind="box", col="measure")``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from framing.report.plots.data import sentence_data
from framing.report.plots.grid import FigureGrid, figure_or_new
from framing.report.plots.style import axes_or_current, palette, seeded_jitter, tidy

__all__ = ["MEASURES", "plot_evaluation", "plot_sentiment_tone"]

#: measure -> (axis label, reference line: neutral)
MEASURES: dict[str, tuple[str, float]] = {
    "sentiment": ("snownlp sentiment (0 negative .. 1 positive)", 0.5),
    "tone": ("lexicon tone (signed)", 0.0),
}


def plot_evaluation(scored: Any, comparison: Any = None, ax: Any = None, *,
                    measure: str = "sentiment", by: str | None = None,
                    groups: Sequence[Any] | None = None) -> Any:
    """One evaluation measure per sentence, by group: a box per group with every sentence
    as a jittered point over it, and a dashed line at the neutral value.

    Parameters
    ----------
    scored
        A :class:`framing.Scored`, or a sentences table with the measure and the group column.
    comparison
        The :class:`framing.Comparison`: its analysed sentences, ``by`` and groups (default:
        every sentence, grouped by ``by``).
    ax
        The axes to draw on (default: the current axes, ``plt.gca()``).
    measure
        ``sentiment`` (snownlp, 0..1, neutral 0.5) or ``tone`` (signed lexicon tone, neutral 0).
    by
        The group column (default: the comparison's, else ``outlet``).
    groups
        The groups, in order from the top (default: the comparison's, else as they come).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one box and one strip of points per group.

    Raises
    ------
    ValueError
        ``measure`` is neither ``sentiment`` nor ``tone``.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure={measure!r}: use 'sentiment' or 'tone'")
    sentences, by, groups = sentence_data(scored, comparison, by, groups)
    ax = axes_or_current(ax)
    # seaborn imports pyplot: a heavy import, made once the bundle has chosen its backend
    import seaborn as sns

    title, neutral = MEASURES[measure]
    data = sentences[[by, measure]].dropna()
    sns.boxplot(data=data, x=measure, y=by, order=list(groups), ax=ax, color="white",
                fliersize=0, linewidth=0.8, width=0.6)
    with seeded_jitter():
        sns.stripplot(data=data, x=measure, y=by, order=list(groups), hue=by, palette=palette(groups),
                      ax=ax, size=2, alpha=0.55, jitter=0.22, legend=False)
    ax.set_xlabel(title)
    ax.set_ylabel("")
    ax.axvline(neutral, lw=0.5, ls="--", color="grey")
    tidy(ax)
    return ax


def plot_sentiment_tone(scored: Any, comparison: Any = None, *, figure: Any = None,
                        by: str | None = None, groups: Sequence[Any] | None = None) -> FigureGrid:
    """snownlp sentiment (left) and lexicon tone (right) by group, sharing the group axis:
    :func:`plot_evaluation` on two panels.

    Parameters
    ----------
    scored
        A :class:`framing.Scored`, or a sentences table with ``sentiment``, ``tone`` and
        the group column.
    comparison
        The :class:`framing.Comparison`: its analysed sentences, ``by`` and groups.
    figure
        An empty ``Figure`` or ``SubFigure`` to draw into, at the size you want (default: a
        new figure, ``plt.figure()``).
    by
        The group column (default: the comparison's, else ``outlet``).
    groups
        The groups, in order from the top.

    Returns
    -------
    FigureGrid
        ``.figure``, ``.axes`` (1 x 2) and ``.axes_dict`` (``sentiment``, ``tone``).
    """
    figure = figure_or_new(figure)
    sentences, by, groups = sentence_data(scored, comparison, by, groups)
    axes = figure.subplots(1, 2, sharey=True, squeeze=False)
    for ax, measure in zip(axes.flat, MEASURES, strict=True):
        plot_evaluation(sentences, ax=ax, measure=measure, by=by, groups=groups)
    return FigureGrid(figure, axes, dict(zip(MEASURES, axes.flat, strict=True)))
