"""Datasette as users start it, and Debian's Chromium driven by Playwright.

Used by the browser test, and to take the README's screenshot of the
article page from a fresh crawl of the demo newsroom:

    python -m tests.web.browser docs/article-page.png
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def datasette(archive: Path) -> Iterator[str]:
    """`datasette archive.db -m metadata.yml` on a free port of 127.0.0.1; yields its address."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "datasette"), archive.name, "-m", str(PROJECT / "metadata.yml"),
               "-h", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, cwd=archive.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(address + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    raise RuntimeError(f"datasette did not start: {output[-2000:]}")
                time.sleep(0.1)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[object]:
    """A Playwright page in Debian's Chromium, headless, with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 900}, locale="ru-RU",
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def screenshot(target: Path) -> None:
    """The seed article's page, from a fresh crawl of the demo newsroom."""
    import sqlite3

    from scraper.demo.newsroom import Newsroom
    from scraper.demo.seed import SEED_ID
    from tests.conftest import run_crawl

    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.db"
        room = Newsroom(day=1, port=0).start()
        try:
            run_crawl(archive, room.origins)
        finally:
            room.stop()
        article_id = sqlite3.connect(archive).execute(
            "SELECT id FROM articles WHERE site_article_id = ?", [str(SEED_ID)]
        ).fetchone()[0]
        with datasette(archive) as address, chromium(Path(tmp) / "profile") as page:
            page.goto(f"{address}/archive/-/article/{article_id}")
            page.screenshot(path=str(target), full_page=True)


if __name__ == "__main__":
    screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "docs/article-page.png"))
