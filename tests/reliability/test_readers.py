"""Journalists read the archive in Datasette while the nightly crawl writes it: no reader sees an error.

The real Datasette with the project's plugin reads the archive file while a
real crawl (a child process) writes into it: table pages, the search page,
a canned query, the article page, a JSON count. Every answer must be a 200;
the counts readers see must only grow, and must have been seen growing, so
the reads really came between the writes.
"""

from __future__ import annotations

import asyncio
import subprocess

from datasette.app import Datasette

from scraper.archive import open_archive
from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.conftest import PROJECT, WITHOUT_BROWSER
from tests.web.conftest import metadata

PAGES = (
    "/archive/articles",
    "/archive/comments?_search=" + "врач",
    "/archive/-/search?q=" + "больница",
    "/archive/search?q=" + "министр",
    "/archive/crawl_runs",
    "/archive/failed_urls.json",
)
COUNT = "/archive.json?sql=select+count(*)+as+n+from+comments&_shape=array"


async def read_while(crawl: subprocess.Popen, datasette: Datasette) -> tuple[list[tuple[str, int]], list[int]]:
    """Read every page over and over until the crawl exits; the answers' statuses and the counts seen."""
    statuses, counts = [], []
    client = datasette.client
    while True:
        finished = crawl.poll() is not None
        response = await client.get(COUNT)
        statuses.append((COUNT, response.status_code))
        if response.status_code == 200:
            counts.append(response.json()[0]["n"])
        for path in PAGES:
            statuses.append((path, (await client.get(path)).status_code))
        article = await client.get("/archive.json?sql=select+max(id)+as+id+from+articles&_shape=array")
        newest = article.json()[0]["id"] if article.status_code == 200 else None
        if newest:
            path = f"/archive/-/article/{newest}"
            statuses.append((path, (await client.get(path)).status_code))
        if finished:  # one more round after the last write
            return statuses, counts


def test_datasette_readers_see_no_error_while_the_crawl_writes(tmp_path):
    archive = tmp_path / "archive.db"
    open_archive(archive).close()  # Datasette opens the file the crawl is about to fill
    datasette = Datasette([str(archive)], metadata=metadata())
    with running(port=0, size=20) as room:
        crawl = subprocess.Popen(
            crawl_command(str(archive), room.origins, *WITHOUT_BROWSER), cwd=PROJECT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            statuses, counts = asyncio.run(read_while(crawl, datasette))
        finally:
            crawl.kill() if crawl.poll() is None else None
            crawl.wait()
    assert crawl.returncode == 0
    errors = [(path, status) for path, status in statuses if status != 200]
    assert errors == []
    assert counts == sorted(counts)
    final = counts[-1]
    assert final > 0
    # Readers saw the archive between empty and full: they read while it was written.
    assert len({n for n in counts if 0 < n < final}) >= 2
