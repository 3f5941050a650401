"""The archive's writer process: the crawl hands over items and reads on while they are written."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import select
import signal
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


def on_a_loop(test):
    """Runs the coroutine `test` on an event loop of its own, as the crawl's pipeline runs on the crawl's."""
    return asyncio.run(test())


async def handed_over(writing: BackgroundWriter, job, *args) -> asyncio.Task:
    """`write` under way: the job is in the pipe (or the queue's wait) when this returns."""
    task = asyncio.ensure_future(writing.write(job, *args))
    await asyncio.sleep(0)
    return task


def test_items_are_written_in_order_and_counted_once_committed(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        first = await handed_over(writing, write_item, snapshot(comments=[comment("1", "Первый!")]), None)
        again = await handed_over(writing, write_item, snapshot(comments=[comment("1", "Первый!"),
                                                                          comment("2", "Второй")], at=later(1)), None)
        assert (await first)["articles_new"] == 1 and first.result()["comments_new"] == 1
        assert (await again)["comments_new"] == 1  # written after the first: the second comment is the new one
        writing.close()

    on_a_loop(crawl)
    assert [c["text"] for c in db["comments"].rows_where(order_by="position")] == ["Первый!", "Второй"]


def test_the_writer_is_a_process_of_its_own_and_the_crawl_goes_on_meanwhile(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        job = await handed_over(writing, held)
        assert STARTED.wait(60)
        assert not job.done()  # the job runs while the crawl's process goes on
        RELEASE.set()
        assert await job not in (os.getpid(), None)
        writing.close()

    on_a_loop(crawl)


def test_a_job_that_fails_half_way_leaves_nothing_and_the_next_ones_are_written(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        failed = await handed_over(writing, cut_short)
        fine = await handed_over(writing, write_item, snapshot(), None)
        with pytest.raises(OSError, match="disk is full"):
            await failed
        assert (await fine)["articles_new"] == 1
        writing.close()

    on_a_loop(crawl)
    assert [row["url"] for row in db["articles"].rows] == ["http://127.0.0.1:1/news/1/"]
    assert db["comments"].count == 0 and db["pages"].count == 1


def test_a_job_that_does_not_pickle_fails_alone(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
            await writing.write(answer, lambda: "a lambda does not pickle")
        assert await writing.write(answer, "next") == "next" and writing.under_way == 0
        writing.close()

    on_a_loop(crawl)


def test_a_crawl_that_outruns_its_writer_waits_for_room(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db", queue_size=2)
        first = await handed_over(writing, held)
        assert STARTED.wait(60)
        second = await handed_over(writing, answer, "queued")  # the second place in the queue
        third = await handed_over(writing, answer, "third")
        for _ in range(10):  # however long the loop goes on, the third job is not handed over
            await asyncio.sleep(0)
        assert writing.under_way == 2 and not third.done()
        RELEASE.set()
        assert await third == "third" and await second == "queued" and await first not in (os.getpid(), None)
        assert writing.under_way == 0
        writing.close()

    on_a_loop(crawl)


def test_closing_finishes_every_item_handed_over(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        jobs = [await handed_over(writing, write_item, snapshot(url=f"http://127.0.0.1:1/news/{n}/"), None)
                for n in range(1, 21)]
        writing.close()  # before any answer was awaited: closing reads them
        assert [(await job)["articles_new"] for job in jobs] == [1] * 20

    on_a_loop(crawl)
    assert db["articles"].count == 20


def test_many_large_items_pass_through_a_pipe_smaller_than_one(db, tmp_path):
    """The pipe holds about 64 KB: longer jobs go in parts, as the writer makes room."""
    big = "Ж" * 200_000

    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        jobs = [await handed_over(writing, answer, f"{n}{big}") for n in range(10)]
        assert [len(await job) for job in jobs] == [len(big) + 1] * 10
        writing.close()

    on_a_loop(crawl)


def test_a_writer_killed_fails_its_jobs_instead_of_leaving_the_crawl_waiting(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        job = await handed_over(writing, held)
        assert STARTED.wait(60)
        os.kill(writing.pid, signal.SIGKILL)
        with pytest.raises(WriterGone):
            await job
        with pytest.raises(WriterGone):  # and whatever the crawl hands over afterwards, at once
            await writing.write(answer, "too late")
        writing.close()

    on_a_loop(crawl)


def _crawl_with_a_writer(path: str, told) -> None:
    """A crawl's process: starts its writer, keeps it busy, says the writer's pid, then waits for its SIGKILL."""
    async def crawl():
        writing = BackgroundWriter(path)
        await handed_over(writing, held)
        STARTED.wait()
        told.send(writing.pid)
        while True:
            time.sleep(60)

    on_a_loop(crawl)


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
