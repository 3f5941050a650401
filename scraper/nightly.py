"""The nightly refresh, for cron: one crawl at a time, logged, and judged.

`regional-news nightly` runs `scrapy crawl regional_news` for every configured
site while holding a lock on the archive, so a second refresh started while
one runs exits at once. The crawl's output goes to a log file that rotates
instead of growing forever; the run's record in `crawl_runs` decides the exit
status, so cron (or whoever watches) hears about a failed or drifted site.
"""

from __future__ import annotations

import fcntl
import json
import logging
import logging.handlers
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Exit statuses: 0 ok (or only some pages failed: they are retried next night),
# 1 a site failed or its layout drifted, 2 the crawl refused to start (a wrong
# argument or setting), 75 another refresh holds the archive.
EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_LOCKED = 0, 1, 2, 75
LOG_BYTES, LOG_BACKUPS = 5_000_000, 5
# How `scrapy crawl` says why it will not start (argparse's error line), e.g.
# "__main__.py: error: -a sit: no such argument; known: site, since, ...".
REFUSAL = re.compile(r"^\S+: error: (?P<reason>.+)$")


@dataclass
class Outcome:
    status: str
    run_id: int | None
    summary: str
    exit_code: int


class ArchiveLock:
    """An exclusive lock beside the archive (`archive.db.lock`), released on exit or crash."""

    def __init__(self, archive: Path):
        self.path = archive.with_name(archive.name + ".lock")
        self.file = None

    def acquire(self) -> bool:
        self.file = open(self.path, "a+")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            self.file = None
            return False
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"{os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
        self.file.flush()
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


def _logger(log_file: Path, max_bytes: int) -> logging.Logger:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger(f"regional_news.nightly.{log_file}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not logger.handlers:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


def _last_run_id(archive: Path) -> int:
    if not archive.exists():
        return 0
    with sqlite3.connect(archive) as db:
        try:
            return db.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def judge(archive: Path, after_run: int, crawl_exit: int, last_words: "CrawlOutput | None" = None) -> Outcome:
    """The outcome of the crawl that ran, from its record in `crawl_runs`."""
    record = None
    if archive.exists():
        with sqlite3.connect(archive) as db:
            db.row_factory = sqlite3.Row
            try:
                record = db.execute(
                    "SELECT * FROM crawl_runs WHERE id > ? ORDER BY id DESC LIMIT 1", [after_run]).fetchone()
            except sqlite3.OperationalError:  # an archive the crawl never got to set up
                record = None
    if record is None:
        if last_words is not None and last_words.refusal:
            return Outcome("refused", None, f"the crawl refused to start: {last_words.refusal}", EXIT_REFUSED)
        said = f": {last_words.last_line}" if last_words is not None and last_words.last_line else ""
        return Outcome("failed", None, f"the crawl exited {crawl_exit} without recording a run{said}", EXIT_FAILED)
    run_id, status, *counts, alarms = (record[name] for name in (
        "id", "status", "articles_new", "articles_changed", "articles_removed", "comments_new",
        "comments_edited", "comments_deleted", "errors", "drift_alarms"))
    problems = json.loads(record["problems"] or "{}") if "problems" in record.keys() else {}
    summary = (
        f"run {run_id}: {status}; articles {counts[0]} new, {counts[1]} changed, {counts[2]} removed; "
        f"comments {counts[3]} new, {counts[4]} edited, {counts[5]} deleted; {counts[6]} failed pages"
        + (f"; drift: {alarms}" if alarms else "")
        + ("; problems: " + ", ".join(f"{kind} {count}" for kind, count in problems.items()) if problems else "")
    )
    failed = crawl_exit != 0 or status not in ("ok", "errors")
    return Outcome(status, run_id, summary, EXIT_FAILED if failed else EXIT_OK)


class CrawlOutput:
    """What the crawl said, line by line: kept are its last line and why it refused to start, if it did."""

    def __init__(self):
        self.refusal: str | None = None
        self.last_line = ""

    def heard(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        self.last_line = line
        refused = REFUSAL.match(line)
        if refused:
            self.refusal = refused["reason"]


def run_nightly(
    crawl: list[str], archive: Path, log_file: Path, env: dict[str, str], log_bytes: int = LOG_BYTES
) -> Outcome:
    """Run the crawl command (in the environment `env`) under the archive lock, logging its output."""
    lock = ArchiveLock(archive)
    if not lock.acquire():
        return Outcome(
            "locked", None,
            f"another refresh of {archive} is running (pid and start: {lock.holder()}); this one exits",
            EXIT_LOCKED,
        )
    logger = _logger(log_file, log_bytes)
    try:
        before = _last_run_id(archive)
        logger.info("=== nightly refresh started %s: %s", time.strftime("%Y-%m-%d %H:%M:%S"), " ".join(crawl))
        with subprocess.Popen(
            crawl, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace",
        ) as process:
            said = CrawlOutput()
            for line in process.stdout:
                logger.info(line.rstrip("\n"))
                said.heard(line)
        outcome = judge(archive, before, process.returncode, said)
        logger.info("=== %s", outcome.summary)
        return outcome
    finally:
        lock.release()


def main_exit(outcome: Outcome) -> int:
    stream = sys.stdout if outcome.exit_code == EXIT_OK else sys.stderr
    print(f"regional-news nightly: {outcome.summary}", file=stream)
    return outcome.exit_code
