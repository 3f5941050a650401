"""One run of the crawl, as the spider, the pipelines and the run record share it.

The spider builds it when the crawl is set up (`RegionalNewsSpider.from_crawler`)
and everything else takes it from there (`CrawlRun.of(crawler)`): the sites
and their plans, what the archive answers (`ArchiveView`), the run's id in
`crawl_runs`, each site's clock, and what the run counted: pages archived,
problems met, drift figures. The run's record is made from this object
alone, so its status never depends on the order in which Scrapy calls the
parts. Scrapy's stats get the same figures too, for the crawl's closing log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scraper.items import ArticleSnapshot
from scraper.known import ArchiveView
from scraper.pages import site_clock
from scraper.planning import SitePlan, Window
from scraper.quality import SiteFigures, Thresholds, article_problems, drift_alarms
from scraper.sites import Site


@dataclass
class CrawlRun:
    arguments: dict[str, str]
    sites: dict[str, Site]
    archive: ArchiveView
    plans: dict[str, SitePlan]
    thresholds: Thresholds = field(default_factory=Thresholds)
    stats: Any = None  # Scrapy's stats collector, mirrored for the log; None outside a crawl
    run_id: int | None = None  # its row in crawl_runs, once recorded
    clocks: dict[str, datetime] = field(default_factory=dict)  # each site's own time at its first answer
    counts: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)
    figures: dict[str, SiteFigures] = field(default_factory=dict)
    # Listing, feed and sitemap pages that answered: an earlier failure of theirs is over.
    answered: set[tuple[str, str]] = field(default_factory=set)  # (site, URL)

    @classmethod
    def plan(cls, arguments: dict[str, str], sites: dict[str, Site], window: Window, archive: ArchiveView,
             max_listing_pages: int, **kwargs: Any) -> "CrawlRun":
        """A run of `sites`, planned from what the archive holds of each."""
        plans = {name: SitePlan(site, archive.site(name, site.here), window, max_listing_pages)
                 for name, site in sites.items()}
        return cls(arguments, sites, archive, plans, **kwargs)

    @staticmethod
    def thresholds_from(settings: Any) -> Thresholds:
        """Drift thresholds from the crawl's settings (DRIFT_*)."""
        return Thresholds(
            min_share=settings.getfloat("DRIFT_MIN_SHARE", Thresholds.min_share),
            min_comment_share=settings.getfloat("DRIFT_MIN_COMMENT_SHARE", Thresholds.min_comment_share),
            min_articles=settings.getint("DRIFT_MIN_ARTICLES", Thresholds.min_articles),
            min_comments=settings.getint("DRIFT_MIN_COMMENTS", Thresholds.min_comments),
        )

    @staticmethod
    def of(crawler: Any) -> "CrawlRun":
        """The run a crawler's spider is making (pipelines and extensions take it from here)."""
        run = getattr(crawler.spider, "run", None)
        if not isinstance(run, CrawlRun):
            raise TypeError(f"spider {crawler.spider.name!r} makes no CrawlRun: the archive's parts need one")
        return run

    # --- what the run meets --------------------------------------------------------
    def set_clock(self, site: str, now: datetime) -> bool:
        """A site answered: its clock sets the plan's window the first time (True then)."""
        plan = self.plans[site]
        if not plan.set_clock(now):
            return False
        self.clocks[site] = plan.now
        return True

    def listing_answered(self, response: Any, request: Any, spider: Any) -> None:
        """A listing, feed or sitemap page answered 200: an earlier failure of it is over."""
        site = request.meta.get("site")  # robots.txt belongs to no site's pages
        if response.status == 200 and site and request.callback != spider.parse_article and "thread" not in request.cb_kwargs:
            self.answered.add((site, request.url))

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n
        if self.stats is not None:
            self.stats.inc_value(f"archive/{name}", n)

    def problem(self, kind: str) -> None:
        self.problems[kind] += 1
        if self.stats is not None:
            self.stats.inc_value(f"problems/{kind}")

    def observe(self, snapshot: ArticleSnapshot) -> list[tuple[str, str]]:
        """Count an article for its site's drift figures; returns what is wrong with it, as (kind, words)."""
        article = snapshot.article
        figures = self.figures.setdefault(article.site, SiteFigures())
        added = figures.observe(article, snapshot.comments, snapshot.comments_complete)
        if self.stats is not None:
            for name, n in added.items():
                self.stats.inc_value(f"quality/{article.site}/{name}", n)
        headers = snapshot.pages[0].headers if snapshot.pages else {}
        return article_problems(article, snapshot.comments, site_clock(headers, snapshot.fetched_at))

    # --- how it ended -----------------------------------------------------------------
    def drift_alarms(self) -> list[str]:
        return drift_alarms(self.figures, self.thresholds)

    def silent_sites(self) -> list[str]:
        """Sites that never answered this run."""
        return sorted(set(self.sites) - set(self.clocks))

    def status(self, reason: str) -> str:
        """`failed` (a site never answered, or the crawl did not finish), `drift`, `errors` or `ok`."""
        if reason != "finished" or self.silent_sites():
            return "failed"
        if self.drift_alarms():
            return "drift"
        if self.counts.get("errors"):
            return "errors"
        return "ok"
