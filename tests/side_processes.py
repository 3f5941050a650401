"""Driving a side process from a test as the crawl drives it: from a running event loop."""

from __future__ import annotations

import asyncio

from scraper.side_process import SideProcess


def on_a_loop(test):
    """Runs the coroutine `test` on an event loop of its own, as the crawl runs on the crawl's."""
    return asyncio.run(test())


async def handed_over(side: SideProcess, job, *args) -> asyncio.Task:
    """`run` under way: the job is in the pipe (or the queue's wait) when this returns."""
    task = asyncio.ensure_future(side.run(job, *args))
    await asyncio.sleep(0)
    return task
