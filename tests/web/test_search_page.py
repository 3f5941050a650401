"""The search page narrows by period, site and kind, pages both ways, hints, and draws its timeline."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse
from xml.etree import ElementTree

import pytest

from scraper.web import matches
from scraper.web.language import language
from scraper.web.pages.search_page import PER_PAGE
from scraper.web.timelines import search_timeline

ATOM = "{http://www.w3.org/2005/Atom}"


def comment_ids(html: str) -> list[str]:
    return re.findall(r'#comment-(\d+)"', html)


def search(client, **args) -> str:
    query = "&".join(f"{k}={quote(str(v))}" for k, v in args.items())
    response = client.get(f"/archive/-/search?{query}")
    assert response.status_code == 200, response.text[:300]
    return response.text


def test_a_period_narrows_to_the_sites_own_days(client):
    # Comments with «врач»: 22.08 (three) and 23.08 21:00 Barnaul time (one).
    assert "Комментарии: 4" in search(client, q="врач", **{"in": "comments"})
    html = search(client, q="врач", since="2022-08-23", until="2022-08-23", **{"in": "comments"})
    assert "Комментарии: 1" in html and comment_ids(html) == ["10"]
    assert "Период: 2022-08-23 – 2022-08-23" in html
    html = search(client, q="врач", since="2022-08-22", until="2022-08-22", **{"in": "comments"})
    assert "Комментарии: 3" in html


def test_a_period_that_cannot_be_read_says_so(client):
    html = search(client, q="врач", since="22.08.2022")
    assert "Даты пишутся ГГГГ-ММ-ДД" in html and "Комментарии: 4" in html


def test_a_site_filter_naming_no_site_says_so(client):
    html = search(client, q="врач", site="nosuchsite")
    assert "Сайта «nosuchsite» в архиве нет" in html and "altapress, bankfax" in html


def test_operators_in_russian_capitals(client):
    assert "Комментарии: 5" in search(client, q="врач ИЛИ кредит", **{"in": "comments"})
    html = search(client, q="врач НЕ главный", **{"in": "comments"})
    assert "Комментарии: 3" in html and "Главный врач больницы молчит." not in html
    assert "Комментарии: 1" in search(client, q="министр И отставка", **{"in": "comments"})


def test_a_lower_case_operator_gets_a_hint_of_the_capital_form(client):
    html = search(client, q="врач или кредит", **{"in": "comments"})
    assert "Комментарии: 0" in html
    assert "Операторы пишутся заглавными буквами: «ИЛИ»" in html
    link = re.search(r'href="([^"]+)">Искать с операторами заглавными буквами', html).group(1)
    assert parse_qs(urlparse(link.replace("&amp;", "&")).query)["q"] == ["врач ИЛИ кредит"]


def test_results_say_where_they_are_and_page_both_ways(discussion):
    # «комментарий» is in 1,101 comments: fifty a page.
    first = search(discussion, q="комментарий", **{"in": "comments"})
    assert f"1–{PER_PAGE['comments']} из 1\xa0101" in first and "← Назад" not in first
    second = search(discussion, q="комментарий", page=2, **{"in": "comments"})
    assert "51–100 из 1\xa0101" in second and "← Назад" in second and "Ещё комментарии →" in second
    assert '<ol class="rn-hits rn-comment-hits" start="51">' in second
    assert not set(comment_ids(first)) & set(comment_ids(second))


def test_a_page_past_the_end_says_so(discussion):
    html = search(discussion, q="комментарий", page=40, **{"in": "comments"})
    assert "Эта страница — за концом результатов: всего их 1\xa0101." in html
    assert re.search(r'<a href="[^"]*page=23[^"]*">Последняя страница</a>', html)


def test_the_timeline_counts_hits_per_day_and_each_bar_opens_that_day(discussion, monkeypatch):
    # Every hit counted, in the chart and in the day it opens (past the bounds: test_matches.py).
    monkeypatch.setattr(matches, "SAMPLE", 2000)
    monkeypatch.setattr(matches, "FILTERED_COUNTED", 2000)
    html = search(discussion, q="комментарий", **{"in": "comments"})
    chart = re.search(r'<svg class="rn-chart rn-timeline".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<a href="([^"]+)" class="rn-bar"><g><title>([^<]+)</title>', chart)
    assert [title for _, title in bars] == ["23 авг. 2022\u202fг.: найдено 1\xa0101"]
    href = bars[0][0].replace("&amp;", "&")
    args = parse_qs(urlparse(href).query)
    assert args["since"] == ["2022-08-23"] and args["until"] == ["2022-08-23"] and args["q"] == ["комментарий"]
    assert "1–50 из 1\xa0101" in search(discussion, **{k: v[0] for k, v in args.items()})


def test_days_without_hits_are_bars_of_nothing_and_a_long_timeline_is_drawn_by_month(client):
    html = search(client, q="министр ИЛИ администрация ИЛИ врач")
    chart = re.search(r'<svg class="rn-chart rn-timeline".*?</svg>', html, re.S).group(0)
    titles = re.findall(r'<g><title>([^<]+)</title>', chart)
    assert len(titles) == 36  # 19 July to 23 August, by day
    assert titles[0] == "19 июл. 2022\u202fг.: найдено 1" and titles[1] == "20 июл. 2022\u202fг.: найдено 0"
    rows = [{"day": "2021-11-30", "site": "bankfax", "hits": 2}, {"day": "2022-03-01", "site": "altapress", "hits": 3}]
    chart, undated = search_timeline(rows, {}, language("ru"), lambda since, until: f"?since={since}&until={until}")
    assert re.findall(r'<g><title>([^<]+)</title>', chart) == [
        "ноябрь 2021: найдено 2", "декабрь 2021: найдено 0", "январь 2022: найдено 0", "февраль 2022: найдено 0",
        "март 2022: найдено 3",
    ]
    assert 'href="?since=2022-03-01&amp;until=2022-03-31"' in chart and undated == 0


def test_the_period_is_part_of_the_feed(client):
    html = search(client, q="врач", since="2022-08-23", until="2022-08-23")
    href = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)"', html).group(1)
    feed = ElementTree.fromstring(client.get(href.replace("&amp;", "&")).content)
    assert [e.find(f"{ATOM}content").text for e in feed.findall(f"{ATOM}entry")] == ["Главный врач больницы молчит."]


def test_an_empty_feed_was_updated_when_the_archive_last_changed(client):
    feed = ElementTree.fromstring(client.get("/archive/-/search.atom?q=" + quote("абракадабра")).content)
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2022-08-24T16:05:00Z"  # the last run's end


@pytest.mark.parametrize("text", ["врач", "телеграм"])
def test_the_search_page_speaks_russian(discussion, text):
    html = search(discussion, q=text)
    for english in ("Search the archive", "Comments:", "Articles:", "articles and comments", "best match"):
        assert english not in html


def test_articles_and_comments_are_searched_side_by_side(client, monkeypatch):
    # Each kind's search, once begun, lets the other begin before it ends:
    # only a page that searches both at once records both starts first.
    import asyncio

    events = []
    original = matches.Matches.timeline

    async def timeline(self):
        events.append(f"{self.kind} begun")
        for _ in range(100):  # a page searching one kind after the other passes on, and fails below
            if len(events) >= 2:
                break
            await asyncio.sleep(0)
        line = await original(self)
        events.append(f"{self.kind} ended")
        return line

    monkeypatch.setattr(matches.Matches, "timeline", timeline)
    html = search(client, q="врач")
    assert events[:2] == ["articles begun", "comments begun"], events
    assert "Комментарии: 4" in html


def test_a_kind_whose_search_fails_says_so_and_the_page_still_answers(client, monkeypatch):
    import sqlite3

    async def timeline(self):
        if self.kind == "comments":
            raise sqlite3.OperationalError("database is locked")
        return matches.Timeline()

    monkeypatch.setattr(matches.Matches, "timeline", timeline)
    html = search(client, q="врач")
    assert "Поиск не удалось выполнить: database is locked" in html
