"""The articles and comments table pages stay quick on a big archive: a common word is
counted from the full-text index, its rows read along the sort column's index, its facets
taken from the newest matches; the page says so and its links stay as typed.

The bounds are lowered so that the discussion archive's 1,101 comments with
«комментарий» pass them.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from scraper.web import matches, tables

WORD = quote("комментарий")  # in 1,101 comments


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr(tables, "FEW", 100)
    monkeypatch.setattr(tables, "FACETED", 100)


def heading(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", "", re.search(r"<h3>(.*?)</h3>", html, re.S).group(1))).strip()


def test_a_common_word_is_counted_from_the_index(discussion, small_bounds, monkeypatch):
    html = discussion.get(f"/archive/comments?_search={WORD}").text
    assert heading(html).startswith("1 101 строка, по запросу «комментарий»")
    data = discussion.get(f"/archive/comments.json?_search={WORD}").json()
    assert data["filtered_table_rows_count"] == 1101
    monkeypatch.setattr(matches, "WORDS_COUNTED", 1000)
    html = discussion.get(f"/archive/comments?_search={WORD}").text
    assert heading(html).startswith("более 1 000 строк, по запросу «комментарий»")
    assert "<title>Комментарии: более 1\xa0000 строк</title>" in html
    assert discussion.get(f"/archive/comments.json?_search={WORD}").json()["filtered_table_rows_count"] is None


def test_a_search_narrowed_by_a_column_counts_up_to_its_bound(discussion, small_bounds, monkeypatch):
    monkeypatch.setattr(matches, "FILTERED_COUNTED", 1000)
    html = discussion.get(f"/archive/comments?_search={WORD}&hidden=0").text
    assert heading(html).startswith("более 1 000 строк")
    monkeypatch.setattr(matches, "FILTERED_COUNTED", 2000)
    html = discussion.get(f"/archive/comments?_search={WORD}&author=" + quote("Гость3")).text
    assert heading(html).startswith("157 строк")


@pytest.mark.parametrize("order", ["", "&_sort=published_at", "&_sort_desc=id", "&_sort_desc=likes"])
def test_rows_and_pages_are_the_same_whichever_index_they_are_read_from(discussion, monkeypatch, order):
    def pages(path: str) -> list[list[int]]:
        found = []
        for _ in range(3):
            data = discussion.get(path).json()
            found.append([row[0] for row in data["rows"]])
            if not data["next_url"]:
                break
            path = data["next_url"].split("localhost", 1)[-1]
        return found

    path = f"/archive/comments.json?_search={WORD}&_size=40&_col=id{order}"
    monkeypatch.setattr(tables, "FEW", 10**9)  # Datasette's own way
    expected = pages(path)
    monkeypatch.setattr(tables, "FEW", 100)
    assert pages(path) == expected and len(expected) == 3 and len(expected[2]) == 40


def test_facets_count_the_newest_matches_and_say_so(discussion, small_bounds):
    html = discussion.get(f"/archive/comments?_search={WORD}").text
    assert "Значения посчитаны по 100 самым новым в архиве совпадениям поиска." in html
    facets = discussion.get(f"/archive/comments.json?_search={WORD}&_facet=author").json()["facet_results"]
    for name in ("hidden", "published_local", "author"):
        assert sum(v["count"] for v in facets[name]["results"]) == 100, name


def test_the_whole_table_counts_every_row_and_facets_the_newest(discussion, small_bounds):
    data = discussion.get("/archive/comments.json").json()
    assert data["filtered_table_rows_count"] == 1122
    assert sum(v["count"] for v in data["facet_results"]["hidden"]["results"]) == 100
    html = discussion.get("/archive/comments").text
    assert "Значения посчитаны по 100 последним строкам архива." in html


def test_links_keep_the_address_as_typed(discussion, small_bounds):
    html = discussion.get(f"/archive/comments?_search={WORD}").text
    assert "_nocount" not in html
    assert f'name="_search" value="комментарий"' in html
    assert re.search(r'<a href="[^"]*_search=%D0%BA%D0%BE%D0%BC[^"]*_next=[^"]*">Следующая страница', html)


def test_few_matches_are_datasettes_own_way(client):
    # Below the bound nothing changes: Datasette counts, its facets count every match.
    data = client.get("/archive/comments.json?_search=" + quote("врач")).json()
    assert data["filtered_table_rows_count"] == 4
    assert "among_newest" not in data["facet_results"]["hidden"]


def test_a_blank_search_box_is_no_search(client):
    everything = client.get("/archive/comments.json?hidden=0").json()["filtered_table_rows_count"]
    assert client.get("/archive/comments.json?_search=&hidden=0").json()["filtered_table_rows_count"] == everything


def test_a_whole_table_facet_reads_only_the_newest_rows(archive):
    # A facet on a column an index leads (articles by site) reads the newest
    # rows by their ids: never the whole index, whichever column it counts.
    import sqlite3

    newest = tables.TablePlan("articles", facets_among=100).newest("select * from articles")
    conn = sqlite3.connect(archive)
    for column in ("site", "section"):
        facet = (f"select {column} as value, count(*) as count from ({newest}) where {column} is not null"
                 f" group by {column} order by count desc, value limit 31")
        plan = " / ".join(row[3] for row in conn.execute(f"explain query plan {facet}"))
        assert plan.startswith("SEARCH articles USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"), plan
    conn.close()


def test_the_whole_articles_table_facets_its_newest_articles_by_site(client, monkeypatch):
    monkeypatch.setattr(tables, "FACETED", 2)
    newest = client.rows("/archive/articles.json?_sort_desc=id&_size=2&_col=site")
    facet = client.get("/archive/articles.json?_facet=site").json()["facet_results"]["site"]["results"]
    counted: dict[str, int] = {}
    for row in newest:
        counted[row["site"]] = counted.get(row["site"], 0) + 1
    assert {v["value"]: v["count"] for v in facet} == counted
