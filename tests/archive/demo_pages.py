"""Demo bankfax article pages as the crawl would have fetched them, without a server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from scraper.demo import bankfax
from scraper.demo.newsroom import build_sites
from scraper.demo.timeline import clock
from scraper.items import ArticleSnapshot, FetchedPage
from scraper.profiles import Page, profile_for
from scraper.sites import load_sites

ORIGIN = "http://127.0.0.1:8800"
FETCHED = datetime(2022, 8, 23, 16, 0, tzinfo=timezone.utc)
HEADERS = {"date": "Tue, 23 Aug 2022 16:00:00 GMT", "content-type": "text/html; charset=utf-8"}


def site():
    return load_sites(origins={"bankfax": ORIGIN})["bankfax"]


def snapshots(count: int) -> Iterator[ArticleSnapshot]:
    """The first `count` demo bankfax articles of day 1, read by the real profile."""
    profile = profile_for(site())
    demo = next(s for s in build_sites() if s.name == "bankfax")
    for article in demo.articles(1)[:count]:
        html = bankfax.article_page(article, ORIGIN, clock(1)).encode()
        url = f"{ORIGIN}/{article.rubric}/{article.id}/"
        page = Page(url, html, FETCHED, headers=HEADERS)
        read = profile.article(page)
        yield ArticleSnapshot(
            read,
            profile.comments(page, read).comments,
            True,
            [FetchedPage(url, 200, HEADERS, html, FETCHED, "article")],
            FETCHED,
        )
