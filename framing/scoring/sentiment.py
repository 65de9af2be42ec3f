"""snownlp sentiment of sentences.

snownlp's classifier is a naive Bayes model trained on shopping reviews; on news it often
reads warnings as praise (「专家警告深度伪造视频可能被滥用。」 scores about 0.82). It is
reported as published (``SnowNLP(text).sentiments``, 0..1) for comparability with other
studies, next to the lexicon ``tone`` (framing.scoring.weighting) that reads news language.

All sentiment goes through :func:`snownlp_sentiments`; by default it runs the exact fast
reimplementation in :mod:`framing.scoring.fastsentiment`. With a retrained model
(:mod:`framing.scoring.sentiment_model`, made by ``framing sentiment train``) the value is
still ``SnowNLP(text).sentiments``, with that model loaded instead of the shipped one.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["snownlp_sentiments", "sentiment_method", "SENTIMENT_METHOD"]

SENTIMENT_METHOD = "snownlp SnowNLP(text).sentiments (naive Bayes, shopping-review model)"


def sentiment_method(model: Any = None) -> str:
    """How ``sentiment`` was computed, for the params and the report.

    Parameters
    ----------
    model : SentimentModel, optional
        A retrained model (None: snownlp's shipped one).

    Returns
    -------
    str
        :data:`SENTIMENT_METHOD`, or the same classifier with the retrained model's file name
        and SHA-256.
    """
    if model is None:
        return SENTIMENT_METHOD
    return (
        f"snownlp SnowNLP(text).sentiments (naive Bayes, retrained model {model.name}, "
        f"sha256 {model.sha256[:12]})"
    )


def _snownlp_classifier(model: Any) -> Any:
    """snownlp's own ``Sentiment`` with ``model`` loaded by its ``load`` (which reads NAME.3)."""
    from snownlp.sentiment import Sentiment

    s = Sentiment()
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "model.marshal"
        stem.with_name(stem.name + ".3").write_bytes(model.data)
        s.load(str(stem))
    return s


def snownlp_sentiments(texts: list[str], engine: str = "fast", model: Any = None) -> list[float]:
    """``SnowNLP(t).sentiments`` for each text (0 = negative .. 1 = positive).

    ``engine="fast"`` (default) uses :mod:`framing.scoring.fastsentiment`, a linear-time
    reimplementation over snownlp's own model files that returns bit-identical values
    (see its tests); ``engine="snownlp"`` calls snownlp itself, sentence by sentence.
    A text without any character (empty or whitespace) gets NaN, since snownlp itself fails
    on the empty string with a division by zero.

    Parameters
    ----------
    texts : list of str
        The sentences.
    engine : str
        ``"fast"`` or ``"snownlp"``.
    model : SentimentModel, optional
        A retrained :class:`~framing.scoring.sentiment_model.SentimentModel` instead of the
        shipped model (with ``engine="snownlp"``, loaded by snownlp's own ``Sentiment.load``).

    Returns
    -------
    list of float
        One score per text, in order.

    Raises
    ------
    ValueError
        For another ``engine``.
    """
    if engine not in {"fast", "snownlp"}:
        raise ValueError(f"engine must be 'fast' or 'snownlp', not {engine!r}")
    keep = [i for i, t in enumerate(texts) if t and t.strip()]
    out = [math.nan] * len(texts)
    if engine == "fast":
        from framing.scoring.fastsentiment import sentiments

        values = sentiments([texts[i] for i in keep], model)
    elif model is not None:
        classifier = _snownlp_classifier(model)
        values = [float(classifier.classify(texts[i])) for i in keep]
    else:
        from snownlp import SnowNLP

        values = [float(SnowNLP(texts[i]).sentiments) for i in keep]
    for i, v in zip(keep, values, strict=True):
        out[i] = float(v)
    return out
