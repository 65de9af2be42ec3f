"""Chinese glyphs in figures from a font that the install brings (mplfonts ships Noto Sans
CJK SC, OFL), never from whatever the system happens to have.

For your own figures (matplotlib or seaborn), any of::

    import framing as fr
    fr.use_cjk_font()                          # after sns.set_theme(), which resets fonts
    sns.set_theme(style="whitegrid", rc=fr.cjk_rc())   # or: the rc survives set_theme
    with fr.cjk_font():                        # or: only inside the block
        ax = fr.plot_frame_prevalence(comparison)

None of them changes the matplotlib backend, so they work in a notebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from framing.errors import FramingError

FONT_FILE = "NotoSansCJKsc-Regular.otf"

__all__ = ["cjk_font", "cjk_font_name", "cjk_font_path", "cjk_rc", "setup_matplotlib", "use_cjk_font"]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled CJK font file (Noto Sans CJK SC, shipped by mplfonts).

    Returns
    -------
    Path
        The ``.otf`` file.

    Raises
    ------
    FramingError
        When mplfonts or its font file is missing.
    """
    try:
        import mplfonts
    except ImportError:
        raise FramingError(
            "the CJK font package mplfonts is missing; fix: pip install mplfonts (a framing dependency)"
        ) from None
    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.is_file():
        raise FramingError(f"{path}: CJK font file missing; fix: reinstall mplfonts")
    return path


@lru_cache(maxsize=1)
def cjk_font_name() -> str:
    """Register the bundled CJK font with matplotlib (once) and return its family name
    (``Noto Sans CJK SC``); usable as ``sns.set_theme(font=fr.cjk_font_name())``.

    Returns
    -------
    str
        The family name.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def cjk_rc() -> dict[str, Any]:
    """The matplotlib rc settings that draw Chinese text in the bundled CJK font.

    A plain dict, to pass where seaborn and matplotlib take one and that outlives a theme:
    ``sns.set_theme(rc=fr.cjk_rc())``, ``sns.set_style("ticks", rc=fr.cjk_rc())``,
    ``plt.rcParams.update(fr.cjk_rc())``, ``matplotlib.rc_context(fr.cjk_rc())``. Latin
    text falls back to DejaVu Sans; the minus sign is drawn as a hyphen (the CJK font has no
    U+2212); PDFs embed the font outlines.

    Returns
    -------
    dict
        ``font.family``, ``font.sans-serif`` (the CJK font, then DejaVu Sans),
        ``axes.unicode_minus`` and ``pdf.fonttype``.
    """
    name = cjk_font_name()
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": [name, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "pdf.fonttype": 42,
    }


def use_cjk_font() -> dict[str, Any]:
    """Draw Chinese labels in every figure from now on: ``plt.rcParams.update(cjk_rc())``.

    ``sns.set_theme()`` resets the fonts: call this after it, or pass the returned dict as
    its ``rc``. The backend is left alone.

    Returns
    -------
    dict
        The settings applied (:func:`cjk_rc`).
    """
    from matplotlib import pyplot as plt

    rc = cjk_rc()
    plt.rcParams.update(rc)
    return rc


@contextmanager
def cjk_font() -> Iterator[dict[str, Any]]:
    """Chinese labels only inside a ``with`` block (``matplotlib.rc_context(cjk_rc())``).

    Yields
    ------
    dict
        The settings in force inside the block (:func:`cjk_rc`).
    """
    import matplotlib

    rc = cjk_rc()
    with matplotlib.rc_context(rc):
        yield rc


# The style of the bundle's figures: set inside bundle_style() only, so that neither a
# researcher's theme changes the bundle nor the bundle the researcher's theme.
BUNDLE_RC: dict[str, Any] = {
    "axes.unicode_minus": False,  # the CJK font's hyphen stands in for U+2212
    "pdf.fonttype": 42,  # embed TrueType/OpenType outlines: text stays text in the PDF
    "svg.fonttype": "path",  # SVG needs no font on the reader's machine
    "svg.hashsalt": "framing",  # stable ids inside SVG files
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}


def _use_agg_if_headless() -> None:
    """The bundle needs no window: Agg, unless pyplot is in use already (a notebook's
    backend is left alone; the bundle closes its figures, so none is shown)."""
    import sys

    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")


@contextmanager
def bundle_style() -> Iterator[None]:
    """matplotlib's defaults plus the CJK font and the bundle's sizes, for the block only."""
    import matplotlib

    _use_agg_if_headless()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(
            {"font.family": "sans-serif", "font.sans-serif": [cjk_font_name(), "DejaVu Sans"]}
        )
        matplotlib.rcParams.update(BUNDLE_RC)
        yield


@lru_cache(maxsize=1)
def setup_matplotlib() -> str:
    """Register the CJK font; the bundle's figures take their style from :func:`bundle_style`.

    Returns
    -------
    str
        The font's family name.
    """
    _use_agg_if_headless()
    return cjk_font_name()
