"""Re-parsing rebuilds articles and comments from the stored raw pages alone."""

from __future__ import annotations

from dataclasses import replace

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.reparse import archived_sites, reparse
from scraper.web.query import parse
from tests.archive.demo_pages import site, snapshots


def test_reparse_corrects_a_faulty_extraction_from_stored_pages(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    writer = ArchiveWriter(db)
    writer.save_sites([site()])
    good = list(snapshots(5))
    # A broken profile read no title and lost every comment's text and the
    # replies; the raw pages were stored all the same.
    for snap in good:
        broken = replace(
            snap,
            article=replace(snap.article, title=None),
            comments=[replace(c, text=None, parent_id=None) for c in snap.comments[:-1]],
            comments_complete=False,
        )
        writer.save_snapshot(broken)
    assert db.execute("SELECT count(*) FROM articles WHERE title IS NULL").fetchone()[0] == 5

    counts = reparse(db, archived_sites(db))

    expected_comments = sum(len(s.comments) for s in good)
    assert counts["articles_reparsed"] == 5
    assert counts["comments_new"] == sum(1 for s in good if s.comments)
    for snap in good:
        row = db.execute("SELECT id, title, version FROM articles WHERE url = ?", [snap.article.url]).fetchone()
        assert row[1:] == (snap.article.title, 1)  # corrected in place, not a new version
        texts = [r[0] for r in db.execute("SELECT text FROM comments WHERE article_id = ? ORDER BY position", [row[0]])]
        assert texts == [c.text for c in snap.comments]
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == expected_comments
    assert db.execute("SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM article_versions WHERE title IS NULL").fetchone()[0] == 0
    title_word = good[0].article.title.split()[0]
    assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [parse(title_word).expression]).fetchone()[0] >= 1
    run = db.execute("SELECT arguments, status FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run == ('{"command": "reparse"}', "ok")
