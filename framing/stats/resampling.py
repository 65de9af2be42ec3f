"""Resampling: one options object for every bootstrap and Monte Carlo draw, seeded generators,
percentile intervals and the draws they are made from.

>>> opts = Resampling(seed=1, n_boot=500)
>>> gen = opts.rng("mean", "outlet A")   # the same stream whatever the order of the calls

:class:`Resampling` gathers what every randomised procedure of a comparison needs (``seed``,
``n_boot``, ``n_mc``, ``exact_max_tables``, ``confidence``) so that it is built once and passed
down. The primitives of :mod:`framing.stats` take single keywords instead. Every bootstrap
interval (:func:`bootstrap_mean_ci`, :func:`framing.stats.ranks.cliffs_delta_ci`,
:func:`framing.stats.ranks.epsilon_squared_ci`, the intervals of V in
:mod:`framing.stats.contingency`) takes the same three:

``n_boot``
    Resamples (formerly ``n_resamples``).
``confidence``
    Level of the interval.
``rng``
    Seed or generator (:data:`RngLike`).

Monte Carlo draws take ``n_mc``. :func:`renamed_keywords` keeps the names they had before
(``n_resamples``, ``ci``) working with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from framing.errors import InputError
from framing.renames import renamed_keywords

__all__ = [
    "DEFAULT_SEED",
    "Resampling",
    "RngLike",
    "bootstrap_mean_ci",
    "check_seed",
    "draw_clusters",
    "keyed_rng",
    "percentile_ci",
    "percentile_intervals",
    "renamed_keywords",
    "resample_counts",
]

#: The seed of every seeded procedure of framing unless one is given.
DEFAULT_SEED = 20240216
#: What a randomised primitive accepts as ``rng``: a seed, a generator, or None (fresh entropy).
RngLike = int | np.random.Generator | None



def check_seed(seed: object) -> int:
    """The seed as an int.

    Parameters
    ----------
    seed:
        A whole number from 0 to 2**63 - 1.

    Returns
    -------
    int
        ``seed`` as a Python int.

    Raises
    ------
    InputError
        When ``seed`` is not a whole number in that range (a bool is not one).
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= int(seed) < 2**63:
        raise InputError(f"--seed {seed}: a seed is a whole number from 0 to 2**63 - 1; fix: e.g. --seed {DEFAULT_SEED}")
    return int(seed)


def keyed_rng(seed: int, *key: Any) -> np.random.Generator:
    """A generator seeded by ``seed`` and a stable key, independent of the order of calls.

    Parameters
    ----------
    seed:
        The run's seed.
    *key:
        What the draws are for (e.g. ``"ffh", "chi2", "threat"``); joined and hashed (CRC-32).

    Returns
    -------
    numpy.random.Generator
        ``default_rng([seed, crc32(key)])``.
    """
    digest = zlib.crc32("\x1f".join(map(str, key)).encode("utf-8"))
    return np.random.default_rng([seed, digest])


def _whole(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < low:
        raise InputError(f"{name}={value!r}: a whole number of at least {low}; fix: e.g. {name}=2000")
    return int(value)


@dataclass(frozen=True)
class Resampling:
    """How every bootstrap and Monte Carlo draw is made, and the level of the intervals.

    Parameters
    ----------
    seed:
        Seed of every draw (with a key per procedure, see :meth:`rng`).
    n_boot:
        Bootstrap resamples (means, Cliff's delta, agreement and reliability intervals);
        0 skips the bootstraps.
    n_mc:
        Monte Carlo draws of a Fisher-Freeman-Halton p.
    exact_max_tables:
        Enumerate the exact Fisher-Freeman-Halton p when at most about this many tables share
        the margins.
    confidence:
        Level of the intervals (0.95: 95%).

    Raises
    ------
    InputError
        When a value is out of range (the seed as :func:`check_seed` says).
    """

    seed: int = DEFAULT_SEED
    n_boot: int = 2000
    n_mc: int = 9999
    exact_max_tables: int = 5000
    confidence: float = 0.95

    def __post_init__(self) -> None:
        object.__setattr__(self, "seed", check_seed(self.seed))
        object.__setattr__(self, "n_boot", _whole("n_boot", self.n_boot, 0))
        object.__setattr__(self, "n_mc", _whole("n_mc", self.n_mc, 1))
        object.__setattr__(
            self, "exact_max_tables", _whole("exact_max_tables", self.exact_max_tables, 0)
        )
        if not (isinstance(self.confidence, int | float) and 0 < self.confidence < 1):
            raise InputError(
                f"confidence={self.confidence!r}: a level between 0 and 1; fix: e.g. confidence=0.95"
            )

    def rng(self, *key: Any) -> np.random.Generator:
        """The generator of one procedure: :func:`keyed_rng` of :attr:`seed` and ``key``.

        Parameters
        ----------
        *key:
            What the draws are for.

        Returns
        -------
        numpy.random.Generator
        """
        return keyed_rng(self.seed, *key)


# --------------------------------------------------------------------------- draws
def resample_counts(rng: np.random.Generator, n_items: int, n_rep: int) -> np.ndarray:
    """How often each item is drawn in ``n_rep`` bootstrap draws of ``n_items`` items.

    Parameters
    ----------
    rng:
        The generator.
    n_items:
        Items (units or clusters); each draw takes as many, with replacement.
    n_rep:
        Draws.

    Returns
    -------
    numpy.ndarray
        ``n_rep x n_items`` counts, each row summing to ``n_items``.
    """
    draws = rng.integers(0, n_items, size=(n_rep, n_items))
    flat = draws + (np.arange(n_rep) * n_items)[:, None]
    return np.bincount(flat.ravel(), minlength=n_rep * n_items).reshape(n_rep, n_items)


def draw_clusters(values: np.ndarray, clusters: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """One cluster bootstrap draw: as many clusters as there are, with replacement, each
    with all its values.

    Parameters
    ----------
    values:
        The values.
    clusters:
        Each value's cluster label.
    gen:
        The generator.

    Returns
    -------
    numpy.ndarray
        The values of the drawn clusters, concatenated.
    """
    labels = np.unique(clusters)
    pick = labels[gen.integers(0, labels.size, labels.size)]
    return np.concatenate([values[clusters == lab] for lab in pick])


# --------------------------------------------------------------------------- intervals
def percentile_ci(samples: np.ndarray, confidence: float) -> tuple[float, float]:
    """Percentile interval of bootstrap replicates; non-finite replicates are left out.

    Parameters
    ----------
    samples:
        The replicates (1-D).
    confidence:
        Level of the interval.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``(nan, nan)`` when no replicate is finite.
    """
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return math.nan, math.nan
    alpha = (1 - confidence) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha])
    return float(low), float(high)


def percentile_intervals(reps: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile intervals along axis 0 of stacked replicates, ignoring ``nan``.

    Parameters
    ----------
    reps:
        Replicates x statistics (any further axes).
    confidence:
        Level of the intervals.

    Returns
    -------
    tuple of numpy.ndarray
        ``(low, high)`` of shape ``reps.shape[1:]``; ``nan`` where no replicate is defined.
    """
    tail = (1.0 - confidence) / 2.0
    ok = ~np.isnan(reps)
    low = np.full(reps.shape[1:], np.nan)
    high = np.full(reps.shape[1:], np.nan)
    has = ok.any(axis=0)
    if has.any():
        q = np.nanquantile(reps[:, has], [tail, 1.0 - tail], axis=0)
        low[has], high[has] = q[0], q[1]
    return low, high


@renamed_keywords(n_resamples="n_boot")
def bootstrap_mean_ci(
    values: Any,
    *,
    clusters: Any = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: RngLike = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a mean; ``nan`` values are dropped.

    Parameters
    ----------
    values:
        The sample.
    clusters:
        Each value's cluster (article): whole clusters are resampled and the mean taken over
        all their values (a cluster bootstrap). None resamples values.
    n_boot, confidence, rng:
        The bootstrap's resamples, level and generator (see :mod:`framing.stats.resampling`).

    Returns
    -------
    tuple of float
        ``(low, high)``; ``(nan, nan)`` for an empty sample, a zero-width interval for one value.
    """
    v = np.asarray(values, dtype=float)
    mask = ~np.isnan(v)
    v = v[mask]
    if v.size == 0:
        return math.nan, math.nan
    gen = np.random.default_rng(rng)
    if clusters is None:
        idx = gen.integers(0, v.size, (n_boot, v.size))
        return percentile_ci(v[idx].mean(axis=1), confidence)
    c = np.asarray(clusters)[mask]
    labels, inverse = np.unique(c, return_inverse=True)
    sums = np.bincount(inverse, weights=v)
    sizes = np.bincount(inverse).astype(float)
    pick = gen.integers(0, labels.size, (n_boot, labels.size))
    return percentile_ci(sums[pick].sum(axis=1) / sizes[pick].sum(axis=1), confidence)
