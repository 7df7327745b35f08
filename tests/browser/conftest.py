"""Browser fixtures: the API served on loopback over the demo database, and Debian's headless Chromium.

Playwright drives the system browser (``/usr/bin/chromium``); it never downloads one. The tests skip when the
browser or the vendored web assets are missing, saying what to install.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT


def _assets_ready() -> bool:
    from rasd.api.app import assets_present

    if assets_present():
        return True
    if (ROOT / "node_modules" / "leaflet").is_dir():
        # A fresh checkout after `npm ci`: copy the assets the way `make setup` does.
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "vendor_web_assets.py")], check=False, capture_output=True
        )
    return assets_present()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    if not _assets_ready():
        pytest.skip("web assets missing (npm ci && python scripts/vendor_web_assets.py)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(store: Any, db_url: str) -> Iterator[str]:
    """Serve the app over ``store`` on a free loopback port, in a thread of this process; yields the base URL."""
    import uvicorn

    from rasd.api.app import create_app
    from rasd.config import Settings

    app = create_app(store=store, settings=Settings(db_url=db_url, api_tokens=()))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not t.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a fresh database of the test articles (tests/api/api_demo_data.py)."""
    from api_demo_data import build_store

    url = f"sqlite:///{tmp_path_factory.mktemp('browserdb') / 'rasd.sqlite'}"
    store = build_store(url)
    with serve(store, url) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a database of rasd's bundled demo articles, run through the real pipeline."""
    from rasd.backends.store import open_store
    from rasd.commands.extract import demo_dir, run_pipeline

    url = f"sqlite:///{tmp_path_factory.mktemp('demodb') / 'rasd.sqlite'}"
    store = open_store(url)
    store.write(list(run_pipeline([str(demo_dir())])))
    with serve(store, url) as base:
        yield base
    store.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records console errors and any request leaving loopback (there must be none)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 880}, locale="en-US")
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.outside = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]

    def guard(route: Any) -> None:
        if route.request.url.startswith(server) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            pg.outside.append(route.request.url)  # type: ignore[attr-defined]
            route.abort()

    pg.route("**/*", guard)
    yield pg
    ctx.close()
