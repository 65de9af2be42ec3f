"""The validation against human coding as Markdown and files: the report layer's part of it.

:func:`render_validation_section` is the section ``report.md`` and ``framing validate`` show,
:func:`render_side_by_side` its part on a trained frame model and a retrained sentiment model,
and :func:`write_validation` writes a validation's tables and section to a folder. The
figures themselves come from :func:`framing.validate` (:class:`framing.validation.Validation`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from framing.stats.agreement import TONE_COLUMNS
from framing.tables import format_interval, md_table, write_csv
from framing.validation.validate import Validation

__all__ = ["render_side_by_side", "render_validation_section", "write_validation"]


def render_validation_section(validation: Validation, heading_level: int = 2, max_rows: int = 15) -> str:
    """The validation as a Markdown section of ``report.md``.

    The sample, the coders' reliability, the lexicon's precision, recall and F1 per frame,
    tone, the dictionary, model and sentiment side by side (when there is a model), the
    frame cues the coders most often rejected, the silent terms and the notes.

    Parameters
    ----------
    validation : Validation
        The output of :func:`framing.validate`.
    heading_level : int
        Level of the section's heading (``2``: ``##``); its subsections are one deeper.
    max_rows : int
        At most this many rejected cues are listed.

    Returns
    -------
    str
        The section, without a final newline.
    """
    v = validation
    h = "#" * heading_level
    p = v.params
    out = [f"{h} Validation against human coding", ""]
    out.append(
        f"{p['n_units']} sentences from {p['n_articles']} articles were coded by "
        f"{len(v.coders)} coder(s) ({', '.join(v.coders)}); {p['n_rows']} coded "
        f"rows in {len(p['sources'])} sheet(s). Gold standard: {p['gold_rule']}. "
        f"Frames evaluated: {', '.join(v.frames)}."
    )
    out.append("")
    out += [f"{h}# Inter-coder reliability", ""]
    if v.reliability.empty:
        out += ["One coder only: no inter-coder reliability can be computed.", ""]
    else:
        out += [
            "Krippendorff's alpha with percentile bootstrap CIs "
            f"({p['n_boot']} resamples of articles, {p['ci']:.0%}). Alpha >= .800 supports "
            "conclusions, >= .667 tentative ones (Krippendorff 2004); for rare frames "
            "report agreement and alpha together.",
            "",
            md_table(
                v.reliability,
                [
                    "frame",
                    "level",
                    "n_units",
                    "n_coders",
                    "agreement",
                    "alpha",
                    "alpha_low",
                    "alpha_high",
                ],
            ),
            "",
        ]
    out += [f"{h}# Lexicon against the gold standard", ""]
    out += [
        "Precision, recall and F1 of the lexicon codes per frame with 95% intervals: Wilson "
        "score intervals of precision and recall, and for F1 the Wilson interval of "
        "TP/(TP+FP+FN) mapped through F1 = 2J/(1+J) (they hold at a few true positives and "
        "treat the sentences as independent); the macro row averages the frames where the "
        f"value is defined, with a bootstrap interval ({p['n_boot']} resamples of articles). "
        "Micro pools the counts of all frames.",
        "",
        md_table(v.agreement_cells(), ["frame", "support", "tp", "fp", "fn", "precision",
                                          "recall", "F1"]),
        "",
    ]
    n_fp = int((v.errors["kind"] == "FP").sum())
    n_fn = int((v.errors["kind"] == "FN").sum())
    out += [
        f"{n_fp} false positives and {n_fn} false negatives, each with the terms that "
        "fired or the reason none counted, are listed in the errors table.",
        "",
    ]
    if not v.tone.empty:
        out += [
            f"{h}# Tone",
            "",
            "Agreement of snownlp sentiment and lexicon tone with the human tone (-1/0/1): "
            "Spearman's rho and the share of sentences with the same sign (polar: among "
            "sentences the coders called positive or negative).",
            "",
        ]
        model = p.get("sentiment_model")
        if model:
            out += [
                "Sentiment is shown twice: `sentiment_shipped` is snownlp's shipped model "
                "(trained on product reviews; sign: above 0.5 positive, below negative), "
                f"`sentiment_retrained` the model {model['file']} retrained on coded news tone "
                f"(a score within 0.5 ± {float(model['neutral_band']):.3g} reads as 0). If these "
                "sentences were among its training sentences, its figures flatter it.",
                "",
            ]
        out += [md_table(v.tone, TONE_COLUMNS), ""]
    if v.side_by_side is not None:
        out += render_side_by_side(v.side_by_side, f"{h}#", [])
    out += [f"{h}# Lexicon diagnostics", ""]
    rejected = v.diagnostics[
        (v.diagnostics["layer"] == "frame") & (v.diagnostics["rejected_hits"] > 0)
    ].sort_values(["rejected_hits", "rejected_share", "term"], ascending=[False, False, True])
    if rejected.empty:
        out += ["No frame cue fired in a sentence that the coders rejected for its frame.", ""]
    else:
        out += [
            "Frame cues most often rejected by the coders (hits in coded sentences whose "
            "gold code lacks the cue's frame):",
            "",
            md_table(
                rejected.head(max_rows),
                [
                    "label",
                    "term",
                    "weight",
                    "hits",
                    "coded_hits",
                    "rejected_hits",
                    "rejected_share",
                ],
            ),
            "",
        ]
    n_terms = len(v.diagnostics)
    out += [
        f"{len(v.silent_terms)} of {n_terms} lexicon terms never fire in the corpus "
        "(listed in the silent terms table).",
        "",
    ]
    if v.notes:
        out += [f"{h}# Notes", ""] + [f"- {n}" for n in v.notes] + [""]
    return "\n".join(out)


def render_side_by_side(table: pd.DataFrame, heading: str, notes: list[str]) -> list[str]:
    """Dictionary, trained model and sentiment side by side, as report lines.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`framing.validation.side_by_side.side_by_side` (its
        :data:`~framing.validation.side_by_side.SIDE_BY_SIDE_COLUMNS`).
    heading : str
        The Markdown heading marks of the section (``"###"``).
    notes : list of str
        Lines listed below the tables.

    Returns
    -------
    list of str
        The frames (dictionary and model P/R/F1 in one row per frame) and the evaluative
        measures against the coders' tone.
    """
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
                    f"{measure} F1": format_interval(r["f1"], r["f1_low"], r["f1_high"]),
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


def write_validation(
    validation: Validation, folder: str | Path, prefix: str = "validation_"
) -> list[Path]:
    """Write a validation's tables and its report section into a folder.

    Every table of :meth:`Validation.tables` as ``<prefix><name>.csv`` (UTF-8 with BOM) and
    the Markdown section as ``<prefix>report.md``.

    Parameters
    ----------
    validation : Validation
        The output of :func:`framing.validate`.
    folder : str or Path
        Where to write (created if needed).
    prefix : str
        The start of every file name.

    Returns
    -------
    list of Path
        The paths written, the tables in the order of :meth:`Validation.tables`, then the
        report.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in validation.tables().items():
        written.append(write_csv(table, folder / f"{prefix}{name}.csv"))
    md = folder / f"{prefix}report.md"
    md.write_text(render_validation_section(validation, heading_level=1) + "\n", encoding="utf-8")
    written.append(md)
    return written
