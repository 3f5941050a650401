"""Watching each site's articles for layout drift (see `scraper.quality`)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from scraper.items import ArticleSnapshot
from scraper.problems import report
from scraper.quality import SiteFigures, Thresholds, article_problems, drift_alarms

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
            for kind, words in article_problems(item.article, item.comments, _site_clock(item)):
                report(self.stats, log, kind, "%s: %s", item.article.url, words)
        return item

    def close_spider(self) -> None:
        alarms = drift_alarms(self.figures, self.thresholds)
        for alarm in alarms:
            log.error("layout drift: %s", alarm)
        self.stats.set_value("quality/alarms", alarms)


def _site_clock(snapshot: ArticleSnapshot) -> datetime:
    """The site's own time when the article was fetched (its HTTP Date), else ours."""
    date = snapshot.pages[0].headers.get("date") if snapshot.pages else None
    try:
        moment = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        fetched = snapshot.fetched_at
        return fetched if fetched.tzinfo else fetched.replace(tzinfo=timezone.utc)
    return moment
