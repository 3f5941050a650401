"""The real crawl against the newsroom's ngs22 and «Вестник-22»: what arrives in the archive."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path

from scraper.demo import hearst, legacy_cp1251
from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from scraper.demo.timeline import clock
from tests.conftest import run_crawl

MY_SITES = ("ngs22", "vestnik22")


def _db(archive: Path) -> sqlite3.Connection:
    db = sqlite3.connect(archive)
    db.row_factory = sqlite3.Row
    return db


def _shown(newsroom, name: str, day: int) -> dict:
    """The site's articles on `day`, by URL, as the demo made them."""
    site = next(s for s in newsroom.sites if s.name == name)
    path = hearst.url_path if name == "ngs22" else legacy_cp1251.url_path
    origin = newsroom.origins[name]
    return {origin + path(a): a for a in site.catalog.articles(day, 0, site.catalog.count(day))}


def _rows(db: sqlite3.Connection, newsroom, name: str) -> dict:
    """The site's archived articles, by the URL the demo served them at (the archive keeps their path)."""
    return {newsroom.origins[name] + r["path"]: r for r in db.execute("SELECT * FROM articles WHERE site = ?", [name])}


def test_every_article_and_comment_of_both_sites_arrives(crawl, newsroom):
    db = _db(crawl())
    run = db.execute("SELECT status, drift_alarms, errors FROM crawl_runs").fetchone()
    assert run["status"] == "ok" and run["errors"] == 0 and run["drift_alarms"] in (None, "[]")
    for name in MY_SITES:
        shown = _shown(newsroom, name, 1)
        rows = _rows(db, newsroom, name)
        assert rows.keys() == shown.keys()
        for url, article in shown.items():
            row = rows[url]
            assert row["title"] == article.title and row["lead"] == article.lead
            assert row["body"] == "\n\n".join(article.paragraphs[1:])
            assert row["published_local"] == article.published.isoformat()
            comments = db.execute(
                "SELECT c.*, p.text AS parent_text, p.author AS parent_author FROM comments c"
                " LEFT JOIN comments p ON p.id = c.parent_id WHERE c.article_id = ? ORDER BY c.position",
                [row["id"]],
            ).fetchall()
            assert row["comment_count_shown"] == len(article.comments) == len(comments)
            by_id = {c.id: c for c in article.comments}
            if name == "ngs22":
                parents = {str(c.id): by_id.get(c.parent) for c in article.comments}
                key = "site_comment_id"
            else:  # no ids on the site: who said what (said twice, it proves nothing)
                said = Counter((c.author, c.text) for c in article.comments)
                parents = {(c.author, c.text): by_id.get(c.parent) for c in article.comments if said[c.author, c.text] == 1}
                key = None
            for comment in comments:
                found = comment[key] if key else (comment["author"], comment["text"])
                if found not in parents:
                    continue
                parent = parents[found]
                if parent is None:
                    assert comment["parent_id"] is None
                else:  # for vestnik22, found from the quote alone
                    assert (comment["parent_author"], comment["parent_text"]) == (parent.author, parent.text)
    encodings = dict(db.execute("SELECT site, group_concat(DISTINCT encoding) FROM pages GROUP BY site").fetchall())
    assert encodings["vestnik22"] == "cp1251" and encodings["ngs22"] == "utf-8"
    assert db.execute("SELECT count(*) FROM pages WHERE site = 'ngs22' AND kind = 'comments'").fetchone()[0] > 0
    assert db.execute("SELECT count(*) FROM articles WHERE title LIKE '%�%' OR body LIKE '%Р°%'").fetchone()[0] == 0


def test_the_nightly_refresh_finds_what_changed_overnight(crawl, newsroom):
    archive = crawl()
    day_one = {name: _shown(newsroom, name, 1) for name in MY_SITES}
    newsroom.day = 2
    crawl()
    db = _db(archive)
    for name in MY_SITES:
        day_two = _shown(newsroom, name, 2)
        rows = _rows(db, newsroom, name)
        assert rows.keys() == day_one[name].keys() | day_two.keys()
        removed = {url for url, r in rows.items() if r["status"] == "removed"}
        assert removed == day_one[name].keys() - day_two.keys()
        window = clock(2) - timedelta(days=3)  # REFRESH_DAYS: older articles are not fetched again
        for url in day_one[name].keys() & day_two.keys():
            before, after = day_one[name][url], day_two[url]
            if after.published < window:
                after = before
            edited = (before.title, before.paragraphs) != (after.title, after.paragraphs)
            assert rows[url]["version"] == (2 if edited else 1), url
            gone = {(c.author, c.text) for c in before.comments} - {(c.author, c.text) for c in after.comments}
            deleted = {
                (r["author"], r["text"]) for r in db.execute(
                    "SELECT author, text FROM comments WHERE article_id = ? AND deleted_at IS NOT NULL", [rows[url]["id"]]
                )
            }
            assert deleted == gone, url
    runs = db.execute("SELECT articles_new, articles_changed, comments_new, comments_deleted, articles_removed"
                      " FROM crawl_runs ORDER BY id").fetchall()
    assert all(value > 0 for value in runs[1][:4])
    assert sum(run[4] for run in runs) > 0


def test_after_a_night_of_faults_the_next_run_fills_the_gaps(tmp_path):
    """Without retries a faulty night loses pages; the next run, retrying, gets everything."""
    faults = Faults(errors=0.2, resets=0.05, truncated=0.05, huge=0.05, slow=0.05, slow_seconds=0.05)
    archive = tmp_path / "archive.db"
    only = ("-a", f"site={','.join(MY_SITES)}")  # the others would be sought at their real addresses
    with running(port=0, size=20, faults=faults, sites=MY_SITES) as room:
        expected = {url for name in MY_SITES for url in _shown(room, name, 1)}
        run_crawl(archive, room.origins, *only, "-s", "RETRY_TIMES=0", check=False)
        db = _db(archive)
        lost = db.execute("SELECT status, errors FROM crawl_runs").fetchone()
        assert lost["status"] == "errors" and lost["errors"] > 0
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] < len(expected)
        second = run_crawl(archive, room.origins, *only)
        assert {room.origins[site] + path for site, path in db.execute("SELECT site, path FROM articles")} == expected
    assert "retry/count" in second.stderr
    shown, read = db.execute(
        "SELECT sum(comment_count_shown), (SELECT count(*) FROM comments WHERE deleted_at IS NULL) FROM articles"
    ).fetchone()
    assert shown == read
    unresolved = [r[0] for r in db.execute("SELECT url FROM failed_urls WHERE resolved_at IS NULL")]
    assert not set(unresolved) & expected
