"""Search as journalists use it, through the real Datasette and the project's plugin."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import pytest

from scraper.web import matches, queries
from scraper.web.query import parse


def comment_texts(client, query: str, column: str = "_search") -> list[str]:
    rows = client.rows(f"/archive/comments.json?{column}={quote(query)}&_col=text")
    return sorted(row["text"] for row in rows)


def article_titles(client, query: str) -> list[str]:
    return sorted(row["title"] for row in client.rows(f"/archive/articles.json?_search={quote(query)}&_col=title"))


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


# --- Datasette's own search box, on the table pages --------------------------


def test_every_form_of_a_word_is_found(client):
    expected = [
        "Врачи увольняются, а им всё равно.",
        "Главный врач больницы молчит.",
        "Ответ на ответ: с врачом не поспоришь.",
        "Согласна, врачей не хватает!",
    ]
    for form in ("врач", "врачи", "врачей", "Врачом", "ВРАЧУ"):
        assert comment_texts(client, form) == expected, form


def test_minister_is_not_the_ministry_nor_the_administration(client):
    assert comment_texts(client, "министр") == ["А министр где был?", "Министра в отставку!"]
    assert article_titles(client, "министр") == []
    assert article_titles(client, "министерство") == ["Министерство здравоохранения отчиталось"]
    assert article_titles(client, "администрация") == ["Администрация Барнаула сменила главу"]


def test_yo_and_ye_match_and_case_is_ignored(client):
    assert comment_texts(client, "все") == comment_texts(client, "ВСЁ") == ["Врачи увольняются, а им всё равно."]
    assert article_titles(client, "ёлка") == article_titles(client, "ЕЛКИ") == ["Администрация Барнаула сменила главу"]


def test_a_word_snowball_stems_two_ways_is_found_in_both(client):
    assert comment_texts(client, "кредита") == ["Кредит сейчас брать глупо."]
    assert article_titles(client, "кредит") == ["Ставки по кредитам выросли"]


def test_search_by_column_and_by_author(client):
    assert comment_texts(client, "врачей", "_search_text") == comment_texts(client, "врач")
    assert comment_texts(client, "Марина", "_search_author") == [
        "Ответ на ответ: с врачом не поспоришь.",
        "Согласна, врачей не хватает!",
    ]
    assert article_titles(client, "врач") == ["Врачи массово уходят из больниц Барнаула"]


@pytest.mark.parametrize(
    "text",
    ['"', '""', "NEAR(", "NEAR(врач", "*", "врач*", "AND", "OR OR", "врач AND OR министр", "(((",
     "'; DROP TABLE comments; --", "1' OR '1'='1", "title:врач", "^врач", "-врач", "врач:", "{text}: врач",
     "\\", "%", "😀", "\u0301", "x" * 600],
)
def test_odd_input_never_breaks_a_table_page(client, text):
    for path in ("/archive/comments", "/archive/comments.json", "/archive/articles"):
        response = client.get(f"{path}?_search={quote(text)}")
        assert response.status_code == 200, (path, text, response.text[:300])


def test_raw_search_mode_reports_bad_syntax_without_a_server_error(client):
    # ?_searchmode=raw hands FTS5 syntax straight to SQLite: Datasette answers
    # a clear 400, never a 500.
    response = client.get("/archive/comments.json?_search=NEAR(&_searchmode=raw")
    assert response.status_code == 400 and "fts5" in response.text


# --- the search page ---------------------------------------------------------


def test_search_page_ranks_headline_matches_first_and_marks_the_words(client, archive):
    html = client.get("/archive/-/search?q=" + quote("врачей") + "&in=articles").text
    assert "Статьи: 1" in html
    assert marks(html) == ["Врачи", "врачей", "врач"]
    # "ставки" is in one headline, and many times in another article's lead
    # and body: bm25 alone ranks that other article first.
    by_bm25 = sqlite3.connect(archive).execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0)",
        [parse("ставкам").expression],
    ).fetchall()
    assert [row[0] for row in by_bm25] == [2, 3]
    html = client.get("/archive/-/search?q=" + quote("ставкам") + "&in=articles").text
    titles = re.findall(r'<div class="rn-title"><a href="[^"]+">(.*?)</a>', html)
    assert [re.sub("<[^>]+>", "", t) for t in titles] == [
        "Ставки по кредитам выросли",
        "Министерство здравоохранения отчиталось",
    ]


def test_search_page_lists_comments_with_their_article(client):
    html = client.get("/archive/-/search?q=" + quote("министра") + "&in=comments").text
    assert "Комментарии: 2" in html
    assert marks(html) == ["Министра", "министр"]
    assert 'href="/archive/-/article/1#comment-3"' in html
    assert 'href="/archive/-/article/2#comment-8"' in html


def test_search_page_filters_by_site_and_sorts_by_newest(client):
    html = client.get("/archive/-/search?q=" + quote("кредит OR врач") + "&site=altapress").text
    assert "Статьи: 1" in html and "Комментарии: 1" in html and "Ставки по" in html
    html = client.get("/archive/-/search?q=" + quote("врач") + "&in=comments&sort=newest").text
    assert re.findall(r'#comment-(\d+)"', html)[0] == "10"


def test_search_page_pages_through_results(client):
    html = client.get("/archive/-/search?q=" + quote("врач OR министр OR кредит")).text
    assert "Комментарии: 7" in html
    assert "Ещё комментарии" not in html  # 7 fit on a page


@pytest.mark.parametrize("text", ["", "NEAR(", "***", '"', "AND OR", "x" * 600])
def test_search_page_explains_what_it_cannot_search(client, text):
    response = client.get("/archive/-/search?q=" + quote(text))
    assert response.status_code == 200
    if text:
        assert 'class="rn-message"' in response.text
    assert "<h2" not in response.text


def test_search_page_of_the_instance_goes_to_the_archive(client):
    response = client.get("/-/search?q=" + quote("врач"))
    assert response.status_code == 302
    assert response.headers["location"] == "/archive/-/search?q=" + quote("врач")


def test_search_page_for_an_unknown_database_is_not_found(client):
    assert client.get("/nope/-/search?q=x").status_code == 404


# --- the canned query --------------------------------------------------------


def test_canned_search_finds_articles_and_comments_together(client):
    rows = client.rows("/archive/search.json?q=" + quote("врачей"))
    kinds = [(row["kind"], row["article_page"]) for row in rows]
    assert kinds[0] == ("article", 1)  # the headline match first
    assert sorted(kinds[1:]) == [("comment", 1)] * 4
    assert rows[0]["title"] == "⟦Врачи⟧ массово уходят из больниц Барнаула"
    assert all("⟦" in row["snippet"] for row in rows)


def test_canned_search_shows_marks_as_html_and_odd_input_as_nothing(client):
    html = client.get("/archive/search?q=" + quote("министра")).text
    assert "<mark>Министра</mark>" in html
    assert 'href="/archive/-/article/2"' in html
    for text in ("NEAR(", '"', "*"):
        assert client.rows("/archive/search.json?q=" + quote(text)) == []


def test_canned_search_shows_the_best_hundred_ranked_like_the_search_page(discussion):
    # «комментарий» is in 1,101 comments: the best 100 are shown, ranked among
    # the newest matches as the search page ranks them.
    rows = discussion.rows("/archive/search.json?q=" + quote("комментарий"))
    assert len(rows) == 100 and {row["kind"] for row in rows} == {"comment"}
    sql = queries.sql("search")
    assert f"limit 1 offset {matches.RANKED_AMONG - 1})" in sql and "limit 100" in sql
