"""Scrapy extensions: the record of each crawl run in the archive; the garbage collector tuned for a crawl."""

from __future__ import annotations

import gc

from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured

from scraper.archive import open_archive
from scraper.archive.moments import utc
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter
from scraper.run import CrawlRun


class CrawlRunRecorder:
    """Opens a `crawl_runs` row when the spider opens and completes it from the run at the end."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.run = CrawlRun.of(crawler)
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
        ArchiveWriter(self.db).save_sites(list(self.run.sites.values()))
        origins = {name: site.origin for name, site in self.run.sites.items()}
        self.run.run_id = start_run(self.db, self.run.arguments, sorted(self.run.sites), origins)

    def response_received(self, response, request, spider) -> None:
        self.run.listing_answered(response, request, spider)

    def spider_closed(self, spider, reason: str) -> None:
        run, stats = self.run, self.crawler.stats
        if run.answered:
            writer, now = ArchiveWriter(self.db), utc(datetime.now(timezone.utc))
            with self.db.atomic():
                for site, url in run.answered:
                    writer.resolve_failure(site, url, now)
        problems = dict(sorted(run.problems.items()))
        crashed = stats.get_value("spider_exceptions/count", 0)
        if crashed:  # a callback's exception (the spider's own bug): the crawl went on without that page
            problems["spider error"] = crashed
        for site in run.silent_sites():
            spider.logger.error("site %s never answered: nothing of it was archived this run", site)
        finish_run(
            self.db, run.run_id, {**run.counts, "pages_fetched": stats.get_value("downloader/response_count", 0)},
            run.status(reason), run.drift_alarms(), {site: clock.isoformat() for site, clock in run.clocks.items()},
            problems,
        )
        self.db.close()


class FewerCollections:
    """Python's cyclic garbage collector, tuned for a crawl.

    Reading a page makes tens of thousands of short-lived objects, which
    Python's default threshold (a collection every 700 new objects) scans
    again and again, with every long-lived object of Scrapy's start-up in
    the older generations: 5–6% of a crawl's time in a benchmark. Once the
    crawl has started, what start-up made is frozen out of the collector's
    way, and the youngest generation is collected every `GC_THRESHOLD`
    objects. 0 leaves Python's defaults.
    """

    def __init__(self, threshold: int):
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getint("GC_THRESHOLD")
        if threshold <= 0:
            raise NotConfigured("GC_THRESHOLD is 0: Python's own garbage collection")
        extension = cls(threshold)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        gc.collect()
        gc.freeze()
        gc.set_threshold(self.threshold, 10, 10)
