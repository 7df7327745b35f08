"""The per-page time limit (SIGALRM) nests inside an outer limit without eating it.

An outer alarm (pytest-timeout, a worker's own deadline) must get back what is left of it after each page,
not lose the page's whole allowance per page: before the fix, 15 fast pages under a 20 s page limit used up
a 300 s outer timeout and killed the run.
"""

from __future__ import annotations

import signal
import time

import pytest

from rasd.pipeline.extract.safety import PageTimeout, time_limit


@pytest.fixture
def outer_alarm() -> object:
    fired: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    yield fired
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


def test_fast_pages_leave_the_outer_timer_almost_whole(outer_alarm: list[int]) -> None:
    for _ in range(50):
        with time_limit(20.0):
            pass
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    assert remaining > 90.0, f"the outer timer lost {100 - remaining:.0f}s to 50 instant pages"
    assert not outer_alarm


def test_slow_page_is_interrupted_and_outer_handler_restored(outer_alarm: list[int]) -> None:
    with pytest.raises(PageTimeout), time_limit(0.05):
        time.sleep(2)
    assert signal.getitimer(signal.ITIMER_REAL)[0] > 90.0
    assert not outer_alarm
