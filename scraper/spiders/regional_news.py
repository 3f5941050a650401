"""The one spider: walks each configured site's listings to its articles.

It only decides what to fetch next, by the rules of `scraper.planning`.
Reading pages is the site profile's job (`scraper.profiles`), writing them
the archive pipeline's.

Arguments (`-a name=value`): `site` (comma-separated names; default the
sites named in SITE_ORIGINS when that setting is given, so that a crawl
pointed at the demo newsroom never falls through to a real site, else every
site with an origin), `since` / `until` (a backfill period, YYYY-MM-DD),
`refresh_days` (how many days back archived articles are fetched again for
comments; default the REFRESH_DAYS setting), `refresh=all` (all of them).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from scraper.discovery import Listing, read_feed, read_sitemap
from scraper.items import ArticleGone, ArticleSnapshot, FetchFailure
from scraper.planning import BadArgument, SitePlan, Window
from scraper.profiles import Page, Profile, profile_for
from scraper.offsite import LeftTheSites
from scraper.problems import failure_reason, report
from scraper.rendering import evidence as rendered
from scraper.responses import answers_evidence, evidence_of, page_of, page_problems
from scraper.sites import Site, load_sites

ARGUMENTS = ("site", "since", "until", "refresh_days", "refresh")
# Finish what is under way before starting more: comment pages first, then
# articles, then further listing pages. This keeps the request queue (and the
# crawl's memory) small however deep a listing goes.
COMMENTS_FIRST, ARTICLES, LISTINGS_LAST = 10, 0, -10


class RegionalNewsSpider(Spider):
    name = "regional_news"

    sites: dict[str, Site]
    profiles: dict[str, Profile]
    plans: dict[str, SitePlan]

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
        known = load_sites(settings.getlist("SITES_DIRS"), origins)
        asked = arguments.get("site")
        if asked:
            names = [s.strip() for s in asked.split(",") if s.strip()]
        elif origins:
            names = list(origins)
        else:
            names = [name for name, s in known.items() if s.origin]
        unknown = [name for name in names if name not in known]
        if unknown:
            raise UsageError(f"-a site: unknown site {', '.join(unknown)}; known: {', '.join(sorted(known))}")
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
        spider.sites, window = cls.check_arguments(settings, spider.arguments)
        spider.profiles = {name: profile_for(site) for name, site in spider.sites.items()}
        spider.allowed_domains = sorted({site.host.split(":")[0] for site in spider.sites.values()})
        # What the archive holds, asked through the view ARCHIVE_VIEW names (archive.db, or a night's queue server).
        spider.archive = load_object(settings.get("ARCHIVE_VIEW")).from_settings(settings)
        spider.known = {name: spider.archive.site(name) for name in spider.sites}
        spider.plans = {
            name: SitePlan(site, spider.known[name], window, settings.getint("MAX_LISTING_PAGES"))
            for name, site in spider.sites.items()
        }
        return spider

    def closed(self, reason: str) -> None:
        self.archive.close()

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
        plan = self.plans[site]
        if not plan.set_clock(page.now):
            return
        self.crawler.stats.set_value(f"site_clock/{site}", plan.now.isoformat())
        for day in plan.archive_days():
            yield self._listing_request(self.sites[site].url(plan.day_archive_path(day)), self.parse_listing, site)
        for url in plan.retry_urls():
            yield self._article_request(url, site)
        for url in plan.refresh_urls():
            yield self._article_request(url, site, self.known[site].validators(url))

    # --- listings, feeds, sitemaps ------------------------------------------
    def parse_listing(self, response: Response, site: str) -> Iterator[Request]:
        page = page_of(response)
        yield from self._clock(page, site)
        listing = self.profiles[site].listing(page)
        yield from self._follow(listing, site)
        if listing.next_url and self.plans[site].keep_paging(listing):
            yield self._listing_request(listing.next_url, self.parse_listing, site)

    def parse_feed(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._clock(page_of(response), site)
        yield from self._follow(read_feed(response.body, self.sites[site]), site)

    def parse_sitemap(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._clock(page_of(response), site)
        listing = read_sitemap(response.body, self.sites[site])
        yield from self._follow(listing, site)
        for child in listing.more:
            if self.plans[site].wants_sitemap(child):
                yield self._listing_request(child.url, self.parse_sitemap, site)

    def _follow(self, listing: Listing, site: str) -> Iterator[Request]:
        plan = self.plans[site]
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
    def parse_article(self, response: Response, site: str) -> Iterator[Any]:
        profile = self.profiles[site]
        page = self._unchanged(response, site) if response.status == 304 else self._page(response)
        yield from self._clock(page, site)
        gone = self._gone(response, site, page.fetched_at)
        if gone:
            yield gone
            return
        if profile.is_blocked(page):
            self.crawler.stats.inc_value(f"blocked/{site}")
            self._problem("blocked", "blocked by %s: %s is a bot-block page (not archived)", site, response.url,
                          level=logging.ERROR)
            yield FetchFailure(site, response.url, "blocked (bot-block page)", page.fetched_at)
            return
        try:
            article = profile.article(page)
        except Exception as error:  # a profile's bug must cost this page, not the crawl
            self._problem("unreadable page", "could not read the article page %s: %s (not archived)",
                          response.url, _described(error), level=logging.ERROR)
            yield FetchFailure(site, response.url, f"unreadable: {_described(error)}", page.fetched_at)
            return
        if not self.plans[site].keeps(article.url, article.published.value):
            self.crawler.stats.inc_value(f"backfill/outside_period/{site}")
            return
        if not (article.title or article.body) and (article.url in self.known[site] or response.url in self.known[site]):
            # An archived article's page come back empty or garbled is no new version of it.
            self._problem("unreadable page", "%s shows neither a headline nor a text: the archived article is kept"
                          " as it was", response.url, level=logging.ERROR)
            yield FetchFailure(site, response.url, "unreadable: neither a headline nor a text", page.fetched_at)
            return
        snapshot = ArticleSnapshot(
            article=article,
            comments=[],
            comments_complete=True,
            pages=[evidence_of(page, "article")],
            fetched_at=page.fetched_at,
        )
        try:
            batch = profile.comments(page, article)
        except Exception as error:
            yield from self._comments_lost(snapshot, site, f"comments unreadable: {_described(error)}",
                                           "unreadable comments")
            return
        snapshot.comments.extend(batch.comments)
        article.comments_found_in = batch.found_in
        snapshot.comments_complete = batch.complete
        yield from self._more_comments(snapshot, batch.next_url, site)

    def _page(self, response: Response) -> Page:
        """The page as profiles read it; a wrong charset or a huge body is reported."""
        page = page_of(response)
        for kind, message, arguments in page_problems(response, page):
            self._problem(kind, message, *arguments)
        return page

    def _problem(self, kind: str, message: str, *args: Any, level: int = logging.WARNING) -> None:
        report(self.crawler.stats, self.logger, kind, message, *args, level=level)

    def _unchanged(self, response: Response, site: str) -> Page:
        """A 304 Not Modified: read the archived copy as if it came again."""
        stored = self.known[site].stored_page(response.url)
        if stored is None:  # validators came from a page the archive no longer has
            return page_of(response)
        self.crawler.stats.inc_value("archive/not_modified")
        return Page(
            url=stored.url,
            body=stored.body,
            fetched_at=datetime.now(timezone.utc),
            status=stored.status,
            headers={**stored.headers, **{k: v for k, v in page_of(response).headers.items() if k == "date"}},
            encoding=stored.encoding,
        )

    def parse_comments(self, response: Response, site: str, snapshot: ArticleSnapshot) -> Iterator[Any]:
        if response.url in {page.url for page in snapshot.pages}:  # redirected back to a page read
            yield from self._comments_loop(snapshot, response.url)
            return
        page = self._page(response)
        snapshot.pages.append(evidence_of(page, "comments"))
        snapshot.pages.extend(answers_evidence(page))
        try:
            batch = self.profiles[site].more_comments(page, snapshot.article)
        except Exception as error:
            yield from self._comments_lost(
                snapshot, site, f"comments page {response.url} unreadable: {_described(error)}", "unreadable comments"
            )
            return
        snapshot.comments.extend(batch.comments)
        unfinished = rendered.incomplete(page.headers)
        if unfinished:  # the browser's thread was not whole: keep what it showed, claim nothing deleted
            yield from self._comments_lost(snapshot, site, f"rendered comments page {response.url}: {unfinished}",
                                           "rendering incomplete")
            return
        yield from self._more_comments(snapshot, batch.next_url, site)

    def _more_comments(self, snapshot: ArticleSnapshot, next_url: str | None, site: str) -> Iterator[Any]:
        if next_url is None:
            yield snapshot
            return
        if next_url in {page.url for page in snapshot.pages}:
            yield from self._comments_loop(snapshot, next_url)
            return
        yield Request(
            next_url,
            callback=self.parse_comments,
            errback=self.comments_failed,
            cb_kwargs={"site": site, "snapshot": snapshot},
            meta={"site": site, "page_kind": "comments"},
            dont_filter=True,
            priority=COMMENTS_FIRST,
        )

    def comments_failed(self, failure: Failure) -> Iterator[Any]:
        """Keep what was read; missing comments then prove nothing."""
        request = failure.request
        snapshot: ArticleSnapshot = request.cb_kwargs["snapshot"]
        reason, kind = failure_reason(failure)
        yield from self._comments_lost(
            snapshot, request.meta["site"], f"comments page {_first_url(request)} failed: {reason}", kind
        )

    def _comments_lost(self, snapshot: ArticleSnapshot, site: str, reason: str, kind: str) -> Iterator[Any]:
        """Archive what was read, thread marked incomplete; the article is fetched again next run.

        The failure is recorded under the article's own URL, after the
        snapshot (whose pages resolve earlier failures), so it stays open
        until a later run reads the article's comments whole.
        """
        snapshot.comments_complete = False
        url = snapshot.pages[0].url
        self._problem(kind, "comments of %s incomplete: %s", url, reason, level=logging.ERROR)
        yield snapshot
        yield FetchFailure(site, url, f"comments incomplete: {reason}", _now())

    def _comments_loop(self, snapshot: ArticleSnapshot, url: str) -> Iterator[Any]:
        """Pages of comments leading back to one already read: stop, claim nothing deleted."""
        snapshot.comments_complete = False
        self._problem("comment page loop", "comments of %s: the next page %s was read already; stopped there",
                      snapshot.pages[0].url, url)
        yield snapshot

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

    def _gone(self, response: Response, site: str, fetched_at: datetime) -> ArticleGone | None:
        """404/410, or a redirect to a page that is not an article."""
        requested = (response.meta.get("redirect_urls") or [response.url])[0]
        if response.status in (404, 410):
            return ArticleGone(site, requested, response.status, fetched_at)
        if requested != response.url and not self.sites[site].is_article_url(response.url):
            return ArticleGone(site, requested, 301, fetched_at, redirected_to=response.url)
        return None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _first_url(request: Request) -> str:
    return (request.meta.get("redirect_urls") or [request.url])[0]


def _described(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"

