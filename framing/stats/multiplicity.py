"""Adjusted p-values for a family of tests: Benjamini-Hochberg (1995), Holm (1979),
Bonferroni."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["benjamini_hochberg", "holm", "p_adjust"]


def benjamini_hochberg(p: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values.

    p̃_(i) = min_{j >= i} min(1, m p_(j) / j). Equals
    ``scipy.stats.false_discovery_control(p, method="bh")``.

    Parameters
    ----------
    p:
        The family's p-values; ``nan`` stays ``nan`` and does not count towards m.

    Returns
    -------
    numpy.ndarray
    """
    return p_adjust(p, "bh")


def holm(p: Any) -> np.ndarray:
    """Holm step-down adjusted p-values.

    p̃_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)).

    Parameters
    ----------
    p:
        The family's p-values; ``nan`` stays ``nan``.

    Returns
    -------
    numpy.ndarray
    """
    return p_adjust(p, "holm")


def p_adjust(p: Any, method: str = "bh") -> np.ndarray:
    """Adjust a family of p-values.

    Parameters
    ----------
    p:
        The p-values; ``nan`` values are kept in place and excluded from the family size m.
    method:
        ``bh`` (Benjamini-Hochberg), ``holm`` or ``bonferroni``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, at most 1, flattened.

    Raises
    ------
    ValueError
        For another ``method``.
    """
    arr = np.asarray(p, dtype=float).ravel()
    out = np.full(arr.shape, np.nan)
    ok = ~np.isnan(arr)
    vals = arr[ok]
    m = vals.size
    if m == 0:
        return out
    order = np.argsort(vals, kind="mergesort")
    ranked = vals[order]
    i = np.arange(1, m + 1)
    if method == "bh":
        adj = np.minimum.accumulate((m * ranked / i)[::-1])[::-1]
    elif method == "holm":
        adj = np.maximum.accumulate((m - i + 1) * ranked)
    elif method == "bonferroni":
        adj = m * ranked
    else:
        raise ValueError(f"unknown adjustment {method!r}: use 'bh', 'holm' or 'bonferroni'")
    result = np.empty(m)
    result[order] = np.minimum(adj, 1.0)
    out[ok] = result
    return out
