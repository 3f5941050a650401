"""The crawl killed with SIGKILL twenty times, each time followed by a normal run.

A kill is what a power cut, the OOM killer or a hung cron job's `kill -9`
does: no `finally`, no closing of the archive. After each kill SQLite must
find the archive whole; after each normal run nothing may be doubled; at the
end the archive must hold exactly what an archive no kill touched holds
(one normal run a day over the same days), and every article the newsroom
shows.

Each kill lands at a chosen moment of the crawl's writing: the crawl is held
just before a given SQL statement runs (the crawl itself says when it is
there, see `tests/reliability/forker.py`), then killed. The newsroom moves on
a day every two kills, so the first kill of a day lands among new articles,
comments, edits, deletions and removals, and the second in a refresh of what
is archived already.

Each crawl is a real `scrapy crawl` process, forked from a warmed-up parent
so that forty crawls cost no forty start-ups.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.conftest import WITHOUT_BROWSER
from tests.reliability.checks import content, loss, shown, sound
from tests.reliability.forker import Forker

# Moments of the crawl, as the SQL statement about to run.
RUN_RECORDED = r"^\s*INSERT\s+INTO\s+\[?crawl_runs\]?"
RUN_FINISHED = r"^\s*UPDATE\s+\[?crawl_runs\]?\s+SET\b.*\bfinished_at\b"
NEW_ARTICLE = r"^\s*INSERT\s+INTO\s+\[?articles\]?\s*\("
NEW_PAGE = r"^\s*INSERT\s+INTO\s+\[?pages\]?\s*\("
NEW_COMMENT = r"^\s*INSERT\s+INTO\s+\[?comments\]?\s*\("
COMMENT_INDEXED = r"^\s*INSERT\s+INTO\s+\[?comments_fts\]?\s*\(\s*rowid"
COMMENT_DELETED = r"^\s*UPDATE\s+\[?comments\]?\s+SET\s+\[?deleted_at\]?\s*=\s*'"
ARTICLE_REMOVED = r"^\s*UPDATE\s+\[?articles\]?\s+SET\s+\[?status\]?\s*=\s*'removed'"
COMMENT_SEEN_AGAIN = r"^\s*UPDATE\s+\[?comments\]?\s+SET\s+\[?parent_id\]?"
PAGE_SEEN_AGAIN = r"^\s*UPDATE\s+\[?pages\]?\s+SET\s+\[?last_fetched_at\]?"
COMMIT = r"^\s*COMMIT\b"

# (the newsroom's day, the moment, which occurrence of it): twenty kills, two a day.
# The days' news is fixed by the newsroom's seed: each moment is reached on its day.
KILLS = [
    (1, NEW_COMMENT, 1), (1, RUN_RECORDED, 1),
    (2, COMMENT_DELETED, 1), (2, COMMENT_SEEN_AGAIN, 1),
    (3, ARTICLE_REMOVED, 1), (3, COMMIT, 3),
    (4, COMMENT_INDEXED, 5), (4, RUN_FINISHED, 1),
    (5, NEW_PAGE, 10), (5, PAGE_SEEN_AGAIN, 5),
    (6, COMMIT, 20), (6, COMMENT_SEEN_AGAIN, 50),
    (7, NEW_ARTICLE, 3), (7, COMMIT, 12),
    (8, ARTICLE_REMOVED, 2), (8, PAGE_SEEN_AGAIN, 1),
    (9, COMMENT_DELETED, 5), (9, COMMIT, 8),
    (10, RUN_FINISHED, 1), (10, RUN_FINISHED, 1),
]


def killed_crawl(forker: Forker, argv: list[str], log: Path, moment: str, occurrence: int) -> None:
    """Start a crawl, wait until it is held at `moment`, and SIGKILL it there."""
    pid, held = forker.start_held(argv, log, moment, occurrence)
    os.kill(pid, signal.SIGKILL)
    forker.reap(pid)
    assert held, f"the crawl ended before statement {occurrence} matching {moment!r}:\n{log.read_text()[-3000:]}"


def crawl_arguments(archive: Path, origins: dict[str, str]) -> list[str]:
    """What follows `python -m scrapy` in the crawl a user runs (ngs22's comments from its API, no browser)."""
    return crawl_command(str(archive), origins, *WITHOUT_BROWSER)[3:]


# Fifty crawls over ten days of news: minutes on a loaded machine, never a hang (each wait is for a signal).
@pytest.mark.timeout(1200)
def test_twenty_kills_each_followed_by_a_normal_run_lose_nothing(tmp_path):
    archive, untouched = tmp_path / "archive.db", tmp_path / "untouched.db"
    with running(port=0, size=5) as room, Forker() as forker:
        for day in sorted({day for day, _, _ in KILLS}):
            room.day = day
            assert forker.run(crawl_arguments(untouched, room.origins), tmp_path / "untouched.log") == 0
        argv = crawl_arguments(archive, room.origins)
        for day, moment, occurrence in KILLS:
            room.day = day
            killed_crawl(forker, argv, tmp_path / "killed.log", moment, occurrence)
            sound(archive).close()
            assert forker.run(argv, tmp_path / "normal.log") == 0, (tmp_path / "normal.log").read_text()[-3000:]
            db = sound(archive)
            assert db.execute("SELECT status FROM crawl_runs ORDER BY id DESC").fetchone()[0] == "ok"
            db.close()
        expected = shown(room)
    db, reference = sound(archive), sound(untouched)
    assert content(db) == content(reference)
    lost = loss(db, expected)
    assert lost.articles == [], lost
    # Articles no longer shown are the ones the newsroom took down, kept and marked.
    removed = {path for (path,) in db.execute("SELECT path FROM articles WHERE status = 'removed'")}
    assert set(lost.extra) == removed and removed
    # Every kill but the one before its run was recorded left a run that never finished.
    runs = dict(db.execute("SELECT finished_at IS NULL, count(*) FROM crawl_runs GROUP BY 1").fetchall())
    before_recorded = sum(moment == RUN_RECORDED for _, moment, _ in KILLS)
    assert runs == {True: len(KILLS) - before_recorded, False: len(KILLS)}
