"""The crawl killed with SIGKILL at random moments, twenty times, each time followed by a normal run.

A kill is what a power cut, the OOM killer or a hung cron job's `kill -9`
does: no `finally`, no closing of the archive. After each kill SQLite must
find the archive whole; after each normal run nothing may be doubled; at the
end nothing the newsroom shows may be missing. Halfway, the newsroom moves
on a day (new articles and comments, edits, deletions, removals), so kills
land in the writing of new rows as well as in refreshes.

Each crawl is a real `scrapy crawl` process, forked from a warmed-up parent
(`tests/reliability/forker.py`) so that forty crawls cost no forty start-ups.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.reliability.checks import loss, shown, sound
from tests.reliability.forker import Forker

KILLS = 20


def killed_crawl(forker: Forker, argv: list[str], log: Path, delay: float) -> None:
    """Start a crawl, wait until its spider opens, then SIGKILL it `delay` seconds later."""
    log.write_text("")
    pid = forker.start(argv, log)
    try:
        while "Spider opened" not in log.read_text(errors="replace"):  # a hang is pytest-timeout's to end
            assert "Traceback" not in log.read_text(errors="replace"), log.read_text()
            time.sleep(0.005)
        time.sleep(delay)
    finally:
        os.kill(pid, signal.SIGKILL)
        forker.reap(pid)


def test_twenty_kills_each_followed_by_a_normal_run_lose_nothing(tmp_path):
    archive = tmp_path / "archive.db"
    rng = random.Random(20220823)
    with running(port=0, size=5) as room, Forker() as forker:
        argv = crawl_command(str(archive), room.origins)[3:]  # what follows `python -m scrapy`
        for kill in range(KILLS):
            if kill == KILLS // 2:
                room.day = 2
            killed_crawl(forker, argv, tmp_path / "killed.log", rng.uniform(0.0, 0.5))
            sound(archive).close()
            assert forker.run(argv, tmp_path / "normal.log") == 0, (tmp_path / "normal.log").read_text()[-3000:]
            db = sound(archive)
            assert db.execute("SELECT status FROM crawl_runs ORDER BY id DESC").fetchone()[0] == "ok"
            db.close()
        expected = shown(room)
    db = sound(archive)
    lost = loss(db, expected)
    assert lost.articles == [] and lost.comments == {}, lost
    # Articles no longer shown are the ones the newsroom took down, kept and marked.
    removed = {url for (url,) in db.execute("SELECT url FROM articles WHERE status = 'removed'")}
    assert set(lost.extra) == removed
    killed = db.execute("SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL").fetchone()[0]
    assert killed >= KILLS // 2  # most kills came mid-run (some after the run had finished its record)
