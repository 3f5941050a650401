"""What a selectors site file can say: listing dates, lists that remove, lazy photos, credits, XPath."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scraper.items import Article
from scraper.dates import Timestamp
from scraper.profiles import Page, profile_for
from scraper.sites import load_site

SITE_FILE = """
name = "zarya22"
origin = "https://zarya22.example"
timezone = "Asia/Barnaul"
layout = "selectors"
article_urls = '^/news/(?P<id>\\d+)/$'

[selectors]
title = "h1"
body = "div.text p"
body_exclude = ["div.text .promo", "div.text .poll"]
images = "div.text figure"
caption = "figcaption"
credit = "figcaption .credit"
listing_item = "div.feed li"
listing_date = "span.when::text"

[comments]
node = "div.comment"
author = ".who"
text = ".comment-text"
quote = [".comment-text .quote", ".comment-text .cite"]
hidden = "./div[@class='comment-text'][normalize-space()='Комментарий удалён модератором']"
"""

FETCHED = datetime(2022, 8, 24, 16, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("sites") / "zarya22.toml"
    path.write_text(SITE_FILE, encoding="utf-8")
    return profile_for(load_site(path))


def page(html: str, url: str = "https://zarya22.example/news/5/") -> Page:
    return Page(url, html.encode(), FETCHED, headers={"date": "Wed, 24 Aug 2022 16:00:00 GMT"})


LISTING = """<div class="feed"><ul>
<li><a href="/news/7/">Седьмая</a> <span class="when">24.08.2022 10:15</span></li>
<li><a href="/news/6/">Шестая</a> <span class="when">вчера в 18:40</span></li>
</ul></div>"""


def test_listing_links_are_dated_by_the_site_files_listing_keys(profile):
    links = {link.url: link.published for link in profile.listing(page(LISTING, "https://zarya22.example/news/")).articles}
    assert {url: moment.isoformat() for url, moment in links.items()} == {
        "https://zarya22.example/news/7/": "2022-08-24T10:15:00+07:00",
        "https://zarya22.example/news/6/": "2022-08-23T18:40:00+07:00",
    }


ARTICLE = """<h1>Заголовок</h1><div class="text">
<p>Первый абзац.</p>
<p class="promo">Подпишитесь на наш канал.</p>
<div class="poll"><p>Как вы считаете?</p></div>
<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-lazy-src="/img/5-1.jpg">
<figcaption>Мост через Обь <span class="credit">Фото: Иван Петров</span></figcaption></figure>
<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" srcset="/img/5-2-640.jpg 640w, /img/5-2-1280.jpg 1280w">
<figcaption>Набережная / <span class="credit">Фото: Анна Орлова</span></figcaption></figure>
<p>Второй абзац.</p>
</div>"""


@pytest.fixture(scope="module")
def article(profile):
    return profile.article(page(ARTICLE))


def test_every_query_of_a_body_exclude_list_is_left_out(article):
    assert article.body == "Первый абзац.\n\nВторой абзац."


def test_a_lazy_photo_is_read_from_data_lazy_src_or_srcset_never_the_data_placeholder(article):
    assert [image.url for image in article.images] == [
        "https://zarya22.example/img/5-1.jpg",
        "https://zarya22.example/img/5-2-640.jpg",
    ]


def test_a_caption_holding_its_credit_is_read_without_it(article):
    assert [(image.caption, image.credit) for image in article.images] == [
        ("Мост через Обь", "Фото: Иван Петров"),
        ("Набережная", "Фото: Анна Орлова"),
    ]


THREAD = """<div class="comments">
<div class="comment"><span class="who">Олег</span><div class="comment-text"><div class="quote">Ира: было</div><div class="cite">Ира: и было</div>Своё слово.</div></div>
<div class="comment"><span class="who">Гость</span><div class="comment-text">Комментарий удалён модератором</div></div>
</div>"""


def test_comments_quotes_of_every_query_are_left_out_and_a_text_only_moderation_mark_hides(profile):
    article = Article("zarya22", "https://zarya22.example/news/5/", None, None, Timestamp.empty())
    comments = profile.comments(page(THREAD), article).comments
    assert [(c.author, c.text, c.hidden) for c in comments] == [("Олег", "Своё слово.", False), ("Гость", None, True)]
