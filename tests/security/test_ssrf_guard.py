"""Feed fetching never becomes a way to read local files or probe the analyst's own network (SSRF).

Only http(s) is fetched; any name that resolves to a loopback, private, link-local, shared (CGNAT), reserved
or multicast address is refused unless private fetching is allowed explicitly; every redirect hop is checked
again. Name resolution is replaced by a table here so that the tests need no network and no DNS.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from rasd.config import Settings
from rasd.pipeline.ingest import read
from rasd.pipeline.ingest.fetch import Fetcher, FetchError, check_url

PUBLIC_IP = "93.184.216.34"
# name -> the address it resolves to (what an attacker controls with their own DNS)
DNS = {
    "public.example": PUBLIC_IP,
    "rebind.example": "127.0.0.1",
    "intranet.example": "10.1.2.3",
    "metadata.example": "169.254.169.254",
    "cgnat.example": "100.64.0.7",
    "v6-loopback.example": "::1",
    "v6-mapped.example": "::ffff:127.0.0.1",
    "v6-ula.example": "fd00::1",
}


def _numeric(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    try:
        socket.inet_aton(host)  # the legacy forms the C resolver also accepts
        return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kw: Any) -> list[Any]:
        ip = DNS.get(host)
        if ip is None:
            if not _numeric(host):
                raise socket.gaierror(f"unknown host {host} (tests resolve no real names)")
            return real(host, port, *args, **kw)  # a literal address (even 127.1 or 0x7f000001): no DNS
        fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
        addr: tuple[Any, ...] = (ip, port or 80) if fam == socket.AF_INET else (ip, port or 80, 0, 0)
        return [(fam, socket.SOCK_STREAM, 6, "", addr)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


REFUSED = [
    ("file:///etc/passwd", "refused_scheme"),
    ("FILE:///etc/passwd", "refused_scheme"),
    ("ftp://public.example/feed.xml", "refused_scheme"),
    ("gopher://public.example/", "refused_scheme"),
    ("dict://127.0.0.1:11211/", "refused_scheme"),
    ("http://127.0.0.1/feed", "refused_private"),
    ("http://127.1/feed", "refused_private"),
    ("http://2130706433/feed", "refused_private"),  # 127.0.0.1 written as one decimal number
    ("http://0x7f000001/feed", "refused_private"),
    ("http://0.0.0.0:8000/", "refused_private"),
    ("http://[::1]/", "refused_private"),
    ("http://[::ffff:127.0.0.1]/", "refused_private"),
    ("http://10.0.0.1/", "refused_private"),
    ("http://192.168.1.1/admin", "refused_private"),
    ("http://172.16.0.1/", "refused_private"),
    ("http://169.254.169.254/latest/meta-data/", "refused_private"),
    ("http://224.0.0.1/", "refused_private"),
    ("http://rebind.example/feed", "refused_private"),
    ("http://intranet.example/feed", "refused_private"),
    ("http://metadata.example/feed", "refused_private"),
    ("http://cgnat.example/feed", "refused_private"),
    ("http://v6-loopback.example/", "refused_private"),
    ("http://v6-mapped.example/", "refused_private"),
    ("http://v6-ula.example/", "refused_private"),
    ("http://user:pass@127.0.0.1:22/", "refused_private"),
    ("http:///no-host", "bad_url"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED, ids=[u for u, _ in REFUSED])
def test_check_url_refuses(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as exc:
        check_url(url, allow_private=False)
    # A host that cannot be parsed as an address or name is still refused, never fetched.
    assert exc.value.reason in {reason, "fetch_failed", "bad_url"}
    if reason == "refused_private":
        assert exc.value.reason == "refused_private"
        assert "RASD_ALLOW_PRIVATE_FETCH" in exc.value.detail


def test_public_address_is_allowed() -> None:
    check_url("https://public.example/feed.xml", allow_private=False)


def test_private_allowed_only_when_asked() -> None:
    check_url("http://127.0.0.1:8000/feed", allow_private=True)
    with pytest.raises(FetchError):
        check_url("file:///etc/passwd", allow_private=True)  # never, whatever is allowed


def test_private_fetch_is_off_by_default() -> None:
    assert Settings().allow_private_fetch is False or "RASD_ALLOW_PRIVATE_FETCH" in __import__("os").environ


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/feed", "http://metadata.example/"])
def test_reader_turns_refused_url_into_a_drop(url: str) -> None:
    """``rasd extract URL`` with a forbidden URL: one dropped document saying why, nothing read."""
    docs = list(read([url], settings=Settings(db_url="sqlite://", allow_private_fetch=False)))
    assert len(docs) == 1
    assert docs[0].drop is not None and docs[0].drop.reason in {"refused_scheme", "refused_private"}
    assert not docs[0].text and not docs[0].html and not docs[0].raw


def _fetcher_with(handler: Any) -> Fetcher:
    import httpx

    f = Fetcher(allow_private=False, delay=0.0, respect_robots=False)
    f._client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)
    return f


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/secret",
        "http://metadata.example/latest/meta-data/",
        "http://intranet.example/",
        "file:///etc/passwd",
        "http://[::1]:8080/",
    ],
)
def test_every_redirect_hop_is_checked(target: str) -> None:
    import httpx

    hits: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(str(request.url))
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"location": target})
        return httpx.Response(200, text="internal secret")

    f = _fetcher_with(handler)
    with pytest.raises(FetchError) as exc:
        f.get("http://public.example/feed.xml")
    assert exc.value.reason in {"refused_private", "refused_scheme"}
    assert hits == ["http://public.example/feed.xml"], "the private target was contacted"


def test_feed_entries_linking_to_private_addresses_are_not_fetched() -> None:
    """A public feed whose items link to internal hosts: the links are refused, the summaries stand in."""
    import httpx

    from rasd.pipeline.ingest.feeds import read_url

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
        "<item><title>a</title><link>http://127.0.0.1:8080/admin</link><description>one</description></item>"
        "<item><title>b</title><link>file:///etc/passwd</link><description>two</description></item>"
        "<item><title>c</title><link>http://metadata.example/x</link><description>three</description></item>"
        "</channel></rss>"
    )
    hits: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(str(request.url))
        if request.url.host == "public.example":
            return httpx.Response(200, text=feed, headers={"content-type": "application/rss+xml"})
        return httpx.Response(200, text="internal secret")

    f = _fetcher_with(handler)
    docs: Iterator[Any] = read_url("http://public.example/feed.xml", Settings(db_url="sqlite://"), fetcher=f)
    got = list(docs)
    assert len(got) == 3
    assert hits == ["http://public.example/feed.xml"]
    for d in got:
        assert "internal secret" not in (d.html or d.text or "")


def test_oversized_response_is_cut_off() -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 50_000, headers={"content-type": "text/html"})

    f = _fetcher_with(handler)
    f.max_bytes = 10_000
    with pytest.raises(FetchError) as exc:
        f.get("http://public.example/big")
    assert exc.value.reason == "too_large"
