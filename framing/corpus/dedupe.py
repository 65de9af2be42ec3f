"""Near-duplicate articles (one story reposted): character 5-gram shingles.

Two articles are near-duplicates when the share of the shorter one's shingles that also occur
in the longer one (containment, Broder 1997) reaches ``threshold``. Which of the two is kept
is :func:`framing.corpus.keep.original_and_copy`'s decision: never a fragment over the full
text, an original over a repost, the fuller text, the earlier one.
"""

from __future__ import annotations

import re

from framing.corpus.keep import original_and_copy

_NON_TEXT = re.compile(r"[\s\W_]+")


def shingles(text: str, k: int = 5) -> set[str]:
    """Set of character k-grams of ``text`` with spaces and punctuation removed."""
    s = _NON_TEXT.sub("", text)
    return {s[i : i + k] for i in range(max(len(s) - k + 1, 0))}


def containment(a: set[str], b: set[str]) -> float:
    """|a & b| / min(|a|, |b|): 1.0 when the shorter text is wholly inside the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def find_duplicates(
    texts: list[str], reposts: list[bool], threshold: float = 0.5
) -> list[tuple[int | None, float]]:
    """For each text, ``(index of the article it duplicates, similarity)`` or ``(None, best)``."""
    sets = [shingles(t) for t in texts]
    sizes = [len(s) for s in sets]
    out: list[tuple[int | None, float]] = [(None, 0.0)] * len(texts)
    for j in range(len(texts)):
        for i in range(j):
            if out[i][0] is not None:
                continue
            sim = containment(sets[i], sets[j])
            if sim < threshold:
                if sim > out[j][1] and out[j][0] is None:
                    out[j] = (None, sim)
                continue
            original, copy = original_and_copy(i, j, sizes, reposts)
            out[copy] = (original, round(sim, 3))
            if copy == i:
                break
    return out
