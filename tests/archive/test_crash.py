"""A writer killed at any moment leaves a valid archive with no half-written article."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from scraper.web.query import parse

PROJECT = Path(__file__).resolve().parents[2]


def check(archive: Path) -> None:
    db = sqlite3.connect(archive)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every article has all its versions, and every round of comments is
    # present for an article exactly when its page was written whole.
    for article_id, version in db.execute("SELECT id, version FROM articles"):
        assert db.execute("SELECT count(*) FROM article_versions WHERE article_id = ?", [article_id]).fetchone()[0] == version
    pages = db.execute("SELECT count(*) FROM pages WHERE article_id IS NULL").fetchone()[0]
    assert pages == 0, "a page was written without its article"
    rounds = [
        db.execute("SELECT count(*) FROM comments WHERE article_id = ? AND site_comment_id LIKE 'r%'", [a]).fetchone()[0]
        for (a,) in db.execute("SELECT id FROM articles ORDER BY id")
    ]
    # Articles are written in order each round: counts never increase along the order.
    assert rounds == sorted(rounds, reverse=True) and max(rounds) - min(rounds) <= 1
    fts = db.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?", [parse("Раунд").expression]).fetchone()[0]
    assert fts == sum(rounds)


def test_writer_killed_mid_run_leaves_a_valid_archive(tmp_path):
    archive = tmp_path / "archive.db"
    rng = random.Random(7)
    for attempt in range(5):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.archive.crash_writer", str(archive)],
            cwd=PROJECT, stdout=subprocess.PIPE, text=True,
        )
        writer.stdout.readline()  # one round written: the archive is busy now
        time.sleep(rng.uniform(0.0, 0.3))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        check(archive)
