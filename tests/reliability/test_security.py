"""Security of what the hostile night archived, as Datasette publishes it.

The crawl's own side (it never leaves the configured sites: not for a
redirect, a link, a comments API, a robots.txt) is checked in
test_bad_input.py against a server standing for the rest of the internet.
Here: the archive is served read-only, what hostile pages put into it never
runs in a real browser, and no search input breaks the SQL or the FTS query.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from scrapy import Request
from scrapy.http import Response

from scraper.offsite import ConfiguredSitesOnly, LeftTheSites, RedirectLoop, Redirects
from scraper.sites import load_sites
from tests.reliability.night import SCRIPT
from tests.web.browser import chromium, datasette
from tests.web.conftest import metadata

HOSTILE_QUERIES = (
    SCRIPT, '"', 'NEAR(', "'; DROP TABLE comments; --", "1' OR '1'='1", ") OR 1=1 --", "* OR *",
    'comments_fts MATCH "x"', "text:owned", "^", "\x00", "%' UNION SELECT sql FROM sqlite_master --",
    "Қазақ 🚀", "x" * 2000,
)
WRITES = (
    "delete from comments", "update articles set title = 'owned'", "drop table articles",
    "insert into failed_urls (url) values ('x')", "attach database 'x.db' as x", "pragma writable_schema = 1",
    "select 1; delete from comments",
)


def counts(db) -> tuple[int, int, int]:
    return tuple(db.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM comments),"
                      " (SELECT count(*) FROM failed_urls)").fetchone())


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def test_the_archive_is_published_read_only(night, tmp_path):
    served = tmp_path / "archive.db"
    shutil.copy(night.path, served)
    ds = Datasette([str(served)], metadata=metadata())
    before = counts(night.hostile)
    for sql in WRITES:
        assert get(ds, "/archive.json?sql=" + quote(sql)).status_code in (400, 403), sql
    post = asyncio.run(ds.client.post("/archive/failed_urls/-/insert", json={"row": {"url": "x"}}))
    assert post.status_code >= 400
    assert counts(sqlite3.connect(served)) == before


def test_no_search_input_breaks_the_sql_or_the_fts_query(night, tmp_path):
    served = tmp_path / "archive.db"
    shutil.copy(night.path, served)
    ds = Datasette([str(served)], metadata=metadata())
    paths = ("/archive/-/search?q={}", "/archive/-/search?q={}&in=comments", "/archive/-/search.atom?q={}",
             "/archive/search?q={}", "/archive/comments?_search={}", "/archive/articles.json?_search={}")
    for text in HOSTILE_QUERIES:
        for path in paths:
            response = get(ds, path.format(quote(text)))
            if ".atom" in path and response.status_code == 400:  # no feed of no word: refused, saying why
                assert "нет слов" in response.text or "Слишком длинный" in response.text, (text, response.text[:300])
                continue
            assert response.status_code == 200, (path, text, response.text[:300])
            assert "Traceback" not in response.text and "sqlite3." not in response.text
    # Words still find what they should, hostile ones included.
    found = get(ds, "/archive/-/search?q=" + quote("Қазақ") + "&in=articles")
    assert "Қазақстан" in found.text


def test_archived_script_and_html_never_run_in_chromium(night, tmp_path):
    served = tmp_path / "archive.db"
    shutil.copy(night.path, served)
    script_article = night.row("script comment")["id"]
    raw_page = night.hostile.execute("SELECT id FROM pages WHERE url = ?", [night.urls["script comment"]]).fetchone()[0]
    dialogs: list[str] = []
    with datasette(served) as address, chromium(tmp_path / "profile") as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{address}/archive/-/article/{script_article}")
        page.wait_for_selector("li.rn-comment")
        texts = page.locator("li.rn-comment .rn-comment-text").all_inner_texts()
        assert texts[0] == SCRIPT
        assert page.locator("li.rn-comment script, li.rn-comment img, li.rn-comment a[href^=javascript]").count() == 0
        for path in (f"/archive/comments?_search={quote('owned')}", f"/archive/-/search?q={quote('owned')}&in=comments",
                     f"/archive/-/page/{raw_page}", f"/archive/comments/{night.comments('script comment')[0]['id']}"):
            page.goto(address + path)
            page.wait_for_load_state()
            assert page.title() != "owned", path
        assert dialogs == []


def test_a_site_is_its_scheme_host_and_port_whatever_a_request_says():
    """Requests marked dont_filter (pages of comments are) included: Scrapy's own filter would let them by."""
    class Crawler:
        class stats:
            @staticmethod
            def inc_value(key):
                pass

        class spider:
            sites = load_sites(origins={"bankfax": "http://127.0.0.1:8800", "ngs22": "https://ngs22.example"})

    guard, redirects = ConfiguredSitesOnly(Crawler), Redirects(Crawler)
    for url in ("http://127.0.0.1:8800/news/1/", "https://ngs22.example:443/text/", "https://NGS22.example/api/"):
        guard.process_request(Request(url, dont_filter=True))
    for url in ("http://127.0.0.1:8801/news/1/", "http://localhost:8800/news/1/", "http://ngs22.example/text/",
                "https://ngs22.example.evil.ru/", "https://evil.ru/?https://ngs22.example/"):
        with pytest.raises(LeftTheSites):
            guard.process_request(Request(url, dont_filter=True))

    request = Request("http://127.0.0.1:8800/news/1/", meta={"redirect_urls": ["http://127.0.0.1:8800/news/1/?a"]})
    moved = Response(request.url, status=301, headers={"Location": "https://evil.ru/news/1/"})
    with pytest.raises(LeftTheSites):
        redirects.process_response(request, moved)
    back = Response(request.url, status=302, headers={"Location": "/news/1/?a"})
    with pytest.raises(RedirectLoop):
        redirects.process_response(request, back)
    onward = Response(request.url, status=302, headers={"Location": "/news/2/"})
    assert redirects.process_response(request, onward) is onward
