"""``rasd watch``: only what is new is ingested, from directories and from feeds served on loopback."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.backends.executor.ledger import MemoryLedger
from rasd.commands.scale import Watcher, parse_interval, read_opml
from rasd.errors import ConfigError
from rasd.model import Document

AR = "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} \N{ARABIC LETTER JEEM}\N{ARABIC LETTER NOON}\N{ARABIC LETTER DAL}\N{ARABIC LETTER YEH}"


@pytest.mark.parametrize(
    "text, seconds",
    [("15m", 900.0), ("30s", 30.0), ("2h", 7200.0), ("1d", 86400.0), ("45", 45.0), ("1.5m", 90.0), (" 10 min", 600.0)],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("bad", ["", "m", "15x", "-5m", "0s", "fast"])
def test_parse_interval_refuses(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_interval(bad)


def test_read_opml(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body>'
        '<outline text="group"><outline type="rss" xmlUrl="https://a.example/rss"/>'
        '<outline type="rss" xmlUrl="https://b.example/feed.xml"/></outline>'
        '<outline type="rss" xmlUrl="https://a.example/rss"/></body></opml>',
        encoding="utf-8",
    )
    assert read_opml(opml) == ["https://a.example/rss", "https://b.example/feed.xml"]
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body>", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_opml(bad)


class Sink:
    def __init__(self) -> None:
        self.docs: list[Document] = []
        self.fail = False

    def __call__(self, docs: Iterator[Document]) -> int:
        batch = list(docs)
        if self.fail:
            raise RuntimeError("store down")
        self.docs.extend(batch)
        return len(batch)


def make_watcher(sources: list[str], sink: Sink, ledger: MemoryLedger) -> Watcher:
    return Watcher(sources, sink, ledger.done, lambda k: ledger.mark(k, 1), allow_private=True, fetch_delay=0.0)


def test_directory_only_new_and_changed_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text(f"{AR} 1", encoding="utf-8")
    (inbox / "sub" / "b.txt").write_text(f"{AR} 2", encoding="utf-8")
    (inbox / "a.json").write_text("{}", encoding="utf-8")  # a sidecar, not an article
    sink, ledger = Sink(), MemoryLedger()
    w = make_watcher([str(inbox)], sink, ledger)

    first = w.poll()
    assert (first.files, first.documents) == (2, 2)
    assert w.poll().files == 0  # nothing new
    (inbox / "c.txt").write_text(f"{AR} 3", encoding="utf-8")
    b = inbox / "sub" / "b.txt"
    b.write_text(f"{AR} 2 edited", encoding="utf-8")
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 10**9))
    third = w.poll()
    assert third.files == 2
    assert sorted(Path(d.path).name for d in sink.docs) == ["a.txt", "b.txt", "b.txt", "c.txt"]


def test_nothing_is_recorded_when_the_write_fails(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{AR} 1", encoding="utf-8")
    sink, ledger = Sink(), MemoryLedger()
    w = make_watcher([str(tmp_path)], sink, ledger)
    sink.fail = True
    with pytest.raises(RuntimeError):
        w.poll()
    assert ledger.count() == 0
    sink.fail = False
    assert w.poll().files == 1
    assert len(sink.docs) == 1


def test_missing_source_is_an_error(tmp_path: Path) -> None:
    w = make_watcher([str(tmp_path / "nope")], Sink(), MemoryLedger())
    with pytest.raises(ConfigError):
        w.poll()


class FeedServer:
    """A feed and its article pages on 127.0.0.1, counting the page requests."""

    def __init__(self) -> None:
        self.entries: list[str] = []
        self.hits: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits.append(self.path)
                if self.path == "/rss":
                    body = outer.feed().encode()
                    ctype = "application/rss+xml"
                elif self.path.startswith("/a/"):
                    n = self.path.rsplit("/", 1)[1]
                    body = f"<html><body><article><p>{AR} {n}</p></article></body></html>".encode()
                    ctype = "text/html; charset=utf-8"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def feed(self) -> str:
        items = "".join(
            f"<item><title>t{n}</title><link>{self.base}/a/{n}</link><description>s{n}</description></item>"
            for n in self.entries
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>{items}</channel></rss>'

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


def test_feed_only_new_entries_are_fetched(server: FeedServer, tmp_path: Path) -> None:
    server.entries = ["1", "2"]
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{server.base}/rss"/></body></opml>', encoding="utf-8")
    sink, ledger = Sink(), MemoryLedger()
    w = make_watcher([str(opml)], sink, ledger)

    first = w.poll()
    assert (first.entries, first.documents, first.errors) == (2, 2, [])
    assert sorted(d.url or "" for d in sink.docs) == [f"{server.base}/a/1", f"{server.base}/a/2"]
    assert all(d.html and AR in d.html for d in sink.docs)  # the article page, not the feed summary

    server.entries = ["3", "1", "2"]
    server.hits.clear()
    second = w.poll()
    assert second.entries == 1
    assert sink.docs[-1].url == f"{server.base}/a/3"
    assert [h for h in server.hits if h.startswith("/a/")] == ["/a/3"]  # seen articles are not fetched again

    assert w.poll().entries == 0


def test_a_dead_feed_does_not_stop_the_others(server: FeedServer, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(AR, encoding="utf-8")
    sink, ledger = Sink(), MemoryLedger()
    w = make_watcher(["http://127.0.0.1:1/rss", str(tmp_path / "in")], sink, ledger)
    p = w.poll()
    assert p.files == 1
    # The unreachable feed yields a dropped document (accounted for), never an exception.
    assert any(d.drop is not None for d in sink.docs) or p.errors


def test_cli_watch_once_into_the_store(tmp_path: Path) -> None:
    """``rasd watch DIR --once`` twice: the second poll stores nothing new; a new file is picked up."""
    from click.testing import CliRunner

    from rasd.backends.store import open_store
    from rasd.cli import cli

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"{i}.txt").write_text(f"{AR} {i}", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    args = ["watch", str(inbox), "--once", "--db", url, "--pipeline", "scale_toy:toy_pipeline"]

    def stored() -> int:
        s = open_store(url)
        try:
            return len(s.dump()["documents"])
        finally:
            s.close()

    r = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert stored() == 3
    runs_before = len(open_store(url).runs())
    r = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert r.exit_code == 0
    assert len(open_store(url).runs()) == runs_before  # nothing new: no run at all
    (inbox / "new.txt").write_text(f"{AR} new", encoding="utf-8")
    CliRunner().invoke(cli, args, catch_exceptions=False)
    assert stored() == 4


def test_cli_watch_bad_interval(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasd.cli import cli

    r = CliRunner().invoke(
        cli, ["watch", str(tmp_path), "--every", "soon", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"]
    )
    assert r.exit_code != 0
    assert "interval" in r.output
