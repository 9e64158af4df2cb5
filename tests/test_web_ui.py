"""The pages in a real browser: Debian's Chromium driven by Playwright visits every page of
the demo database (with extraction results), clicks from a list to an article to the evidence
sentence, checks what a person would see, and saves screenshots under artifacts/screenshots/.
One browser for the whole session (`launch_browser`, shared with test_web_security)."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from storyline import Storyline
from storyline.web import create_app
from storyline.web.server import BackgroundServer

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@functools.cache
def launch_browser() -> tuple[Playwright, BrowserContext]:
    """Chromium with a fresh user-data dir, started once per test session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (make test does it)")
    driver = sync_playwright().start()
    profile = tempfile.mkdtemp(prefix="storyline-chromium-")
    context = driver.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=ARGS, headless=True,
        viewport={"width": 1280, "height": 900}, offline=False,
    )  # fmt: skip
    context.set_default_timeout(15_000)
    return driver, context


def close_browser() -> None:
    if launch_browser.cache_info().currsize:
        driver, context = launch_browser()
        context.close()
        driver.stop()
        launch_browser.cache_clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[BrowserContext]:
    yield launch_browser()[1]
    close_browser()  # the last session-scoped user closes it; a second call is a no-op


class Watch:
    """A page that records dialogs (an alert from injected code), console errors and uncaught
    exceptions; dialogs are dismissed so nothing hangs."""

    def __init__(self, context: BrowserContext) -> None:
        self.page: Page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning") and "favicon" not in message.text:
            self.errors.append(f"{message.type}: {message.text}")

    def open(self, url: str) -> Page:
        response = self.page.goto(url)
        assert response is not None and response.status < 500, url
        self.page.wait_for_load_state("load")
        return self.page

    def clean(self) -> None:
        assert self.dialogs == [] and self.errors == [], (self.dialogs, self.errors)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_api import build_stories, ingest_demo, seed_extractions

    db = ingest_demo(tmp_path_factory.mktemp("ui") / "ui.db")
    seed_extractions(db)
    build_stories(db)
    with BackgroundServer(create_app(Storyline(db, readonly=True))) as url:
        yield url


@pytest.fixture()
def watch(browser: BrowserContext) -> Iterator[Watch]:
    watcher = Watch(browser)
    yield watcher
    watcher.page.close()


def shot(page: Page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _first_href(page: Page, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href, selector
    return href


def test_every_page_renders_without_errors(site: str, watch: Watch) -> None:
    page = watch.open(site + "/")
    expect(page.locator("h1")).to_have_text("The record so far")
    expect(page.locator("figure.chart canvas").first).to_be_visible()  # the uPlot chart drew
    expect(page.locator("ul.stories li.story").first).to_be_visible()
    shot(page, "home")
    story = _first_href(page, "ul.stories h3 a")
    article = _first_href(page, "ul.docs h3 a")
    next_cursor = watch.open(site + "/documents").locator("a[rel=next]").get_attribute("href") or ""
    next_cursor = next_cursor.split("cursor=")[-1]
    pages: dict[str, tuple[str, Callable[[Page], None]]] = {
        "documents": ("/documents", lambda p: expect(p.locator("ul.docs li")).to_have_count(25)),
        "documents-2": (
            "/documents?limit=25&cursor=" + next_cursor,
            lambda p: expect(p.locator("ul.docs li")).to_have_count(16),
        ),
        "search": ("/search?q=Doha", lambda p: expect(p.locator(".snippet mark").first).to_be_visible()),
        "article": (article, lambda p: expect(p.locator(".text .hl").first).to_be_visible()),
        "actors": ("/actors", lambda p: expect(p.get_by_role("link", name="Benjamin Netanyahu")).to_be_visible()),
        "actor": ("/actors/netanyahu", lambda p: expect(p.locator("ol.roles strong")).to_have_text("prime minister")),
        "events": ("/events", lambda p: expect(p.locator("ul.items li").first).to_be_visible()),
        "figures": ("/figures", lambda p: expect(p.locator("table.figures tbody tr").first).to_be_visible()),
        "quotes": ("/quotes?q=first%20step", lambda p: expect(p.locator("blockquote").first).to_contain_text("first step")),
        "outlets": ("/outlets", lambda p: expect(p.locator("table.matrix")).to_be_visible()),
        "stories": ("/stories", lambda p: expect(p.locator("ul.stories li.story").first).to_be_visible()),
        "story": (story, lambda p: expect(p.locator("ol.timeline li.tl-event").first).to_be_visible()),
        "story-outlets": (story + "/outlets", lambda p: expect(p.locator("table.matrix").first).to_be_visible()),
        "series": ("/series", lambda p: expect(p.locator("svg.series-chart").first).to_be_visible()),
        "documents-of-story": ("/documents?story=" + story.rsplit("/", 1)[-1], lambda p: expect(p.locator("ul.docs li").first).to_be_visible()),
        "api-docs": ("/api/v1/docs", lambda p: expect(p.locator("#get-api-v1-documents")).to_be_visible()),
        "not-found": ("/articles/nothing-here", lambda p: expect(p.locator("h1")).to_have_text("Not found")),
    }  # fmt: skip
    for name, (path, check) in pages.items():
        page = watch.open(site + path)
        check(page)
        assert page.locator("h1").count() == 1, name
        shot(page, name)
    watch.errors = [e for e in watch.errors if "status of 404" not in e]  # the not-found page
    watch.clean()


def test_list_to_article_to_evidence_sentence(site: str, watch: Watch) -> None:
    page = watch.open(site + "/figures?category=killed")
    link = page.locator("a.sentence-link").first
    sentence = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/articles/d\w+#f-"))
    target = page.locator(".hl.is-target")
    expect(target.first).to_be_visible()
    shown = "".join(target.all_inner_texts())
    assert shown == sentence  # the figure's sentence, marked, with its number inside
    expect(page.locator(".hl-figure.is-target")).to_have_count(1)
    shot(page, "evidence-sentence", full=False)

    page = watch.open(site + "/documents?outlet=Meridian%20Press%20Agency")
    first = page.locator("ul.docs h3 a", has_text=re.compile("^Israel approves deal"))
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    removed = page.locator("details.removed")
    expect(removed.locator("table")).not_to_be_visible()
    removed.locator("summary").click()  # the boilerplate toggle
    expect(removed.locator("table")).to_be_visible()
    expect(removed.locator("td code").first).to_be_visible()
    watch.clean()


def test_timeline_to_event_to_evidence_sentence(site: str, watch: Watch) -> None:
    """A person opens a story, picks an event on its timeline, reads the reports behind it and
    opens one: the article scrolls to that sentence, marked."""
    page = watch.open(site + "/stories")
    page.locator("ul.stories h3 a").first.click()
    page.wait_for_url(re.compile(r"/stories/[^/]+$"))
    title = page.locator("h1").inner_text()
    events = page.locator("ol.timeline li.tl-event")
    expect(events.first).to_be_visible()
    days = [d for d in page.locator("time.tl-date").all_inner_texts() if d != "undated"]
    assert days == sorted(days) and events.count() >= 2  # in date order
    assert page.locator("svg.series-chart a").count() >= 2  # the chart's points are links
    shot(page, "story")
    shot(page, "story-top", full=False)
    kind = page.locator("#type option").nth(1).get_attribute("value") or ""
    page.select_option("#type", kind)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"type="))
    expect(events.first).to_be_visible()

    events.first.locator("a.event-link").click()
    page.wait_for_url(re.compile(r"/story-events/se-"))
    expect(page.get_by_role("link", name=f"← {title}")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Status")
    link = page.locator("ol.support a.sentence-link").first
    sentence = link.inner_text()
    shot(page, "story-event")
    link.click()
    page.wait_for_url(re.compile(r"/articles/d\w+#e-"))
    target = page.locator(".hl.is-target")
    expect(target.first).to_be_visible()
    assert " ".join("".join(target.all_inner_texts()).split()) == " ".join(sentence.split())
    shot(page, "story-evidence-sentence", full=False)

    page = watch.open(site + "/series")
    point = page.locator("svg.series-chart a").first
    href = point.get_attribute("href") or ""
    page.goto(site + href)  # the point's link opens its figure, marked in the article
    expect(page.locator(".hl-figure.is-target").first).to_be_visible()
    assert page.evaluate("location.hash") == "#" + href.split("#")[1]
    watch.clean()


def test_copies_link_both_ways(site: str, watch: Watch) -> None:
    page = watch.open(site + "/documents?originals=false")
    copy = page.locator("ul.docs li", has=page.locator(".badge")).first
    copy.locator("h3 a").click()
    notice = page.locator("p.notice")
    expect(notice).to_contain_text("copy of")
    copy_url = page.url
    notice.locator("a").first.click()
    expect(page.locator("ul.copies")).to_be_visible()
    assert page.locator(f"ul.copies a[href='{copy_url.removeprefix(site)}']").count() == 1
    watch.clean()


def test_keyboard_phone_width_and_dark_mode(site: str, watch: Watch) -> None:
    page = watch.open(site + "/articles/07_meridian")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/articles/07_meridian", "/", "/outlets", "/figures", "/stories", "/series"):
        page = watch.open(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)  # wide tables scroll inside their own box
    shot(page, "figures-phone")
    page.emulate_media(color_scheme="dark")
    page = watch.open(site + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 28)"
    shot(page, "home-dark", full=False)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 900})
    watch.clean()


def test_empty_state_before_analysis(browser: BrowserContext, tmp_path: Path) -> None:
    from test_api import ingest_demo

    db = ingest_demo(tmp_path / "plain.db")
    watch = Watch(browser)
    with BackgroundServer(create_app(Storyline(db, readonly=True))) as url:
        for path in ("/actors", "/figures"):
            page = watch.open(url + path)
            expect(page.locator(".empty")).to_contain_text("storyline analyze")
        shot(page, "figures-empty")
    watch.page.close()
    watch.clean()
    shutil.rmtree(tmp_path, ignore_errors=True)
