"""Scrapy extensions: the record of each crawl run in the archive."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured

from scraper import problems
from scraper.archive import open_archive
from scraper.archive.moments import utc
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter


class CrawlRunRecorder:
    """Opens a `crawl_runs` row when the spider opens and completes it at the end."""

    def __init__(self, crawler):
        self.crawler = crawler
        # Listing, feed and sitemap pages that answered: an earlier failure of
        # theirs is over (articles resolve theirs when archived).
        self.answered: set[str] = set()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler):
        if crawler.settings.get("NIGHT"):  # a worker's crawl: its report goes to the night's writer
            raise NotConfigured("a worker's crawl reports to the night's writer")
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.db = open_archive(self.crawler.settings.get("ARCHIVE_PATH"))
        ArchiveWriter(self.db).save_sites(list(spider.sites.values()))
        self.run_id = start_run(self.db, spider.arguments, sorted(spider.sites))
        self.crawler.stats.set_value("archive/run_id", self.run_id)

    def response_received(self, response, request, spider) -> None:
        if response.status == 200 and request.callback != spider.parse_article and "snapshot" not in request.cb_kwargs:
            self.answered.add(request.url)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        if self.answered:
            writer, now = ArchiveWriter(self.db), utc(datetime.now(timezone.utc))
            with self.db.atomic():
                for url in self.answered:
                    writer.resolve_failure(url, now)
        found = problems.from_stats(stats)
        crashed = stats.get("spider_exceptions/count", 0)
        if crashed:  # a callback's exception (the spider's own bug): the crawl went on without that page
            found["spider error"] = crashed
        counts = {k.removeprefix("archive/"): v for k, v in stats.items() if k.startswith("archive/")}
        counts["pages_fetched"] = stats.get("downloader/response_count", 0)
        clocks = {k.removeprefix("site_clock/"): v for k, v in stats.items() if k.startswith("site_clock/")}
        # Drift alarms are left in the stats by the quality pipeline.
        alarms = list(stats.get("quality/alarms") or [])
        silent = sorted(set(spider.sites) - set(clocks))
        for site in silent:
            spider.logger.error("site %s never answered: nothing of it was archived this run", site)
        if reason != "finished" or silent:
            status = "failed"
        elif alarms:
            status = "drift"
        elif counts.get("errors"):
            status = "errors"
        else:
            status = "ok"
        finish_run(self.db, self.run_id, counts, status, alarms, clocks, found)
        self.db.close()
