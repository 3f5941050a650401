"""The crawl's page reader process killed mid-run: the run stops as failed, the next one makes it whole.

The crawl is held by the demo site on one of its articles (`Gate`), its
page reader is SIGKILLed there (as the OOM killer would), and the gate
opens: the article fetched next cannot be read, so the crawl stops.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess

from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.conftest import PROJECT, WITHOUT_BROWSER, run_crawl
from tests.reliability.checks import children_named, content, shown, sound


def test_a_crawl_whose_page_reader_dies_stops_failed_and_the_next_run_archives_everything(tmp_path):
    archive, untouched = tmp_path / "archive.db", tmp_path / "untouched.db"
    with running(day=1, port=0, size=12) as newsroom:
        run_crawl(untouched, newsroom.origins)
        held = sorted(u for u in shown(newsroom) if u.startswith(newsroom.origins["bankfax"]))[-1]
        gate = newsroom.servers["bankfax"].gate(held.removeprefix(newsroom.origins["bankfax"]))
        crawl = subprocess.Popen(
            crawl_command(str(archive), newsroom.origins, *WITHOUT_BROWSER, "-s", "DOWNLOAD_TIMEOUT=600"),
            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert gate.arrived.wait(300), "bankfax's crawl never reached the held article"
            (reader,) = children_named(crawl.pid, "page-reader")
            os.kill(reader, signal.SIGKILL)
            gate.open()
            _, log = crawl.communicate(timeout=600)
        finally:
            crawl.kill()
        assert "the crawl's page-reader process ended before it answered" in log

        db = sqlite3.connect(archive)
        status, problems = db.execute("SELECT status, problems FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        assert status == "failed"
        assert json.loads(problems)["page reader lost"] == 1
        db.close()

        run_crawl(archive, newsroom.origins)  # the next night
    assert content(sound(archive)) == content(sound(untouched))
