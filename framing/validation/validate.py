"""Validation of the lexicon codes against human coding.

>>> codes = read_codes(["sheet_anna.csv", "sheet_ben.csv"], scored=scored)
>>> v = validate(codes, scored, n_boot=1000, seed=20240216)
>>> v.agreement            # P/R/F1 per frame with micro and macro rows
>>> print(v)                 # a summary: alpha per frame, P/R/F1 with intervals

Reading the sheets and matching their rows to the sentences: :mod:`framing.validation.codes`.
The results are tables; their Markdown section and files are the report layer's
(:mod:`framing.report.validation_md`).

Gold standard and measures
--------------------------
* **Reliability** (two or more coders): nominal Krippendorff's alpha per frame and for
  tone (plus ordinal alpha for tone), with percent agreement and percentile bootstrap CIs
  that resample articles (:func:`framing.comparison.reliability.frame_reliability`).
* **Gold** per sentence and frame: the coders' strict majority
  (:func:`framing.comparison.agreement.majority_vote`): 1 only when more than half of the
  coders who coded the frame marked it, so a tie (one of two coders) is 0 and flagged. Or,
  with ``gold_coder``, the codes of that coder (an adjudicator), who is then left out of
  the reliability figures. Human tone per sentence is the median of the coders' tones,
  rounded towards 0 when it falls between two values (it equals the strict majority when
  there is one; 1 vs 0 gives 0, "neutral or mixed").
* **Agreement** of the lexicon (``frame_<f>`` of the scored sentences) with the gold:
  P/R/F1 per frame, micro and macro, bootstrap CIs clustered by article
  (:func:`framing.comparison.agreement.frame_agreement`). Sentences without a gold code for
  every evaluated frame are left out (and counted in ``notes``).
* **Tone**: Spearman and sign accuracy of snownlp sentiment and lexicon tone against the
  human tone (:func:`framing.comparison.agreement.tone_agreement`). When the sentences were
  scored with a retrained snownlp model (``sentiment_model``), snownlp's shipped model is
  scored on the coded sentences as well and both are shown: ``sentiment_shipped`` (sign
  at 0.5) and ``sentiment_retrained`` (with the model's neutral band).
* **Trained frame model**: when the sentences carry a frame model's codes (``model_<id>``,
  ``framing run --model``), its P/R/F1 against the same gold and sentences
  (``model_agreement``), and a table of dictionary, model and sentiment side by side
  (``side_by_side``, also with a retrained snownlp model alone;
  :mod:`framing.validation.side_by_side`). Coded sentences the model was trained on are
  counted in ``notes``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.agreement import frame_agreement, majority_vote, tone_agreement
from framing.comparison.reliability import (
    RELIABILITY_COLUMNS,
    alpha_bootstrap_ci,
    alpha_details,
    frame_reliability,
    reliability_matrix,
)
from framing.errors import InputError
from framing.scoring.sentiment import snownlp_sentiments
from framing.tables import format_interval
from framing.validation.codes import (
    CodesInput,
    match_codes,
    normalize_text,
    read_codes,
)
from framing.validation.codesheet import DEFAULT_SEED, sentence_ids
from framing.validation.side_by_side import model_agreement, side_by_side

__all__ = [
    "Validation",
    "match_codes",
    "normalize_text",
    "read_codes",
    "validate",
    "write_validation",
]


RELIABILITY_TABLE_COLUMNS: list[str] = ["frame", "level"] + RELIABILITY_COLUMNS[1:]
ERROR_COLUMNS: list[str] = [
    "sentence_id",
    "doc_id",
    "outlet",
    "frame",
    "kind",
    "votes",
    "n_coders",
    "tie",
    "weight",
    "terms",
    "negated_terms",
    "evidence",
    "text",
]
DIAGNOSTIC_COLUMNS: list[str] = [
    "layer",
    "label",
    "term",
    "weight",
    "occurrences",
    "hits",
    "negated",
    "sentences",
    "coded_hits",
    "rejected_hits",
    "rejected_share",
]
SILENT_COLUMNS: list[str] = ["layer", "label", "term", "weight", "occurrences"]


# ---------------------------------------------------------------------------------------
# results


@dataclass
class Validation:
    """The lexicon validated against human codes; every attribute a tidy table.

    ``reliability`` (empty with fewer than two coders), one row per frame and level:

    ========== ==============================================================
    frame      frame id, or ``tone``
    level      ``nominal`` (all rows) or ``ordinal`` (a second tone row)
    n_units    sentences coded by at least two coders
    n_coders   coders with a value
    n_pairable pairable values
    prevalence share of 1s among the pairable values (frames only)
    agreement  pairwise percent agreement
    alpha      Krippendorff's alpha (nan when undefined, e.g. no variation)
    alpha_low, alpha_high  percentile bootstrap CI, articles resampled
    ========== ==============================================================

    ``agreement``: :func:`framing.comparison.agreement.frame_agreement` output (frame,
    support, tp, fp, fn, tn, precision, recall, f1 and their ``_low``/``_high`` CIs), one
    row per evaluated frame plus ``micro`` and ``macro``.

    ``errors``: one row per false positive (``kind`` FP: the lexicon codes the frame, the
    gold does not) or false negative (FN), with ``sentence_id, doc_id, outlet, frame, kind,
    votes`` (coders marking the frame, e.g. ``1/2``), ``n_coders``, ``tie``, ``weight`` (the
    summed weight of counted cues), ``terms`` (counted cues, ``term (weight)``, joined by
    ``; ``), ``negated_terms``, ``evidence`` (for FP the cues that fired; for FN ``no term
    fired``, ``negated: …`` or ``below threshold: …``) and ``text``.

    ``tone``: :func:`framing.comparison.agreement.tone_agreement` output (measure,
    n, spearman_rho, spearman_p, sign_accuracy, n_polar, polar_accuracy) for ``sentiment``
    (snownlp) and ``tone`` (lexicon); empty if nobody coded tone. With a retrained snownlp
    model, ``sentiment_shipped`` and ``sentiment_retrained`` instead of ``sentiment``.

    ``diagnostics``: one row per lexicon term (frame cues and tone words): ``layer, label,
    term, weight``, ``occurrences`` (the term's string in the corpus, from the scorer's
    coverage table), ``hits`` (counted matches in the corpus), ``negated`` (matches a
    negator blocked), ``sentences`` (sentences with a counted match), ``coded_hits``
    (counted matches in sentences with a gold code), ``rejected_hits`` (of those, in
    sentences whose gold rejects it: frame cue, gold 0 for its frame; tone word, human tone
    other than the sign of the word's contribution) and ``rejected_share``
    (``rejected_hits / coded_hits``, nan when 0).

    ``silent_terms``: the terms that never fire in the corpus (no match, counted or
    negated): ``layer, label, term, weight, occurrences``.

    ``units``: one row per coded sentence: ``sentence_id, doc_id, outlet, n_coders``,
    ``gold_<f>`` (Int64), ``ties_<f>`` (bool), ``machine_<f>`` (0/1), ``human_tone``,
    ``tone_tie`` (no strict majority), ``machine_tone`` (lexicon score) and ``sentiment``
    (plus ``sentiment_shipped`` with a retrained snownlp model).
    """

    reliability: pd.DataFrame
    agreement: pd.DataFrame
    errors: pd.DataFrame
    tone: pd.DataFrame
    diagnostics: pd.DataFrame
    silent_terms: pd.DataFrame
    units: pd.DataFrame
    frames: list[str]
    coders: list[str]
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    model_agreement: pd.DataFrame | None = None
    """With a trained frame model's codes: its P/R/F1 (the columns of ``agreement``)."""
    side_by_side: pd.DataFrame | None = None
    """With a trained frame model or a retrained snownlp model: dictionary, model and
    sentiment side by side (:mod:`framing.validation.side_by_side`)."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, for export.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``reliability, agreement, errors, tone, diagnostics, silent_terms, units`` and,
            when there are such, ``model_agreement`` and ``side_by_side``.
        """
        out = {
            "reliability": self.reliability,
            "agreement": self.agreement,
            "errors": self.errors,
            "tone": self.tone,
            "diagnostics": self.diagnostics,
            "silent_terms": self.silent_terms,
            "units": self.units,
        }
        if self.model_agreement is not None:
            out["model_agreement"] = self.model_agreement
        if self.side_by_side is not None:
            out["side_by_side"] = self.side_by_side
        return out

    def agreement_cells(self) -> pd.DataFrame:
        """The agreement table with each measure and its interval in one cell.

        Returns
        -------
        pandas.DataFrame
            ``agreement`` with ``precision`` and ``recall`` replaced and ``F1`` added as
            text: ``0.67 [0.35, 0.88]``, the estimate alone without an interval, ``n/a``
            when undefined.
        """
        a = self.agreement

        def cell(m: str) -> list[str]:
            return [
                format_interval(v, lo, hi)
                for v, lo, hi in zip(a[m], a[f"{m}_low"], a[f"{m}_high"], strict=True)
            ]

        return a.assign(precision=cell("precision"), recall=cell("recall"), F1=cell("f1"))

    def summary(self) -> str:
        """A plain-text summary, what ``print(validation)`` shows.

        Returns
        -------
        str
            A few lines: the sample, the coders' alpha, the lexicon's precision, recall and
            F1 per frame with intervals, the counts of errors and the notes.
        """
        p = self.params
        lines = [
            f"Validation: {p['n_units']} sentences of {p['n_articles']} articles coded by "
            f"{len(self.coders)} coder(s) ({', '.join(self.coders)}); gold: {p['gold_rule']}",
        ]
        if not self.reliability.empty:
            nominal = self.reliability[self.reliability["level"] == "nominal"]
            alphas = ", ".join(
                f"{f} {a:.2f}" if pd.notna(a) else f"{f} n/a"
                for f, a in zip(nominal["frame"], nominal["alpha"], strict=True)
            )
            lines.append(f"Krippendorff's alpha: {alphas}")
        view = self.agreement_cells().set_index("frame")
        for f in [*self.frames, "micro", "macro"]:
            if f in view.index:
                r = view.loc[f]
                lines.append(
                    f"  {f:<12} P {r['precision']:<18} R {r['recall']:<18} F1 {r['F1']}"
                    f"  (TP {r['tp']}, FP {r['fp']}, FN {r['fn']})"
                )
        if self.model_agreement is not None:
            m = self.model_agreement.set_index("frame")
            lines.append(
                "  trained model: " + ", ".join(
                    f"{f} F1 {m.loc[f, 'f1']:.2f}" for f in [*m.index] if f not in ("micro",)
                    and pd.notna(m.loc[f, "f1"])
                )
            )
        lines.append(
            f"{int((self.errors['kind'] == 'FP').sum())} false positives, "
            f"{int((self.errors['kind'] == 'FN').sum())} false negatives (.errors); "
            "tables: .tables(); report section: framing.report.validation_md.render_validation_section"
        )
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def __str__(self) -> str:
        return self.summary()

    def render_section(self, heading_level: int = 2, max_rows: int = 15) -> str:
        """Deprecated: the Markdown section is the report layer's,
        :func:`framing.report.validation_md.render_validation_section`.

        Parameters
        ----------
        heading_level, max_rows : int
            As :func:`~framing.report.validation_md.render_validation_section` takes them.

        Returns
        -------
        str
            ``render_validation_section(self, heading_level, max_rows)``.
        """
        warnings.warn(
            "Validation.render_section() is deprecated; use "
            "framing.report.validation_md.render_validation_section(validation)",
            DeprecationWarning,
            stacklevel=2,
        )
        # kept for old callers only: the report layer sits above validation
        from framing.report.validation_md import render_validation_section

        return render_validation_section(self, heading_level, max_rows)


# ---------------------------------------------------------------------------------------
# validate


def _median_toward_zero(values: pd.Series) -> float:
    v = values.dropna().to_numpy(dtype=float)
    if v.size == 0:
        return float("nan")
    m = float(np.median(v))
    return float(math.trunc(m))  # between two values (x.5): towards 0


def _reliability(
    codes: pd.DataFrame, frames: list[str], n_boot: int, seed: int | None, ci: float
) -> pd.DataFrame:
    cols = RELIABILITY_TABLE_COLUMNS
    if codes["coder"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    boot = max(n_boot, 1)
    items = list(frames) + (["tone"] if codes["tone"].notna().any() else [])
    rel = frame_reliability(
        codes, "sentence_id", "coder", items, cluster_col="doc_id", n_boot=boot, seed=seed, confidence=ci
    )
    rel.insert(1, "level", "nominal")
    if "tone" in items:
        rel.loc[rel["frame"] == "tone", "prevalence"] = np.nan
        mat = reliability_matrix(codes, "sentence_id", "coder", "tone")
        det = alpha_details(mat, "ordinal")
        cl = codes.drop_duplicates("sentence_id").set_index("sentence_id")["doc_id"]
        low, high = alpha_bootstrap_ci(
            mat,
            "ordinal",
            n_boot=boot,
            seed=seed,
            confidence=ci,
            cluster=cl.reindex(mat.columns).to_numpy(),
        )
        ordinal = {
            "frame": "tone",
            "level": "ordinal",
            "n_units": det.n_units,
            "n_coders": int(mat.notna().any(axis=1).sum()),
            "n_pairable": det.n_pairable,
            "prevalence": np.nan,
            "agreement": det.observed_agreement,
            "alpha": det.alpha,
            "alpha_low": low,
            "alpha_high": high,
        }
        rel = pd.concat([rel, pd.DataFrame([ordinal])], ignore_index=True)
    if n_boot < 1:
        rel[["alpha_low", "alpha_high"]] = np.nan
    return rel[cols].reset_index(drop=True)


def _fmt_terms(hits: pd.DataFrame) -> str:
    return "; ".join(f"{t} ({w:g})" for t, w in zip(hits["term"], hits["weight"], strict=True))


def _errors(units: pd.DataFrame, frames: list[str], scored: Any, texts: pd.Series) -> pd.DataFrame:
    hits = scored.hits
    hits = hits[hits["layer"] == "frame"].copy()
    hits["sentence_id"] = sentence_ids(hits) if len(hits) else pd.Series(dtype=str)
    hits = hits[hits["sentence_id"].isin(set(units["sentence_id"]))]
    grouped = {k: g for k, g in hits.groupby(["sentence_id", "label"], sort=False)}
    threshold = float(scored.lexicons.threshold)
    rows = []
    for u in units.itertuples(index=False):
        u = u._asdict()
        for f in frames:
            gold, machine = u[f"gold_{f}"], u[f"machine_{f}"]
            if pd.isna(gold) or int(gold) == int(machine):
                continue
            kind = "FP" if machine == 1 else "FN"
            h = grouped.get((u["sentence_id"], f), hits.iloc[0:0])
            counted = h[~h["negated"]]
            negated = h[h["negated"]]
            weight = float(counted["weight"].sum())
            if kind == "FP":
                evidence = "fired: " + _fmt_terms(counted)
            elif h.empty:
                evidence = "no term fired"
            elif counted.empty:
                evidence = "negated: " + _fmt_terms(negated)
            else:
                evidence = f"below threshold ({weight:g} < {threshold:g}): " + _fmt_terms(counted)
            rows.append(
                {
                    "sentence_id": u["sentence_id"],
                    "doc_id": u["doc_id"],
                    "outlet": u["outlet"],
                    "frame": f,
                    "kind": kind,
                    "votes": f"{u[f'votes_{f}']}/{u[f'coded_{f}']}",
                    "n_coders": u["n_coders"],
                    "tie": bool(u[f"ties_{f}"]),
                    "weight": weight,
                    "terms": _fmt_terms(counted),
                    "negated_terms": _fmt_terms(negated),
                    "evidence": evidence,
                    "text": texts[u["sentence_id"]],
                }
            )
    table = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    order = {f: i for i, f in enumerate(frames)}
    if len(table):
        table = (
            table.assign(_o=table["frame"].map(order))
            .sort_values(["_o", "kind", "sentence_id"], kind="stable")
            .drop(columns="_o")
        )
    return table.reset_index(drop=True)


def _diagnostics(
    units: pd.DataFrame, frames: list[str], scored: Any
) -> tuple[pd.DataFrame, pd.DataFrame]:
    lex = scored.lexicons
    terms = pd.DataFrame(
        [
            {"layer": t.layer, "label": t.label, "term": t.term, "weight": t.weight}
            for t in lex.terms
        ],
        columns=["layer", "label", "term", "weight"],
    )
    key = ["layer", "label", "term"]
    hits = scored.hits.copy()
    hits["sentence_id"] = sentence_ids(hits) if len(hits) else pd.Series(dtype=str)
    counted = hits[~hits["negated"]]
    g = counted.groupby(key)
    agg = pd.concat(
        {
            "hits": g.size(),
            "sentences": g["sentence_id"].nunique(),
            "negated": hits[hits["negated"]].groupby(key).size(),
        },
        axis=1,
    )
    # hits in coded sentences, and whether the gold rejects them
    u = units.set_index("sentence_id")
    coded = counted[counted["sentence_id"].isin(u.index)].copy()
    rejected = np.zeros(len(coded), dtype=bool)
    has_gold = np.zeros(len(coded), dtype=bool)
    for i, (layer, label, sid, sc) in enumerate(
        zip(coded["layer"], coded["label"], coded["sentence_id"], coded["score"], strict=True)
    ):
        if layer == "frame":
            col = f"gold_{label}"
            if label in frames and col in u.columns and not pd.isna(u.at[sid, col]):
                has_gold[i] = True
                rejected[i] = int(u.at[sid, col]) == 0
        elif layer == "tone" and sc != 0 and not pd.isna(u.at[sid, "human_tone"]):
            has_gold[i] = True
            rejected[i] = float(np.sign(sc)) != float(u.at[sid, "human_tone"])
    coded["_gold"] = has_gold
    coded["_rej"] = rejected
    cg = coded[coded["_gold"]].groupby(key)
    agg["coded_hits"] = cg.size()
    agg["rejected_hits"] = cg["_rej"].sum()
    table = terms.merge(agg.reset_index(), on=key, how="left")
    cov = getattr(scored, "coverage", None)
    if cov is not None and len(cov) and "occurrences" in cov.columns:
        table = table.merge(cov[key + ["occurrences"]].drop_duplicates(key), on=key, how="left")
    else:
        table["occurrences"] = np.nan
    for c in ("hits", "negated", "sentences", "coded_hits", "rejected_hits"):
        table[c] = table[c].fillna(0).astype(np.int64)
    table["occurrences"] = table["occurrences"].astype("Int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        table["rejected_share"] = np.where(
            table["coded_hits"] > 0,
            table["rejected_hits"] / table["coded_hits"].clip(lower=1),
            np.nan,
        )
    table = table[DIAGNOSTIC_COLUMNS]
    silent = table[(table["hits"] == 0) & (table["negated"] == 0)][SILENT_COLUMNS]
    return table.reset_index(drop=True), silent.reset_index(drop=True)


def validate(
    codes: CodesInput,
    scored: Any,
    n_boot: int = 1000,
    seed: int | None = DEFAULT_SEED,
    ci: float = 0.95,
    frames: Sequence[str] | None = None,
    gold_coder: str | None = None,
) -> Validation:
    """Validate the lexicon codes of ``scored`` against human codes.

    Parameters
    ----------
    codes : pandas.DataFrame, str, Path or a sequence of them
        The output of :func:`read_codes`, or what :func:`read_codes` accepts (paths or
        DataFrames of filled sheets).
    scored : Scored
        The scored corpus the sheets were drawn from.
    n_boot : int
        Bootstrap resamples for all CIs (0: no intervals).
    seed : int or None
        Seed of the resampling (same seed, same intervals).
    ci : float
        Coverage of the intervals.
    frames : sequence of str, optional
        Frames to evaluate (default: every frame of ``scored`` that at least one coder
        coded).
    gold_coder : str, optional
        Name of an adjudicating coder whose codes are the gold standard; the default gold
        is the coders' strict majority.

    Returns
    -------
    Validation
        Reliability, agreement, errors, tone, diagnostics and the coded units as tables.

    Raises
    ------
    InputError
        A bad sheet, an unknown or uncoded frame, or an unknown ``gold_coder``.
    """
    if not (isinstance(codes, pd.DataFrame) and codes.attrs.get("framing_codes")):
        codes = read_codes(codes, scored=scored)
    elif not codes.attrs.get("framing_matched"):
        codes = match_codes(codes, scored)
    all_frames = list(scored.frame_ids)
    if frames is None:
        frames = [f for f in all_frames if f in codes.columns and codes[f].notna().any()]
    else:
        frames = list(frames)
        unknown = [f for f in frames if f not in all_frames]
        if unknown:
            raise InputError(f"unknown frame(s) {unknown}; the lexicons have {all_frames}")
        missing = [f for f in frames if f not in codes.columns or codes[f].isna().all()]
        if missing:
            raise InputError(
                f"no coder coded frame(s) {missing}; fill their columns or leave them out"
            )
    if not frames:
        raise InputError("the sheets code none of the frames; fill at least one frame column")
    coders = sorted(codes["coder"].astype(str).unique())
    notes: list[str] = []

    if gold_coder is not None:
        if gold_coder not in coders:
            raise InputError(f"gold coder {gold_coder!r} is not among the coders {coders}")
        rel_codes = codes[codes["coder"] != gold_coder]
    else:
        rel_codes = codes
    reliability = _reliability(rel_codes, frames, n_boot, seed, ci)

    # gold standard per sentence
    order = pd.unique(codes["sentence_id"])
    if gold_coder is None:
        mv = majority_vote(codes, "sentence_id", "coder", frames).set_index("sentence_id")
        gold_rule = "strict majority of the coders (a tie counts as absent)"
        tone_src = codes
    else:
        gc = codes[codes["coder"] == gold_coder]
        mv = majority_vote(gc, "sentence_id", "coder", frames).set_index("sentence_id")
        mv["n_coders"] = codes.groupby("sentence_id").size()
        gold_rule = f"the codes of {gold_coder}"
        tone_src = gc
    coded_n = codes.groupby("sentence_id")[frames].count()
    sents = scored.sentences
    sid = sentence_ids(sents)
    s = sents.set_index(sid)
    first = codes.drop_duplicates("sentence_id").set_index("sentence_id")
    units = pd.DataFrame(index=pd.Index(order, name="sentence_id"))
    units["doc_id"] = first["doc_id"]
    units["outlet"] = first["outlet"]
    units["n_coders"] = codes.groupby("sentence_id").size().astype(np.int64)
    for f in frames:
        units[f"gold_{f}"] = mv[f].reindex(units.index).astype("Int64")
        units[f"votes_{f}"] = mv[f"{f}_votes"].reindex(units.index).fillna(0).astype(np.int64)
        units[f"coded_{f}"] = coded_n[f].reindex(units.index).fillna(0).astype(np.int64)
        units[f"ties_{f}"] = mv[f"{f}_tie"].reindex(units.index).fillna(False).astype(bool)
        units[f"machine_{f}"] = s.loc[units.index, f"frame_{f}"].astype(int).to_numpy()
    tone_groups = tone_src.groupby("sentence_id")["tone"]
    units["human_tone"] = tone_groups.agg(_median_toward_zero).reindex(units.index)

    def _tie(v: pd.Series) -> bool:
        v = v.dropna()
        return bool(len(v)) and v.value_counts().iloc[0] * 2 <= len(v)

    units["tone_tie"] = tone_groups.agg(_tie).reindex(units.index).fillna(False).astype(bool)
    units["machine_tone"] = s.loc[units.index, "tone"].to_numpy(dtype=float)
    units["sentiment"] = s.loc[units.index, "sentiment"].to_numpy(dtype=float)
    model = scored.params.get("sentiment_model")
    if model:  # scored with a retrained model: the shipped model's sentiment beside it
        texts = s.loc[units.index, "text"].astype(str).tolist()
        units["sentiment_shipped"] = np.asarray(snownlp_sentiments(texts), dtype=float)
    units = units.reset_index()

    complete = units[[f"gold_{f}" for f in frames]].notna().all(axis=1)
    if not complete.all():
        notes.append(
            f"{int((~complete).sum())} coded sentence(s) lack a gold code for some frame and are "
            "left out of precision and recall."
        )
    ev = units[complete].set_index("sentence_id")
    gold = pd.DataFrame({f: ev[f"gold_{f}"].astype(int) for f in frames}, index=ev.index)
    pred = pd.DataFrame({f: ev[f"machine_{f}"].astype(int) for f in frames}, index=ev.index)
    agreement = frame_agreement(
        gold, pred, frames, cluster=ev["doc_id"], n_boot=n_boot, seed=seed, confidence=ci
    )
    n_ties = int(units[[f"ties_{f}" for f in frames]].to_numpy().sum())
    if n_ties and gold_coder is None:
        notes.append(
            f"{n_ties} sentence-frame pair(s) are ties between coders and count as absent in "
            "the gold standard; adjudicate them (gold_coder) for a firmer gold standard."
        )
    errors = _errors(units[complete], frames, scored, s["text"])
    model_ids = [f for f in frames if f"model_{f}" in s.columns]
    model_table = None
    if model_ids:  # a trained frame model's codes: measured against the same gold
        for f in model_ids:
            units[f"model_{f}"] = s.loc[units["sentence_id"], f"model_{f}"].astype(int).to_numpy()
        ev_m = units[complete].set_index("sentence_id")
        model_table = model_agreement(gold, ev_m, model_ids, ev["doc_id"], n_boot, seed, ci)
        if "model_trained_on" in s.columns:
            seen = int(s.loc[units.loc[complete, "sentence_id"], "model_trained_on"].astype(bool).sum())
            if seen:
                notes.append(
                    f"{seen} of the {int(complete.sum())} coded sentences were among the frame model's "
                    "training sentences: its figures on them flatter it; validate it on sentences it "
                    "was not trained on."
                )

    h = units.set_index("sentence_id")["human_tone"]
    if h.notna().any():
        by_id = units.set_index("sentence_id")
        if model:
            band = float(model.get("neutral_band", 0.0))
            tone = pd.concat(
                [
                    tone_agreement(h, sentiment=by_id["sentiment_shipped"]).assign(measure="sentiment_shipped"),
                    tone_agreement(h, sentiment=by_id["sentiment"], neutral_band=band).assign(
                        measure="sentiment_retrained"
                    ),
                    tone_agreement(h, tone=by_id["machine_tone"]),
                ],
                ignore_index=True,
            )
        else:
            tone = tone_agreement(h, sentiment=by_id["sentiment"], tone=by_id["machine_tone"])
        if units["tone_tie"].any():
            notes.append(
                f"{int(units['tone_tie'].sum())} sentence(s) have no majority tone; their human "
                "tone is the median rounded towards 0."
            )
    else:
        tone = tone_agreement(pd.Series(dtype=float)).iloc[0:0]
    diagnostics, silent = _diagnostics(units, frames, scored)

    side = None
    if model_table is not None or model:
        side = side_by_side(agreement, model_table, tone)
    units_out = units.drop(columns=[c for f in frames for c in (f"votes_{f}", f"coded_{f}")])
    params = {
        "n_boot": int(n_boot),
        "seed": seed,
        "ci": float(ci),
        "gold_rule": gold_rule,
        "gold_coder": gold_coder,
        "sources": sorted(codes["source"].astype(str).unique()),
        "n_rows": int(len(codes)),
        "n_units": int(len(units)),
        "n_articles": int(units["doc_id"].nunique()),
        "frame_threshold": float(scored.lexicons.threshold),
    }
    if model:
        params["sentiment_model"] = {
            "file": model.get("file"), "sha256": model.get("sha256"), "neutral_band": model.get("neutral_band", 0.0)
        }
    frame_model = scored.params.get("frame_model")
    if model_table is not None and frame_model:
        params["frame_model"] = {"file": frame_model.get("file"), "sha256": frame_model.get("sha256")}
    return Validation(
        reliability=reliability,
        agreement=agreement,
        errors=errors,
        tone=tone,
        diagnostics=diagnostics,
        silent_terms=silent,
        units=units_out,
        frames=frames,
        coders=coders,
        params=params,
        notes=notes,
        model_agreement=model_table,
        side_by_side=side,
    )


def write_validation(
    validation: Validation, folder: str | Path, prefix: str = "validation_"
) -> list[Path]:
    """Deprecated here: :func:`framing.report.validation_md.write_validation` writes the files.

    Parameters
    ----------
    validation, folder, prefix
        As :func:`framing.report.validation_md.write_validation` takes them.

    Returns
    -------
    list of Path
        The paths written.
    """
    warnings.warn(
        "framing.validation.write_validation is deprecated; use "
        "framing.report.validation_md.write_validation (or framing.write_validation)",
        DeprecationWarning,
        stacklevel=2,
    )
    # kept for old callers only: the report layer sits above validation
    from framing.report.validation_md import write_validation as write

    return write(validation, folder, prefix)
