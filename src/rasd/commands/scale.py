"""``rasd watch``: poll feeds and directories and ingest only what is new.

What counts as new:
- a file in a watched directory (or a watched file) whose path, size or modification time was not ingested
  before: an edited file comes back, and the store's content-hash ids make re-ingesting its unchanged
  documents a no-op;
- a feed entry whose link was not ingested before: seen links are not even fetched again.

What was ingested is recorded in the store's own database, in the shard ledger table
(``rasd.backends.executor.ledger``), and only *after* the store committed the documents: a watcher killed
mid-poll does that poll's work again at the next start and loses nothing. Feeds are fetched without stored
conditional-request validators for the same reason (a 304 after a crash would hide entries never written);
a feed is a few kilobytes per poll.

Sources: a directory, an OPML file listing feeds (``<outline xmlUrl=...>``), an http(s) feed URL, a local
RSS/Atom file, or any other input file ``rasd ingest`` reads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from rasd.errors import ConfigError
from rasd.model import Document

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}

# Files read per batch: the unit written and recorded together, so memory stays bounded on a huge directory.
FILES_PER_BATCH = 256


def parse_interval(text: str) -> float:
    """``15m`` -> 900.0; ``30s``, ``2h``, ``1d``; a bare number is seconds."""
    m = _INTERVAL.match(text or "")
    if not m:
        raise ConfigError(f"bad interval {text!r}: use e.g. 30s, 15m, 2h")
    seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigError("the interval must be positive")
    return seconds


def read_opml(path: Path) -> list[str]:
    """The feed URLs of an OPML file, in document order, each once."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise ConfigError(f"{path}: not a readable OPML file ({exc})") from exc
    urls: list[str] = []
    for el in root.iter("outline"):
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if url and url not in urls:
            urls.append(url)
    return urls


def _key(*parts: str) -> str:
    return "watch-" + hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def file_key(path: Path) -> str:
    st = path.stat()
    return _key("file", str(path.resolve()), str(st.st_size), str(st.st_mtime_ns))


def link_key(link: str) -> str:
    return _key("link", link)


@dataclass
class Poll:
    """What one poll found and ingested."""

    files: int = 0  # new or changed files read
    entries: int = 0  # new feed entries read
    documents: int = 0  # documents written (dropped ones included: they are accounted for in the store)
    errors: list[str] = field(default_factory=list)


class _SeenFilter:
    """A Fetcher stand-in that refuses links already ingested, so a feed poll fetches only new articles."""

    def __init__(self, fetcher: Any, seen: Callable[[str], bool]) -> None:
        self._f = fetcher
        self._seen = seen

    def get(self, url: str, *, conditional: bool = True) -> Any:
        from rasd.pipeline.ingest.fetch import FetchError

        if self._seen(url):
            raise FetchError("seen", "already ingested")
        return self._f.get(url, conditional=conditional)

    def close(self) -> None:
        self._f.close()


class Watcher:
    """Finds what is new in its sources and hands it to ``ingest``; records it once ``ingest`` returned.

    ``ingest(docs) -> int`` must write every document it is given (dropped ones too) and return the count.
    ``done(key)`` and ``mark(key)`` are the ledger (normally ``SqlLedger`` on the store's database).
    """

    def __init__(
        self,
        sources: Iterable[str],
        ingest: Callable[[Iterator[Document]], int],
        done: Callable[[str], bool],
        mark: Callable[[str], None],
        *,
        allow_private: bool = False,
        follow_links: bool = True,
        settings: Any = None,
        fetch_delay: float | None = None,
    ) -> None:
        self.sources = list(sources)
        self.ingest = ingest
        self.done = done
        self.mark = mark
        self.allow_private = allow_private
        self.follow_links = follow_links
        self.fetch_delay = fetch_delay
        from rasd.config import settings as default_settings

        self.settings = settings or default_settings()

    # -- expanding sources ------------------------------------------------------------------------------------
    def _expand(self) -> tuple[list[Path], list[str]]:
        files: list[Path] = []
        feeds: list[str] = []
        for src in self.sources:
            if "://" in src[:12]:
                feeds.append(src)
                continue
            p = Path(src)
            if p.is_dir():
                files.extend(sorted(self._walk(p)))
            elif p.suffix.lower() == ".opml":
                feeds.extend(u for u in read_opml(p) if u not in feeds)
            elif p.is_file():
                files.append(p)
            else:
                raise ConfigError(f"{src}: no such file, directory or URL")
        return files, feeds

    @staticmethod
    def _walk(root: Path) -> Iterator[Path]:
        from rasd.pipeline.ingest import SKIP_EXT

        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for f in filenames:
                p = Path(dirpath) / f
                # Sidecars (.json) are read with their article, never as articles of their own.
                if not f.startswith(".") and p.suffix.lower() not in SKIP_EXT:
                    yield p

    # -- one poll ---------------------------------------------------------------------------------------------
    def poll(self) -> Poll:
        out = Poll()
        files, feeds = self._expand()
        self._poll_files(files, out)
        for url in feeds:
            try:
                self._poll_feed(url, out)
            except Exception as exc:
                log.warning("watch: %s failed: %s", url, exc)
                out.errors.append(f"{url}: {type(exc).__name__}: {exc}")
        return out

    def _poll_files(self, files: list[Path], out: Poll) -> None:
        from rasd.pipeline.ingest import read

        new: list[tuple[Path, str]] = []
        for p in files:
            try:
                key = file_key(p)
            except OSError:  # vanished between the walk and the stat
                continue
            if not self.done(key):
                new.append((p, key))
        for i in range(0, len(new), FILES_PER_BATCH):
            batch = new[i : i + FILES_PER_BATCH]
            out.documents += self.ingest(read([str(p) for p, _ in batch], settings=self.settings))
            for _, key in batch:
                self.mark(key)
            out.files += len(batch)

    def _poll_feed(self, url: str, out: Poll) -> None:
        from rasd.pipeline.ingest import read
        from rasd.pipeline.ingest.feeds import read_url
        from rasd.pipeline.ingest.fetch import Fetcher

        if "://" not in url[:12]:  # a local feed file listed in an OPML
            docs = list(read([url], settings=self.settings))
        else:
            cfg = self.settings
            # No cache_path: conditional-request validators must not outlive a poll that may not be written.
            fetcher = Fetcher(
                allow_private=self.allow_private,
                timeout=cfg.html_timeout_s,
                max_bytes=cfg.max_document_bytes,
                delay=self.fetch_delay if self.fetch_delay is not None else float(getattr(cfg, "fetch_delay_s", 1.0)),
                cache_path=None,
            )
            # Duck-typed stand-in for the Fetcher: read_url only calls get() on it.
            proxy: Any = _SeenFilter(fetcher, lambda link: link != url and self.done(link_key(link)))
            try:
                docs = list(
                    read_url(url, cfg, allow_private=self.allow_private, follow_links=self.follow_links, fetcher=proxy)
                )
            finally:
                fetcher.close()
        fresh: list[tuple[Document, str]] = []
        for d in docs:
            link = d.url or d.path
            if d.path.startswith(url + "#"):
                link = d.path[len(url) + 1 :]
            key = link_key(link)
            if not self.done(key):
                fresh.append((d, key))
        if not fresh:
            return
        out.documents += self.ingest(iter([d for d, _ in fresh]))
        for _, key in fresh:
            self.mark(key)
        out.entries += len(fresh)

    def run(self, every: float, max_polls: int | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        n = 0
        while True:
            started = time.monotonic()
            p = self.poll()
            n += 1
            log.warning(
                "watch poll %d: %d new files, %d new entries, %d documents written%s",
                n,
                p.files,
                p.entries,
                p.documents,
                f", {len(p.errors)} errors" if p.errors else "",
            )
            if max_polls is not None and n >= max_polls:
                return
            sleep(max(0.0, every - (time.monotonic() - started)))


def _factory(spec: str | None) -> Callable[[], Any]:
    if not spec:
        from rasd.pipeline import default_pipeline

        return default_pipeline
    import importlib

    mod, _, name = spec.partition(":")
    return getattr(importlib.import_module(mod), name or "pipeline")


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Time between two polls: 30s, 15m, 2h.")
@click.option("--db", "db_url", default=None, help="Store URL (default: RASD_DB or the embedded SQLite).")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option("--polls", type=int, default=None, help="Stop after this many polls.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address, or local:N.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@click.option("--pipeline", "pipeline_spec", hidden=True, help="MODULE:FACTORY building the pipeline (tests).")
def watch(
    sources: tuple[str, ...],
    every: str,
    db_url: str | None,
    once: bool,
    polls: int | None,
    executor: str,
    scheduler: str | None,
    allow_private: bool,
    pipeline_spec: str | None,
) -> None:
    """Poll FEEDS.opml, feed URLs and directories; ingest only what is new into the store.

    \b
    rasd watch feeds.opml incoming/ --every 15m
    rasd watch incoming/ --once          # from cron
    """
    from rasd.backends.executor import make_executor
    from rasd.backends.executor.ledger import SqlLedger
    from rasd.config import default_db_url

    factory = _factory(pipeline_spec)

    try:
        interval = parse_interval(every)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    url = db_url or default_db_url()
    try:
        from rasd.backends.store import open_store
    except ImportError as exc:  # pragma: no cover - the store lands with its own issue
        raise click.ClickException(f"the store is not available: {exc}") from exc
    store = open_store(url)
    ledger = SqlLedger(url)
    kwargs: dict[str, Any] = {"keep_alive": True} if executor == "dask" else {}
    ex = make_executor(executor, scheduler, **kwargs)

    def ingest(docs: Iterator[Document]) -> int:
        # The same loop as ``rasd ingest``: documents already stored are skipped before the pipeline runs.
        from rasd.backends.store.ingest import ingest as run_ingest

        run_id = store.start_run({"command": "watch", "sources": list(sources), "executor": executor})
        res = run_ingest(store, docs, ex, factory, run_id)
        store.finish_run(run_id, res.to_dict())
        return res.read

    w = Watcher(
        sources,
        ingest,
        ledger.done,
        lambda key: ledger.mark(key, 1, run_id="watch"),
        allow_private=allow_private,
    )
    try:
        w.run(interval, max_polls=1 if once else polls)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        pass
    finally:
        close = getattr(ex, "close", None)
        if close:
            close()
        ledger.close()
        store.close()


commands = [watch]
