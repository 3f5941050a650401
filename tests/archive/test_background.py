"""The archive's writing thread: the crawl hands over items and reads on while they are written."""

from __future__ import annotations

import threading

import pytest

from scraper.archive.background import BackgroundWriter
from scraper.pipelines.archive import write_item
from tests.archive.snapshots import comment, later, snapshot


def held(release: threading.Event, started: threading.Event):
    """A job that keeps the writing thread busy until the test releases it."""
    def job(writer):
        started.set()
        release.wait()
        return threading.current_thread().name
    return job


def test_items_are_written_in_order_on_a_thread_of_their_own_and_counted_once_committed(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    first = writing.submit(write_item, snapshot(comments=[comment("1", "Первый!")]), None)
    again = writing.submit(write_item, snapshot(comments=[comment("1", "Первый!"), comment("2", "Второй")],
                                                at=later(1)), None)
    assert first.result()["articles_new"] == 1 and first.result()["comments_new"] == 1
    assert again.result()["comments_new"] == 1  # written after the first: the second comment is the new one
    writing.close()
    assert [c["text"] for c in db["comments"].rows_where(order_by="position")] == ["Первый!", "Второй"]


def test_the_writing_thread_is_not_the_crawls(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    release, started = threading.Event(), threading.Event()
    job = writing.submit(held(release, started))
    assert started.wait(60)  # the job runs while this thread goes on
    assert not job.done()
    release.set()
    assert job.result() != threading.current_thread().name
    writing.close()


def test_a_job_that_fails_half_way_leaves_nothing_and_the_next_ones_are_written(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")

    def cut_short(writer):
        with writer.db.atomic():
            writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/2/", comments=[comment("1", "Первый!")]))
            raise OSError("the disk is full")

    failed = writing.submit(cut_short)
    fine = writing.submit(write_item, snapshot(), None)
    with pytest.raises(OSError):
        failed.result()
    assert fine.result()["articles_new"] == 1
    writing.close()
    assert [row["url"] for row in db["articles"].rows] == ["http://127.0.0.1:1/news/1/"]
    assert db["comments"].count == 0 and db["pages"].count == 1


def test_a_crawl_that_outruns_its_writer_waits_for_room(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db", queue_size=2)
    release, started = threading.Event(), threading.Event()
    writing.submit(held(release, started))
    assert started.wait(60)
    writing.submit(lambda writer: "queued")  # the second place in the queue
    handed_over = threading.Event()

    def crawl() -> None:
        writing.submit(lambda writer: "third")
        handed_over.set()

    crawler = threading.Thread(target=crawl)
    crawler.start()
    # A wrong (unbounded) queue lets the third item in at once; the bounded one holds it until a job is done.
    assert not handed_over.wait(0.5)
    release.set()
    assert handed_over.wait(60)
    crawler.join()
    writing.close()


def test_closing_finishes_every_item_handed_over(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    futures = [writing.submit(write_item, snapshot(url=f"http://127.0.0.1:1/news/{n}/"), None) for n in range(1, 21)]
    writing.close()
    assert all(future.done() for future in futures)
    assert db["articles"].count == 20
