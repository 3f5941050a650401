"""Pages as the crawl fetched them, the profiles read them and the archive keeps them.

`Page` is one response with no Scrapy and no network in it (as web-poet's
`HttpResponse`): profiles read it, so each layout is testable from a saved
file. The same page becomes evidence in an article snapshot
(`FetchedPage`), and comes back from the archive as a `StoredPage` to be
read again (a 304 Not Modified, a re-parse). The conversions between the
three are here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cached_property
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node

from scraper.items import FetchedPage
from scraper.rendering.evidence import ANSWER_KIND


@dataclass(frozen=True)
class StoredPage:
    """A raw page as the archive kept it."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str


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

    @classmethod
    def stored(
        cls, stored: StoredPage, fetched_at: datetime, date: str | None = None, answers: tuple["Page", ...] = (),
    ) -> "Page":
        """An archived page read again as fetched at `fetched_at`; `date` is the site's clock then, if known.

        A rendered page comes back with the answers its script fetched, as the archive found them.
        """
        headers = {**stored.headers, "date": date} if date else stored.headers
        return cls(stored.url, stored.body, fetched_at, stored.status, headers, stored.encoding, answers)

    def __getstate__(self) -> dict:
        # A page goes to another process as it was fetched, its fields only: what was worked out from
        # them here (the decoded text, the parsed tree, which lxml cannot pickle) is not sent twice.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def evidence(self, kind: str) -> FetchedPage:
        """The page as an article snapshot keeps it (`kind`: "article" or "comments")."""
        return FetchedPage(self.url, self.status, self.headers, self.body, self.fetched_at, kind, self.encoding)

    def answers_evidence(self) -> list[FetchedPage]:
        """The JSON answers a rendered page's script fetched, as a snapshot keeps them beside the page."""
        return [answer.evidence(ANSWER_KIND) for answer in self.answers]

    @cached_property
    def text(self) -> str:
        return self.body.decode(self.encoding, errors="replace")

    @cached_property
    def selector(self) -> Selector:
        # Parsed as parsel parses HTML, but into plain lxml elements: lxml.html's element classes
        # cost a Python call for every element a query touches, and the profiles use none of their methods.
        # UTF-8 bytes go to the parser as they are (parsel falls back to the decoded text if they are not UTF-8).
        if self.encoding == "utf-8":
            root = create_root_node("", etree.HTMLParser, body=self.body, encoding="utf-8")
        else:
            root = create_root_node(self.text, etree.HTMLParser)
        return Selector(root=root, type="html")

    @property
    def root(self):
        """The parsed page as an lxml element, for compiled queries (scraper/profiles/select.py)."""
        return self.selector.root

    @cached_property
    def by_class(self) -> dict[str, list]:
        """The page's elements under each of their class names, in document order.

        One pass over the page answers every "element of class X" a profile
        asks, where each query of its own would walk the whole page again.
        """
        found: dict[str, list] = {}
        for element in self.root.iter(etree.Element):
            names = element.get("class")
            if names:
                for name in names.split():
                    found.setdefault(name, []).append(element)
        return found

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
        """The site's clock when the page was fetched: relative times ("5 минут назад") count back from it."""
        return site_clock(self.headers, self.fetched_at)


def site_clock(headers: dict[str, str], fetched_at: datetime) -> datetime:
    """The site's own time (its HTTP Date) when a page was fetched, else our fetch time."""
    date = headers.get("date") or headers.get("Date")
    if date:
        try:
            value = parsedate_to_datetime(date)
        except (TypeError, ValueError):
            value = None
        if value is not None and value.tzinfo is not None:
            return value
    return fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=timezone.utc)
