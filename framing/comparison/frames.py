"""The frame comparison: shares per group, the tests of "do groups differ in how often a
frame occurs", their regressions and the residuals of the group x frame tables.

Every function takes an :class:`~framing.comparison.common.Analysed` (the analysed sentences
in their groups, with the resampling options and alpha) and returns a table or rows of the
tests table (:func:`~framing.comparison.common.test_row`).

* ``frame_chi2`` (:func:`frame_chi2_row`): the group x (present, absent) table of sentences,
  through :func:`framing.stats.contingency.independence_test`;
* ``frame_article`` (:func:`frame_article_row`): Kruskal-Wallis on each article's share of
  sentences with the frame, when every group has two articles or more;
* ``frame_logit`` and ``frame_rate`` (:func:`model_rows`): odds and rate ratios against a
  reference group (:mod:`framing.stats.models`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from framing.comparison.common import Analysed, join_notes, result_row, test_row
from framing.stats import models as md
from framing.stats.contingency import (
    V_NAME,
    IndependenceTest,
    haberman_residuals,
    independence_test,
)
from framing.stats.intervals import wilson_ci
from framing.stats.ranks import ETA_H_NAME, KruskalTest, kruskal_test

__all__ = [
    "CLUSTER_IGNORED_NOTE",
    "FRAME_COLUMNS",
    "RESIDUAL_COLUMNS",
    "FrameTest",
    "article_frame_test",
    "frame_article_row",
    "frame_chi2_row",
    "frames_table",
    "model_rows",
    "presence_table",
    "presence_test",
    "residuals_table",
]

FRAME_COLUMNS: list[str] = [
    "frame",
    "n_articles",
    "n_sentences",
    "n_with_frame",
    "share",
    "ci_low",
    "ci_high",
    "hits",
    "n_tokens",
    "hits_per_1k_tokens",
]
RESIDUAL_COLUMNS: list[str] = [
    "frame",
    "observed",
    "expected",
    "residual",
    "p",
    "p_bonferroni",
]
CLUSTER_IGNORED_NOTE = (
    "sentence-level test: it treats the sentences of an article as independent, so p is "
    "too small and it supports no claim about the groups; the article-level test is "
    "frame_article (and frame_logit with article-clustered SEs)"
)
#: the result of a frame test: sentences (chi-square) or articles (Kruskal-Wallis)
FrameTest = IndependenceTest | KruskalTest


def frames_table(analysed: Analysed) -> pd.DataFrame:
    """Share of sentences with each frame per group, with Wilson intervals and hit rates.

    Parameters
    ----------
    analysed:
        The analysed sentences.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>`` and :data:`FRAME_COLUMNS` (see :class:`framing.Comparison`).
    """
    s = analysed.sentences
    rows = []
    for g in analysed.levels:
        sub = s[analysed.groups == g]
        tokens = int(sub["n_tokens"].fillna(0).sum())
        for f in analysed.frame_ids:
            k = int(analysed.present(f, sub).sum())
            n = len(sub)
            hits = int(sub[f"hits_{f}"].fillna(0).sum()) if f"hits_{f}" in sub else math.nan
            low, high = wilson_ci(k, n, analysed.resampling.confidence)
            rows.append(
                {
                    analysed.by: g,
                    "frame": f,
                    "n_articles": int(sub["doc_id"].nunique()),
                    "n_sentences": n,
                    "n_with_frame": k,
                    "share": k / n if n else math.nan,
                    "ci_low": float(low),
                    "ci_high": float(high),
                    "hits": hits,
                    "n_tokens": tokens,
                    "hits_per_1k_tokens": 1000 * hits / tokens if tokens else math.nan,
                }
            )
    return pd.DataFrame(rows, columns=[analysed.by, *FRAME_COLUMNS])


# --------------------------------------------------------------------------- sentence tests
def presence_table(present: np.ndarray, groups: np.ndarray, levels: list[Any]) -> np.ndarray:
    """The group x (present, absent) table of a frame.

    Parameters
    ----------
    present:
        Whether each sentence carries the frame.
    groups:
        Each sentence's group.
    levels:
        The groups, in the table's row order.

    Returns
    -------
    numpy.ndarray
        ``len(levels) x 2`` counts.
    """
    return np.array(
        [[int(present[groups == g].sum()), int((~present[groups == g]).sum())] for g in levels],
        dtype=float,
    )


def presence_test(
    analysed: Analysed,
    present: np.ndarray,
    groups: np.ndarray,
    levels: list[Any],
    *,
    key: tuple,
    with_ci: bool,
) -> IndependenceTest:
    """The chi-square test of a frame's presence across groups (Fisher-Freeman-Halton p when
    expected counts are small) with Bergsma's V.

    Parameters
    ----------
    analysed:
        Gives the resampling options and alpha.
    present, groups, levels:
        As in :func:`presence_table` (a robustness scenario passes its own).
    key:
        What is tested, for the seed of the Monte Carlo draws.
    with_ci:
        Compute V's interval.

    Returns
    -------
    IndependenceTest
        Not tested, with a note, when one group is left or the frame is absent from (or
        present in) every sentence.
    """
    table = presence_table(present, groups, levels)
    n = int(table.sum())
    used = table[table.sum(axis=1) > 0]
    if used.shape[0] < 2:
        return IndependenceTest(n, note="only one group")
    if used[:, 0].sum() == 0:
        return IndependenceTest(n, note="frame absent from every sentence: nothing to test")
    if used[:, 1].sum() == 0:
        return IndependenceTest(n, note="frame present in every sentence: nothing to test")
    return independence_test(
        table, alpha=analysed.alpha, resampling=analysed.resampling, key=key, with_ci=with_ci
    )


def frame_chi2_row(analysed: Analysed, frame: str) -> tuple[dict[str, Any], IndependenceTest]:
    """The sentence-level frame test (``frame_chi2``) as a row of the tests table.

    Parameters
    ----------
    analysed:
        The analysed sentences.
    frame:
        The frame id.

    Returns
    -------
    tuple
        The row and the :class:`~framing.stats.contingency.IndependenceTest`.
    """
    res = presence_test(
        analysed, analysed.present(frame), analysed.groups, analysed.levels,
        key=("chi2", frame), with_ci=True,
    )
    unit_note = analysed.unit_note if analysed.unit == "sentence" else CLUSTER_IGNORED_NOTE
    row = _frame_row(
        res, analysed, frame, "frame_chi2", "sentence", V_NAME, "Pearson chi-square", unit_note,
        df=res.df if res.df else math.nan,
    )
    return row, res


def _frame_row(
    res: FrameTest, analysed: Analysed, frame: str, analysis: str, unit: str, effect_name: str,
    method: str, note: str, **values: Any,
) -> dict[str, Any]:
    """The tests row of a frame test (``method`` when the test gives none, ``note`` after its
    own)."""
    return result_row(
        res, analysis=analysis, outcome=frame, groups=analysed.groups_label, unit=unit,
        effect_name=effect_name, method=res.method or method, note=join_notes(res.note, note),
        **values,
    )


# --------------------------------------------------------------------------- article tests
ARTICLE_SHARE_TEXT = "Kruskal-Wallis on the share of each article's sentences with the frame"


def article_frame_test(
    present: np.ndarray, groups: np.ndarray, doc_ids: np.ndarray, levels: list[Any], alpha: float
) -> KruskalTest:
    """Kruskal-Wallis on the per-article share of sentences with the frame, eta^2_H and its
    interval dual to the test (the article-level frame test).

    Parameters
    ----------
    present:
        Whether each sentence carries the frame.
    groups, doc_ids:
        Each sentence's group and article.
    levels:
        The groups.
    alpha:
        The level the interval is dual to.

    Returns
    -------
    KruskalTest
        With the whole method text; when the shares do not vary, an empty method and a note.
    """
    art = (
        pd.DataFrame({"g": groups, "d": doc_ids, "y": present.astype(float)})
        .groupby(["g", "d"], sort=False)["y"]
        .mean()
        .reset_index()
    )
    res = kruskal_test([art.loc[art["g"] == g, "y"].to_numpy() for g in levels], alpha)
    if not res.tested:
        return replace(res, method="", note="no variation in article shares: nothing to test")
    return replace(res, method=f"{ARTICLE_SHARE_TEXT}; {res.method}")


def frame_article_row(analysed: Analysed, frame: str) -> tuple[dict[str, Any], KruskalTest]:
    """The article-level frame test (``frame_article``) as a row of the tests table.

    Parameters
    ----------
    analysed:
        The analysed sentences (two articles or more in every group).
    frame:
        As in :func:`frame_chi2_row`.

    Returns
    -------
    tuple
        The row and the :class:`~framing.stats.ranks.KruskalTest`.
    """
    res = article_frame_test(
        analysed.present(frame), analysed.groups, analysed.sentences["doc_id"].to_numpy(),
        analysed.levels, analysed.alpha,
    )
    row = _frame_row(
        res, analysed, frame, "frame_article", "article", ETA_H_NAME, ARTICLE_SHARE_TEXT,
        analysed.few_articles_note(),
    )
    return row, res


# --------------------------------------------------------------------------- regressions
def _wald_text(confidence: float, alpha: float) -> str:
    if math.isclose(confidence, 1 - alpha):
        return f"Wald CI ({confidence:.0%}), dual to the test"
    return f"Wald CI ({confidence:.0%}), dual to a test at {1 - confidence:g}, not at alpha = {alpha:g}"


def _ratio_rows(
    table: pd.DataFrame, analysis: str, outcome: str, effect_name: str,
    method: Callable[[pd.Series], str], note: str,
) -> list[dict[str, Any]]:
    """Test rows from a table of :mod:`framing.stats.models` (one row per group)."""
    return [
        test_row(
            analysis=analysis,
            outcome=outcome,
            groups=f"{r['group']} vs {r['reference']}",
            unit="sentence",
            n=r["n"],
            statistic=r["z"],
            p=r["p"],
            effect=r["ratio"],
            effect_name=effect_name,
            ci_low=r["ci_low"],
            ci_high=r["ci_high"],
            method=method(r),
            note=join_notes(r["note"], note),
        )
        for _, r in table.iterrows()
    ]


def model_rows(analysed: Analysed, reference: Any) -> list[dict[str, Any]]:
    """The regressions of every frame: ``frame_logit`` (logistic GLM of presence, odds
    ratios) and ``frame_rate`` (count GLM of hits per token, rate ratios), article-clustered
    SEs when the article is the unit.

    Parameters
    ----------
    analysed:
        The analysed sentences.
    reference:
        The reference group (None: the first).

    Returns
    -------
    list of dict
        Rows of the tests table, one per frame and non-reference group and model.
    """
    s = analysed.sentences
    by, confidence = analysed.by, analysed.resampling.confidence
    rows = []
    cluster = "doc_id" if analysed.unit == "article" else None
    se_text = "article-clustered (CRV1) SEs" if cluster else "model-based SEs"
    wald = _wald_text(confidence, analysed.alpha)
    for f in analysed.frame_ids:
        data = s.assign(_y=analysed.present(f))
        logit = md.logit_by_group(
            data, "_y", by, reference=reference, order=analysed.levels, covariate="n_tokens",
            cluster=cluster, confidence=confidence,
        )
        note_unit = analysed.unit_note if cluster is None else ""
        rows += _ratio_rows(
            logit, "frame_logit", f, "odds ratio",
            lambda r: f"logistic GLM: frame present ~ {by} + log(tokens); Wald z; {se_text}; {wald}",
            note_unit,
        )
        if f"hits_{f}" not in s:
            continue
        rate = md.count_by_group(
            s, f"hits_{f}", "n_tokens", by, reference=reference, order=analysed.levels,
            cluster=cluster, confidence=confidence,
        )
        rows += _ratio_rows(
            rate, "frame_rate", f, "rate ratio (hits per token)",
            lambda r: f"{r['model'] or 'poisson'} GLM: hits ~ {by} + offset(log tokens);"
            f" Wald z; {se_text}; {wald}",
            note_unit,
        )
    return rows


# --------------------------------------------------------------------------- residuals
def residuals_table(analysed: Analysed) -> pd.DataFrame:
    """Adjusted standardized (Haberman) residuals of the "sentence has the frame" cells.

    Parameters
    ----------
    analysed:
        The analysed sentences, with their frame columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>`` and :data:`RESIDUAL_COLUMNS`; ``p`` two-sided normal,
        ``p_bonferroni`` times the number of residuals.
    """
    rows = []
    for f in analysed.frame_ids:
        table = presence_table(analysed.present(f), analysed.groups, analysed.levels)
        n = table.sum()
        expected = table.sum(axis=1) * table[:, 0].sum() / n if n else np.full(len(table), np.nan)
        res = haberman_residuals(table)[:, 0]
        for i, g in enumerate(analysed.levels):
            z = res[i]
            rows.append(
                {
                    analysed.by: g,
                    "frame": f,
                    "observed": int(table[i, 0]),
                    "expected": float(expected[i]),
                    "residual": float(z),
                    "p": float(2 * sps.norm.sf(abs(z))) if np.isfinite(z) else math.nan,
                }
            )
    out = pd.DataFrame(rows, columns=[analysed.by, *RESIDUAL_COLUMNS[:-1]])
    m = int(out["p"].notna().sum())
    out["p_bonferroni"] = np.minimum(out["p"] * m, 1.0)
    return out
