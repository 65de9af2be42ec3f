"""Which of two near-duplicate articles is the one to keep.

Near-duplicate detection (:mod:`framing.corpus.dedupe`) finds pairs of articles that share
most of their text; this module decides, for each pair, which is the original to keep and
which the copy to flag. The rules, in order:

1. a fragment never wins: when one text is less than ``FRAGMENT_SHARE`` of the other's size
   (a navigation or teaser fragment, or a truncated copy, against the article it repeats:
   the pair are near-duplicates, so the shorter text lies mostly inside the longer), the
   fuller text is kept;
2. of two texts of about the same size, an article the page marks as a repost (channel
   ``repost``, a mirror site) gives way to one that is not;
3. else the earlier in input order is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

#: a near-duplicate text under this share of the other's size is a fragment of it
FRAGMENT_SHARE = 0.9


def original_and_copy(i: int, j: int, sizes: Sequence[int], reposts: Sequence[bool]) -> tuple[int, int]:
    """``(original, copy)`` of the near-duplicate articles ``i`` and ``j``.

    Parameters
    ----------
    i, j:
        Positions of the two articles in input order.
    sizes:
        The size of every article's text (characters or shingles, the same for all).
    reposts:
        For every article, whether the page marks it as a repost.

    Returns
    -------
    tuple of int
        ``(original, copy)``: the article to keep and the one flagged as its copy.
    """
    first, second = (i, j) if i < j else (j, i)
    a, b = sizes[first], sizes[second]
    if min(a, b) < FRAGMENT_SHARE * max(a, b):
        return (first, second) if a >= b else (second, first)
    if reposts[first] and not reposts[second]:
        return second, first
    return first, second
