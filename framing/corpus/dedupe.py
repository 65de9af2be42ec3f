"""Near-duplicate articles (one story reposted): character 5-gram shingles.

Two articles are near-duplicates when the share of the shorter one's shingles that also occur
in the longer one (containment, Broder 1997) reaches ``threshold``. Which of the two is kept
is :func:`framing.corpus.keep.original_and_copy`'s decision: never a fragment over the full
text, an original over a repost, the fuller text, the earlier one.

Comparing every pair grows with the square of the corpus (10,000 articles are 50 million
pairs), so :func:`find_duplicates` compares only *candidate* pairs, found in time linear in
the corpus, and decides on them exactly as the pairwise loop (:func:`find_duplicates_exact`)
does on all pairs:

1. **MinHash signature** of each article (:func:`signature`): its shingles hashed to 64 bits
   and one-permutation hashing (Li, Owen & Zhang 2012) into ``K`` bins, each holding the
   smallest hash that falls in it; empty bins of short texts are filled by optimal
   densification (Shrivastava 2017). Two articles agree in a bin with probability equal
   to the Jaccard similarity of their shingle sets.
2. **Locality-sensitive hashing** (Indyk & Motwani 1998): the signature is cut into bands of
   ``ROWS`` bins; articles that agree on a whole band share a bucket and become a
   candidate pair. A pair with Jaccard similarity ``J`` shares at least one of the
   ``K // ROWS`` buckets with probability ``1 - (1 - J**ROWS) ** (K // ROWS)``. A text
   inside one ``SIZE_RATIO`` times its size has a low Jaccard similarity even when wholly
   contained (a sixth of an article: 1/6), so pairs that unequal also meet in
   ``CROSS_BANDS`` bands of two bins, a bucket they share with probability
   ``1 - (1 - J**2) ** CROSS_BANDS``; only such pairs are taken from those buckets, which
   keeps out the many pairs of similar articles that two bins alone would bring.
3. **Signature filter**: a candidate pair goes on only when the bins it agrees in are not
   too few for its containment to reach ``threshold``: at containment ``t`` and set sizes
   ``a <= b`` the Jaccard similarity is ``t a / (a + b - t a)``, and the pair is dropped
   only when its agreeing bins lie ``Z`` standard deviations below that.
4. **Exact check**: on the pairs left, the containment of the shingle sets is computed
   exactly and the decisions are made in input order, as the pairwise loop makes them. It
   is counted on sorted shingle hashes, each match confirmed on the shingle's code points
   (:class:`ShingleKeys`); where a hash stands for two shingles, the sets are compared.

Missed are only pairs whose Jaccard similarity is low although their containment reaches
the threshold. At the defaults (768 bins, 256 bands of 3, 256 bands of 2) a pair becomes a
candidate with probability 0.9991 at Jaccard similarity 0.3, 0.98 at 0.25 and 0.87 at 0.2;
a pair of texts four or more times apart in size with 0.997 at 0.15 and 0.92 at 0.1 (a
text a tenth the size of the one that holds it). ``benchmarks/bench_read.py`` measures the
recall against the exact loop on a corpus with planted reposts.

Where the loop records the best similarity of an article that duplicates none, this one
records the best among its candidate pairs (0.0 when it has none): an article far below
the threshold with every earlier one is never a candidate.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from framing.corpus.keep import original_and_copy

_NON_TEXT = re.compile(r"[\s\W_]+")

#: Bins of a MinHash signature.
K = 768
#: Bins per band of the LSH bands for all pairs: ``K // ROWS`` bands.
ROWS = 3
#: Bands of two bins (on the first ``2 * CROSS_BANDS`` bins) for pairs of unequal size.
CROSS_BANDS = 256
#: The size ratio from which a pair is a candidate also through the two-bin bands.
SIZE_RATIO = 4
#: Bins compared first to sort out most candidate pairs.
QUICK = 128
#: Standard deviations below the expected agreement at which a candidate is dropped.
Z = 4.5
#: Shingle length in characters.
SHINGLE = 5

_U64 = np.uint64


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The character k-grams of a text, spaces and punctuation removed first.

    Parameters
    ----------
    text : str
        An article's text.
    k : int
        The length of a shingle, in characters.

    Returns
    -------
    set of str
        Its distinct shingles (none for a text shorter than ``k``).
    """
    s = _NON_TEXT.sub("", text)
    return {s[i : i + k] for i in range(max(len(s) - k + 1, 0))}


def containment(a: set[str], b: set[str]) -> float:
    """How much of the smaller of two shingle sets lies in the other.

    Parameters
    ----------
    a, b : set of str
        The :func:`shingles` of two texts.

    Returns
    -------
    float
        ``|a & b| / min(|a|, |b|)``: 1.0 when the shorter text is wholly inside the
        longer, 0.0 when either set is empty.
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# --- signatures ---------------------------------------------------------------------------


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a 64-bit bijection that spreads every input bit."""
    x = x + _U64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


_TABLE_SIZE = 0x30000  # the planes of CJK ideographs; code points above are looked up one by one


@lru_cache(maxsize=1)
def _is_text() -> np.ndarray:
    """For each code point below ``_TABLE_SIZE``: kept in shingles (not space, punctuation, ``_``)."""
    return np.array([_NON_TEXT.match(chr(c)) is None for c in range(_TABLE_SIZE)])


def _text_codes(text: str) -> np.ndarray:
    """The code points of ``text`` that :func:`shingles` keeps (``_NON_TEXT`` removed)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    keep = _is_text()[np.minimum(codes, _TABLE_SIZE - 1)]
    high = codes >= _TABLE_SIZE
    if high.any():
        for c in np.unique(codes[high]).tolist():
            keep[codes == c] = _NON_TEXT.match(chr(c)) is None
    return codes[keep]


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """The shingles of a text, hashed.

    Parameters
    ----------
    text : str
        An article's text.
    k : int
        The shingle length, as for :func:`shingles`.

    Returns
    -------
    numpy.ndarray
        The distinct 64-bit hashes of its shingles (``uint64``), sorted.
    """
    codes = _text_codes(text).astype(np.uint64)
    n = len(codes) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = _hashes(codes, n, k)
    h.sort()
    distinct = np.empty(n, dtype=bool)
    distinct[0] = True
    np.not_equal(h[1:], h[:-1], out=distinct[1:])
    return h[distinct]


def _hashes(codes: np.ndarray, n: int, k: int) -> np.ndarray:
    """The 64-bit hash of each of the ``n`` shingles of ``codes``, in text order."""
    h = codes[:n].copy()
    for t in range(1, k):  # the k code points of each shingle, as one polynomial
        h = h * _U64(0x100000001B3) + codes[t : t + n]
    return _mix(h)


def _packed(codes: np.ndarray, n: int, k: int) -> list[np.ndarray]:
    """Each of the ``n`` shingles of ``codes`` exactly: its code points (21 bits each),
    three to a 64-bit word."""
    words = []
    for w in range(0, k, 3):
        word = np.zeros(n, dtype=np.uint64)
        for t in range(w, min(w + 3, k)):
            word = (word << _U64(21)) | codes[t : t + n]
        words.append(word)
    return words


class ShingleKeys:
    """The distinct shingles of a text as sorted 64-bit hashes, each with its exact codes.

    Two texts' containment is counted on the hashes, and every match is confirmed on the
    codes, so the count is that of the shingle sets themselves; where two shingles share a
    hash (a collision), :func:`key_containment` says so and the sets are compared instead.

    Parameters
    ----------
    text : str
        An article's text, as :func:`shingles` reads it.
    k : int
        The shingle length.
    """

    def __init__(self, text: str, k: int = SHINGLE) -> None:
        codes = _text_codes(text).astype(np.uint64)
        n = max(len(codes) - k + 1, 0)
        h = _hashes(codes, n, k)
        order = np.argsort(h)  # within a run of equal hashes the order does not matter
        h = h[order]
        words = [w[order] for w in _packed(codes, n, k)]
        same = np.flatnonzero(h[1:] == h[:-1])  # a shingle again, or two on one hash
        #: False when two different shingles of the text share a hash
        self.exact = not any((w[same] != w[same + 1]).any() for w in words)
        distinct = np.ones(n, dtype=bool)
        distinct[same + 1] = False
        self.hashes = h[distinct]
        self.words = [w[distinct] for w in words]


def key_containment(a: ShingleKeys, b: ShingleKeys) -> float | None:
    """:func:`containment` of two texts from their :class:`ShingleKeys`.

    Parameters
    ----------
    a, b : ShingleKeys
        The keys of two texts.

    Returns
    -------
    float or None
        The containment of their shingle sets; None when a hash stands for two different
        shingles (within a text or across the two), where the sets must be compared.
    """
    if not (a.exact and b.exact):
        return None
    if not len(a.hashes) or not len(b.hashes):
        return 0.0
    common, ia, ib = np.intersect1d(a.hashes, b.hashes, assume_unique=True, return_indices=True)
    if any((wa[ia] != wb[ib]).any() for wa, wb in zip(a.words, b.words, strict=True)):
        return None
    return len(common) / min(len(a.hashes), len(b.hashes))


def _probes() -> np.ndarray:
    """For each empty bin, the fixed sequence of bins it borrows from (densification)."""
    rng = np.random.default_rng(20240216)
    return rng.integers(0, K, size=(64, K))


_PROBES = _probes()


def signature(text: str) -> tuple[np.ndarray, int]:
    """The MinHash signature of a text.

    One-permutation hashing: the shingle hashes are cut by value into ``K`` equal ranges
    (bins); bin ``i`` holds the low 16 bits of the smallest hash in range ``i``. An empty bin
    takes the value of the first non-empty bin on its fixed probe sequence (optimal
    densification), so that every bin of two texts agrees with probability equal to their
    Jaccard similarity (plus 2**-16 by chance).

    Parameters
    ----------
    text : str
        An article's text, as :func:`shingles` reads it.

    Returns
    -------
    signature : numpy.ndarray
        ``K`` ``uint16`` values; all zero for a text without shingles, which is never a
        candidate.
    size : int
        The number of its distinct shingles.
    """
    h = shingle_hashes(text)
    sig = np.zeros(K, dtype=np.uint16)
    if not len(h):
        return sig, 0
    bins = ((h >> _U64(32)) * _U64(K) >> _U64(32)).astype(np.int64)  # monotone in h
    first = np.empty(len(h), dtype=bool)
    first[0] = True
    np.not_equal(bins[1:], bins[:-1], out=first[1:])  # h is sorted: the first of a bin is its min
    filled = np.zeros(K, dtype=bool)
    filled[bins[first]] = True
    sig[bins[first]] = h[first].astype(np.uint16)
    empty = np.flatnonzero(~filled)
    for row in _PROBES:
        if not len(empty):
            break
        source = row[empty]
        ok = filled[source]
        sig[empty[ok]] = sig[source[ok]]
        empty = empty[~ok]
    if len(empty):  # a text of very few shingles: the next filled bin to the right
        full = np.flatnonzero(filled)
        sig[empty] = sig[full[np.searchsorted(full, empty) % len(full)]]
    return sig, len(h)


# --- candidates ---------------------------------------------------------------------------


def _buckets(cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Articles in buckets of two or more: ``(order, first, size)`` -- ``order`` lists the
    articles by bucket (input order within one), ``first`` and ``size`` per bucket.

    ``cols`` holds the band's bins, one row per bin (one value per article): two articles
    share a bucket when they agree on every bin of the band. The articles are ordered by a
    stable sort on each bin, the last first: a radix sort of the 16-bit values (linear),
    and exact (no hash of the band's values, under which two different ones could meet).
    """
    order = np.argsort(cols[-1], kind="stable")
    for col in cols[-2::-1]:
        order = order[np.argsort(col[order], kind="stable")]
    new = np.zeros(len(order), dtype=bool)
    new[0] = True
    for col in cols:
        v = col[order]
        new[1:] |= v[1:] != v[:-1]
    first = np.flatnonzero(new)
    size = np.diff(np.r_[first, len(order)])
    multi = size > 1
    return order, first[multi], size[multi]


def _ranks(size: np.ndarray) -> np.ndarray:
    """0, 1, ..., size-1 for every bucket, concatenated."""
    ends = np.cumsum(size)
    return np.arange(ends[-1]) - np.repeat(ends - size, size)


def _pairs_within(order: np.ndarray, first: np.ndarray, size: np.ndarray, n: int) -> list[np.ndarray]:
    """Codes ``i * n + j`` of the pairs that share a bucket (see :func:`candidate_pairs`)."""
    codes: list[np.ndarray] = []
    if not len(size):
        return codes
    half = BUCKET_PAIRS // 2
    start = np.repeat(first, size)
    at = start + _ranks(size)
    rank = at - start
    big = np.repeat(size > BUCKET_PAIRS, size)
    late = big & (rank > half)
    for f in range(half if late.any() else 0):  # the first members of a big bucket
        codes.append(order[start[late] + f] * n + order[at[late]])
    for d in range(1, min(int(size.max()), BUCKET_PAIRS)):
        keep = (rank >= d) & (~big | (d <= half))
        at, rank, big = at[keep], rank[keep], big[keep]
        if not len(at):
            break
        codes.append(order[at - d] * n + order[at])
    return codes


def _pairs_across(
    order: np.ndarray, first: np.ndarray, size: np.ndarray, sizes: np.ndarray, n: int
) -> list[np.ndarray]:
    """Codes of the pairs in a bucket whose larger text is ``SIZE_RATIO`` times the smaller."""
    if not len(size):
        return []
    bucket = np.repeat(np.arange(len(size)), size)
    member = order[np.repeat(first, size) + _ranks(size)]
    s = sizes[member]
    by = np.lexsort((s, bucket))  # within a bucket, by size
    member, bucket, s = member[by], bucket[by], s[by]
    top = np.int64(sizes.max() + 1)
    start = np.repeat(np.cumsum(size) - size, size)
    small = np.searchsorted(bucket * top + s, bucket * top + s // SIZE_RATIO, side="right") - start
    small = np.minimum(small, BUCKET_PAIRS)
    if not small.any():
        return []
    large = np.repeat(np.arange(len(member)), small)
    partner = np.repeat(start, small) + _ranks(small)
    i, j = member[partner], member[large]
    return [np.minimum(i, j) * n + np.maximum(i, j)]


#: Bands whose pairs are gathered before they are merged with the distinct pairs found.
MERGE_BANDS = 32
#: Pairs emitted per member of a bucket: all earlier members for buckets up to this size;
#: beyond it (one story reposted hundreds of times) the first and the previous ones.
BUCKET_PAIRS = 64


def _merged(found: np.ndarray, codes: list[np.ndarray]) -> np.ndarray:
    """The distinct values of ``found`` (distinct and sorted) and ``codes``, sorted.

    The new codes are sorted, then merged with ``found`` by a stable sort (a merge of two
    sorted runs: linear), and repeats are dropped. (``np.unique`` of NumPy 2.3 and later
    hashes integers first, which takes about ten times as long on the pair codes.)
    """
    new = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    new.sort()
    both = np.concatenate([found, new])
    both.sort(kind="stable")
    if len(both) < 2:
        return both
    return both[np.r_[True, both[1:] != both[:-1]]]


def candidate_pairs(sigs: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The candidate pairs: articles that share an LSH bucket.

    Two sets of bands: ``K // ROWS`` bands of ``ROWS`` bins for every pair, and
    ``CROSS_BANDS`` bands of two bins for the pairs whose larger text has at least
    ``SIZE_RATIO`` times the shingles of the smaller (their Jaccard similarity is low even
    when one holds the other whole). Texts without shingles are left out. In a bucket of
    more than ``BUCKET_PAIRS`` articles each one is paired with the first
    ``BUCKET_PAIRS // 2`` and the ``BUCKET_PAIRS // 2`` before it, so that the work stays
    linear when one story is reposted many times (its later copies all meet the first).

    Parameters
    ----------
    sigs : numpy.ndarray
        The articles' signatures, one row each (``(n, K)``, as :func:`stack_signatures`
        gives them).
    sizes : numpy.ndarray
        Their numbers of shingles.

    Returns
    -------
    numpy.ndarray
        The pairs ``(i, j)``, ``i < j``, sorted, as an ``(m, 2)`` int64 array.
    """
    live = np.flatnonzero(sizes > 0)
    if len(live) < 2:
        return np.empty((0, 2), dtype=np.int64)
    n = len(live)
    found = np.empty(0, dtype=np.int64)
    for rows, bands in ((ROWS, K // ROWS), (2, CROSS_BANDS)):
        for start in range(0, bands, MERGE_BANDS):
            stop = min(start + MERGE_BANDS, bands)
            # the bins of these bands, one row per bin: each bin's values lie side by side
            cols = np.ascontiguousarray(sigs[live, start * rows : stop * rows].T)
            codes: list[np.ndarray] = []
            for band in range(stop - start):
                grouped = _buckets(cols[band * rows : band * rows + rows])
                if rows == ROWS:
                    codes += _pairs_within(*grouped, n)
                else:
                    codes += _pairs_across(*grouped, sizes[live], n)
            found = _merged(found, codes)  # memory holds the distinct pairs
    return np.stack([live[found // n], live[found % n]], axis=1)


def _plausible(sigs: np.ndarray, sizes: np.ndarray, pairs: np.ndarray, threshold: float) -> np.ndarray:
    """The pairs whose agreeing bins do not rule out containment >= ``threshold``.

    At containment ``t`` and sizes ``a <= b`` the Jaccard similarity is at least
    ``t a / (a + b - t a)``; a pair is dropped when its agreeing bins are ``Z`` binomial
    standard deviations below what that similarity gives. The first ``QUICK`` bins sort
    out most pairs (with a wider margin) before all ``K`` are compared.
    """
    keep = np.zeros(len(pairs), dtype=bool)
    step = 4096
    for s in range(0, len(pairs), step):
        i, j = pairs[s : s + step, 0], pairs[s : s + step, 1]
        a, b = np.minimum(sizes[i], sizes[j]), np.maximum(sizes[i], sizes[j])
        jac = threshold * a / (a + b - threshold * a)
        quick = (sigs[i, :QUICK] == sigs[j, :QUICK]).sum(axis=1, dtype=np.int64)
        ok = np.flatnonzero(quick >= QUICK * jac - (Z + 1.5) * np.sqrt(QUICK * jac * (1 - jac)))
        agree = (sigs[i[ok]] == sigs[j[ok]]).sum(axis=1, dtype=np.int64)
        jo = jac[ok]
        keep[s + ok] = agree >= K * jo - Z * np.sqrt(K * jo * (1 - jo))
    return pairs[keep]


# --- decisions ----------------------------------------------------------------------------


def stack_signatures(signatures: Iterable[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of many texts in one matrix.

    Parameters
    ----------
    signatures : iterable of (numpy.ndarray, int)
        :func:`signature` of each text, in order.
    n : int
        How many there are.

    Returns
    -------
    sigs : numpy.ndarray
        The ``(n, K)`` matrix of signatures, one row a text.
    sizes : numpy.ndarray
        The number of shingles of each text.
    """
    sigs = np.zeros((n, K), dtype=np.uint16)
    sizes = np.zeros(n, dtype=np.int64)
    for k, (sig, size) in enumerate(signatures):
        sigs[k], sizes[k] = sig, size
    return sigs, sizes


def find_duplicates(
    texts: Sequence[str],
    reposts: Sequence[bool],
    threshold: float = 0.5,
    signatures: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int | None, float]]:
    """Which articles are near-duplicates of another, and of which.

    The decisions of :func:`find_duplicates_exact`, made on the candidate pairs of
    MinHash LSH (see the module doc). Only the texts of candidate pairs are read.

    Parameters
    ----------
    texts : sequence of str
        The articles' texts, in input order.
    reposts : sequence of bool
        For each, whether its page marks it as a repost (it gives way to an original of
        about its size: :func:`~framing.corpus.keep.original_and_copy`).
    threshold : float
        The :func:`containment` from which two articles are near-duplicates.
    signatures : (numpy.ndarray, numpy.ndarray) or None
        The texts' signatures and sizes, as :func:`stack_signatures` gives them, when
        computed already (reading computes them in its worker processes); None: computed
        here.

    Returns
    -------
    list of (int or None, float)
        For each text, ``(index of the article it duplicates, similarity)``, or ``(None,
        best similarity with an earlier candidate)`` when it duplicates none.
    """
    n = len(texts)
    if n < 2:
        return [(None, 0.0)] * n
    if signatures is None:
        signatures = stack_signatures((signature(texts[k]) for k in range(n)), n)
    sigs, sizes = signatures
    pairs = _plausible(sigs, sizes, candidate_pairs(sigs, sizes), threshold)
    # candidates of each j, ascending (pairs are sorted by i; order them by j, then i)
    pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
    bounds = np.searchsorted(pairs[:, 1], np.arange(n + 1)).tolist()
    earlier = pairs[:, 0].tolist()
    keys = _Recent(lambda i: ShingleKeys(texts[i]))

    def similarity(i: int, j: int) -> float:
        sim = key_containment(keys[i], keys[j])
        return containment(shingles(texts[i]), shingles(texts[j])) if sim is None else sim

    return _decide(n, lambda j: earlier[bounds[j] : bounds[j + 1]], similarity, sizes, reposts, threshold)


def _decide(
    n: int, candidates: Callable[[int], Iterable[int]], similarity: Callable[[int, int], float],
    sizes: Sequence[int], reposts: Sequence[bool], threshold: float,
) -> list[tuple[int | None, float]]:
    """The decisions on the pairs compared: each article ``j`` against its ``candidates(j)``
    (earlier articles, ascending), skipping those found to be duplicates already;
    ``similarity(i, j)`` is the containment of the two."""
    out: list[tuple[int | None, float]] = [(None, 0.0)] * n
    for j in range(n):
        for i in candidates(j):
            if out[i][0] is not None:
                continue
            sim = similarity(i, j)
            if sim < threshold:
                if sim > out[j][1] and out[j][0] is None:
                    out[j] = (None, sim)
                continue
            original, copy = original_and_copy(i, j, sizes, reposts)
            out[copy] = (original, round(sim, 3))
            if copy == i:
                break
    return out


class _Recent:
    """``make(i)`` of the texts, the most recently used kept (a story's copies meet its first)."""

    def __init__(self, make: Callable[[int], ShingleKeys], size: int = 32) -> None:
        self.make, self.size = make, size
        self.cache: OrderedDict[int, ShingleKeys] = OrderedDict()

    def __getitem__(self, i: int) -> ShingleKeys:
        found = self.cache.get(i)
        if found is None:
            found = self.cache[i] = self.make(i)
            if len(self.cache) > self.size:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(i)
        return found


def find_duplicates_exact(
    texts: Sequence[str], reposts: Sequence[bool], threshold: float = 0.5
) -> list[tuple[int | None, float]]:
    """The pairwise loop: every article against every earlier one that is no duplicate.

    The reference :func:`find_duplicates` is measured against; its time grows with the
    square of the number of articles.

    Parameters
    ----------
    texts, reposts, threshold
        As for :func:`find_duplicates`.

    Returns
    -------
    list of (int or None, float)
        As :func:`find_duplicates` gives them, but in ``(None, best)`` the best similarity
        with any earlier article that is no duplicate.
    """
    sets = [shingles(t) for t in texts]
    return _decide(len(texts), range, lambda i, j: containment(sets[i], sets[j]), [len(s) for s in sets], reposts,
                   threshold)
