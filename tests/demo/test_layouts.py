"""The demo sites follow their real families of sites, as served over HTTP."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from scraper.demo import hearst
from scraper.demo.newsroom import running
from scraper.demo.timeline import clock
from tests.demo.reader import SiteReader


@pytest.fixture(scope="module")
def room():
    with running(day=2, port=0) as newsroom:
        yield newsroom


def _classes(body: bytes) -> set[bytes]:
    return {name for value in re.findall(rb'class="([^"]+)"', body) for name in value.split()}


def test_hearst_class_names_change_with_each_build_and_itemprops_do_not(room):
    reader = SiteReader(room.origins, "ngs22")
    url = reader.listing()[-1]
    room.day = 2
    first = reader.get(url).body
    room.day = 3
    second = reader.get(url).body
    room.day = 2
    assert _classes(first) and not _classes(first) & _classes(second)
    assert re.findall(rb'itemprop="([^"]+)"', first) == re.findall(rb'itemprop="([^"]+)"', second)


def test_hearst_article_urls_listing_and_inline_state(room):
    reader = SiteReader(room.origins, "ngs22")
    page = reader.page("/text/?page=2")
    urls = reader.profile.listing(page).article_urls
    assert len(urls) == 20 and all(re.search(r"/text/[a-z]+/\d{4}/\d{2}/\d{2}/\d{8}/$", u) for u in urls)
    assert page.css("link[rel=next]::attr(href)").get() == "/text/?page=3"
    assert "\\u002Ftext\\u002F" in page.text  # the state script escapes its slashes, as the real sites do


def test_hearst_comments_come_only_from_an_api_whose_address_only_the_script_knows(room):
    reader = SiteReader(room.origins, "ngs22")
    for url in reader.listing():
        page = reader.page(url)
        count = int(page.css("meta[itemprop=commentCount]::attr(content)").get())
        if count > 40:
            break
    else:
        raise AssertionError("no article with two pages of comments")
    article_id = url.rstrip("/").rsplit("/", 1)[1]
    # Neither the article page nor its comments page names the API or holds a comment.
    comments_page = reader.page(url + "comments/")
    for html in (page.text, comments_page.text):
        assert "/api/" not in html and "data-comments-widget" not in html and article_id + "&" not in html
    assert comments_page.css("[data-comments] [data-thread]") and not comments_page.css("[data-comments] article")
    # The comments page's script builds the address itself.
    script = reader.get(comments_page.css("script[src*=comments]::attr(src)").get()).body.decode()
    assert "/api/v1/comments/" not in script and '"api"' in script and '"comments"' in script
    seen, api = 0, f"{hearst.API}?articleId={article_id}&page=1"
    while api:
        answer = reader.get(api)
        assert answer.headers["content-type"] == "application/json; charset=utf-8"
        data = json.loads(answer.body)
        for thread in data["comments"]:
            assert thread["text"] is None or thread["text"] not in page.text  # nothing of it in the HTML
            datetime.fromisoformat(thread["createdAt"])
            seen += 1 + len(thread["replies"])
        api = data["next"]
    assert seen == count
    assert reader.get(f"{hearst.API}?articleId={article_id}&page=99").status == 404


def test_hearst_articles_answer_304_to_a_matching_etag(room):
    reader = SiteReader(room.origins, "ngs22")
    url = reader.listing()[0]
    first = reader.get(url)
    etag = first.headers["etag"]
    unchanged = reader.get(url, {"If-None-Match": etag})
    assert unchanged.status == 304 and unchanged.body == b""
    assert reader.get(url, {"If-None-Match": '"other"'}).status == 200


def test_vestnik_is_windows_1251_in_header_and_meta(room):
    reader = SiteReader(room.origins, "vestnik22")
    url = reader.sitemap()[0]
    answer = reader.get(url)
    assert answer.headers["content-type"] == "text/html; charset=windows-1251"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' in answer.body
    text = answer.body.decode("cp1251")
    assert "Комментарии (" in text
    with pytest.raises(UnicodeDecodeError):
        answer.body.decode("utf-8")


def test_vestnik_comments_run_over_numbered_pages_oldest_first(room):
    reader = SiteReader(room.origins, "vestnik22")
    for url in reader.sitemap():
        page = reader.page(url)
        article = reader.profile.article(page)
        if article.comment_count_shown > 40:
            break
    else:
        raise AssertionError("no article with three pages of comments")
    pages, batch = [page], reader.profile.comments(page, article)
    comments = list(batch.comments)
    while batch.next_url:
        assert re.search(r"\?comments_page=\d+$", batch.next_url)
        pages.append(reader.page(batch.next_url))
        batch = reader.profile.more_comments(pages[-1], article)
        comments += batch.comments
    assert len(pages) >= 3 and len(comments) == article.comment_count_shown
    moments = [c.posted.value for c in comments]
    assert moments == sorted(moments) and all(m <= clock(2) for m in moments)
    assert reader.get(url + f"?comments_page={len(pages) + 1}").status == 404


def test_vestnik_sitemap_index_points_to_monthly_sitemaps(room):
    reader = SiteReader(room.origins, "vestnik22")
    index = reader.get("/sitemap.xml").body.decode()
    children = re.findall(r"<loc>[^<]+/sitemap/news-(\d{4})-(\d{2})\.xml</loc><lastmod>([^<]+)</lastmod>", index)
    assert [(y, m) for y, m, _ in children] == [("2022", "08")]
    assert datetime.fromisoformat(children[0][2]) <= clock(2)
    assert reader.get("/sitemap/news-2022-07.xml").status == 404


def test_bankfax_day_archive_lists_the_days_articles(room):
    reader = SiteReader(room.origins, "bankfax")
    every = reader.listing()
    page = reader.page("/calendar/2022/8/22/")
    day = reader.profile.listing(page).article_urls
    assert day and set(day) <= set(every)
    assert f"{reader.origin}/news/161417/" in day  # the seed article, 22 August
    for url in day:
        assert reader.read(url).article.published.value.date().isoformat() == "2022-08-22"
