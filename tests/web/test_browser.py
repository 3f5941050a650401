"""In real headless Chromium: a journalist's way through the archive, in Russian, and no script runs."""

from __future__ import annotations

import re
import shutil
from xml.etree import ElementTree

import pytest

from tests.web.browser import chromium, datasette
from tests.web.newsroom_archive import SCRIPT_COMMENT

# Latin words the Russian interface may show: names of things, not English.
NAMES = {"Datasette", "Atom", "SQL", "SQLite", "CSV", "JSON", "HTTP", "UTC", "NEAR", "Telegram"}
# What the page shows that is not the interface: archived text and values (a table's cells,
# a facet's values), names in code.
NOT_INTERFACE = ".rn-text, .rn-comment-text, .rn-quote, .rows-and-columns td, .tight-bullets li, code, pre, [translate=no]"
VISIBLE_INTERFACE = """(skip) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, parent = node.parentElement;
        if (!parent || parent.closest(skip) || parent.closest('script, style')) continue;
        const style = getComputedStyle(parent);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (node.textContent.trim()) out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('input[placeholder], input[type=submit], [aria-label]')) {
        if (!el.closest(skip)) out.push(el.getAttribute('placeholder') || el.value || el.getAttribute('aria-label') || '');
    }
    out.push(document.title);
    return out.join('\\n');
}"""
ATOM = "{http://www.w3.org/2005/Atom}"


def english_left(page) -> list[str]:
    text = page.evaluate(VISIBLE_INTERFACE, NOT_INTERFACE)
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NAMES})


@pytest.fixture(scope="module")
def browser(archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    served = folder / "archive.db"
    shutil.copy(archive, served)
    with datasette(served) as address, chromium(folder / "profile") as page:
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield address, page, dialogs


def test_a_journalists_way_through_the_archive_is_in_russian(browser):
    address, page, dialogs = browser
    seen = {}

    # Home: the search box first, the week's most discussed and the last run's news.
    page.goto(f"{address}/")
    assert page.locator("h2").all_inner_texts()[:2] == ["Самое обсуждаемое за неделю", "Новое с последнего сбора"]
    assert page.locator("#researchers").inner_text() == "Для исследователей: таблицы и SQL"
    seen["home"] = english_left(page)

    # Search: a word in another form, then the results with their timeline.
    page.fill("input[name=q]", "министры")
    page.click(".rn-search-form input[type=submit]")
    page.wait_for_selector(".rn-comment-hits li")
    assert page.inner_text("h2#comments") == "Комментарии: 2"
    assert page.locator(".rn-comment-hits mark").all_inner_texts() == ["Министра", "министр"]
    chart = page.locator("svg.rn-timeline")
    assert chart.is_visible() and chart.bounding_box()["width"] > 400
    assert page.locator("svg.rn-timeline a.rn-bar").count() >= 1
    seen["results"] = english_left(page)

    # A bar of the timeline opens that period's results.
    page.locator("svg.rn-timeline a.rn-bar").first.click()
    page.wait_for_selector(".rn-comment-hits li")
    assert "Период: 2022-08-21 – 2022-08-21" in page.inner_text("body")
    assert page.inner_text("h2#comments") == "Комментарии: 1"
    page.go_back()
    page.wait_for_selector(".rn-comment-hits li")

    # The article, at the comment found, with the thread and the discussion chart.
    page.click(".rn-comment-hits li:first-child a[href*='#comment-']")
    page.wait_for_selector("ol.rn-thread")
    assert page.inner_text("h1") == "Врачи массово уходят из больниц Барнаула"
    comments = page.locator("li.rn-comment")
    assert comments.count() == 8
    levels = [int(comments.nth(i).get_attribute("data-level")) for i in range(8)]
    assert levels == [0, 1, 2, 0, 0, 0, 0, 0]
    left = [comments.nth(i).bounding_box()["x"] for i in range(3)]
    assert left[0] < left[1] < left[2]  # replies are indented, as laid out
    assert page.locator("#comment-5 .rn-badge.rn-hidden").inner_text() == "скрыт модератором"
    assert page.locator("#comment-6 .rn-badge.rn-deleted").is_visible()
    assert page.locator("#comment-3 time").inner_text() == "22.08.2022 18:00"
    discussion = page.locator("svg.rn-discussion")
    assert discussion.is_visible() and page.locator("svg.rn-discussion g.rn-mark").count() == 2
    seen["article"] = english_left(page)

    # A commenter's other comments.
    page.click("#comment-10 .rn-author a")
    page.wait_for_selector("section.rn-commenter-site")
    assert page.inner_text("h1") == "Комментарии с подписью «Инженер»"
    assert page.locator("section.rn-commenter-site h2").count() == 2  # two sites
    seen["commenter"] = english_left(page)

    # The search's feed, for a feed reader.
    page.go_back()
    page.go_back()
    page.wait_for_selector(".rn-comment-hits li")
    feed_href = page.get_attribute("text=Следить за этим поиском через ленту Atom", "href")
    response = page.request.get(address + feed_href)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.body())
    assert feed.find(f"{ATOM}title").text == "«министры» в новых комментариях архива"
    words = " ".join(e.text or "" for e in feed.iter() if e.tag in (f"{ATOM}title", f"{ATOM}name"))
    assert re.findall(r"[A-Za-z]{2,}", words) == []

    assert seen == {"home": [], "results": [], "article": [], "commenter": []}
    assert dialogs == []


def test_archived_markup_never_runs_in_chromium(browser):
    address, page, dialogs = browser
    page.goto(f"{address}/archive/-/article/1")
    # The comment that holds a script tag and an <img onerror> reads as text.
    assert page.locator("#comment-4 .rn-comment-text").inner_text() == SCRIPT_COMMENT
    assert page.locator("#comment-4 script, #comment-4 img").count() == 0
    assert page.title() != "owned" and dialogs == []
    page.click("a.rn-raw")
    page.wait_for_load_state()
    assert page.locator("script").count() == 0  # the raw page is text, not a page
    assert 'document.title="owned"' in page.inner_text("body")
    assert page.title() != "owned"


@pytest.mark.parametrize("path", ["/archive", "/archive/articles", "/archive/comments/2", "/archive/most_discussed",
                                  "/archive/nope", "/archive/-/article/999"])
def test_the_researchers_pages_and_errors_are_in_russian_too(browser, path):
    address, page, _ = browser
    page.goto(address + path)
    assert english_left(page) == [], path


def test_charts_print(browser):
    address, page, _ = browser
    page.goto(f"{address}/archive/-/article/1")
    page.emulate_media(media="print")
    assert page.locator("svg.rn-discussion").is_visible()
    assert page.locator("svg.rn-discussion rect[fill='#0072B2']").count() >= 1
    page.emulate_media(media="screen")
