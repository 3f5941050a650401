"""The rendering of one page: the whole thread, nothing off the site, bounded cost.

Each test renders demo ngs22 comments pages in Debian's Chromium exactly as
the crawl does (its settings, middlewares and download handler), and checks
what came back and what the newsroom was asked for.
"""

from __future__ import annotations

import pytest

from scraper.demo import hearst
from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from tests.rendering.conftest import render

DAY = 2
LONG_THREAD = 71500962  # two API pages of threads: one "Показать ещё" click


def comments_url(room, article_id: int) -> str:
    article = room.sites[0].catalog.find(article_id, DAY)
    return room.origins["ngs22"] + hearst.url_path(article) + "comments/"


@pytest.fixture(scope="module")
def room():
    with running(day=DAY, port=0, sites=["ngs22"]) as newsroom:
        yield newsroom


@pytest.fixture(scope="module")
def long_thread(room):
    """The long thread rendered once; what the newsroom was asked for meanwhile."""
    room.servers["ngs22"].requests.clear()
    room.third_party.requests.clear()
    pages, failures, stats = render(room.origins, [comments_url(room, LONG_THREAD)])
    return pages, failures, stats, list(room.servers["ngs22"].requests), list(room.third_party.requests)


def test_the_whole_thread_comes_back_after_show_more(room, long_thread):
    (page,), failures, stats, _, _ = long_thread
    article = room.sites[0].catalog.find(LONG_THREAD, DAY)
    api = room.origins["ngs22"] + hearst.API + f"?articleId={LONG_THREAD}&page="
    assert failures == [] and page["rendered"] and page["status"] == 200
    assert page["comments"] == len(article.comments) > hearst.THREADS_PER_PAGE
    assert page["headers"]["x-rendered-complete"] == "yes"
    assert page["headers"]["x-rendered-by"].startswith("Chromium ")
    assert page["answers"] == [api + "1", api + "2"]  # both answers kept, in order
    assert stats["rendering/pages"] == 1 and "rendering/incomplete" not in stats


def test_nothing_off_the_site_and_no_images_or_fonts(room, long_thread):
    (page,), _, stats, asked, third_party = long_thread
    # The page tried: a counter script and a socket on another host, avatars, a web font ...
    assert page["avatars_in_page"] > 0
    refused = page["refused"]
    assert f"{room.third_party.origin}/tag.js (off the site)" in refused
    assert f"ws{room.third_party.origin.removeprefix('http')}/live (off the site)" in refused
    assert any(r.endswith(".png (image)") for r in refused) and any(r.endswith(".woff2 (font)") for r in refused)
    # ... and none of it reached a server: not the third party, not the site.
    assert third_party == []
    assert not [path for path in asked if path.startswith(("/static/avatars/", "/static/fonts/"))]
    assert all(url.startswith(room.origins["ngs22"] + "/") for url in page["requested"])
    assert stats["rendering/refused/off the site"] == 2


def test_a_script_that_never_finishes_gives_an_incomplete_thread_not_an_empty_one():
    # The second page of threads never comes: the first 20 threads are shown, the thread is not whole.
    # A minute is the page's limit: time enough for the first page on a loaded machine.
    stalled = Faults(hang=(f"articleId={LONG_THREAD}&page=2",), timeout_seconds=600)
    with running(day=DAY, port=0, sites=["ngs22"], faults=stalled) as room:
        (page,), failures, stats = render(room.origins, [comments_url(room, LONG_THREAD)],
                                          settings={"RENDER_PAGE_TIMEOUT": 60})
    first_page = sum(1 + len(replies) for _, replies in hearst.threads(room.sites[0].catalog.find(LONG_THREAD, DAY))[:20])
    assert failures == []
    assert page["comments"] == first_page > 0
    assert page["headers"]["x-rendered-complete"] == "no: the thread was not complete after 60 s"
    assert stats["rendering/incomplete"] == 1


def test_the_browser_is_started_afresh_after_so_many_pages(room):
    ids = [a.id for a in room.sites[0].catalog.articles(DAY, 0, 5)]
    pages, failures, stats = render(room.origins, [comments_url(room, i) for i in ids],
                                    settings={"RENDER_RESTART_AFTER_PAGES": 2})
    assert failures == [] and len(pages) == 5
    assert all(p["headers"]["x-rendered-complete"] == "yes" for p in pages)
    assert stats["rendering/browser_restarts"] == 2  # after the 2nd and the 4th page
    assert stats["playwright/browser_count"] == 3


def test_a_browser_that_crashed_is_started_again(room):
    articles = room.sites[0].catalog.articles(DAY, 10, 13)
    pages, failures, stats = render(room.origins, [comments_url(room, a.id) for a in articles], kill_browser_after=1)
    assert failures == [] and len(pages) == 3
    assert [p["comments"] for p in pages] == [len(a.comments) for a in articles]
    assert all(p["headers"]["x-rendered-complete"] == "yes" for p in pages)
    assert stats["playwright/browser_count"] == 2
