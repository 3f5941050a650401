"""What every site profile is: a page object that reads one site layout.

A profile takes a `Page` (URL, body, fetch time: no Scrapy, no network) and
returns plain items, so each layout is testable from a saved HTML file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cached_property
from urllib.parse import urljoin

from parsel import Selector

from scraper.dates import Timestamp, read_timestamp
from scraper.discovery import Link, Listing
from scraper.items import Article, Comment
from scraper.sites import Site


@dataclass
class Page:
    """One fetched response, as a profile sees it."""

    url: str
    body: bytes
    fetched_at: datetime
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    # A page rendered in a browser: the JSON answers its script fetched from
    # the site while it rendered, in order (see scraper/rendering/).
    answers: tuple["Page", ...] = ()

    @cached_property
    def text(self) -> str:
        return self.body.decode(self.encoding, errors="replace")

    @cached_property
    def selector(self) -> Selector:
        return Selector(text=self.text)

    def css(self, query: str):
        return self.selector.css(query)

    def xpath(self, query: str, **kwargs):
        return self.selector.xpath(query, **kwargs)

    def urljoin(self, href: str) -> str:
        """`href` made absolute; one that is no address at all (`http://[::1`) is the page itself."""
        try:
            return urljoin(self.url, href)
        except ValueError:
            return self.url

    @cached_property
    def now(self) -> datetime:
        """The site's own clock (HTTP Date) if it sent one, else our fetch time.

        Relative times ("5 минут назад") are relative to the site's clock.
        """
        date = self.headers.get("date") or self.headers.get("Date")
        if date:
            try:
                value = parsedate_to_datetime(date)
            except (TypeError, ValueError):
                value = None
            if value is not None and value.tzinfo is not None:
                return value
        fetched = self.fetched_at
        return fetched if fetched.tzinfo else fetched.replace(tzinfo=timezone.utc)


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
    BLOCK_MARKERS = ("Нас опечалило ваше поведение",)

    def __init__(self, site: Site):
        self.site = site

    def timestamp(self, raw: str | None, page: Page) -> Timestamp:
        return read_timestamp(raw, tz=self.site.timezone, now=page.now)

    def is_blocked(self, page: Page) -> bool:
        """A bot-block page: reported, never archived as an article."""
        if page.status == 403:
            return True
        head = page.text[:20000]
        return any(marker in head for marker in self.BLOCK_MARKERS)

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
