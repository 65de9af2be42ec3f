"""Clean text: width, whitespace and zero-width normalisation, Traditional to Simplified, and
removal of scraping debris (patterns in ``lexicons/debris.toml``), recording what went.

Work is line by line so that page structure (blank lines between blocks) survives for the
article splitter, and every removal can be reported with its kind and text. Lines end at
``\n``, ``\r\n``, ``\r`` and at what Unicode and ``str.splitlines`` also count as line
ends (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, form feed, NEL ...), so an article
stored on "one line" with such separators is still read paragraph by paragraph.

A debris rule removes a bounded span, never an article: a ``[[line]]`` or ``[[caption]]``
rule removes a whole line only when the line is at most ``max_span_chars`` long; in a
longer line (a table cell or a page without line breaks) it removes just the sentences
that match, each at most that long; an ``[[inline]]`` match longer than that is kept. A
``[[block]]`` rule (a related-article list, comments, a footer) removes its opening line and
the short lines after it, never a header block above a byline. ``[[meta]]`` rules mark page
metadata lines (date, source, byline), which leave the text for the documents table.

Each list of rules is tried in order, the first rule that matches wins; a
:class:`~framing.lexicons.screen.RuleScreen` per list skips the rules a text cannot match (it
lacks every string the rule needs), which are nearly all of them on nearly every line.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from framing.lexicons.debris import (
    DebrisRule,
    DebrisRules,
    check_debris_rules,  # noqa: F401 - moved with the debris rules, importable from here too
    load_debris_rules,
)
from framing.lexicons.screen import RuleScreen
from framing.lexicons.simplified import to_simplified

# Zero-width and invisible format characters that scrapers leave behind, and control
# characters (NUL and the other C0/C1 controls but tab, which becomes a space).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_ZERO_WIDTH.update(dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)], None))
# Line ends: those of str.splitlines (\v, \f, file/group/record separators, NEL, U+2028,
# U+2029) besides \n, \r\n and \r.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# A sentence of a long line: up to and including its end mark and closing quotes.
_PIECE = re.compile("[^。！？!?；;]+(?:[。！？!?；;]+[”’」』）)\"'】》]*)?|[。！？!?；;]+[”’」』）)\"'】》]*")
# A byline: 21世纪经济报道记者 钟可欣 深圳报道 / 云中 发自 凹非寺
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_ROLE = (
    r"(?:[■●◆▲□◇]\s*)?(?:本报|本刊|特约|见习|实习|首席|资深|[\u4e00-\u9fffA-Za-z0-9]{2,12})?"
    r"(?:记者|通讯员|编辑|实习生|撰稿人?)"
)
_TAIL = r"(?:\s*[\u4e00-\u9fff]{2,4}报道|\s*发自\s*\S{2,6})?"
_BYLINE = re.compile(
    rf"^{_ROLE}\s*{_NAME}(?:[ 、]+{_NAME})*(?:\s+{_ROLE}\s*{_NAME}(?:[ 、]+{_NAME})*)*{_TAIL}$"
)
# Unicode spaces (no-break, em, ideographic ...) become one ASCII space.
_SPACE_CHARS = r"\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t"
_MULTISPACE = re.compile(r" {2,}")


def _fullwidth_alnum(ch: str) -> str:
    code = ord(ch)
    return chr(code - 0xFEE0)


# Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) to ASCII; Chinese punctuation stays.
_WIDTH = {c: _fullwidth_alnum(chr(c)) for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: _fullwidth_alnum(chr(c)) for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: _fullwidth_alnum(chr(c)) for c in range(0xFF41, 0xFF5B)})


def is_byline(text: str) -> bool:
    """True for a byline line: ``■本报记者 沈秋莎``, ``北京商报记者 杨月涵``, ``通讯员 周炜`` ...

    Parameters
    ----------
    text:
        A clean line.

    Returns
    -------
    bool
        True when the line names reporters, editors or correspondents and nothing else.
    """
    return len(text) <= 60 and bool(_BYLINE.match(text))


# Both tables in one (their characters are disjoint, and the width table yields ASCII letters
# and digits, which the first does not delete), and the characters it changes: most lines
# hold none, and a search is much cheaper than translating a line of Chinese.
_TRANSLATE = {**_ZERO_WIDTH, **_WIDTH}
_TO_TRANSLATE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
# A run of spaces of any kind becomes one ASCII space.
_SPACE_RUN = re.compile(f"[ {_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS}]")


def normalize_line(line: str) -> str:
    """Width, zero-width and whitespace normalisation of one line (no script conversion).

    Parameters
    ----------
    line : str
        A line as read.

    Returns
    -------
    str
        The line with full-width letters and digits made ASCII, zero-width and control
        characters removed, every run of spaces of any kind one space, and stripped.
    """
    if _TO_TRANSLATE.search(line) is not None:
        line = line.translate(_TRANSLATE)
    return _SPACE_RUN.sub(" ", line).strip()


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002ffff"


def detect_script(original: str, simplified: str) -> str:
    """The script of a page, by the share of its CJK characters OpenCC changed.

    Parameters
    ----------
    original : str
        The page as read.
    simplified : str
        The same page converted to Simplified (:func:`to_simplified`).

    Returns
    -------
    str
        ``traditional`` when at least 8 % of the CJK characters changed, ``mixed`` when
        fewer but at least three did, else ``simplified``.
    """
    cjk = changed = 0
    for a, b in zip(original, simplified, strict=False):
        if _is_cjk(a):
            cjk += 1
            changed += a != b
    if not cjk or changed == 0:
        return "simplified"
    share = changed / cjk
    # In running Traditional text about one character in four to five differs from its
    # Simplified form; a handful of changes in a Simplified page is a stray character.
    if share >= 0.08:
        return "traditional"
    return "mixed" if changed >= 3 else "simplified"


@dataclass
class CleanLine:
    """One line of a page: as read, and clean (empty when the line was removed).

    ``meta`` names the kind of page metadata the line is (``dateline``, ``source``,
    ``byline`` ...; see ``[[meta]]`` in ``debris.toml``), empty for text and furniture.
    """

    index: int
    original: str
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)
    meta: str = ""


def clean_lines(raw_text: str, rules: DebrisRules | None = None) -> list[CleanLine]:
    """Normalise every line of a page and strip debris.

    Each returned line keeps its ``original`` text; ``text`` is the clean Simplified line
    (empty for blank or removed lines), ``removed`` lists ``(kind, text)`` pairs and
    ``meta`` marks a page metadata line. Inline rules and normalisation line by line, then
    Traditional to Simplified for the page at once; then one pass over the lines: block
    rules (a block opened on an earlier line takes the short lines that follow), line rules
    and meta rules; then photo captions and repeated headings.

    Parameters
    ----------
    raw_text:
        The page as read.
    rules:
        The debris rules (None: the bundled ``debris.toml``).

    Returns
    -------
    list of CleanLine
        One per line of the page, in order.
    """
    rules = rules or load_debris_rules()
    raw_lines = _LINE_BREAK.split(raw_text)
    removals: list[list[tuple[str, str]]] = []
    texts: list[str] = []
    for original in raw_lines:
        removed: list[tuple[str, str]] = []
        # pinyin readings are matched on the text as read
        texts.append(normalize_line(_remove_inlines(rules, original, removed)))
        removals.append(removed)
    texts = _page_to_simplified(texts)
    screens = rules.screens
    lines: list[CleanLine] = []
    block: DebrisRule | None = None
    taken: list[int] = []  # lines the open block removed
    for i, (original, text, removed) in enumerate(zip(raw_lines, texts, removals, strict=True)):
        line = CleanLine(i, original, text, removed)
        lines.append(line)
        if not text:
            continue
        if block is not None:
            ends_sentence = block.stop_at_sentence and text.endswith(("。", "！", "？", "!", "?"))
            if len(text) <= block.item_max and not is_byline(text) and not ends_sentence:
                removed.append((block.kind, text))
                line.text = ""
                taken.append(i)
                continue
            if is_byline(text):
                _give_back_header(lines, taken)
            block, taken = None, []
        if len(text) > rules.max_chars:
            line.text = _remove_sentences(screens["line"], rules.line, text, removed, rules.max_chars)
            continue
        found = screens["block"].first(text)
        if found is not None:
            opener = rules.block[found[0]]
            removed.append((opener.kind, text))
            line.text = ""
            block, taken = opener, []
            continue
        found = screens["line"].first(text)
        if found is not None:
            removed.append((rules.line[found[0]].kind, text))
            line.text = ""
            continue
        found = screens["meta"].first(text)
        if found is not None:
            line.meta = rules.meta[found[0]].kind
    _strip_captions(lines, rules)
    _strip_repeated_headings(lines)
    return lines


_LIST_ITEM = re.compile(r"^(?:[-·•*●◆▪]\s*|\d{1,2}[.、)）]?\s+)")


def _give_back_header(lines: list[CleanLine], taken: list[int], max_lines: int = 3) -> None:
    """Put back the last (up to three) lines a block took right above a byline: they are
    the headline block of the next article, not furniture; a list item (``- 标题``,
    ``1 标题``) above them is not."""
    back = []
    for i in reversed(taken[-max_lines:]):
        if _LIST_ITEM.match(lines[i].removed[-1][1]):
            break
        back.append(i)
    for i in back:
        line = lines[i]
        kind, text = line.removed.pop()
        line.text = text


_HEADING_CHARS = 40


def _strip_repeated_headings(lines: list[CleanLine], window: int = 10) -> None:
    """Remove a heading-like line (short, no sentence end) that repeats one of the ``window``
    text lines before it, as pages that print their title twice do."""
    recent: deque[str] = deque(maxlen=window)
    for line in lines:
        text = line.text
        if not text:
            continue
        if (
            not line.meta
            and 6 <= len(text) <= _HEADING_CHARS
            and not any(ch in text for ch in "。！!")
            and text in recent
            and not is_byline(text)
        ):
            line.removed.append(("repeated_heading", text))
            line.text = ""
            continue
        recent.append(text)


def _remove_inline(rule: DebrisRule, text: str, removed: list[tuple[str, str]], max_chars: int) -> str:
    """Remove the matches of an inline rule (those at most ``max_chars`` long)."""

    def cut(m) -> str:
        span = m.group(0)
        if not span or len(span) > max_chars:
            return span
        if rule.replace is None:
            removed.append((rule.kind, span))
            return ""
        kept = m.expand(rule.replace)
        removed.append((rule.kind, span.replace(kept, "", 1) if kept else span))
        return kept

    return rule.pattern.sub(cut, text)


def _remove_inlines(rules: DebrisRules, text: str, removed: list[tuple[str, str]]) -> str:
    """Apply the inline rules in order, each only when the text meets its screen's condition
    (a rule whose condition fails has no match, so it would leave the text as it is)."""
    screen = rules.screens["inline"]
    mask = screen.candidates(text) if rules.inline else 0
    while mask:
        low = mask & -mask
        new = _remove_inline(rules.inline[low.bit_length() - 1], text, removed, rules.max_chars)
        mask ^= low
        if new != text:  # the later rules see the changed text
            text = new
            mask = screen.candidates(text) & ~((low << 1) - 1)
    return text


def _page_to_simplified(texts: list[str]) -> list[str]:
    """``to_simplified`` of every line, converted as one text: OpenCC's phrases never span a
    line break, so the lines come out as they would one by one, in one call instead of one
    per line."""
    if len(texts) < 2:
        return [to_simplified(t) for t in texts]
    out = to_simplified("\n".join(texts)).split("\n")
    return out if len(out) == len(texts) else [to_simplified(t) for t in texts]


def _remove_sentences(
    screen: RuleScreen, rules: tuple[DebrisRule, ...], text: str, removed: list[tuple[str, str]], max_chars: int
) -> str:
    """In a line too long to be debris, remove only the sentences a rule matches (the first
    in order that matches, as ``screen`` finds it)."""
    keep = []
    for piece in _PIECE.findall(text):
        sentence = piece.strip()
        found = None
        if sentence and len(sentence) <= max_chars:
            found = screen.first(sentence)
        if found is None:
            keep.append(piece)
        else:
            removed.append((rules[found[0]].kind, sentence))
    return _MULTISPACE.sub(" ", "".join(keep)).strip()


def _strip_captions(lines: list[CleanLine], rules: DebrisRules) -> None:
    """Remove photo credit lines and the stand-alone caption line just above each."""
    screen = rules.screens["caption"]
    for pos, line in enumerate(lines):
        if len(line.text) > rules.max_chars:  # no credit line: only a sentence of it can be one
            line.text = _remove_sentences(screen, rules.caption, line.text, line.removed, rules.max_chars)
            continue
        found = screen.first(line.text) if line.text else None
        if found is None:
            continue
        rule, match = rules.caption[found[0]], found[1]
        line.removed.append((rule.kind, line.text))
        embedded_caption = match.start() > 6  # "…生态社区。均本报记者袁婧摄": caption included
        line.text = ""
        if embedded_caption:
            continue
        prev = pos - 1
        while prev >= 0 and not lines[prev].text:
            prev -= 1
        if prev < 0 or not 2 <= pos - prev <= 3 or any(x.removed for x in lines[prev + 1 : pos]):
            continue  # the caption sits just above its credit, one or two blank lines between
        caption = lines[prev].text
        stands_alone = prev == 0 or not lines[prev - 1].text
        if (
            stands_alone
            and len(caption) <= rules.caption_max_chars
            and caption.count("。") <= 1
            and not caption.startswith(("“", "「"))
        ):
            lines[prev].removed.append(("photo_caption", caption))
            lines[prev].text = ""
