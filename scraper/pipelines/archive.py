"""Writing every item into the archive, through a writer process of its own (`scraper.archive.background`)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from scraper.archive.background import BackgroundWriter
from scraper.archive.moments import utc
from scraper.archive.writer import ArchiveWriter
from scraper.items import ArticleGone, ArticleSnapshot, FetchFailure
from scraper.problems import stop_run
from scraper.run import CrawlRun
from scraper.side_process import ProcessGone

log = logging.getLogger(__name__)


class ArchivePipeline:
    """Writes every item into the archive (one transaction per item), counting what changed on the run.

    The write runs in the archive's writer process while the crawl goes on
    reading other pages; an item counts for the run once it is committed.
    A writer lost (killed, out of memory) stops the run as failed.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.run = CrawlRun.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        if crawler.settings.get("NIGHT"):  # a worker's crawl: the night's writer owns the archive
            raise NotConfigured("a worker's crawl sends its items to the night's writer")
        return cls(crawler)

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.writing = BackgroundWriter(settings.get("ARCHIVE_PATH"), settings.getint("ARCHIVE_QUEUE_SIZE"))

    def close_spider(self) -> None:
        self.writing.close()

    async def process_item(self, item: Any) -> Any:
        try:
            counts = await self.writing.write(write_item, item, self.run.run_id)
        except ProcessGone as error:  # nothing more can be archived this run
            stop_run(self.crawler, self.run, log, "archive writer lost", error)
            raise DropItem(str(error)) from None
        for name, count in counts.items():
            self.run.count(name, count)
        return item


def write_item(writer: ArchiveWriter, item: Any, run_id: int | None = None) -> Counter:
    """Write one item of the crawl; what it changed, counted for the run's record.

    The same for a crawl writing its own archive and for the writer of a
    night spread over several machines (`scraper.distributed.writer`).
    """
    counts: Counter = Counter()
    if run_id is not None:
        writer.run_id = run_id
    if isinstance(item, ArticleSnapshot):
        counts.update(writer.save_snapshot(item).counts)
    elif isinstance(item, ArticleGone):
        if writer.mark_gone(item):
            counts["articles_removed"] += 1
        with writer.db.atomic():  # a failed URL now gone from the site: nothing left to try again
            writer.resolve_failure(item.site, item.url, utc(item.fetched_at))
    elif isinstance(item, FetchFailure):
        writer.record_failure(item)
        counts["errors"] += 1
    return counts
