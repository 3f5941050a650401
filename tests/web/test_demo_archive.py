"""End to end: crawl the demo newsroom, then read the archive as a journalist does."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

from datasette.app import Datasette

from scraper.demo.seed import SEED_ID, read_seed
from tests.web.conftest import Client, metadata

MINISTER_COMMENT = (
    "И поиграть то время есть у министра, когда всё здравоохранение разваливается, "
    "врачи увольняются пачками ... а он играет!"
)


def test_a_crawled_archive_is_searched_and_read(crawl):
    archive = crawl()
    client = Client(Datasette([str(archive)], metadata=metadata()))
    for word in ("министр", "министры", "врачей", "Врач", "здравоохранении"):
        texts = [row["text"] for row in client.rows(f"/archive/comments.json?_search={quote(word)}&_col=text&_size=max")]
        assert MINISTER_COMMENT in texts, word
    assert MINISTER_COMMENT not in [
        row["text"] for row in client.rows(f"/archive/comments.json?_search={quote('министерство')}&_col=text")
    ]

    html = client.get("/archive/-/search?q=" + quote("министры") + "&in=comments").text
    assert "у <mark>министра</mark>, когда всё" in html

    with sqlite3.connect(archive) as db:
        article_id, page_id = db.execute(
            "SELECT id, last_page_id FROM articles WHERE site_article_id = ?", [str(SEED_ID)]
        ).fetchone()
    page = client.get(f"/archive/-/article/{article_id}").text
    _, _, seed_comments = read_seed()
    levels = re.findall(r'class="rn-comment[^"]*" style="[^"]*" data-level="(\d+)"', page)
    assert len(levels) == len(seed_comments) == 18
    assert "1" in levels  # replies are indented under what they answer
    assert page.count('class="rn-comment rn-hidden"') == sum(1 for _, lines in seed_comments if not lines)
    assert f'href="/archive/-/page/{page_id}" class="rn-raw"' in page

    raw = client.get(f"/archive/-/page/{page_id}")
    assert raw.headers["content-type"].startswith("text/plain") and "Дмитрий Попов" in raw.text
