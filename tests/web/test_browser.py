"""In real headless Chromium: search a word form, read the thread, no script runs."""

from __future__ import annotations

import shutil

from tests.web.browser import chromium, datasette
from tests.web.newsroom_archive import SCRIPT_COMMENT


def test_a_journalist_searches_and_reads_the_thread_in_chromium(archive, tmp_path):
    served = tmp_path / "archive.db"
    shutil.copy(archive, served)
    dialogs = []
    with datasette(served) as address, chromium(tmp_path / "profile") as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        page.goto(f"{address}/archive/-/search")
        page.fill("input[name=q]", "министры")
        page.select_option("select[name=in]", "comments")
        page.click("input[type=submit]")
        page.wait_for_selector(".rn-comment-hits li")
        assert page.inner_text("h2#comments") == "Комментарии: 2"
        assert page.locator(".rn-comment-hits mark").all_inner_texts() == ["Министра", "министр"]

        page.click(".rn-comment-hits li:first-child a[href*='#comment-']")
        page.wait_for_selector("ol.rn-thread")
        assert page.inner_text("h1") == "Врачи массово уходят из больниц Барнаула"
        comments = page.locator("li.rn-comment")
        assert comments.count() == 8
        levels = [int(comments.nth(i).get_attribute("data-level")) for i in range(8)]
        assert levels == [0, 1, 2, 0, 0, 0, 0, 0]
        left = [comments.nth(i).bounding_box()["x"] for i in range(3)]
        assert left[0] < left[1] < left[2]  # replies are indented, as laid out
        assert page.locator("#comment-3 .rn-comment-text").inner_text() == "Министра в отставку!"
        assert page.locator("#comment-5 .rn-badge.rn-hidden").is_visible()
        assert page.locator("#comment-6 .rn-badge.rn-deleted").is_visible()
        assert page.locator("#comment-3 time").inner_text() == "22.08.2022 18:00"

        # The comment that holds a script tag and an <img onerror> reads as text.
        assert page.locator("#comment-4 .rn-comment-text").inner_text() == SCRIPT_COMMENT
        assert page.locator("#comment-4 script, #comment-4 img").count() == 0
        assert page.title() != "owned" and dialogs == []

        page.click("a.rn-raw")
        page.wait_for_load_state()
        assert page.locator("script").count() == 0  # the raw page is text, not a page
        assert 'document.title="owned"' in page.inner_text("body")
        assert page.title() != "owned"
