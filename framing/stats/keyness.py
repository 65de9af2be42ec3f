"""Keyness: which terms distinguish one outlet's coverage from the rest.

Two measures, side by side:

* **Fightin' Words** (Monroe, Colaresi & Quinn 2008, *Political Analysis* 16(4):372-403):
  the log-odds ratio of a term in group i versus group j with a Dirichlet prior α,

      δ_w = ln[(y_wi + α_w) / (n_i + α_0 - y_wi - α_w)] - ln[(y_wj + α_w) / (n_j + α_0 - y_wj - α_w)]
      σ²(δ_w) ≈ 1/(y_wi + α_w) + 1/(y_wj + α_w),   z_w = δ_w / σ

  with α_0 = Σ α_w. A flat prior uses the same α_w for every term; the informative prior
  α_w = α_0 · π̂_w shrinks towards the pooled corpus' term shares. This is the estimator of
  the paper's section 3.5 and of Hessel's reference implementation.
* **Dunning's G²** (1993), the log-likelihood ratio of the full 2 x 2 table
  [[a, b], [c - a, d - b]] (term vs other tokens, group vs rest), with Hardie's (2014)
  **Log Ratio** log2((a/c)/(b/d)) as its effect size; a zero count is replaced by 0.5 in the
  Log Ratio only.

:func:`keyness_table` tokenises nothing itself: it takes the ``tokens`` column of the scored
sentences (tokens joined by single spaces).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from framing import paths
from framing.renames import renamed_keywords

__all__ = [
    "KEYNESS_COLUMNS",
    "default_stopwords",
    "dunning_g2",
    "empty_keyness",
    "fightin_words",
    "is_junk_token",
    "keyness_table",
    "log_ratio",
]

KEYNESS_COLUMNS: list[str] = [
    "group",
    "rank",
    "term",
    "count",
    "count_rest",
    "tokens",
    "tokens_rest",
    "per_1k",
    "per_1k_rest",
    "delta",
    "var",
    "z",
    "g2",
    "g2_p",
    "log_ratio",
]

_INT_COLUMNS = {"rank", "count", "count_rest", "tokens", "tokens_rest"}

# pure punctuation/symbols, digits (ASCII or full-width, with separators), single Latin letters
_JUNK = re.compile(r"^(?:[\W_]+|[\d０-９.,%％:：/\-]+|[A-Za-zＡ-Ｚａ-ｚ])$")


def is_junk_token(token: str) -> bool:
    """Whether a token never counts as a term: punctuation, numbers, single letters.

    Parameters
    ----------
    token:
        One token.

    Returns
    -------
    bool
        True for the empty string, punctuation and symbols, numbers, single Latin letters.
    """
    return not token or bool(_JUNK.match(token))


def default_stopwords() -> set[str]:
    """The bundled stopword list (``stopwords.txt`` among the lexicons).

    One word per line; ``#`` starts a comment; blank lines are ignored.

    Returns
    -------
    set of str
        The words; empty when the file is missing.
    """
    try:
        path = Path(paths.lexicon_file("stopwords.txt"))
    except FileNotFoundError:
        return set()
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


def empty_keyness() -> pd.DataFrame:
    """A keyness table without rows, with the column types of a filled one.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`KEYNESS_COLUMNS`; numbers stay numbers, so sorting by ``z`` works
        on it too.
    """
    text = {"group", "term"}
    return pd.DataFrame(
        {c: pd.Series(dtype=object if c in text else "int64" if c in _INT_COLUMNS else "float64")
         for c in KEYNESS_COLUMNS}
    )


@renamed_keywords(alpha="prior")
def fightin_words(
    counts_i: Any, counts_j: Any, prior: Any = 0.01
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with a Dirichlet prior, its variance and z-score, per term.

    The group totals n_i, n_j are the sums of the count vectors, α_0 the sum of α_w.

    Parameters
    ----------
    counts_i, counts_j:
        Aligned term-count vectors of the two groups.
    prior:
        The prior's pseudo-counts α_w (formerly ``alpha``): a scalar (flat prior) or a vector
        of the same length (informative prior).

    Returns
    -------
    tuple of numpy.ndarray
        ``(delta, var, z)``; positive δ means the term is more typical of group i.

    Raises
    ------
    ValueError
        When a prior pseudo-count is not positive.
    """
    yi = np.asarray(counts_i, dtype=float)
    yj = np.asarray(counts_j, dtype=float)
    a = np.broadcast_to(np.asarray(prior, dtype=float), yi.shape)
    if (a <= 0).any():
        raise ValueError("the prior's pseudo-counts must be positive")
    a0 = a.sum()
    ni, nj = yi.sum(), yj.sum()
    delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
    var = 1 / (yi + a) + 1 / (yj + a)
    return delta, var, delta / np.sqrt(var)


def dunning_g2(a: Any, b: Any, c: Any, d: Any) -> tuple[np.ndarray, np.ndarray]:
    """Dunning's G² of the full 2 x 2 table [[a, b], [c - a, d - b]] and its p (χ², 1 df).

    Equals ``chi2_contingency([[a, b], [c-a, d-b]], correction=False,
    lambda_="log-likelihood")``; cells with O = 0 contribute 0.

    Parameters
    ----------
    a, b:
        The term's counts in the two corpora (vectorised).
    c, d:
        The corpora's token totals.

    Returns
    -------
    tuple of numpy.ndarray
        ``(g2, p)``.
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    obs = np.stack([a, b, c - a, d - b])
    total = c + d
    row1 = a + b
    row2 = total - row1
    exp = np.stack([c * row1, d * row1, c * row2, d * row2]) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(obs > 0, obs * np.log(obs / exp), 0.0)
    g2 = 2 * terms.sum(axis=0)
    g2 = np.maximum(g2, 0.0)
    return g2, sps.chi2.sf(g2, 1)


def log_ratio(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Hardie's Log Ratio log2((a/c)/(b/d)); zero counts are replaced by 0.5.

    Parameters
    ----------
    a, b, c, d:
        As in :func:`dunning_g2`.

    Returns
    -------
    numpy.ndarray
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    a = np.where(a == 0, 0.5, a)
    b = np.where(b == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def _count(token_strings: Iterable[str], drop: set[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for s in token_strings:
        if not isinstance(s, str):
            continue
        counts.update(t for t in s.split() if t not in drop and not is_junk_token(t))
    return counts


def keyness_table(
    sentences: pd.DataFrame,
    by: str = "outlet",
    *,
    stopwords: set[str] | None = None,
    min_count: int = 3,
    prior: str | float = "informative",
    alpha0: float | None = None,
    top_n: int | None = 20,
    tokens_column: str = "tokens",
) -> pd.DataFrame:
    """The most distinctive terms of each group against all other groups pooled.

    Parameters
    ----------
    sentences:
        One row per sentence with the group column ``by`` and ``tokens_column``.
    by:
        The group column.
    stopwords:
        Terms left out (default: :func:`default_stopwords`); junk tokens (punctuation,
        numbers, single Latin letters) are always left out.
    min_count:
        A term enters the vocabulary when it occurs at least this often in the whole corpus.
    prior:
        ``"informative"`` (α_w = α_0 π̂_w, π̂ the pooled term shares) or a number used as a
        flat α_w.
    alpha0:
        α_0 of the informative prior; by default 10% of the pooled token count, so the prior
        weighs a tenth as much as the data.
    top_n:
        Terms kept per group (those with z > 0); None keeps every term.
    tokens_column:
        The column of space-separated tokens.

    Returns
    -------
    pandas.DataFrame
        One row per (group, term), sorted by group and decreasing z. Columns:

        ============ ============================================================================
        group        the group (outlet)
        rank         1 = most distinctive of the group
        term         the term
        count        occurrences in the group
        count_rest   occurrences in all other groups
        tokens       vocabulary tokens in the group (n_i; after stopwords and min_count)
        tokens_rest  vocabulary tokens in the rest (n_j)
        per_1k       count per 1,000 tokens in the group
        per_1k_rest  count per 1,000 tokens in the rest
        delta        Fightin' Words log-odds ratio δ (group vs rest)
        var          its approximate variance σ²
        z            δ / σ
        g2           Dunning's G² (full 2 x 2) of the group vs rest
        g2_p         p of G² on 1 df (unadjusted; a screening value, not a confirmatory test)
        log_ratio    log2 of the ratio of relative frequencies (Hardie's Log Ratio)
        ============ ============================================================================
    """
    drop = default_stopwords() if stopwords is None else set(stopwords)
    if sentences.empty or by not in sentences or tokens_column not in sentences:
        return empty_keyness()
    groups = list(dict.fromkeys(sentences[by].tolist()))
    per_group = {g: _count(sentences.loc[sentences[by] == g, tokens_column], drop) for g in groups}
    total: Counter[str] = Counter()
    for c in per_group.values():
        total.update(c)
    vocab = sorted(t for t, n in total.items() if n >= min_count)
    if len(groups) < 2 or len(vocab) < 2:  # one term takes every group's whole share: nothing to compare
        return empty_keyness()
    matrix = np.array([[per_group[g].get(t, 0) for t in vocab] for g in groups], dtype=float)
    pooled = matrix.sum(axis=0)
    n_pooled = pooled.sum()
    if prior == "informative":
        a0 = 0.1 * n_pooled if alpha0 is None else float(alpha0)
        pseudo = a0 * pooled / n_pooled
    else:
        pseudo = np.full(len(vocab), float(prior))
    frames = []
    for gi, g in enumerate(groups):
        yi = matrix[gi]
        yj = pooled - yi
        ni, nj = yi.sum(), yj.sum()
        if ni == 0 or nj == 0:
            continue
        delta, var, z = fightin_words(yi, yj, pseudo)
        g2, g2_p = dunning_g2(yi, yj, ni, nj)
        frame = pd.DataFrame(
            {
                "group": g,
                "term": vocab,
                "count": yi.astype(int),
                "count_rest": yj.astype(int),
                "tokens": int(ni),
                "tokens_rest": int(nj),
                "per_1k": 1000 * yi / ni,
                "per_1k_rest": 1000 * yj / nj,
                "delta": delta,
                "var": var,
                "z": z,
                "g2": g2,
                "g2_p": g2_p,
                "log_ratio": log_ratio(yi, yj, ni, nj),
            }
        )
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
        if top_n is not None:
            frame = frame[frame["z"] > 0].head(top_n)
        frame.insert(1, "rank", np.arange(1, len(frame) + 1))
        frames.append(frame)
    if not frames:
        return empty_keyness()
    return pd.concat(frames, ignore_index=True)[KEYNESS_COLUMNS]
