"""Writing every item into the archive."""

from __future__ import annotations

from typing import Any

from scraper.archive import open_archive
from scraper.archive.moments import utc
from scraper.archive.writer import ArchiveWriter
from scraper.items import ArticleGone, ArticleSnapshot, FetchFailure
from scraper.run import CrawlRun


class ArchivePipeline:
    """Writes every item into the archive (one transaction per item), counting what changed on the run."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.run = CrawlRun.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = open_archive(self.crawler.settings.get("ARCHIVE_PATH"))
        self.writer = ArchiveWriter(self.db)

    def close_spider(self) -> None:
        self.db.close()

    def process_item(self, item: Any) -> Any:
        self.writer.run_id = self.run.run_id
        if isinstance(item, ArticleSnapshot):
            outcome = self.writer.save_snapshot(item)
            for name, count in outcome.counts.items():
                self.run.count(name, count)
        elif isinstance(item, ArticleGone):
            if self.writer.mark_gone(item):
                self.run.count("articles_removed")
            with self.db.atomic():  # a failed URL now gone from the site: nothing left to try again
                self.writer.resolve_failure(item.site, item.url, utc(item.fetched_at))
        elif isinstance(item, FetchFailure):
            self.writer.record_failure(item)
            self.run.count("errors")
        return item
