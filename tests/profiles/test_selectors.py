"""The declarative profile: a site described by selectors in its site file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scraper.dates import Timestamp
from scraper.items import Article
from scraper.profiles import profile_for
from scraper.profiles.selectors import SelectorsProfile
from scraper.sites import load_site
from tests.profiles.expected import (
    FIXTURES,
    Fixture,
    article_cases,
    check_article_field,
    check_comment_field,
    comment_cases,
    fixtures,
    plain,
    reading,
)


@pytest.mark.parametrize("fixture, field", article_cases("selectors"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize("fixture, field", comment_cases("selectors"))
def test_comment_field(fixture, field):
    check_comment_field(fixture, field)


@pytest.mark.parametrize("fixture", fixtures("selectors"), ids=lambda f: f.name)
def test_next_page_of_comments(fixture):
    assert reading(fixture)["next_url"] == fixture.expected["next_url"]


BANKFAX_BY_SELECTORS = FIXTURES / "selectors" / "bankfax_as_selectors.toml"


@pytest.mark.parametrize("fixture", fixtures("bankfax"), ids=lambda f: f.name)
def test_a_site_file_alone_reads_bankfax_as_its_own_profile_does(fixture):
    page = fixture.page()
    by_selectors = SelectorsProfile(load_site(BANKFAX_BY_SELECTORS))
    by_profile = fixture.profile()
    assert by_selectors.is_blocked(page) == by_profile.is_blocked(page) == fixture.expected["blocked"]
    if fixture.expected["blocked"]:
        return
    article = by_selectors.article(page)
    assert plain(article) == plain(by_profile.article(page))
    assert plain(by_selectors.comments(page, article).comments) == plain(by_profile.comments(page, article).comments)


FORUM_THREAD = Fixture("selectors", "forum22_comments")


def test_flat_thread_parents_come_from_the_levels():
    comments = reading(FORUM_THREAD)["comments"]
    ids = [c["comment_id"] for c in comments]
    parents = [c["parent_id"] for c in comments]
    assert parents == [ids[p - 1] if p else None for p in FORUM_THREAD.expected["parents"]]


def test_derived_ids_are_unique_and_stable():
    comments = reading(FORUM_THREAD)["comments"]
    ids = [c["comment_id"] for c in comments]
    assert len(set(ids)) == len(ids)  # the two identical "+" comments too
    assert ids == [c["comment_id"] for c in FORUM_THREAD.expected["comments"]]  # as written down
    # Read again from scratch: the same ids.
    page = FORUM_THREAD.page()
    profile = FORUM_THREAD.profile()
    article = Article("forum22", FORUM_THREAD.expected["article_url"], None, None, Timestamp.empty())
    assert [c.comment_id for c in profile.more_comments(page, article).comments] == ids
    # A comment removed above the others changes none of their ids.
    first = page.body.index(b'<li class="reply"')
    shorter = page.body[:first] + page.body[page.body.index(b"</li>", first) + 5 :]
    page = replace(page, body=shorter)
    assert [c.comment_id for c in profile.more_comments(page, article).comments] == ids[1:]


@pytest.mark.parametrize(
    "table, key, query, message",
    [
        ("selectors", "titel", "h1", "unknown key"),
        ("selectors", "title", "h1[[", "is not a selector"),
        ("comments", "text", "//div[", "is not a selector"),
    ],
)
def test_a_misspelt_site_file_stops_before_the_crawl(tmp_path, table, key, query, message):
    text = (FIXTURES / "selectors" / "vesti22.toml").read_text(encoding="utf-8")
    text = text.replace(f"[{table}]\n", f"[{table}]\n{key} = '{query}'\n", 1)
    if key == "title":
        text = text.replace('title = "h1.article-title"\n', "", 1)
    if key == "text":
        text = text.replace('text = ".comment-text"\n', "", 1)
    (tmp_path / "vesti22.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        profile_for(load_site(tmp_path / "vesti22.toml"))
