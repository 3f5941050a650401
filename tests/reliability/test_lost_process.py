"""A side process of the crawl killed mid-run: the run stops as failed, the next one makes it whole.

The crawl is held by the demo site on one of its articles (`Gate`), its
archive writer or its page reader is SIGKILLed there (as the OOM killer
would), and the gate opens: the article fetched next cannot be read or
archived, so the crawl stops.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess

import pytest

from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.conftest import PROJECT, WITHOUT_BROWSER, run_crawl
from tests.reliability.checks import children_named, content, shown, sound


@pytest.mark.parametrize("process, problem", [("archive-writer", "archive writer lost"),
                                              ("page-reader", "page reader lost")])
def test_a_crawl_whose_side_process_dies_stops_failed_and_the_next_run_archives_everything(tmp_path, process, problem):
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
            (side,) = children_named(crawl.pid, process)
            os.kill(side, signal.SIGKILL)
            gate.open()
            _, log = crawl.communicate(timeout=600)
        finally:
            crawl.kill()
        assert f"the crawl's {process} process ended before it answered" in log

        db = sqlite3.connect(archive)
        status, problems = db.execute("SELECT status, problems FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        assert status == "failed"
        assert json.loads(problems)[problem] == 1
        db.close()

        run_crawl(archive, newsroom.origins)  # the next night
    assert content(sound(archive)) == content(sound(untouched))
