"""A worker's crawl: its items and its closing report go to the night's writer, never to archive.db.

Both parts are switched on by the NIGHT setting, which the night's job gives
the crawl; a crawl without it writes its own archive as always.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from scraper.distributed.keys import NightKeys, connect
from scraper.distributed.queue import ItemQueue, NightGone
from scraper.distributed.report import CrawlReport
from scraper.items import ArticleGone, ArticleSnapshot, FetchFailure
from scraper.run import CrawlRun

log = logging.getLogger(__name__)


def item_id(night: str, item: Any) -> str:
    """The same for the same thing seen again by a retried crawl, so the writer writes it once.

    An article is the same when its pages came back byte for byte; a changed
    page is a new item (and a new version in the archive, as it should be).
    """
    if isinstance(item, ArticleSnapshot):
        parts = ["snapshot", item.pages[0].url if item.pages else item.article.url,
                 *(hashlib.sha256(page.body).hexdigest() for page in item.pages),
                 str(item.comments_complete)]
    elif isinstance(item, ArticleGone):
        parts = ["gone", item.url, str(item.status), item.redirected_to or ""]
    elif isinstance(item, FetchFailure):
        parts = ["failure", item.url, item.reason]
    else:
        raise TypeError(f"no item id for {type(item).__name__}")
    return f"{night}:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _queue(settings: Any) -> ItemQueue:
    return ItemQueue(connect(settings.get("REDIS_URL")), NightKeys(settings.get("NIGHT")))


class ItemsToWriter:
    """Item pipeline of a worker's crawl: each item to the night's queue."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.night = crawler.settings.get("NIGHT")
        self.queue = _queue(crawler.settings)
        self.gone = False

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("NIGHT"):
            raise NotConfigured("a crawl on its own writes its archive itself")
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if self.gone:
            raise DropItem("the night is gone from the queue server")
        try:
            self.queue.push(item_id(self.night, item), item)
        except NightGone as error:
            self.gone = True
            log.error("%s: this crawl stops; the night's archive host decides what becomes of it", error)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="night gone"))
            raise DropItem(str(error)) from None
        self.crawler.stats.inc_value("night/items_sent")
        return item


class SiteReport:
    """Extension of a worker's crawl: at its end, what the run record needs, to the night's writer."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.settings = crawler.settings
        self.run = CrawlRun.of(crawler)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("NIGHT"):
            raise NotConfigured("a crawl on its own records its run itself")
        return cls(crawler)

    def response_received(self, response, request, spider) -> None:
        self.run.listing_answered(response, request, spider)

    def spider_closed(self, spider, reason: str) -> None:
        run, stats = self.run, self.crawler.stats
        found = dict(run.problems)
        crashed = stats.get_value("spider_exceptions/count", 0)
        if crashed:
            found["spider error"] = crashed
        attempt = self.settings.getint("NIGHT_ATTEMPT")
        report = CrawlReport(
            sites=sorted(run.sites),
            attempt=attempt,
            reason=reason,
            pages_fetched=stats.get_value("downloader/response_count", 0),
            clocks={site: clock.isoformat() for site, clock in run.clocks.items()},
            problems=dict(sorted(found.items())),
            alarms=run.drift_alarms(),
            answered=sorted([site, url] for site, url in run.answered),
        )
        night = self.settings.get("NIGHT")
        queue = _queue(self.settings)
        try:
            queue.push(f"{night}:report:{','.join(report.sites)}:{attempt}", report)
        except NightGone as error:
            log.error("%s: this crawl's report is not recorded", error)
            return
        for site in report.sites:
            queue.client.set(queue.keys.reported(site), str(attempt))
