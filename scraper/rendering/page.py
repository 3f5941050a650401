"""One page in the browser: what it may load, what its script fetched, whether its thread is whole.

A `Rendering` travels in the request's meta. scrapy-playwright calls its
`attach` as the page is created (before it navigates) and its `expand` once
the page has loaded:

- every request of the page goes through `filter`: one to another origin
  than the page's own site (scheme, host and port), and any image, media
  file or font, is refused (`blockedbyclient`) and noted; the rest go on;
- every JSON answer the page receives from its site (`fetch`/`xhr`) is kept;
- `expand` waits for the thread to show, clicks the site file's `more`
  element while there is more (at most `max_clicks` times), and stops when
  the `complete` selector shows, or says why the thread is not whole
  (time ran out, the widget stopped loading, the clicks ran out).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page as BrowserPage
from playwright.async_api import Request as BrowserRequest
from playwright.async_api import Response as BrowserResponse
from playwright.async_api import Route
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import WebSocketRoute

from scraper.rendering.rules import RenderRules

log = logging.getLogger(__name__)

# Never loaded: they cost time and memory and say nothing about comments.
NEVER_LOADED = frozenset({"image", "media", "font"})
SCRIPT_FETCHES = frozenset({"fetch", "xhr"})


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme)


@dataclass
class Answer:
    """A JSON answer the page's script fetched from its site."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    order: int = 0  # when it arrived among the page's answers

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass
class Rendering:
    rules: RenderRules
    site_origin: str
    timeout: float  # seconds for the whole page: loading, clicks, waiting for the thread
    answers: list[Answer] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)  # what the page asked of its site
    refused: list[str] = field(default_factory=list)  # "url (why)": what it was not allowed
    off_site: list[str] = field(default_factory=list)  # refused because on another host
    clicks: int = 0
    answers_seen: int = 0
    incomplete: str | None = "not rendered"
    crashed: bool = False
    status: int | None = None  # of the page itself, as the browser got it
    started: float = 0.0
    _pending: set = field(default_factory=set, repr=False)

    @property
    def deadline(self) -> float:
        return self.started + self.timeout

    def remaining_ms(self) -> float:
        return max(1.0, (self.deadline - time.monotonic()) * 1000)

    def on_site(self, url: str) -> bool:
        return origin(url) == origin(self.site_origin)

    # --- called by scrapy-playwright -------------------------------------------
    async def attach(self, page: BrowserPage, request) -> None:
        """The page is created: filter its requests and keep its answers, from its first request on."""
        self.started = time.monotonic()
        for found in (self.answers, self.requested, self.refused, self.off_site):
            found.clear()  # a page opened again after the browser went away starts over
        self.clicks = self.answers_seen = 0
        await page.route("**/*", self.filter)
        # WebSockets pass by request routing: one off the site never connects.
        await page.route_web_socket(lambda url: not self.on_site(url), self._refuse_socket)
        page.on("response", self._on_response)
        page.on("crash", self._on_crash)

    async def expand(self, page: BrowserPage) -> None:
        """Bring the whole thread into the page, or say why it is not whole."""
        rules = self.rules
        if self.status is not None and self.status >= 400:
            self.incomplete = f"the page answered HTTP {self.status}"
            return
        try:
            while True:
                shown = rules.complete if not rules.ready else f"{rules.complete}, {rules.ready}"
                await page.wait_for_selector(shown, state="attached", timeout=self.remaining_ms())
                if await page.locator(rules.complete).count():
                    self.incomplete = None
                    break
                more = page.locator(rules.more).first if rules.more else None
                if more is None or not await more.is_visible() or not await more.is_enabled():
                    self.incomplete = "the thread stopped loading before it was complete"
                    break
                if self.clicks >= rules.max_clicks:
                    self.incomplete = f"still more to load after {rules.max_clicks} clicks (max_clicks)"
                    break
                if rules.scroll:
                    await more.scroll_into_view_if_needed(timeout=self.remaining_ms())
                else:
                    await more.click(timeout=self.remaining_ms())
                self.clicks += 1
        except PlaywrightTimeout:
            self.incomplete = f"the thread was not complete after {self.timeout:g} s"
        await self.settle()

    async def settle(self) -> None:
        """Wait for the bodies of the answers seen so far."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    # --- the page's traffic -------------------------------------------------------
    async def filter(self, route: Route, request: BrowserRequest) -> None:
        url = request.url
        if not self.on_site(url):
            self.off_site.append(url)
            self.refused.append(f"{url} (off the site)")
            await route.abort("blockedbyclient")
        elif request.resource_type in NEVER_LOADED:
            self.refused.append(f"{url} ({request.resource_type})")
            await route.abort("blockedbyclient")
        else:
            self.requested.append(url)
            await route.fallback()

    async def _refuse_socket(self, socket: WebSocketRoute) -> None:
        """Never connected to its server: closed at once."""
        self.off_site.append(socket.url)
        self.refused.append(f"{socket.url} (off the site)")
        await socket.close()

    def _on_response(self, response: BrowserResponse) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.status = response.status
        if request.resource_type not in SCRIPT_FETCHES or not self.on_site(response.url):
            return
        if "json" not in (response.headers.get("content-type") or "") or not self.rules.keeps_answer(response.url):
            return
        self.answers_seen += 1
        task = asyncio.ensure_future(self._keep(response, self.answers_seen))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _keep(self, response: BrowserResponse, order: int) -> None:
        try:
            body = await response.body()
        except PlaywrightError as error:  # the page went away first
            log.debug("answer %s lost: %s", response.url, error)
            return
        self.answers.append(Answer(response.url, response.status, dict(response.headers), body, order))
        self.answers.sort(key=lambda answer: answer.order)

    def _on_crash(self, page: BrowserPage) -> None:
        self.crashed = True
        self.incomplete = "the page crashed"
