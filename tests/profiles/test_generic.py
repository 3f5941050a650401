"""The generic fallback against saved pages (tests/fixtures/generic/)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scraper.profiles import Page
from scraper.profiles.generic import GenericProfile
from scraper.sites import load_site
from tests.profiles.expected import FIXTURES, Fixture, article_cases, check_article_field, plain, reading

SITE = load_site(FIXTURES / "generic" / "site.toml")
FETCHED = datetime(2022, 8, 23, 16, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("fixture, field", article_cases("generic"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize(
    "name, needs_main_text",
    [("jsonld_only", False), ("microdata_only", False), ("opengraph_only", True), ("neither", True)],
)
def test_trafilatura_runs_only_where_nothing_else_gave_a_body(name, needs_main_text):
    fixture = Fixture("generic", name)
    read = GenericProfile(SITE).reading(fixture.page())
    read.article()
    assert ("extracted" in read.__dict__) is needs_main_text


@pytest.mark.parametrize("name", ["jsonld_only", "opengraph_only", "microdata_only", "neither"])
def test_no_comments_are_read_or_claimed(name):
    got = reading(Fixture("generic", name))
    assert got["comments"] == []
    assert got["article"]["comment_count_shown"] is None


@pytest.mark.parametrize("name", ["jsonld_only", "opengraph_only", "neither"])
def test_no_clock_share_ad_or_comment_text_in_the_body(name):
    body = reading(Fixture("generic", name))["article"]["body"]
    for leak in ("сегодня", "Поделиться", "Реклама", "Виктор", "Наталья", "Петрович", "Популярное", "©"):
        assert leak not in body


def test_header_clock_of_a_dateless_bankfax_page_is_no_date_here_either():
    fixture = Fixture("bankfax", "no_date")
    article = GenericProfile(fixture.site()).article(fixture.page())
    assert article.published.raw is None and article.published.value is None
    assert article.title and article.body


def _page(head: str, body: str = "") -> Page:
    html = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return Page("https://gazeta22.example/news/1/", html.encode(), FETCHED)


def test_json_ld_wins_over_opengraph_which_wins_over_microdata():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Из JSON-LD"}</script>'
    og = '<meta property="og:title" content="Из OpenGraph">'
    micro = '<h1 itemprop="headline">Из микроразметки</h1>'
    profile = GenericProfile(SITE)
    assert profile.article(_page(jsonld + og, micro)).title == "Из JSON-LD"
    assert profile.article(_page(og, micro)).title == "Из OpenGraph"
    assert profile.article(_page("", micro)).title == "Из микроразметки"


def test_article_time_wins_over_microdata_and_header_times_are_ignored():
    body = (
        '<header><time datetime="2022-08-23T23:10+07:00">23:10</time></header>'
        '<article><h1>Заголовок</h1><time datetime="2022-08-20T08:00+07:00">20 августа</time><p>Текст.</p></article>'
        '<meta itemprop="datePublished" content="2022-08-19T08:00+07:00">'
    )
    published = GenericProfile(SITE).article(_page("", body)).published
    assert plain(published)["value"] == "2022-08-20T08:00:00+07:00"


def test_json_ld_in_a_list_with_an_html_body_and_a_string_author():
    jsonld = (
        '<script type="application/ld+json">[{"@type": "WebSite", "name": "Газета22"},'
        ' {"@type": "Article", "headline": "Заголовок", "author": "Мария Орлова",'
        ' "articleBody": "<p>Первый абзац.</p><p>Второй <b>абзац</b>.</p>", "keywords": ["ЖКХ", "тарифы"]}]</script>'
    )
    article = GenericProfile(SITE).article(_page(jsonld))
    assert article.body == "Первый абзац.\n\nВторой абзац."
    assert article.authors == ["Мария Орлова"]
    assert article.tags == ["ЖКХ", "тарифы"]


def test_canonical_off_the_site_is_not_trusted():
    og = '<meta property="og:url" content="https://elsewhere.example/news/9/">'
    assert GenericProfile(SITE).article(_page(og)).url == "https://gazeta22.example/news/1/"
