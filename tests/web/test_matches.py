"""A common word costs no more than a rare one: counts stop at a bound, ranking looks at the
newest matches, the timeline is estimated from a sample, each said on the page.

The bounds are lowered here so that the discussion archive's 1,101 comments
with «комментарий» pass them; the archive serves the same pages as a big one.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import pytest

from scraper.web import matches
from scraper.web.query import parse

WORD = "комментарий"  # in 1,101 comments of the discussion archive, all on 23 August 2022


def search(client, **args) -> str:
    query = "&".join(f"{k}={quote(str(v))}" for k, v in args.items())
    response = client.get(f"/archive/-/search?{query}")
    assert response.status_code == 200, response.text[:300]
    return response.text


def comment_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'#comment-(\d+)"', html)]


def matching_ids(archive, word: str) -> list[int]:
    """Every comment the word matches, newest in the archive first."""
    conn = sqlite3.connect(archive)
    rows = conn.execute("select rowid from comments_fts where comments_fts match ? order by rowid desc",
                        [parse(word).expression]).fetchall()
    conn.close()
    return [r[0] for r in rows]


def test_a_count_past_its_bound_says_more_than(discussion, monkeypatch):
    monkeypatch.setattr(matches, "WORDS_COUNTED", 1000)
    html = search(discussion, q=WORD, **{"in": "comments"})
    assert "Комментарии: более 1\xa0000" in html
    assert "1–50 из более 1\xa0000" in html and "Ещё комментарии →" in html
    monkeypatch.setattr(matches, "WORDS_COUNTED", 2000)
    assert "Комментарии: 1\xa0101" in search(discussion, q=WORD, **{"in": "comments"})


def test_a_count_narrowed_by_site_stops_at_its_own_bound_and_by_period_at_the_words_own(discussion, monkeypatch):
    monkeypatch.setattr(matches, "FILTERED_COUNTED", 1000)
    html = search(discussion, q=WORD, site="ap22", **{"in": "comments"})
    assert "Комментарии: более 1\xa0000" in html
    # A period is asked of the full-text index: counted as the words alone are.
    html = search(discussion, q=WORD, since="2022-08-23", until="2022-08-23", **{"in": "comments"})
    assert "Комментарии: 1\xa0101" in html
    monkeypatch.setattr(matches, "WORDS_COUNTED", 1000)
    html = search(discussion, q=WORD, since="2022-08-23", until="2022-08-23", **{"in": "comments"})
    assert "Комментарии: более 1\xa0000" in html
    assert "Комментарии: 0" in search(discussion, q=WORD, since="2022-08-24", until="2022-08-24", **{"in": "comments"})


def test_best_matches_are_ranked_among_the_newest_then_the_older_follow_newest_first(discussion, discussion_archive,
                                                                                      monkeypatch):
    monkeypatch.setattr(matches, "RANKED_AMONG", 100)
    newest = matching_ids(discussion_archive, WORD)
    first = search(discussion, q=WORD, **{"in": "comments"})
    assert "Сначала лучшие совпадения среди 100 самых новых в архиве" in first
    assert set(comment_ids(first)) <= set(newest[:100]) and len(comment_ids(first)) == 50
    third = search(discussion, q=WORD, page=3, **{"in": "comments"})
    assert comment_ids(third) == newest[100:150]
    # Newest first is the archive's order whatever the bound, and says nothing of ranking.
    html = search(discussion, q=WORD, sort="newest", page=3, **{"in": "comments"})
    assert comment_ids(html) == newest[100:150] and "лучшие совпадения среди" not in html


def test_all_matches_are_ranked_while_they_are_few(discussion, monkeypatch):
    monkeypatch.setattr(matches, "RANKED_AMONG", 2000)
    html = search(discussion, q=WORD, **{"in": "comments"})
    assert "лучшие совпадения среди" not in html


def test_a_filtered_search_ranks_among_its_newest_matches_too(discussion, discussion_archive, monkeypatch):
    monkeypatch.setattr(matches, "RANKED_AMONG", 100)
    newest = matching_ids(discussion_archive, WORD)
    html = search(discussion, q=WORD, site="ap22", page=3, **{"in": "comments"})
    assert comment_ids(html) == newest[100:150]
    assert "Сначала лучшие совпадения среди 100 самых новых в архиве" in html


def test_the_timeline_is_estimated_from_a_sample_past_its_bound(discussion, monkeypatch):
    monkeypatch.setattr(matches, "SAMPLE", 100)  # every 12th of 1,101
    html = search(discussion, q=WORD, **{"in": "comments"})
    assert "Числа оценены по каждому 12-му совпадению: каждое считается за 12." in html
    chart = re.search(r'<svg class="rn-chart rn-timeline".*?</svg>', html, re.S).group(0)
    title = re.search(r"<g><title>([^<]+)</title>", chart).group(1)
    estimate = int(re.sub(r"\D", "", title.rsplit("около", 1)[1]))
    assert title.startswith("23 авг. 2022\u202fг.: найдено около ")
    assert estimate % 12 == 0 and 0.6 * 1101 < estimate < 1.4 * 1101
    assert "Комментарии: 1\xa0101" in html  # the count itself stays exact


@pytest.fixture(params=["index", "rows"])
def dated_by(request, monkeypatch) -> str:
    """A period asked of the full-text index, or, as in an archive indexed
    before periods were, of each match's row."""
    if request.param == "rows":
        async def not_indexed(self) -> bool:
            return False

        monkeypatch.setattr(matches.Matches, "_indexes_periods", not_indexed)
    return request.param


def test_a_period_finds_the_same_hits_from_the_index_as_from_the_rows(client, dated_by):
    import asyncio

    period = matches.Matches(client.datasette.get_database("archive"), "comments", parse("врач").expression,
                             matches.Filters(since="2022-08-22", until="2022-08-22"))
    asyncio.run(period.count())
    assert ("published_local" in period.expression) == (dated_by == "index")
    html = search(client, q="врач", since="2022-08-22", until="2022-08-22", **{"in": "comments"})
    assert "Комментарии: 3" in html and sorted(comment_ids(html)) == [1, 2, 7]
    html = search(client, q="врач ИЛИ кредит", site="altapress", since="2022-08-01", until="2022-08-31")
    assert "Статьи: 1" in html and "Комментарии: 1" in html
    assert comment_ids(search(client, q="врач", since="2022-08-23", **{"in": "comments"})) == [10]
    assert "Комментарии: 0" in search(client, q="врач", since="2022-08-24", **{"in": "comments"})
    assert sorted(comment_ids(search(client, q="врач", until="2022-08-22", **{"in": "comments"}))) == [1, 2, 7]


def test_a_period_centuries_long_asks_for_no_more_days_than_the_archive_has(client):
    import asyncio

    db = client.datasette.get_database("archive")
    every = asyncio.run(matches.Matches(db, "comments", parse("врач").expression).count())
    wide = matches.Matches(db, "comments", parse("врач").expression,
                           matches.Filters(since="0001-01-01", until="9999-12-31"))
    assert asyncio.run(wide.count()) == every == matches.Count(4)
    assert wide.expression.count(" OR ") < 40  # the archive's July–August 2022, not ten thousand years
    html = search(client, q="врач", since="0001-01-01", until="9999-12-31", **{"in": "comments"})
    assert "Комментарии: 4" in html


def test_the_date_terms_are_found_by_no_search_for_a_year(client):
    for words in ("2022", "202208*", "20220822"):
        html = search(client, q=words)
        assert "Статьи: 0" in html and "Комментарии: 0" in html


def test_a_period_narrows_the_words_in_one_expression_of_the_index(client):
    import asyncio

    db = client.datasette.get_database("archive")
    period = matches.Matches(db, "comments", parse("врач").expression,
                             matches.Filters(since="2022-08-22", until="2022-08-22"))
    assert asyncio.run(period.count()) == matches.Count(3)
    assert "published_local" in period.expression and not period.filters.any  # nothing left to look up
    assert sorted(asyncio.run(period.page("newest", 10, 0)).ids) == [1, 2, 7]
