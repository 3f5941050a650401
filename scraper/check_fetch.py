"""Fetching a live page for `regional-news check-site`: once, politely, as the crawl would.

The article page and then each further page of comments it names are
requested through Scrapy with the crawl's own settings (`scraper/settings.py`,
`-s` overrides): robots.txt, the User-Agent with CONTACT, the site's delay,
its own download slot, rendering where the site file declares it. Nothing
is archived and no run is recorded; each address is asked for once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings

from scraper.items import Article
from scraper.profiles import Page, profile_for
from scraper.responses import page_of
from scraper.sites import Site


def crawl_settings(overrides: dict[str, str]) -> Settings:
    """The crawl's settings, with what -s gives; nothing is written to any archive."""
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), "scraper.extensions.CrawlRunRecorder": None},
                 priority="cmdline")
    if "LOG_LEVEL" not in overrides:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")  # the report is the output
    return settings


class CheckSiteSpider(Spider):
    """Fetches one article page and the comment pages it leads to; reads nothing into an archive."""

    name = "check_site"

    def __init__(self, site: Site, url: str, pages: list[Page], **kwargs: Any):
        super().__init__(**kwargs)
        self.sites = {site.name: site}
        self.site = site
        self.url = url
        self.pages = pages
        self.article: Article | None = None
        self.profile = profile_for(site)

    async def start(self):
        yield self._request(self.url, "article", self.parse_article)

    def _request(self, url: str, kind: str, callback) -> Request:
        return Request(url, callback=callback, meta={"site": self.site.name, "page_kind": kind})

    def parse_article(self, response: Response) -> Iterator[Request]:
        page = page_of(response)
        self.pages.append(page)
        if self.profile.is_blocked(page):
            return
        self.article = self.profile.article(page)
        batch = self.profile.comments(page, self.article)
        if batch.next_url:
            yield self._request(batch.next_url, "comments", self.parse_comments)

    def parse_comments(self, response: Response) -> Iterator[Request]:
        page = page_of(response)
        self.pages.append(page)
        batch = self.profile.more_comments(page, self.article)
        seen = {p.url for p in self.pages}
        if batch.next_url and batch.next_url not in seen:
            yield self._request(batch.next_url, "comments", self.parse_comments)


def fetch_pages(site: Site, url: str, overrides: dict[str, str]) -> list[Page]:
    """The article page at `url` and its further comment pages, in the order the crawl meets them."""
    pages: list[Page] = []
    process = CrawlerProcess(crawl_settings(overrides))
    process.crawl(CheckSiteSpider, site=site, url=url, pages=pages)
    process.start()
    return pages
