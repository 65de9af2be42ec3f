"""One page of text to article records: cleaning, splitting, outlet tagging per article.

A record is a dict with the columns of ``documents`` (see :mod:`framing.corpus.model`) and
a few working keys that never reach the tables: ``_kind`` (``article`` or ``notice``),
``_sentences`` (the article's sentences), ``_page`` (the page it came from) and, for rows
and files a manifest describes, ``_docvars`` (the researcher's own columns).
"""

from __future__ import annotations

import bisect

from framing.corpus.normalize import CleanLine, clean_lines, detect_script, to_simplified
from framing.corpus.outlets import UNKNOWN, given_outlet, page_evidence, tag_outlet
from framing.corpus.rules import ReadingRules
from framing.corpus.split import (
    Article,
    build_article,
    find_date,
    paragraphs_of,
    split_page,
    split_sentences,
)


def read_page(
    text: str, stem: str, rel: str, encoding: str, rules: ReadingRules, cohesion: float, given: dict,
    replaced: int = 0, notes: str = "",
) -> list[dict]:
    """The article records of one page of text (a file, or a table row).

    Parameters
    ----------
    text:
        The decoded page.
    stem:
        The id the page's articles build on (``<stem>#<n>``; a table row's own doc_id or
        ``row<i>``, used as it is when the row is one article).
    rel:
        The ``source`` of the records (a file's path relative to the folder read, or
        ``<file>:row<i>``).
    encoding:
        The detected encoding of the file ("" for a table row).
    rules:
        The debris and outlet rules.
    cohesion:
        Split at a subhead whose section shares less vocabulary than this with the article
        above (0: never).
    given:
        What a table row gives (``doc_id, outlet, date, title, byline``); empty for a file.
        A row that gives its outlet is one article, tagged with that outlet.
    replaced:
        Invalid bytes replaced by U+FFFD when the input was read.
    notes:
        What reading repaired.

    Returns
    -------
    list of dict
        One record per article, or one excluded record (``no_text``) when nothing is left
        after cleaning.
    """
    lines = clean_lines(text, rules.debris)
    simplified = to_simplified(text)
    script = "simplified" if simplified == text else detect_script(text, simplified)
    if given.get("outlet"):
        # A row that names its outlet is one article: no page splitting.
        paras = paragraphs_of(lines)
        articles = [build_article(paras, 1, "given")] if paras else []
    else:
        articles = split_page(lines, cohesion_threshold=cohesion)
    if not articles:
        note = "; ".join(n for n in (notes, "nothing left after cleaning") if n)
        row = excluded_record(f"{stem}#0" if not given else stem, rel, "no_text", note, encoding)
        row["replaced_bytes"] = replaced
        return [row]
    removed_by_article = assign_removed(lines, articles)
    page_clean = "\n".join(line.text for line in lines if line.text)
    page_removed = "\n".join(f"{k}:{t}" for line in lines for k, t in line.removed)
    evidence = None if given.get("outlet") else page_evidence(page_removed, page_clean, rules.outlets, script)
    records = []
    for art, removed in zip(articles, removed_by_article, strict=True):
        doc_id = stem if (given and len(articles) == 1) else f"{stem}#{art.number}"
        meta_lines = [t for _, t in art.meta]
        header = "\n".join([art.dateline, *art.header, *meta_lines])
        if given.get("outlet"):
            tag = given_outlet(given["outlet"], rules.outlets)
        else:
            lead = next((t for t, heading in art.lines if not heading), "")
            tag = tag_outlet(
                header, art.text, page_removed, page_clean, rules.outlets,
                byline="\n".join([art.dateline, *meta_lines]), lead=lead, script=script, evidence=evidence,
            )
        original = "\n".join(line.original for line in lines[art.first_line : art.last_line + 1])
        sentences = split_article(art)
        records.append(
            {
                "doc_id": doc_id,
                "source": rel,
                "article": art.number,
                "outlet": tag.outlet,
                "outlet_id": tag.outlet_id,
                "outlet_confidence": tag.confidence,
                "outlet_evidence": tag.evidence,
                "manifest_outlet": "",
                "outlet_conflict": False,
                "outlet_type": tag.outlet_type,
                "outlet_level": tag.outlet_level,
                "channel": tag.channel,
                "site": tag.site,
                "channel_evidence": tag.channel_evidence,
                "date": given.get("date") or find_date(art.dateline) or find_date("\n".join(meta_lines))
                or find_date("\n".join(art.header)),
                "title": given.get("title") or art.title,
                "byline": given.get("byline") or " / ".join(art.bylines),
                "source_line": " / ".join(t for k, t in art.meta if k not in ("byline",)),
                "status": "included",
                "reason": "",
                "relevance": 0.0,
                "topic_hits": 0.0,
                "duplicate_of": "",
                "similarity": 0.0,
                "encoding": encoding,
                "script": script,
                "n_chars": len(art.text),
                "n_sentences": len(sentences),
                "removed": " | ".join(f"{k}:{t}" for k, t in removed),
                "replaced_bytes": replaced,
                "notes": notes,
                "text_original": original,
                "text": art.text,
                "_kind": art.kind,
                "_sentences": sentences,
                "_page": stem,
            }
        )
    inherit_page_outlet(records)
    return records


def split_article(art: Article) -> list[dict]:
    """The sentences of an article, each flagged ``is_headline`` when its line is a heading.

    Parameters
    ----------
    art:
        The article.

    Returns
    -------
    list of dict
        The sentences of :func:`framing.corpus.split.split_sentences` of ``art.text``.
    """
    sentences = split_sentences(art.text)
    heading_lines = {i for i, (_, is_heading) in enumerate(art.lines) if is_heading}
    for s in sentences:
        s["is_headline"] = s["line"] in heading_lines
    return sentences


def assign_removed(lines: list[CleanLine], articles: list[Article]) -> list[list[tuple[str, str]]]:
    """Debris removed from a page, given to the article it sat in (or the nearest one).

    Parameters
    ----------
    lines:
        The clean lines of the page, with what cleaning removed from each.
    articles:
        The articles of the page, in page order.

    Returns
    -------
    list of list of (str, str)
        For each article, the ``(kind, text)`` items removed from its lines; debris above
        the first article goes to the first.
    """
    out: list[list[tuple[str, str]]] = [[] for _ in articles]
    firsts = [art.first_line for art in articles]  # ascending: articles in page order
    for line in lines:
        if not line.removed:
            continue
        k = max(bisect.bisect_right(firsts, line.index) - 1, 0)  # the last article starting above
        out[k].extend(line.removed)
    return out


def inherit_page_outlet(records: list[dict]) -> None:
    """Articles with no outlet evidence of their own take the page's outlet, in place.

    The page's outlet is the one tagged with the highest confidence among its articles; an
    article that takes it gets 0.8 of that confidence and says which article it came from.

    Parameters
    ----------
    records:
        The records of the articles of one page.
    """
    tagged = [r for r in records if r["outlet"] != UNKNOWN]
    if not tagged:
        return
    best = max(tagged, key=lambda r: r["outlet_confidence"])
    for r in records:
        if r["outlet"] == UNKNOWN:
            r["outlet"], r["outlet_id"] = best["outlet"], best["outlet_id"]
            r["outlet_type"], r["outlet_level"] = best["outlet_type"], best["outlet_level"]
            r["channel"], r["channel_evidence"] = best["channel"], best["channel_evidence"]
            r["outlet_confidence"] = round(0.8 * best["outlet_confidence"], 3)
            r["outlet_evidence"] = f"same page as {best['doc_id']} ({best['outlet_evidence']})"


def excluded_record(doc_id: str, rel: str, reason: str, detail: str, encoding: str = "") -> dict:
    """The record of an input that yields no article (status ``excluded``).

    Parameters
    ----------
    doc_id:
        Its id (``<stem>#0`` for a file).
    rel:
        Its ``source``.
    reason:
        Why it is excluded (``unreadable``, ``no_text``, ``unsupported_format`` ...).
    detail:
        What happened, for ``notes`` and ``outlet_evidence``.
    encoding:
        The detected encoding, when decoding got that far.

    Returns
    -------
    dict
        A record with every column of ``documents`` and the working keys.
    """
    return {
        "doc_id": doc_id, "source": rel, "article": 0, "outlet": UNKNOWN, "outlet_id": UNKNOWN,
        "outlet_confidence": 0.0, "outlet_evidence": f"not read: {detail}", "manifest_outlet": "",
        "outlet_conflict": False, "outlet_type": "", "outlet_level": "", "channel": "", "site": "",
        "channel_evidence": "", "date": "", "title": "", "byline": "", "source_line": "", "status": "excluded",
        "reason": reason, "relevance": 0.0, "topic_hits": 0.0, "duplicate_of": "",
        "similarity": 0.0, "encoding": encoding, "script": "", "n_chars": 0, "n_sentences": 0,
        "removed": "", "replaced_bytes": 0, "notes": detail, "text_original": "", "text": "",
        "_kind": "none", "_sentences": [],
        "_page": doc_id,
    }
