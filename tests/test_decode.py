"""Encoding detection and decoding (soefacts.decode)."""

from __future__ import annotations

import codecs

import pytest

from soefacts import decode as d

SIMPLIFIED = ("2023年，中央企业实现营业收入39.8万亿元，同比增长3.6%；利润总额约2.6万亿元。\n\n"
              "全省国资国企欠薪约54.6亿元，涉及职工3.8万人。")
TRADITIONAL = ("國務院國資委表示，中央企業去年實現營業收入約三十九點八萬億元，同比增長百分之三點六。\n"
               "全年上繳稅費二點六萬億元，職工人數超過一百萬人。")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "gb18030", "gbk", "gb2312"])
def test_simplified_text_decodes_the_same_in_every_encoding(encoding):
    data = SIMPLIFIED.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = codecs.BOM_UTF16_LE + data if encoding.endswith("le") else codecs.BOM_UTF16_BE + data
    assert d.decode(data) == SIMPLIFIED


@pytest.mark.parametrize("encoding", ["utf-8", "big5", "cp950", "utf-16"])
def test_traditional_text_decodes_the_same_in_every_encoding(encoding):
    assert d.decode(TRADITIONAL.encode(encoding)) == TRADITIONAL


def test_detection_names_the_encoding():
    assert d.detect(SIMPLIFIED.encode("utf-8")) == "utf-8"
    assert d.detect(codecs.BOM_UTF8 + SIMPLIFIED.encode()) == "utf-8-sig"
    assert d.detect(SIMPLIFIED.encode("utf-16")) == "utf-16"
    assert d.detect(SIMPLIFIED.encode("gbk")) == "gb18030"
    assert d.detect(TRADITIONAL.encode("big5")) in ("big5", "cp950")


@pytest.mark.parametrize("n", [2, 5, 12, 40])
def test_short_texts_still_pick_the_right_chinese_encoding(n):
    assert d.decode(SIMPLIFIED[:n].encode("gb18030")) == SIMPLIFIED[:n]
    assert d.decode(TRADITIONAL[:n].encode("big5")) == TRADITIONAL[:n]


def test_plausibility_tells_a_right_reading_from_a_wrong_one():
    gb, big5 = SIMPLIFIED.encode("gb18030"), TRADITIONAL.encode("big5")
    assert d.plausibility(gb.decode("gb18030")) > 0.8 > 0.3 > d.plausibility(gb.decode("big5", "replace"))
    assert d.plausibility(big5.decode("big5")) > 0.8 > 0.3 > d.plausibility(big5.decode("gb18030", "replace"))
    assert d.plausibility("plain ASCII") == 1.0


def test_byte_order_marks_are_not_part_of_the_text():
    assert d.decode(codecs.BOM_UTF8 + "约54.6亿元".encode()) == "约54.6亿元"
    assert d.decode("约54.6亿元".encode("utf-16")) == "约54.6亿元"
    # a forced utf-8 drops the mark too, so offsets agree with the detected reading
    assert d.decode(codecs.BOM_UTF8 + "约54.6亿元".encode(), "utf-8") == "约54.6亿元"


def test_empty_input_is_empty_text():
    assert d.decode(b"") == ""
    assert d.decode(b"", "gbk") == ""


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
    (b"PK\x03\x04\x14\x00", "ZIP archive or Office document"),
    (b"\x1f\x8b\x08\x00", "gzip data"),
])
def test_known_binary_formats_are_not_text(data, kind):
    with pytest.raises(d.DecodeError, match=rf"not text \({kind}\)"):
        d.decode(data)
    # even when an encoding is forced
    with pytest.raises(d.DecodeError, match="not text"):
        d.decode(data, "latin-1")


def test_nul_bytes_and_control_bytes_are_binary():
    with pytest.raises(d.DecodeError, match=r"not text \(binary data\)"):
        d.decode("国企改革".encode() + b"\x00\x00\x01")
    with pytest.raises(d.DecodeError, match=r"not text \(binary data\)"):
        d.decode(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"text")
    # UTF-16 without a byte-order mark is indistinguishable from binary data here
    with pytest.raises(d.DecodeError, match="binary"):
        d.decode("abc".encode("utf-16-le"))


def test_bytes_no_candidate_accepts_are_undecodable():
    with pytest.raises(d.DecodeError, match="cannot decode"):
        d.decode(b"abc \x80\xff\x80\xff")  # 0x80 and 0xFF start no character in any candidate
    with pytest.raises(d.DecodeError, match="cannot decode"):
        d.decode(b"abc \x81")  # a lone lead byte at the very end


def test_damaged_utf8_is_undecodable_rather_than_mojibake():
    damaged = "国有企业改革深化提升行动".encode()[:-2]
    assert damaged.decode("gb18030")  # strictly valid GB18030, but mojibake (鍥芥湁浼佷笟...)
    with pytest.raises(d.DecodeError, match="cannot decode"):
        d.decode(damaged)
    # a short text with rare characters is too little to judge and is accepted
    assert d.decode("琰琇".encode("gb18030")) == "琰琇"


def test_forced_encoding_is_used_and_its_failure_reported():
    gbk = SIMPLIFIED.encode("gbk")
    assert d.decode(gbk, "gbk") == SIMPLIFIED
    with pytest.raises(d.DecodeError, match=r"cannot decode as utf-8 \(invalid bytes at offset \d+\)"):
        d.decode(gbk, "utf-8")
    assert d.check_encoding("GBK") == "gbk"
    with pytest.raises(LookupError):
        d.check_encoding("no-such-codec")


def test_detect_on_a_file_start_tolerates_a_character_cut_in_two():
    data = SIMPLIFIED.encode("utf-8")
    cut = data[: len(data) - 1]  # ends inside a multibyte character
    assert d.detect(cut, complete=False) == "utf-8"
    assert d.detect(SIMPLIFIED.encode("gb18030")[:-1], complete=False) == "gb18030"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030", "big5"])
def test_incremental_decoding_in_small_chunks_equals_whole_decoding(encoding):
    text = TRADITIONAL if encoding == "big5" else SIMPLIFIED
    data = text.encode(encoding)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    dec = d.incremental_decoder(encoding, data)
    out = "".join(dec.decode(data[i:i + 7]) for i in range(0, len(data), 7)) + dec.decode(b"", True)
    assert out == text
