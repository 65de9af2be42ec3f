"""Traditional to Simplified Chinese, the script in which texts and rule names are compared.

Reading converts every page with it (:mod:`framing.corpus.normalize`), and the gazetteer
keys outlet names by it (:func:`framing.lexicons.gazetteer.name_key`), so that ``經濟日報``
and ``经济日报`` are one name.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["to_simplified"]


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # loaded with its conversion tables on first use: a costly start

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to Simplified with OpenCC's phrase-aware ``t2s`` tables.

    Parameters
    ----------
    text : str
        Any text (Simplified text comes back as it is).

    Returns
    -------
    str
        The text in Simplified characters.
    """
    return _t2s().convert(text) if text else text
