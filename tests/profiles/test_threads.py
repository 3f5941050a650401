"""Comments the generic profile finds in pages no profile knows (scraper.profiles.threads).

The saved pages in tests/fixtures/comments/ are written by hand, one for each
shape real comment sections take and each trap they hold, and pages that hold
no comment at all (where inventing one is the failure).
"""

from __future__ import annotations

import pytest

from scraper.profiles import Page
from scraper.profiles.generic import GenericProfile
from scraper.profiles.selectors import SelectorsProfile
from scraper.sites import load_site
from tests.profiles.expected import (
    FIXTURES, Fixture, article_cases, check_article_field, check_comment_field, check_thread, comment_cases, reading,
    thread_cases,
)


@pytest.mark.parametrize("fixture, field", article_cases("comments"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize("fixture, field", comment_cases("comments"))
def test_comment_field(fixture, field):
    check_comment_field(fixture, field)


@pytest.mark.parametrize("fixture, key", thread_cases("comments"))
def test_where_the_thread_was_found_and_whether_the_page_holds_all_of_it(fixture, key):
    check_thread(fixture, key)


NONE = ["none_script_template", "none_sidebar_best_comment", "none_teasers", "none_code_and_empty_thread"]


@pytest.mark.parametrize("name", NONE)
def test_pages_that_hold_no_comment_give_none_and_claim_no_count(name):
    got = reading(Fixture("comments", name))
    assert got["comments"] == []
    assert got["comments_found_in"] is None
    assert got["article"]["comment_count_shown"] is None


def test_replies_shown_by_a_margin_answer_the_comment_above_them():
    comments = reading(Fixture("comments", "margins_unix"))["comments"]
    assert [c["parent_id"] for c in comments] == [None, comments[0]["comment_id"], None]


def test_comments_without_ids_get_the_same_ids_on_every_reading_and_double_posts_stay_two():
    fixture = Fixture("comments", "margins_unix")
    first = GenericProfile(fixture.site())
    ids = [c.comment_id for c in first.comments(fixture.page(), first.article(fixture.page())).comments]
    again = GenericProfile(fixture.site())
    page = fixture.page()
    assert [c.comment_id for c in again.comments(page, again.article(page)).comments] == ids
    assert len(set(ids)) == len(ids)
    next_day = fixture.html.read_text(encoding="utf-8").replace("сегодня в", "вчера в")
    page = Page(fixture.page().url, next_day.encode(), fixture.page().fetched_at, headers=fixture.page().headers)
    later = GenericProfile(fixture.site())
    assert [c.comment_id for c in later.comments(page, later.article(page)).comments] == ids  # times are no part of them
    doubled = fixture.html.read_text(encoding="utf-8").replace(
        '<li class="item" style="margin-left: 0px" data-ts="1661256000">',
        '<li class="item" style="margin-left: 0px" data-ts="1661256000"><a class="who" href="/users/sidorov/">Сидоров</a>'
        ' <span class="printed">сегодня в 19:00</span><div class="body">Воду дали в 17:30, раньше срока.</div></li>'
        '<li class="item" style="margin-left: 0px" data-ts="1661256000">',
    )
    page = Page(fixture.page().url, doubled.encode(), fixture.page().fetched_at, headers=fixture.page().headers)
    twice = GenericProfile(fixture.site()).comments(page, GenericProfile(fixture.site()).article(page)).comments
    assert len(twice) == 4 and twice[2].text == twice[3].text and twice[2].comment_id != twice[3].comment_id


def test_a_site_file_turns_the_comment_finding_off(tmp_path):
    fixture = Fixture("comments", "nested_lists")
    site_file = tmp_path / "altai24.toml"
    site_file.write_text(
        (FIXTURES / "comments" / "site.toml").read_text(encoding="utf-8").replace(
            'layout = "generic"', 'layout = "generic"\nfind_comments = false'
        ),
        encoding="utf-8",
    )
    profile = GenericProfile(load_site(site_file))
    page = fixture.page()
    article = profile.article(page)
    batch = profile.comments(page, article)
    assert batch.comments == [] and batch.found_in is None
    assert article.comment_count_shown is None


def test_a_selectors_site_without_a_comments_table_gets_them_found_like_any_field(tmp_path):
    site_file = tmp_path / "altai24.toml"
    site_file.write_text(
        (FIXTURES / "comments" / "site.toml").read_text(encoding="utf-8").replace('layout = "generic"', 'layout = "selectors"')
        + '\n[selectors]\ntitle = "h1.entry-title"\n',
        encoding="utf-8",
    )
    profile = SelectorsProfile(load_site(site_file))
    page = Fixture("comments", "nested_lists").page()
    batch = profile.comments(page, profile.article(page))
    assert batch.found_in == "repeated markup" and len(batch.comments) == 4


@pytest.mark.parametrize("folder, name, found_in", [
    ("bankfax", "seed_article", "bankfax"),
    ("legacy_cp1251", "article", "legacy_cp1251"),
    ("hearst", "article_edited", "hearst"),
    ("hearst", "no_widget", None),
    ("selectors", "vesti_article", "selectors"),
])
def test_each_profile_says_where_it_found_the_thread(folder, name, found_in):
    assert reading(Fixture(folder, name))["comments_found_in"] == found_in
