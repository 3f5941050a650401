"""The crawl renders ngs22's comments pages in Chromium, and only those.

Three nights of the demo ngs22 (no other site), crawled as users crawl it,
with its built-in site file: day 2; day 3 while one article's comments API
closes every connection unanswered (its script's fetch fails, the thread
stops loading); day 3 again. (A script that waits for ever is
tests/rendering/test_pages.py's: it costs a page timeout.) What the archive
holds is checked against the demo's own model of what the site showed.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zlib

import pytest

from scraper.demo import hearst
from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from scraper.demo.seed import NGS22_SEED_ID
from scraper.rendering.evidence import ANSWER_KIND
from tests.conftest import run_crawl

# Three crawls of the rendered site (about 70 pages in Chromium): more than the suite's default per-test time
# on a loaded machine.
pytestmark = pytest.mark.timeout(900)
# No page here hangs for good: a page's time limit far above what a loaded machine needs keeps each night's
# ending the one its faults decide (a thread that stopped loading), never the clock's.
PATIENT = ("-s", "RENDER_PAGE_TIMEOUT=300")
FAILING = 71500333  # a moderator deletes one of its comments on day 3
OTHER_DELETIONS = (71500296, 71500037)


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rendered")
    archive = folder / "archive.db"
    with running(day=2, port=0, size=3, sites=["ngs22"]) as room:
        server = room.servers["ngs22"]
        first = run_crawl(archive, room.origins, *PATIENT, render=True)
        room.day = 3
        server.faults = Faults(hang=(f"articleId={FAILING}&",), timeout_seconds=1)
        failing = run_crawl(archive, room.origins, *PATIENT, render=True)
        shutil.copy(archive, folder / "failing.db")
        server.faults = Faults()
        again = run_crawl(archive, room.origins, *PATIENT, render=True)
        yield {
            "room": room, "archive": archive, "failing_archive": folder / "failing.db",
            "logs": [first.stderr, failing.stderr, again.stderr],
            "asked": list(server.requests), "third_party": list(room.third_party.requests),
        }


def _db(path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def _comments(db: sqlite3.Connection, article_id: int) -> list[tuple]:
    return db.execute(
        "SELECT c.site_comment_id, p.site_comment_id, c.text, c.hidden, c.deleted_at FROM comments c"
        " JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id"
        " WHERE a.site_article_id = ? ORDER BY c.position", [str(article_id)],
    ).fetchall()


def _stats(log: str) -> str:
    return log[log.rindex("Dumping Scrapy stats"):]


def test_the_seed_like_thread_comes_back_whole_through_the_browser(nights):
    article = nights["room"].sites[0].catalog.find(NGS22_SEED_ID, 3)
    got = _comments(_db(nights["archive"]), NGS22_SEED_ID)
    want = [c for root, replies in hearst.threads(article) for c in (root, *replies)]
    assert [(row[0], row[1], row[2], bool(row[3])) for row in got] == [
        (str(c.id), str(c.parent) if c.parent else None, c.text, c.text is None) for c in want
    ]
    assert len(got) == 18 and sum(1 for row in got if row[1]) == 8  # replies in place, to replies too


def test_the_rendered_page_and_the_scripts_answers_are_kept_as_evidence(nights):
    db = _db(nights["archive"])
    (article_id,) = db.execute("SELECT id FROM articles WHERE site_article_id = ?", [str(NGS22_SEED_ID)]).fetchone()
    rows = db.execute("SELECT kind, url, headers, body FROM pages WHERE article_id = ? ORDER BY id", [article_id])
    by_kind: dict[str, list] = {}
    for kind, url, headers, body in rows:
        by_kind.setdefault(kind, []).append((url, json.loads(headers), zlib.decompress(body)))
    url, headers, body = by_kind["comments"][0]
    assert url.endswith(f"/{NGS22_SEED_ID}/comments/")
    assert headers["x-rendered-complete"] == "yes" and headers["x-rendered-by"].startswith("Chromium")
    assert body.count(b"https://schema.org/Comment") == 18  # the DOM the script built, not the empty shell
    answer_url, _, answer = by_kind[ANSWER_KIND][0]
    assert json.loads(headers["x-rendered-answers"])[0][0] == answer_url
    threads = hearst.threads(nights["room"].sites[0].catalog.find(NGS22_SEED_ID, 3))
    assert len(json.loads(answer)["comments"]) == len(threads) == 10  # threads, replies inside them


def test_a_comment_removed_is_marked_deleted_only_from_a_complete_thread(nights):
    room = nights["room"]
    day2 = {c.id for c in room.sites[0].catalog.find(FAILING, 2).comments}
    day3 = {c.id for c in room.sites[0].catalog.find(FAILING, 3).comments}
    (removed,) = day2 - day3
    failing = _db(nights["failing_archive"])
    # The night its thread did not load: nothing claimed deleted, the thread kept, tried again next night.
    assert [row for row in _comments(failing, FAILING) if row[4]] == []
    assert len(_comments(failing, FAILING)) == len(day2)
    ((reason,),) = failing.execute("SELECT reason FROM failed_urls WHERE url LIKE ?", [f"%/{FAILING}/"]).fetchall()
    assert "comments incomplete" in reason and "the thread stopped loading" in reason
    (problems,) = failing.execute("SELECT problems FROM crawl_runs ORDER BY id DESC").fetchone()
    assert json.loads(problems)["rendering incomplete"] == 1
    # The same night, complete threads of other articles did show their deletions.
    for other in OTHER_DELETIONS:
        assert [row for row in _comments(failing, other) if row[4]]
    # The next run read it whole: now the removed comment is marked, and kept.
    final = _db(nights["archive"])
    assert [row[0] for row in _comments(final, FAILING) if row[4]] == [str(removed)]
    assert final.execute("SELECT resolved_at FROM failed_urls WHERE url LIKE ?", [f"%/{FAILING}/"]).fetchone()[0]


def test_the_browser_made_no_request_off_the_site_and_loaded_no_images(nights):
    assert nights["third_party"] == []  # the counter script the comments pages load was never fetched
    assert not [p for p in nights["asked"] if p.startswith(("/static/avatars/", "/static/fonts/"))]
    for log in nights["logs"]:
        stats = _stats(log)
        assert int(re.search(r"'rendering/refused/off the site': (\d+)", stats).group(1)) > 0
        assert int(re.search(r"'rendering/refused/image': (\d+)", stats).group(1)) > 0
        assert int(re.search(r"'playwright/page_count/max_concurrent': (\d+)", stats).group(1)) <= 2
    assert "off-site request refused" in nights["logs"][1]  # the thread that failed had tried the counter too


def test_only_comments_pages_go_through_the_browser(nights):
    log = nights["logs"][0]
    rendered = re.findall(r"rendered (\S+): ", log)
    assert rendered and all(url.endswith("/comments/") for url in rendered)
    stats = _stats(log)
    assert int(re.search(r"'playwright/request_count/navigation': (\d+)", stats).group(1)) == len(rendered)


def test_a_crawl_whose_sites_never_render_starts_no_browser(tmp_path, bankfax):
    result = run_crawl(tmp_path / "archive.db", bankfax.origins, render=True)
    assert "playwright/" not in result.stderr and "Launching browser" not in result.stderr
    assert "Starting download handler" not in result.stderr
