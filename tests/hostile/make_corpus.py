"""Write the hostile-input corpus into a directory, at test time (nothing large is ever committed).

Each case is a file an attacker, a broken crawler or an unlucky analyst could hand to ``rasd extract``,
together with what rasd must do with it: the set of acceptable outcomes (a Drop with one of the listed
reasons, or ``None`` for a clean result) and how many documents the file must yield, so that a run over the
whole corpus can prove every input was accounted for.

Run it by hand to look at the files:  ``python tests/hostile/make_corpus.py /tmp/hostile [--big]``
"""

from __future__ import annotations

import io
import json
import os
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Short Arabic passages written for these tests (never article text from ../shared).
AR_SENTENCE = (
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} "
    "\N{ARABIC LETTER KHAH}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER TEH MARBUTA} "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER YEH}\N{ARABIC LETTER NOON} "
    "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} "
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH} "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAD}\N{ARABIC LETTER FEH}\N{ARABIC LETTER ALEF}"
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}"
    "\N{ARABIC LETTER REH}\N{ARABIC LETTER BEH}\N{ARABIC LETTER AIN}\N{ARABIC LETTER ALEF}"
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}."
)
# "An official source said that ..." - a second sentence so that extraction has a body to keep.
AR_SENTENCE_2 = (
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER QAF}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM} "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SAD}\N{ARABIC LETTER DAL}\N{ARABIC LETTER REH} "
    "\N{ARABIC LETTER REH}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER YEH} "
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER NOON} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER HAH}\N{ARABIC LETTER ALEF}"
    "\N{ARABIC LETTER DAL}\N{ARABIC LETTER THEH} "
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER QAF}\N{ARABIC LETTER AIN} "
    "\N{ARABIC LETTER SAD}\N{ARABIC LETTER BEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER HAH} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER WAW}"
    "\N{ARABIC LETTER MEEM}."
)
ARTICLE = AR_SENTENCE + "\n" + AR_SENTENCE_2
# "a billion billion dead" / "a thousand thousand thousand wounded"
BILLION = "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER LAM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER REH}"
DEAD = "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER LAM}"
THOUSAND = "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER LAM}\N{ARABIC LETTER FEH}"
WOUNDED = "\N{ARABIC LETTER JEEM}\N{ARABIC LETTER REH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER HAH}"
DECEMBER = "\N{ARABIC LETTER DAL}\N{ARABIC LETTER YEH}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER BEH}\N{ARABIC LETTER REH}"
YEAR = "\N{ARABIC LETTER AIN}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER MEEM}"
URGENT = "\N{ARABIC LETTER AIN}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER JEEM}\N{ARABIC LETTER LAM}"

CLEAN = None  # an acceptable outcome: the document comes through without a Drop
ANY_DROP = "*"  # an acceptable outcome: any deliberate Drop (never ``stage_error``)


@dataclass
class Case:
    name: str  # file name inside the corpus directory
    make: Callable[[Path], None]
    outcomes: frozenset[str | None]  # acceptable drop reasons; CLEAN for no drop; ANY_DROP for any reason
    docs: int = 1  # documents the file must yield
    big: bool = False  # only written with big=True (the 100 MB case)
    note: str = ""
    threat: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def _w(data: bytes) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        p.write_bytes(data)

    return make


def _html(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def _nested(depth: int) -> bytes:
    # Unclosed and deeply nested: libxml2 refuses trees deeper than 256 without XML_PARSE_HUGE.
    return _html("<div><span><b>" * depth + f"<p>{ARTICLE}</p>").encode()


def _unclosed() -> bytes:
    parts = [f"<p><b><i><a href='x'>{AR_SENTENCE}<table><tr><td>{AR_SENTENCE_2}" for _ in range(2000)]
    return ("<html><head><title>unclosed" + "".join(parts) + "<!-- never closed <script>var a = '").encode()


def _entity_flood() -> bytes:
    # 4 MB of entities: named, decimal, hex, and unknown ones; each must cost linear time to decode.
    flood = "&amp;&#1575;&#x644;&nbsp;&bogus;&#99999999999;" * 100_000
    return _html(f"<p>{ARTICLE}</p><p>{flood}</p>").encode()


def _billion_laughs() -> bytes:
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        ents.append(f'<!ENTITY lol{i} "{prev * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(ents) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title>'
        f"<item><title>&lol9;</title><description>{ARTICLE} &lol9;</description>"
        "<link>http://example.com/a</link></item></channel></rss>"
    ).encode()


def _external_entity() -> bytes:
    # XXE: an external entity pointing at a local file must never be read into a document.
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<rss version="2.0"><channel><title>x</title>'
        f"<item><title>t</title><description>&xxe; {ARTICLE}</description></item></channel></rss>"
    ).encode()


def _gzip_stream(pattern: bytes, total: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = pattern * max(1, (1 << 20) // len(pattern))
    out, n = [], 0
    while n < total:
        out.append(c.compress(chunk))
        n += len(chunk)
    out.append(c.flush())
    return b"".join(out)


def _warc(records: list[tuple[str, list[tuple[str, str]], bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, headers, payload in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        rec = w.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(payload),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-01T10:00:00Z"},
        )
        w.write_record(rec)
    return buf.getvalue()


def _warc_gzip_bomb() -> bytes:
    good = _html(f"<p>{ARTICLE}</p>").encode()
    # 200 MB of HTML inside 0.8 MB of gzip, sent with Content-Encoding: gzip: a decompression bomb.
    bomb = _gzip_stream(("<p>" + "\N{ARABIC LETTER ALEF}" * 61 + "</p>").encode(), 200_000_000)
    html = [("Content-Type", "text/html; charset=utf-8")]
    return _warc(
        [
            ("http://example.com/good-1", html, good),
            ("http://example.com/bomb", [*html, ("Content-Encoding", "gzip")], bomb),
            ("http://example.com/good-2", html, good.replace(b"<title>t", b"<title>u")),
        ],
        gz=True,
    )


def _warc_truncated() -> bytes:
    good = _html(f"<p>{ARTICLE}</p>").encode()
    data = _warc([("http://example.com/a", [("Content-Type", "text/html")], good)] * 3, gz=True)
    return data[: len(data) * 2 // 3]


def _warc_garbage() -> bytes:
    return b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\n" + os.urandom(3000)


def _cp1256(declared: str | None) -> bytes:
    head = f'<meta charset="{declared}">' if declared else ""
    return _html(f"<p>{ARTICLE}</p>", head=head).encode("cp1256")


def _mixed_scripts() -> bytes:
    mixed = (
        f"{AR_SENTENCE} Latin text, \u0420\u0443\u0441\u0441\u043a\u0438\u0439, \u05e2\u05d1\u05e8\u05d9\u05ea, "
        "\u4e2d\u6587, \u0939\u093f\u0928\u094d\u0926\u0940, \U0001f525\U0001f1f8\U0001f1fe, "
        "\u0661\u0662\u0663 \u06f4\u06f5\u06f6 123, \ufefb\ufef7 \u0640\u0640\u0640 "
        f"{AR_SENTENCE_2}\n"
    )
    return (mixed * 20).encode()


def _bidi() -> bytes:
    rlo, lro, pdf = "\N{RIGHT-TO-LEFT OVERRIDE}", "\N{LEFT-TO-RIGHT OVERRIDE}", "\N{POP DIRECTIONAL FORMATTING}"
    rli, pdi, rlm, zw = "\N{RIGHT-TO-LEFT ISOLATE}", "\N{POP DIRECTIONAL ISOLATE}", "\N{RIGHT-TO-LEFT MARK}", "\u200b"
    text = f"{rlo}{AR_SENTENCE}{pdf} {lro}exe.txt{pdf} {rli}{AR_SENTENCE_2}{rlm}{zw}{pdi}" + rlo * 500
    return text.encode()


def _jsonl_hostile() -> bytes:
    lines = [
        {"id": "nul", "text": f"{AR_SENTENCE}\x00{AR_SENTENCE_2}\x00\x00", "published": "2024-01-02"},
        {"id": "surrogate", "text": f"{AR_SENTENCE}\ud800 {AR_SENTENCE_2}\udfff", "published": "2024-01-02"},
        {"id": "surrogate-title", "text": ARTICLE, "title": "\udc80\ud83d", "source": "\ud800"},
        {"id": "rlo", "text": "\N{RIGHT-TO-LEFT OVERRIDE}" + ARTICLE + "\N{POP DIRECTIONAL FORMATTING}"},
        {"id": "html-nul", "html": _html(f"<p>{AR_SENTENCE}\x00</p><p>{AR_SENTENCE_2}</p>")},
        {"id": "year0", "text": ARTICLE, "published": "0000-01-01"},
        {"id": "year9999", "text": ARTICLE, "published": "9999-12-31"},
        {"id": "year10000", "text": ARTICLE, "published": "10000-01-01"},
        {"id": "neg-year", "text": ARTICLE, "published": "-0044-03-15"},
        {"id": "rfc2822-bad", "text": ARTICLE, "published": "Mon, 31 Feb 9999 99:99:99 +9999"},
        {"id": "text-not-str", "text": ["a", 1], "published": 12},
        {"id": "", "text": ""},
        {"id": "huge-id-" + "x" * 5000, "text": ARTICLE},
        {"text": ARTICLE, "url": "javascript:alert(1)", "published": None},
    ]
    raw = [json.dumps(rec, ensure_ascii=True).encode() for rec in lines]
    raw.append(b'{"id": "raw-nul", "text": "a\x00b"}')  # a raw NUL inside a JSON string: invalid JSON
    raw.append(b'{"id": "bad-utf8", "text": "\xff\xfe\xd8"}')
    raw.append(b'{"id": "truncated", "text": "')
    raw.append(b"[1, 2, 3]")
    raw.append(b"\x00" * 64)
    raw.append(b"{" * 100_000)  # deeply nested JSON: recursion
    raw.append(b"")  # blank lines are not documents
    return b"\n".join(raw) + b"\n"


JSONL_DOCS = 20  # documents _jsonl_hostile yields (blank lines do not count)


def _ticker() -> bytes:
    lines = [f"{URGENT}: {AR_SENTENCE[:40]} {i}" for i in range(10_000)]
    return (AR_SENTENCE + "\n\n" + AR_SENTENCE_2 + "\n" + "\n".join(lines)).encode()


def _dates() -> bytes:
    text = (
        f"{AR_SENTENCE} 31 {DECEMBER} 9999. {AR_SENTENCE_2} 1 {DECEMBER} 0. "
        f"{YEAR} 0 {YEAR} 9999 {YEAR} 99999 0000-00-00 9999-12-31 31/12/9999 00/00/0000 1/1/1 "
        "\u0663\u0661/\u0661\u0662/\u0669\u0669\u0669\u0669 29/2/2023 32/13/2020"
    )
    return text.encode()


def _absurd_numbers() -> bytes:
    lines = [
        f"{AR_SENTENCE} {BILLION} {BILLION} {DEAD}.",
        f"{AR_SENTENCE} {(BILLION + ' ') * 50}{DEAD}.",
        f"{AR_SENTENCE} {(THOUSAND + ' ') * 40}{WOUNDED}.",
        f"{AR_SENTENCE} {'9' * 400} {DEAD}.",
        f"{AR_SENTENCE} {chr(0x0669) * 300} {DEAD}.",
        f"{AR_SENTENCE} 1e308 {DEAD} -5 {DEAD} 0.000001 {DEAD} 1,000,000,000,000,000,000 {DEAD}.",
        f"{AR_SENTENCE} {'1' * 5000}.",
    ]
    return "\n".join(lines).encode()


def cases(big: bool = False) -> list[Case]:
    d = "binary"
    out = [
        Case("binary.txt", _w(os.urandom(64 * 1024)), frozenset({d, "undecodable"}), threat="binary file"),
        Case("image.html", _w(b"\x89PNG\r\n\x1a\n" + os.urandom(4096)), frozenset({d}), threat="binary file"),
        Case("program.htm", _w(b"\x7fELF" + os.urandom(4096)), frozenset({d}), threat="binary file"),
        Case("zeros.txt", _w(b"\x00" * 100_000), frozenset({d}), threat="zero bytes"),
        Case("empty.txt", _w(b""), frozenset({"empty"}), threat="zero bytes"),
        Case("whitespace.html", _w(b" \n\t\r\n" * 100), frozenset({"empty"}), threat="zero bytes"),
        Case(
            "deep-nesting.html",
            _w(_nested(20_000)),
            frozenset({CLEAN, ANY_DROP}),
            threat="deeply nested HTML",
        ),
        Case("unclosed.html", _w(_unclosed()), frozenset({CLEAN, ANY_DROP}), threat="unclosed HTML"),
        Case("entity-flood.html", _w(_entity_flood()), frozenset({CLEAN, ANY_DROP}), threat="HTML entity flood"),
        Case("billion-laughs.xml", _w(_billion_laughs()), frozenset({CLEAN, "bad_feed"}), threat="billion laughs"),
        Case("xxe.rss", _w(_external_entity()), frozenset({CLEAN, "bad_feed", "empty"}), threat="XML external entity"),
        Case(
            "bomb.warc.gz",
            _w(_warc_gzip_bomb()),
            frozenset({CLEAN, "too_large", "duplicate"}),
            docs=3,
            threat="gzip bomb in WARC",
            extra={"bomb_reason": "too_large"},
        ),
        Case(
            "truncated.warc.gz",
            _w(_warc_truncated()),
            frozenset({CLEAN, "corrupt_gzip", "corrupt_warc", "duplicate"}),
            docs=-1,  # the records before the break, then one Drop saying where it broke
            threat="corrupt WARC",
        ),
        Case("garbage.warc", _w(_warc_garbage()), frozenset({"corrupt_gzip", "corrupt_warc"}), threat="corrupt WARC"),
        Case("cp1256-declared-utf8.html", _w(_cp1256("utf-8")), frozenset({CLEAN}), threat="wrong charset"),
        Case("cp1256-undeclared.html", _w(_cp1256(None)), frozenset({CLEAN}), threat="missing charset"),
        Case("cp1256-unknown.html", _w(_cp1256("x-klingon")), frozenset({CLEAN}), threat="wrong charset"),
        Case(
            "iso8859-6.txt",
            _w(ARTICLE.encode("iso8859_6", "replace")),
            frozenset({CLEAN}),
            threat="missing charset",
        ),
        Case(
            "utf16-nobom.txt",
            _w(ARTICLE.encode("utf-16-le")),
            frozenset({CLEAN, d, "undecodable", "not_arabic"}),
            threat="wrong charset",
        ),
        Case("mixed-scripts.txt", _w(_mixed_scripts()), frozenset({CLEAN}), threat="mixed scripts"),
        Case("bidi-override.txt", _w(_bidi()), frozenset({CLEAN}), threat="RTL override characters"),
        Case(
            "hostile.jsonl",
            _w(_jsonl_hostile()),
            frozenset({CLEAN, "empty", "bad_json", "not_arabic", "too_short", "duplicate"}),
            docs=JSONL_DOCS,
            threat="NULs and lone surrogates in JSONL",
        ),
        Case("ticker.txt", _w(_ticker()), frozenset({CLEAN}), threat="10,000-line ticker"),
        Case("dates.txt", _w(_dates()), frozenset({CLEAN}), threat="dates in year 0 and 9999"),
        Case("absurd-numbers.txt", _w(_absurd_numbers()), frozenset({CLEAN}), threat="absurd numbers"),
        Case("not-a-dir.rss", _w(b"<rss><channel></channel></rss>"), frozenset({"bad_feed"}), threat="empty feed"),
    ]
    if big:
        out.append(
            Case("huge.txt", _write_huge, frozenset({"too_large"}), big=True, threat="100 MB text"),
        )
        out.append(
            Case("huge.jsonl", _write_huge_jsonl, frozenset({"too_large"}), big=True, threat="100 MB text"),
        )
    return out


HUGE = 100 * 1024 * 1024


def _write_huge(p: Path) -> None:
    line = (ARTICLE + "\n").encode()
    with p.open("wb") as f:
        block = line * (1024 * 1024 // len(line) + 1)
        n = 0
        while n < HUGE:
            f.write(block)
            n += len(block)


def _write_huge_jsonl(p: Path) -> None:
    # One 100 MB JSON line: the reader must refuse it without building a 100 MB document.
    with p.open("wb") as f:
        f.write(b'{"id": "huge", "text": "')
        chunk = json.dumps(ARTICLE + " ", ensure_ascii=False)[1:-1].encode() * 4096
        n = 0
        while n < HUGE:
            f.write(chunk)
            n += len(chunk)
        f.write(b'"}\n')


def make_corpus(root: Path, big: bool = False) -> list[Case]:
    root.mkdir(parents=True, exist_ok=True)
    made = cases(big)
    for c in made:
        c.make(root / c.name)
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for c in make_corpus(target, big="--big" in sys.argv):
        print(f"{c.name:32} {(target / c.name).stat().st_size:>12,}  {c.threat}")
