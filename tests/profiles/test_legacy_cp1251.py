"""The windows-1251 layout's profile against saved pages (tests/fixtures/legacy_cp1251/).

The pages were saved from the demo «Вестник-22» (`python -m tests.demo.save_fixtures`)
as it serves them, in windows-1251; the expected readings beside them come
from what the demo made each page show, not from the profile.
"""

from __future__ import annotations

import pytest

from tests.profiles.expected import (
    Fixture,
    article_cases,
    check_article_field,
    check_comment_field,
    comment_cases,
    fixtures,
    reading,
)

FIRST_PAGE = Fixture("legacy_cp1251", "article")
LAST_PAGE = Fixture("legacy_cp1251", "comments_last_page")
NEXT_DAY = Fixture("legacy_cp1251", "article_next_day")


@pytest.mark.parametrize("fixture, field", article_cases("legacy_cp1251"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize("fixture, field", comment_cases("legacy_cp1251"))
def test_comment_field(fixture, field):
    check_comment_field(fixture, field)


@pytest.mark.parametrize("fixture", [f for f in fixtures("legacy_cp1251") if not f.expected["blocked"]], ids=str)
def test_next_page_of_comments(fixture):
    assert reading(fixture)["next_url"] == fixture.expected["next_url"]


def test_pages_are_windows_1251_and_read_as_cyrillic():
    raw = FIRST_PAGE.html.read_bytes()
    assert b"charset=windows-1251" in raw
    assert "Комментарии".encode("cp1251") in raw and "Комментарии".encode("utf-8") not in raw
    article = reading(FIRST_PAGE)["article"]
    assert "Комментарии" not in article["body"] and "\ufffd" not in article["body"]


def test_relative_times_are_read_against_the_sites_clock():
    raws = [c["posted"]["raw"] for c in reading(LAST_PAGE)["comments"] + reading(FIRST_PAGE)["comments"]]
    assert any(raw.endswith("назад") for raw in raws)
    assert any(raw.startswith("сегодня") for raw in raws)
    assert any(raw.startswith("вчера") for raw in raws)
    assert all(c["posted"]["value"] for c in reading(LAST_PAGE)["comments"])


def test_comment_ids_survive_a_day_of_changed_times_and_deletions():
    """The same comments a day later: every time reads differently, no id changes."""
    before = {c["comment_id"]: c for c in reading(FIRST_PAGE)["comments"]}
    after = {c["comment_id"]: c for c in reading(NEXT_DAY)["comments"]}
    kept = before.keys() & after.keys()
    assert len(kept) >= len(before) - 2  # a moderator may have deleted one or two
    for comment_id in kept:
        assert before[comment_id]["posted"]["raw"] != after[comment_id]["posted"]["raw"]
        assert before[comment_id]["posted"]["value"] == after[comment_id]["posted"]["value"]
        assert (before[comment_id]["text"], before[comment_id]["author"]) == (after[comment_id]["text"], after[comment_id]["author"])
    assert len(set(after)) == len(after)


def test_replies_point_at_the_quoted_comment():
    comments = reading(FIRST_PAGE)["comments"] + reading(LAST_PAGE)["comments"]
    replies = [c for c in comments if c["parent_id"]]
    assert replies
    ids = {c["comment_id"] for c in reading(FIRST_PAGE)["comments"]}
    assert any(c["parent_id"] in ids for c in replies)
    for reply in replies:
        assert reply["quote"] and "писал(а)" in reply["quote"]
        assert reply["quote"] not in reply["text"]


def test_no_header_clock_ads_related_links_or_comments_in_the_text():
    for fixture in fixtures("legacy_cp1251"):
        if fixture.expected["blocked"]:
            continue
        article = reading(fixture)["article"]
        for leak in ("Сегодня:", "document.write", "Читайте также", "Поделиться", "Просмотров", "Комментарии", "Фото:"):
            assert leak not in article["body"], (fixture.name, leak)


def test_bot_block_page_is_not_an_article():
    blocked = [f for f in fixtures("legacy_cp1251") if f.expected["blocked"]]
    assert blocked
    for fixture in blocked:
        assert reading(fixture) == {"blocked": True}
