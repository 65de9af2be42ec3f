"""Bytes to text: encoding detection that records what it found, and says why it failed.

Order of evidence: a byte-order mark; strict UTF-8 (what nearly all modern pages are);
otherwise charset-normalizer restricted to the encodings Chinese news comes in, so that a
GBK page is not read as Latin-1 mojibake. Empty, binary and undecodable inputs are not
errors: they come back as a ``Decoded`` with a ``reason`` and become excluded rows.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Candidates for charset-normalizer when a file is not UTF-8. GB18030 is a superset of GBK
# and GB2312; Big5 (and its HKSCS extension) covers Traditional pages. UTF-16 without a BOM
# is recognised before (its NUL bytes would otherwise look binary).
CANDIDATE_ENCODINGS = ["gb18030", "big5", "big5hkscs"]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]


@dataclass(frozen=True)
class Decoded:
    """The result of decoding one input: ``text`` or a ``reason`` it has none."""

    text: str | None
    encoding: str
    reason: str = ""
    detail: str = ""


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes mean not text (UTF-16 is tried before this)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > 0.05 * max(len(sample), 1)


def _cjk_share(text: str) -> float:
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    visible = sum(1 for ch in text if not ch.isspace())
    return cjk / visible if visible else 0.0


def decode_bytes(data: bytes) -> Decoded:
    """Decode a news file.

    Returns ``Decoded(text, encoding)``; on failure ``text`` is None and ``reason`` is one of
    ``empty_file``, ``binary_file``, ``undecodable``.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return Decoded(None, "", "empty_file", "the file holds no text")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                return Decoded(None, label, "undecodable", f"{label} BOM but invalid bytes: {err.reason}")
            if not text.strip():
                return Decoded(None, label, "empty_file", "the file holds no text")
            return Decoded(text, label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(data):
            return Decoded(text, "utf-8")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        return Decoded(None, "", "binary_file", "NUL or control bytes: not a text file")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        return Decoded(None, "", "undecodable", "no Chinese text encoding fits these bytes")
    text = str(best)
    encoding = best.encoding.replace("_", "-")
    if _cjk_share(text) < 0.05:
        # Decodes, but not to Chinese: not a news text of ours, rather than mojibake.
        return Decoded(None, encoding, "undecodable", f"decodes as {encoding} but holds no Chinese text")
    return Decoded(text, encoding)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: valid in one byte order and mostly Chinese or ASCII."""
    if len(data) % 2 or b"\x00" not in data[:8192]:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for ch in text if ch.isprintable() or ch.isspace())
        if readable > 0.97 * len(text) and _cjk_share(text) > 0.1:
            return Decoded(text, codec)
    return None
