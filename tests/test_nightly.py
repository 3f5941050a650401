"""The cron command: lock, rotating log, exit status from the run record."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from scraper.nightly import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, ArchiveLock

PROJECT = Path(__file__).resolve().parent.parent


def nightly(archive: Path, origins: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scraper.cli", "nightly", "--archive", str(archive),
         "--log", str(archive.parent / "logs" / "nightly.log"),
         "-s", f"SITE_ORIGINS={json.dumps(origins)}", "-s", "POLITE=False", *extra],
        cwd=archive.parent, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )


def test_nightly_refresh_crawls_logs_and_reports(tmp_path, bankfax):
    archive = tmp_path / "archive.db"
    result = nightly(archive, bankfax.origins)
    assert result.returncode == EXIT_OK, result.stderr
    assert "run 1: ok" in result.stdout and "articles 41 new" in result.stdout
    log = (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log and "=== run 1: ok" in log
    with sqlite3.connect(archive) as db:
        assert db.execute("SELECT status, articles_new FROM crawl_runs").fetchall() == [("ok", 41)]


def test_second_run_is_refused_while_one_holds_the_archive(tmp_path, bankfax):
    archive = tmp_path / "archive.db"
    holder = ArchiveLock(archive)
    assert holder.acquire()
    try:
        result = nightly(archive, bankfax.origins)
    finally:
        holder.release()
    assert result.returncode == EXIT_LOCKED
    assert f"another refresh of {archive} is running (pid and start: {os.getpid()}" in result.stderr
    assert not archive.exists()  # it touched nothing


def test_a_site_that_never_answers_fails_the_night(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    archive = tmp_path / "archive.db"
    result = nightly(archive, {"bankfax": f"http://127.0.0.1:{port}"}, "-s", "RETRY_TIMES=0")
    assert result.returncode == EXIT_FAILED
    assert "run 1: failed" in result.stderr
    log = (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert "site bankfax never answered" in log
    # Its robots.txt could not be fetched either: one line says so, no traceback.
    logged = [line for line in log.splitlines() if "robots.txt" in line and line[:4].isdigit()]  # not the stats
    assert len(logged) == 1 and "[robots.txt unreachable]" in logged[0] and "could not be fetched" in logged[0]
    assert "Traceback" not in log


def test_log_rotates_instead_of_growing(tmp_path, bankfax):
    archive = tmp_path / "archive.db"
    for _ in range(3):  # about 4.5 KB of log a run
        assert nightly(archive, bankfax.origins, "--log-bytes", "2000").returncode == EXIT_OK
    logs = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert logs == ["nightly.log"] + [f"nightly.log.{n}" for n in range(1, 6)]  # 5 kept, older ones dropped
    assert all(p.stat().st_size <= 4000 for p in (tmp_path / "logs").iterdir())
    assert "=== run 3: ok" in (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
