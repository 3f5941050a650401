"""What every site profile is: a page object that reads one site layout.

A profile takes a `Page` (URL, body, fetch time: no Scrapy, no network) and
returns plain items, so each layout is testable from a saved HTML file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from scraper.dates import Timestamp, read_timestamp
from scraper.discovery import Link, Listing
from scraper.items import Article, Comment
from scraper.pages import Page
from scraper.sites import Site


@dataclass
class CommentBatch:
    """The comments one response holds, and where the next batch is."""

    comments: list[Comment]
    next_url: str | None = None
    # Where the thread was found: a profile's layout name, "structured" or
    # "repeated markup" (the generic profile's readings), None: nowhere.
    found_in: str | None = None
    # False when the page holds only part of the thread (a "load more" control):
    # comments missing from it then prove nothing.
    complete: bool = True


class Profile(ABC):
    """Reads the pages of one site layout. Subclasses override what differs."""

    layout = "base"

    def __init__(self, site: Site):
        self.site = site

    def timestamp(self, raw: str | None, page: Page) -> Timestamp:
        return read_timestamp(raw, tz=self.site.timezone, now=page.now)

    def is_blocked(self, page: Page) -> bool:
        """A bot-block page: reported, never archived as an article (the site file says how to know one)."""
        return self.site.is_block_page(page.status, page.text)

    # Where a listing page dates its articles: each item (CSS), and the date
    # in it (CSS ending in ::text or ::attr()). Dated links let a backfill
    # skip articles outside its period and stop paging once past it.
    LISTING_ITEM: str | None = None
    LISTING_DATE: str | None = None

    def listing(self, page: Page) -> Listing:
        """Article links in document order, dated where the page dates them; the next page from rel=next."""
        seen: dict[str, None] = {}
        for href in page.css("a::attr(href)").getall():
            url = page.urljoin(href.strip())
            if self.site.is_article_url(url):
                seen.setdefault(url.split("#")[0], None)
        next_href = page.css("a[rel=next]::attr(href), link[rel=next]::attr(href)").get()
        dates = self._listing_dates(page)
        return Listing([Link(url, dates.get(url)) for url in seen], page.urljoin(next_href) if next_href else None)

    def _listing_dates(self, page: Page) -> dict[str, datetime]:
        dates: dict[str, datetime] = {}
        if not (self.LISTING_ITEM and self.LISTING_DATE):
            return dates
        for item in page.css(self.LISTING_ITEM):
            moment = self.timestamp(item.css(self.LISTING_DATE).get(), page).value
            for href in item.css("a::attr(href)").getall():
                url = page.urljoin(href.strip()).split("#")[0]
                if moment is not None and self.site.is_article_url(url):
                    dates.setdefault(url, moment)
        return dates

    @abstractmethod
    def article(self, page: Page) -> Article:
        """The article an article page shows."""

    def comments(self, page: Page, article: Article) -> CommentBatch:
        """Comments found in the article page itself (none by default)."""
        return CommentBatch([])

    def more_comments(self, page: Page, article: Article) -> CommentBatch:
        """Comments on a further page (a next page of comments, an API answer)."""
        return self.comments(page, article)
