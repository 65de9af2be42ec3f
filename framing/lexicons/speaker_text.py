"""The characters the voice rules are written in: Han and Latin names, clause and sentence ends.

The rules of ``sources.toml`` (:mod:`framing.lexicons.speaker_rules`) and voice attribution
(:mod:`framing.scoring.voices`) build on these; they know nothing of speakers or cues.
"""

from __future__ import annotations

import re

__all__ = [
    "CLAUSE_DELIMS",
    "HAN",
    "HAN_RE",
    "LATIN_NAME",
    "PUNCT_END",
    "TITLE_DELIMS",
    "TITLE_RUN",
    "clause_start",
    "content_len",
    "no_content",
]

HAN = "\u3400-\u9fff\U00020000-\U0003134f"
"""The Han characters, as the inside of a regular-expression character class."""
HAN_RE = re.compile(f"[{HAN}]")
LATIN_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+)+"
"""A personal name in Latin letters (Sam Altman): capitalised words joined by spaces."""
TITLE_RUN = 40
"""At most this many characters of title before a title word."""
PUNCT_END = set("。.!！?？…;；,，、:： \t\"'”’」』)）")
"""Punctuation that does not count as content (:func:`content_len`)."""
CLAUSE_DELIMS = set(",，;；:：。!！?？“”「」『』‘’\n")
"""Characters that end a clause (:func:`clause_start`)."""
TITLE_DELIMS = ",，;；:：。!！?？“”「」\n"
"""Characters a title cannot run over."""
# a character that counts for content_len: not in PUNCT_END and not whitespace (\s is
# str.isspace for str patterns)
_CONTENT_CHAR_RE = re.compile("[^\\s" + re.escape("".join(sorted(PUNCT_END))) + "]")


def clause_start(s: str, p: int) -> int:
    """Where the clause holding position ``p`` of ``s`` starts.

    Parameters
    ----------
    s : str
        The text.
    p : int
        A position in ``s`` (the clause runs back from just before it).

    Returns
    -------
    int
        The position after the last character of :data:`CLAUSE_DELIMS` before ``p`` (0
        when there is none).
    """
    q = p
    while q > 0 and s[q - 1] not in CLAUSE_DELIMS:
        q -= 1
    return q


def content_len(s: str) -> int:
    """How many characters of ``s`` are content.

    Parameters
    ----------
    s : str
        The text to count in (a sentence, a clause, a fragment).

    Returns
    -------
    int
        The number of characters that are neither whitespace nor in :data:`PUNCT_END`.
    """
    return len(_CONTENT_CHAR_RE.findall(s))


def no_content(s: str) -> bool:
    """Whether ``s`` holds no content: ``content_len(s) == 0``, without counting.

    Parameters
    ----------
    s : str
        The text.

    Returns
    -------
    bool
        True when every character is whitespace or in :data:`PUNCT_END`.
    """
    return _CONTENT_CHAR_RE.search(s) is None
