"""Marks the requests a site file declares for rendering; every other request is left alone.

A downloader middleware, so that it sees each attempt (a retry is rendered
afresh) and leaves politeness where it is: the request still goes through
the downloader's slots, delays and robots.txt like any other.
"""

from __future__ import annotations

from scrapy import Request
from scrapy_playwright.page import PageMethod

from scraper.rendering.page import Rendering

# The browser's one context: Russian pages as a reader in Russia sees them,
# no service workers (a page's worker could fetch past the page's filter),
# no downloads.
CONTEXT = "render"
CONTEXT_OPTIONS = {
    "locale": "ru-RU",
    "service_workers": "block",
    "accept_downloads": False,
    "viewport": {"width": 1280, "height": 900},
}


class RenderDeclaredPages:
    def __init__(self, crawler):
        self.crawler = crawler
        self.timeout = crawler.settings.getfloat("RENDER_PAGE_TIMEOUT")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = getattr(self.crawler.spider, "sites", {}).get(request.meta.get("site"))
        rules = site.render if site is not None else None
        if rules is None or not rules.wants(request.url, request.meta.get("page_kind")):
            return None
        rendering = Rendering(rules, site.origin, self.timeout)  # fresh for every attempt
        request.meta.update(
            playwright=True,
            rendering=rendering,
            playwright_context=CONTEXT,
            playwright_context_kwargs=CONTEXT_OPTIONS,
            playwright_page_init_callback=rendering.attach,
            playwright_page_methods=[PageMethod(rendering.expand)],
            playwright_page_goto_kwargs={"wait_until": "load"},
        )
        return None
