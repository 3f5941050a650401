"""A night of the demo newsroom spread over two workers and one writer, against the same night on one machine."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from rq import Queue
from rq.job import Job

from scraper.demo.newsroom import running
from scraper.distributed.keys import NightKeys, connect
from scraper.distributed.night import Night, NightOrder
from scraper.distributed.queue import NightGone
from tests.conftest import run_crawl
from tests.distributed.servers import Workers, run_night
from tests.reliability.checks import content, sound


def test_two_workers_and_a_writer_archive_what_one_crawl_archives(tmp_path, redis_server):
    alone, spread = tmp_path / "alone.db", tmp_path / "spread.db"
    with running(day=1, port=0, size=12) as newsroom, Workers(redis_server.url, tmp_path).start(2) as workers:
        for day in (1, 2):  # day 2 brings new articles, edits, deleted and hidden comments, removals
            newsroom.day = day
            run_crawl(alone, newsroom.origins)
            # A worker's crawl never opens an archive: the one its settings name could not even be made.
            night = run_night(spread, redis_server.url, newsroom.origins, tmp_path / "night.log",
                              "-s", f"ARCHIVE_PATH={tmp_path / 'no such folder' / 'archive.db'}")
            assert night.returncode == 0, (night.stderr, workers.logs()[-3000:])
            assert content(sound(spread)) == content(sound(alone)), f"day {day}"
    db = sqlite3.connect(spread)
    db.row_factory = sqlite3.Row
    runs = db.execute("SELECT * FROM crawl_runs ORDER BY id").fetchall()
    assert len(runs) == 2  # one record a night, whatever the number of workers
    assert {run["status"] for run in runs} == {"ok"}
    assert sorted(json.loads(runs[1]["site_clocks"])) == ["bankfax", "ngs22", "vestnik22"]
    counted = ("articles_new", "articles_changed", "articles_removed", "comments_new", "comments_edited",
               "comments_deleted", "errors")
    for count in ("articles_new", "articles_changed", "articles_removed", "comments_new", "comments_deleted"):
        assert runs[1][count] > 0, count  # day 2 brought each kind of change
    one = sqlite3.connect(alone).execute(f"SELECT {', '.join(counted)} FROM crawl_runs ORDER BY id").fetchall()
    assert [tuple(run[name] for name in counted) for run in runs] == one  # counted as one crawl counts
    assert db.execute("SELECT count(*) FROM failed_urls WHERE resolved_at IS NULL").fetchone()[0] == 0


def test_a_night_the_server_lost_is_never_noted_back_into_being(tmp_path, redis_server):
    """A restarted server without the night: noting a site's progress says so, and writes nothing."""
    night = Night(NightOrder(tmp_path / "archive.db", redis_server.url, {}, []), logging.getLogger("night"))
    keys, client = NightKeys("1-lost"), connect(redis_server.url)
    client.hset(keys.night_key, "sites", "[]")
    night._note(keys, {"state:bankfax": "done", "attempt:ngs22": 2})
    assert client.hget(keys.night_key, "state:bankfax") == b"done" and client.hget(keys.night_key, "attempt:ngs22") == b"2"
    client.delete(keys.night_key)  # what a restart without persistence does
    with pytest.raises(NightGone):
        night._note(keys, {"attempt:ngs22": 3})
    assert not client.exists(keys.night_key)
    night.db.close()


def test_a_server_restarted_between_two_looks_at_a_job_loses_the_night_and_nothing_else(tmp_path, redis_server, monkeypatch):
    """The night's job is found, then the server restarts before its status is read: the night is lost, said so."""
    night = Night(NightOrder(tmp_path / "archive.db", redis_server.url, {}, []), logging.getLogger("night"))
    keys, client = NightKeys("1-restarted"), connect(redis_server.url)
    client.hset(keys.night_key, mapping={"sites": '["bankfax"]', "attempt:bankfax": "1"})
    Queue("restarted", connection=client).enqueue_call("builtins.print", job_id=f"{keys.night}-bankfax-1")
    found = Job.fetch

    def fetched_then_restarted(*args, **kwargs):
        job = found(*args, **kwargs)
        client.flushall()  # what a restart without persistence does, between the fetch and the status
        return job

    monkeypatch.setattr(Job, "fetch", fetched_then_restarted)
    with pytest.raises(NightGone):
        night._watch(keys, ["bankfax"])
    assert not client.exists(keys.night_key)  # nothing of the night written back
    night.db.close()
