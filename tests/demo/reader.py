"""Reading a demo site over HTTP as the crawl would, to compare one day with another.

One keep-alive connection per site; pages are read with the site's real
profile and the real feed and sitemap readers, so what the tests compare is
what a crawl would see.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from scraper.discovery import read_feed, read_sitemap
from scraper.items import Article, Comment
from scraper.profiles import Page, profile_for
from scraper.sites import Site, load_sites
from tests.conftest import WITHOUT_BROWSER_SITES


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def charset(self) -> str:
        return self.headers.get("content-type", "").partition("charset=")[2].strip() or "utf-8"


@dataclass
class Seen:
    """An article page and its whole comment thread, as read on one day."""

    article: Article
    comments: list[Comment]


class SiteReader:
    def __init__(self, origins: dict[str, str], name: str):
        self.origin = origins[name]
        # ngs22's comments from the API its comments page's script calls: no browser here.
        self.site: Site = load_sites([str(WITHOUT_BROWSER_SITES)], origins={name: self.origin})[name]
        self.profile = profile_for(self.site)
        self._connection: http.client.HTTPConnection | None = None

    def get(self, target: str, headers: dict[str, str] | None = None) -> Answer:
        """One GET of a path or a URL of this site, redirects not followed."""
        parts = urlsplit(target)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            if self._connection is None:
                host = urlsplit(self.origin)
                self._connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            try:
                self._connection.request("GET", path, headers=headers or {})
                response = self._connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
                continue
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def page(self, target: str) -> Page:
        url = target if "://" in target else self.origin + target
        answer = self.get(url)
        return Page(url, answer.body, datetime.now(timezone.utc), answer.status, answer.headers, answer.charset)

    # --- discovery --------------------------------------------------------------
    def listing(self) -> list[str]:
        """Every article URL of the site's HTML listing, page after page, newest first."""
        found: list[str] = []
        for path in self.site.discovery.listings:
            url: str | None = self.origin + path
            while url:
                listing = self.profile.listing(self.page(url))
                found += [u for u in listing.article_urls if u not in found]
                url = listing.next_url
        return found

    def feed(self) -> list[str]:
        return [u for path in self.site.discovery.feeds for u in read_feed(self.get(path).body, self.site).article_urls]

    def sitemap(self) -> list[str]:
        """Every article URL of the sitemap index's children, newest first."""
        found = []
        for path in self.site.discovery.sitemaps:
            index = read_sitemap(self.get(path).body, self.site)
            found += index.articles
            for child in index.more:
                found += read_sitemap(self.get(child.url).body, self.site).articles
        found.sort(key=lambda link: link.published or link.modified, reverse=True)
        return [link.url for link in found]

    def articles(self) -> list[str]:
        return self.listing() if self.site.discovery.listings else self.sitemap()

    # --- articles -----------------------------------------------------------------
    def read(self, url: str) -> Seen | Answer:
        """The article and all its comments, or the answer when there is no article."""
        page = self.page(url)
        if page.status != 200:
            return Answer(page.status, page.headers, page.body)
        article = self.profile.article(page)
        batch = self.profile.comments(page, article)
        comments = list(batch.comments)
        while batch.next_url:
            batch = self.profile.more_comments(self.page(batch.next_url), article)
            comments += batch.comments
        return Seen(article, comments)
