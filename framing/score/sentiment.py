"""snownlp sentiment of sentences.

snownlp's classifier is a naive Bayes model trained on shopping reviews; on news it often
reads warnings as praise (「专家警告深度伪造视频可能被滥用。」 scores about 0.82). It is
reported as published (``SnowNLP(text).sentiments``, 0..1) for comparability with other
studies, next to the lexicon ``tone`` (framing.score.tone) that reads news language.

All calls to snownlp go through :func:`snownlp_sentiments`, so a faster exact
reimplementation can be swapped in here.
"""

from __future__ import annotations

import math

__all__ = ["snownlp_sentiments", "SENTIMENT_METHOD"]

SENTIMENT_METHOD = "snownlp SnowNLP(text).sentiments (naive Bayes, shopping-review model)"


def snownlp_sentiments(texts: list[str]) -> list[float]:
    """``SnowNLP(t).sentiments`` for each text (0 = negative .. 1 = positive).

    A text without any character snownlp can read (empty or whitespace) gets NaN, since
    snownlp itself fails on it with a division by zero.
    """
    from snownlp import SnowNLP

    out: list[float] = []
    for t in texts:
        if not t or not t.strip():
            out.append(math.nan)
            continue
        try:
            out.append(float(SnowNLP(t).sentiments))
        except ZeroDivisionError:
            out.append(math.nan)
    return out
