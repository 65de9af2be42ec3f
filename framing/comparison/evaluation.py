"""The evaluation comparison: sentiment (snownlp, 0..1) and lexicon tone by group.

* :func:`sentiment_table`: mean, sd and median per group with an interval of the mean (a
  seeded bootstrap of sentences with one article per group; a cluster-robust t interval
  over articles when groups have several);
* :func:`evaluation_rows`: Kruskal-Wallis across groups (``evaluation_kw``, eta^2_H with its
  dual interval) and Dunn's pairwise tests with Cliff's delta (``dunn_sentiment``,
  ``dunn_tone``), on sentences or, when the article is the unit, on article means.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.common import MIN_BOOTSTRAP_N, Analysed, join_notes, result_row, test_row
from framing.stats.intervals import cluster_mean_ci, t_interval
from framing.stats.ranks import ETA_H_NAME, cliffs_delta, cliffs_delta_ci, dunn_test, kruskal_test
from framing.stats.resampling import bootstrap_mean_ci

__all__ = ["MEASURES", "SENTIMENT_COLUMNS", "evaluation_rows", "sentiment_table"]

#: the evaluation measures, columns of the scored sentences
MEASURES: tuple[str, str] = ("sentiment", "tone")
SENTIMENT_COLUMNS: list[str] = [
    "measure",
    "n_articles",
    "n",
    "mean",
    "sd",
    "median",
    "ci_low",
    "ci_high",
    "ci_method",
]


def sentiment_table(analysed: Analysed) -> pd.DataFrame:
    """Sentiment and tone per group: mean, sd, median and an interval of the mean.

    Parameters
    ----------
    analysed:
        The analysed sentences, with the :data:`MEASURES` columns they have.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>`` and :data:`SENTIMENT_COLUMNS`, one row per group and measure present.
    """
    s, opts = analysed.sentences, analysed.resampling
    rows = []
    for measure in MEASURES:
        if measure not in s:
            continue
        for g in analysed.levels:
            sub = s[analysed.groups == g]
            v = sub[measure].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            vv = v[ok]
            if analysed.unit == "article":
                # a cluster bootstrap over a few articles has a handful of distinct resamples
                ci = cluster_mean_ci(v, sub["doc_id"].to_numpy(), opts.confidence)
                how = (
                    "CR1 cluster-robust t interval over the group's articles "
                    "(df = articles - 1)"
                )
            elif vv.size >= MIN_BOOTSTRAP_N and opts.n_boot > 0:
                ci = bootstrap_mean_ci(
                    v, n_boot=opts.n_boot, confidence=opts.confidence,
                    rng=opts.rng("mean", measure, g),
                )
                how = (
                    "percentile bootstrap, sentences resampled (one article per outlet) "
                    f"({opts.n_boot} resamples)"
                )
            else:
                ci = t_interval(vv, opts.confidence)
                how = f"t interval (fewer than {MIN_BOOTSTRAP_N} sentences for a bootstrap)"
            rows.append(
                {
                    analysed.by: g,
                    "measure": measure,
                    "n_articles": int(sub.loc[ok, "doc_id"].nunique()),
                    "n": int(ok.sum()),
                    "mean": float(vv.mean()) if vv.size else math.nan,
                    "sd": float(vv.std(ddof=1)) if vv.size > 1 else math.nan,
                    "median": float(np.median(vv)) if vv.size else math.nan,
                    "ci_low": ci[0],
                    "ci_high": ci[1],
                    "ci_method": how,
                }
            )
    return pd.DataFrame(rows, columns=[analysed.by, *SENTIMENT_COLUMNS])


def evaluation_rows(analysed: Analysed) -> list[dict[str, Any]]:
    """The tests of sentiment and tone across groups.

    Parameters
    ----------
    analysed:
        The analysed sentences (two groups or more).

    Returns
    -------
    list of dict
        Rows of the tests table: per measure one ``evaluation_kw`` row and, when it could be
        tested, one ``dunn_<measure>`` row per pair of groups.
    """
    s, by, opts = analysed.sentences, analysed.by, analysed.resampling
    rows: list[dict[str, Any]] = []
    for measure in MEASURES:
        if measure not in s:
            continue
        if analysed.unit == "article":
            values = s.groupby([by, "doc_id"], sort=False)[measure].mean().reset_index()
            unit, how = "article", f"article means of sentence {measure}"
        else:
            values = s[[by, "doc_id", measure]]
            unit, how = "sentence", f"sentence {measure}"
        samples = [values.loc[values[by] == g, measure].to_numpy(float) for g in analysed.levels]
        kw = kruskal_test(samples, analysed.alpha)
        unit_note = analysed.unit_note if unit == "sentence" else analysed.few_articles_note()
        rows.append(
            result_row(
                kw,
                analysis="evaluation_kw",
                outcome=measure,
                groups=analysed.groups_label,
                unit=unit,
                effect_name=ETA_H_NAME,
                method=f"Kruskal-Wallis (tie-corrected) on {how}; {kw.method}",
                note=join_notes(
                    "" if kw.tested else "fewer than two groups or no variation", unit_note
                ),
            )
        )
        if not kw.tested:
            continue
        for d in dunn_test(samples, analysed.levels):
            i, j = analysed.levels.index(d["group1"]), analysed.levels.index(d["group2"])
            dci = (math.nan, math.nan)
            small = min(d["n1"], d["n2"]) < MIN_BOOTSTRAP_N
            if opts.n_boot > 0 and not small:
                dci = cliffs_delta_ci(
                    samples[i], samples[j], n_boot=opts.n_boot, confidence=opts.confidence,
                    rng=opts.rng("dunn", measure, d["group1"], d["group2"]),
                )
            ci_text = (
                f"no CI: fewer than {MIN_BOOTSTRAP_N} {unit}s in a group for a bootstrap"
                if small
                else "Cliff's delta with percentile bootstrap CI, not dual to the test (Dunn's "
                "z ranks all groups together, delta compares two)"
            )
            rows.append(
                test_row(
                    analysis=f"dunn_{measure}",
                    outcome=measure,
                    groups=f"{d['group1']} vs {d['group2']}",
                    unit=unit,
                    n=d["n1"] + d["n2"],
                    statistic=d["z"],
                    p=d["p"],
                    effect=cliffs_delta(samples[i], samples[j]),
                    effect_name="Cliff's delta (first vs second)",
                    ci_low=dci[0],
                    ci_high=dci[1],
                    method=f"Dunn's test (ranks of all groups, tie-corrected); {ci_text}",
                    note=unit_note,
                )
            )
    return rows
