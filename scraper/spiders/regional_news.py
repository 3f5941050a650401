"""The one spider: walks each configured site's listings to its articles.

It only decides what to fetch next, by the rules of `scraper.planning`.
What a fetched article page is (gone, blocked, unchanged…) is decided by
`scraper.triage`, what a page says by the site's profile
(`scraper.profiles`), read in a process of its own (`scraper.reading`), and
writing it is the archive pipeline's job. The run
it makes (`scraper.run.CrawlRun`, built here when the crawl is set up) is
shared with the pipelines and the run record.

Arguments (`-a name=value`): `site` (comma-separated names of sites or of
groups of sites, such as `ngs_network`; default the
sites named in SITE_ORIGINS when that setting is given, so that a crawl
pointed at the demo newsroom never falls through to a real site, else every
site with an origin), `since` / `until` (a backfill period, YYYY-MM-DD),
`refresh_days` (how many days back archived articles are fetched again for
comments; default the REFRESH_DAYS setting), `refresh=all` (all of them).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from scraper import triage
from scraper.collector import ThreadCollector
from scraper.discovery import Listing, read_feed, read_sitemap
from scraper.items import ArticleGone, FetchFailure
from scraper.offsite import LeftTheSites
from scraper.pages import Page
from scraper.planning import BadArgument, Window
from scraper.problems import failure_reason, report, stop_run
from scraper.profiles import Profile, profile_for
from scraper.reading import PageReader
from scraper.side_process import ProcessGone
from scraper.responses import page_of, page_problems
from scraper.run import CrawlRun
from scraper.sites import Site, SiteFileError, load_sites, site_names

ARGUMENTS = ("site", "since", "until", "refresh_days", "refresh")
# Finish what is under way before starting more: comment pages first, then
# articles, then further listing pages. This keeps the request queue (and the
# crawl's memory) small however deep a listing goes.
COMMENTS_FIRST, ARTICLES, LISTINGS_LAST = 10, 0, -10


class RegionalNewsSpider(Spider):
    name = "regional_news"

    run: CrawlRun
    sites: dict[str, Site]
    profiles: dict[str, Profile]
    reader: PageReader

    def __init__(self, site: str | None = None, since: str | None = None, until: str | None = None,
                 refresh_days: str | None = None, refresh: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.arguments = {
            name: value
            for name, value in zip(ARGUMENTS, (site, since, until, refresh_days, refresh))
            if value is not None
        }

    @classmethod
    def check_arguments(cls, settings, arguments: dict[str, str]) -> tuple[dict[str, Site], Window]:
        """The sites and window asked for, or a UsageError saying what is wrong."""
        unknown = sorted(set(arguments) - set(ARGUMENTS))
        if unknown:
            raise UsageError(f"-a {', '.join(unknown)}: no such argument; known: {', '.join(ARGUMENTS)}")
        origins = settings.getdict("SITE_ORIGINS")
        try:
            known = load_sites(settings.getlist("SITES_DIRS"), origins)
        except SiteFileError as error:
            raise UsageError(str(error)) from None
        asked = arguments.get("site")
        if asked:
            names = site_names(known, [s.strip() for s in asked.split(",") if s.strip()])
        elif origins:
            names = list(origins)
        else:
            names = [name for name, s in known.items() if s.origin]
        unknown = [name for name in names if name not in known]
        if unknown:
            groups = sorted({site.group for site in known.values() if site.group})
            raise UsageError(f"-a site: unknown site {', '.join(unknown)}; known: {', '.join(sorted(known))}"
                             + (f"; groups: {', '.join(groups)}" if groups else ""))
        without_origin = [name for name in names if not known[name].origin]
        if without_origin:
            raise UsageError(f"site {', '.join(without_origin)} has no origin: give one in SITE_ORIGINS")
        try:
            window = Window.from_arguments(
                arguments.get("refresh_days", settings.get("REFRESH_DAYS")),
                arguments.get("refresh"),
                arguments.get("since"),
                arguments.get("until"),
            )
        except BadArgument as error:
            raise UsageError(str(error)) from None
        return {name: known[name] for name in names}, window

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        sites, window = cls.check_arguments(settings, spider.arguments)
        archive = load_object(settings.get("ARCHIVE_VIEW")).from_settings(settings)
        spider.run = CrawlRun.plan(
            spider.arguments, sites, window, archive, settings.getint("MAX_LISTING_PAGES"),
            thresholds=CrawlRun.thresholds_from(settings),
        )
        # Scrapy's stats exist once the crawl starts: the run mirrors its figures there, for the closing log.
        crawler.signals.connect(spider._mirror_stats, signal=signals.spider_opened)
        spider.sites = sites
        spider.profiles = {name: profile_for(site) for name, site in sites.items()}
        spider.reader = PageReader(spider.profiles)
        spider.allowed_domains = sorted({site.host.split(":")[0] for site in sites.values()})
        return spider

    def _mirror_stats(self, spider: Spider) -> None:
        self.run.stats = self.crawler.stats
        self.reader.start()  # the crawl's event loop runs by now: the pages are read beside it

    def closed(self, reason: str) -> None:
        self.reader.close()
        self.run.archive.close()

    # --- what to fetch first -------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites.values():
            for paths, callback in (
                (site.discovery.feeds, self.parse_feed),
                (site.discovery.sitemaps, self.parse_sitemap),
                (site.discovery.listings, self.parse_listing),
            ):
                for path in paths:
                    yield self._listing_request(site.url(path), callback, site.name)

    def _listing_request(self, url: str, callback, site: str) -> Request:
        return Request(
            url, callback=callback, errback=self.fetch_failed, cb_kwargs={"site": site},
            meta={"site": site, "page_kind": "listing"}, priority=LISTINGS_LAST,
        )

    def _clock(self, page: Page, site: str) -> Iterator[Request]:
        """Once a site first answers, its clock sets the window: plan the rest."""
        if not self.run.set_clock(site, page.now):
            return
        plan = self.run.plans[site]
        for day in plan.archive_days():
            yield self._listing_request(self.sites[site].url(plan.day_archive_path(day)), self.parse_listing, site)
        for url in plan.retry_urls():
            yield self._article_request(url, site)
        for url in plan.refresh_urls():
            yield self._article_request(url, site, self.run.archive.validators(site, url).request_headers())

    # --- listings, feeds, sitemaps ------------------------------------------
    def parse_listing(self, response: Response, site: str) -> Iterator[Request]:
        page = page_of(response)
        yield from self._clock(page, site)
        listing = self.profiles[site].listing(page)
        yield from self._follow(listing, site)
        if listing.next_url and self.run.plans[site].keep_paging(listing):
            yield self._listing_request(listing.next_url, self.parse_listing, site)

    def parse_feed(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._clock(page_of(response), site)
        yield from self._follow(read_feed(response.body, self.sites[site]), site)

    def parse_sitemap(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._clock(page_of(response), site)
        listing = read_sitemap(response.body, self.sites[site])
        yield from self._follow(listing, site)
        for child in listing.more:
            if self.run.plans[site].wants_sitemap(child):
                yield self._listing_request(child.url, self.parse_sitemap, site)

    def _follow(self, listing: Listing, site: str) -> Iterator[Request]:
        plan = self.run.plans[site]
        for link in listing.articles:
            if plan.wants(link):
                yield self._article_request(link.url, site)

    def _article_request(self, url: str, site: str, headers: dict[str, str] | None = None) -> Request:
        return Request(
            url,
            headers=headers,
            callback=self.parse_article,
            errback=self.fetch_failed,
            cb_kwargs={"site": site},
            meta={"site": site, "page_kind": "article"},
            priority=ARTICLES,
        )

    # --- articles and their comments ----------------------------------------
    async def parse_article(self, response: Response, site: str) -> AsyncIterator[Any]:
        verdict = triage.judge_answer(response.status, _first_url(response.request), response.url, self.sites[site])
        page = self._unchanged(response, site) if isinstance(verdict, triage.Unchanged) else self._page(response)
        for request in self._clock(page, site):
            yield request
        if isinstance(verdict, triage.Gone):
            yield ArticleGone(site, _first_url(response.request), verdict.status, page.fetched_at,
                              redirected_to=verdict.redirected_to)
            return
        try:
            reading = await self.reader.article(site, page)
        except ProcessGone as error:
            stop_run(self.crawler, self.run, self.logger, "page reader lost", error)
            yield FetchFailure(site, response.url, f"not read: {error}", page.fetched_at)
            return
        verdict = triage.judge_page(reading.blocked)
        if isinstance(verdict, triage.Blocked):
            self.crawler.stats.inc_value(f"blocked/{site}")
            self._problem("blocked", "blocked by %s: %s is a bot-block page (not archived)", site, response.url,
                          level=logging.ERROR)
            yield FetchFailure(site, response.url, verdict.reason, page.fetched_at)
            return
        if reading.unreadable is not None:
            self._problem("unreadable page", "could not read the article page %s: %s (not archived)",
                          response.url, reading.unreadable, level=logging.ERROR)
            yield FetchFailure(site, response.url, triage.unreadable(reading.unreadable).reason, page.fetched_at)
            return
        article = reading.article
        verdict = triage.judge_article(article, response.url, self.run.plans[site])
        if isinstance(verdict, triage.OutsidePeriod):
            self.crawler.stats.inc_value(f"backfill/outside_period/{site}")
            return
        if isinstance(verdict, triage.Unreadable):
            self._problem("unreadable page", "%s shows neither a headline nor a text: the archived article is kept"
                          " as it was", response.url, level=logging.ERROR)
            yield FetchFailure(site, response.url, verdict.reason, page.fetched_at)
            return
        thread = ThreadCollector(article, page)
        if reading.comments_unreadable is not None:
            for item in self._comments_lost(thread, site, f"comments unreadable: {reading.comments_unreadable}",
                                            "unreadable comments"):
                yield item
            return
        thread.add(reading.comments)
        for item in self._more_comments(thread, site):
            yield item

    def _page(self, response: Response) -> Page:
        """The page as profiles read it; a wrong charset or a huge body is reported."""
        page = page_of(response)
        for kind, message, arguments in page_problems(response, page):
            self._problem(kind, message, *arguments)
        return page

    def _problem(self, kind: str, message: str, *args: Any, level: int = logging.WARNING) -> None:
        report(self.run, self.logger, kind, message, *args, level=level)

    def _unchanged(self, response: Response, site: str) -> Page:
        """A 304 Not Modified: read the archived copy as if it came again, from where it was asked now."""
        answered = page_of(response)
        stored = self.run.archive.stored_article(site, response.url)
        if stored is None:  # validators came from a page the archive no longer has
            return answered
        self.run.count("not_modified")
        return Page.stored(replace(stored, url=response.url), datetime.now(timezone.utc), answered.headers.get("date"))

    async def parse_comments(self, response: Response, site: str, thread: ThreadCollector) -> AsyncIterator[Any]:
        if thread.has_read(response.url):  # redirected back to a page read
            thread.looped(response.url)
            for item in self._more_comments(thread, site):
                yield item
            return
        page = self._page(response)
        unfinished = thread.add_page(page)
        try:
            reading = await self.reader.more_comments(site, page, thread.article)
        except ProcessGone as error:
            stop_run(self.crawler, self.run, self.logger, "page reader lost", error)
            for item in self._comments_lost(thread, site, f"comments page {response.url} not read: {error}",
                                            "page reader lost"):
                yield item
            return
        if reading.unreadable is not None:
            for item in self._comments_lost(
                thread, site, f"comments page {response.url} unreadable: {reading.unreadable}", "unreadable comments",
            ):
                yield item
            return
        thread.add(reading.comments)
        if unfinished:  # the browser's thread was not whole: keep what it showed, claim nothing deleted
            for item in self._comments_lost(thread, site, f"rendered comments page {response.url}: {unfinished}",
                                            "rendering incomplete"):
                yield item
            return
        for item in self._more_comments(thread, site):
            yield item

    def _more_comments(self, thread: ThreadCollector, site: str) -> Iterator[Any]:
        next_url = thread.next_page()
        if next_url is None:
            if thread.looped_at is not None:
                self._problem("comment page loop", "comments of %s: the next page %s was read already; stopped there",
                              thread.url, thread.looped_at)
            yield thread.snapshot
            return
        yield Request(
            next_url,
            callback=self.parse_comments,
            errback=self.comments_failed,
            cb_kwargs={"site": site, "thread": thread},
            meta={"site": site, "page_kind": "comments"},
            dont_filter=True,
            priority=COMMENTS_FIRST,
        )

    def comments_failed(self, failure: Failure) -> Iterator[Any]:
        """Keep what was read; missing comments then prove nothing."""
        request = failure.request
        reason, kind = failure_reason(failure)
        yield from self._comments_lost(
            request.cb_kwargs["thread"], request.meta["site"], f"comments page {_first_url(request)} failed: {reason}",
            kind,
        )

    def _comments_lost(self, thread: ThreadCollector, site: str, reason: str, kind: str) -> Iterator[Any]:
        """Archive what was read, thread marked incomplete; the article is fetched again next run.

        The failure is recorded under the article's own URL, after the
        snapshot (whose pages resolve earlier failures), so it stays open
        until a later run reads the article's comments whole.
        """
        thread.lost()
        self._problem(kind, "comments of %s incomplete: %s", thread.url, reason, level=logging.ERROR)
        yield thread.snapshot
        yield FetchFailure(site, thread.url, f"comments incomplete: {reason}", _now())

    def fetch_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        site = request.meta["site"]
        url = _first_url(request)  # what was asked for, before any redirect: what the next run asks again
        if failure.check(LeftTheSites):
            left: LeftTheSites = failure.value
            self._problem("left the sites", "%s", left)
            if left.redirect and request.callback == self.parse_article:
                yield ArticleGone(site, left.url, 301, _now(), redirected_to=left.target)
            return
        reason, kind = failure_reason(failure)
        self._problem(kind, "failed %s: %s", url, reason, level=logging.ERROR)
        yield FetchFailure(site, url, reason, _now())


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _first_url(request: Request) -> str:
    return (request.meta.get("redirect_urls") or [request.url])[0]

