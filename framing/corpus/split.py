"""Page to articles, article to sentences.

A newspaper page holds several pieces. An article starts

* at the top of the page,
* at a header block: up to three headline lines (kicker, title, deck) right above a byline
  such as ``■本报记者 沈秋莎`` or ``每经记者 谢陶 每经编辑 唐元``, or above page metadata
  (date, source and author lines: ``[[meta]]`` in ``debris.toml``), or above a lead that
  names its source (``本报讯``, ``新华社北京6月12日电``), with an optional masthead/dateline
  line above them,
* after a table-like notice (a lottery bulletin: tab-separated lines of numbers), which is a
  piece of its own, and
* at a subhead where the vocabulary changes completely (a piece without a byline that starts
  below another one): the character-bigram cosine between the section the subhead opens and
  the article so far falls below ``cohesion_threshold`` (TextTiling, Hearst 1997, in its
  simplest form).

A new piece needs that positive evidence and a body of its own (at least two sentences or
100 characters): a shorter one stays with the article above, so a stray headline-like
fragment never becomes an article. Short lines above the first header block that hold no
running text (navigation the debris rules did not know) are page furniture: they are
removed as ``page_top``. Metadata lines go to the article's ``meta`` (and ``dateline``,
``bylines``), never into its text.

Within an article, paragraphs broken by the page layout (a column ends mid-sentence, a photo
caption sits in between) are joined again. Sentences end at 。！？ and the ASCII ! and ?,
with closing quotes kept, and at line breaks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from framing.corpus.normalize import CleanLine, is_byline

# A lead that names its source: 本报讯 / 长江日报讯（记者 …） / 新华社北京6月12日电 /
# IT之家 3 月 5 日消息， / 央视网消息：
_LEAD = re.compile(
    r"^[（(【]?\s*[\u4e00-\u9fffA-Za-z0-9 ]{1,20}?"
    r"(?:(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日|报|社|网|台|刊|新闻|客户端|之家|财经|在线)\s*(?:讯|电|消息)\s*[（(：:，,\s）)]"
)
_META_KINDS = {"byline", "dateline", "meta"}
MIN_ARTICLE_SENTENCES = 2
# Below this character-bigram cosine a subhead opens a new piece. On 224 real single-article
# web pages about AI video, 0.08 cut 3 of them at a subhead (cosines .056-.079); 0.06 cuts
# one; the seeds' real change of story on a newspaper page lies at .049.
COHESION_THRESHOLD = 0.06
MIN_ARTICLE_CHARS = 100
_DATE = re.compile(
    r"(?P<y>20\d\d|19\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
)
_DATELINE = re.compile(
    r"^\S{0,15}\s*(?:20\d\d|19\d\d)\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?|星期.|周.))*\s*\S{0,10}$"
)
_MIN_TITLE_CHARS = 6
_LABEL = re.compile(r"[【\[［〔].{1,12}[】\]］〕]")
_FIGURE = re.compile(r"[+\-]?\d[\d.,:%]*")
_TERMINAL = "。！？!?"
_CLOSERS = "”’」』）)\"'】》"
_OPENERS_OR_MID = "，,、：:；;“「『（(《—-"
_SENT_END = re.compile(rf"[{_TERMINAL}]+[{re.escape(_CLOSERS)}]*")


@dataclass
class Paragraph:
    """One clean, non-empty line of a page with its position."""

    line: int
    text: str
    kind: str = "body"  # body | byline | dateline | meta | table
    meta: str = ""  # the [[meta]] kind of a metadata line (source, original_title ...)


@dataclass
class Article:
    """A piece of a page, before relevance and outlet tagging."""

    number: int
    header: list[str] = field(default_factory=list)  # headline lines, top to bottom
    dateline: str = ""
    bylines: list[str] = field(default_factory=list)
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_heading)
    first_line: int = 0
    last_line: int = 0
    kind: str = "article"  # article | notice
    split_by: str = "page_start"
    meta: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) of metadata lines

    @property
    def title(self) -> str:
        """The main headline (see :func:`split_title`)."""
        return split_title(self.header)[0]

    @property
    def deck(self) -> str:
        """The kicker and subtitle lines, joined by `` | `` (see :func:`split_title`)."""
        return split_title(self.header)[1]

    @property
    def text(self) -> str:
        """The body, one line a paragraph or subhead."""
        return "\n".join(t for t, _ in self.lines)


def is_dateline(text: str) -> bool:
    """Whether a line is a masthead or dateline: ``每日经济新闻 2024-02-22 13:27:58``.

    Parameters
    ----------
    text : str
        A clean line.

    Returns
    -------
    bool
        True for a line of at most 45 characters: a short name or place, a date, an
        optional time or weekday and a short tail.
    """
    return len(text) <= 45 and bool(_DATELINE.match(text))


def find_date(text: str) -> str:
    """The first date a text gives.

    Parameters
    ----------
    text : str
        A dateline, metadata or header lines.

    Returns
    -------
    str
        The date as ISO ``YYYY-MM-DD``; ``""`` when there is none or its month or day is
        out of range.
    """
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_heading(text: str, max_chars: int = 40) -> bool:
    """Whether a line is a headline, kicker or subhead.

    Parameters
    ----------
    text : str
        A clean line.
    max_chars : int
        The longest a heading may be.

    Returns
    -------
    bool
        True for a short line with no sentence end (a question mark may end a headline)
        that is no byline and does not stop mid-clause.
    """
    if not text or len(text) > max_chars or is_byline(text):
        return False
    body = text.rstrip(_CLOSERS)
    if any(ch in body for ch in "。！!"):
        return False
    # A headline may end in a question mark; a subhead does not end mid-clause.
    return not body.endswith(tuple(_OPENERS_OR_MID))


def _is_table_line(line: CleanLine) -> bool:
    """A row of a table-like notice: tab-separated cells, or a row of at least three figures
    (``03 07 12 19 25 + 08``). A date, a time, a file or image name or a number glued to
    words is no row, however many digits it holds."""
    if "\t" in line.original and line.text:
        return True
    if len(line.text) < 8 or "。" in line.text or _DATE.search(line.text):
        return False
    figures = [t for t in line.text.split() if _FIGURE.fullmatch(t)]
    return len(figures) >= 3 and sum(map(str.isdigit, line.text)) / len(line.text) > 0.3


def _ends_open(text: str) -> bool:
    """A paragraph cut by the layout: ends inside a sentence."""
    last = text[-1]
    return last not in _TERMINAL and last not in _CLOSERS and last not in "…"


def _cut_by_layout(text: str) -> bool:
    """A body paragraph that a column break or a photo cut off mid-sentence."""
    body_like = len(text) >= 45 or any(ch in text for ch in "，,。、；;：:")
    return len(text) >= 30 and body_like and _ends_open(text)


def paragraphs_of(lines: list[CleanLine]) -> list[Paragraph]:
    """Classify the clean lines of a page, rejoining paragraphs the layout cut.

    Parameters
    ----------
    lines : list of CleanLine
        A page's lines, as cleaning gives them (empty ones are skipped).

    Returns
    -------
    list of Paragraph
        One per line kept, of kind ``body``, ``byline``, ``dateline``, ``meta`` or
        ``table``; a body line cut off mid-sentence takes the body line after it.
    """
    paras: list[Paragraph] = []
    for line in lines:
        if not line.text:
            continue
        meta = getattr(line, "meta", "")
        if is_byline(line.text) or meta == "byline":
            kind = "byline"
        elif is_dateline(line.text) or meta == "dateline":
            kind = "dateline"
        elif meta:
            kind = "meta"
        elif _is_table_line(line):
            kind = "table"
        else:
            kind = "body"
        prev = paras[-1] if paras else None
        if (
            kind == "body"
            and prev is not None
            and prev.kind == "body"
            and _cut_by_layout(prev.text)
            and not is_heading(line.text)
        ):
            prev.text += line.text
            continue
        paras.append(Paragraph(line.index, line.text, kind, meta or ("byline" if kind == "byline" else "")))
    return paras


def _header_start(paras: list[Paragraph], evidence_pos: int) -> int:
    """Index of the first paragraph of the header block above its evidence (a byline, a
    metadata line or a lead): up to three headline lines and a dateline above them."""
    start = evidence_pos
    while start - 1 >= 0 and paras[start - 1].kind in _META_KINDS:
        start -= 1  # metadata lines between the headlines and the evidence
    headings = 0
    while start - 1 >= 0 and headings < 3:
        prev = paras[start - 1]
        if prev.kind == "body" and is_heading(prev.text, max_chars=60):
            start -= 1
            headings += 1
        else:
            break
    if headings == 0:
        return evidence_pos
    if start - 1 >= 0 and paras[start - 1].kind == "dateline":
        start -= 1
    return start


def _is_lead(text: str) -> bool:
    return bool(_LEAD.match(text))


def _starts(paras: list[Paragraph]) -> list[tuple[int, str]]:
    """Positions where a new piece starts, with the rule that started it."""
    starts: dict[int, str] = {0: "page_start"}
    last_body = max((i for i, p in enumerate(paras) if p.kind == "body"), default=-1)
    for i, p in enumerate(paras):
        if p.kind in _META_KINDS or (p.kind == "body" and _is_lead(p.text)):
            if i > 0 and paras[i - 1].kind in _META_KINDS:
                continue  # the block's first evidence decides
            has_body_after = last_body > i
            if not has_body_after:
                continue  # a closing byline ("北京商报记者 杨月涵") belongs to the article above
            start = _header_start(paras, i)
            if start == i:
                continue  # no headline above it: it does not open a new piece
            starts.setdefault(start, "byline_header")
        elif p.kind == "table":
            if i == 0 or paras[i - 1].kind != "table":
                starts.setdefault(i, "notice")
            if i + 1 < len(paras) and paras[i + 1].kind != "table":
                starts.setdefault(i + 1, "after_notice")
    return sorted(starts.items())


def _has_body(chunk: list[Paragraph]) -> bool:
    """A piece with a body of its own: two sentences, or 100 characters, of running text."""
    body = [p.text for p in chunk if p.kind == "body" and not is_heading(p.text)]
    text = "".join(body)
    return len(text) >= MIN_ARTICLE_CHARS or len(_SENT_END.findall(text)) >= MIN_ARTICLE_SENTENCES


def _is_running_text(p: Paragraph) -> bool:
    """A paragraph of prose: it ends a sentence somewhere, or is too long for a label."""
    return p.kind == "body" and not is_heading(p.text) and (bool(_SENT_END.search(p.text)) or len(p.text) > 40)


def split_title(header: list[str]) -> tuple[str, str]:
    """The main headline and the kicker and subtitle lines of an article's header.

    A line ``kicker——title`` is split at the dash and the part after it is the title.
    Otherwise, with several lines, the main headline is the shortest (kickers and decks are
    the longer, explanatory lines) of those with at least six characters that are not a
    bracketed label: a byline name, a paper's name or a column label above the headline
    (创始人, 桂林晚报, 【新闻随笔】) is no headline.

    Parameters
    ----------
    header : list of str
        The header's lines, top to bottom.

    Returns
    -------
    title : str
        The main headline ("" without header lines).
    deck : str
        The other lines, joined with `` | ``.
    """
    lines: list[str] = []
    title = ""
    for line in header:
        kicker, dash, rest = line.partition("——")
        if dash and kicker.strip() and rest.strip():
            lines.extend([kicker.strip(), rest.strip()])
            title = title or rest.strip()
        elif line.strip():
            lines.append(line.strip())
    if not lines:
        return "", ""
    # a line of a few characters or a bracketed label is a name, column or section
    # (创始人, 桂林晚报, 【新闻随笔】), not the headline, when a longer line is there
    headline_like = [x for x in lines if len(x) >= _MIN_TITLE_CHARS and not _LABEL.fullmatch(x)]
    title = title or min(headline_like or lines, key=len)
    return title, " | ".join(x for x in lines if x != title)


def _bigrams(text: str) -> Counter[str]:
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return Counter(w[i : i + 2] for w in cjk.split() for i in range(len(w) - 1))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two count vectors.

    Parameters
    ----------
    a, b : Counter
        Counts by key (character bigrams).

    Returns
    -------
    float
        0..1; 0.0 when either is empty.
    """
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


class _RunningBigrams:
    """``_bigrams`` of a text that grows by paragraphs (joined without a separator), with
    its length and squared norm, so that a long piece is not counted again at each subhead."""

    __slots__ = ("counts", "squares", "length", "last")

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.squares = 0
        self.length = 0
        self.last = ""

    def add(self, text: str) -> None:
        if not text:
            return
        grams = _bigrams(text)
        if _CJK_CHAR.match(self.last) and _CJK_CHAR.match(text[0]):
            grams[self.last + text[0]] += 1  # the bigram across the join
        counts = self.counts
        for gram, n in grams.items():
            old = counts[gram]
            counts[gram] = old + n
            self.squares += 2 * old * n + n * n
        self.length += len(text)
        self.last = text[-1]

    def cosine(self, other: Counter[str]) -> float:
        """``cosine(other, <the text so far>)``, computed as :func:`cosine` computes it."""
        if not other or not self.counts:
            return 0.0
        dot = sum(v * self.counts.get(k, 0) for k, v in other.items())
        return dot / (math.sqrt(sum(v * v for v in other.values())) * math.sqrt(self.squares))


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def split_page(
    lines: list[CleanLine], cohesion_threshold: float = COHESION_THRESHOLD, min_section_chars: int = 300
) -> list[Article]:
    """Split the clean lines of one page into articles (and notices).

    A piece starts at a header block above a byline, dateline, metadata or lead; page
    furniture above the first headline is dropped (its lines are marked removed, in
    place), and a piece is cut again at a subhead whose section shares too little
    vocabulary with the text above.

    Parameters
    ----------
    lines : list of CleanLine
        The page's lines, as cleaning gives them.
    cohesion_threshold : float
        The cosine similarity of character bigrams below which a subhead opens a new
        article (0 switches this off).
    min_section_chars : int
        The least text above a subhead, and below it, that is compared.

    Returns
    -------
    list of Article
        The articles in page order, numbered from 1 (none for a page without text).
    """
    paras = paragraphs_of(lines)
    if not paras:
        return []
    bounds = _starts(paras)
    pieces: list[tuple[list[Paragraph], str]] = []
    for k, (start, rule) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(paras)
        if start >= end:
            continue
        chunk = paras[start:end]
        if rule == "page_start" and len(bounds) > 1 and not any(_is_running_text(p) for p in chunk):
            # lines above the first headline block with no running text: page furniture
            # (metadata among them stays, for the first article)
            kept = [p for p in chunk if p.kind in _META_KINDS]
            for p in chunk:
                if p.kind not in _META_KINDS:
                    _drop(lines, p, "page_top")
            if kept:
                pieces.append((kept, rule))
            continue
        if pieces and rule != "notice" and chunk[0].kind != "table" and pieces[-1][0][0].kind != "table" and not _has_body(chunk):
            pieces[-1] = (pieces[-1][0] + chunk, pieces[-1][1])  # no body of its own: not an article
            continue
        pieces.append((chunk, rule))
    if len(pieces) > 1 and pieces[1][0][0].kind != "table" and (
        all(p.kind in _META_KINDS for p in pieces[0][0]) or not _has_body(pieces[0][0])
    ):
        # metadata, or a line or two without a body of their own (a pull quote above the
        # headline), above the first article: they belong to it
        pieces[1] = (pieces[0][0] + pieces[1][0], pieces[1][1])
        pieces.pop(0)
    articles: list[Article] = []
    for chunk, rule in pieces:
        for sub, sub_rule in _split_by_cohesion(chunk, rule, cohesion_threshold, min_section_chars):
            articles.append(build_article(sub, len(articles) + 1, sub_rule))
    return articles


def _drop(lines: list[CleanLine], p: Paragraph, kind: str) -> None:
    """Remove the page line(s) of paragraph ``p`` as furniture of ``kind``."""
    for line in lines:
        if line.index == p.line:
            line.removed.append((kind, line.text))
            line.text = ""
            return


def _split_by_cohesion(
    chunk: list[Paragraph], rule: str, threshold: float, min_chars: int
) -> list[tuple[list[Paragraph], str]]:
    """Split a piece at subheads that open a section sharing almost no vocabulary."""
    if threshold <= 0 or chunk[0].kind == "table":
        return [(chunk, rule)]
    subheads = [i for i, p in enumerate(chunk) if i > 1 and p.kind == "body" and is_heading(p.text)]
    cuts: list[int] = []
    before, upto = _RunningBigrams(), 0  # the text of chunk[last cut:upto], kept as it grows
    for i in subheads:
        section = ""
        for p in chunk[i:]:  # a window of at least min_chars, across later subheads
            section += p.text
            if len(section) >= min_chars:
                break
        if cuts and upto <= cuts[-1]:  # a cut was made: the text above starts again there
            before, upto = _RunningBigrams(), cuts[-1]
        for p in chunk[upto:i]:
            before.add(p.text)
        upto = i
        if len(section) < min_chars or before.length < min_chars:
            continue
        if before.cosine(_bigrams(section)) < threshold:
            cuts.append(i)
    out, prev = [], 0
    for c in cuts:
        out.append((chunk[prev:c], rule if prev == 0 else "topic_shift"))
        prev = c
    out.append((chunk[prev:], rule if prev == 0 else "topic_shift"))
    return out


def build_article(chunk: list[Paragraph], number: int, rule: str) -> Article:
    """One article from its paragraphs: headlines, dateline, bylines, metadata and body lines.

    Parameters
    ----------
    chunk:
        The paragraphs of the article, top to bottom (at least one).
    number:
        The 1-based position of the article on its page.
    rule:
        Why the article starts where it does (``page_start``, ``topic_shift``, ``given`` ...).

    Returns
    -------
    Article
        The article; a chunk that starts with a table line is a ``notice``.
    """
    art = Article(number=number, first_line=chunk[0].line, last_line=chunk[-1].line, split_by=rule)
    if chunk[0].kind == "table":
        art.kind = "notice"
        art.header = [chunk[0].text.split(" ")[0]]
        art.lines = [(p.text, False) for p in chunk]
        return art
    pos = 0
    while pos < len(chunk) and chunk[pos].kind in _META_KINDS:
        pos += 1  # a masthead or dateline above the headlines
    heads = pos
    while heads < len(chunk) and heads - pos < 3 and chunk[heads].kind == "body" and is_heading(chunk[heads].text, 60):
        heads += 1
    if heads > pos and (heads < len(chunk) and (chunk[heads].kind in _META_KINDS or _is_lead(chunk[heads].text))):
        art.header = [p.text for p in chunk[pos:heads]]  # headlines above a byline, metadata or a lead
    elif pos < len(chunk) and chunk[pos].kind == "body" and is_heading(chunk[pos].text, 60):
        art.header = [chunk[pos].text]
    body: list[tuple[str, bool]] = [(h, True) for h in art.header]
    for k, p in enumerate(chunk):
        if pos <= k < pos + len(art.header):
            continue
        if p.kind in _META_KINDS:
            art.meta.append((p.meta or p.kind, p.text))
            if p.kind == "byline":
                art.bylines.append(p.text)
            elif p.kind == "dateline" and not art.dateline:
                art.dateline = p.text
            continue
        body.append((p.text, is_heading(p.text)))
    art.lines = body
    return art


def split_sentences(text: str, heading_lines: set[int] | None = None) -> list[dict]:
    """Sentences of a clean article text, with offsets.

    Breaks at 。！？!? (with any closing quotes) and at line breaks.

    Parameters
    ----------
    text : str
        The article's text (:attr:`Article.text`).
    heading_lines : set of int or None
        Not used (the caller marks the sentences of heading lines by their ``line``).

    Returns
    -------
    list of dict
        One per sentence: ``text, start, end, line`` where ``text == article_text[start:end]``
        and ``line`` counts the text's lines from 0; a piece of only punctuation is none.
    """
    out = []
    offset = 0
    for line_no, line in enumerate(text.split("\n")):
        pos = 0
        for m in _SENT_END.finditer(line):
            _append(out, line, pos, m.end(), offset, line_no)
            pos = m.end()
        _append(out, line, pos, len(line), offset, line_no)
        offset += len(line) + 1
    return out


def _append(out: list[dict], line: str, a: int, b: int, offset: int, line_no: int) -> None:
    seg = line[a:b]
    stripped = seg.strip()
    if not stripped or all(ch in _CLOSERS or ch in _TERMINAL for ch in stripped):
        return
    lead = len(seg) - len(seg.lstrip())
    start = offset + a + lead
    out.append({"text": stripped, "start": start, "end": start + len(stripped), "line": line_no})
