"""The crawl with its default settings against sites as strict as real ones, and without politeness.

The demo newsroom plays strict sites (`scraper.demo.strict`): robots.txt
with `Crawl-delay: 1`, `429` with `Retry-After` to a client that comes too
fast, and bankfax's 403 bot-block page. A polite crawl costs a second or
more a request, so the newsrooms here are small (three articles a site
before day 1; bankfax also carries the seed article).
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from scraper.demo.strict import Strict
from tests.conftest import run_crawl
from tests.test_nights import _shown

SIZE = 3
SITES = ["bankfax", "ngs22"]
QUICK = ("-s", "POLITE_DELAY=0.2", "-s", "AUTOTHROTTLE_START_DELAY=0.2")


def archived(archive: Path, origins: dict[str, str]) -> set[str]:
    """The archived articles, at the URLs the demo served them at (the archive keeps their path)."""
    with sqlite3.connect(archive) as db:
        return {origins[site] + path for site, path in db.execute("SELECT site, path FROM articles")}


def last_run(archive: Path) -> dict:
    with sqlite3.connect(archive) as db:
        db.row_factory = sqlite3.Row
        run = dict(db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
    run["problems"] = json.loads(run["problems"] or "{}")
    return run


def waiting(archive: Path) -> set[str]:
    with sqlite3.connect(archive) as db:
        return {url for (url,) in db.execute("SELECT url FROM failed_urls WHERE resolved_at IS NULL")}


def shown(room, sites=SITES) -> set[str]:
    return {url for name in sites for url in _shown(room, name, 1)}


def test_with_its_default_settings_the_crawl_archives_strict_sites_whole_and_is_never_too_fast(tmp_path):
    archive = tmp_path / "archive.db"
    with running(port=0, size=SIZE, sites=SITES, strict=Strict()) as room:
        result = run_crawl(archive, room.origins, polite=True)
        for name, server in room.servers.items():
            assert (server.doorman.too_fast, server.doorman.blocked, server.waits_asked) == (0, 0, 0), name
        assert archived(archive, room.origins) == shown(room)
    run = last_run(archive)
    assert run["status"] == "ok" and run["problems"] == {} and not waiting(archive)
    for name in SITES:
        assert f"{name}: robots.txt asks for Crawl-delay 1 s" in result.stderr


def test_the_same_crawl_with_politeness_off_is_blocked(tmp_path):
    archive = tmp_path / "archive.db"
    with running(port=0, size=SIZE, sites=SITES, strict=Strict()) as room:
        run_crawl(archive, room.origins, "-s", "RETRY_TIMES=1", polite=False)
        assert room.servers["bankfax"].doorman.blocked > 0
        assert room.servers["ngs22"].doorman.too_fast > 0
        missing = shown(room) - archived(archive, room.origins)
    run = last_run(archive)
    assert run["problems"]["blocked"] > 0
    assert missing and missing <= waiting(archive)  # what was refused is tried again next night


def test_a_retry_after_given_as_an_http_date_is_obeyed_and_spends_no_retry(tmp_path):
    """The newsroom answers some requests 429 with Retry-After two seconds ahead on its own clock (2022).

    With no retries at all (`RETRY_TIMES=0`), every one of them is still
    archived: waiting out a Retry-After is not a retry. No request reaches
    the site before the moment it named. (The site asks for no Crawl-delay;
    a short delay keeps the test quick.)
    """
    archive = tmp_path / "archive.db"
    faults = Faults(throttled=0.25, retry_after_date=True)
    with running(port=0, size=SIZE, sites=["ngs22"], faults=faults) as room:
        run_crawl(archive, room.origins, "-s", "RETRY_TIMES=0", *QUICK, polite=True)
        server = room.servers["ngs22"]
        assert server.waits_asked > 0
        assert server.early == []
        assert archived(archive, room.origins) == shown(room, ["ngs22"])
    assert last_run(archive)["status"] == "ok" and not waiting(archive)


def test_a_site_that_starts_blocking_is_slowed_then_stopped_and_its_urls_wait_for_the_next_night(tmp_path):
    """A firewall turns on after the crawl's third request: every answer is the bot-block page."""
    archive = tmp_path / "archive.db"
    with running(port=0, size=6, sites=["bankfax"], faults=Faults(block_after=3)) as room:
        result = run_crawl(archive, room.origins, *QUICK, polite=True)
        server = room.servers["bankfax"]
        assert server.asked == 3 + 3  # three answered, three blocked (BLOCKS_TO_STOP), then nothing more
        delays = [float(d) for d in re.findall(r"bankfax showed its bot-block page .* its delay is now (\S+) s",
                                               result.stderr)]
        assert len(delays) == 2 and delays[0] >= 2 * 0.2 and delays[1] >= 2 * delays[0]
        assert "bankfax showed its bot-block page 3 times in a row: nothing more is asked of it this run" \
            in result.stderr
        missing = shown(room, ["bankfax"]) - archived(archive, room.origins)
        assert missing and missing <= waiting(archive)
        assert last_run(archive)["problems"]["blocked"] >= 1

        server.faults = Faults()  # the next night the site lets the crawl in again
        run_crawl(archive, room.origins, *QUICK, polite=True)
        assert archived(archive, room.origins) == shown(room, ["bankfax"]) and not waiting(archive)
