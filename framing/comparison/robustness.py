"""Robustness of the frame tests: does the decision (p < alpha) hold when one frame term is
dropped, when some groups (the web repost) are left out, and with or without the duplicates?

Each scenario is re-tested at the unit of the main frame test: the article-level test
(Kruskal-Wallis, effect eta^2_H) when every group has two articles or more, else the
sentence-level chi-square (effect V). Columns of the table: :data:`ROBUSTNESS_COLUMNS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from framing.comparison.common import Analysed, Selected, join_notes
from framing.comparison.frames import FrameTest, article_frame_test, presence_test

__all__ = [
    "ROBUSTNESS_COLUMNS",
    "RobustnessOptions",
    "counted_frame_hits",
    "presence_from_hits",
    "robustness_table",
]

ROBUSTNESS_COLUMNS: list[str] = [
    "frame",
    "scenario",
    "unit",
    "dropped",
    "n",
    "statistic",
    "p",
    "effect",
    "baseline_p",
    "baseline_effect",
    "change",
    "same_decision",
    "n_variants",
    "worst_p",
    "note",
]


@dataclass(frozen=True)
class RobustnessOptions:
    """What the robustness table re-tests.

    Parameters
    ----------
    run:
        Compute the table at all.
    drop_groups:
        Groups (matched on ``<by>``, ``outlet`` or ``outlet_id``) left out in the
        ``without_outlets`` scenario.
    frame_threshold:
        Weight a sentence's counted cues of a frame must reach for the frame to be present
        when presence is rebuilt from the hits (None: the scorer's).
    """

    run: bool = True
    drop_groups: Sequence[str] = ("web repost", "web_repost")
    frame_threshold: float | None = None


def counted_frame_hits(hits: Any, sentences: pd.DataFrame) -> pd.DataFrame | None:
    """The frame hits that count towards presence, with the weight each adds.

    Parameters
    ----------
    hits:
        The hits table of the scorer (``doc_id, sent_id, layer, label, term`` and optionally
        ``negated, excluded, blocked, counted, score, weight``), or None.
    sentences:
        The sentences whose hits are kept.

    Returns
    -------
    pandas.DataFrame or None
        Counted frame hits with a ``weight`` column (the ``score`` when given); None without
        a usable hits table.
    """
    if not isinstance(hits, pd.DataFrame) or hits.empty:
        return None
    need = {"doc_id", "sent_id", "layer", "label", "term"}
    if not need <= set(hits.columns):
        return None
    h = hits[hits["layer"].astype(str) == "frame"]
    if "negated" in h:
        h = h[~h["negated"].fillna(False).astype(bool)]
    for flag in ("excluded", "blocked"):
        if flag in h:
            h = h[~h[flag].fillna(False).astype(bool)]
    if "counted" in h:
        h = h[h["counted"].fillna(True).astype(bool)]
    # ``score`` (what a match adds to its frame) when the scorer gives it, else the weight
    if "score" in h:
        h = h.assign(weight=h["score"].astype(float))
    else:
        h = h.assign(weight=h["weight"].astype(float) if "weight" in h else 1.0)
    keys = sentences[["doc_id", "sent_id"]].drop_duplicates()
    return h.merge(keys, on=["doc_id", "sent_id"], how="inner")


def presence_from_hits(
    hits: pd.DataFrame, sentences: pd.DataFrame, frame: str, threshold: float, drop: str | None
) -> np.ndarray:
    """A frame's presence in each sentence rebuilt from the counted hits.

    Parameters
    ----------
    hits:
        :func:`counted_frame_hits`.
    sentences:
        The sentences (``doc_id, sent_id``), in the order of the result.
    frame:
        The frame id.
    threshold:
        The weight the hits must reach.
    drop:
        A term whose hits are left out, or None.

    Returns
    -------
    numpy.ndarray
        Booleans.
    """
    h = hits[hits["label"] == frame]
    if drop is not None:
        h = h[h["term"] != drop]
    weight = h.groupby(["doc_id", "sent_id"])["weight"].sum()
    idx = pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]])
    return (weight.reindex(idx).fillna(0.0).to_numpy() >= threshold - 1e-9).astype(bool)


def _decision(p: float, alpha: float) -> bool | None:
    return None if not np.isfinite(p) else bool(p < alpha)


def _robust_row(
    frame: str,
    scenario: str,
    unit: str,
    dropped: str,
    res: FrameTest,
    baseline: FrameTest,
    alpha: float,
    *,
    n_variants: int = 1,
    same: bool | None = None,
    worst_p: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    if same is None:
        same = _decision(res.p, alpha) == _decision(baseline.p, alpha)
    return dict(
        frame=frame,
        scenario=scenario,
        unit=unit,
        dropped=dropped,
        n=res.n,
        statistic=res.statistic,
        p=res.p,
        effect=res.effect,
        baseline_p=baseline.p,
        baseline_effect=baseline.effect,
        change=res.effect - baseline.effect,
        same_decision=same,
        n_variants=n_variants,
        worst_p=res.p if worst_p is None else worst_p,
        note=join_notes(res.note, note),
    )


class _Retest:
    """The main frame test of the comparison, on other sentences (a scenario)."""

    def __init__(self, analysed: Analysed) -> None:
        self.analysed = analysed

    def __call__(self, present: np.ndarray, frame: pd.DataFrame, key: tuple) -> FrameTest:
        a = self.analysed
        groups = frame[a.by].to_numpy()
        levels = [g for g in a.levels if g in set(groups)]
        levels += [g for g in dict.fromkeys(groups.tolist()) if g not in levels]
        if a.unit == "article":
            return article_frame_test(present, groups, frame["doc_id"].to_numpy(), levels, a.alpha)
        return presence_test(a, present, groups, levels, key=key, with_ci=False)


def _drop_term_row(
    analysed: Analysed, test: _Retest, counted: pd.DataFrame, frame: str, b: FrameTest,
    threshold: float,
) -> dict[str, Any]:
    """The ``drop_term`` scenario of one frame: each of its terms removed in turn."""
    unit, alpha, s = analysed.unit, analysed.alpha, analysed.sentences
    effect_word = "eta^2_H" if unit == "article" else "V"
    terms = sorted(set(counted.loc[counted["label"] == frame, "term"]))
    full = presence_from_hits(counted, s, frame, threshold, None)
    mismatch = int((full != analysed.present(frame)).sum())
    ref = test(full, s, ("robust_full", frame)) if mismatch else b
    recon = (
        f"presence rebuilt from hits differs from frame_{frame} in {mismatch} sentences; "
        "changes are measured against the rebuilt presence"
        if mismatch
        else ""
    )
    if not terms:
        return _robust_row(
            frame, "drop_term", unit, "", ref, b, alpha, n_variants=0, note="no frame hits"
        )
    variants = []
    for t in terms:
        pres = presence_from_hits(counted, s, frame, threshold, t)
        variants.append((t, test(pres, s, ("drop", frame, t))))
    ps = [v.p for _, v in variants]
    decisions = {_decision(p, alpha) for p in ps}
    same = decisions == {_decision(ref.p, alpha)}

    def influence(item: tuple[str, FrameTest]) -> tuple[float, float]:
        # Towards the opposite decision: a larger p when the baseline is significant, a
        # smaller p when it is not; ties by the change in effect.
        v = item[1]
        if not np.isfinite(v.p):
            return (math.inf, math.inf)
        toward = v.p - ref.p if ref.p < alpha else ref.p - v.p
        de = abs(v.effect - ref.effect) if np.isfinite(v.effect) else math.inf
        return (toward, de)

    term, worst = max(variants, key=influence)
    finite = [p for p in ps if np.isfinite(p)]
    row = _robust_row(
        frame, "drop_term", unit, term, worst, b, alpha,
        n_variants=len(variants),
        same=same,
        worst_p=max(finite) if finite else math.nan,
        note=join_notes(
            recon,
            f"most influential of {len(variants)} terms: {term} "
            f"({effect_word} {ref.effect:.3f} -> {worst.effect:.3f})",
        ),
    )
    if mismatch:
        row["baseline_p"], row["baseline_effect"] = ref.p, ref.effect
        row["change"] = worst.effect - ref.effect
    return row


def robustness_table(
    analysed: Analysed,
    baseline: dict[str, FrameTest],
    selected: Selected,
    options: RobustnessOptions,
    *,
    hits: Any,
    threshold: float,
    bar: Any = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The robustness table and the notes of the scenarios skipped.

    Parameters
    ----------
    analysed:
        The analysed sentences.
    baseline:
        Frame id -> the main frame test (article-level when the article is the unit).
    selected:
        The selection (its ``base`` and duplicates give the duplicates scenario).
    options:
        The groups of the ``without_outlets`` scenario.
    hits:
        The hits table (the ``drop_term`` scenario is skipped without one).
    threshold:
        The frame threshold presence is rebuilt with.
    bar:
        A progress bar, advanced once per frame.

    Returns
    -------
    tuple
        The table (:data:`ROBUSTNESS_COLUMNS`) and notes.
    """
    unit, alpha, s, by = analysed.unit, analysed.alpha, analysed.sentences, analysed.by
    test = _Retest(analysed)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    counted = counted_frame_hits(hits, s)
    drop_groups = options.drop_groups
    # which groups the "without" scenario leaves out (the web repost), if any is here
    drop_mask = pd.Series(False, index=s.index)
    for col in dict.fromkeys([by, "outlet", "outlet_id"]):
        if col in s:
            drop_mask |= s[col].astype(str).isin([str(g) for g in drop_groups])
    if drop_groups and not drop_mask.any():
        notes.append(
            f"robustness: no article of {', '.join(map(str, drop_groups))} among the analysed "
            "ones, so the scenario without them was skipped"
        )
    base = selected.base
    dup_in_base = base["doc_id"].isin(selected.duplicates)
    for f in analysed.frame_ids:
        b = baseline[f]
        # 1. drop each frame term in turn, presence recomputed from the hits
        if counted is None:
            rows.append(
                _robust_row(
                    f, "drop_term", unit, "", b, b, alpha, n_variants=0,
                    note="no hits table: skipped",
                )
            )
        else:
            rows.append(_drop_term_row(analysed, test, counted, f, b, threshold))
        # 2. without some groups (the web repost): skipped when none is here
        if drop_mask.any():
            label = ", ".join(map(str, dict.fromkeys(s.loc[drop_mask, by])))
            kept = s[~drop_mask.to_numpy()]
            res = test(analysed.present(f, kept), kept, ("without", f))
            rows.append(_robust_row(f, "without_outlets", unit, label, res, b, alpha))
        # 3. with (or without) the duplicates
        if dup_in_base.any():
            other = base[~dup_in_base] if selected.selection.include_duplicates else base
            other = other.dropna(subset=[by])
            res = test(analysed.present(f, other), other, ("duplicates", f))
            scenario = "without_duplicates" if selected.selection.include_duplicates else "with_duplicates"
            dropped = f"{int(base.loc[dup_in_base, 'doc_id'].nunique())} duplicate article(s)"
            rows.append(_robust_row(f, scenario, unit, dropped, res, b, alpha))
        if bar is not None:
            bar.update(1)
    return pd.DataFrame(rows, columns=ROBUSTNESS_COLUMNS), notes
