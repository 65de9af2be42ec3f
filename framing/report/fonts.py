"""Chinese glyphs in figures from a font that the install brings (mplfonts ships Noto Sans
CJK SC, OFL), never from whatever the system happens to have."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from framing.errors import FramingError

FONT_FILE = "NotoSansCJKsc-Regular.otf"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled CJK font file."""
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
def setup_matplotlib() -> str:
    """Register the CJK font and set deterministic, paper-friendly defaults; returns its name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [name, "DejaVu Sans"],
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
    )
    return name
