"""Which articles are kept: the topic decision and the near-duplicate decision."""

from __future__ import annotations

import math

from framing.corpus.dedupe import find_duplicates
from framing.corpus.store import Picked, Texts
from framing.lexicons.topic import Topic


def judge(
    records: list[dict], topic: Topic, filter_topic: bool, keep_duplicates: bool, threshold: float, texts: Texts
) -> None:
    """Exclude off-topic articles and near-duplicates, in place.

    An included article is ``off_topic`` when it is a notice or misses the topic's
    thresholds (its ``relevance`` and ``topic_hits`` were computed where it was read); of
    the articles still included, one that repeats an earlier one gets ``duplicate_of`` and
    ``similarity`` and, unless duplicates are kept, is excluded as ``duplicate``
    (:func:`framing.corpus.dedupe.find_duplicates`).

    Parameters
    ----------
    records:
        The records of the read, in input order.
    topic:
        The topic lexicon.
    filter_topic:
        Whether off-topic articles are excluded.
    keep_duplicates:
        Keep near-duplicates included (still flagged in ``duplicate_of``).
    threshold:
        The containment at which an article repeats another.
    texts:
        The records' texts and signatures.
    """
    for r in records:
        if r["status"] != "included":
            continue
        if filter_topic and (r["_kind"] == "notice" or not topic.is_on_topic(r["relevance"], r["topic_hits"], r.get("_topic_core", math.inf))):
            r["status"], r["reason"] = "excluded", "off_topic"
    live = [k for k, r in enumerate(records) if r["status"] == "included"]
    reposts = [records[k]["channel"] == "repost" or records[k]["outlet_id"] == "web_repost" for k in live]
    dups = find_duplicates(Picked(texts, live), reposts, threshold, texts.signatures_of(live))
    for k, (original, sim) in zip(live, dups, strict=True):
        r = records[k]
        r["similarity"] = sim
        if original is not None:
            r["duplicate_of"] = records[live[original]]["doc_id"]
            if not keep_duplicates:
                r["status"], r["reason"] = "excluded", "duplicate"
