"""What a fetched article page is, decided without Scrapy.

`scraper.planning` decides what to fetch; this module decides what to do
with an article page once it is fetched, in the order the checks are made:

1. the answer itself (`judge_answer`): a 304 Not Modified means the page is
   unchanged since it was archived, so the archived copy is read again; a
   404 or 410, or a redirect to a page that is no article, means the
   article is gone from the site (the archive marks it removed, keeping its
   content);
2. the page (`judge_page`): the site's bot-block page is reported and never
   archived (the URL is tried again next run);
3. what the profile read of it (`judge_article`): a page the profile could
   not read, or an archived article's page come back with neither headline
   nor text, is reported and the archived article kept as it was; a new
   article published outside a backfill's period is not archived;
   anything else is an article, archived with its comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.items import Article
from scraper.planning import SitePlan
from scraper.sites import Site


@dataclass(frozen=True)
class Unchanged:
    """304 Not Modified: read the archived copy again."""


@dataclass(frozen=True)
class Gone:
    """The site took the article down (404, 410) or redirects it away (301 and where to)."""

    status: int
    redirected_to: str | None = None


@dataclass(frozen=True)
class Blocked:
    """The site's bot-block page, not the article."""

    reason: str = "blocked (bot-block page)"


@dataclass(frozen=True)
class Unreadable:
    """Nothing to archive from this page; `reason` is what failed_urls says."""

    reason: str


@dataclass(frozen=True)
class OutsidePeriod:
    """A new article published outside the backfill's period."""


@dataclass(frozen=True)
class ToArchive:
    """An article, to be archived with its comments."""


def judge_answer(status: int, requested: str, url: str, site: Site) -> Unchanged | Gone | None:
    """What the answer says before the page is read; None: read the page.

    `requested` is the URL asked for, before any redirect; `url` the one that answered.
    """
    if status == 304:
        return Unchanged()
    if status in (404, 410):
        return Gone(status)
    if requested != url and not site.is_article_url(url):
        return Gone(301, redirected_to=url)
    return None


def judge_page(is_block_page: bool) -> Blocked | None:
    """A bot-block page (as the profile tells it) is not read as an article."""
    return Blocked() if is_block_page else None


def unreadable(error: BaseException | str) -> Unreadable:
    """The profile raised on the page (the error, or its description): its bug costs this page, not the crawl."""
    return Unreadable(f"unreadable: {error if isinstance(error, str) else described(error)}")


def judge_article(article: Article, url: str, plan: SitePlan) -> OutsidePeriod | Unreadable | ToArchive:
    """What the profile read of the page at `url`: archive it or not."""
    if not plan.keeps(article.url, article.published.value):
        return OutsidePeriod()
    if not (article.title or article.body) and (plan.is_archived(article.url) or plan.is_archived(url)):
        # An archived article's page come back empty or garbled is no new version of it.
        return Unreadable("unreadable: neither a headline nor a text")
    return ToArchive()


def described(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
