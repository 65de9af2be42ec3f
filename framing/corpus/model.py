"""The ``Corpus``: the tables that ingestion hands to scoring.

Two tidy tables, with stable documented columns:

``documents`` -- one row per article found and per input that yielded none:

=================== =====================================================================
doc_id              stable id: ``<relative path without suffix>#<article number>`` for files,
                    the given ``doc_id`` (or ``row<i>``) for table rows
source              input file (relative to the folder read; a folder ends in ``/``) or
                    ``<file>:row<i>``
article             1-based position of the article on its page (0 for a file that held none)
outlet              outlet name (e.g. 文汇报) or ``unknown``
outlet_id           stable ASCII id of the outlet (e.g. ``wenhui``) or ``unknown``
outlet_evidence     the formulas, rules and text that produced the tag, or why none did
outlet_confidence   0..1; 0 when unknown
manifest_outlet     the outlet a manifest gives for the file, if a manifest was read
outlet_conflict     True when the manifest and the text disagree
outlet_type         the outlet's type in the gazetteer (party daily, metro daily, financial
                    daily, web news, tech media, self-media ...; ``web repost`` for mirror
                    sites), empty when unknown or not listed
outlet_level        central, provincial, city, private or n/a (gazetteer), else empty
channel             ``repost`` when the page copied the text from its outlet (it says so:
                    转自, 转载自, 据…报道, 原标题; a mirror site; or it was found on another
                    outlet's site), else ``original``
site                the site the page names itself as (breadcrumbs, copyright, app and platform
                    lines), gazetteer-normalised; empty when it names none
channel_evidence    why ``channel`` and ``site`` are what they are
date                ISO date (YYYY-MM-DD) when the page shows one, else empty
title               headline of the article
byline              byline lines as printed (``■本报记者 沈秋莎``, ``文｜邱意 编辑｜苏建勋``)
source_line         the page's other metadata lines of the article: date, source and
                    original-title lines (``2024-05-27 07:30 来源：澎湃新闻``)
status              ``included`` or ``excluded``
reason              why excluded: empty_file, binary_file, undecodable, unreadable (a file
                    or sub-folder that cannot be read), bundle (a results bundle of framing,
                    never read as input), duplicate_folder (a linked folder read already),
                    unsupported_format (a file of another kind in a folder: .pdf, .html,
                    a table ...), no_text, off_topic, duplicate; empty when included
relevance           topic score (topic-term hits per 1,000 characters)
topic_hits          number of topic-term occurrences
duplicate_of        doc_id of the earlier article this one repeats, else empty
similarity          containment in ``duplicate_of`` (0..1); for an article that repeats none,
                    the highest containment in an earlier article among the pairs that
                    near-duplicate detection compared (0 when no earlier article came close)
encoding            detected encoding of the file (``utf-8``, ``gb18030`` ...)
script              ``simplified``, ``traditional`` or ``mixed`` before conversion
n_chars             characters of clean text
n_sentences         sentences in the article
removed             what cleaning removed, as ``kind:text`` items joined by `` | ``
replaced_bytes      invalid bytes replaced by U+FFFD when the input was read (damaged UTF-8)
notes               what reading repaired (replaced bytes, dropped NUL bytes) or why an
                    excluded input was not read
text_original       the article as read, before conversion and cleaning
text                the clean, Simplified article text (offsets of ``sentences`` point here)
=================== =====================================================================

``sentences`` -- one row per sentence of every *included* article:

=========== ===========================================================================
doc_id      the article
sent_id     1-based position in the article
outlet      outlet name (copied for convenience)
outlet_id   outlet id
outlet_type the outlet's type (copied from the article, for grouping sentences)
text        the sentence
start, end  character offsets into the article's clean ``text`` (``text[start:end]``)
is_headline True for headline, kicker and subheads
n_chars     characters in the sentence
=========== ===========================================================================

**Your own columns** (docvars, as quanteda calls them). Every further column of a table
input (``outlet_type``, ``region``, ``period`` ...) and every further column of a manifest
(``file, outlet, date`` and more) travels with its article: it is added after the columns
above to ``documents`` and to ``sentences``, and scoring keeps it, so ``compare(scored,
by=...)`` and ``framing run --by`` can group by it. A column whose name framing already
uses (``source``, ``text``, ``tone`` ...) is kept as ``given_<name>`` (with a warning);
``params["docvars"]`` lists the columns carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

DOCUMENT_COLUMNS: list[str] = [
    "doc_id",
    "source",
    "article",
    "outlet",
    "outlet_id",
    "outlet_evidence",
    "outlet_confidence",
    "manifest_outlet",
    "outlet_conflict",
    "outlet_type",
    "outlet_level",
    "channel",
    "site",
    "channel_evidence",
    "date",
    "title",
    "byline",
    "source_line",
    "status",
    "reason",
    "relevance",
    "topic_hits",
    "duplicate_of",
    "similarity",
    "encoding",
    "script",
    "n_chars",
    "n_sentences",
    "removed",
    "replaced_bytes",
    "notes",
    "text_original",
    "text",
]

SENTENCE_COLUMNS: list[str] = [
    "doc_id",
    "sent_id",
    "outlet",
    "outlet_id",
    "outlet_type",
    "text",
    "start",
    "end",
    "is_headline",
    "n_chars",
]


# Names of the columns framing itself writes into documents and sentences (reading and
# scoring); a researcher's column of the same name is carried as ``given_<name>``.
_SCORING_COLUMNS = {
    "tokens", "n_tokens", "position", "sentiment", "tone", "n_tone_hits", "dominant_frame",
    "mean_sentiment", "mean_tone", "voice", "speaker_id", "speaker", "speaker_role",
    "voice_evidence", "sentence_id",
}
_SCORING_PREFIXES = ("frame_", "hits_", "weight_", "share_", "rate_", "_")


def docvar_name(column: str) -> str:
    """The name a researcher's own column gets in ``documents`` and ``sentences``.

    Parameters
    ----------
    column : str
        The column as the input table or manifest names it.

    Returns
    -------
    str
        The name itself, or ``given_<column>`` when framing uses that name (or one of its
        scoring prefixes) for a column of its own.
    """
    name = str(column)
    taken = (
        name in DOCUMENT_COLUMNS
        or name in SENTENCE_COLUMNS
        or name in _SCORING_COLUMNS
        or name.startswith(_SCORING_PREFIXES)
    )
    return f"given_{name}" if taken else name


@dataclass
class Corpus:
    """Every input accounted for: ``documents`` (all rows) and ``sentences`` (included ones).

    ``params`` records the options the corpus was read with (for the manifest).
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    params: dict = field(default_factory=dict)
    #: the files read: ``{"file", "bytes", "sha256"}``, or ``{"file", "status", "detail"}``
    #: for one that could not be read (hashed as read, so no file is opened twice)
    inputs: list[dict] = field(default_factory=list)
    #: the rule files reading used, by key (``debris``, ``outlets``, ``gazetteer``, ``topic``)
    rule_paths: dict[str, str] = field(default_factory=dict)

    @property
    def docvars(self) -> list[str]:
        """The researcher's own columns carried to ``documents`` and ``sentences``."""
        return list(self.params.get("docvars", []))

    @property
    def included(self) -> pd.DataFrame:
        """The documents that go on to scoring."""
        return self.documents[self.documents["status"] == "included"]

    def __repr__(self) -> str:
        n_in = int((self.documents["status"] == "included").sum())
        return (
            f"Corpus({len(self.documents)} documents, {n_in} included, "
            f"{len(self.sentences)} sentences)"
        )
