"""snownlp sentiment of sentences.

snownlp's classifier is a naive Bayes model trained on shopping reviews; on news it often
reads warnings as praise (「专家警告深度伪造视频可能被滥用。」 scores about 0.82). It is
reported as published (``SnowNLP(text).sentiments``, 0..1) for comparability with other
studies, next to the lexicon ``tone`` (framing.scoring.weighting) that reads news language.

All sentiment goes through :func:`snownlp_sentiments`; by default it runs the exact fast
reimplementation in :mod:`framing.scoring.fastsentiment`.
"""

from __future__ import annotations

import math

__all__ = ["snownlp_sentiments", "SENTIMENT_METHOD"]

SENTIMENT_METHOD = "snownlp SnowNLP(text).sentiments (naive Bayes, shopping-review model)"


def snownlp_sentiments(texts: list[str], engine: str = "fast") -> list[float]:
    """``SnowNLP(t).sentiments`` for each text (0 = negative .. 1 = positive).

    ``engine="fast"`` (default) uses :mod:`framing.scoring.fastsentiment`, a linear-time
    reimplementation over snownlp's own model files that returns bit-identical values
    (see its tests); ``engine="snownlp"`` calls snownlp itself, sentence by sentence.
    A text without any character (empty or whitespace) gets NaN, since snownlp itself fails
    on the empty string with a division by zero.
    """
    if engine not in {"fast", "snownlp"}:
        raise ValueError(f"engine must be 'fast' or 'snownlp', not {engine!r}")
    keep = [i for i, t in enumerate(texts) if t and t.strip()]
    out = [math.nan] * len(texts)
    if engine == "fast":
        from framing.scoring.fastsentiment import sentiments

        values = sentiments([texts[i] for i in keep])
    else:
        from snownlp import SnowNLP

        values = [float(SnowNLP(texts[i]).sentiments) for i in keep]
    for i, v in zip(keep, values, strict=True):
        out[i] = float(v)
    return out
