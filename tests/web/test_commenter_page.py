"""A commenter's page: one name's comments across the archive, by site, newest first."""

from __future__ import annotations

import re
from urllib.parse import quote


def test_every_author_links_to_their_page(client):
    article = client.get("/archive/-/article/1").text
    assert '<a href="/archive/-/commenter?name=%D0%98%D0%BD%D0%B6%D0%B5%D0%BD%D0%B5%D1%80">Инженер</a>' in article
    hits = client.get("/archive/-/search?in=comments&q=" + quote("кредит")).text
    assert 'href="/archive/-/commenter?name=%D0%98%D0%BD%D0%B6%D0%B5%D0%BD%D0%B5%D1%80" class="rn-author"' in hits
    table = client.get("/archive/comments").text
    assert '<a href="/archive/-/commenter?name=%D0%98%D0%BD%D0%B6%D0%B5%D0%BD%D0%B5%D1%80">Инженер</a>' in table


def test_a_name_on_two_sites_is_grouped_by_site_and_the_page_says_names_are_not_unique(client):
    html = client.get("/archive/-/commenter?name=" + quote("Инженер")).text
    assert "<h1>Комментарии с подписью «Инженер»</h1>" in html
    assert "Имена не уникальны" in html
    sites = re.findall(r'<section class="rn-commenter-site" id="site-(\w+)">\s*<h2>([^<]+)</h2>', html)
    assert sites == [("altapress", "Алтапресс: 1 комментарий, под 1 статьёй"),
                     ("bankfax", "Банкфакс: 1 комментарий, под 1 статьёй")]
    assert "Кредит сейчас брать глупо." in html and "Главный врач больницы молчит." in html
    assert 'href="/archive/-/article/3">Ставки по кредитам выросли</a>' in html


def test_comments_come_newest_first_with_their_articles(client):
    html = client.get("/archive/-/commenter?name=" + quote("Марина")).text
    texts = re.findall(r'<div class="rn-comment-text">([^<]+)</div>', html)
    assert texts == ["Ответ на ответ: с врачом не поспоришь.", "Согласна, врачей не хватает!"]
    assert html.count('href="/archive/-/article/1">Врачи массово уходят из больниц Барнаула</a>') == 2


def test_a_name_nobody_signed_with_says_so(client):
    html = client.get("/archive/-/commenter?name=" + quote("Никто Неизвестный")).text
    assert "В архиве нет комментариев с подписью «Никто Неизвестный»." in html


def test_a_prolific_commenter_pages_through_their_comments(discussion):
    html = discussion.get("/archive/-/commenter?name=" + quote("Гость3")).text
    assert "Алтайская правда: 157 комментариев" in html and "1–50 из 157" in html
    more = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    second = discussion.get(more).text
    assert "51–100 из 157" in second and "← Назад" in second


def test_a_name_signed_under_very_many_comments_is_counted_among_the_newest(discussion, monkeypatch):
    from scraper.web import commenter

    monkeypatch.setattr(commenter, "COUNTED", 100)  # «Гость3» signs 157
    html = discussion.get("/archive/-/commenter?name=" + quote("Гость3")).text
    assert "Алтайская правда: не менее 100 комментариев" in html
    assert "Посчитаны и показаны 100 самых новых в архиве комментариев с этой подписью." in html
    html = discussion.get("/archive/-/commenter?name=" + quote("Гость3") + "&site=ap22&page=2").text
    assert "Алтайская правда: более 100 комментариев" in html and "51–100 из более 100" in html
    assert 'rel="next"' not in html
    texts = re.findall(r'<div class="rn-comment-text">([^<]+)</div>', html)
    assert len(texts) == 50 and len(set(texts)) == 50
