"""Clean text: width, whitespace and zero-width normalisation, Traditional to Simplified, and
removal of scraping debris (patterns in ``lexicons/debris.toml``), recording what went.

Work is line by line so that page structure (blank lines between blocks) survives for the
article splitter, and every removal can be reported with its kind and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from framing.errors import LexiconError
from framing.paths import lexicon_file, read_toml

# Zero-width and invisible format characters that scrapers leave behind.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
# Unicode spaces (no-break, em, ideographic ...) become one ASCII space.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]+")
_MULTISPACE = re.compile(r" {2,}")


def _fullwidth_alnum(ch: str) -> str:
    code = ord(ch)
    return chr(code - 0xFEE0)


# Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) to ASCII; Chinese punctuation stays.
_WIDTH = {c: _fullwidth_alnum(chr(c)) for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: _fullwidth_alnum(chr(c)) for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: _fullwidth_alnum(chr(c)) for c in range(0xFF41, 0xFF5B)})


def normalize_line(line: str) -> str:
    """Width, zero-width and whitespace normalisation of one line (no script conversion)."""
    line = line.translate(_ZERO_WIDTH).translate(_WIDTH)
    line = _SPACES.sub(" ", line)
    line = _MULTISPACE.sub(" ", line)
    return line.strip()


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to Simplified with OpenCC's phrase-aware ``t2s`` tables."""
    return _t2s().convert(text) if text else text


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002ffff"


def detect_script(original: str, simplified: str) -> str:
    """``simplified``, ``traditional`` or ``mixed``: share of CJK characters OpenCC changed."""
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


@dataclass(frozen=True)
class DebrisRule:
    kind: str
    pattern: re.Pattern[str]
    scope: str  # inline | line | caption


@dataclass(frozen=True)
class DebrisRules:
    """Compiled debris patterns from a TOML file."""

    inline: tuple[DebrisRule, ...]
    line: tuple[DebrisRule, ...]
    caption: tuple[DebrisRule, ...]
    caption_max_chars: int
    version: str
    path: str = ""


def load_debris_rules(path: str | Path | None = None) -> DebrisRules:
    """Read and compile a debris file (default: the bundled ``lexicons/debris.toml``)."""
    path = Path(path) if path else lexicon_file("debris.toml")
    return _load_debris_rules(str(path))


def _load_debris_rules(path: str) -> DebrisRules:
    data = read_toml(path, "debris")
    scopes: dict[str, list[DebrisRule]] = {"inline": [], "line": [], "caption": []}
    for scope in scopes:
        for i, entry in enumerate(data.get(scope, []), 1):
            kind, pattern = entry.get("kind"), entry.get("pattern")
            if not isinstance(kind, str) or not isinstance(pattern, str) or not pattern:
                raise LexiconError(
                    f"{path}: [[{scope}]] entry {i} needs a 'kind' and a non-empty 'pattern'; "
                    "fix: add both as strings"
                )
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                raise LexiconError(
                    f"{path}: [[{scope}]] entry {i} ({kind}): bad regular expression: {err}; "
                    "fix: correct the pattern"
                ) from None
            scopes[scope].append(DebrisRule(kind, compiled, scope))
    return DebrisRules(
        inline=tuple(scopes["inline"]),
        line=tuple(scopes["line"]),
        caption=tuple(scopes["caption"]),
        caption_max_chars=int(data.get("caption_max_chars", 60)),
        version=str(data.get("version", "")),
        path=path,
    )


@dataclass
class CleanLine:
    """One line of a page: as read, and clean (empty when the line was removed)."""

    index: int
    original: str
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)


def clean_lines(raw_text: str, rules: DebrisRules | None = None) -> list[CleanLine]:
    """Normalise every line of a page and strip debris.

    Each returned line keeps its ``original`` text; ``text`` is the clean Simplified line
    (empty for blank or removed lines) and ``removed`` lists ``(kind, text)`` pairs.
    """
    rules = rules or load_debris_rules()
    raw_lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[CleanLine] = []
    for i, original in enumerate(raw_lines):
        removed: list[tuple[str, str]] = []
        text = original
        for rule in rules.inline:  # pinyin readings are matched on the text as read
            for m in rule.pattern.finditer(text):
                removed.append((rule.kind, m.group(0)))
            text = rule.pattern.sub("", text)
        text = to_simplified(normalize_line(text))
        for rule in rules.line:
            if text and rule.pattern.search(text):
                removed.append((rule.kind, text))
                text = ""
        lines.append(CleanLine(i, original, text, removed))
    _strip_captions(lines, rules)
    return lines


def _strip_captions(lines: list[CleanLine], rules: DebrisRules) -> None:
    """Remove photo credit lines and the stand-alone caption line just above each."""
    for pos, line in enumerate(lines):
        if not line.text or not any(r.pattern.search(line.text) for r in rules.caption):
            continue
        rule, match = next(
            (r, m) for r in rules.caption if (m := r.pattern.search(line.text)) is not None
        )
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
