"""Bytes to text: declared charset first, detection when absent, mojibake repair, binary refused.

Arabic pages in the wild come as UTF-8, windows-1256 or ISO-8859-6, often without a declaration, and
sometimes as UTF-8 that was decoded once as Latin-1/windows-1252/windows-1256 and saved again (mojibake).
Decoding happens once, at read time: the resulting string is the document text every offset indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Magic numbers of formats that are never text (the first bytes decide, before any decoding attempt).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"RIFF", "RIFF"),
    (b"OggS", "Ogg"),
    (b"\x00\x00\x00", "binary"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", re.I)

# Arabic letters (the basic block, not presentation forms).
_ARABIC = re.compile(r"[\u0621-\u064A]")
# Characters windows-1256 produces for bytes that hold accented Latin letters: many of them in a decoded
# "Arabic" page mean the guess was wrong.
_CP1256_LATIN = re.compile(r"[\u00C0-\u00FF\u0152\u0153\u0192]")
# UTF-8 Arabic read as Latin-1 / windows-1252 ("Ø§Ù„") or as windows-1256 ("ط§ظ„").
_MOJIBAKE_LATIN = re.compile(
    r"[\u00D8\u00D9\u00DA\u00DB][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]"
)
_MOJIBAKE_1256 = re.compile(
    r"[\u0637\u0638][\u00A0-\u00BF\u0600-\u06FF\u2013-\u203A\u20AC\u2122\u0152\u0153\u0192\u067E\u0679\u0686\u0688\u0691\u0698\u06A9\u06AF\u06BA\u06BE\u06C1\u06D2]"
)


@dataclass(slots=True)
class Decoded:
    text: str | None
    encoding: str | None = None
    how: str = ""  # "bom", "declared", "utf-8", "detected", "repaired"
    error: tuple[str, str] | None = None  # (reason, one-line detail) when refused


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary content, or None when ``data`` may be text."""
    head = data[:16]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary"
    # Control bytes other than whitespace are rare in any text encoding.
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if sample and ctrl / len(sample) > 0.05:
        return "binary"
    return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            return m.group(1)
    head = data[:4096]
    mb = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return mb.group(1).decode("ascii", "replace") if mb else None


def _norm_enc(name: str) -> str | None:
    import codecs

    n = name.strip().lower()
    aliases = {
        "arabic": "iso8859_6",
        "iso-8859-6-i": "iso8859_6",
        "x-mac-arabic": "mac_arabic",
        "windows-1256": "cp1256",
    }
    n = aliases.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def _arabic_score(text: str) -> float:
    """How much ``text`` looks like real Arabic: frequent letter pairs up, stray Latin accents down."""
    n = len(text) or 1
    good = text.count("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}") * 4 + len(_ARABIC.findall(text))
    bad = len(_CP1256_LATIN.findall(text)) * 6
    return (good - bad) / n


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 decoded as a single-byte code page (Latin-1, windows-1252, windows-1256)."""
    if len(_MOJIBAKE_LATIN.findall(text[:20000])) >= 3:
        import ftfy

        fixed = ftfy.fix_encoding(text)
        if fixed != text and len(_ARABIC.findall(fixed)) > len(_ARABIC.findall(text)):
            return fixed, True
        for enc in ("cp1252", "latin-1"):
            try:
                fixed = text.encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            return fixed, True
    if len(_MOJIBAKE_1256.findall(text[:20000])) >= 5:
        # ftfy does not know windows-1256; the reverse trip is exact when the whole text was mangled.
        try:
            fixed = text.encode("cp1256").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text, False
        if _arabic_score(fixed) > _arabic_score(text):
            return fixed, True
    return text, False


def decode(data: bytes, content_type: str | None = None, max_bytes: int | None = None) -> Decoded:
    """Decode ``data``; a refusal carries (reason, detail) and no text."""
    if max_bytes is not None and len(data) > max_bytes:
        return Decoded(None, error=("too_large", f"{len(data)} bytes exceeds the limit of {max_bytes}"))
    if not data.strip():
        return Decoded(None, error=("empty", "no content"))
    kind = sniff_binary(data)
    if kind:
        return Decoded(None, error=("binary", f"{kind} content, not text"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _finish(data[3:].decode("utf-8", "replace"), "utf-8", "bom")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finish(data.decode("utf-16", "replace"), "utf-16", "bom")
    try:
        return _finish(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    declared = declared_charset(data, content_type)
    enc = _norm_enc(declared) if declared else None
    if enc and enc != "utf-8":
        try:
            return _finish(data.decode(enc), enc, "declared")
        except UnicodeDecodeError:
            pass
    # Not UTF-8 and no usable declaration: choose among the Arabic single-byte code pages by how Arabic the
    # result looks; other languages go to charset-normalizer.
    best: tuple[float, str, str] | None = None
    for cand in ("cp1256", "iso8859_6"):
        try:
            t = data.decode(cand)
        except UnicodeDecodeError:
            continue
        s = _arabic_score(t)
        if best is None or s > best[0]:
            best = (s, cand, t)
    if best is not None and best[0] > 0.2:
        return _finish(best[2], best[1], "detected")
    from charset_normalizer import from_bytes

    match = from_bytes(data[:200_000]).best()
    if match is not None and match.encoding:
        try:
            return _finish(data.decode(match.encoding, "replace"), match.encoding, "detected")
        except LookupError:
            pass
    # Mostly UTF-8 with a few broken bytes (a truncated download): keep it, with replacement characters.
    bad = data[utf8_error.start : utf8_error.start + 1]
    if data.decode("utf-8", "replace").count("\N{REPLACEMENT CHARACTER}") < max(3, len(data) // 1000):
        return _finish(data.decode("utf-8", "replace"), "utf-8", "utf-8-replace")
    return Decoded(None, error=("undecodable", f"not valid text in any known encoding (byte {bad!r})"))


def _finish(text: str, enc: str, how: str) -> Decoded:
    if not text.strip():  # a byte-order mark and nothing else, or only whitespace in a wide encoding
        return Decoded(None, error=("empty", f"no content after decoding as {enc}"))
    fixed, repaired = repair_mojibake(text)
    if "\x00" in fixed:  # a NUL past the binary sniff: PostgreSQL cannot store it; U+FFFD keeps offsets
        fixed = fixed.replace("\x00", "\N{REPLACEMENT CHARACTER}")
    return Decoded(fixed, enc, "repaired" if repaired else how)
