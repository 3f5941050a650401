"""Watching each site's articles for layout drift (see `scraper.quality`)."""

from __future__ import annotations

import logging
from typing import Any

from scraper.items import ArticleSnapshot
from scraper.problems import report
from scraper.run import CrawlRun

log = logging.getLogger(__name__)


class QualityPipeline:
    """Counts what each site's articles yielded, on the run; at the end, says the alarms.

    The figures are the run's (and crawl stats, `quality/<site>/<measure>`);
    the alarms go to the log as errors and to the stat `quality/alarms`. The
    run record takes them from the run itself, marking the run `drift`, and
    the nightly job exits non-zero.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.run = CrawlRun.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleSnapshot):
            for kind, words in self.run.observe(item):
                report(self.run, log, kind, "%s: %s", item.article.url, words)
        return item

    def close_spider(self) -> None:
        alarms = self.run.drift_alarms()
        for alarm in alarms:
            log.error("layout drift: %s", alarm)
        self.crawler.stats.set_value("quality/alarms", alarms)
