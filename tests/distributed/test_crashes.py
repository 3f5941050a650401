"""A night spread over workers survives what kills machines: nothing lost, nothing written twice.

Each kill lands at a moment the code says it has reached: a worker's crawl
is held by the demo site on a request (`Gate`), and the writer is held right
after an item is in the archive and before it leaves the queue
(`tests/distributed/held_writer.py`).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys

from scraper.demo.newsroom import running
from scraper.distributed.keys import NightKeys, archive_key, connect
from tests.conftest import PROJECT, run_crawl
from tests.distributed.servers import Workers, night_command, run_night
from tests.reliability.checks import content, shown, sound

# A worker silent this long is taken for dead (a live one renews every third of it);
# a request held at a gate is waited for as long as the test takes to kill its crawl.
HELD = ("-s", "NIGHT_LEASE=8", "-s", "DOWNLOAD_TIMEOUT=600")
COUNTS = ("articles_new", "articles_changed", "articles_removed", "comments_new", "comments_deleted", "errors")


def _gate_on_an_article(newsroom, site: str):
    """Hold the site's crawl on one of its articles; the gate says when the crawl is there."""
    url = sorted(u for u in shown(newsroom) if u.startswith(newsroom.origins[site]))[-1]
    return newsroom.servers[site].gate(url.removeprefix(newsroom.origins[site]))


def _counts(archive, run_id: int) -> dict:
    db = sqlite3.connect(archive)
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    return {name: row[name] for name in (*COUNTS, "status")}


def test_a_killed_worker_and_a_killed_writer_lose_nothing_and_double_nothing(tmp_path, redis_server):
    alone, spread, log = tmp_path / "alone.db", tmp_path / "spread.db", tmp_path / "night.log"
    client = connect(redis_server.url)
    with running(day=1, port=0, size=12) as newsroom, Workers(redis_server.url, tmp_path).start(2) as workers:
        run_crawl(alone, newsroom.origins)
        gate = _gate_on_an_article(newsroom, "bankfax")
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.distributed.held_writer", "5",
             *night_command(spread, redis_server.url, newsroom.origins, log, *HELD)[3:]],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert writer.stdout.readline() == "held\n", writer.stderr.read()[-3000:]
            writer.send_signal(signal.SIGKILL)  # the 5th item is in the archive and still on the queue
        finally:
            writer.wait()
        assert gate.arrived.wait(300), "bankfax's crawl never reached the held article"
        night = NightKeys(client.get(archive_key(spread)).decode())
        attempt, _host, pid = client.get(night.entered("bankfax")).decode().split()
        assert attempt == "1"
        workers.kill_machine_of(int(pid))  # bankfax's crawl dies mid-way, with its worker
        gate.open()
        assert client.llen(night.processing) == 1  # what the killed writer left taken and not finished

        again = run_night(spread, redis_server.url, newsroom.origins, log, *HELD)
        assert again.returncode == 0, (again.stdout, again.stderr[-3000:], workers.logs()[-3000:])
    said = log.read_text()
    assert f"carrying on with night {night.night}" in said
    assert "site bankfax: attempt 1 failed (its worker stopped answering for 8 s); trying again" in said
    assert "site bankfax crawled (attempt " in said
    assert content(sound(spread)) == content(sound(alone))
    # Counted once too: the replayed item and bankfax's articles sent again by its second crawl.
    assert _counts(spread, 1) == _counts(alone, 1)
    assert client.keys("regional-news:night:*") == []  # the night's queues are gone with the night


def test_a_queue_server_lost_mid_night_fails_the_night_loudly_and_the_next_night_catches_up(tmp_path, redis_server):
    alone, spread, log = tmp_path / "alone.db", tmp_path / "spread.db", tmp_path / "night.log"
    with running(day=1, port=0, size=12) as newsroom:
        run_crawl(alone, newsroom.origins)
        gate = _gate_on_an_article(newsroom, "bankfax")
        with Workers(redis_server.url, tmp_path).start(1):
            night = subprocess.Popen(night_command(spread, redis_server.url, newsroom.origins, log, *HELD), cwd=PROJECT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                assert gate.arrived.wait(300), "bankfax's crawl never reached the held article"
                redis_server.kill()  # no persistence: the night's queues are gone
                redis_server.start()
                gate.open()
                out, err = night.communicate(timeout=300)
            finally:
                night.kill()
                night.wait()
        assert night.returncode == 1
        assert "the queue server lost night 1-" in err and "the night failed" in err
        db = sqlite3.connect(spread)
        status, problems = db.execute("SELECT status, problems FROM crawl_runs WHERE id = 1").fetchone()
        assert status == "failed" and json.loads(problems) == {"queue server lost": 1}
        db.close()
        with Workers(redis_server.url, tmp_path).start(1) as workers:
            after = run_night(spread, redis_server.url, newsroom.origins, log)
            assert after.returncode == 0, (after.stderr[-3000:], workers.logs()[-3000:])
    assert content(sound(spread)) == content(sound(alone))
