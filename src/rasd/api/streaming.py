"""Stream ``rasd.export`` writers to an HTTP client without holding the export in memory.

The export writers (``rasd.export.export``) write to a file object in one call. To reuse them unchanged, the
writer runs in a thread and writes into a sink that hands chunks over a small bounded queue to the response
generator: memory stays at a few chunks whatever the export size, and a slow client slows the writer
(backpressure) instead of letting it buffer. If the client goes away, the generator is closed, the sink
starts refusing writes, and the writer thread ends.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
_DONE = object()

# API format name -> (rasd.export format, media type, file extension)
FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("acled-csv", "text/csv; charset=utf-8", "csv"),
    "geojson": ("geojson", "application/geo+json", "geojson"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "parquet"),
    "jsonl": ("jsonl", "application/x-ndjson; charset=utf-8", "jsonl"),
}


class _Cancelled(OSError):
    """The client went away: the writer must stop."""


class QueueSink:
    """A write-only file object (text or binary) whose bytes come out of a queue in chunks."""

    def __init__(self, q: queue.Queue[Any], cancelled: threading.Event) -> None:
        self._q = q
        self._cancelled = cancelled
        self._buf = bytearray()
        self._pos = 0
        self.closed = False

    def _put(self, item: Any) -> None:
        while True:
            if self._cancelled.is_set():
                raise _Cancelled("client disconnected")
            try:
                self._q.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def write(self, data: str | bytes | bytearray | memoryview) -> int:
        if self._cancelled.is_set():
            raise _Cancelled("client disconnected")
        b = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self._buf += b
        self._pos += len(b)
        if len(self._buf) >= CHUNK:
            self._put(bytes(self._buf))
            self._buf.clear()
        return len(data)

    def flush(self) -> None:
        """Writers call flush() often; chunks only leave at CHUNK size or at the end (see ``finish``)."""

    def finish(self) -> None:
        if self._buf:
            self._put(bytes(self._buf))
            self._buf.clear()

    def close(self) -> None:
        # pyarrow closes the file it was given; the stream ends only when the writer thread says so.
        self.closed = True

    def tell(self) -> int:
        return self._pos

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


def stream_export(events: Iterable[dict[str, Any]], fmt: str) -> Iterator[bytes]:
    """Bytes of ``events`` exported as ``fmt`` (a key of ``FORMATS``), chunk by chunk."""
    from rasd.export import export

    export_fmt = FORMATS[fmt][0]
    q: queue.Queue[Any] = queue.Queue(maxsize=8)
    cancelled = threading.Event()
    sink = QueueSink(q, cancelled)

    def run() -> None:
        try:
            export(events, export_fmt, sink)  # type: ignore[arg-type]
            sink.finish()
        except _Cancelled:
            pass
        except Exception as exc:  # the response has started: all we can do is stop and log
            log.exception("export failed")
            with contextlib.suppress(_Cancelled):
                sink._put(exc)
        finally:
            with contextlib.suppress(_Cancelled):
                sink._put(_DONE)

    t = threading.Thread(target=run, name="rasd-export", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        cancelled.set()
        while t.is_alive():
            with contextlib.suppress(queue.Empty):
                q.get(timeout=0.1)
        t.join(timeout=1)
