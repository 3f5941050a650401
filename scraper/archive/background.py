"""Writing into the archive from a process of its own, so the crawl never waits for SQLite.

Deciding what changed, stemming, compressing and committing an article
take as long as reading its page; in the crawl's own process (a thread
included: Python runs one thread at a time) they would halve the crawl.
So the crawl hands each item to a writer process forked from it
(`scraper.side_process`) and reads on. The writer writes one job at a
time, in the order given, each its own transaction, as if written in the
crawl's process: a crash never leaves half an article.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.side_process import SideProcess

T = TypeVar("T")


class BackgroundWriter(SideProcess):
    """An `ArchiveWriter` in a process of its own; `write` hands it a job and waits for the answer."""

    def __init__(self, path: str | Path, queue_size: int = 32):
        super().__init__(partial(_writer, str(path)), "archive-writer", queue_size, teardown=_close)

    async def write(self, job: Callable[..., T], *args: Any) -> T:
        """Run `job(writer, *args)` in the writer process (`job` and `args` must pickle); waits while the queue is full."""
        return await self.run(job, *args)


def _writer(path: str) -> ArchiveWriter:
    return ArchiveWriter(open_archive(path))


def _close(writer: ArchiveWriter) -> None:
    writer.db.close()
