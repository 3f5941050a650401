"""A night of server faults at the rates the real web shows: two runs lose nothing.

10% of answers 500/503, 5% held until the crawl times out, 5% connections
reset, 5% bodies cut short (the demo newsroom's fault switches, on every
request of every site, article pages, listings and comment pages alike).
The first run is given one retry only, so that some pages fail for good and
must be found again by the second run, which retries as configured.
"""

from __future__ import annotations

import json
import re

from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from tests.conftest import run_crawl
from tests.reliability.checks import loss, shown, sound, unresolved

FAULTS = Faults(errors=0.10, timeouts=0.05, timeout_seconds=5, resets=0.05, truncated=0.05)
# The crawl's patience with a held request (30 s by default, shortened here).
IMPATIENT = ("-s", "DOWNLOAD_TIMEOUT=2")


def test_two_runs_through_a_night_of_faults_lose_nothing(tmp_path):
    archive = tmp_path / "archive.db"
    with running(port=0, size=20, faults=FAULTS) as room:
        expected = shown(room)
        first = run_crawl(archive, room.origins, *IMPATIENT, "-s", "RETRY_TIMES=1")
        db = sound(archive)
        run = db.execute("SELECT status, errors, problems FROM crawl_runs").fetchone()
        retried = int(re.search(r"'retry/count': (\d+)", first.stderr).group(1))
        assert retried > 0
        # Some pages failed for good; the run says so, by kind, and finished.
        assert run[0] == "errors" and run[1] > 0
        assert sum(json.loads(run[2]).values()) >= run[1]
        # Nothing is lost silently: what is missing or short is waiting in failed_urls.
        after_first = loss(db, expected)
        assert not after_first.nothing
        waiting = {url for url, _ in unresolved(db)}
        assert set(after_first.articles) | set(after_first.comments) <= waiting
        assert after_first.extra == []

        run_crawl(archive, room.origins, *IMPATIENT)
    db = sound(archive)
    assert loss(db, expected).nothing, loss(db, expected)
    assert unresolved(db) == []
    assert db.execute("SELECT status, errors FROM crawl_runs ORDER BY id DESC").fetchone() == ("ok", 0)
