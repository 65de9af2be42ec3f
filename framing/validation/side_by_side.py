"""Dictionary, trained frame model and (retrained) sentiment side by side against the coders.

:func:`framing.validate` calls these when the scored sentences carry a trained frame model's
codes (``model_<id>``, ``framing run --model``) or were scored with a retrained snownlp model
(``--sentiment-model``):

* :func:`model_agreement` -- precision, recall and F1 of the model's codes against the same
  gold standard and sentences as the dictionary's (:func:`framing.comparison.agreement.frame_agreement`,
  the same intervals);
* :func:`side_by_side` -- one long table: per frame (and micro, macro) the dictionary's and
  the model's ``n, support, precision, recall, f1`` with the F1 interval, and per evaluative
  measure (snownlp sentiment, shipped and retrained, and lexicon tone) its Spearman
  correlation and sign accuracy against the coded tone.

Its Markdown section: :func:`framing.report.validation_md.render_side_by_side`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.agreement import frame_agreement

__all__ = ["SIDE_BY_SIDE_COLUMNS", "model_agreement", "render_side_by_side", "side_by_side"]

SIDE_BY_SIDE_COLUMNS = [
    "target", "measure", "n", "support", "precision", "recall", "f1", "f1_low", "f1_high",
    "spearman_rho", "sign_accuracy", "polar_accuracy",
]


def model_agreement(
    gold: pd.DataFrame, units: pd.DataFrame, frames: list[str], cluster: pd.Series, n_boot: int,
    seed: int | None, ci: float,
) -> pd.DataFrame:
    """Precision, recall and F1 of a trained frame model's codes against the gold standard.

    Parameters
    ----------
    gold : pandas.DataFrame
        The gold codes (0/1), one column per frame, indexed by sentence.
    units : pandas.DataFrame
        The same sentences with the model's codes in ``model_<id>`` columns.
    frames : list of str
        The modelled frames.
    cluster : pandas.Series
        The article of each sentence (the bootstrap resamples articles).
    n_boot, seed, ci
        Resamples, seed and coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        :func:`framing.comparison.agreement.frame_agreement` of the model's codes.
    """
    pred = pd.DataFrame({f: units[f"model_{f}"].astype(int) for f in frames}, index=units.index)
    return frame_agreement(gold[frames], pred, frames, cluster=cluster, n_boot=n_boot, seed=seed, confidence=ci)


def side_by_side(agreement: pd.DataFrame, model: pd.DataFrame | None, tone: pd.DataFrame) -> pd.DataFrame:
    """Dictionary, model and sentiment against the coders in one long table.

    Parameters
    ----------
    agreement : pandas.DataFrame
        The dictionary's P/R/F1 (:attr:`Validation.agreement`).
    model : pandas.DataFrame or None
        The trained model's (:func:`model_agreement`), if any.
    tone : pandas.DataFrame
        The evaluative measures against the coded tone (:attr:`Validation.tone`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`SIDE_BY_SIDE_COLUMNS` (see the module docs).
    """
    rows: list[dict[str, Any]] = []
    order = list(agreement["frame"])
    for target in order:
        for measure, table in (("dictionary", agreement), ("model", model)):
            if table is None or target not in set(table["frame"]):
                continue
            r = table[table["frame"] == target].iloc[0]
            rows.append({
                "target": target, "measure": measure,
                "n": int(r[["tp", "fp", "fn", "tn"]].sum()) if target not in ("micro", "macro") else np.nan,
                "support": int(r["support"]), "precision": r["precision"], "recall": r["recall"],
                "f1": r["f1"], "f1_low": r["f1_low"], "f1_high": r["f1_high"],
            })
    for r in tone.itertuples(index=False):
        rows.append({
            "target": "tone", "measure": "lexicon tone" if r.measure == "tone" else r.measure,
            "n": int(r.n), "spearman_rho": r.spearman_rho, "sign_accuracy": r.sign_accuracy,
            "polar_accuracy": r.polar_accuracy,
        })
    table = pd.DataFrame(rows, columns=SIDE_BY_SIDE_COLUMNS)
    for col in ("n", "support"):
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("Int64")
    return table


def render_side_by_side(table: pd.DataFrame, heading: str, notes: list[str]) -> list[str]:
    """Deprecated here: :func:`framing.report.validation_md.render_side_by_side` renders it.

    Parameters
    ----------
    table, heading, notes
        As :func:`framing.report.validation_md.render_side_by_side` takes them.

    Returns
    -------
    list of str
        The report lines.
    """
    warnings.warn(
        "framing.validation.side_by_side.render_side_by_side is deprecated; use "
        "framing.report.validation_md.render_side_by_side",
        DeprecationWarning,
        stacklevel=2,
    )
    # kept for old callers only: the report layer sits above validation
    from framing.report.validation_md import render_side_by_side as render

    return render(table, heading, notes)
