"""End to end in headless Chromium: the map, the filters, the event panel, the language switch, escaping."""

from __future__ import annotations

from typing import Any

import pytest
from api_demo_data import CLASH
from browser_support import ARTIFACTS

pytestmark = pytest.mark.browser

MARKERS = "path.rasd-marker[data-event-id]"
ITEMS = "#event-list li[data-event-id]"


def wait_js(page: Any, expr: str, timeout_s: float = 15.0) -> None:
    """Poll a JS expression until it is truthy. (``wait_for_function`` evaluates strings with eval, which the
    page's Content-Security-Policy rightly forbids; ``evaluate`` goes through the debugger protocol.)"""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expr):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expr}")
        page.wait_for_timeout(50)


def _load(page: Any, server: str, hash_: str = "") -> None:
    page.goto(server + "/" + hash_)
    page.wait_for_selector(ITEMS)
    wait_js(page, "document.querySelectorAll('path.rasd-marker[data-event-id]').length > 0")


def _marker_types(page: Any) -> list[str]:
    return sorted(page.eval_on_selector_all(MARKERS, "els => els.map(e => e.getAttribute('data-event-type'))"))


def test_map_filter_open_event_and_evidence(page: Any, server: str) -> None:
    _load(page, server)
    # every demo event has coordinates: five markers (or clusters of them) on the map
    n_markers = page.locator(MARKERS).count()
    n_clusters = page.locator(".rasd-cluster").count()
    assert n_markers + n_clusters >= 1 and n_markers <= 5
    assert page.locator("#event-list li[data-event-id]").count() == 5
    assert "5 events" in page.locator("#status").inner_text()
    assert page.locator("#timeline g.bar").count() == 4

    # filter by type: the list and the map keep only battles
    page.select_option("#f-type", "Battles")
    wait_js(page, "document.querySelectorAll('#event-list li[data-event-id]').length === 1")
    wait_js(page, "document.querySelectorAll('path.rasd-marker[data-event-id]').length === 1")
    assert _marker_types(page) == ["Battles"]
    assert "type=Battles" in page.url

    # open the event from its marker: the evidence sentence is highlighted inside the article text
    page.locator(MARKERS).first.click()
    page.wait_for_selector("#article mark.ev-evidence")
    panel = page.locator("#panel-body")
    assert "Armed clash" in panel.inner_text()
    # the evidence may be cut into several marks where other spans (claims, numbers) nest inside it
    marked = page.eval_on_selector_all("#article mark.ev-evidence", "els => els.map(e => e.textContent).join('')")
    assert marked == CLASH
    assert page.locator("#article").get_attribute("dir") == "rtl"
    assert "شهود عيان" in page.locator(".claims").inner_text()
    assert "Fatalities: 12" in page.locator("#sources").inner_text()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let the map finish panning to the event, so the screenshot is whole
    page.screenshot(path=str(ARTIFACTS / "map_event_panel.png"))
    assert page.errors == [] and page.outside == []


def test_merged_event_shows_every_source_reported_and_denied(page: Any, server: str) -> None:
    _load(page, server, "#country=Syria")
    page.locator("#event-list li[data-event-id]").first.click()
    page.wait_for_selector("#article mark.ev-evidence")
    sources = page.locator("#sources li")
    assert sources.count() == 2
    text = page.locator("#sources").inner_text()
    assert "Fatalities: 7" in text and "Fatalities: 9" in text
    assert page.locator(".claims li[data-claim='denied_by']").count() >= 1
    assert "أنقرة" in page.locator(".claims li[data-claim='denied_by']").first.inner_text()
    # the second outlet's URL is javascript: -- it must not become a link
    hrefs = page.eval_on_selector_all("#sources a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    # switching the source shows that source's article with its own evidence
    page.locator("#sources li").nth(1).get_by_role("button").click()
    wait_js(
        page,
        "!!document.querySelector('#article mark.ev-evidence') && "
        "document.querySelector('#article').innerText.includes('مصادر محلية')",
    )


def test_timeline_click_filters_by_day(page: Any, server: str) -> None:
    _load(page, server)
    bar = page.locator("#timeline g.bar[data-day='2023-09-17'] rect").first
    bar.click()
    wait_js(page, "document.querySelectorAll('#event-list li[data-event-id]').length === 2")
    assert page.input_value("#f-since") == "2023-09-17" and page.input_value("#f-until") == "2023-09-17"
    page.click("#timeline-clear")
    wait_js(page, "document.querySelectorAll('#event-list li[data-event-id]').length === 5")


def test_free_text_filter(page: Any, server: str) -> None:
    _load(page, server)
    page.fill("#f-q", "البرلمان")
    page.press("#f-q", "Enter")
    wait_js(page, "document.querySelectorAll('#event-list li[data-event-id]').length === 1")
    assert "Tunis" in page.locator("#event-list").inner_text()


def test_script_injection_displays_as_text(page: Any, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _load(page, server, "#country=Palestine")
    page.locator("#event-list li[data-event-id]").first.click()
    page.wait_for_selector("#article mark.ev-evidence")
    article = page.locator("#article")
    text = article.inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert "<script>window.__pwned = 3</script>" in text  # the title
    assert article.locator("script, img").count() == 0
    assert page.locator("#panel-body b").count() == 0  # the outlet name "<b>bold</b>" stays text
    assert "Gaza Wire <b>bold</b>" in page.locator("#sources").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and page.errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let the map finish panning to the event, so the screenshot is whole
    page.screenshot(path=str(ARTIFACTS / "script_injection.png"))


def test_arabic_interface_is_right_to_left(page: Any, server: str) -> None:
    _load(page, server)
    page.click("#lang-toggle")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("#filters h2").inner_text() == "التصفية"
    assert "معارك" in page.locator("#legend").inner_text()
    page.locator("#event-list li[data-event-id]").first.click()
    page.wait_for_selector("#article mark.ev-evidence")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let the map finish panning to the event, so the screenshot is whole
    page.screenshot(path=str(ARTIFACTS / "map_arabic.png"))
    page.click("#lang-toggle")
    assert page.evaluate("document.documentElement.dir") == "ltr"


def test_api_docs_served_locally(page: Any, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "/api/v1/events" in page.locator(".swagger-ui").inner_text()
    assert page.outside == []


def test_page_degrades_without_map_assets(page: Any, server: str) -> None:
    """A pip install without the npm assets: the page says what is missing, and the rest still works."""
    page.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(server + "/")
    page.wait_for_selector(ITEMS)
    notice = page.locator("#notice")
    assert notice.is_visible() and "vendor_web_assets.py" in notice.inner_text()
    assert page.locator(ITEMS).count() == 5
    page.locator(ITEMS).first.click()
    page.wait_for_selector("#article mark.ev-evidence")


def test_demo_articles_through_the_pipeline(browser: Any, demo_server: str) -> None:
    """The bundled demo articles, coded by the real pipeline: events listed, placed, evidence highlighted."""
    import json
    import urllib.request

    with urllib.request.urlopen(demo_server + "/api/v1/events?limit=500") as r:
        events = json.load(r)["items"]
    assert events, "the demo articles gave no event"
    placed = [e for e in events if e.get("latitude") is not None]
    ctx = browser.new_context(viewport={"width": 1400, "height": 880})
    try:
        page = ctx.new_page()
        page.goto(demo_server + "/")
        page.wait_for_selector(ITEMS)
        assert page.locator(ITEMS).count() == len(events)
        if placed:
            wait_js(page, "document.querySelectorAll('path.rasd-marker[data-event-id], .rasd-cluster').length > 0")
        page.locator(ITEMS).first.click()
        page.wait_for_selector("#article mark.ev-evidence")
        marked = page.eval_on_selector_all("#article mark.ev-evidence", "els => els.map(e => e.textContent).join('')")
        assert marked.strip()
        page.wait_for_timeout(800)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "demo_articles.png"))
    finally:
        ctx.close()
