"""The canned queries the plugin carries, run by Datasette over a real archive."""

from __future__ import annotations

import asyncio
import re

from tests.web.conftest import metadata

QUERIES = ("search", "most_discussed", "new_since_last_run", "article_thread", "removed_comments", "edited_articles")


def test_the_plugin_offers_the_queries_journalists_ask_with_titles_from_metadata(client):
    queries = asyncio.run(client.datasette.get_canned_queries("archive", None))
    assert tuple(queries) == QUERIES
    described = metadata()["databases"]["archive"]["queries"]
    assert tuple(described) == QUERIES  # metadata.yml has each one's title and description, and no SQL
    for name, query in queries.items():
        assert query["sql"].lstrip().lower().startswith(("select", "with", "--")), name
        assert query["hide_sql"] is True, name
        assert query["title"] == described[name]["title"] and "sql" not in described[name], name
        assert query["description_html"] == described[name]["description_html"], name


def test_most_discussed_articles_of_a_period(client):
    rows = client.rows("/archive/most_discussed.json?since=2022-08-22&until=2022-08-23")
    assert [(r["article_page"], r["comments"], r["commenters"], r["hidden_or_removed"]) for r in rows] == [(1, 8, 7, 2)]
    rows = client.rows("/archive/most_discussed.json?since=2022-08-20&until=2022-08-21")
    assert [(r["article_page"], r["comments"]) for r in rows] == [(2, 1), (3, 1)]
    # The site's own dates: 23.08 21:00 in Barnaul is 23.08 in UTC too, but
    # 22.08 17:00 there is 22.08 10:00 UTC; the period is read locally.
    rows = client.rows("/archive/most_discussed.json?since=2022-08-23&until=2022-08-23")
    assert [(r["article_page"], r["comments"]) for r in rows] == [(1, 1)]


def test_most_discussed_defaults_to_the_archives_last_week(client):
    rows = client.rows("/archive/most_discussed.json?since=&until=")
    assert [r["article_page"] for r in rows] == [1, 2, 3]


def test_new_since_the_last_run(client):
    rows = client.rows("/archive/new_since_last_run.json?run=")
    assert sorted((r["what"], r["text"]) for r in rows) == [
        ("comment edited", "Марина: Согласна, врачей не хватает!"),
        ("comment hidden", "Аноним: "),
        ("comment removed", "Виктор: Этот комментарий исчезнет с сайта."),
        ("edited article", None),
        ("new comment", "Инженер: Главный врач больницы молчит."),
    ]
    first = client.rows("/archive/new_since_last_run.json?run=1")
    assert sorted({r["what"] for r in first}) == ["new article", "new comment"]
    assert len([r for r in first if r["what"] == "new article"]) == 4
    assert len([r for r in first if r["what"] == "new comment"]) == 9


def test_an_articles_comments_in_thread_order(client):
    rows = client.rows("/archive/article_thread.json?article_id=1")
    assert [(r["id"], r["depth"]) for r in rows] == [(1, 0), (2, 1), (7, 2), (3, 0), (4, 0), (5, 0), (6, 0), (10, 0)]
    assert rows[2]["thread"] == "    ↳ Ответ на ответ: с врачом не поспоришь."
    assert rows[5]["thread"] == "" and rows[5]["hidden"] == "hidden"
    assert rows[6]["removed_at"] == "2022-08-24T16:00:00Z"
    assert client.rows("/archive/article_thread.json?article_id=") == []


def test_comments_removed_by_moderators_keep_their_last_text(client):
    rows = client.rows("/archive/removed_comments.json")
    assert [(r["id"], r["how"], r["last_archived_text"]) for r in rows] == [
        (6, "removed", "Этот комментарий исчезнет с сайта."),
        (5, "hidden", "Этот комментарий скроет модератор: министр ворует."),
    ]


def test_edited_articles_with_what_changed(client):
    rows = client.rows("/archive/edited_articles.json")
    assert [(r["article_page"], r["version"], r["changed"], r["title_before"], r["title_after"]) for r in rows] == [
        (1, 2, "title", "Врачи уходят из больниц Барнаула", "Врачи массово уходят из больниц Барнаула"),
    ]


def test_every_canned_query_page_renders_with_links_to_articles(client):
    for name, args in [
        ("search", "q=врач"), ("most_discussed", "since=&until="), ("new_since_last_run", "run="),
        ("article_thread", "article_id=1"), ("removed_comments", ""), ("edited_articles", ""),
    ]:
        response = client.get(f"/archive/{name}?{args}")
        assert response.status_code == 200, name
        if name != "article_thread":
            assert 'href="/archive/-/article/1">статья и комментарии</a>' in response.text, name


def test_a_canned_query_hides_its_sql_and_reads_as_its_title(client):
    html = client.get("/archive/new_since_last_run?run=").text
    assert "<title>Что нового с последнего запуска</title>" in html
    assert 'id="sql-query"' not in html and 'id="sql-editor"' not in html and "with run as" not in html
    assert '<label for="qp1">Номер запуска (пусто — последний)</label>' in html
    assert ">Что</th>" in html and ">Заголовок</th>" in html
    assert "новый комментарий" in html and "new comment" not in html
    shown = client.get("/archive/new_since_last_run?run=&_show_sql=1").text
    assert 'id="sql-query"' in shown and "with run as" in shown


def test_an_answer_longer_than_a_page_says_so_and_leads_to_the_rest(discussion):
    # The run found 1,127 things (5 articles, 1,122 comments); a page shows 1,000.
    first = discussion.get("/archive/new_since_last_run?run=").text
    assert "Строки 1–1\xa0000 из 1\xa0127." in first
    assert ">total_rows<" not in first  # the total is said, not shown as a column
    link = re.search(r'<a href="([^"]+)" rel="next">Следующие 1\xa0000</a>', first).group(1)
    second = discussion.get(link.replace("&amp;", "&")).text
    assert "Строки 1\xa0001–1\xa0127 из 1\xa0127." in second and 'rel="prev"' in second
    rows = discussion.rows("/archive/new_since_last_run.json?run=&page=2")
    assert len(rows) == 127 and rows[0]["total_rows"] == 1127
    past = discussion.get("/archive/new_since_last_run?run=&page=9").text
    assert "Страница 9 — за концом ответа." in past
