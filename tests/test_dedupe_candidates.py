"""Candidate pairs of near-duplicate detection against a plain reference: bands grouped by a
dictionary of their bin values, pairs listed one by one (with the bucket caps)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np
import pytest

from framing.corpus import dedupe


def reference_pairs(sigs: np.ndarray, sizes: np.ndarray, cap: int) -> set[tuple[int, int]]:
    """The pairs of :func:`dedupe.candidate_pairs`, bucket by bucket, from its definition."""
    live = [k for k in range(len(sizes)) if sizes[k] > 0]
    half = cap // 2
    pairs: set[tuple[int, int]] = set()

    def groups(band: int, rows: int) -> list[list[int]]:
        found: dict[tuple, list[int]] = defaultdict(list)
        for k in live:  # input order within a bucket
            found[tuple(sigs[k, band * rows : band * rows + rows].tolist())].append(k)
        return [g for g in found.values() if len(g) > 1]

    for band in range(dedupe.K // dedupe.ROWS):
        for g in groups(band, dedupe.ROWS):
            if len(g) <= cap:
                pairs |= set(combinations(g, 2))
                continue
            for r in range(1, len(g)):  # the previous ``half`` and, later on, the first ``half``
                partners = set(range(max(r - half, 0), r)) | (set(range(half)) if r > half else set())
                pairs |= {(g[p], g[r]) for p in partners}
    for band in range(dedupe.CROSS_BANDS):
        for g in groups(band, 2):
            by_size = sorted(g, key=lambda k: (sizes[k], k))
            for large in g:
                small = [k for k in by_size if dedupe.SIZE_RATIO * sizes[k] <= sizes[large]][:cap]
                pairs |= {(min(k, large), max(k, large)) for k in small}
    return pairs


def signatures(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Families of similar signatures (a base with some bins changed) on a small alphabet,
    so that buckets of all sizes occur, and sizes from 0 (no shingles) to 400."""
    rng = np.random.default_rng(seed)
    bases = rng.integers(0, 12, size=(4, dedupe.K), dtype=np.uint16)
    sigs = bases[rng.integers(0, 4, size=n)]
    changed = rng.random((n, dedupe.K)) < rng.uniform(0.2, 0.9, size=(n, 1))
    sigs[changed] = rng.integers(0, 12, size=int(changed.sum()), dtype=np.uint16)
    sizes = rng.integers(1, 400, size=n)
    sizes[rng.random(n) < 0.1] = 0
    return sigs, sizes


@pytest.mark.parametrize(("cap", "seed"), [(64, 1), (4, 2), (6, 3)])
def test_candidate_pairs_are_the_pairs_of_the_buckets(monkeypatch, cap: int, seed: int) -> None:
    monkeypatch.setattr(dedupe, "BUCKET_PAIRS", cap)
    sigs, sizes = signatures(40, seed)
    got = dedupe.candidate_pairs(sigs, sizes)
    want = reference_pairs(sigs, sizes, cap)
    assert 0 < len(want) < 40 * 39 // 2  # some pairs, not all of them
    assert got.tolist() == sorted(map(list, want))


@pytest.mark.parametrize("cap", [4, 8, 64])
def test_buckets_larger_than_the_cap_give_the_capped_pairs(monkeypatch, cap: int) -> None:
    monkeypatch.setattr(dedupe, "BUCKET_PAIRS", cap)
    rng = np.random.default_rng(5)
    n = 30
    sigs = rng.integers(0, 2**16, size=(n, dedupe.K), dtype=np.uint16)  # no chance buckets
    sigs[:, 0:3] = 7  # one bucket of every article in the first band (and the first two-bin band)
    sigs[3:12, 30:33] = 9  # a bucket of nine in band 10 (and in two-bin band 15)
    sigs[::3, 600:603] = 4  # a bucket of ten in band 200
    sizes = rng.integers(1, 300, size=n)
    got = dedupe.candidate_pairs(sigs, sizes)
    want = reference_pairs(sigs, sizes, cap)
    assert got.tolist() == sorted(map(list, want))
    if cap < n:
        assert len(want) < len(reference_pairs(sigs, sizes, n))


def test_buckets_group_by_every_bin_in_input_order() -> None:
    cols = np.array([[1, 2, 1, 1, 2, 1, 7], [5, 5, 5, 6, 5, 5, 5], [0, 9, 0, 0, 9, 0, 0]], dtype=np.uint16)
    order, first, size = dedupe._buckets(cols)
    buckets = [order[f : f + s].tolist() for f, s in zip(first, size, strict=True)]
    # (1, 5, 0): articles 0, 2, 5; (2, 5, 9): 1, 4; (1, 6, 0) and (7, 5, 0) alone
    assert sorted(buckets) == [[0, 2, 5], [1, 4]]


def test_buckets_tell_apart_values_that_a_hash_of_the_band_could_merge() -> None:
    # 16-bit values whose concatenations differ only by where the bits fall
    cols = np.array([[0x0001, 0x0000, 0x0100], [0x0000, 0x0100, 0x0001]], dtype=np.uint16)
    order, first, size = dedupe._buckets(cols)
    assert len(size) == 0


def test_merged_equals_the_sorted_union() -> None:
    rng = np.random.default_rng(4)
    found = np.unique(rng.integers(0, 500, size=300))
    codes = [rng.integers(0, 500, size=k) for k in (0, 50, 400)]
    assert dedupe._merged(found, codes).tolist() == sorted(set(found.tolist()).union(*map(set, codes)))
    assert dedupe._merged(found, []).tolist() == found.tolist()
    assert dedupe._merged(np.empty(0, dtype=np.int64), [np.array([3, 3, 1])]).tolist() == [1, 3]
