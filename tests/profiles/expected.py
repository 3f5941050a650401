"""Saved pages and their expected reading, checked one field at a time.

Each fixture is `<name>.html` (the page as fetched) beside `<name>.json`:
where and when it was fetched (`url`, `fetched_at`, `headers`, `status`,
`encoding`; `kind` "comments" and `article_url` for a further page of
comments), the site that reads it (`site`, a built-in site file, or
`site_file`, one beside the page), whether it is a bot-block page
(`blocked`), and the expected `article` and `comments` (and, where given,
`comments_found_in` and `comments_complete`: where the thread was found and
whether the page holds all of it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scraper.dates import Timestamp
from scraper.items import Article
from scraper.profiles import Page, Profile, profile_for
from scraper.sample_cases import plain
from scraper.sites import Site, load_site, load_sites

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Fixture:
    folder: str
    name: str

    @property
    def html(self) -> Path:
        return FIXTURES / self.folder / f"{self.name}.html"

    @property
    def expected(self) -> dict[str, Any]:
        return _json(FIXTURES / self.folder / f"{self.name}.json")

    def site(self) -> Site:
        if "site_file" in self.expected:
            return load_site(FIXTURES / self.folder / self.expected["site_file"])
        return load_sites()[self.expected["site"]]

    def page(self) -> Page:
        data = self.expected
        return Page(
            url=data["url"],
            body=self.html.read_bytes(),
            fetched_at=datetime.fromisoformat(data["fetched_at"].replace("Z", "+00:00")),
            status=data.get("status", 200),
            headers=data.get("headers", {}),
            encoding=data.get("encoding", "utf-8"),
        )

    def profile(self) -> Profile:
        return profile_for(self.site())


@cache
def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def reading(fixture: Fixture) -> dict[str, Any]:
    """The profile's reading of a saved page, as plain data (read once per fixture)."""
    page = fixture.page()
    profile = fixture.profile()
    if profile.is_blocked(page):
        return {"blocked": True}
    if fixture.expected.get("kind") == "comments":
        # A further page of comments, read for the article it belongs to.
        url = fixture.expected["article_url"]
        article = Article(profile.site.name, url, None, None, Timestamp.empty())
        batch = profile.more_comments(page, article)
        return {"blocked": False, "comments": plain(batch.comments), "next_url": batch.next_url}
    article = profile.article(page)
    batch = profile.comments(page, article)
    return {
        "blocked": False,
        "article": plain(article),
        "comments": plain(batch.comments),
        "next_url": batch.next_url,
        "comments_found_in": batch.found_in,
        "comments_complete": batch.complete,
    }


def fixtures(folder: str) -> list[Fixture]:
    return [Fixture(folder, path.stem) for path in sorted((FIXTURES / folder).glob("*.html"))]


def article_cases(folder: str) -> list:
    """(fixture, field) for every article field every fixture of `folder` expects."""
    return [
        pytest.param(fixture, field, id=f"{fixture.name}-{field}")
        for fixture in fixtures(folder)
        for field in fixture.expected.get("article", {})
    ]


def comment_cases(folder: str) -> list:
    """(fixture, field) for every comment field, over the whole thread at once."""
    return [
        pytest.param(fixture, field, id=f"{fixture.name}-comments-{field}")
        for fixture in fixtures(folder)
        if fixture.expected.get("comments")
        for field in fixture.expected["comments"][0]
    ]


THREAD_KEYS = ("comments_found_in", "comments_complete")


def thread_cases(folder: str) -> list:
    """(fixture, key) for where each fixture's thread was found and whether the page holds all of it."""
    return [
        pytest.param(fixture, key, id=f"{fixture.name}-{key}")
        for fixture in fixtures(folder)
        for key in THREAD_KEYS
        if key in fixture.expected
    ]


def check_thread(fixture: Fixture, key: str) -> None:
    assert reading(fixture)[key] == fixture.expected[key]


def check_article_field(fixture: Fixture, field: str) -> None:
    got = reading(fixture)
    assert not got["blocked"], f"{fixture.name} read as a bot-block page"
    assert got["article"][field] == fixture.expected["article"][field]


def check_comment_field(fixture: Fixture, field: str) -> None:
    got = reading(fixture)["comments"]
    want = fixture.expected["comments"]
    assert len(got) == len(want)
    assert [c[field] for c in got] == [c[field] for c in want]
