"""The key that matches a sentence by its text across tables, sheets and models:
Unicode NFKC, without zero-width characters and whitespace."""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["normalize_text"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_WS = re.compile(r"\s+")


def normalize_text(text: object) -> str:
    """The key for matching a sentence by its text.

    Parameters
    ----------
    text : object
        A sentence (None and NaN give the empty key).

    Returns
    -------
    str
        The text in Unicode NFKC (full-width characters to their plain forms), without
        zero-width characters and without any whitespace.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH)
    return _WS.sub("", s)
