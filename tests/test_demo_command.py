"""`regional-news demo` (what ./scripts/demo runs): crawl, serve, and stop cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.timeout(600)  # the demo's whole crawl, ngs22's comments pages rendered in Chromium
def test_demo_crawls_serves_the_archive_and_leaves_nothing_running(tmp_path):
    port = _free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "scraper.cli", "demo", "--archive", str(tmp_path / "archive.db"),
         "--port", str(port), "--newsroom-port", "0"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    try:
        lines = []
        for line in demo.stdout:
            lines.append(line)
            if line.startswith("Serving"):
                break
        assert lines and lines[-1].startswith("Serving"), lines
        origins = json.loads(lines[0].removeprefix("Demo newsroom: "))
        assert set(origins) == {"bankfax", "ngs22", "vestnik22"}
        query = urllib.parse.urlencode({"_search": "простолюдины", "_shape": "array", "_col": "text"})
        deadline = time.monotonic() + 120
        while not _answers(port) and time.monotonic() < deadline:  # Datasette takes a moment to start
            time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/comments.json?{query}", timeout=10) as answer:
            found = json.load(answer)
        # Under the seed article on bankfax, and under the seed-like one on ngs22, read through the browser.
        assert [row["text"] for row in found] == ["Мы ведь простолюдины."] * 2
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
    # Datasette and the newsroom stop with the command: no orphan servers.
    assert not _answers(port)
    for origin in origins.values():
        assert not _answers(int(origin.rsplit(":", 1)[1]))
