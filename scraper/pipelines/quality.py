"""Watching each site's articles for layout drift (see `scraper.quality`)."""

from __future__ import annotations

import logging
from typing import Any

from scraper.items import ArticleSnapshot
from scraper.quality import SiteFigures, Thresholds, drift_alarms

log = logging.getLogger(__name__)


class QualityPipeline:
    """Counts what each site's articles yielded; at the end, raises the alarms.

    The figures are crawl stats (`quality/<site>/<measure>`); the alarms go to
    the log as errors and to the stat `quality/alarms`, from which the run
    record marks the run `drift` and the nightly job exits non-zero.
    """

    def __init__(self, crawler):
        self.stats = crawler.stats
        settings = crawler.settings
        self.thresholds = Thresholds(
            min_share=settings.getfloat("DRIFT_MIN_SHARE", Thresholds.min_share),
            min_comment_share=settings.getfloat("DRIFT_MIN_COMMENT_SHARE", Thresholds.min_comment_share),
            min_articles=settings.getint("DRIFT_MIN_ARTICLES", Thresholds.min_articles),
            min_comments=settings.getint("DRIFT_MIN_COMMENTS", Thresholds.min_comments),
        )
        self.figures: dict[str, SiteFigures] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleSnapshot):
            site = item.article.site
            figures = self.figures.setdefault(site, SiteFigures())
            added = figures.observe(item.article, item.comments, item.comments_complete)
            for name, count in added.items():
                self.stats.inc_value(f"quality/{site}/{name}", count)
        return item

    def close_spider(self) -> None:
        alarms = drift_alarms(self.figures, self.thresholds)
        for alarm in alarms:
            log.error("layout drift: %s", alarm)
        self.stats.set_value("quality/alarms", alarms)
