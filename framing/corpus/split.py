"""Page to articles, article to sentences.

A newspaper page holds several pieces. An article starts

* at the top of the page,
* at a header block: up to three headline lines (kicker, title, deck) right above a byline
  such as ``■本报记者 沈秋莎`` or ``每经记者 谢陶 每经编辑 唐元``, with an optional
  masthead/dateline line above them,
* after a table-like notice (a lottery bulletin: tab-separated lines of numbers), which is a
  piece of its own, and
* at a subhead where the vocabulary changes completely (a piece without a byline that starts
  below another one): the character-bigram cosine between the section the subhead opens and
  the article so far falls below ``cohesion_threshold`` (TextTiling, Hearst 1997, in its
  simplest form).

Within an article, paragraphs broken by the page layout (a column ends mid-sentence, a photo
caption sits in between) are joined again. Sentences end at 。！？ and the ASCII ! and ?,
with closing quotes kept, and at line breaks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from framing.corpus.normalize import CleanLine

_NAME = r"[\u4e00-\u9fff·]{2,4}"
_ROLE = (
    r"(?:[■●◆▲□◇]\s*)?(?:本报|本刊|特约|见习|实习|首席|[\u4e00-\u9fff]{2,6})?"
    r"(?:记者|通讯员|编辑|实习生|撰稿人?)"
)
_BYLINE = re.compile(
    rf"^{_ROLE}\s*{_NAME}(?:[ 、]+{_NAME})*(?:\s+{_ROLE}\s*{_NAME}(?:[ 、]+{_NAME})*)*$"
)
_DATE = re.compile(
    r"(?P<y>20\d\d|19\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
)
_DATELINE = re.compile(
    r"^\S{0,15}\s*(?:20\d\d|19\d\d)\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?|星期.|周.))*\s*\S{0,10}$"
)
_TERMINAL = "。！？!?"
_CLOSERS = "”’」』）)\"'】》"
_OPENERS_OR_MID = "，,、：:；;“「『（(《—-"
_SENT_END = re.compile(rf"[{_TERMINAL}]+[{re.escape(_CLOSERS)}]*")


@dataclass
class Paragraph:
    """One clean, non-empty line of a page with its position."""

    line: int
    text: str
    kind: str = "body"  # body | byline | dateline | table | heading


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

    @property
    def title(self) -> str:
        return split_title(self.header)[0]

    @property
    def deck(self) -> str:
        return split_title(self.header)[1]

    @property
    def text(self) -> str:
        return "\n".join(t for t, _ in self.lines)


def is_byline(text: str) -> bool:
    """``■本报记者 沈秋莎``, ``北京商报记者 杨月涵``, ``通讯员 周炜`` ..."""
    return len(text) <= 60 and bool(_BYLINE.match(text))


def is_dateline(text: str) -> bool:
    """A masthead or dateline line: ``每日经济新闻 2024-02-22 13:27:58``."""
    return len(text) <= 45 and bool(_DATELINE.match(text))


def find_date(text: str) -> str:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or ``""``."""
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_heading(text: str, max_chars: int = 40) -> bool:
    """Short line without sentence punctuation: a headline, kicker or subhead."""
    if not text or len(text) > max_chars or is_byline(text):
        return False
    body = text.rstrip(_CLOSERS)
    if any(ch in body for ch in "。！!"):
        return False
    # A headline may end in a question mark; a subhead does not end mid-clause.
    return not body.endswith(tuple(_OPENERS_OR_MID))


def _is_table_line(line: CleanLine) -> bool:
    if "\t" in line.original and line.text:
        return True
    if len(line.text) < 8 or "。" in line.text:
        return False
    return sum(map(str.isdigit, line.text)) / len(line.text) > 0.3


def _ends_open(text: str) -> bool:
    """A paragraph cut by the layout: ends inside a sentence."""
    last = text[-1]
    return last not in _TERMINAL and last not in _CLOSERS and last not in "…"


def _cut_by_layout(text: str) -> bool:
    """A body paragraph that a column break or a photo cut off mid-sentence."""
    body_like = len(text) >= 45 or any(ch in text for ch in "，,。、；;：:")
    return len(text) >= 30 and body_like and _ends_open(text)


def paragraphs_of(lines: list[CleanLine]) -> list[Paragraph]:
    """Classify the clean lines of a page, rejoining paragraphs the layout cut."""
    paras: list[Paragraph] = []
    for line in lines:
        if not line.text:
            continue
        if is_byline(line.text):
            kind = "byline"
        elif is_dateline(line.text):
            kind = "dateline"
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
        paras.append(Paragraph(line.index, line.text, kind))
    return paras


def _header_start(paras: list[Paragraph], byline_pos: int) -> int:
    """Index of the first paragraph of the header block above a byline."""
    start = byline_pos
    headings = 0
    while start - 1 >= 0 and headings < 3:
        prev = paras[start - 1]
        if prev.kind == "body" and is_heading(prev.text, max_chars=60):
            start -= 1
            headings += 1
        else:
            break
    if start - 1 >= 0 and paras[start - 1].kind == "dateline":
        start -= 1
    return start


def _starts(paras: list[Paragraph]) -> list[tuple[int, str]]:
    """Positions where a new piece starts, with the rule that started it."""
    starts: dict[int, str] = {0: "page_start"}
    last_body = max((i for i, p in enumerate(paras) if p.kind == "body"), default=-1)
    for i, p in enumerate(paras):
        if p.kind == "byline":
            has_body_after = last_body > i
            if not has_body_after:
                continue  # a closing byline ("北京商报记者 杨月涵") belongs to the article above
            start = _header_start(paras, i)
            if start == i and i > 0 and paras[i - 1].kind != "table":
                continue  # a byline with no headline above it does not open a new piece
            starts.setdefault(start, "byline_header")
        elif p.kind == "table":
            if i == 0 or paras[i - 1].kind != "table":
                starts.setdefault(i, "notice")
            if i + 1 < len(paras) and paras[i + 1].kind != "table":
                starts.setdefault(i + 1, "after_notice")
    return sorted(starts.items())


def split_title(header: list[str]) -> tuple[str, str]:
    """(title, deck) from header lines: the main headline and the kicker/subtitle lines.

    A line ``kicker——title`` is split at the dash and the part after it is the title.
    Otherwise, with several lines, the main headline is the shortest (kickers and decks are
    the longer, explanatory lines). The deck joins the other lines with `` | ``.
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
    title = title or min(lines, key=len)
    return title, " | ".join(x for x in lines if x != title)


def _bigrams(text: str) -> Counter[str]:
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return Counter(w[i : i + 2] for w in cjk.split() for i in range(len(w) - 1))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two count vectors."""
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
    lines: list[CleanLine], cohesion_threshold: float = 0.08, min_section_chars: int = 300
) -> list[Article]:
    """Split the clean lines of one page into articles (and notices)."""
    paras = paragraphs_of(lines)
    if not paras:
        return []
    bounds = _starts(paras)
    pieces: list[tuple[list[Paragraph], str]] = []
    for k, (start, rule) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(paras)
        if start < end:
            pieces.append((paras[start:end], rule))
    articles: list[Article] = []
    for chunk, rule in pieces:
        for sub, sub_rule in _split_by_cohesion(chunk, rule, cohesion_threshold, min_section_chars):
            articles.append(_build_article(sub, len(articles) + 1, sub_rule))
    return articles


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


def _build_article(chunk: list[Paragraph], number: int, rule: str) -> Article:
    art = Article(number=number, first_line=chunk[0].line, last_line=chunk[-1].line, split_by=rule)
    if chunk[0].kind == "table":
        art.kind = "notice"
        art.header = [chunk[0].text.split(" ")[0]]
        art.lines = [(p.text, False) for p in chunk]
        return art
    pos = 0
    if chunk[pos].kind == "dateline":
        art.dateline = chunk[pos].text
        pos += 1
    byline_at = next((i for i, p in enumerate(chunk) if p.kind == "byline"), None)
    if byline_at is not None and byline_at <= pos + 3 and all(
        p.kind == "body" and is_heading(p.text, 60) for p in chunk[pos:byline_at]
    ):
        art.header = [p.text for p in chunk[pos:byline_at]]
        pos = byline_at
    elif is_heading(chunk[pos].text, 60):
        art.header = [chunk[pos].text]
        pos += 1
    body: list[tuple[str, bool]] = [(h, True) for h in art.header]
    for p in chunk[pos:]:
        if p.kind == "byline":
            art.bylines.append(p.text)
            continue
        if p.kind == "dateline" and not art.dateline:
            art.dateline = p.text
            continue
        body.append((p.text, is_heading(p.text)))
    art.lines = body
    return art


def split_sentences(text: str, heading_lines: set[int] | None = None) -> list[dict]:
    """Sentences of a clean article text, with offsets.

    Breaks at 。！？!? (with any closing quotes) and at line breaks. Returns dicts with
    ``text, start, end, line`` where ``text == article_text[start:end]``.
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
