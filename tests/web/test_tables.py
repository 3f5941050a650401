"""Datasette's table pages as the archive shows them: fifty rows, labels, short cells, descriptions on demand."""

from __future__ import annotations

import re
import sqlite3

from datasette.app import Datasette

from scraper.web.settings import SETTINGS
from tests.web.conftest import Client, metadata
from tests.web.discussion_archive import LONG_BODY


def test_a_table_page_shows_the_fifty_rows_the_plugin_sets(tmp_path):
    # Datasette 0.65 copies default_page_size into an attribute when it is constructed:
    # setting it at startup must reach that copy too.
    path = tmp_path / "numbers.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table numbers (n integer primary key)")
        conn.executemany("insert into numbers values (?)", [(n,) for n in range(120)])
    client = Client(Datasette([str(path)], metadata=metadata()))
    assert len(client.rows("/numbers/numbers.json")) == SETTINGS["default_page_size"] == 50
    assert client.datasette.page_size == 50 and client.datasette.max_returned_rows == 1000


def test_comments_table_opens_fifty_rows(discussion):
    html = discussion.get("/archive/comments").text
    assert html.count('<td class="col-text ') == 50 and "Следующая страница" in html


def test_column_descriptions_wait_behind_a_summary(client):
    html = client.get("/archive/articles").text
    details = re.search(r'<details class="rn-columns-help">(.*?)</details>', html, re.S).group(1)
    assert "<summary>Что значат столбцы</summary>" in details and "Заголовок, последняя версия." in details
    assert html.index('<details class="rn-columns-help">') < html.index('<table class="rows-and-columns">')
    assert '<dl class="column-descriptions">' not in html.replace(details, "")


def test_long_bodies_are_shortened_in_cells_and_whole_on_the_row_page(discussion):
    html = discussion.get("/archive/articles?title=" + "Очень длинная статья").text
    cell = re.search(r'<td class="col-body type-str">(.*?)</td>', html, re.S).group(1)
    assert len(cell) == SETTINGS["truncate_cells_html"] + 1 and cell.endswith("…")
    row = discussion.get("/archive/articles/4").text
    assert LONG_BODY.strip() in row


def test_headers_and_facets_read_as_labels(client):
    html = client.get("/archive/articles").text
    headers = re.findall(r'<th [^>]*data-column="(\w+)">\s*(?:<a [^>]*>)?([^<&]+)', html)
    assert ("title", "Заголовок") in [(c, label.strip()) for c, label in headers]
    assert '<strong>Раздел' in html and "Опубликована (по месяцам)" in html


def test_a_column_header_sorts_the_same_search_and_forgets_the_page(discussion):
    html = discussion.get("/archive/comments?_search=%D0%BA%D0%BE%D0%BC%D0%BC%D0%B5%D0%BD%D1%82%D0%B0%D1%80%D0%B8%D0%B9"
                          "&hidden=0&_sort=id&_next=50").text
    head = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    links = dict(re.findall(r'<th [^>]*data-column="([^"]+)"[^>]*>\s*<a href="([^"]+)"', head))
    search = "_search=%D0%BA%D0%BE%D0%BC%D0%BC%D0%B5%D0%BD%D1%82%D0%B0%D1%80%D0%B8%D0%B9&amp;hidden=0"
    assert links["published_local"] == f"/archive/comments?{search}&amp;_sort=published_local"
    assert links["id"] == f"/archive/comments?{search}&amp;_sort_desc=id"  # sorted by it: the other way
