"""The figures as plot functions, in seaborn's convention.

Axes-level (one ``Axes``; ``ax=None`` draws on the current axes, ``plt.gca()``; the
``Axes`` is returned): :func:`plot_frame_prevalence`, :func:`plot_residuals`,
:func:`plot_frame_position`, :func:`plot_evaluation`, :func:`plot_group_keyness`,
:func:`plot_voice_counts`, :func:`plot_voice_shares`.

Figure-level (several panels; ``figure=None`` makes a new figure; a :class:`FigureGrid`
with ``.figure``, ``.axes`` and ``.axes_dict`` is returned, as seaborn's figure-level
functions return a ``FacetGrid``): :func:`plot_sentiment_tone`, :func:`plot_keyness`,
:func:`plot_voice_frames`.

None of them sizes, saves or closes a figure: the results bundle does
(:mod:`framing.report.figures`), and so do you in a notebook::

    fig, ax = plt.subplots()
    fr.plot_frame_prevalence(comparison, ax=ax)
"""

from framing.report.plots.evaluation import plot_evaluation, plot_sentiment_tone
from framing.report.plots.frames import plot_frame_position, plot_frame_prevalence, plot_residuals
from framing.report.plots.grid import FigureGrid
from framing.report.plots.keyness import plot_group_keyness, plot_keyness
from framing.report.plots.voices import plot_voice_counts, plot_voice_frames, plot_voice_shares

__all__ = [
    "FigureGrid", "plot_evaluation", "plot_frame_position", "plot_frame_prevalence",
    "plot_group_keyness", "plot_keyness", "plot_residuals", "plot_sentiment_tone",
    "plot_voice_counts", "plot_voice_frames", "plot_voice_shares",
]
