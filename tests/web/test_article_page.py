"""The article page, its thread, the raw page and the feeds: archived text stays text."""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.etree import ElementTree

from tests.web.newsroom_archive import SCRIPT_COMMENT

ATOM = "{http://www.w3.org/2005/Atom}"


def thread(html: str) -> list[tuple[str, str]]:
    """(comment id, indent level) in page order."""
    return re.findall(r'<li id="comment-(\d+)" class="rn-comment[^"]*" style="[^"]*" data-level="(\d+)"', html)


def test_article_page_shows_the_article_and_its_whole_thread(client):
    response = client.get("/archive/-/article/1")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Врачи массово уходят из больниц Барнаула</h1>" in html
    assert "Главный врач назвал причиной зарплату 1,5 млн в год." in html
    assert thread(html) == [("1", "0"), ("2", "1"), ("7", "2"), ("3", "0"), ("4", "0"), ("5", "0"), ("6", "0"), ("10", "0")]
    assert 'style="margin-left: 3.2em" data-level="2"' in html
    assert "Комментарии: 8 (2 скрыто или удалено)" in html


def test_times_are_the_sites_own(client):
    html = client.get("/archive/-/article/1").text
    # 22.08.2022 17:00 in Barnaul (UTC+7), as the site printed it.
    assert '<time datetime="2022-08-22T17:00:00+07:00" title="UTC+07:00 22.08.2022 17:00">22.08.2022 17:00</time>' in html
    # Found gone at 16:00 UTC on 24.08: 23:00 in Barnaul.
    assert "удалён с сайта 24.08.2022 23:00" in html
    moscow = client.get("/archive/-/article/3").text
    assert '<time datetime="2022-08-20T11:00:00+03:00" title="UTC+03:00 20.08.2022 11:00">20.08.2022 11:00</time>' in moscow


def test_hidden_removed_and_edited_comments_are_marked(client):
    html = client.get("/archive/-/article/1").text
    hidden = html.split('id="comment-5"')[1].split("</li>")[0]
    assert '<li id="comment-5" class="rn-comment rn-hidden"' in html
    assert '<li id="comment-6" class="rn-comment rn-deleted"' in html
    assert "скрыт модератором" in hidden and "Сайт показывает этот комментарий без текста." in hidden
    assert "до того как комментарий скрыли" in hidden and "министр ворует" in hidden
    removed = html.split('id="comment-6"')[1].split("</li>")[0]
    assert "удалён с сайта" in removed and "Этот комментарий исчезнет с сайта." in removed
    edited = html.split('id="comment-2"')[1].split("</li>")[0]
    assert "изменён 24.08.2022 23:00" in edited and "Согласна, врачей не хватает." in edited


def test_article_page_shows_what_changed_between_versions(client):
    html = client.get("/archive/-/article/1").text
    assert "Версия 2, впервые замечена 24.08.2022 23:00" in html
    assert "Врачи <ins>массово</ins> уходят из больниц Барнаула" in html


def test_a_comment_holding_markup_is_shown_as_text(client):
    for path in ("/archive/-/article/1", "/archive/comments", "/archive/comments/4",
                 "/archive/search?q=" + quote("owned"), "/archive/-/search?q=" + quote("document title owned"),
                 "/archive/article_thread?article_id=1", "/archive/new_since_last_run?run=1"):
        html = client.get(path).text
        assert "<script>document" not in html and "<img src=x" not in html, path
    html = client.get("/archive/-/article/1").text
    assert "&lt;script&gt;document.title=&#34;owned&#34;&lt;/script&gt;&lt;img src=x onerror=" in html


def test_links_to_the_site_and_to_the_archived_raw_page(client):
    html = client.get("/archive/-/article/1").text
    assert '<a href="https://www.bankfax.ru/news/1/" rel="noopener noreferrer nofollow">На сайте</a>' in html
    assert '<a href="/archive/-/page/1" class="rn-raw">Сохранённая исходная страница</a>' in html


def test_the_raw_page_is_served_as_text_that_never_runs(client):
    response = client.get("/archive/-/page/1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.text.startswith("Сохранённый ответ сайта: https://www.bankfax.ru/news/1/\nHTTP 200")
    assert '<script>document.title="owned"</script>' in response.text  # the evidence, as it was


def test_unknown_articles_and_pages_are_not_found(client):
    assert client.get("/archive/-/article/999").status_code == 404
    assert client.get("/archive/-/page/999").status_code == 404
    assert client.get("/archive/-/article/x").status_code == 404


def test_headlines_in_the_articles_table_open_the_article_page(client):
    html = client.get("/archive/articles").text
    assert '<a href="/archive/-/article/1">Врачи массово уходят из больниц Барнаула</a>' in html


def test_a_saved_search_is_an_atom_feed_of_new_comments(client):
    response = client.get("/archive/-/search.atom?q=" + quote("врачи") + "&in=comments")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    # Newest in the archive first: the comment of the second run leads.
    assert [e.find(f"{ATOM}content").text for e in entries][0] == "Главный врач больницы молчит."
    assert len(entries) == 4
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/archive/-/article/1#comment-10"
    assert entries[0].find(f"{ATOM}updated").text == "2022-08-24T16:00:00Z"
    assert feed.find(f"{ATOM}updated").text == "2022-08-24T16:00:00Z"


def test_a_feed_carries_markup_as_text(client):
    response = client.get("/archive/-/search.atom?q=owned")
    feed = ElementTree.fromstring(response.content)
    content = feed.find(f"{ATOM}entry/{ATOM}content")
    assert content.get("type") == "text" and content.text == SCRIPT_COMMENT
    assert b"<script>" not in response.content


def test_feeds_of_articles_and_of_nothing(client):
    feed = ElementTree.fromstring(client.get("/archive/-/search.atom?q=" + quote("министерство") + "&in=articles").content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Министерство здравоохранения отчиталось"]
    response = client.get("/archive/-/search.atom?q=" + quote("NEAR("))
    assert response.status_code == 400 and "нет слов" in response.text


def test_the_search_page_offers_the_feed(client):
    html = client.get("/archive/-/search?q=" + quote("врач")).text
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/archive/-/search.atom?q=%D0%B2%D1%80%D0%B0%D1%87&amp;in=comments"' in html


def test_the_archived_time_says_its_zone(client):
    html = client.get("/archive/-/article/1").text
    archived = re.search(r'<span class="rn-archived">([^<]+)</span>', html).group(1)
    assert archived == ("сохранена 23.08.2022 23:00, последний раз найдена 24.08.2022 23:00 "
                        "(Барнаул, UTC+07:00)")
    moscow = client.get("/archive/-/article/3").text
    assert "(Москва, UTC+03:00)" in moscow


def test_tags_link_to_the_articles_that_carry_them(client):
    html = client.get("/archive/-/article/2").text
    assert '<a href="/archive/articles?tags__arraycontains=%D0%B2%D0%BB%D0%B0%D1%81%D1%82%D1%8C" class="rn-tag">#власть</a>' in html
    rows = client.rows("/archive/articles.json?tags__arraycontains=" + quote("власть") + "&_col=title")
    assert sorted(r["title"] for r in rows) == ["Администрация Барнаула сменила главу", "Министерство здравоохранения отчиталось"]
