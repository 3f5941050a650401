"""The incremental crawl's rules, on their own (scraper.planning)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scraper.discovery import Link, Listing
from scraper.planning import BadArgument, SitePlan, Window
from scraper.sites import load_sites

BARNAUL = ZoneInfo("Asia/Barnaul")
NOW = datetime(2022, 8, 30, 23, 0, tzinfo=BARNAUL)
SITE = load_sites(origins={"bankfax": "http://127.0.0.1:1"})["bankfax"]


class Archive:
    def __init__(self, published: dict[str, datetime], removed=(), failed=(), last_clock=None):
        self.published = published
        self.removed = set(removed)
        self.failed = list(failed)
        self.clock = last_clock

    def live_since(self, moment):
        return [u for u, p in self.published.items() if u not in self.removed and (moment is None or p >= moment)]

    def failed_urls(self):
        return self.failed

    def last_clock(self):
        return self.clock


def url(n: int) -> str:
    return f"http://127.0.0.1:1/news/{n}/"


def plan(archive: Archive, window: Window = Window()) -> SitePlan:
    p = SitePlan(SITE, archive, window)
    p.set_clock(NOW)
    return p


def test_window_arguments_are_checked():
    assert Window.from_arguments("2", "all", "2022-08-01", "2022-08-31") == Window(2, True, date(2022, 8, 1), date(2022, 8, 31))
    for bad in ({"since": "2022-13-01"}, {"until": "вчера"}, {"refresh_days": "три"}, {"refresh": "some"},
                {"since": "2022-08-31", "until": "2022-08-01"}, {"refresh_days": "-1"}):
        with pytest.raises(BadArgument):
            Window.from_arguments(**bad)


def test_new_articles_are_wanted_and_archived_ones_come_from_the_refresh():
    p = plan(Archive({url(1): NOW - timedelta(days=1), url(2): NOW - timedelta(days=10)}))
    assert p.wants(Link(url(3)))
    assert not p.wants(Link(url(1))) and not p.wants(Link(url(2)))
    assert p.refresh_urls() == [url(1)]


def test_refresh_all_when_asked():
    p = plan(Archive({url(1): NOW - timedelta(days=1), url(2): NOW - timedelta(days=10)}, removed=[url(3)]),
             Window(refresh_all=True))
    assert p.refresh_urls() == [url(1), url(2)]


def test_paging_stops_at_an_archived_article_older_than_the_window():
    archive = Archive({url(1): NOW - timedelta(days=1), url(2): NOW - timedelta(days=5)})
    p = plan(archive)
    assert p.keep_paging(Listing([Link(url(9)), Link(url(1))], next_url="x"))
    assert not p.keep_paging(Listing([Link(url(8)), Link(url(2))], next_url="x"))


def test_first_crawl_pages_through_everything():
    p = plan(Archive({}))
    assert all(p.keep_paging(Listing([Link(url(n))], next_url="x")) for n in range(50))


def test_catch_up_walks_day_archives_back_to_the_last_good_run():
    p = plan(Archive({url(1): NOW}, last_clock=NOW - timedelta(days=7)))
    days = p.archive_days()
    assert days[0] == date(2022, 8, 22) and days[-1] == date(2022, 8, 30) and len(days) == 9
    assert p.day_archive_path(days[0]) == "/calendar/2022/8/22/"
    assert plan(Archive({})).archive_days() == []


def test_backfill_walks_its_period_and_keeps_to_it():
    p = plan(Archive({url(1): NOW - timedelta(days=40)}), Window(since=date(2022, 8, 1), until=date(2022, 8, 3)))
    assert p.archive_days() == [date(2022, 8, 1), date(2022, 8, 2), date(2022, 8, 3)]
    inside = datetime(2022, 8, 2, 12, 0, tzinfo=BARNAUL)
    assert p.wants(Link(url(5), inside)) and not p.wants(Link(url(6), inside + timedelta(days=5)))
    assert p.wants(Link(url(7)))  # undated: fetch and see
    assert p.keep_paging(Listing([Link(url(5), inside)], next_url="x"))
    assert not p.keep_paging(Listing([Link(url(4), datetime(2022, 7, 20, tzinfo=BARNAUL))], next_url="x"))


def test_a_backfill_reads_an_article_dated_only_by_its_last_change_unless_that_is_before_the_period():
    p = plan(Archive({url(1): NOW}), Window(since=date(2022, 8, 1), until=date(2022, 8, 3)))
    assert not p.wants(Link(url(5), modified=datetime(2022, 7, 31, 12, 0, tzinfo=BARNAUL)))
    assert p.wants(Link(url(6), modified=datetime(2022, 8, 20, 12, 0, tzinfo=BARNAUL)))  # edited later: read and see
    assert not p.keeps(url(6), datetime(2022, 7, 30, 12, 0, tzinfo=BARNAUL))
    assert p.keeps(url(6), datetime(2022, 8, 3, 23, 0, tzinfo=BARNAUL))
    assert p.keeps(url(1), datetime(2022, 8, 30, 12, 0, tzinfo=BARNAUL))  # archived already: refreshed as ever
    assert plan(Archive({})).keeps(url(6), datetime(2020, 1, 1, tzinfo=BARNAUL))  # no backfill: everything


def test_after_missed_nights_the_refresh_reaches_back_over_them():
    archive = {url(1): NOW - timedelta(days=2), url(2): NOW - timedelta(days=5), url(3): NOW - timedelta(days=9)}
    assert plan(Archive(archive, last_clock=NOW - timedelta(days=1))).refresh_urls() == [url(1)]
    assert plan(Archive(archive, last_clock=NOW)).refresh_urls() == [url(1)]  # the same night again
    # The machine was off for three nights: the first of them would have refreshed url(2).
    assert plan(Archive(archive, last_clock=NOW - timedelta(days=4))).refresh_urls() == [url(1), url(2)]


def test_retries_what_failed_before():
    p = plan(Archive({}, failed=[url(4), "http://127.0.0.1:1/rss.xml"]))
    assert p.retry_urls() == [url(4)]


def test_sitemap_children_older_than_the_archive_are_skipped():
    archive = Archive({url(1): NOW - timedelta(days=2)}, last_clock=NOW - timedelta(days=1))
    p = plan(archive)
    assert p.wants_sitemap(Link("http://127.0.0.1:1/sitemap-2022-08.xml", NOW - timedelta(hours=3)))
    assert not p.wants_sitemap(Link("http://127.0.0.1:1/sitemap-2022-06.xml", NOW - timedelta(days=60)))
    assert plan(Archive({})).wants_sitemap(Link("x", NOW - timedelta(days=600)))


def test_the_clock_is_set_once():
    p = SitePlan(SITE, Archive({}), Window())
    assert p.set_clock(NOW) and not p.set_clock(NOW + timedelta(days=3))
    assert p.today == date(2022, 8, 30)
