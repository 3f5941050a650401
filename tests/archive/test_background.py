"""The archive's writer process: the crawl hands over items and reads on while they are written."""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time

import pytest

from scraper.archive.background import BackgroundWriter, WriterGone
from scraper.pipelines.archive import write_item
from tests.archive.snapshots import comment, later, snapshot

# Set before a writer is forked, so that its process shares them.
STARTED, RELEASE = multiprocessing.Event(), multiprocessing.Event()


@pytest.fixture(autouse=True)
def fresh_events():
    STARTED.clear()
    RELEASE.clear()


def held(writer) -> int:
    """A job that keeps the writer busy until the test releases it; answers the writer's process id."""
    STARTED.set()
    RELEASE.wait()
    return os.getpid()


def answer(writer, value):
    return value


def cut_short(writer):
    """Writes half an article, then fails as a full disk would."""
    with writer.db.atomic():
        writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/2/", comments=[comment("1", "Первый!")]))
        raise OSError("the disk is full")


def test_items_are_written_in_order_and_counted_once_committed(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    first = writing.submit(write_item, snapshot(comments=[comment("1", "Первый!")]), None)
    again = writing.submit(write_item, snapshot(comments=[comment("1", "Первый!"), comment("2", "Второй")],
                                                at=later(1)), None)
    assert first.result()["articles_new"] == 1 and first.result()["comments_new"] == 1
    assert again.result()["comments_new"] == 1  # written after the first: the second comment is the new one
    writing.close()
    assert [c["text"] for c in db["comments"].rows_where(order_by="position")] == ["Первый!", "Второй"]


def test_the_writer_is_a_process_of_its_own_and_the_crawl_goes_on_meanwhile(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    job = writing.submit(held)
    assert STARTED.wait(60)
    assert not job.done()  # the job runs while the crawl's process goes on
    RELEASE.set()
    assert job.result() not in (os.getpid(), None)
    writing.close()


def test_a_job_that_fails_half_way_leaves_nothing_and_the_next_ones_are_written(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    failed = writing.submit(cut_short)
    fine = writing.submit(write_item, snapshot(), None)
    with pytest.raises(OSError, match="disk is full"):
        failed.result()
    assert fine.result()["articles_new"] == 1
    writing.close()
    assert [row["url"] for row in db["articles"].rows] == ["http://127.0.0.1:1/news/1/"]
    assert db["comments"].count == 0 and db["pages"].count == 1


def test_a_crawl_that_outruns_its_writer_waits_for_room(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db", queue_size=2)
    writing.submit(held)
    assert STARTED.wait(60)
    writing.submit(answer, "queued")  # the second place in the queue
    handed_over = threading.Event()

    def crawl() -> None:
        writing.submit(answer, "third")
        handed_over.set()

    crawler = threading.Thread(target=crawl)
    crawler.start()
    # A wrong (unbounded) queue lets the third job in at once; the bounded one holds it until a job is done.
    assert not handed_over.wait(0.5)
    RELEASE.set()
    assert handed_over.wait(60)
    crawler.join()
    writing.close()


def test_closing_finishes_every_item_handed_over(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    futures = [writing.submit(write_item, snapshot(url=f"http://127.0.0.1:1/news/{n}/"), None) for n in range(1, 21)]
    writing.close()
    assert all(future.done() for future in futures)
    assert db["articles"].count == 20


def test_a_writer_killed_fails_its_jobs_instead_of_leaving_the_crawl_waiting(db, tmp_path):
    writing = BackgroundWriter(tmp_path / "archive.db")
    job = writing.submit(held)
    assert STARTED.wait(60)
    os.kill(writing.pid, signal.SIGKILL)
    with pytest.raises(WriterGone):
        job.result(timeout=60)
    with pytest.raises(WriterGone):  # and whatever the crawl hands over afterwards, at once
        writing.submit(answer, "too late").result(timeout=60)
    writing.close()


def _crawl_with_a_writer(path: str, told) -> None:
    """A crawl's process: starts its writer, keeps it busy, says the writer's pid, then waits for its SIGKILL."""
    writing = BackgroundWriter(path)
    writing.submit(held)
    STARTED.wait()
    told.send(writing.pid)
    while True:
        time.sleep(60)


@pytest.mark.timeout(120)
def test_a_crawl_killed_takes_its_writer_with_it(db, tmp_path):
    """A `kill -9` of the crawl must not leave a writer behind holding the archive, even one busy writing."""
    context = multiprocessing.get_context("fork")
    told, tell = context.Pipe(duplex=False)
    crawl = context.Process(target=_crawl_with_a_writer, args=(str(tmp_path / "archive.db"), tell))
    crawl.start()
    writer = os.pidfd_open(told.recv())
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.join()
    select.select([writer], [], [])  # readable once the writer has ended: a writer left behind hangs the test
    assert select.select([writer], [], [], 0)[0] == [writer]
    os.close(writer)
