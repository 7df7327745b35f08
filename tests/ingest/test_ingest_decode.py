"""Decoding: declared charset, detection of undeclared Arabic code pages, mojibake repair, binary refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline.ingest.decode import decode, repair_mojibake, sniff_binary

AR = "قصفت الطائرات الحربية مواقع في ريف المدينة، وقال شهود إن الغارات أوقعت قتلى وجرحى بين المدنيين."


@pytest.mark.parametrize("enc", ["utf-8", "cp1256", "iso8859_6"])
def test_undeclared_arabic_code_pages(enc: str) -> None:
    data = AR.encode(enc)
    got = decode(data)
    assert got.error is None
    assert got.text == AR
    if enc != "utf-8":
        assert got.how == "detected"


def test_declared_charset_wins() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{AR}</p></body></html>'
    got = decode(page.encode("cp1256"))
    assert got.how == "declared" and got.text is not None and AR in got.text


@pytest.mark.parametrize("mangle", ["latin-1", "cp1252", "cp1256"])
def test_mojibake_repaired(mangle: str) -> None:
    broken = (
        AR.encode("utf-8").decode(mangle, errors="ignore")
        if mangle != "cp1252"
        else AR.encode("utf-8").decode("cp1252", "replace")
    )
    fixed, did = repair_mojibake(broken)
    if mangle == "cp1252" and "\N{REPLACEMENT CHARACTER}" in broken:
        assert did  # partly lossy input: at least repaired to mostly Arabic
        assert sum("\u0621" <= c <= "\u064a" for c in fixed) > len(AR) // 2
    else:
        assert did and fixed == AR


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n" + bytes(200), "binary"),
        (b"abc\x00\x01\x02" * 100, "binary"),
    ],
)
def test_refusals(data: bytes, reason: str) -> None:
    got = decode(data)
    assert got.text is None and got.error is not None and got.error[0] == reason
    assert got.error[1] and "\n" not in got.error[1]


def test_too_large() -> None:
    got = decode(b"a" * 101, max_bytes=100)
    assert got.error is not None and got.error[0] == "too_large"


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200).filter(
        lambda s: s.strip()
    )
)
def test_utf8_roundtrip(s: str) -> None:
    got = decode(s.encode("utf-8"))
    assert got.error is None
    assert got.text is not None
    if got.how == "utf-8":
        assert got.text == s


def test_sniff_text_is_not_binary() -> None:
    assert sniff_binary(AR.encode("utf-8")) is None
    assert sniff_binary("\ufeff".encode() + AR.encode("utf-8")) is None
