"""scrapy-playwright's download handler, as the crawl uses it.

Requests the site files declare for rendering (`meta["playwright"]`, set by
`scraper.rendering.middleware`) are rendered in Debian's Chromium; all
others go through Scrapy's plain HTTP download, as without this handler.
They are ordinary Scrapy requests: the same downloader slots, delays,
robots.txt and retries apply to them.

What this adds to the library's handler:

- the browser (and Playwright itself) starts at the first page that needs
  it: a crawl of sites that never render starts neither;
- after `RENDER_RESTART_AFTER_PAGES` pages the browser is closed once the
  pages open in it are done, and the next page starts a fresh one (a
  browser that crashed is started again by the library itself);
- a last guard refuses any request of the browser off the configured sites,
  behind each page's own filter (`page.py`);
- the response carries what came of the rendering (`evidence.py` headers),
  and an incomplete thread that needed a refused off-site request is
  counted in the run's problems.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager, suppress

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request as BrowserRequest
from scrapy import Request
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from scraper.problems import report
from scraper.run import CrawlRun
from scraper.rendering import evidence
from scraper.rendering.page import Rendering, origin

log = logging.getLogger(__name__)


class RenderingFailed(Exception):
    """The browser could not render the page (crashed, or never loaded it)."""


class RenderingDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.crawler = crawler
        self.restart_after = settings.getint("RENDER_RESTART_AFTER_PAGES")
        self.config.navigation_timeout_ms = settings.getfloat("RENDER_PAGE_TIMEOUT") * 1000
        self.abort_request = self._off_the_sites
        self._started = False
        self._start_lock = asyncio.Lock()
        self._gate = asyncio.Condition()
        self._open = 0  # pages rendering now
        self._since_restart = 0  # pages begun in this browser
        self._restart_due = False

    # --- no browser until a page needs one --------------------------------------
    async def _maybe_launch_in_thread(self) -> None:
        """Not at the engine's start: at the first rendered page (`_start`)."""

    def _engine_started(self):
        return None

    async def _start(self) -> None:
        async with self._start_lock:
            if not self._started:
                await self._launch()
                self._started = True

    # --- downloading ---------------------------------------------------------------
    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        rendering: Rendering = request.meta["rendering"]
        await self._start()
        async with self._turn():
            try:
                response = await super().download_request(request)
            except PlaywrightError as error:
                raise RenderingFailed(f"{request.url} could not be rendered: {error.message.splitlines()[0]}") from None
        self.stats.inc_value("rendering/pages")
        if rendering.incomplete:
            self.stats.inc_value("rendering/incomplete")
            if rendering.off_site:
                report(CrawlRun.of(self.crawler), log, "off-site request refused",
                       "%s: the thread is incomplete and the page asked for %d address(es) off the site,"
                       " all refused: %s", request.url, len(rendering.off_site), ", ".join(rendering.off_site[:5]))
        for what in rendering.refused:
            self.stats.inc_value("rendering/refused/" + what.rsplit("(", 1)[-1].rstrip(")"))
        log.info("rendered %s: %d requests to the site, %d refused, %d answers kept, %d clicks; thread %s",
                 request.url, len(rendering.requested), len(rendering.refused), len(rendering.answers),
                 rendering.clicks, "complete" if rendering.incomplete is None else f"incomplete ({rendering.incomplete})")
        for what in rendering.refused:
            log.debug("refused for %s: %s", request.url, what)
        response.headers[evidence.RENDERED_BY] = f"Chromium {getattr(self, 'browser', None) and self.browser.version}"
        response.headers[evidence.COMPLETE] = evidence.complete_header(rendering.incomplete)
        response.headers[evidence.ANSWERS] = evidence.answers_header([(a.url, a.sha256) for a in rendering.answers])
        return response

    def _off_the_sites(self, request: BrowserRequest) -> bool:
        """Behind each page's own filter: nothing off the configured sites, ever."""
        sites = getattr(self.crawler.spider, "sites", {})
        allowed = {origin(site.origin) for site in sites.values() if site.origin}
        refused = origin(request.url) not in allowed
        if refused:
            self.stats.inc_value("rendering/refused/off the sites")
        return refused

    # --- pages at once, and a fresh browser now and then -----------------------------
    @asynccontextmanager
    async def _turn(self):
        async with self._gate:
            await self._gate.wait_for(lambda: not self._restart_due)
            self._open += 1
            self._since_restart += 1
            if self.restart_after and self._since_restart >= self.restart_after:
                self._restart_due = True  # this page is the last one of this browser
        try:
            yield
        finally:
            async with self._gate:
                self._open -= 1
                if self._restart_due and self._open == 0:
                    await self._restart_browser()
                    self._since_restart = 0
                    self._restart_due = False
                    self._gate.notify_all()

    async def _restart_browser(self) -> None:
        browser = getattr(self, "browser", None)
        if browser is None:
            return
        browser.remove_listener("disconnected", self._browser_disconnected_callback)
        contexts = [wrapper.context for wrapper in self.context_wrappers.values()]
        self.context_wrappers.clear()
        del self.browser
        with suppress(PlaywrightError):
            await asyncio.gather(*(context.close() for context in contexts))
            await browser.close()
        self.stats.inc_value("rendering/browser_restarts")
        log.info("browser closed after %d pages; the next page starts a fresh one", self._since_restart)
