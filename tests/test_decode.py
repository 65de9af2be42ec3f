"""Encoding detection: every encoding Chinese news arrives in, and the files that are not text."""

from __future__ import annotations

import codecs

import pytest

from framing.corpus.decode import decode_bytes

TEXT = "国内研究机构和业界在AI文生视频领域快速跟进,新的“百模大战”又起?梅涛说。\n第二行。"
TRAD = "誰是中國版Sora。面對Sora帶來的挑戰,不妨讓子彈再飛一會兒。國產大模型的差距其實並沒有多遠。"


@pytest.mark.parametrize(
    "text, data, encoding",
    [
        (TEXT, TEXT.encode("utf-8"), "utf-8"),
        (TEXT, codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT, TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (TEXT, codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT, TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT, TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT * 3, (TEXT * 3).encode("gb18030"), "gb18030"),
        (TRAD * 3, (TRAD * 3).encode("big5"), "big5"),
    ],
)
def test_encodings_round_trip(text: str, data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.reason == ""
    assert decoded.encoding == encoding
    assert decoded.text == text


def test_gbk_text_is_not_read_as_latin() -> None:
    decoded = decode_bytes(("人工智能文生视频模型。" * 20).encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text == "人工智能文生视频模型。" * 20


@pytest.mark.parametrize("data", [b"", b"   \n\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n"])
def test_empty(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text is None and decoded.reason == "empty_file"


def test_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    decoded = decode_bytes(png)
    assert decoded.text is None and decoded.reason == "binary_file"


def test_undecodable() -> None:
    decoded = decode_bytes(b"\x80\x81\x82\xff" * 50)
    assert decoded.text is None and decoded.reason == "undecodable"
