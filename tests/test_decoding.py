"""Bytes to text: marks, wide encodings, declared and detected charsets, a few bad bytes, binary data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.decoding import NotTextError, declared_charset, decode, detect
from tests.conftest import encode_cp1258

TEXT = "Huyện Vĩnh Lộc tổ chức hội nghị tổng kết năm 2021, đạt 21/26 chỉ tiêu chủ yếu. Chủ tịch UBND huyện phát biểu."


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_unicode_encodings_with_or_without_a_mark(encoding: str) -> None:
    assert decode(TEXT.encode(encoding)).text == TEXT


def test_windows_1258_declared_or_detected() -> None:
    raw = encode_cp1258(TEXT)
    assert decode(raw, "windows-1258").text.startswith("Huy")
    assert detect(raw) == "cp1258"


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode(TEXT.encode("utf-8"), "iso-8859-1").text == TEXT


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=len(TEXT.encode()) - 1), min_size=1, max_size=3))
def test_a_few_bad_bytes_are_replaced_and_nothing_else(positions: list[int]) -> None:
    raw = bytearray(TEXT.encode("utf-8"))
    for position in positions:
        raw.insert(position, 0xFF)
    decoded = decode(bytes(raw), "utf-8")
    assert decoded.encoding == "utf-8"
    assert 1 <= decoded.replaced <= 4 * len(positions)  # a byte inside a letter breaks the letter too
    kept = decoded.text.replace("\ufffd", "")
    assert sum(c in kept for c in "ệĩộổứ") >= 3  # the Vietnamese letters are still Vietnamese


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(64), "ELF executable"),
        (b"MZ\x90\x00\x03" + bytes(64), "Windows executable"),
        (b"\x89PNG\r\n\x1a\n" + bytes(300), "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF document"),
        (b"PK\x03\x04" + bytes(range(256)), "ZIP archive"),
        (bytes(range(256)) * 4, "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control bytes"),
    ],
)
def test_binary_data_are_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(NotTextError, match=reason):
        decode(raw)


def test_text_that_merely_starts_like_a_signature_is_text() -> None:
    assert decode(b"MZ 500 tan lua").text == "MZ 500 tan lua"


@pytest.mark.parametrize(
    ("raw", "content_type", "declared"),
    [
        (b'<?xml version="1.0" encoding="windows-1258"?><rss/>', None, "windows-1258"),
        (b"<?xml version='1.0' encoding='UTF-8'?><rss/>", None, "UTF-8"),
        (b'<html><head><meta charset="windows-1258"></head>', None, "windows-1258"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', None, "utf-8"),
        (b"<rss/>", "application/rss+xml; charset=ISO-8859-1", "ISO-8859-1"),
        (b"<rss/>", "application/rss+xml", None),
    ],
)
def test_declared_charsets(raw: bytes, content_type: str | None, declared: str | None) -> None:
    assert declared_charset(raw, content_type) == declared
