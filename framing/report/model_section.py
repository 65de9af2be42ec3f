"""The report section of a trained frame model: how it was trained and validated, how its
codes agree with the dictionary's on this corpus, and the frame differences by its codes."""

from __future__ import annotations

from typing import Any

import pandas as pd

from framing.report.markdown import md_table

__all__ = ["MODEL_AGREEMENT_TABLE", "render_model_section"]

MODEL_AGREEMENT_TABLE = "model_agreement"


def _cv_table(info: dict[str, Any]) -> pd.DataFrame:
    rows = info.get("cv") or []
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    for col in ("precision", "recall", "f1", "dict_precision", "dict_recall", "dict_f1"):
        if col not in table:
            table[col] = float("nan")
        table[col] = pd.to_numeric(table[col], errors="coerce")
    for col in ("n", "support"):
        if col in table:
            table[col] = [None if pd.isna(v) else int(v) for v in pd.to_numeric(table[col], errors="coerce")]
    return table.rename(columns={
        "precision": "model P", "recall": "model R", "f1": "model F1",
        "dict_precision": "dictionary P", "dict_recall": "dictionary R", "dict_f1": "dictionary F1",
    })


def render_model_section(scored: Any, comparison: Any, agreement: pd.DataFrame) -> str:
    """A Markdown section (``## Trained frame model``) for ``report.md``.

    Parameters
    ----------
    scored:
        The scored corpus with the model's codes (``params["frame_model"]``).
    comparison:
        The comparison (its ``tests`` rows of the ``*_model`` families).
    agreement:
        :func:`framing.scoring.frame_model.frame_code_agreement` on the analysed sentences.

    Returns
    -------
    str
        The section's Markdown.
    """
    desc = scored.params.get("frame_model") or {}
    training = desc.get("training") or {}
    counts = training.get("counts") or {}
    versions = training.get("versions") or {}
    out = ["## Trained frame model", ""]
    out.append(
        f"Beside the dictionary's codes (`frame_<id>`) the sentences carry those of the trained frame "
        f"model {desc.get('file', '')} (`model_<id>`, and its probability `model_prob_<id>`; SHA-256 "
        f"{str(desc.get('sha256', ''))[:12]}…): per frame a logistic regression (scikit-learn "
        f"{versions.get('scikit-learn', '?')}) on the sentence's character n-grams"
        + (", the dictionary's evidence" if "dictionary" in desc.get("features", []) else "")
        + (", its position" if "position" in desc.get("features", []) else "")
        + (" and its voice" if "voice" in desc.get("features", []) else "")
        + f", trained on {counts.get('sentences', '?')} sentences coded by {counts.get('coders', '?')} "
        f"coder(s) ({training.get('rule', '')} rule; seed {training.get('seed', '')}, "
        f"{training.get('folds', '')} folds of whole articles)."
    )
    if not desc.get("same_lexicons", True):
        out.append(
            "The lexicons of this run differ from those the model was trained with: its dictionary "
            "features differ, and its validation does not carry over."
        )
    out.append("")
    cv = _cv_table(training)
    if not cv.empty:
        out += [
            "Cross-validated at training (out-of-fold codes, sentences coded by the rule), beside the "
            "dictionary on the same sentences; the C of each frame was chosen on the same folds, so the "
            "model's figures are slightly optimistic:",
            "",
            md_table(cv, ["frame", "n", "support", "model P", "model R", "model F1", "dictionary P",
                          "dictionary R", "dictionary F1"]),
            "",
        ]
    out += [
        "Agreement of the two codings on the analysed sentences (Cohen's kappa; `agreement`: share of "
        f"sentences coded alike; table `{MODEL_AGREEMENT_TABLE}`):",
        "",
        md_table(agreement, ["frame", "n", "dictionary", "model", "both", "dictionary_only", "model_only",
                             "agreement", "kappa"]),
        "",
    ]
    tests = comparison.tests
    family = "frame_article_model" if (tests["analysis"] == "frame_article_model").any() else "frame_chi2_model"
    rows = tests[tests["analysis"] == family]
    if len(rows):
        dict_family = family.removesuffix("_model")
        dict_p = tests[tests["analysis"] == dict_family].set_index("outcome")["p_adj"]
        view = rows.assign(**{"p_adj (dictionary)": rows["outcome"].map(dict_p)})
        out += [
            f"Frame differences between the {comparison.by} groups by the model's codes (`{family}` in the "
            f"tests table, BH-adjusted within the family; unit: {rows['unit'].iloc[0]}), with the "
            "dictionary's adjusted p beside them; the shares per group are in "
            f"`model_frames_by_{comparison.by}`:",
            "",
            md_table(view, ["outcome", "n", "statistic", "df", "p", "p_adj", "effect", "ci_low", "ci_high",
                            "p_adj (dictionary)"]),
            "",
        ]
    out += [
        "Report either measure with its own validation against coded sentences the model was not "
        "trained on (`framing validate --model`).",
        "",
    ]
    return "\n".join(out)
