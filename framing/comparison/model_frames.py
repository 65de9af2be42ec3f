"""The frame comparisons for a trained frame model's codes, beside the dictionary's.

When the scored sentences carry ``model_<id>`` columns (``framing run --model``,
:func:`framing.scoring.frame_model.apply_frame_model`), :func:`framing.compare` repeats the
frame tests on them: the same tests as for the dictionary's ``frame_<id>``, on the same
analysed sentences and articles, as rows of the ``tests`` table whose ``analysis`` ends in
``_model`` (``frame_chi2_model``: chi-square of sentences; ``frame_article_model``:
Kruskal-Wallis of the articles' shares, when the article is the unit), each its own family
for the Benjamini-Hochberg adjustment, and a table of the shares per group
(``model_frames_by_<by>``, the columns of ``frames_by_<by>``; ``hits`` and the rate are
empty: a model has no cue hits). A paper can so report the frame differences by either
measure, each with its validation.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from framing.comparison.common import Analysed
from framing.comparison.frames import frame_article_row, frame_chi2_row, frames_table

__all__ = ["MODEL_SUFFIX", "model_frame_rows", "model_frames_table"]

MODEL_SUFFIX = "_model"


def _model_context(analysed: Analysed, frames: Sequence[str]) -> Analysed:
    """The analysed sentences with the model's codes in place of the dictionary's."""
    s = analysed.sentences
    swapped = s.assign(**{f"frame_{f}": s[f"model_{f}"].fillna(0).astype(bool) for f in frames})
    swapped = swapped.drop(columns=[f"hits_{f}" for f in frames if f"hits_{f}" in swapped.columns])
    return dataclasses.replace(analysed, sentences=swapped, frame_ids=list(frames))


def model_frame_rows(analysed: Analysed, frames: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of the tests table for the model's codes.

    Parameters
    ----------
    analysed:
        The analysed sentences, with ``model_<id>`` columns.
    frames:
        The modelled frame ids.

    Returns
    -------
    list of dict
        ``frame_chi2_model`` per frame and, when the article is the unit,
        ``frame_article_model``.
    """
    mctx = _model_context(analysed, frames)
    rows = []
    for f in frames:
        row, _ = frame_chi2_row(mctx, f)
        rows.append({**row, "analysis": "frame_chi2" + MODEL_SUFFIX})
    if mctx.unit == "article":
        for f in frames:
            row, _ = frame_article_row(mctx, f)
            rows.append({**row, "analysis": "frame_article" + MODEL_SUFFIX})
    return rows


def model_frames_table(analysed: Analysed, frames: Sequence[str]) -> pd.DataFrame:
    """Share of sentences the model codes with each frame, per group (Wilson intervals).

    Parameters
    ----------
    analysed, frames:
        As in :func:`model_frame_rows`.

    Returns
    -------
    pandas.DataFrame
        The columns of the dictionary's frames table, ``hits`` and its rate empty.
    """
    table = frames_table(_model_context(analysed, frames))
    table["hits"] = math.nan
    table["hits_per_1k_tokens"] = math.nan
    return table
