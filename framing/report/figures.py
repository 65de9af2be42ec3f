"""Figures for a paper: one question each, colour-blind-safe, sized for a journal column
(3.5 in) or the page width (7 in), Chinese labels in the bundled CJK font.

Each ``fig_*`` function takes tidy tables and returns a matplotlib ``Figure``;
``save_figure`` writes it as PDF, PNG (300 dpi) and SVG without time stamps or random ids.
The ``plot_*`` functions are their axes-level forms for your own figures (seaborn's
convention: ``ax=None`` draws on the current axes, the ``Axes`` is returned); the bundle
draws with the same code.

Groups get colours of the Okabe & Ito (2008) palette without its yellow (too faint on
white); beyond its seven colours the marker shape changes as well (:func:`group_styles`),
so any number of groups stays distinguishable, and legends sit outside the data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.report.fonts import bundle_style, setup_matplotlib

COLUMN_WIDTH = 3.5  # inches: one journal column
PAGE_WIDTH = 7.0  # inches: full page width
FORMATS = ("pdf", "png", "svg")
# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# ... the group colours: without the yellow, which is faint on white
GROUP_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]
# beyond the colours, the marker shape (then the hatch of bars) tells groups apart
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "....", "xxxx", "\\\\\\\\", "++++", "oo", "--", "||"]


@contextmanager
def _seeded_jitter(seed: int = 0) -> Iterator[None]:
    """seaborn's strip-plot jitter draws from numpy's global generator: seed it for the
    plot, so figures are identical across runs, and give the caller's state back."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _styled(fn):
    """A bundle figure is built (and its layout measured) in the bundle's style."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with bundle_style():
            return fn(*args, **kwargs)

    return wrapper


def _plt():
    setup_matplotlib()
    from matplotlib import pyplot as plt

    return plt


def palette(groups: Sequence[str]) -> dict[str, str]:
    """A fixed colour for each group, in order (repeating after seven: see
    :func:`group_styles` for the marker that then tells groups apart)."""
    return {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(groups)}


def group_styles(groups: Sequence[str]) -> dict[str, dict[str, str]]:
    """Colour, marker and hatch of each group, in order: distinct for any number of groups.

    The first seven groups get the seven colours (Okabe-Ito without yellow) with circles
    and solid bars; the next seven the same colours with squares and dotted hatching, and
    so on (:data:`MARKERS`, :data:`HATCHES`). No two groups share colour and marker.
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


def _legend_outside(ax, title: str, n: int, **kw) -> None:
    """A legend right of the axes (never over the data), in columns of at most 16."""
    ax.legend(title=title, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              ncols=max(1, -(-n // 16)), **kw)


def _frame_table_of(comparison) -> tuple[pd.DataFrame, str, Mapping[str, str]]:
    frames = getattr(comparison, "frames", comparison)
    by = getattr(comparison, "by", None) or frames.columns[0]
    labels = getattr(comparison, "frame_labels", None) or {}
    return frames, by, labels


def plot_frame_prevalence(comparison, ax=None, *, labels: Mapping[str, str] | None = None,
                          legend: bool = True):
    """Frame prevalence by group on one ``Axes``: the share of sentences with each frame
    and its Wilson 95% interval (seaborn's axes-level convention).

    Parameters
    ----------
    comparison:
        A :class:`framing.Comparison` (its ``frames`` table, ``by`` and frame labels), or a
        ``frames`` table whose first column is the group.
    ax:
        The axes to draw on (default: the current axes, ``plt.gca()``).
    labels:
        Frame id -> label on the y axis (default: the comparison's ``label_zh label_en``).
    legend:
        Draw the legend (outside the axes, right of the data).

    Returns
    -------
    matplotlib.axes.Axes

    Chinese labels need the CJK font: call ``fr.use_cjk_font()`` (after ``sns.set_theme``)
    or pass ``rc=fr.cjk_rc()`` to ``sns.set_theme``.
    """
    frames, by, own = _frame_table_of(comparison)
    if ax is None:
        from matplotlib import pyplot as plt

        ax = plt.gca()
    _draw_frame_prevalence(ax, frames, by, dict(own) | dict(labels or {}), legend=legend)
    return ax


def _draw_frame_prevalence(ax, frames: pd.DataFrame, by: str, labels: Mapping[str, str],
                           legend: bool = True) -> None:
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
        _legend_outside(ax, by, len(groups))
    _tidy(ax)


@_styled
def fig_frame_prevalence(frames: pd.DataFrame, by: str, labels: Mapping[str, str]):
    """Share of sentences carrying each frame, per group, with Wilson 95% intervals."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.45 * len(set(frames["frame"])) + 1.2))
    _draw_frame_prevalence(ax, frames, by, labels)
    return fig


def plot_residuals(comparison, ax=None, *, labels: Mapping[str, str] | None = None,
                   alpha: float = 0.05):
    """Adjusted standardized residuals, group x frame, as a heatmap on one ``Axes`` (cells
    with Bonferroni p < ``alpha`` marked *); ``comparison`` is a :class:`framing.Comparison`.
    Returns the ``Axes`` (default: the current one)."""
    if ax is None:
        from matplotlib import pyplot as plt

        ax = plt.gca()
    own = getattr(comparison, "frame_labels", None) or {}
    _draw_residuals(ax, comparison.residuals, comparison.by, dict(own) | dict(labels or {}), alpha)
    return ax


@_styled
def fig_residual_heatmap(residuals: pd.DataFrame, by: str, labels: Mapping[str, str], alpha: float = 0.05):
    """Adjusted standardized residuals, group x frame; cells significant after Bonferroni
    correction are marked with an asterisk."""
    plt = _plt()
    groups = list(dict.fromkeys(residuals[by]))
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.4 * len(groups) + 1.6))
    _draw_residuals(ax, residuals, by, labels, alpha)
    return fig


def _draw_residuals(ax, residuals: pd.DataFrame, by: str, labels: Mapping[str, str], alpha: float) -> None:
    import seaborn as sns

    groups = list(dict.fromkeys(residuals[by]))
    frame_ids = list(dict.fromkeys(residuals["frame"]))
    grid = residuals.pivot(index=by, columns="frame", values="residual").reindex(index=groups, columns=frame_ids)
    sig = residuals.pivot(index=by, columns="frame", values="p_bonferroni").reindex(index=groups, columns=frame_ids)
    annot = grid.map(lambda v: "" if pd.isna(v) else f"{v:.1f}") + sig.map(
        lambda p: "*" if pd.notna(p) and p < alpha else ""
    )
    lim = max(3.0, float(np.nanmax(np.abs(grid.to_numpy()))) if grid.notna().any().any() else 3.0)
    sns.heatmap(grid, ax=ax, cmap="vlag", center=0, vmin=-lim, vmax=lim, annot=annot, fmt="",
                annot_kws={"fontsize": 7}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "adjusted residual", "shrink": 0.8})
    ax.set_xticklabels([labels.get(f, f) for f in frame_ids], rotation=30, ha="right")
    ax.set_yticklabels(groups, rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"* p < {alpha:g} after Bonferroni correction over {grid.size} cells", fontsize=7, loc="left")


@_styled
def fig_evaluation(sentences: pd.DataFrame, by: str, groups: Sequence[str]):
    """snownlp sentiment and lexicon tone per sentence, by group: points over boxes."""
    plt = _plt()
    import seaborn as sns

    colors = palette(groups)
    fig, axes = plt.subplots(1, 2, figsize=(PAGE_WIDTH, 0.45 * len(groups) + 1.4), sharey=True)
    for ax, measure, title in [
        (axes[0], "sentiment", "snownlp sentiment (0 negative .. 1 positive)"),
        (axes[1], "tone", "lexicon tone (signed)"),
    ]:
        data = sentences[[by, measure]].dropna()
        sns.boxplot(data=data, x=measure, y=by, order=list(groups), ax=ax, color="white",
                    fliersize=0, linewidth=0.8, width=0.6)
        with _seeded_jitter():
            sns.stripplot(data=data, x=measure, y=by, order=list(groups), hue=by, palette=colors,
                          ax=ax, size=2, alpha=0.55, jitter=0.22, legend=False)
        ax.set_xlabel(title)
        ax.set_ylabel("")
        if measure == "sentiment":
            ax.axvline(0.5, lw=0.5, ls="--", color="grey")
        else:
            ax.axvline(0, lw=0.5, ls="--", color="grey")
        _tidy(ax)
    return fig


@_styled
def fig_keyness(keyness: pd.DataFrame, by: str, groups: Sequence[str], top: int = 8):
    """The most distinctive terms of each group (Fightin' Words z against the rest)."""
    plt = _plt()
    colors = palette(groups)
    n = len(groups)
    ncols = min(n, 3)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(PAGE_WIDTH, 1.9 * nrows), squeeze=False)
    for ax, group in zip(axes.flat, groups, strict=False):
        sub = keyness[(keyness[by] == group) & (keyness["z"] > 0)].nlargest(top, "z").iloc[::-1]
        ax.barh(sub["term"], sub["z"], color=colors[group], height=0.7)
        ax.set_title(group, fontsize=8)
        ax.set_xlabel("z (log-odds, informative prior)", fontsize=6)
        ax.axvline(1.96, lw=0.5, ls="--", color="grey")
        _tidy(ax)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


@_styled
def fig_frame_position(sentences: pd.DataFrame, by: str, frame_ids: Sequence[str],
                       labels: Mapping[str, str], groups: Sequence[str]):
    """Where in the article each frame appears: relative position (0 = headline/lead,
    1 = last sentence) of the sentences that carry it, by group."""
    plt = _plt()
    import seaborn as sns

    rows = []
    for f in frame_ids:
        sub = sentences[sentences[f"frame_{f}"]]
        rows.append(pd.DataFrame({by: sub[by], "position": sub["position"], "frame": labels.get(f, f)}))
    long = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=[by, "position", "frame"])
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.5 * len(frame_ids) + 1.2))
    order = [labels.get(f, f) for f in frame_ids]
    if len(groups) <= len(GROUP_COLOURS):
        with _seeded_jitter():
            sns.stripplot(data=long, x="position", y="frame", hue=by, hue_order=list(groups),
                          order=order, palette=palette(groups),
                          dodge=True, size=2.5, alpha=0.7, jitter=0.15, ax=ax)
        ax.legend(title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:  # more groups than colours: each group its colour and marker (one call per group)
        from matplotlib.lines import Line2D

        styles = group_styles(groups)
        for g in groups:
            with _seeded_jitter():
                sns.stripplot(data=long[long[by] == g], x="position", y="frame", hue=by,
                              hue_order=list(groups), order=order, palette=palette(groups),
                              marker=styles[g]["marker"], dodge=True, size=2.5, alpha=0.7,
                              jitter=0.15, ax=ax, legend=False)
        handles = [Line2D([], [], ls="", marker=styles[g]["marker"], color=styles[g]["color"], ms=4,
                          label=g) for g in groups]
        _legend_outside(ax, by, len(groups), handles=handles)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("relative position in the article (0 = start, 1 = end)")
    ax.set_ylabel("")
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    _tidy(ax)
    return fig


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def save_figure(fig, folder: str | Path, stem: str) -> list[Path]:
    """Write ``stem.pdf``, ``stem.png`` (300 dpi) and ``stem.svg`` into ``folder``.

    Raises ``FramingError`` if a glyph is missing from the fonts (a box would be printed).
    """
    plt = _plt()
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
