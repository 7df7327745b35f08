"""Feeds and pages fetched over HTTP from a local server on 127.0.0.1: robots.txt, conditional requests,
size cap, refusal of non-http schemes and of private addresses unless allowed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rasd.config import Settings
from rasd.pipeline.extract import Extract
from rasd.pipeline.ingest import read
from rasd.pipeline.ingest.fetch import Fetcher, FetchError, check_url

P1 = "قصفت طائرات حربية بلدة في ريف المحافظة الجنوبي، ما أدى إلى مقتل أربعة مدنيين وإصابة آخرين بجروح، وفق مصادر طبية."
P2 = "وقالت المصادر إن فرق الإنقاذ انتشلت الضحايا من تحت الأنقاض بعد ساعات من القصف، فيما تواصل البحث عن مفقودين."


def page(title: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{P1}</p><p>{P2}</p><p>{P1.replace('أربعة', 'ستة')}</p></article></body></html>"
    ).encode()


class Site:
    def __init__(self) -> None:
        self.hits: list[tuple[str, str | None]] = []
        self.etag = '"v1"'


@pytest.fixture()
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[str, Site]]:
    monkeypatch.setenv("RASD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RASD_FETCH_DELAY", "0")
    state = Site()

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            state.hits.append((self.path, self.headers.get("If-None-Match")))
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == state.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = (
                    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة المثال</title>'
                    f"<item><title>قصف على بلدة</title><link>{base}/news/1.html</link>"
                    "<pubDate>Tue, 19 Sep 2023 08:00:00 GMT</pubDate><description>ملخص الخبر الأول</description></item>"
                    f"<item><title>خبر محجوب</title><link>{base}/private/2.html</link>"
                    "<pubDate>Wed, 20 Sep 2023 08:00:00 GMT</pubDate><description>ملخص الخبر الثاني</description></item>"
                    "</channel></rss>"
                ).encode()
                ctype = "application/rss+xml"
            elif self.path.startswith("/news/") or self.path.startswith("/private/"):
                body, ctype = page("قصف على بلدة"), "text/html; charset=utf-8"
            elif self.path == "/huge":
                body, ctype = b"<html>" + b"x" * 5000, "text/html"
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if self.path == "/feed.xml":
                self.send_header("ETag", state.etag)
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", state
    finally:
        srv.shutdown()
        srv.server_close()


def test_feed_url_follows_links_with_robots_and_etag(site: tuple[str, Site]) -> None:
    base, state = site
    docs = list(read([f"{base}/feed.xml"], allow_private=True))
    assert [d.url for d in docs] == [f"{base}/news/1.html", f"{base}/private/2.html"]
    fetched, blocked = docs
    assert fetched.html is not None and P2 in fetched.html and not fetched.meta.get("summary_only")
    assert fetched.published == date(2023, 9, 19) and fetched.published_from == "feed"
    assert blocked.meta.get("summary_only") and "robots" in blocked.meta["fetch_error"]
    assert ("/private/2.html", None) not in state.hits  # robots.txt honoured
    out = Extract()(fetched)
    assert out.drop is None and "مقتل أربعة مدنيين" in out.text
    # Second run: the feed has not changed (ETag) -> nothing new.
    again = list(read([f"{base}/feed.xml"], allow_private=True))
    assert again == [] and ("/feed.xml", '"v1"') in state.hits


def test_private_address_refused_without_flag(site: tuple[str, Site]) -> None:
    base, _ = site
    [doc] = list(read([f"{base}/feed.xml"], allow_private=False))
    assert doc.drop is not None and doc.drop.reason == "refused_private"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_non_http_refused(url: str) -> None:
    [doc] = list(read([url], allow_private=True))
    assert doc.drop is not None and doc.drop.reason == "refused_scheme"
    with pytest.raises(FetchError):
        check_url(url, allow_private=True)


def test_size_cap(site: tuple[str, Site]) -> None:
    base, _ = site
    f = Fetcher(allow_private=True, max_bytes=1000, delay=0)
    with pytest.raises(FetchError) as ei:
        f.get(f"{base}/huge")
    assert ei.value.reason == "too_large"
    [doc] = list(read([f"{base}/huge"], allow_private=True, settings=Settings(max_document_bytes=1000)))
    assert doc.drop is not None and doc.drop.reason == "too_large"


def test_single_page_url(site: tuple[str, Site]) -> None:
    base, _ = site
    [doc] = list(read([f"{base}/news/9.html"], allow_private=True))
    assert doc.html is not None and doc.url == f"{base}/news/9.html"
