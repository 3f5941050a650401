"""From the demo newsroom to a searchable archive, through the real crawl."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import yaml
from datasette.app import Datasette

from scraper.demo.seed import SEED_ID, read_seed
from scraper.web.metadata import METADATA


def seed_article_rows(archive: Path) -> tuple[dict, list[dict]]:
    db = sqlite3.connect(archive)
    db.row_factory = sqlite3.Row
    article = dict(db.execute("SELECT * FROM articles WHERE site_article_id = ?", [str(SEED_ID)]).fetchone())
    comments = [
        dict(row)
        for row in db.execute(
            "SELECT c.*, p.site_comment_id AS parent_site_id FROM comments c"
            " LEFT JOIN comments p ON p.id = c.parent_id WHERE c.article_id = ? ORDER BY c.position",
            [article["id"]],
        )
    ]
    return article, comments


def test_seed_article_comes_back_whole(crawl):
    archive = crawl()
    paragraphs, credit, seed_comments = read_seed()
    article, comments = seed_article_rows(archive)

    assert article["body"].split("\n\n") == paragraphs
    assert article["published_raw"] == "22.08.2022 16:21"
    assert article["published_at"] == "2022-08-22T09:21:00Z"
    db = sqlite3.connect(archive)
    assert db.execute("SELECT credit FROM images WHERE article_id = ?", [article["id"]]).fetchone()[0] == credit

    assert len(comments) == 18
    assert [c["published_raw"] for c in comments] == [stamp for stamp, _ in seed_comments]
    assert [c["published_local"][:16] for c in comments] == [
        f"{s[6:10]}-{s[3:5]}-{s[0:2]}T{s[11:16]}" for s, _ in seed_comments
    ]
    assert all(c["published_local"].endswith("+07:00") for c in comments)
    assert [c["text"] for c in comments] == ["\n".join(lines) or None for _, lines in seed_comments]
    assert [bool(c["hidden"]) for c in comments] == [not lines for _, lines in seed_comments]
    assert [c["position"] for c in comments] == list(range(1, 19))


def test_reply_structure_is_kept(crawl):
    _, comments = seed_article_rows(crawl())
    by_site_id = {c["site_comment_id"]: c for c in comments}
    # 23.08.2022 16:04 precedes 23.08.2022 10:00 on the page because it
    # answers an earlier comment: the archive must say whom it answers.
    out_of_order = comments[14]
    assert out_of_order["published_raw"] == "23.08.2022 16:04"
    assert out_of_order["parent_id"] is not None
    parent = by_site_id[out_of_order["parent_site_id"]]
    assert parent["published_raw"] == "23.08.2022 12:55"
    assert comments[15]["published_raw"] == "23.08.2022 10:00" and comments[15]["parent_id"] is None
    for comment in comments:
        if comment["parent_id"]:
            parent = by_site_id[comment["parent_site_id"]]
            assert parent["position"] < comment["position"]
            assert comment["depth"] == parent["depth"] + 1


def test_crawling_twice_adds_no_rows(crawl):
    archive = crawl()
    tables = ["articles", "comments", "article_versions", "images", "tags", "article_tags", "comment_versions"]

    def counts():
        db = sqlite3.connect(archive)
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    first = counts()
    crawl()
    assert counts() == first
    db = sqlite3.connect(archive)
    runs = db.execute(
        "SELECT articles_new, articles_changed, articles_unchanged, comments_new, comments_edited,"
        " comments_deleted, status FROM crawl_runs ORDER BY id"
    ).fetchall()
    assert runs[0][:2] == (first["articles"], 0) and runs[0][-1] == "ok"
    # The second run fetched the articles of the refresh window again and found nothing new.
    assert runs[1][0:2] == (0, 0) and runs[1][2] > 0 and runs[1][3:] == (0, 0, 0, "ok")


def test_datasette_finds_a_comment_by_a_word(crawl):
    archive = crawl()
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    datasette = Datasette([str(archive)], metadata=metadata)

    async def search(word: str):
        response = await datasette.client.get(f"/archive/comments.json?_search={word}&_shape=array")
        assert response.status_code == 200
        return response.json()

    rows = asyncio.run(search("простолюдины"))
    # Under the seed article on bankfax, and under the seed-like one on ngs22.
    assert [row["text"] for row in rows] == ["Мы ведь простолюдины."] * 2
