"""The one spider: walks each configured site's listings to its articles.

It only decides what to fetch next. Reading pages is the site profile's job
(`scraper.profiles`), writing them the archive pipeline's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.discovery import Listing, read_feed, read_sitemap
from scraper.items import ArticleGone, ArticleSnapshot, FetchFailure
from scraper.profiles import Profile, profile_for
from scraper.responses import evidence_of, page_of
from scraper.sites import Site, UnknownSite, load_sites


class RegionalNewsSpider(Spider):
    name = "regional_news"

    def __init__(self, site: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.site_names = [s.strip() for s in site.split(",")] if site else []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        known = load_sites(
            crawler.settings.getlist("SITES_DIRS"), crawler.settings.getdict("SITE_ORIGINS")
        )
        names = spider.site_names or [name for name, s in known.items() if s.origin]
        unknown = [name for name in names if name not in known]
        if unknown:
            raise UnknownSite(
                f"unknown site {', '.join(unknown)}; known sites: {', '.join(sorted(known))}"
            )
        spider.sites = {name: known[name] for name in names}
        spider.profiles = {name: profile_for(site) for name, site in spider.sites.items()}
        spider.allowed_domains = sorted({site.host.split(":")[0] for site in spider.sites.values()})
        return spider

    sites: dict[str, Site]
    profiles: dict[str, Profile]

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
            url, callback=callback, errback=self.fetch_failed, cb_kwargs={"site": site}, meta={"site": site}
        )

    # --- listings, feeds, sitemaps ------------------------------------------
    def parse_listing(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._follow(self.profiles[site].listing(page_of(response)), site, self.parse_listing)

    def parse_feed(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._follow(read_feed(response.body, self.sites[site]), site, self.parse_feed)

    def parse_sitemap(self, response: Response, site: str) -> Iterator[Request]:
        yield from self._follow(read_sitemap(response.body, self.sites[site]), site, self.parse_sitemap)

    def _follow(self, listing: Listing, site: str, callback) -> Iterator[Request]:
        for link in listing.articles:
            yield self._article_request(link.url, site)
        for url in ([listing.next_url] if listing.next_url else []) + listing.more:
            yield self._listing_request(url, callback, site)

    def _article_request(self, url: str, site: str) -> Request:
        return Request(
            url,
            callback=self.parse_article,
            errback=self.fetch_failed,
            cb_kwargs={"site": site},
            meta={"site": site},
        )

    # --- articles and their comments ----------------------------------------
    def parse_article(self, response: Response, site: str) -> Iterator[Any]:
        profile = self.profiles[site]
        page = page_of(response)
        gone = self._gone(response, site, page.fetched_at)
        if gone:
            yield gone
            return
        if profile.is_blocked(page):
            self.logger.error("blocked by %s: %s (not archived)", site, response.url)
            self.crawler.stats.inc_value(f"blocked/{site}")
            yield FetchFailure(site, response.url, "blocked (bot-block page)", page.fetched_at)
            return
        article = profile.article(page)
        batch = profile.comments(page, article)
        snapshot = ArticleSnapshot(
            article=article,
            comments=batch.comments,
            comments_complete=True,
            pages=[evidence_of(page, "article")],
            fetched_at=page.fetched_at,
        )
        yield from self._more_comments(snapshot, batch.next_url, site)

    def parse_comments(self, response: Response, site: str, snapshot: ArticleSnapshot) -> Iterator[Any]:
        page = page_of(response)
        batch = self.profiles[site].more_comments(page, snapshot.article)
        snapshot.comments.extend(batch.comments)
        snapshot.pages.append(evidence_of(page, "comments"))
        yield from self._more_comments(snapshot, batch.next_url, site)

    def _more_comments(self, snapshot: ArticleSnapshot, next_url: str | None, site: str) -> Iterator[Any]:
        if next_url is None:
            yield snapshot
            return
        yield Request(
            next_url,
            callback=self.parse_comments,
            errback=self.comments_failed,
            cb_kwargs={"site": site, "snapshot": snapshot},
            meta={"site": site},
            dont_filter=True,
        )

    def comments_failed(self, failure: Failure) -> Iterator[Any]:
        """Keep what was read; missing comments then prove nothing."""
        request = failure.request
        snapshot: ArticleSnapshot = request.cb_kwargs["snapshot"]
        snapshot.comments_complete = False
        self.logger.error("comments page failed, %s: %s", request.url, failure.getErrorMessage())
        yield FetchFailure(request.meta["site"], request.url, failure.getErrorMessage(), _now())
        yield snapshot

    def fetch_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        self.logger.error("failed %s: %s", request.url, failure.getErrorMessage())
        yield FetchFailure(request.meta["site"], request.url, failure.getErrorMessage(), _now())

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
