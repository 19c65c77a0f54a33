"""The web pages of `dateline serve` in real headless Chromium, driven by Playwright.

The real app (`create_app`) runs under uvicorn in a background thread on a free loopback
port; two short real articles (the API tests' own) and one whose text carries `<script>` and
`onerror=` are ingested through `POST /api/v1/articles` over HTTP (the spaCy pipeline, so
marked `model`). Chromium is Debian's (`/usr/bin/chromium`), never a browser Playwright
downloads; the tests skip with the reason when it or the `playwright` package is absent.
Every page visited is screenshotted to tests/artifacts/screenshots/ (git-ignored), and every
tab must end with no script error, no console error (the missing favicon's 404 aside) and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import uvicorn

from dateline.analyzer import Analyzer
from dateline.serve import create_app
from test_serve_api import AUTH, HOMS, MOSCOW, TOKEN  # the same two articles as the API and page tests

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

try:
    from playwright import sync_api
except ImportError:
    sync_api = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
MISSING = ("the playwright package is not installed (the .[test] extra has it)" if sync_api is None
           else f"{CHROMIUM} is absent (apt-get install chromium; .ci/run does)" if not CHROMIUM.exists() else None)
if MISSING and os.environ.get("CI") == "true":  # .ci/run installs both: there a skip would hide a broken install
    pytest.fail(f"the browser tests cannot run in CI: {MISSING}", pytrace=False)
pytestmark = [pytest.mark.model, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]
XSS = {"text": "Rebels attacked an army base near Idlib on Monday, a spokesman said. <script>window.__xss=1</script> "
               'Residents fled the town. <img src=x onerror="window.__xss=1">',
       "title": "Idlib <script>window.__xss=1</script>", "published": "2024-12-09", "source": "Herald"}
# Chromium's own calls home would be refused on this closed network, loudly; these flags stop them.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Records every CSP violation of the page in window.__csp (an init script, so it runs before the page's own).
CSP_SPY = """window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber});
});"""


class Site:
    """The app under uvicorn in a daemon thread, on a loopback socket bound before it starts."""

    def __init__(self, db: Path, analyzer: Analyzer) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        app = create_app(str(db), token=TOKEN, make_analyzer=lambda: analyzer)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        self.sock = sock

    def ingest(self, *articles: dict[str, str]) -> dict[str, Any]:
        response = httpx.post(f"{self.base}/api/v1/articles", json={"articles": list(articles)}, headers=AUTH,
                              timeout=300)
        assert response.status_code == 200 and response.json()["added"] == len(articles), response.text
        return response.json()

    def api(self, path: str, **params: Any) -> Any:
        response = httpx.get(f"{self.base}/api/v1{path}", params=params, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()
        assert not self.thread.is_alive(), "uvicorn did not stop"


class Tab:
    """A fresh browser context and page that records script errors, console errors and CSP violations."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        self.context.add_init_script(CSP_SPY)
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        # The app serves no /favicon.ico, and Chromium asks for one on every page: that 404 alone is let pass.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.problems.append(f"console error: {message.text} at {message.location}")

    def open(self, path: str) -> Page:
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def shot(self, name: str) -> None:
        """A full-page screenshot, after checking this page's CSP record (it goes with the document)."""
        self.check_csp()
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def check_csp(self) -> None:
        for violation in self.page.evaluate("window.__csp ? window.__csp.splice(0) : []"):  # each read once
            self.problems.append(f"CSP violation on {self.page.url}: {violation}")

    def close(self) -> None:
        self.check_csp()
        self.context.close()
        assert self.problems == [], self.problems  # none at all, so none from our own script either


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Iterator[tuple[Site, dict[str, Any]]]:
    served = Site(tmp_path_factory.mktemp("browser") / "browser.db", analyzer)
    try:
        yield served, served.ingest(HOMS, MOSCOW, XSS)
    finally:
        served.stop()


@pytest.fixture(scope="module")
def browser(site: tuple[Site, dict[str, Any]]) -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:  # torn down before the site: it depends on it
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Browser, site: tuple[Site, dict[str, Any]]) -> Iterator[Tab]:
    opened = Tab(browser, site[0].base)
    yield opened
    opened.close()


def _labels(page: Page) -> list[str]:
    return page.locator("li.event a.label").all_inner_texts()


def test_timeline_shows_events_and_the_entity_filter_narrows_them(tab: Tab) -> None:
    page = tab.open("/")
    first = page.locator("li.event").first
    sync_api.expect(first).to_be_visible()
    sync_api.expect(page.locator("li.event", has_text="Rebels captured")).to_be_visible()
    everything = _labels(page)
    assert len(everything) >= 4 and any("Erdogan met" in label for label in everything)
    tab.shot("timeline")
    page.get_by_label("Entity").fill("Putin")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "entity=Putin" in page.url
    narrowed = _labels(page)
    assert narrowed and len(narrowed) < len(everything) and set(narrowed) <= set(everything)
    assert any("Erdogan met" in label for label in narrowed) and not any("Rebels captured" in x for x in narrowed)
    sync_api.expect(page.get_by_label("Entity")).to_have_value("Putin")  # the form keeps what was asked
    tab.shot("timeline-entity-putin")


def test_click_through_to_the_event_and_the_article_and_inspect_a_highlight(tab: Tab) -> None:
    page = tab.open("/?place=Homs")
    with page.expect_navigation():
        page.get_by_role("link", name="Rebels captured").first.click()
    assert "/events/" in page.url
    evidence = page.locator("blockquote.evidence").first
    sync_api.expect(evidence).to_contain_text("Rebels captured the city of Homs")
    trigger = evidence.locator("mark.hl-event")
    sync_api.expect(trigger).to_have_text("captured")
    assert trigger.evaluate("m => getComputedStyle(m).fontWeight") == "600"  # the trigger stands out
    tab.shot("event")

    with page.expect_navigation():
        page.locator("dl.facts a[href^='/articles/']").first.click()
    assert "/articles/" in page.url and "#ev-" in page.url
    panel = page.locator("#inspect")
    sync_api.expect(panel).to_be_hidden()  # opens only on a click
    parts = json.loads(page.locator("#record-parts").text_content() or "[]")
    text = page.locator(".article-text")
    sync_api.expect(text).to_contain_text("Government forces withdrew from the city")

    homs = text.locator("mark.hl-place", has_text="Homs").first
    homs.click()
    sync_api.expect(panel).to_be_visible()
    start, end = homs.get_attribute("data-start"), homs.get_attribute("data-end")
    sync_api.expect(panel.locator("p.span")).to_have_text(f"“Homs” [{start}–{end}]")
    sync_api.expect(homs).to_have_class("hl hl-place selected")
    shown = [parts[int(r)] for r in (homs.get_attribute("data-ref") or "").split()]
    assert shown and shown[0]["kind"] == "place"
    sync_api.expect(panel.locator("h3").first).to_have_text(f"{shown[0]['kind']}: {shown[0]['title']}")
    for label, value in shown[0]["fields"]:
        sync_api.expect(panel.locator("section.part-place").first).to_contain_text(f"{label}{value}")
    tab.shot("article-inspect-place")

    captured = text.locator("mark.hl-event", has_text="captured").first
    captured.click()
    event_part = panel.locator("section.part-event")
    sync_api.expect(event_part.locator("h3")).to_have_text("event: SEIZE: captured")
    sync_api.expect(event_part).to_contain_text("whoRebels")
    sync_api.expect(homs).not_to_have_class("hl hl-place selected")  # one selection at a time
    tab.shot("article-inspect-event")
    page.keyboard.press("Escape")
    sync_api.expect(panel).to_be_hidden()


def test_paste_an_article_shows_its_record_and_stores_nothing(tab: Tab, site: tuple[Site, dict[str, Any]]) -> None:
    served, _ = site
    page = tab.open("/analyze")
    sync_api.expect(page.locator("h1")).to_have_text("Paste an article")
    tab.shot("analyze-form")
    page.get_by_label("Title").fill("Strike")
    page.get_by_label("Published").fill("2024-12-15")
    page.get_by_label("Text").fill("Israeli jets struck a weapons depot near Damascus on Sunday, a war monitor said.")
    with page.expect_navigation():
        page.get_by_role("button", name="Analyze").click()
    sync_api.expect(page.get_by_role("heading", name="The record (not stored)")).to_be_visible()
    struck = page.locator(".article-text mark.hl-event", has_text="struck")
    sync_api.expect(struck).to_be_visible()
    sync_api.expect(page.locator(".article-text mark.hl-place", has_text="Damascus")).to_be_visible()
    sync_api.expect(page.locator("ul.record-events li").first).to_contain_text("struck")
    sync_api.expect(page.get_by_label("Text")).to_have_value(
        "Israeli jets struck a weapons depot near Damascus on Sunday, a war monitor said.")
    struck.click()
    sync_api.expect(page.locator("#inspect section.part-event h3")).to_contain_text("struck")
    tab.shot("analyze-result")
    assert served.api("/search", q="Damascus")["documents"] == []


def test_script_in_an_article_never_runs(tab: Tab, site: tuple[Site, dict[str, Any]]) -> None:
    served, summary = site
    doc_id = summary["articles"][2]["id"]
    page = tab.open(f"/articles/{doc_id}")
    text = page.locator(".article-text")
    sync_api.expect(text).to_contain_text("<script>window.__xss=1</script>")  # shown as text, not run
    sync_api.expect(text).to_contain_text('<img src=x onerror="window.__xss=1">')
    sync_api.expect(page.locator("h1")).to_have_text("Idlib <script>window.__xss=1</script>")
    assert page.locator("main script, main img").count() == 1  # only the record's JSON data block
    attacked = text.locator("mark.hl-event").first
    attacked.click()  # the panel writes the record with textContent: still nothing runs
    sync_api.expect(page.locator("#inspect")).to_be_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    tab.shot("article-xss")
    page = tab.open("/")
    sync_api.expect(page.locator("li.event", has_text="attacked")).to_be_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    tab.shot("timeline-with-xss-article")
    (event,) = served.api("/events", type="ASSAULT")["events"]
    page = tab.open(f"/events/{event['id']}")
    sync_api.expect(page.locator("dl.facts a[href^='/articles/']").first).to_contain_text("<script>")
    assert page.evaluate("typeof window.__xss") == "undefined"
    tab.shot("event-xss")


def test_csp_would_stop_a_missed_escape_and_the_spy_sees_it(tab: Tab) -> None:
    """Proves the checks above are not vacuous: markup injected past the escaping is blocked, and recorded."""
    page = tab.open("/")
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<img src="/x" onerror="window.__xss=1">');""")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("typeof window.__xss") == "undefined"
    tab.check_csp()
    said = "\n".join(tab.problems)  # the console's CSP error and the violation event, both seen
    assert "console error: Executing inline event handler violates" in said
    assert "'directive': 'script-src-attr', 'blocked': 'inline'" in said
    tab.problems.clear()  # expected here, and only here
