"""Readable evidence: every sentence with its frames, tone, sentiment and marked terms.

Each matched term is marked in place as ``【term|labels】``: frame ids for frame cues, a
signed number for tone words (their contribution to the sentence tone), ``¬`` before a
label whose cue was blocked, followed by the blocking word (``【威胁|¬threat ¬+0.5 ⟵并非】``).
Overlapping matches are marked once with all their labels.
"""

from __future__ import annotations

import math

import pandas as pd

from framing.scoring.pipeline import Scored

__all__ = ["explain"]

_BOLD, _DIM, _RESET, _YELLOW, _CYAN = "\033[1m", "\033[2m", "\033[0m", "\033[33m", "\033[36m"


def _fmt(x: float, digits: int = 2, signed: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def _label(h: pd.Series) -> str:
    text = h["label"] if h["layer"] == "frame" else f"{h['score']:+g}"
    return ("¬" + text) if h["negated"] else text


def mark(text: str, hits: pd.DataFrame, color: bool = False) -> str:
    """``text`` with every hit marked as ``【term|labels】`` (see the module docstring).

    Parameters
    ----------
    text : str
        The sentence.
    hits : pandas.DataFrame
        Its hits (``start, end, term, label, negated`` ...).
    color : bool
        Add ANSI colours (frame cues yellow, tone words cyan, blocked cues dim).

    Returns
    -------
    str
    """
    if hits.empty:
        return text
    spans = sorted(
        zip(hits["start"], hits["end"], range(len(hits)), strict=True), key=lambda s: (s[0], -s[1])
    )
    groups: list[list[int]] = []  # [start, end, row indices...]
    for start, end, i in spans:
        if groups and start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1].append(i)
        else:
            groups.append([start, end, i])
    out, pos = [], 0
    for g in groups:
        start, end, rows = g[0], g[1], g[2:]
        out.append(text[pos:start])
        sub = hits.iloc[rows]
        labels = " ".join(dict.fromkeys(_label(h) for _, h in sub.iterrows()))
        blockers = [b for b in dict.fromkeys(sub["blocked_by"]) if b]
        if blockers:
            labels += " ⟵" + ",".join(blockers)
        piece = f"【{text[start:end]}|{labels}】"
        if color:
            tint = (
                _DIM
                if sub["negated"].all()
                else (_YELLOW if (sub["layer"] == "frame").any() else _CYAN)
            )
            piece = f"{tint}{piece}{_RESET}"
        out.append(piece)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def explain(scored: Scored, doc_id: str | None = None, *, color: bool = False) -> str:
    """Terminal text for one document (``doc_id``) or all scored documents.

    For each document: outlet, counts, the share of sentences per frame, dominant frame,
    mean tone and sentiment; then each sentence with its frames, tone, snownlp sentiment and
    the evidence terms marked in context.

    Parameters
    ----------
    scored : Scored
        The scored corpus.
    doc_id : str, optional
        The document (default: every scored document).
    color : bool
        Add ANSI colours (frame cues yellow, tone words cyan, blocked cues dim).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        When ``doc_id`` names no scored document.
    """
    docs = scored.documents
    docs = docs[docs["doc_id"].isin(scored.sentences["doc_id"].unique())]
    if doc_id is not None:
        if doc_id not in set(scored.documents["doc_id"]):
            known = ", ".join(scored.documents["doc_id"].astype(str).head(10))
            raise KeyError(f"no document '{doc_id}'; known: {known}")
        docs = docs[docs["doc_id"] == doc_id]
        if docs.empty:
            return f"{doc_id}: not scored (status excluded)\n"
    hits_by_sent = {k: g for k, g in scored.hits.groupby(["doc_id", "sent_id"], sort=False)}
    bold = (lambda s: f"{_BOLD}{s}{_RESET}") if color else (lambda s: s)
    lines: list[str] = []
    for _, d in docs.iterrows():
        sents = scored.sentences[scored.sentences["doc_id"] == d["doc_id"]]
        outlet = d.get("outlet", "") or "unknown outlet"
        title = d.get("title", "") or ""
        lines.append(bold(f"══ {d['doc_id']} · {outlet}" + (f" · {title}" if title else "")))
        lines.append(
            f"   {len(sents)} sentences · {int(d['n_tokens'])} tokens · dominant frame: "
            f"{d['dominant_frame'] or 'none'} · mean tone {_fmt(d['mean_tone'], signed=True)}"
            f" · mean sentiment {_fmt(d['mean_sentiment'])}"
        )
        shares = " · ".join(
            f"{f} {d[f'share_{f}']:.0%}" for f in scored.frame_ids if d[f"share_{f}"] > 0
        )
        lines.append(f"   frames (share of sentences): {shares or 'none'}")
        lines.append("")
        for _, s in sents.iterrows():
            frames = [f for f in scored.frame_ids if s[f"frame_{f}"]]
            head = (
                f"[{s['sent_id']}] {', '.join(frames) if frames else '-'} · tone "
                f"{_fmt(s['tone'], signed=True)} · sentiment {_fmt(s['sentiment'])}"
            )
            if s.get("is_headline", False):
                head += " · headline"
            if s.get("voice") == "source":
                role = s.get("speaker_role") or "?"
                head += f" · source: {s.get('speaker') or 'unattributed'} ({role})"
            lines.append(bold(head) if frames else head)
            h = hits_by_sent.get((s["doc_id"], s["sent_id"]))
            text = mark(s["text"], h.reset_index(drop=True), color) if h is not None else s["text"]
            lines.append("    " + text)
        lines.append("")
    return "\n".join(lines)
