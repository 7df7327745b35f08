"""A careful HTTP fetcher for feeds and the article pages they link.

- only http and https; file://, ftp:// and the rest are refused;
- private, loopback, link-local and reserved addresses are refused unless explicitly allowed (tests on
  127.0.0.1 pass ``allow_private=True``; deployments set ``RASD_ALLOW_PRIVATE_FETCH=1``): a feed must not be
  able to make rasd probe the analyst's own network;
- every redirect hop is checked again;
- a timeout and a size cap per response; conditional requests (ETag / Last-Modified) remembered across runs;
- robots.txt honoured per host, with its Crawl-delay, and a minimum delay between two requests to one host.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

USER_AGENT = "rasd/0.1 (+https://github.com/rasd; news event extraction)"


class FetchError(Exception):
    """A URL that could not or must not be fetched; ``reason`` is a Drop reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(slots=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str | None
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError("refused_scheme", f"only http(s) URLs are fetched, not {parts.scheme or 'no scheme'}://")
    host = parts.hostname
    if not host:
        raise FetchError("bad_url", "URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP
        )
    except OSError as exc:
        raise FetchError("fetch_failed", f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_reserved
            or ip.is_multicast
            or ip.is_unspecified
            or not ip.is_global  # also shared address space (100.64.0.0/10, carrier NAT) and the like
        ):
            raise FetchError(
                "refused_private", f"{host} resolves to a private address {ip}; set RASD_ALLOW_PRIVATE_FETCH=1 to allow"
            )


class Fetcher:
    """Sequential fetching, one host at a time, polite and bounded."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout: float = 20.0,
        max_bytes: int = 20_000_000,
        delay: float = 1.0,
        cache_path: Path | None = None,
        respect_robots: bool = True,
    ) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.delay = delay
        self.respect_robots = respect_robots
        self.cache_path = cache_path
        self._validators: dict[str, dict[str, str]] = self._load_cache()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._client: Any = None

    def _load_cache(self) -> dict[str, dict[str, str]]:
        if self.cache_path and self.cache_path.is_file():
            try:
                data = json.loads(self.cache_path.read_text(encoding="utf-8"))
                return data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                return {}
        return {}

    def _save_cache(self) -> None:
        if not self.cache_path:
            return
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            self.cache_path.write_text(json.dumps(self._validators, indent=0, sort_keys=True), encoding="utf-8")
        except OSError as exc:
            log.warning("cannot save fetch cache %s: %s", self.cache_path, exc)

    @property
    def client(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}, trust_env=False
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait(self, host: str, delay: float) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(min(pause, 30.0))
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            rp: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                resp = self._get(key + "/robots.txt", conditional=False, max_bytes=500_000)
                if resp.status in (401, 403):
                    rp.disallow_all = True  # type: ignore[union-attr]
                elif resp.status >= 400:
                    rp.allow_all = True  # type: ignore[union-attr]
                else:
                    rp.parse(resp.body.decode("utf-8", "replace").splitlines())  # type: ignore[union-attr]
            except FetchError:
                rp = None  # unreachable robots.txt: the site has none we can read; allow
            self._robots[key] = rp
        rp = self._robots[key]
        return True if rp is None else rp.can_fetch(USER_AGENT, url)

    def _crawl_delay(self, url: str) -> float:
        parts = urlsplit(url)
        rp = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        cd = rp.crawl_delay(USER_AGENT) if rp is not None else None
        return max(self.delay, float(cd)) if cd else self.delay

    def get(self, url: str, *, conditional: bool = True) -> Response:
        if not self.allowed(url):
            raise FetchError("robots_disallowed", f"robots.txt disallows {url}")
        resp = self._get(url, conditional=conditional, max_bytes=self.max_bytes)
        if resp.status >= 400:
            raise FetchError("http_status", f"HTTP {resp.status} for {url}")
        return resp

    def _get(self, url: str, *, conditional: bool, max_bytes: int) -> Response:
        import httpx

        current = url
        for _hop in range(6):
            check_url(current, self.allow_private)
            host = urlsplit(current).netloc
            self._wait(host, self._crawl_delay(current))
            headers: dict[str, str] = {}
            val = self._validators.get(current, {}) if conditional else {}
            if val.get("etag"):
                headers["If-None-Match"] = val["etag"]
            if val.get("last_modified"):
                headers["If-Modified-Since"] = val["last_modified"]
            try:
                with self.client.stream("GET", current, headers=headers) as r:
                    if r.status_code in (301, 302, 303, 307, 308) and r.headers.get("location"):
                        current = urljoin(current, r.headers["location"])
                        continue
                    if r.status_code == 304:
                        return Response(current, 304, b"", r.headers.get("content-type"), not_modified=True)
                    declared = r.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError("too_large", f"{current}: {declared} bytes exceeds the limit of {max_bytes}")
                    buf = bytearray()
                    for chunk in r.iter_bytes():
                        buf += chunk
                        if len(buf) > max_bytes:
                            raise FetchError("too_large", f"{current}: more than {max_bytes} bytes")
                    if conditional and r.status_code == 200:
                        v = {
                            k: r.headers[h]
                            for k, h in (("etag", "etag"), ("last_modified", "last-modified"))
                            if h in r.headers
                        }
                        if v:
                            self._validators[current] = v
                            self._save_cache()
                    return Response(
                        current, r.status_code, bytes(buf), r.headers.get("content-type"), headers=dict(r.headers)
                    )
            except httpx.TimeoutException as exc:
                raise FetchError("fetch_timeout", f"{current}: no answer within {self.timeout}s") from exc
            except httpx.HTTPError as exc:
                raise FetchError("fetch_failed", f"{current}: {type(exc).__name__}: {exc}"[:300]) from exc
        raise FetchError("fetch_failed", f"{url}: too many redirects")
