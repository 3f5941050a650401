"""Datasette as users start it, and Debian's Chromium driven by Playwright.

Used by the browser test, and to take the README's screenshots (the home
page, a search with its timeline, the article page) from a fresh crawl of
the demo newsroom:

    python -m tests.web.browser docs/
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

from scraper.web.metadata import METADATA

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--lang=ru-RU",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def datasette(archive: Path) -> Iterator[str]:
    """`datasette archive.db -m metadata.yml` on a free port of 127.0.0.1; yields its address."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "datasette"), archive.name, "-m", str(METADATA),
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


SHOTS = {
    "home.png": "/",
    "search.png": "/archive/-/search?q=%D0%B2%D1%80%D0%B0%D1%87%D0%B8&in=comments",  # врачи
    "article-page.png": "/archive/-/article/{seed}",
}


def screenshots(folder: Path) -> list[Path]:
    """The README's pictures, from a fresh crawl of the demo newsroom (day 1, then day 3)."""
    import sqlite3

    from scraper.demo.newsroom import Newsroom
    from scraper.demo.seed import SEED_ID
    from tests.conftest import run_crawl

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.db"
        for day in (1, 3):  # two nights: "new since the last run" has something to say
            room = Newsroom(day=day, port=0).start()
            try:
                run_crawl(archive, room.origins)
            finally:
                room.stop()
        seed = sqlite3.connect(archive).execute(
            "SELECT id FROM articles WHERE site_article_id = ?", [str(SEED_ID)]
        ).fetchone()[0]
        with datasette(archive) as address, chromium(Path(tmp) / "profile") as page:
            for name, path in SHOTS.items():
                page.goto(address + path.format(seed=seed))
                page.screenshot(path=str(folder / name), full_page=name == "article-page.png")
                written.append(folder / name)
    return written


if __name__ == "__main__":
    for shot in screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "docs")):
        print(shot)
