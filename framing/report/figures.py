"""Figures for a paper: one question each, colour-blind-safe, sized for a journal column
(3.5 in) or the page width (7 in), Chinese labels in the bundled CJK font.

Each ``fig_*`` function takes tidy tables and returns a matplotlib ``Figure``;
``save_figure`` writes it as PDF, PNG (300 dpi) and SVG without time stamps or random ids.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.report.fonts import setup_matplotlib

COLUMN_WIDTH = 3.5  # inches: one journal column
PAGE_WIDTH = 7.0  # inches: full page width
FORMATS = ("pdf", "png", "svg")
# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


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


def _plt():
    setup_matplotlib()
    from matplotlib import pyplot as plt

    return plt


def palette(groups: Sequence[str]) -> dict[str, str]:
    """A fixed colour for each group, in order."""
    return {g: OKABE_ITO[i % len(OKABE_ITO)] for i, g in enumerate(groups)}


def fig_frame_prevalence(frames: pd.DataFrame, by: str, labels: Mapping[str, str]):
    """Share of sentences carrying each frame, per group, with Wilson 95% intervals."""
    plt = _plt()
    groups = list(dict.fromkeys(frames[by]))
    frame_ids = list(dict.fromkeys(frames["frame"]))
    colors = palette(groups)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.45 * len(frame_ids) + 1.2))
    step = 0.8 / max(len(groups), 1)
    for k, group in enumerate(groups):
        sub = frames[frames[by] == group].set_index("frame").reindex(frame_ids)
        y = np.arange(len(frame_ids)) - 0.4 + step * (k + 0.5)
        # clip: a Wilson bound can sit a rounding error past the estimate when share is 0 or 1
        err = np.clip(np.vstack([sub["share"] - sub["ci_low"], sub["ci_high"] - sub["share"]]), 0, None)
        ax.errorbar(sub["share"], y, xerr=err, fmt="o", ms=3.5, lw=1, capsize=1.5,
                    color=colors[group], label=group)
    ax.set_yticks(np.arange(len(frame_ids)), [labels.get(f, f) for f in frame_ids])
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences with the frame (Wilson 95% CI)")
    ax.set_xlim(left=0)
    ax.grid(axis="x", lw=0.3, alpha=0.5)
    ax.legend(title=by, loc="lower right", frameon=False, ncols=1)
    _tidy(ax)
    return fig


def fig_residual_heatmap(residuals: pd.DataFrame, by: str, labels: Mapping[str, str], alpha: float = 0.05):
    """Adjusted standardized residuals, group x frame; cells significant after Bonferroni
    correction are marked with an asterisk."""
    plt = _plt()
    import seaborn as sns

    groups = list(dict.fromkeys(residuals[by]))
    frame_ids = list(dict.fromkeys(residuals["frame"]))
    grid = residuals.pivot(index=by, columns="frame", values="residual").reindex(index=groups, columns=frame_ids)
    sig = residuals.pivot(index=by, columns="frame", values="p_bonferroni").reindex(index=groups, columns=frame_ids)
    annot = grid.map(lambda v: "" if pd.isna(v) else f"{v:.1f}") + sig.map(
        lambda p: "*" if pd.notna(p) and p < alpha else ""
    )
    lim = max(3.0, float(np.nanmax(np.abs(grid.to_numpy()))) if grid.notna().any().any() else 3.0)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.4 * len(groups) + 1.6))
    sns.heatmap(grid, ax=ax, cmap="vlag", center=0, vmin=-lim, vmax=lim, annot=annot, fmt="",
                annot_kws={"fontsize": 7}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "adjusted residual", "shrink": 0.8})
    ax.set_xticklabels([labels.get(f, f) for f in frame_ids], rotation=30, ha="right")
    ax.set_yticklabels(groups, rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"* p < {alpha:g} after Bonferroni correction over {grid.size} cells", fontsize=7, loc="left")
    return fig


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
    with _seeded_jitter():
        sns.stripplot(data=long, x="position", y="frame", hue=by, hue_order=list(groups),
                      order=[labels.get(f, f) for f in frame_ids], palette=palette(groups),
                      dodge=True, size=2.5, alpha=0.7, jitter=0.15, ax=ax)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("relative position in the article (0 = start, 1 = end)")
    ax.set_ylabel("")
    ax.legend(title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
    with warnings.catch_warnings(record=True) as caught:
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
