"""Journalists read the archive in Datasette while the nightly crawl writes it: no reader sees an error.

The real Datasette with the project's plugin reads the archive file while a
real crawl (a child process) writes into it: table pages, the search page,
a canned query, the article page, a JSON count. Every answer must be a 200,
and the counts readers see must only grow. The demo site holds one article
back until the readers have seen the archive half-written, so the reads
surely came while the crawl was still writing.
"""

from __future__ import annotations

import asyncio
import subprocess
import time

from datasette.app import Datasette

from scraper.archive import open_archive
from scraper.cli import crawl_command
from scraper.demo.newsroom import running
from tests.conftest import PROJECT, WITHOUT_BROWSER
from tests.reliability.checks import shown
from tests.web.conftest import metadata

PAGES = (
    "/archive/articles",
    "/archive/comments?_search=" + "врач",
    "/archive/-/search?q=" + "больница",
    "/archive/search?q=" + "министр",
    "/archive/crawl_runs",
    "/archive/failed_urls.json",
)
COUNT = "/archive.json?sql=select+count(*)+as+n+from+articles&_shape=array"
PATIENCE = 300  # seconds before a crawl that never wrote is called broken (never reached when it works)


async def read_round(datasette: Datasette, statuses: list[tuple[str, int]]) -> int | None:
    """Read every page once; the articles counted, if the count answered."""
    client = datasette.client
    response = await client.get(COUNT)
    statuses.append((COUNT, response.status_code))
    count = response.json()[0]["n"] if response.status_code == 200 else None
    for path in PAGES:
        statuses.append((path, (await client.get(path)).status_code))
    article = await client.get("/archive.json?sql=select+max(id)+as+id+from+articles&_shape=array")
    newest = article.json()[0]["id"] if article.status_code == 200 else None
    if newest:
        path = f"/archive/-/article/{newest}"
        statuses.append((path, (await client.get(path)).status_code))
    return count


async def read_while(crawl: subprocess.Popen, datasette: Datasette, gate) -> tuple[list, list[int], int]:
    """Read every page over and over while the crawl runs: the answers' statuses, the counts seen, and
    the count seen while the crawl was held on one article (it cannot end before the gate opens)."""
    statuses, counts = [], []
    assert await asyncio.to_thread(gate.arrived.wait, PATIENCE), "the crawl never reached the held article"
    deadline = time.monotonic() + PATIENCE
    while not (counts and counts[-1]):  # until what the crawl wrote before the held article shows
        assert crawl.poll() is None and time.monotonic() < deadline, "nothing written while the crawl was held"
        counts.append(await read_round(datasette, statuses))
    held = counts[-1]
    gate.open()
    while True:
        finished = crawl.poll() is not None
        counts.append(await read_round(datasette, statuses))
        if finished:  # one more round after the last write
            return statuses, counts, held


def test_datasette_readers_see_no_error_while_the_crawl_writes(tmp_path):
    archive = tmp_path / "archive.db"
    open_archive(archive).close()  # Datasette opens the file the crawl is about to fill
    datasette = Datasette([str(archive)], metadata=metadata())
    with running(port=0, size=20) as room:
        held = sorted(u for u in shown(room) if u.startswith(room.origins["bankfax"]))[-1]
        gate = room.servers["bankfax"].gate(held.removeprefix(room.origins["bankfax"]))
        crawl = subprocess.Popen(
            crawl_command(str(archive), room.origins, *WITHOUT_BROWSER, "-s", "DOWNLOAD_TIMEOUT=600"), cwd=PROJECT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            statuses, counts, while_held = asyncio.run(read_while(crawl, datasette, gate))
        finally:
            gate.open()
            crawl.kill() if crawl.poll() is None else None
            crawl.wait()
    assert crawl.returncode == 0
    errors = [(path, status) for path, status in statuses if status != 200]
    assert errors == []
    assert None not in counts and counts == sorted(counts)
    # Readers saw the archive half-written: some articles in, the held one still to come.
    assert 0 < while_held < counts[-1]
