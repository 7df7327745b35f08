"""Safety mode: a wall-clock limit around one page's extraction, so a hostile page cannot stall a shard."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class PageTimeout(Exception):
    """Extraction of one page exceeded its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimeout inside the block after ``seconds``.

    SIGALRM interrupts pure-Python and lxml loops alike; it only exists in the main thread, so in worker
    threads (Dask) the block runs unbounded in time and only the size limit protects it.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(signum: int, frame: FrameType | None) -> None:
        raise PageTimeout(f"page extraction exceeded {seconds:g}s")

    old = signal.signal(signal.SIGALRM, _raise)
    started = time.monotonic()
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if old_timer[0] > 0:  # an outer limit was running: give it back what is left of it
            # (minus the time this block took, not minus this block's whole allowance)
            signal.setitimer(signal.ITIMER_REAL, max(0.001, old_timer[0] - (time.monotonic() - started)))
