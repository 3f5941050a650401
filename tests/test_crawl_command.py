"""What `scrapy crawl regional_news` and `regional-news nightly` say when told something wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from scraper.nightly import EXIT_REFUSED
from tests.conftest import PROJECT

KNOWN = "site, since, until, refresh_days, refresh"
NOWHERE = {"bankfax": "http://127.0.0.1:9"}  # nothing listens there; nothing is asked of it either


def test_an_unknown_spider_argument_stops_the_crawl_naming_the_known_ones(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "regional_news", "-a", "sit=bankfax",
         "-s", f"ARCHIVE_PATH={tmp_path / 'archive.db'}", "-s", f"SITE_ORIGINS={json.dumps(NOWHERE)}"],
        cwd=PROJECT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith(f"error: -a sit: no such argument; known: {KNOWN}")
    assert not (tmp_path / "archive.db").exists()


def test_nightly_passes_on_why_the_crawl_refused_to_start(tmp_path):
    archive = tmp_path / "archive.db"
    result = subprocess.run(
        [sys.executable, "-m", "scraper.cli", "nightly", "--archive", str(archive), "--log", str(tmp_path / "n.log"),
         "-a", "sit=bankfax", "-s", f"SITE_ORIGINS={json.dumps(NOWHERE)}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert result.returncode == EXIT_REFUSED == 2
    assert result.stderr.splitlines() == [
        f"regional-news nightly: the crawl refused to start: -a sit: no such argument; known: {KNOWN}"]
    assert result.stdout == "" and not archive.exists()
