"""Rendering against the demo ngs22 in Debian's Chromium, for real."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import PROJECT


def render(origins: dict[str, str], urls: list[str], **spec) -> tuple[list[dict], list[dict], dict]:
    """Render `urls` as the crawl does (tests/rendering/harness.py): (pages, failures, stats)."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.rendering.harness", json.dumps({"origins": origins, "urls": urls, **spec})],
        cwd=PROJECT, capture_output=True, text=True, timeout=300,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines and "stats" in lines[-1], result.stderr[-4000:]
    pages = [line for line in lines if "status" in line]
    failures = [line for line in lines if "failed" in line]
    return pages, failures, lines[-1]["stats"]
