"""The bankfax.ru profile against saved pages (tests/fixtures/bankfax/)."""

from __future__ import annotations

import pytest

from scraper.demo.seed import FIRST_COMMENT_ID, SEED_REPLIES, read_seed
from tests.profiles.expected import (
    Fixture,
    article_cases,
    check_article_field,
    check_comment_field,
    comment_cases,
    fixtures,
    reading,
)

SEED = Fixture("bankfax", "seed_article")
NO_DATE = Fixture("bankfax", "no_date")


@pytest.mark.parametrize("fixture, field", article_cases("bankfax"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize("fixture, field", comment_cases("bankfax"))
def test_comment_field(fixture, field):
    check_comment_field(fixture, field)


def test_seed_article_is_extracted_exactly():
    """Against the seed file itself, not only the JSON written beside the page."""
    paragraphs, credit, seed_comments = read_seed()
    got = reading(SEED)
    assert got["article"]["body"].split("\n\n") == paragraphs
    assert [image["credit"] for image in got["article"]["images"]] == [credit]
    assert credit not in got["article"]["body"]
    comments = got["comments"]
    assert len(comments) == 18
    assert [c["posted"]["raw"] for c in comments] == [stamp for stamp, _ in seed_comments]
    assert [c["text"] for c in comments] == ["\n".join(lines) or None for _, lines in seed_comments]
    assert [c["hidden"] for c in comments] == [not lines for _, lines in seed_comments]
    parents = {
        position: comments[position - 1]["parent_id"] for position in range(1, 19)
    }
    assert parents == {
        position: str(FIRST_COMMENT_ID + SEED_REPLIES[position] * 3) if position in SEED_REPLIES else None
        for position in range(1, 19)
    }


def test_no_script_share_or_clock_text_in_the_body():
    body = reading(SEED)["article"]["body"]
    for leak in ("commText", "Поделиться", "сегодня", "Комментариев", "USD", "Популярное", "Ответить"):
        assert leak not in body


def test_header_clock_never_becomes_the_publication_date():
    # The page still shows the clock ("сегодня вторник, 23 августа, 23:00").
    assert "now_time" in NO_DATE.html.read_text(encoding="utf-8")
    published = reading(NO_DATE)["article"]["published"]
    assert published == {"raw": None, "value": None, "precision": None}


def test_bot_block_page_is_not_an_article():
    blocked = [f for f in fixtures("bankfax") if f.expected["blocked"]]
    assert blocked
    for fixture in blocked:
        assert reading(fixture) == {"blocked": True}
    for fixture in fixtures("bankfax"):
        if not fixture.expected["blocked"]:
            assert reading(fixture)["blocked"] is False
