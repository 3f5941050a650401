"""Layout drift figures and alarms (scraper.quality), without a crawl."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.dates import Timestamp
from scraper.items import Article, Comment
from scraper.quality import SiteFigures, Thresholds, drift_alarms, site_alarms



def article(title="Заголовок", body="Текст.", dated=True, shown=None, found_in="bankfax") -> Article:
    published = Timestamp("22.08.2022 16:21", _moment(), "minute") if dated else Timestamp.empty()
    return Article("bankfax", "https://www.bankfax.ru/news/1/", title, body, published, comment_count_shown=shown,
                   comments_found_in=found_in)


def _moment() -> datetime:
    return datetime(2022, 8, 22, 16, 21, tzinfo=ZoneInfo("Asia/Barnaul"))


def comments(n: int) -> list[Comment]:
    return [Comment(str(i), "Аноним", "текст", Timestamp("22.08.2022 16:21", _moment(), "minute")) for i in range(n)]


def figures_of(articles, threads=None, complete=True) -> SiteFigures:
    figures = SiteFigures()
    for i, a in enumerate(articles):
        figures.observe(a, threads[i] if threads else [], complete)
    return figures


def test_a_healthy_site_raises_no_alarm():
    figures = figures_of([article(shown=3) for _ in range(10)], [comments(3)] * 10)
    assert (figures.articles, figures.with_title, figures.with_body, figures.with_published) == (10, 10, 10, 10)
    assert (figures.comments_shown, figures.comments_extracted) == (30, 30)
    assert site_alarms("bankfax", figures, Thresholds()) == []


def test_empty_articles_raise_one_alarm_per_missing_field():
    figures = figures_of([article(title=None, body=" ", dated=False) for _ in range(3)] + [article()] * 7)
    assert site_alarms("bankfax", figures, Thresholds()) == [
        "bankfax: 7 of 10 articles (70%) have a title, below 80%",
        "bankfax: 7 of 10 articles (70%) have a body, below 80%",
        "bankfax: 7 of 10 articles (70%) have a publication date, below 80%",
    ]


def test_comments_read_against_the_count_the_pages_show():
    figures = figures_of([article(shown=18) for _ in range(5)], [comments(0)] * 5)
    assert site_alarms("bankfax", figures, Thresholds()) == [
        "bankfax: 0 comments read of 90 the pages show (0%), below 80% (comments found in: bankfax)"
    ]


def test_the_alarm_says_where_the_comments_were_found():
    pages = [article(shown=20, found_in="repeated markup")] * 3 + [article(shown=20, found_in="structured")]
    figures = figures_of(pages, [comments(5)] * 4)
    assert site_alarms("gazeta22", figures, Thresholds()) == [
        "gazeta22: 20 comments read of 80 the pages show (25%), below 80%"
        " (comments found in: repeated markup, structured)"
    ]


def test_a_count_shown_where_no_thread_was_found_is_not_judged():
    # A thread a script loads: the page shows a count, the markup holds no comment.
    figures = figures_of([article(shown=30, found_in=None)] * 5, [comments(0)] * 5)
    assert figures.comments_shown == 0
    assert site_alarms("gazeta22", figures, Thresholds()) == []


def test_figures_counted_as_crawl_stats_are_the_numbers():
    added = SiteFigures().observe(article(shown=3), comments(3), True)
    assert added == {
        "articles": 1, "with_title": 1, "with_body": 1, "with_published": 1,
        "comments_shown": 3, "comments_extracted": 3,
    }


def test_threads_cut_short_by_a_failed_page_prove_nothing():
    figures = figures_of([article(shown=18) for _ in range(5)], [comments(2)] * 5, complete=False)
    assert figures.comments_shown == 0
    assert site_alarms("bankfax", figures, Thresholds()) == []


def test_few_articles_or_comments_are_not_judged():
    figures = figures_of([article(title=None, body=None, dated=False, shown=2)] * 4)
    assert site_alarms("bankfax", figures, Thresholds(min_articles=5, min_comments=10)) == []
    assert len(site_alarms("bankfax", figures, Thresholds(min_articles=4, min_comments=4))) == 4


def test_alarms_of_all_sites_in_name_order():
    bad = figures_of([article(body=None)] * 5)
    good = figures_of([article()] * 5)
    assert drift_alarms({"zarya": bad, "amic": bad, "bankfax": good}, Thresholds()) == [
        "amic: 0 of 5 articles (0%) have a body, below 80%",
        "zarya: 0 of 5 articles (0%) have a body, below 80%",
    ]
