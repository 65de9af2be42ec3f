"""What a plot draws, taken from the object it is given: a :class:`framing.Comparison`, a
:class:`framing.Scored` (with the comparison that says which sentences were analysed), or
one of their tables; the group column, the groups, the frames and their labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from framing.errors import InputError

__all__ = [
    "analysed_sentences", "comparison_table", "frame_labels", "groups_of", "sentence_data",
    "sentence_frames", "voice_table",
]


def _attr(obj: Any, name: str) -> Any:
    """``obj.name`` of a result object; None for a table (whose columns are attributes too)."""
    return None if isinstance(obj, pd.DataFrame) else getattr(obj, name, None)


def analysed_sentences(scored: Any, comparison: Any) -> pd.DataFrame:
    """The sentences a comparison analysed, with its group column.

    Parameters
    ----------
    scored
        A :class:`framing.Scored`.
    comparison
        The :class:`framing.Comparison` made from it.

    Returns
    -------
    pandas.DataFrame
        The rows of ``scored.sentences`` whose articles the comparison analysed, with the
        column ``comparison.by`` set to each article's group.
    """
    articles = _attr(comparison, "articles")
    if articles is None:  # a comparison made before articles were recorded
        docs = scored.documents
        keep = docs["status"] == "included"
        if not comparison.params.get("include_duplicates", False) and "duplicate_of" in docs:
            keep &= docs["duplicate_of"].fillna("") == ""
        return scored.sentences[scored.sentences["doc_id"].isin(set(docs.loc[keep, "doc_id"]))]
    s = scored.sentences
    s = s[s["doc_id"].isin(set(articles.index))]
    return s.assign(**{comparison.by: s["doc_id"].map(articles)})


def comparison_table(data: Any, name: str, by: str | None = None) -> tuple[pd.DataFrame, str]:
    """One table of a comparison, and its group column.

    Parameters
    ----------
    data
        A :class:`framing.Comparison` (its table ``name``) or the table itself.
    name
        The table: ``frames``, ``residuals`` or ``keyness``.
    by
        The group column (default: the comparison's ``by``, else the table's first column).

    Returns
    -------
    tuple
        ``(table, by)``.
    """
    table = data if isinstance(data, pd.DataFrame) else getattr(data, name)
    return table, by or _attr(data, "by") or str(table.columns[0])


def voice_table(data: Any, by: str | None = None) -> tuple[pd.DataFrame, str]:
    """The frames-by-voice table, and its group column.

    Parameters
    ----------
    data
        A :class:`framing.Comparison` (its ``voices``), a
        :class:`framing.comparison.voices.VoiceComparison`, or its ``frames_by_voice`` table.
    by
        The group column (default: the comparison's ``by``, else the table's first column).

    Returns
    -------
    tuple
        ``(frames_by_voice, by)``.

    Raises
    ------
    InputError
        The comparison has no voice tables.
    """
    if not isinstance(data, pd.DataFrame):
        voices = getattr(data, "voices", data)  # a Comparison holds its VoiceComparison
        if voices is None:
            raise InputError(
                "this comparison has no voice tables (comparison.voices is None); fix: compare "
                "sentences scored with voices (journalist or source)"
            )
        by = by or _attr(data, "by")
        data = voices.frames_by_voice
    return data, by or str(data.columns[0])


def groups_of(data: Any, table: pd.DataFrame, by: str, groups: Sequence[Any] | None = None) -> list[Any]:
    """The groups to draw, in order.

    Parameters
    ----------
    data
        The object given to the plot (a comparison's ``groups`` are used when it has them).
    table
        The table drawn (its order of groups otherwise).
    by
        The group column of ``table``.
    groups
        The groups, given (wins).

    Returns
    -------
    list
    """
    if groups is not None:
        return list(groups)
    own = _attr(data, "groups")
    if own:
        return list(own)
    return list(dict.fromkeys(table[by].dropna()))


def frame_labels(*sources: Any, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Frame id -> label on the figure.

    Parameters
    ----------
    *sources
        Objects whose labels to use, later ones winning: a :class:`framing.Scored` (its
        lexicons' ``label_zh label_en``), a :class:`framing.Comparison` (its
        ``frame_labels``), a table or None (no labels).
    labels
        Labels given (win over all).

    Returns
    -------
    dict
    """
    out: dict[str, str] = {}
    for source in sources:
        lexicons = _attr(source, "lexicons")
        if lexicons is not None:
            out |= {f.id: f"{f.label_zh} {f.label_en}" for f in lexicons.frames}
        own = _attr(source, "frame_labels")
        if own:
            out |= dict(own)
    return out | dict(labels or {})


def sentence_data(
    data: Any,
    comparison: Any = None,
    by: str | None = None,
    groups: Sequence[Any] | None = None,
) -> tuple[pd.DataFrame, str, list[Any]]:
    """The sentences to draw, their group column and the groups.

    Parameters
    ----------
    data
        A :class:`framing.Scored` or a sentences table (with the group column).
    comparison
        The :class:`framing.Comparison`: its analysed sentences (of a ``Scored``), its
        ``by`` and its groups. Without it, every sentence, grouped by ``by``.
    by
        The group column (default: the comparison's, else ``outlet``).
    groups
        The groups, in order (default: the comparison's, else as they come).

    Returns
    -------
    tuple
        ``(sentences, by, groups)``.
    """
    if isinstance(data, pd.DataFrame):
        sentences = data
    elif comparison is not None:
        sentences = analysed_sentences(data, comparison)
    else:
        sentences = data.sentences
    by = by or _attr(comparison, "by") or "outlet"
    return sentences, by, groups_of(comparison, sentences, by, groups)


def sentence_frames(data: Any, comparison: Any, sentences: pd.DataFrame,
                    frames: Sequence[str] | None = None) -> list[str]:
    """The frame ids to draw from a sentences table.

    Parameters
    ----------
    data
        A :class:`framing.Scored` (its ``frame_ids``) or a sentences table.
    comparison
        A :class:`framing.Comparison` or None (its frames, in order).
    sentences
        The sentences: ``frame_<id>`` columns with a ``hits_<id>`` beside them are frames.
    frames
        The frame ids, given (wins).

    Returns
    -------
    list of str
    """
    if frames is not None:
        return list(frames)
    if _attr(data, "frame_ids") is not None:
        return list(data.frame_ids)
    if comparison is not None:
        return list(dict.fromkeys(comparison.frames["frame"]))
    return [c[5:] for c in sentences.columns if c.startswith("hits_") and f"frame_{c[5:]}" in sentences]
