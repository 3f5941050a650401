"""The generic fallback against saved pages (tests/fixtures/generic/)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scraper.profiles import Page
from scraper.profiles.generic import GenericProfile
from scraper.sites import load_site
from tests.profiles.expected import (
    FIXTURES, Fixture, article_cases, check_article_field, check_comment_field, check_thread, comment_cases, plain, reading,
    thread_cases,
)

SITE = load_site(FIXTURES / "generic" / "site.toml")
FETCHED = datetime(2022, 8, 23, 16, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("fixture, field", article_cases("generic"))
def test_article_field(fixture, field):
    check_article_field(fixture, field)


@pytest.mark.parametrize("name", ["jsonld_only", "microdata_only", "opengraph_only", "neither"])
def test_trafilatura_does_not_run_where_the_page_shows_its_text(name):
    read = GenericProfile(SITE).reading(Fixture("generic", name).page())
    read.article()
    assert "extracted" not in read.__dict__


def test_trafilatura_runs_only_where_nothing_else_gave_a_body():
    # Two short lines are no running text the page's structure shows: trafilatura's turn.
    page = _page("", "<h1>Заголовок</h1><div><span>Короткая заметка в одну строку.</span></div>")
    read = GenericProfile(SITE).reading(page)
    read.article()
    assert "extracted" in read.__dict__


@pytest.mark.parametrize("name", ["jsonld_only", "microdata_only", "neither"])
def test_no_comments_are_read_or_claimed_where_the_markup_carries_none(name):
    # jsonld_only: a reply under hashed class names, nothing saying it is a comment;
    # microdata_only and neither: a "comment" with no name, or no time.
    got = reading(Fixture("generic", name))
    assert got["comments"] == []
    assert got["comments_found_in"] is None
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
    micro = '<meta itemprop="headline" content="Из микроразметки">'
    profile = GenericProfile(SITE)
    assert profile.article(_page(jsonld + og, micro)).title == "Из JSON-LD"
    assert profile.article(_page(og, micro)).title == "Из OpenGraph"
    assert profile.article(_page("", micro)).title == "Из микроразметки"


def test_the_visible_headline_wins_where_structured_data_confirms_it():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Тарифы вырастут"}</script>'
    og = '<meta property="og:title" content="В Барнауле подорожает проезд">'
    visible = "<article><h1>В Барнауле подорожает проезд</h1></article>"
    assert GenericProfile(SITE).article(_page(jsonld + og, visible)).title == "В Барнауле подорожает проезд"


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


@pytest.mark.parametrize("fixture, field", comment_cases("generic"))
def test_comment_field(fixture, field):
    check_comment_field(fixture, field)


@pytest.mark.parametrize("fixture, key", thread_cases("generic"))
def test_where_the_thread_was_found(fixture, key):
    check_thread(fixture, key)


def test_trafilatura_reads_a_page_whose_article_container_has_noisy_classes_with_that_container():
    # The article's own container says promo, related and share in its classes: it is not cleaned away.
    read = GenericProfile(SITE).reading(Fixture("generic", "body_promo_container").page())
    cleaned = read._without_noise()
    assert "Прямые рейсы из Барнаула в Казань" in cleaned.text_content()
