"""What the crawl hands to the pipelines: plain declared data, no behaviour.

One item per article fetch (`ArticleSnapshot`) carries everything seen of the
article at that moment (its fields, its whole comment thread, the raw pages it
came from), so the archive can write it in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scraper.dates import Timestamp


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Comment:
    # The site's own id, or one derived from the article and the content.
    comment_id: str
    author: str | None
    # None when the site shows the comment without its text (moderated).
    text: str | None
    posted: Timestamp
    parent_id: str | None = None
    # The earlier comment this one quotes, kept apart from its own words.
    quote: str | None = None
    likes: int | None = None
    dislikes: int | None = None
    hidden: bool = False


@dataclass
class Article:
    site: str
    url: str
    title: str | None
    body: str | None  # paragraphs separated by a blank line
    published: Timestamp
    modified: Timestamp = field(default_factory=Timestamp.empty)
    article_id: str | None = None  # the site's own id, where its URLs show one
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    comment_count_shown: int | None = None
    # Where the crawl found the article's comments: the site's profile by name,
    # "structured" (schema.org data) or "repeated markup"; None: nowhere.
    comments_found_in: str | None = None


@dataclass
class FetchedPage:
    """A raw response, kept as evidence and as input for re-parsing."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    kind: str  # "article", "comments"
    encoding: str = "utf-8"  # as the crawl decoded it; re-parsing decodes the same way


@dataclass
class ArticleSnapshot:
    article: Article
    comments: list[Comment]
    # False when a page of comments failed: missing comments then prove nothing.
    comments_complete: bool
    pages: list[FetchedPage]
    fetched_at: datetime


@dataclass
class ArticleGone:
    """An archived article's URL now answers 404/410 or redirects elsewhere."""

    site: str
    url: str
    status: int
    fetched_at: datetime
    redirected_to: str | None = None


@dataclass
class FetchFailure:
    """A URL that could not be fetched or read; the next run tries it again."""

    site: str
    url: str
    reason: str
    fetched_at: datetime
