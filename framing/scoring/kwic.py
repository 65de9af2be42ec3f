"""``kwic``: key words in context (as quanteda's ``kwic``), for the hits behind the scores or
any string in the text.

>>> fr.kwic(scored, "threat")            # every cue of the threat frame, in context
>>> fr.kwic(scored, "颠覆", window=15)     # one lexicon term (its hits, negated ones too)
>>> fr.kwic(scored, "Sora|可灵", valuetype="regex")   # any pattern in the sentences
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from framing.errors import InputError

__all__ = ["KWIC_COLUMNS", "kwic"]

KWIC_COLUMNS = [
    "doc_id", "sent_id", "outlet", "outlet_type", "pre", "keyword", "post", "start", "end",
    "layer", "label", "term", "negated", "score", "rule",
]


def kwic(
    scored: Any,
    pattern: str | Sequence[str],
    window: int = 10,
    *,
    valuetype: str = "fixed",
    hits: bool = True,
) -> pd.DataFrame:
    """Key words in context: one row per match, with ``window`` characters on either side.

    Parameters
    ----------
    scored:
        A :class:`framing.Scored` (its ``sentences`` and ``hits``), or a
        :class:`framing.Corpus` (its ``sentences``: text search only).
    pattern:
        A frame id or tone label (``threat``, ``negative``): every lexicon hit of it; a
        lexicon term (``颠覆``, a pattern such as ``降低…成本``): its hits; else a string
        searched in the sentence text (``valuetype="regex"``: a regular expression). A list
        gives the rows of each pattern in turn.
    window:
        Characters of context on each side (Chinese has no spaces to count words by); the
        context stays within the sentence.
    valuetype:
        ``fixed`` (default) or ``regex``, for text search.
    hits:
        Look ``pattern`` up among the lexicon hits first (False: always search the text).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, outlet, pre, keyword, post, start, end`` (offsets in the sentence
        text) and, for lexicon hits, ``layer, label, term, negated, score, rule`` (empty for
        text matches), plus the researcher's own columns of the sentences (docvars).

    Raises
    ------
    InputError
        For an unknown ``valuetype``, a ``window`` that is not a whole number of characters,
        an object without a sentences table, or an empty pattern.
    """
    if valuetype not in ("fixed", "regex"):
        raise InputError(f"valuetype={valuetype!r}: use 'fixed' or 'regex'")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise InputError(f"window={window!r}: a whole number of characters, e.g. window=10")
    sentences = getattr(scored, "sentences", None)
    if not isinstance(sentences, pd.DataFrame) or "text" not in sentences:
        raise InputError("kwic() needs a scored object or corpus with a .sentences table holding text")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or any(not isinstance(p, str) or not p for p in patterns):
        raise InputError("kwic() needs a non-empty pattern, e.g. kwic(scored, '颠覆')")
    table = getattr(scored, "hits", None) if hits else None
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    rows: list[dict[str, Any]] = []
    for pat in patterns:
        found = _from_hits(table, pat) if isinstance(table, pd.DataFrame) and len(table) else None
        if found is not None and len(found):
            for h in found.itertuples(index=False):
                sent = str(text.get((h.doc_id, h.sent_id), ""))
                rows.append(_row(h.doc_id, h.sent_id, sent, int(h.start), int(h.end), window, {
                    "layer": h.layer, "label": h.label, "term": h.term, "negated": bool(h.negated),
                    "score": getattr(h, "score", float("nan")), "rule": getattr(h, "rule", ""),
                }))
            continue
        rx = re.compile(pat if valuetype == "regex" else re.escape(pat))
        for (doc_id, sent_id), sent in text.items():
            for m in rx.finditer(str(sent)):
                if m.end() > m.start():
                    rows.append(_row(doc_id, sent_id, str(sent), m.start(), m.end(), window, {}))
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    extra = [c for c in sentences.columns if c not in {"doc_id", "sent_id", "text"} and _is_docvar(c, sentences)]
    if extra and len(out):
        keyed = sentences.set_index(["doc_id", "sent_id"])[extra]
        idx = pd.MultiIndex.from_frame(out[["doc_id", "sent_id"]])
        for c in extra:
            out[c] = keyed[c].reindex(idx).to_numpy()
    for col in ("outlet", "outlet_type"):
        if col in sentences and len(out):
            out[col] = sentences.set_index(["doc_id", "sent_id"])[col].reindex(
                pd.MultiIndex.from_frame(out[["doc_id", "sent_id"]])
            ).to_numpy()
    return out


def _from_hits(table: pd.DataFrame, pattern: str) -> pd.DataFrame | None:
    if "label" in table and (table["label"] == pattern).any():
        return table[table["label"] == pattern]
    if "term" in table and (table["term"] == pattern).any():
        return table[table["term"] == pattern]
    return None


def _row(doc_id: Any, sent_id: Any, sent: str, start: int, end: int, window: int, extra: dict) -> dict:
    return {
        "doc_id": doc_id, "sent_id": sent_id, "outlet": "", "outlet_type": "",
        "pre": sent[max(0, start - window):start], "keyword": sent[start:end],
        "post": sent[end:end + window], "start": start, "end": end,
        "layer": "", "label": "", "term": "", "negated": False, "score": float("nan"), "rule": "",
        **extra,
    }


def _is_docvar(column: str, sentences: pd.DataFrame) -> bool:
    """The researcher's own columns (after the corpus columns, before the scores)."""
    from framing.corpus.model import SENTENCE_COLUMNS, docvar_name

    return column not in SENTENCE_COLUMNS and docvar_name(column) == column or column.startswith("given_")
