"""A site as the crawl knows it, and the rules that follow from its file.

Everything that depends on which site a page comes from is answered here,
once: whether a URL is on the site and is an article, the article's own id,
which address of a page is its canonical one, whether a page is the site's
bot-block page, and the id of a comment the site shows without one. Profiles
read pages; for these questions they ask the site.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scraper.sites.addresses import on_origin, same_origin

if TYPE_CHECKING:
    from scraper.items import Article
    from scraper.rendering.rules import RenderRules

# How much of a page is searched for a bot-block text: such pages are short,
# and a 10 MB page is not searched whole for nothing.
BLOCK_TEXT_SEARCHED = 20_000


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class Discovery:
    """Where the site lists its articles."""

    listings: tuple[str, ...] = ()  # paged listing pages, newest first
    feeds: tuple[str, ...] = ()  # RSS feeds
    sitemaps: tuple[str, ...] = ()  # sitemap or sitemap index
    day_archive: str | None = None  # e.g. "/calendar/{year}/{month}/{day}/"


@dataclass(frozen=True)
class Site:
    name: str
    title: str
    origin: str | None
    timezone: str
    layout: str
    article_urls: str  # regex over the URL path of an article page; its group `id` is the article's id
    discovery: Discovery = field(default_factory=Discovery)
    selectors: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    # Words found only on the site's bot-block page (a 403 is one anyway).
    blocked_texts: tuple[str, ...] = ()
    delay: float | None = None  # seconds between requests at least (default: the POLITE_DELAY setting)
    concurrency: int | None = None  # requests at a time (default: the POLITE_CONCURRENCY setting)
    # Pages that need a browser (the `[render]` table); None: the site never renders.
    render: RenderRules | None = None
    # The generic profile looks for comments in the page's markup; a site file
    # says `find_comments = false` where that finds the wrong things.
    find_comments: bool = True
    # The origin the site file names, whatever `origin` this run uses
    # (SITE_ORIGINS, a proxy, the demo): the archive's addresses are on it.
    canonical_origin: str | None = None
    # Sites crawled together by one name (`-a site=ngs_network`): a network's sites.
    group: str | None = None

    # --- where the site is ----------------------------------------------------
    def url(self, path: str) -> str:
        if not self.origin:
            raise UnknownSite(f"site {self.name!r} has no origin: give it one in SITE_ORIGINS")
        return urljoin(self.origin.rstrip("/") + "/", path.lstrip("/"))

    def canonical(self, url: str) -> str:
        """The address the archive keeps for a page of this site: on the origin its site file names.

        A site whose file names no origin (a demo site) keeps the address it was read at.
        """
        return on_origin(self.canonical_origin, url) if self.canonical_origin else url

    def archived_as(self, article: Article, read_from: str) -> None:
        """Put the article's addresses on the canonical origin: its own, and its images' on the origin it was read from."""
        article.url = self.canonical(article.url)
        for image in article.images:
            if image.url and same_origin(image.url, read_from):
                image.url = self.canonical(image.url)

    def here(self, url: str) -> str:
        """An archived address of this site, at the origin this run reaches the site on."""
        return on_origin(self.origin, url) if self.origin else url

    @property
    def host(self) -> str:
        return urlsplit(self.origin or "").netloc

    def owns(self, url: str) -> bool:
        """True if `url` is on this site (the crawl never leaves its sites)."""
        try:
            return urlsplit(url).netloc == self.host
        except ValueError:  # no address at all ("http://[::1"): on no site
            return False

    # --- articles -------------------------------------------------------------
    @cached_property
    def _article_pattern(self) -> re.Pattern:
        return re.compile(self.article_urls)

    def is_article_url(self, url: str) -> bool:
        return self.owns(url) and self._article_pattern.search(urlsplit(url).path) is not None

    def article_id(self, *urls: str) -> str | None:
        """The site's own id of an article: the group `id` of `article_urls` in the first URL that shows one."""
        if "id" not in self._article_pattern.groupindex:
            return None
        for url in urls:
            match = self._article_pattern.search(urlsplit(url).path)
            if match and match.group("id"):
                return match.group("id")
        return None

    def canonical_url(self, page_url: str, candidates: Iterable[str | None], keep_query: bool = True) -> str:
        """The address an article is archived under.

        The first canonical address the page gives (`link rel=canonical`,
        `og:url`, JSON-LD `url`, in the order its layout trusts them) that
        stays on this site; else the page's own address, without its
        fragment (and without its query where the layout pages its comments
        through the query).
        """
        for candidate in candidates:
            if not candidate or not candidate.strip():
                continue
            try:
                url = urljoin(page_url, candidate.strip())
            except ValueError:  # no address at all ("http://[::1")
                continue
            if self.owns(url):
                return url
        url = page_url.split("#")[0]
        return url if keep_query else url.split("?")[0]

    # --- pages that are not what they seem -------------------------------------
    def is_block_page(self, status: int, text: str) -> bool:
        """A bot-block page: reported, never archived as an article."""
        if status == 403:  # what sites answer robots they block
            return True
        head = text[:BLOCK_TEXT_SEARCHED]
        return any(marker in head for marker in self.blocked_texts)

    # --- comments ---------------------------------------------------------------
    @staticmethod
    def derived_comment_id(article: Article, author: str | None, text: str | None, occurrence: int = 1) -> str:
        """The id of a comment the site shows without one (see `derived_comment_id` below)."""
        return derived_comment_id(article.article_id or article.url, author, text, occurrence)


def derived_comment_id(article_key: str, author: str | None, text: str | None, occurrence: int = 1) -> str:
    """The id of a comment the site shows without one: stable across fetches.

    Made of the article (its id, or its URL: `article_key`), who wrote the
    comment and what it says, never of its time (many such sites print
    times relative to the request, "5 минут назад"), nor of its place in
    the thread (a deletion above it must not change it). A reply that
    quotes the comment it answers names its parent the same way. The same
    words by the same author twice on one page are told apart by
    `occurrence`.
    """
    key = f"{article_key}\n{author or ''}\n{text or ''}" + (f"\n{occurrence}" if occurrence > 1 else "")
    return hashlib.sha1(key.encode()).hexdigest()[:16]
