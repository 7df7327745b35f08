"""Readers for every local format: txt (+ sidecar), html, jsonl, stdin, directories, WARC, feed files,
and the bad inputs each must turn into a Drop without stopping the run."""

from __future__ import annotations

import gzip
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.config import Settings
from rasd.model import content_id
from rasd.pipeline.base import Counts
from rasd.pipeline.extract import Extract
from rasd.pipeline.ingest import read

TITLE = "اشتباكات في ريف المدينة"
BODY = "قتل ثلاثة مسلحين في اشتباكات مع قوات الأمن في ريف المدينة الشمالي، بحسب مصدر محلي.\n\nوقال المصدر إن الاشتباكات استمرت ساعتين."
ARTICLE = f"{TITLE}\n\n{BODY}\n"
PAGE = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title>
<link rel="canonical" href="https://example.org/news/2021/03/04/clash"></head>
<body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>{TITLE}</h1>
<p>قتل ثلاثة مسلحين في اشتباكات مع قوات الأمن في ريف المدينة الشمالي، بحسب مصدر محلي تحدث للصحفيين صباح اليوم.</p>
<p>وقال المصدر إن الاشتباكات استمرت ساعتين قبل أن تنسحب المجموعة المسلحة إلى منطقة جبلية قريبة من الحدود.</p>
<p>وأضاف أن قوات الأمن عززت انتشارها في القرى المجاورة وأقامت حواجز على الطرق الرئيسية المؤدية إلى المنطقة.</p>
</article></body></html>"""


def one(paths: list[str], **kw: object) -> list:
    return list(read(paths, **kw))  # type: ignore[arg-type]


def test_txt_with_sidecar(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text(
        json.dumps({"url": "https://example.org/x", "date": "Sun, 06 May 2018 18:26:02 +0400", "source": "مثال"}),
        encoding="utf-8",
    )
    [doc] = one([str(p)])
    assert doc.text == ARTICLE  # never modified
    assert doc.raw == ARTICLE.encode("utf-8")
    assert doc.id == content_id(ARTICLE.encode("utf-8"))
    assert doc.url == "https://example.org/x" and doc.source == "مثال"
    assert doc.published == date(2018, 5, 6) and doc.published_from == "input"
    (tmp_path / "a.json").write_text(json.dumps({"id": "my-article-1"}), encoding="utf-8")
    [doc] = one([str(p)])
    assert doc.id == "my-article-1" and doc.meta["content_id"] == content_id(ARTICLE.encode("utf-8"))


def test_html_file_and_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    docs = one([str(tmp_path)])
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "p.html"]
    html = next(d for d in docs if d.path.endswith(".html"))
    assert html.html and TITLE in html.html and not html.text


def test_jsonl_contract(tmp_path: Path) -> None:
    lines = [
        {
            "id": "x1",
            "text": ARTICLE,
            "url": "https://e.org/1",
            "published": "2023-09-20",
            "title": TITLE,
            "source": "S",
        },
        {"html": PAGE, "published": "Wed, 20 Sep 2023 10:00:00 GMT"},
        "not json",
        {"id": "x3"},
    ]
    p = tmp_path / "d.jsonl"
    p.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n",
        encoding="utf-8",
    )
    docs = one([str(p)])
    assert [d.path.rsplit("#", 1)[1] for d in docs] == ["L1", "L2", "L3", "L4"]
    a, b, c, d = docs
    assert a.id == "x1" and a.published == date(2023, 9, 20) and a.title == TITLE and a.source == "S"
    assert b.id == content_id(PAGE) and b.html == PAGE and b.published == date(2023, 9, 20)
    assert c.drop is not None and c.drop.reason == "bad_json"
    assert d.drop is not None and d.drop.reason == "empty"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    rec = json.dumps({"id": "s1", "text": ARTICLE}, ensure_ascii=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((rec + "\n").encode("utf-8"))))
    [doc] = one(["-"])
    assert doc.id == "s1" and doc.text == ARTICLE and doc.path == "-#L1"


def test_user_published_is_last_fallback(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    [doc] = one([str(p)], published=date(2020, 1, 2))
    assert doc.published == date(2020, 1, 2) and doc.published_from == "user"
    (tmp_path / "a.json").write_text(json.dumps({"date": "2019-05-05"}), encoding="utf-8")
    [doc] = one([str(p)], published=date(2020, 1, 2))
    assert doc.published == date(2019, 5, 5) and doc.published_from == "input"


def _warc(path: Path, records: list[tuple[str, bytes, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for uri, payload, ctype in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-12-05T10:00:00Z"},
            )
            w.write_record(rec)


@pytest.mark.parametrize("gz", [True, False])
def test_warc(tmp_path: Path, gz: bool) -> None:
    p = tmp_path / ("c.warc.gz" if gz else "c.warc")
    _warc(
        p,
        [
            ("https://example.org/2021/03/04/a", PAGE.encode("utf-8"), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
            ("https://example.org/b", PAGE.replace("ثلاثة", "أربعة").encode("cp1256"), "text/html"),
        ],
        gz,
    )
    docs = one([str(p)])
    assert [d.url for d in docs] == ["https://example.org/2021/03/04/a", "https://example.org/b"]
    assert docs[0].path == f"{p}#https://example.org/2021/03/04/a"
    assert docs[0].meta["crawl_date"] == "2024-12-05" and docs[0].fetched_at is not None
    assert docs[1].html is not None and "أربعة" in docs[1].html  # undeclared cp1256 decoded
    ex = Extract()
    out = ex(docs[0])
    assert out.published == date(2021, 3, 4) and out.published_from == "url"  # the page beats the crawl date


def test_corrupt_gzip_warc_keeps_earlier_records(tmp_path: Path) -> None:
    good = tmp_path / "g.warc.gz"
    _warc(
        good,
        [
            ("https://example.org/a", PAGE.encode(), "text/html"),
            ("https://example.org/b", PAGE.encode()[::-1], "text/html"),
        ],
        True,
    )
    data = good.read_bytes()
    # Keep the first gzip member whole and cut the second in half.
    first_len = len(gzip.compress(b"")) and data.index(b"\x1f\x8b", 10)
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: first_len + (len(data) - first_len) // 2] + b"garbage" * 10)
    docs = one([str(bad)])
    assert docs[0].url == "https://example.org/a" and docs[0].drop is None
    assert docs[-1].drop is not None and docs[-1].drop.reason in {"corrupt_gzip", "corrupt_warc"}
    assert "\n" not in docs[-1].drop.detail


def test_feed_file(tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة مثال</title>
<item><title>{TITLE}</title><link>https://example.org/1</link><pubDate>Tue, 19 Sep 2023 08:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>خبر ثان</title><link>https://example.org/2</link><description>نص قصير</description></item>
</channel></rss>"""
    p = tmp_path / "f.rss"
    p.write_text(feed, encoding="utf-8")
    docs = one([str(p)])
    assert [d.url for d in docs] == ["https://example.org/1", "https://example.org/2"]
    assert docs[0].published == date(2023, 9, 19) and docs[0].published_from == "feed"
    assert docs[0].html is not None and "ريف المدينة" in docs[0].html


def test_bad_inputs_each_accounted(tmp_path: Path) -> None:
    """binary, empty, truncated HTML, a 50 MB page, a corrupt gzip WARC and undeclared cp1256: the run goes on."""
    files = {
        "bin.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "empty.txt": b"",
        "trunc.html": b"<html><head><title>x</title></head><body><div><p>",
        "cp1256.txt": ARTICLE.encode("cp1256"),
        "corrupt.warc.gz": b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"not deflate data at all" * 5,
        "ok.txt": ARTICLE.replace("ثلاثة", "خمسة").encode("utf-8"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.write(b"<html><body>")
        fh.truncate(50 * 1024 * 1024)
    cfg = Settings(max_document_bytes=20_000_000)
    docs = [Extract(cfg)(d) for d in read([str(tmp_path)], settings=cfg)]
    by = {Path(d.path.split("#")[0]).name: d for d in docs}
    assert set(by) == {*files, "big.html"}
    reasons = {k: (d.drop.reason if d.drop else None) for k, d in by.items()}
    assert reasons == {
        "bin.html": "binary",
        "empty.txt": "empty",
        "trunc.html": "truncated",
        "big.html": "too_large",
        "corrupt.warc.gz": "corrupt_gzip",
        "cp1256.txt": None,
        "ok.txt": None,
    }
    assert by["cp1256.txt"].text == ARTICLE
    for d in docs:
        if d.drop:
            assert d.drop.detail and "\n" not in d.drop.detail
    counts = Counts()
    for d in docs:
        counts.add(d)
    assert counts.documents == len(files) + 1 and counts.dropped_total == 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc.gz", ".rss", ".bin"]))
def test_any_bytes_any_suffix_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    p = tmp_path / f"x{suffix}"
    p.write_bytes(data)
    docs = [Extract(dedup=False)(d) for d in read([str(p)])]
    assert docs, "every input file is accounted for by at least one document"
    for d in docs:
        assert d.drop is None or (d.drop.reason and "\n" not in d.drop.detail)
        for s in d.segments:
            assert d.text[s.span.start : s.span.end] == s.span.text
