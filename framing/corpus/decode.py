"""Bytes to text: encoding detection that records what it found, and says why it failed.

Order of evidence: a byte-order mark; strict UTF-8 (what nearly all modern pages are);
UTF-16 without a BOM; UTF-8 with a few invalid bytes (see below); GB18030 when every
double byte lies in the GB2312 rows of punctuation and common characters; otherwise
charset-normalizer restricted to the encodings Chinese news comes in, so that a GBK page is
not read as Latin-1 mojibake. Empty, binary and undecodable inputs are not errors: they
come back as a ``Decoded`` with a ``reason`` and become excluded rows.

*Damaged UTF-8.* One bad byte (a truncated download, a stray Latin-1 character) must not
cost a whole article. A file that is valid UTF-8 but for at most ``MAX_INVALID_SHARE``
(1 %) of its non-ASCII bytes is decoded with each invalid byte replaced by U+FFFD, and
``Decoded.replaced`` says how many. One percent is far from what other encodings give: a
GB18030 or Big5 page fails as UTF-8 on nearly every one of its non-ASCII bytes, so only a
UTF-8 file with scattered damage is read this way.

*NUL bytes.* Valid UTF-8 with a few NUL bytes (a damaged CSV export) is text, not binary;
it is binary when NUL and other control bytes exceed 5 % of the bytes. Cleaning drops the
control characters later (``framing.corpus.normalize``).

*Short GB18030 texts.* A few characters (a one-row manifest) are too little for a
statistical detector, which may call them Big5. When every double byte lies in the GB2312
rows of punctuation (lead byte A1-A3) and of the 3,755 common characters (B0-D7) the text
is taken as GB18030: Big5 text rarely fits (its own punctuation and about a third of its
common characters fall outside these rows).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Candidates for charset-normalizer when a file is not UTF-8. GB18030 is a superset of GBK
# and GB2312; Big5 (and its HKSCS extension) covers Traditional pages. UTF-16 without a BOM
# is recognised before (its NUL bytes would otherwise look binary).
CANDIDATE_ENCODINGS = ["gb18030", "big5", "big5hkscs"]
#: Largest share of a file's non-ASCII bytes that may be invalid UTF-8 and be replaced.
MAX_INVALID_SHARE = 0.01
#: Share of NUL and control bytes above which a file is binary.
MAX_CONTROL_SHARE = 0.05

_GB2312_COMMON = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xa3\xb0-\xd7][\xa1-\xfe])*")
_ESCAPED = re.compile("[\udc80-\udcff]")
_ASCII = bytes(range(128))

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
    replaced: int = 0  # invalid bytes replaced by U+FFFD


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes mean not text (UTF-16 is tried before this)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    return control_share(sample) > MAX_CONTROL_SHARE


def control_share(sample: bytes) -> float:
    """The share of control bytes (below 32, other than tab, line and page breaks) in some bytes.

    Parameters
    ----------
    sample:
        The bytes, e.g. the first 8 KiB of a file.

    Returns
    -------
    float
        0..1; above ``MAX_CONTROL_SHARE`` the bytes are not text.
    """
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / max(len(sample), 1)


def _nul_note(data: bytes) -> str:
    n = data.count(b"\x00")
    return f"{n} NUL byte{'s' if n != 1 else ''} dropped" if n else ""


def decode_utf8_replacing(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with every invalid byte replaced by U+FFFD (one U+FFFD per byte).

    Parameters
    ----------
    data : bytes
        Bytes that are UTF-8 but for a few.

    Returns
    -------
    text : str
        The decoded text.
    invalid : int
        How many bytes were invalid (each now a U+FFFD).
    non_ascii : int
        How many bytes are not ASCII (``decode_bytes`` accepts ``invalid`` up to 1 % of
        them).
    """
    text = data.decode("utf-8", "surrogateescape")  # one lone surrogate per invalid byte
    text, invalid = _ESCAPED.subn("\ufffd", text)
    non_ascii = len(data.translate(None, _ASCII))
    return text, invalid, non_ascii


def _cjk_share(text: str) -> float:
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    visible = sum(1 for ch in text if not ch.isspace())
    return cjk / visible if visible else 0.0


def decode_bytes(data: bytes) -> Decoded:
    """Decode a news file: by its byte-order mark; else as UTF-8 (or UTF-16 without a
    mark), UTF-8 with a few invalid bytes replaced, or the Chinese encoding that fits.

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    Decoded
        The text and its encoding; on failure ``text`` is None and ``reason`` is one of
        ``empty_file``, ``binary_file``, ``undecodable``. ``replaced`` counts invalid
        UTF-8 bytes replaced by U+FFFD and ``detail`` says what was repaired or why nothing
        was read.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return Decoded(None, "", "empty_file", "the file holds no text")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as err:
                repaired = _damaged_utf8(body, label)[0] if codec == "utf-8-sig" else None
                if repaired is None:
                    return Decoded(None, label, "undecodable", f"{label} BOM but invalid bytes: {err.reason}")
                return repaired
            if not text.strip():
                return Decoded(None, label, "empty_file", "the file holds no text")
            return Decoded(text, label, detail=_nul_note(body) if codec == "utf-8-sig" else "")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" in data[:8192]:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16
        if control_share(data[:8192]) <= MAX_CONTROL_SHARE:
            return Decoded(text, "utf-8", detail=_nul_note(data))
        return Decoded(None, "", "binary_file", "NUL or control bytes: not a text file")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    repaired, invalid, non_ascii = _damaged_utf8(data, "utf-8")
    if repaired is not None:
        return repaired
    if _looks_binary(data):
        return Decoded(None, "", "binary_file", "NUL or control bytes: not a text file")
    if _GB2312_COMMON.fullmatch(data):
        text = data.decode("gb18030")
        if _cjk_share(text) >= 0.05:
            return Decoded(text, "gb18030")
    # Close to UTF-8 but too damaged to repair: say so, rather than only "no encoding fits".
    hint = (
        f" (as UTF-8, {invalid} of {non_ascii} non-ASCII bytes are invalid: more than "
        f"{MAX_INVALID_SHARE:.0%}, too many to replace)"
        if invalid <= non_ascii // 4 else ""
    )
    # a costly import, needed only for bytes that are not UTF-8
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        return Decoded(None, "", "undecodable", "no Chinese text encoding fits these bytes" + hint)
    text = str(best)
    encoding = best.encoding.replace("_", "-")
    if _cjk_share(text) < 0.05:
        # Decodes, but not to Chinese: not a news text of ours, rather than mojibake.
        return Decoded(None, encoding, "undecodable", f"decodes as {encoding} but holds no Chinese text" + hint)
    return Decoded(text, encoding)


def _damaged_utf8(data: bytes, label: str) -> tuple[Decoded | None, int, int]:
    """UTF-8 with a few invalid bytes replaced, or None when there are too many.

    Returns the ``Decoded`` (or None), the number of invalid bytes and of non-ASCII bytes.
    """
    text, invalid, non_ascii = decode_utf8_replacing(data)
    if invalid == 0 or invalid > MAX_INVALID_SHARE * non_ascii or _looks_binary_text(data):
        return None, invalid, non_ascii
    if not text.strip():
        return Decoded(None, label, "empty_file", "the file holds no text"), invalid, non_ascii
    plural = "s" if invalid != 1 else ""
    notes = [f"{invalid} invalid UTF-8 byte{plural} replaced by U+FFFD", _nul_note(data)]
    return Decoded(text, label, detail="; ".join(n for n in notes if n), replaced=invalid), invalid, non_ascii


def _looks_binary_text(data: bytes) -> bool:
    return control_share(data[:8192]) > MAX_CONTROL_SHARE


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
