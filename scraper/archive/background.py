"""Writing into the archive from a process of its own, so the crawl never waits for SQLite.

Deciding what changed, stemming, compressing and committing an article
take as long as reading its page; in the crawl's own process (a thread
included: Python runs one thread at a time) they would halve the crawl.
So the crawl hands each item to a writer process forked from it and reads
on. The writer writes one job at a time, in the order given, each its own
transaction, as if written in the crawl's process: a crash never leaves
half an article. At most `queue_size` jobs wait; a crawl that outruns its
writer waits for room instead of holding ever more articles in memory.

The writer dies with the crawl (a `kill -9` of the crawl leaves no writer
holding the archive) and, when the crawl closes, finishes every job handed
to it before it ends.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter

T = TypeVar("T")


class WriterGone(RuntimeError):
    """The writer process ended before it answered (killed, or out of memory)."""


class BackgroundWriter:
    """An `ArchiveWriter` in a process of its own; `submit` hands it a job and returns at once."""

    def __init__(self, path: str | Path, queue_size: int = 32):
        # Forked, not spawned: the writer starts at once with everything imported, and shares
        # the crawl's pages of memory until it writes to them.
        context = multiprocessing.get_context("fork")
        jobs_in, self._jobs = context.Pipe(duplex=False)
        self._answers, answers_out = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(str(path), jobs_in, answers_out, self._jobs),
                                        name="archive-writer", daemon=True)
        self._process.start()
        jobs_in.close()
        answers_out.close()
        self._room = threading.BoundedSemaphore(queue_size)
        self._numbers = itertools.count()
        self._waiting: dict[int, Future] = {}
        self._gone: str | None = None  # why the writer is no more, once it is not
        self._lock = threading.Lock()
        # A pipe holds about one article: a thread of its own sends the queue's jobs as the writer takes them.
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send, name="archive-writer-jobs", daemon=True)
        self._listener = threading.Thread(target=self._listen, name="archive-writer-answers", daemon=True)
        self._sender.start()
        self._listener.start()

    @property
    def pid(self) -> int | None:
        """The writer process's id."""
        return self._process.pid

    def submit(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Run `job(writer, *args)` in the writer process (`job` and `args` must pickle); waits only while the queue is full."""
        self._room.acquire()
        number, future = next(self._numbers), Future()
        with self._lock:
            gone = self._gone
            if gone is None:
                self._waiting[number] = future
        if gone is not None:
            self._room.release()
            future.set_exception(WriterGone(gone))
            return future
        self._outbox.put((number, job, args))
        return future

    def _send(self) -> None:
        while True:
            order = self._outbox.get()
            try:
                self._jobs.send(order)
            except (OSError, ValueError):  # the writer is gone: its jobs fail with WriterGone
                return
            except Exception as error:  # noqa: BLE001 - a job that does not pickle fails alone
                self._answer(order[0], False, error)
                continue
            if order is None:
                return

    def _answer(self, number: int, ok: bool, value: Any) -> None:
        with self._lock:
            future = self._waiting.pop(number)
        self._room.release()
        future.set_result(value) if ok else future.set_exception(value)

    def _listen(self) -> None:
        while True:
            try:
                number, ok, value = self._answers.recv()
            except (EOFError, OSError):
                break
            self._answer(number, ok, value)
        with self._lock:
            self._gone = "the archive's writer process ended before it answered"
            left, self._waiting = list(self._waiting.values()), {}
        for future in left:
            self._room.release()
            future.set_exception(WriterGone(self._gone))

    def close(self) -> None:
        """Finish every job submitted, then end the writer process."""
        self._outbox.put(None)
        self._sender.join()
        self._jobs.close()
        self._process.join()
        self._listener.join()


def _die_with_crawl() -> None:
    """Linux's PR_SET_PDEATHSIG: the writer is killed when the crawl that forked it dies, however it dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _serve(path: str, jobs: Connection, answers: Connection, crawls_end: Connection) -> None:
    """The writer process: jobs in order, each answered with its result or its exception."""
    _die_with_crawl()
    crawls_end.close()  # only the crawl holds the sending end: a crawl gone ends the jobs
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which then closes its writer
    writer = ArchiveWriter(open_archive(path))
    try:
        while True:
            try:
                order = jobs.recv()
            except EOFError:
                break
            if order is None:
                break
            number, job, args = order
            try:
                answer = (number, True, job(writer, *args))
            except Exception as error:  # noqa: BLE001 - handed back to the crawl, which reports it
                answer = (number, False, error)
            try:
                answers.send(answer)
            except (TypeError, AttributeError, ValueError, pickle.PicklingError) as unpicklable:
                answers.send((number, False, RuntimeError(f"{answer[2]!r} ({unpicklable})")))
    finally:
        writer.db.close()
        answers.close()
