"""One article, one row: archives holding a row per origin are merged, and nothing is lost."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from scraper.archive import open_archive, search_index
from scraper.archive.schema import migrations
from scraper.sites.addresses import path_of
from scraper.web.query import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
MERGE = "m007_one_row_per_article"


def _old_archive(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    with gzip.open(FIXTURES / "one_row_per_origin.db.gz") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def _evidence(path: Path) -> dict[str, set]:
    """What the archive holds, by site and path rather than by row: what a merge must keep."""
    with sqlite3.connect(path) as db:
        article = {row[0]: (row[1], path_of(row[2])) for row in db.execute("SELECT id, site, url FROM articles")}
        return {
            "articles": set(article.values()),
            "versions": {(*article[a], h) for a, h in db.execute("SELECT article_id, content_hash FROM article_versions")},
            "comments": {
                (*article[a], cid, text, deleted is not None)
                for a, cid, text, deleted in db.execute("SELECT article_id, site_comment_id, text, deleted_at FROM comments")
            },
            "pages": {(*article[a], url, sha) for a, url, sha in db.execute("SELECT article_id, url, body_sha256 FROM pages")},
            "removed": {article[a] for (a,) in db.execute("SELECT id FROM articles WHERE status = 'removed'")},
        }


def test_an_archive_with_a_row_per_origin_is_merged_and_keeps_every_version_comment_and_page(tmp_path):
    # Made by the crawl as it was before articles were identified by site and
    # path: four nights of the demo bankfax and vestnik22 (two articles a
    # site before day 1, three new a day), nights 1 and 3 on one pair of
    # ports, nights 2 and 4 on another. An article read on both got two rows.
    old = _old_archive(tmp_path)
    before = _evidence(old)
    with sqlite3.connect(old) as raw:
        counts = [raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "article_versions", "comments", "pages")]
        origins = {row[0] for row in raw.execute("SELECT DISTINCT substr(url, 1, 22) FROM pages")}
    assert counts == [40, 41, 359, 52] and len(origins) == 4  # two origins a site
    assert len(before["articles"]) == 23

    db = open_archive(old)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    after = _evidence(old)
    assert [db[t].count for t in ("articles", "article_versions", "comments", "pages", "merged_articles")] == [
        23, 24, 186, 52, 17
    ]
    # Nothing lost: every article, distinct version, comment (with its text and
    # whether it was found deleted), raw page and removal, by site and path.
    assert after == before
    # Each merged-away row is recorded, and points at the row of its site and path.
    for site, path, into_site, into_path in db.execute(
        "SELECT m.site, m.path, a.site, a.path FROM merged_articles m JOIN articles a ON a.id = m.into_id"
    ):
        assert (site, path) == (into_site, into_path)
    # The edited article: its two versions in the order they were seen, numbered 1 and 2.
    edited = db.execute(
        "SELECT article_id FROM article_versions GROUP BY article_id HAVING count(*) > 1"
    ).fetchall()
    assert len(edited) == 1
    versions = db.execute(
        "SELECT v.version, v.first_seen FROM article_versions v WHERE v.article_id = ? ORDER BY v.version", edited[0]
    ).fetchall()
    assert [v[0] for v in versions] == [1, 2] and versions[0][1] < versions[1][1]
    assert db.execute("SELECT version FROM articles WHERE id = ?", edited[0]).fetchone()[0] == 2
    # The raw pages of a merged article come from both origins.
    assert db.execute(
        "SELECT max(n) FROM (SELECT count(DISTINCT substr(url, 1, 22)) n FROM pages GROUP BY article_id)"
    ).fetchone()[0] == 2
    # Search finds a comment once, not once an origin.
    words, = db.execute("SELECT text FROM comments WHERE text IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    word = max(words.split(), key=len).strip(".,!?«»")
    hits = db.execute(
        "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?", [parse(word).expression]
    ).fetchone()[0]
    assert hits == db.execute("SELECT count(*) FROM comments WHERE text LIKE ?", [f"%{word}%"]).fetchone()[0]
    # From now on the archive refuses a second row for a site and path.
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO articles (site, url, path) VALUES ('bankfax', 'https://elsewhere/news/160002/', '/news/160002/')")
    db.close()


def _before_the_merge(tmp_path: Path) -> Database:
    db = Database(tmp_path / "archive.db")
    migrations.apply(db, stop_before=MERGE)
    db["sites"].insert({"name": "bankfax", "origin": "http://127.0.0.1:1"})
    return db


def _article(db: Database, url: str, first: str, last: str, title: str, content_hash: str) -> int:
    article_id = db["articles"].insert(
        {"site": "bankfax", "url": url, "title": title, "version": 1, "status": "live", "first_seen": first,
         "last_seen": last}
    ).last_pk
    db["article_versions"].insert(
        {"article_id": article_id, "version": 1, "title": title, "content_hash": content_hash, "first_seen": first,
         "last_seen": last}
    )
    return article_id


def test_a_comment_seen_with_another_text_from_the_other_origin_keeps_the_earlier_text(tmp_path):
    db = _before_the_merge(tmp_path)
    first = _article(db, "http://127.0.0.1:1/news/1/", "2022-08-23T16:00:00Z", "2022-08-24T16:00:00Z", "Врачи", "a")
    second = _article(db, "http://127.0.0.1:2/news/1/", "2022-08-25T16:00:00Z", "2022-08-26T16:00:00Z", "Врачи", "a")
    db["comments"].insert_all([
        {"article_id": first, "site_comment_id": "c1", "text": "Было так", "author": "Анна",
         "first_seen": "2022-08-23T16:00:00Z", "last_seen": "2022-08-24T16:00:00Z"},
        {"article_id": first, "site_comment_id": "c2", "text": "Ответ", "author": "Олег",
         "first_seen": "2022-08-23T16:00:00Z", "last_seen": "2022-08-24T16:00:00Z"},
        {"article_id": second, "site_comment_id": "c1", "text": "Стало иначе", "author": "Анна",
         "first_seen": "2022-08-25T16:00:00Z", "last_seen": "2022-08-26T16:00:00Z"},
    ])
    reply = db["comments"].insert({"article_id": second, "site_comment_id": "c3", "text": "Да", "author": "Ира",
                                   "first_seen": "2022-08-25T16:00:00Z", "last_seen": "2022-08-26T16:00:00Z"}).last_pk
    db.execute("UPDATE comments SET parent_id = 3 WHERE id = ?", [reply])  # answers c1 as read from the second origin
    with db.atomic():
        for table in search_index.INDEXED:
            search_index.reindex(db, table)
    migrations.apply(db)

    assert db.execute("SELECT id, version, first_seen, last_seen FROM articles").fetchall() == [
        (first, 1, "2022-08-23T16:00:00Z", "2022-08-26T16:00:00Z")
    ]
    # The same text from both origins is one version, seen from the first sighting to the last.
    assert db.execute("SELECT article_id, version, first_seen, last_seen FROM article_versions").fetchall() == [
        (first, 1, "2022-08-23T16:00:00Z", "2022-08-26T16:00:00Z")
    ]
    assert db.execute(
        "SELECT id, site_comment_id, text, first_seen, last_seen, edited_at, parent_id FROM comments ORDER BY id"
    ).fetchall() == [
        (1, "c1", "Стало иначе", "2022-08-23T16:00:00Z", "2022-08-26T16:00:00Z", "2022-08-25T16:00:00Z", None),
        (2, "c2", "Ответ", "2022-08-23T16:00:00Z", "2022-08-24T16:00:00Z", None, None),
        (4, "c3", "Да", "2022-08-25T16:00:00Z", "2022-08-26T16:00:00Z", None, 1),
    ]
    assert db.execute("SELECT comment_id, text, first_seen, last_seen FROM comment_versions").fetchall() == [
        (1, "Было так", "2022-08-23T16:00:00Z", "2022-08-24T16:00:00Z")
    ]
    assert db.execute("SELECT id, into_id, url, path FROM merged_articles").fetchall() == [
        (second, first, "http://127.0.0.1:2/news/1/", "/news/1/")
    ]
    assert db.execute("SELECT path FROM articles").fetchone()[0] == "/news/1/"
    assert db.execute(
        "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?", [parse("иначе").expression]
    ).fetchall() == [(1,)]
    assert db.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?", [parse("было").expression]).fetchone()[0] == 0
