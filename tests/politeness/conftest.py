"""A crawler with the project's settings and politeness on, around a stand-in for Scrapy's downloader.

The politeness components act on the downloader's slots (`slots`, each a
real `scrapy.core.downloader.Slot`, and `per_slot_settings`), which is all
the stand-in has: what they do to each site's slot is then plain to see,
with no crawl and no clock to wait for.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import pytest
from scrapy import Request, signals
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

import scraper.settings
from scraper.politeness.throttle import SiteThrottle
from scraper.run import CrawlRun
from scraper.sites import load_sites

ORIGINS = {"bankfax": "http://127.0.0.1:1", "ngs22": "http://127.0.0.1:2"}


@dataclass
class Downloader:
    slots: dict[str, Slot] = field(default_factory=dict)
    per_slot_settings: dict[str, dict] = field(default_factory=dict)

    def open_slot(self, name: str) -> Slot:
        """The slot as Scrapy makes it when the site's first request comes."""
        settings = self.per_slot_settings[name]
        self.slots[name] = Slot(settings["concurrency"], settings["delay"], settings["jitter"])
        return self.slots[name]


@dataclass
class Crawl:
    crawler: object
    downloader: Downloader
    spider: object
    throttle: SiteThrottle

    def request(self, site: str, path: str = "/news/", **meta) -> Request:
        return Request(ORIGINS[site] + path, meta={"site": site, "download_slot": site, **meta})

    def downloaded(self, request: Request, status: int = 200, latency: float = 0.05, body: bytes = b"<html></html>",
                   headers: dict | None = None) -> Response:
        """An answer arriving: Scrapy's response_downloaded signal, as the downloader sends it."""
        from scrapy.http import HtmlResponse

        request.meta["download_latency"] = latency
        response = HtmlResponse(request.url, status=status, body=body, headers=headers or {}, encoding="utf-8",
                                request=request)
        self.crawler.signals.send_catch_log(signal=signals.response_downloaded, response=response,
                                            request=request, spider=self.spider)
        return response

    def queue(self, site: str, request: Request) -> Deferred:
        """A request waiting in the site's slot for its turn."""
        waiting: Deferred = Deferred()
        self.downloader.slots[site].queue.append((request, waiting))
        return waiting


def project_settings(**overrides) -> dict:
    settings = {name: getattr(scraper.settings, name) for name in dir(scraper.settings) if name.isupper()}
    return {**settings, "EXTENSIONS": {"scraper.politeness.throttle.SiteThrottle": 0}, **overrides}


@pytest.fixture
def polite_crawl():
    """Politeness on for two sites; bankfax's site file asks for `delay = 3`, `concurrency = 2`."""

    def make(**overrides) -> Crawl:
        crawler = get_crawler(settings_dict=project_settings(**overrides))
        downloader = Downloader()
        crawler.engine = SimpleNamespace(downloader=downloader)
        sites = load_sites((), ORIGINS)
        sites = {"bankfax": replace(sites["bankfax"], delay=3.0, concurrency=2), "ngs22": sites["ngs22"]}
        # The run the spider would make: what the middlewares report goes on it (and into the stats).
        run = CrawlRun(arguments={}, sites=sites, archive=None, plans={}, stats=crawler.stats)
        spider = crawler.spider = SimpleNamespace(sites=sites, name="regional_news", run=run)
        throttle = crawler.get_extension(SiteThrottle)
        crawl = Crawl(crawler, downloader, spider, throttle)
        crawl.opened = lambda: crawler.signals.send_catch_log(signal=signals.spider_opened, spider=spider)
        return crawl

    return make

