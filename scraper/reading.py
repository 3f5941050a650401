"""Reading article and comment pages with the sites' profiles, in a process of the crawl's own.

Parsing a page and reading its article and comments take the crawl's
process as long as fetching it; done beside it, they leave the crawl's
process to fetch and to decide what to fetch next (`scraper.side_process`).
A reader not started (a spider used without a crawl, as the tests do)
reads in the calling process, the same way.

A profile that fails on a page costs that page only: the reading says why,
in words, and the spider reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper import triage
from scraper.items import Article
from scraper.pages import Page
from scraper.profiles import Profile
from scraper.profiles.base import CommentBatch
from scraper.side_process import SideProcess

QUEUE_SIZE = 16  # pages handed over and not yet read


@dataclass
class ArticleReading:
    """What an article page shows, as its site's profile reads it."""

    blocked: bool = False  # a bot-block page: nothing else is read
    article: Article | None = None  # on the site's canonical origin (`Site.archived_as`)
    unreadable: str | None = None  # why the profile could not read the article
    comments: CommentBatch | None = None
    comments_unreadable: str | None = None  # why it could not read the comments


@dataclass
class CommentsReading:
    """What a further page of comments shows."""

    comments: CommentBatch | None = None
    unreadable: str | None = None


def read_article(profiles: dict[str, Profile], site: str, page: Page) -> ArticleReading:
    profile = profiles[site]
    if profile.is_blocked(page):
        return ArticleReading(blocked=True)
    try:
        article = profile.article(page)
    except Exception as error:  # noqa: BLE001 - a profile's bug must cost this page, not the crawl
        return ArticleReading(unreadable=triage.described(error))
    profile.site.archived_as(article, page.url)
    try:
        return ArticleReading(article=article, comments=profile.comments(page, article))
    except Exception as error:  # noqa: BLE001
        return ArticleReading(article=article, comments_unreadable=triage.described(error))


def read_more_comments(profiles: dict[str, Profile], site: str, page: Page, article: Article) -> CommentsReading:
    try:
        return CommentsReading(profiles[site].more_comments(page, article))
    except Exception as error:  # noqa: BLE001
        return CommentsReading(unreadable=triage.described(error))


class PageReader:
    """The sites' profiles reading pages: in a process of their own once `start`ed, else here."""

    def __init__(self, profiles: dict[str, Profile]):
        self.profiles = profiles
        self._process: SideProcess | None = None

    def start(self) -> None:
        """Fork the reading process (on the crawl's running event loop), with the profiles as they are now."""
        profiles = self.profiles
        self._process = SideProcess(lambda: profiles, "page-reader", QUEUE_SIZE)

    def close(self) -> None:
        if self._process is not None:
            self._process.close()
            self._process = None

    async def article(self, site: str, page: Page) -> ArticleReading:
        if self._process is None:
            return read_article(self.profiles, site, page)
        return await self._process.run(read_article, site, page)

    async def more_comments(self, site: str, page: Page, article: Article) -> CommentsReading:
        if self._process is None:
            return read_more_comments(self.profiles, site, page, article)
        return await self._process.run(read_more_comments, site, page, article)
