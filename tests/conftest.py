"""Shared test fixtures: the demo newsroom on a free port and the real crawl."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.cli import crawl_command
from scraper.demo.newsroom import Newsroom

PROJECT = Path(__file__).resolve().parent.parent
# Tests that are not about rendering read the demo ngs22's comments from the
# API its comments page's script calls, declared in a site file of their own,
# instead of rendering that page in Chromium (README, "Pages only a browser
# sees"): the same answers, read by the same profile, at a fraction of the cost.
WITHOUT_BROWSER_SITES = PROJECT / "tests" / "site_files" / "without_browser"
WITHOUT_BROWSER = ("-s", f"SITES_DIRS={WITHOUT_BROWSER_SITES}")


@pytest.fixture
def newsroom():
    """The demo newsroom on free ports of 127.0.0.1, stopped after the test."""
    room = Newsroom(day=1, port=0).start()
    yield room
    room.stop()


@pytest.fixture
def bankfax():
    """Only the bankfax demo site (40 articles and the seed article), for tests of the run around the crawl."""
    room = Newsroom(day=1, port=0, sites=["bankfax"]).start()
    yield room
    room.stop()


def run_crawl(archive: Path, origins: dict[str, str], *extra: str, check: bool = True,
              polite: bool = False, render: bool = False) -> subprocess.CompletedProcess:
    """`scrapy crawl regional_news` as a user runs it, in a child process (politeness off, unless asked).

    Unless `render`, ngs22's comments come from its API (`WITHOUT_BROWSER`).
    """
    result = subprocess.run(
        crawl_command(str(archive), origins, *(() if render else WITHOUT_BROWSER), *extra, polite=polite),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        timeout=600,
    )
    if check and result.returncode != 0:
        sys.stderr.write(result.stderr[-5000:])
        raise AssertionError(f"crawl exited {result.returncode}")
    return result


@pytest.fixture
def crawl(tmp_path, newsroom):
    """Crawl the newsroom into a fresh archive; returns the archive's path."""
    archive = tmp_path / "archive.db"

    def go(*extra: str, check: bool = True) -> Path:
        go.result = run_crawl(archive, newsroom.origins, *extra, check=check)
        return archive

    return go
