"""A side process of the crawl: jobs handed over from the event loop, run beside it, answered in order."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import select
import signal
import time

import pytest

from scraper.side_process import ProcessGone, SideProcess
from tests.side_processes import handed_over, on_a_loop

# Set before a process is forked, so that it shares them.
STARTED, RELEASE = multiprocessing.Event(), multiprocessing.Event()


@pytest.fixture(autouse=True)
def fresh_events():
    STARTED.clear()
    RELEASE.clear()


def nothing() -> None:
    """The state every job is given first: none here."""


def held(state) -> int:
    """A job that keeps the process busy until the test releases it; answers the process's id."""
    STARTED.set()
    RELEASE.wait()
    return os.getpid()


def answer(state, value):
    return value


def test_the_jobs_run_in_a_process_of_their_own_and_the_crawl_goes_on_meanwhile():
    async def crawl():
        side = SideProcess(nothing, "test")
        job = await handed_over(side, held)
        assert STARTED.wait(60)
        assert not job.done()  # the job runs while the crawl's process goes on
        RELEASE.set()
        assert await job not in (os.getpid(), None)
        side.close()

    on_a_loop(crawl)


def test_a_job_that_does_not_pickle_fails_alone():
    async def crawl():
        side = SideProcess(nothing, "test")
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
            await side.run(answer, lambda: "a lambda does not pickle")
        assert await side.run(answer, "next") == "next" and side.under_way == 0
        side.close()

    on_a_loop(crawl)


def test_a_crawl_that_outruns_its_side_process_waits_for_room():
    async def crawl():
        side = SideProcess(nothing, "test", queue_size=2)
        first = await handed_over(side, held)
        assert STARTED.wait(60)
        second = await handed_over(side, answer, "queued")  # the second place in the queue
        third = await handed_over(side, answer, "third")
        for _ in range(10):  # however long the loop goes on, the third job is not handed over
            await asyncio.sleep(0)
        assert side.under_way == 2 and not third.done()
        RELEASE.set()
        assert await third == "third" and await second == "queued" and await first not in (os.getpid(), None)
        assert side.under_way == 0
        side.close()

    on_a_loop(crawl)


def test_many_large_jobs_pass_through_a_pipe_smaller_than_one():
    """A pipe holds 64 KiB to 1 MiB: longer jobs go in parts, as the process makes room."""
    big = "Ж" * 200_000

    async def crawl():
        side = SideProcess(nothing, "test")
        jobs = [await handed_over(side, answer, f"{n}{big}") for n in range(10)]
        assert [len(await job) for job in jobs] == [len(big) + 1] * 10
        side.close()

    on_a_loop(crawl)


def test_a_process_killed_fails_its_jobs_instead_of_leaving_the_crawl_waiting():
    async def crawl():
        side = SideProcess(nothing, "test")
        job = await handed_over(side, held)
        assert STARTED.wait(60)
        os.kill(side.pid, signal.SIGKILL)
        with pytest.raises(ProcessGone):
            await job
        with pytest.raises(ProcessGone):  # and whatever the crawl hands over afterwards, at once
            await side.run(answer, "too late")
        side.close()

    on_a_loop(crawl)


def _crawl_with_a_side_process(told) -> None:
    """A crawl's process: starts its side process, keeps it busy, says its pid, then waits for its SIGKILL."""
    async def crawl():
        side = SideProcess(nothing, "test")
        await handed_over(side, held)
        STARTED.wait()
        told.send(side.pid)
        while True:
            time.sleep(60)

    on_a_loop(crawl)


@pytest.mark.timeout(120)
def test_a_crawl_killed_takes_its_side_process_with_it():
    """A `kill -9` of the crawl must not leave its process behind (a writer would hold the archive), even a busy one."""
    context = multiprocessing.get_context("fork")
    told, tell = context.Pipe(duplex=False)
    crawl = context.Process(target=_crawl_with_a_side_process, args=(tell,))
    crawl.start()
    side = os.pidfd_open(told.recv())
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.join()
    select.select([side], [], [])  # readable once the process has ended: one left behind hangs the test
    assert select.select([side], [], [], 0)[0] == [side]
    os.close(side)

