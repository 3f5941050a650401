"""What a fetched article page is (scraper.triage), decided without Scrapy."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from scraper.dates import Timestamp
from scraper.items import Article
from scraper.known import KnownSite
from scraper.planning import SitePlan, Window
from scraper.sites import load_sites
from scraper.triage import (
    Blocked, Gone, OutsidePeriod, ToArchive, Unchanged, Unreadable, judge_answer, judge_article, judge_page, unreadable,
)

SITE = load_sites(origins={"bankfax": "http://127.0.0.1:1"})["bankfax"]
BARNAUL = ZoneInfo("Asia/Barnaul")
ARCHIVED = "http://127.0.0.1:1/news/1/"
NEW = "http://127.0.0.1:1/news/2/"


def plan(window: Window = Window()) -> SitePlan:
    p = SitePlan(SITE, KnownSite({ARCHIVED: datetime(2022, 8, 20, tzinfo=BARNAUL)}), window)
    p.set_clock(datetime(2022, 8, 23, 23, tzinfo=BARNAUL))
    return p


def article(url: str, title: str | None = "Заголовок", body: str | None = "Текст.", day: int = 22) -> Article:
    published = Timestamp(f"{day}.08.2022 16:21", datetime(2022, 8, day, 16, 21, tzinfo=BARNAUL), "minute")
    return Article("bankfax", url, title, body, published)


def test_the_answer_says_unchanged_gone_or_read_on():
    assert judge_answer(304, ARCHIVED, ARCHIVED, SITE) == Unchanged()
    assert judge_answer(404, ARCHIVED, ARCHIVED, SITE) == Gone(404)
    assert judge_answer(410, ARCHIVED, ARCHIVED, SITE) == Gone(410)
    # Redirected to a page that is no article (the front page): taken down.
    assert judge_answer(200, ARCHIVED, "http://127.0.0.1:1/", SITE) == Gone(301, "http://127.0.0.1:1/")
    # Redirected to another article address (a moved article): read it.
    assert judge_answer(200, ARCHIVED, NEW, SITE) is None
    assert judge_answer(200, ARCHIVED, ARCHIVED, SITE) is None


def test_a_bot_block_page_is_never_read_as_an_article():
    assert judge_page(True) == Blocked("blocked (bot-block page)")
    assert judge_page(False) is None


def test_a_profile_s_error_makes_the_page_unreadable():
    assert unreadable(KeyError("title")) == Unreadable("unreadable: KeyError: 'title'")


def test_an_article_is_archived_unless_empty_where_archived_or_outside_a_backfill():
    assert judge_article(article(NEW), NEW, plan()) == ToArchive()
    assert judge_article(article(ARCHIVED), ARCHIVED, plan()) == ToArchive()
    empty = Unreadable("unreadable: neither a headline nor a text")
    assert judge_article(article(ARCHIVED, None, None), ARCHIVED, plan()) == empty
    # Read under another address (a redirect) than the one archived: still the archived article.
    assert judge_article(article(NEW, None, None), ARCHIVED, plan()) == empty
    # A new page with nothing on it is archived as it is (the drift figures see it).
    assert judge_article(article(NEW, None, None), NEW, plan()) == ToArchive()
    backfill = Window(since=date(2022, 8, 1), until=date(2022, 8, 10))
    assert judge_article(article(NEW, day=22), NEW, plan(backfill)) == OutsidePeriod()
    assert judge_article(article(ARCHIVED, day=22), ARCHIVED, plan(backfill)) == ToArchive()
