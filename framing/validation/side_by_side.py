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
  correlation and sign accuracy against the coded tone;
* :func:`render_side_by_side` -- that table as a report section.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["SIDE_BY_SIDE_COLUMNS", "model_agreement", "render_side_by_side", "side_by_side"]

SIDE_BY_SIDE_COLUMNS = [
    "target", "measure", "n", "support", "precision", "recall", "f1", "f1_low", "f1_high",
    "spearman_rho", "sign_accuracy", "polar_accuracy",
]


def model_agreement(
    gold: pd.DataFrame, units: pd.DataFrame, frames: list[str], cluster: pd.Series, n_boot: int,
    seed: int | None, ci: float,
) -> pd.DataFrame:
    """P/R/F1 of the model's codes (``model_<id>`` columns of ``units``) against ``gold``."""
    from framing.comparison.agreement import frame_agreement

    pred = pd.DataFrame({f: units[f"model_{f}"].astype(int) for f in frames}, index=units.index)
    return frame_agreement(gold[frames], pred, frames, cluster=cluster, n_boot=n_boot, seed=seed, ci=ci)


def side_by_side(agreement: pd.DataFrame, model: pd.DataFrame | None, tone: pd.DataFrame) -> pd.DataFrame:
    """The long table of :data:`SIDE_BY_SIDE_COLUMNS` (see the module docs)."""
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


def _cell(v: float, lo: float, hi: float) -> str:
    if pd.isna(v):
        return "n/a"
    return f"{v:.2f}" if pd.isna(lo) or pd.isna(hi) else f"{v:.2f} [{lo:.2f}, {hi:.2f}]"


def render_side_by_side(table: pd.DataFrame, heading: str, notes: list[str]) -> list[str]:
    """Report lines: the frames (dictionary and model P/R/F1 in one row per frame) and the
    evaluative measures against the coders."""
    from framing.report.markdown import md_table

    out = [f"{heading} Dictionary, model and sentiment side by side", ""]
    frames = table[table["target"] != "tone"]
    if len(frames):
        has_model = (frames["measure"] == "model").any()
        wide = []
        for target, g in frames.groupby("target", sort=False):
            row: dict[str, Any] = {"frame": target, "support": int(g["support"].iloc[0])}
            for measure in ("dictionary", "model") if has_model else ("dictionary",):
                m = g[g["measure"] == measure]
                if m.empty:
                    row.update({f"{measure} P": "", f"{measure} R": "", f"{measure} F1": ""})
                    continue
                r = m.iloc[0]
                row.update({
                    f"{measure} P": "n/a" if pd.isna(r["precision"]) else f"{r['precision']:.2f}",
                    f"{measure} R": "n/a" if pd.isna(r["recall"]) else f"{r['recall']:.2f}",
                    f"{measure} F1": _cell(r["f1"], r["f1_low"], r["f1_high"]),
                })
            wide.append(row)
        view = pd.DataFrame(wide)
        out += [
            "Frames against the same gold standard and sentences: precision, recall and F1 with its 95% "
            "interval" + (" for the dictionary (`frame_<id>`) and the trained model (`model_<id>`)."
                          if has_model else " for the dictionary."),
            "",
            md_table(view, list(view.columns)),
            "",
        ]
    tone = table[table["target"] == "tone"]
    if len(tone):
        out += [
            "Evaluation against the coded tone (Spearman's rho; sign accuracy, and among polar "
            "sentences):",
            "",
            md_table(tone, ["measure", "n", "spearman_rho", "sign_accuracy", "polar_accuracy"]),
            "",
        ]
    out += [f"- {n}" for n in notes]
    if notes:
        out.append("")
    return out
