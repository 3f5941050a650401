"""The Hearst Shkulev network profile against saved pages (tests/fixtures/hearst/).

The pages and comments-API answers were saved from the demo ngs22.ru
(`python -m tests.demo.save_fixtures`); the expected readings beside them
come from what the demo made each page show, not from the profile.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache

import pytest

from scraper.dates import Timestamp
from scraper.items import Article
from scraper.profiles import Page, profile_for
from scraper.sites import load_site, load_sites
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

EDITED = Fixture("hearst", "article_edited")
NEXT_BUILD = Fixture("hearst", "article_edited_next_build")
NO_WIDGET = Fixture("hearst", "no_widget")
API_PAGES = ("api_page1", "api_page2")
RENDERED = Fixture("hearst", "comments_rendered")
RENDERED_SEED = Fixture("hearst", "comments_rendered_seed")


def article_pages() -> list[Fixture]:
    return [f for f in fixtures("hearst") if not f.expected["blocked"] and f.expected.get("kind") != "comments"]


@pytest.mark.parametrize("fixture, field", article_cases("hearst"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


def test_the_article_page_holds_no_comments_but_names_the_api():
    for fixture in article_pages():
        got = reading(fixture)
        assert got["comments"] == []
        assert got["next_url"] == fixture.expected["next_url"]


def test_a_page_without_the_widget_config_claims_no_comments_missing():
    got = reading(NO_WIDGET)
    assert got["next_url"] is None and got["comments"] == []
    assert "data-comments-widget" not in NO_WIDGET.html.read_text(encoding="utf-8")


def test_class_names_change_between_builds_and_the_reading_does_not():
    def classes(fixture: Fixture) -> set[str]:
        html = fixture.html.read_text(encoding="utf-8")
        return {name for value in re.findall(r'class="([^"]+)"', html) for name in value.split()}

    assert classes(EDITED) and not classes(EDITED) & classes(NEXT_BUILD)
    first, second = reading(EDITED)["article"], reading(NEXT_BUILD)["article"]
    assert first == second  # nothing on the article changed between the two days


def test_no_ads_share_buttons_header_or_job_titles_in_the_text():
    for fixture in article_pages():
        article = reading(fixture)["article"]
        text = article["body"] + article["lead"]
        for leak in ("adfoxCode", "Поделиться", "ВКонтакте", "USD", "Барнаул +", "корреспондент", "Фото:", "NGS22.RU"):
            assert leak not in text, (fixture.name, leak)
        assert "корреспондент" not in article["authors"]


def test_bot_block_page_is_not_an_article():
    blocked = [f for f in fixtures("hearst") if f.expected["blocked"]]
    assert blocked
    for fixture in blocked:
        assert reading(fixture) == {"blocked": True}


# --- the comments API ------------------------------------------------------------
@cache
def api_reading(name: str) -> tuple[dict, dict]:
    """(expected, the profile's reading) of a saved comments-API answer."""
    expected = json.loads((FIXTURES / "hearst" / f"{name}.expected.json").read_text(encoding="utf-8"))
    site = load_site(FIXTURES / "hearst" / expected["site_file"])
    page = Page(
        url=expected["url"],
        body=(FIXTURES / "hearst" / f"{name}.response.json").read_bytes(),
        fetched_at=datetime.fromisoformat(expected["fetched_at"].replace("Z", "+00:00")),
        status=expected["status"],
        headers=expected["headers"],
    )
    article = Article(site.name, expected["article_url"], None, None, published=Timestamp.empty())
    batch = profile_for(site).more_comments(page, article)
    return expected, {"comments": plain(batch.comments), "next_url": batch.next_url}


API_FIELDS = ["comment_id", "parent_id", "author", "text", "quote", "posted", "likes", "dislikes", "hidden"]


@pytest.mark.parametrize("name", API_PAGES)
@pytest.mark.parametrize("field", API_FIELDS)
def test_api_comment_field(name, field):
    expected, got = api_reading(name)
    assert len(got["comments"]) == len(expected["comments"])
    assert [c[field] for c in got["comments"]] == [c[field] for c in expected["comments"]]


@pytest.mark.parametrize("name", API_PAGES)
def test_api_next_page(name):
    expected, got = api_reading(name)
    assert got["next_url"] == expected["next_url"]


def test_api_pages_hold_two_levels_with_line_breaks_votes_and_blocked_comments():
    comments = [c for name in API_PAGES for c in api_reading(name)[1]["comments"]]
    ids = [c["comment_id"] for c in comments]
    assert len(ids) == len(set(ids))
    assert any(c["parent_id"] for c in comments) and any(c["parent_id"] is None for c in comments)
    assert all(c["parent_id"] in ids[: ids.index(c["comment_id"])] for c in comments if c["parent_id"])
    assert any("\n" in (c["text"] or "") for c in comments)
    assert any(c["hidden"] and c["text"] is None for c in comments)
    assert all(isinstance(c["likes"], int) and isinstance(c["dislikes"], int) for c in comments)
    # Together the pages hold every comment the article page claims.
    assert len(comments) == NO_WIDGET.expected["article"]["comment_count_shown"]


def test_a_broken_api_answer_is_an_error_not_an_empty_thread():
    site = load_sites()["ngs22"]
    page = Page("https://ngs22.ru/api/v1/comments/?articleId=1&page=1", b'{"comments": [{"id": 1,', datetime.now())
    with pytest.raises(ValueError, match="not JSON"):
        profile_for(site).more_comments(page, Article("ngs22", "https://ngs22.ru/text/", None, None, Timestamp.empty()))


# --- the comments page as the browser rendered it ---------------------------------
@pytest.mark.parametrize("fixture, field", comment_cases("hearst"))
def test_rendered_comment_field(fixture, field):
    check_comment_field(fixture, field)


def test_the_real_networks_article_page_leads_to_its_comments_page():
    """With the built-in site file (as the real network: no widget address), the next page is `…/comments/`."""
    page, profile = NO_WIDGET.page(), profile_for(load_sites()["ngs22"])
    batch = profile.comments(page, profile.article(page))
    assert batch.comments == [] and batch.next_url == NO_WIDGET.expected["url"] + "comments/"


def test_the_rendered_thread_is_the_api_thread():
    """The same comments, field for field, from the rendered page as from the API's answers."""
    rendered = reading(RENDERED)["comments"]
    api = [c for name in API_PAGES for c in api_reading(name)[1]["comments"]]
    assert rendered == api and len(rendered) == NO_WIDGET.expected["article"]["comment_count_shown"]
    assert reading(RENDERED)["next_url"] is None


def test_replies_in_place_hidden_without_text_in_the_seed_like_thread():
    comments = reading(RENDERED_SEED)["comments"]
    assert len(comments) == 18
    ids = [c["comment_id"] for c in comments]
    assert all(c["parent_id"] in ids[: ids.index(c["comment_id"])] for c in comments if c["parent_id"])
    by_text = {c["text"]: c for c in comments if c["text"]}
    # A reply to a reply keeps the comment it answers, though shown under the thread.
    assert by_text["При чём же здесь банкфакс?"]["parent_id"] == by_text["Мы ведь простолюдины."]["comment_id"]
    assert any(c["hidden"] and c["text"] is None for c in comments)
    assert "Для бездельников?\nМне вот некогда в контактике и телеге сидеть" in by_text  # line breaks kept


def test_comments_read_from_the_scripts_answers_without_the_page(tmp_path):
    """`source = "answers"`: the JSON the script fetched, kept beside the rendered page, is enough."""
    text = (FIXTURES.parent.parent / "scraper" / "sites" / "ngs22.toml").read_text(encoding="utf-8")
    (tmp_path / "ngs22.toml").write_text(text.replace("[comments]\n", '[comments]\nsource = "answers"\n'), encoding="utf-8")
    profile = profile_for(load_site(tmp_path / "ngs22.toml"))
    answers = tuple(
        Page(api_reading(name)[0]["url"], (FIXTURES / "hearst" / f"{name}.response.json").read_bytes(),
             RENDERED.page().fetched_at, 200, {"content-type": "application/json; charset=utf-8"})
        for name in API_PAGES
    )
    page = RENDERED.page()
    article = Article("ngs22", RENDERED.expected["article_url"], None, None, Timestamp.empty())
    blank = Page(page.url, b"<html><body></body></html>", page.fetched_at, answers=answers)
    from_answers = plain(profile.more_comments(blank, article).comments)
    assert from_answers == reading(RENDERED)["comments"]
