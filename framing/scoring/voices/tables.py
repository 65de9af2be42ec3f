"""The voice tables: ``voices`` (one row per sentence) and ``sources`` (one per speaker per
article), from the records of :func:`~framing.scoring.voices.attribute.article_voices`.

:func:`attribute_voices` does it all for a sentences table; the scoring pipeline calls
:func:`article_voices` per article (cached) and :func:`assemble_voices` once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicons.speaker_rules import load_source_lexicon
from framing.scoring.voices.attribute import VoiceRow, article_voices

__all__ = [
    "SOURCE_COLUMNS",
    "VOICE_COLUMNS",
    "article_positions",
    "article_rows",
    "assemble_voices",
    "attribute_voices",
    "voice_row",
]

VOICE_COLUMNS: list[str] = ["voice", "speaker_id", "speaker", "speaker_role", "voice_evidence"]
"""The columns of the ``voices`` table (joined to the sentences)."""
SOURCE_COLUMNS: list[str] = [
    "doc_id",
    "outlet",
    "outlet_id",
    "speaker_id",
    "speaker",
    "kind",
    "title",
    "role",
    "role_evidence",
    "evidence",
    "first_sent",
    "n_sentences",
    "mentions",
    "frames",
]
"""The first columns of the ``sources`` table (``n_<frame>`` per frame follow)."""


def voice_row(sent_id: Any, text: Any, start: Any, end: Any, headline: Any) -> VoiceRow:
    """One entry of the ``rows`` of :func:`article_voices`, from a sentence's cells.

    Parameters
    ----------
    sent_id, text, start, end, headline : Any
        The sentence's ``sent_id``, ``text``, ``start``, ``end`` and ``is_headline``.

    Returns
    -------
    VoiceRow
        ``(sent_id, text, start, end, is_headline)`` as int, str, int or None (a missing
        offset: None or NaN), int or None, and bool.
    """
    return (
        int(sent_id),
        str(text),
        None if start is None or start != start else int(start),
        None if end is None or end != end else int(end),
        bool(headline),
    )


def article_rows(group: pd.DataFrame) -> list[VoiceRow]:
    """The ``rows`` argument of :func:`article_voices` from sentence rows.

    Parameters
    ----------
    group : DataFrame
        Sentences with ``sent_id, text`` and, when known, ``start, end, is_headline``.

    Returns
    -------
    list of VoiceRow
        One :func:`voice_row` per row, in the rows' order.
    """
    n = len(group)
    starts = group["start"].tolist() if "start" in group else [None] * n
    ends = group["end"].tolist() if "end" in group else [None] * n
    heads = group["is_headline"].tolist() if "is_headline" in group else [False] * n
    return [
        voice_row(*r)
        for r in zip(group["sent_id"].tolist(), group["text"].tolist(), starts, ends, heads, strict=True)
    ]


def article_positions(order: pd.DataFrame) -> list[tuple[Any, np.ndarray]]:
    """The rows of each article: the groups of ``order.groupby("doc_id", sort=False)``.

    Parameters
    ----------
    order : DataFrame
        Sentences with a ``doc_id`` column.

    Returns
    -------
    list of (doc_id, ndarray)
        Per article in order of first appearance, its doc_id and the positions of its rows
        in ``order``; rows without a doc_id are left out, as groupby leaves them out. No
        frame is built per article.
    """
    codes, uniques = pd.factorize(order["doc_id"], sort=False)
    by_code = np.argsort(codes, kind="stable")  # missing ids (-1) first, rows kept in order
    bounds = np.searchsorted(codes[by_code], np.arange(len(uniques) + 1))
    keys = pd.Index(uniques)  # iterated, like groupby's keys (Python scalars for numpy dtypes)
    return [(key, by_code[bounds[k] : bounds[k + 1]]) for k, key in enumerate(keys)]


def assemble_voices(
    sentences: pd.DataFrame, records: dict[str, dict[str, list]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``voices`` and ``sources`` tables from the records of the articles.

    Parameters
    ----------
    sentences : DataFrame
        The sentences (``doc_id, sent_id`` and, when present, ``outlet, outlet_id`` and the
        ``frame_<id>`` columns).
    records : dict of str to dict
        The :func:`article_voices` record of every article, by doc_id (as str); each
        record's positions count the article's sentences sorted by sent_id.

    Returns
    -------
    (voices, sources) : tuple of DataFrame
        As :func:`attribute_voices` returns them.
    """
    frame_cols = [c for c in sentences.columns if c.startswith("frame_")]
    frame_ids = [c[len("frame_") :] for c in frame_cols]
    n = len(sentences)
    voice = ["journalist"] * n
    speaker_id = [""] * n
    speaker = [""] * n
    speaker_role = [""] * n
    evidence = [""] * n
    flags = sentences[frame_cols].fillna(False).astype(bool).to_numpy() if frame_cols else None
    order = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    positions = pd.Series(range(n), index=sentences.index)
    row_of = None  # the row number of each row of order (with repeated labels: per article)
    if sentences.index.is_unique:
        row_of = sentences.index.get_indexer(order.index)
    sent_ids = sentences["sent_id"].to_numpy()
    outlets = order["outlet"] if "outlet" in sentences else None
    outlet_ids = order["outlet_id"] if "outlet_id" in sentences else None
    speaker_rows: list[list] = []
    for doc_id, at_order in article_positions(order):
        rec = records[str(doc_id)]
        if row_of is not None:  # article position -> row number
            rows = row_of[at_order]
        else:
            rows = positions.loc[order.index[at_order]].to_numpy()
        first = int(at_order[0])
        for pos, key, name, role, ev in rec["v"]:
            r = rows[pos]
            voice[r], speaker_id[r], speaker[r], speaker_role[r], evidence[r] = (
                "source", key, name, role, ev
            )
        outlet = outlets.iloc[first] if outlets is not None else ""
        outlet_id = outlet_ids.iloc[first] if outlet_ids is not None else ""
        for key, name, kind, title, role, role_ev, ev, mentions, where in rec["s"]:
            at = rows[where]
            counts = [int(c) for c in flags[at].sum(axis=0)] if flags is not None else []
            frames = "; ".join(
                f"{frame_ids[k]}:{c}"
                for k, c in sorted(enumerate(counts), key=lambda t: (-t[1], t[0]))
                if c
            )
            speaker_rows.append(
                [doc_id, outlet, outlet_id, key, name, kind, title, role, role_ev, ev,
                 int(sent_ids[at].min()), len(where), mentions, frames, *counts]
            )
    voices = pd.DataFrame(
        {
            "voice": voice,
            "speaker_id": speaker_id,
            "speaker": speaker,
            "speaker_role": speaker_role,
            "voice_evidence": evidence,
        },
        index=sentences.index,
        dtype=object,
    )
    columns = SOURCE_COLUMNS + [f"n_{f}" for f in frame_ids]
    speaker_table = pd.DataFrame(speaker_rows, columns=columns)
    if len(speaker_table):
        speaker_table = speaker_table.sort_values(["doc_id", "first_sent", "speaker_id"], kind="stable")
        speaker_table = speaker_table.reset_index(drop=True)
    for c in ("first_sent", "n_sentences", *[f"n_{f}" for f in frame_ids]):
        speaker_table[c] = speaker_table[c].astype("int64")
    return voices, speaker_table


def attribute_voices(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    lexicon_path: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who voices each sentence: the journalist or a source, and the sources of each article.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence with ``doc_id, sent_id, text`` and, if available,
        ``is_headline``, ``start``/``end`` (offsets into the article's clean text), ``outlet``,
        ``outlet_id`` and ``frame_<id>`` (bool) columns.
    documents : DataFrame, optional
        ``doc_id, text`` (the clean article text the offsets point into). Without it, or
        when offsets are missing, the article is rebuilt from its sentences, one a line.
    lexicon_path : str or Path, optional
        A ``sources.toml`` to use instead of the bundled one.

    Returns
    -------
    (voices, sources) : tuple of DataFrame
        ``voices`` has the columns :data:`VOICE_COLUMNS` and the index of ``sentences``;
        ``sources`` one row per speaker per article (columns :data:`SOURCE_COLUMNS` plus
        ``n_<frame>`` per frame). See :mod:`framing.scoring.voices` for every column.

    Raises
    ------
    LexiconError
        When ``lexicon_path`` (or the bundled file) has a problem.
    ValueError
        When ``sentences`` lacks ``doc_id``, ``sent_id`` or ``text``.
    """
    lex = load_source_lexicon(lexicon_path)
    need = [c for c in ("doc_id", "sent_id", "text") if c not in sentences]
    if need:
        raise ValueError(f"attribute_voices needs sentence column(s) {', '.join(need)}")
    doc_text: dict[str, str] = {}
    if documents is not None and "text" in documents and "doc_id" in documents:
        doc_text = {
            str(d): t
            for d, t in zip(documents["doc_id"], documents["text"], strict=False)
            if isinstance(t, str)
        }
    order = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    rows = article_rows(order)  # all articles at once, then split
    records = {
        str(doc_id): article_voices([rows[p] for p in at], doc_text.get(str(doc_id)), lex)
        for doc_id, at in article_positions(order)
    }
    return assemble_voices(sentences, records)

