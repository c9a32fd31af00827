"""The dashboard in a real browser: Playwright drives Debian's chromium (Playwright cannot
download its own browsers here) against a real uvicorn server on loopback, serving the test
session's store. Each page type loads in both languages with no console error and no
request leaving 127.0.0.1; a reader's path world → state → dyad → compare works by clicks.
Screenshots go to $ALIGNSCOPE_SCREENSHOTS when it is set (to look at them)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CI = os.environ.get("CI", "").lower() == "true"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not CI,
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
)
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]
SHOTS = os.environ.get("ALIGNSCOPE_SCREENSHOTS")


def test_ci_has_chromium():
    if CHROMIUM is None:
        pytest.fail("CI=true but chromium is not installed: apt-get install chromium")


@pytest.fixture(scope="module")
def server(ws):
    """uvicorn on a free loopback port, in a thread, over the session's store."""
    import uvicorn

    from alignscope.web.app import create_app
    from alignscope.web.service import Service

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(Service(ws)), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium is not installed (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, page errors and request hosts are recorded."""

    def __init__(self, browser, width: int = 1400) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(240_000)  # a first assessment may compute for a while
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.hosts.add(urlparse(r.url).hostname or ""))

    def shot(self, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)

    def check(self) -> None:
        assert self.errors == []
        assert self.hosts <= {"127.0.0.1"}, self.hosts

    def close(self) -> None:
        self.context.close()


PAGES = [
    ("world", "/world?year=2011", "#world"),
    ("state", "/state?q=JPN&year=2011", "table"),
    ("dyad", "/dyad?a=TWN&b=JPN&year=2011&from=2007&to=2011", "table.movers"),
    ("compare", "/compare?a=TWN&b=JPN&year=2011&a2=TWN&b2=JPN&year2=2001", ".compare"),
    ("report", "/report?a=TWN&b=JPN&year=2011", "svg"),
    ("docs", "/api/docs", ".endpoint"),
]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize(("name", "path", "selector"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_loads_clean(server, browser, name, path, selector, lang):
    w = Watched(browser)
    try:
        response = w.page.goto(f"{server}{path}&lang={lang}" if "?" in path
                               else f"{server}{path}?lang={lang}")
        assert response.status == 200
        w.page.wait_for_selector(selector)
        expected = "zh-Hant-TW" if lang == "zh-TW" else "en"
        assert w.page.get_attribute("html", "lang") == expected
        w.shot(f"{name}-{lang}")
        w.check()
    finally:
        w.close()


def test_click_through_world_state_dyad_compare(server, browser):
    w = Watched(browser)
    try:
        page = w.page
        page.goto(f"{server}/world?year=2011&lang=en")
        page.click('#world .state[data-state="TWN"]')
        panel = page.locator("#ties-list li")
        assert panel.count() >= 1
        assert "Ties of Taiwan in 2011" in page.inner_text("#ties-title")
        page.click("#ties-more a")
        page.wait_for_url("**/state?**")
        assert "Ties of Taiwan in 2011" in page.inner_text("h2")
        page.click('a[href*="b=JPN"]')
        page.wait_for_url("**/dyad?**")
        assert page.inner_text("h1") == "Taiwan – Japan, 2011"
        assert page.inner_text(".verdict .type") == "Tacit alignment"
        page.click("text=Compare")  # the dyad's compare link (this year and ten before)
        page.wait_for_url("**/compare?**")
        assert page.locator(".compare h2").count() == 2
        assert "2001" in page.locator(".compare h2").nth(1).inner_text()
        page.click('a.lang')
        page.wait_for_url("**lang=zh-TW**")
        assert "比較兩組雙邊" in page.inner_text("h1")
        w.check()
    finally:
        w.close()


def test_a_tie_opens_its_dyad_and_search_suggests(server, browser):
    w = Watched(browser)
    try:
        page = w.page
        page.goto(f"{server}/world?year=2011&lang=zh-TW&region=asia")
        tie = page.locator('#world line.tie[data-a="JPN"][data-b="USA"], '
                           '#world line.tie[data-a="USA"][data-b="JPN"]')
        href_before = page.url
        page.evaluate("""() => {
            const t = document.querySelector('#world line.tie');
            t.dispatchEvent(new MouseEvent('click', {bubbles: true}));
        }""")
        page.wait_for_url("**/dyad?**")
        assert page.url != href_before
        del tie
        page.fill("#q", "日")
        page.wait_for_function(
            "document.querySelectorAll('#state-options option').length > 0")
        values = page.eval_on_selector_all("#state-options option", "els => els.map(e => e.value)")
        assert "JPN" in values
        page.fill("#q", "日本")
        page.press("#q", "Enter")
        page.wait_for_url("**/state?**")
        assert "日本" in page.inner_text("h1")
        w.check()
    finally:
        w.close()


def test_narrow_screen_has_no_sideways_scroll(server, browser):
    w = Watched(browser, width=600)
    try:
        w.page.goto(f"{server}/dyad?a=TWN&b=JPN&year=2011&lang=zh-TW")
        wide = w.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 600, wide
        w.shot("dyad-zh-TW-600")
        w.check()
    finally:
        w.close()
