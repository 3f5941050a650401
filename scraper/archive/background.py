"""Writing into the archive from a thread of its own, so the crawl never waits for SQLite.

The thread owns its connection (SQLite connections stay in the thread that
opened them) and writes one job at a time, in the order given: each job is
its own transaction, as if written on the caller's thread, so a crash still
never leaves half an article. SQLite, zlib and the disk release the GIL, so
their share of a write runs beside the crawl's parsing. The queue is
bounded: a crawl that outruns its writer waits at `submit` for room instead
of holding ever more articles in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter

T = TypeVar("T")


class BackgroundWriter:
    """An `ArchiveWriter` on its own thread; `submit` hands it a job and returns at once."""

    def __init__(self, path: str | Path, queue_size: int = 32):
        self._path = str(path)
        self._writer: ArchiveWriter | None = None
        self._room = threading.BoundedSemaphore(queue_size)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="archive-writer", initializer=self._open)

    def _open(self) -> None:
        self._writer = ArchiveWriter(open_archive(self._path))

    def submit(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Run `job(writer, *args)` on the writing thread; waits only while the queue is full."""
        self._room.acquire()
        try:
            future = self._thread.submit(self._run, job, args)
        except BaseException:
            self._room.release()
            raise
        future.add_done_callback(lambda _: self._room.release())
        return future

    def _run(self, job: Callable[..., T], args: tuple) -> T:
        return job(self._writer, *args)  # the thread opened its writer before its first job

    def close(self) -> None:
        """Finish every job submitted, then close the thread's connection."""
        self._thread.submit(self._close).result()
        self._thread.shutdown(wait=True)

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.db.close()
            self._writer = None
