"""A process of the crawl's own, fed from its event loop: the work that would otherwise hold the crawl up.

The crawl hands it jobs and reads on; the process runs them one at a time,
in the order given, and answers each with its result or its exception. At
most `queue_size` jobs wait; a crawl that outruns the process waits for
room instead of holding ever more work in memory.

The crawl's event loop itself writes the jobs into the pipe and reads the
answers as they come, between reading pages: no thread of the crawl wakes
for a job (on two cores, waking one cost more than pickling the job).

The process dies with the crawl (a `kill -9` of the crawl leaves none
behind) and, when the crawl closes it, finishes every job handed over
before it ends.
"""

from __future__ import annotations

import asyncio
import ctypes
import fcntl
import itertools
import multiprocessing
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

T = TypeVar("T")
_LENGTH = struct.Struct("!i")  # a message's length before it, as multiprocessing's Connection frames it
_END = ForkingPickler.dumps(None)
PIPE_SIZE = 1 << 20


class ProcessGone(RuntimeError):
    """The process ended before it answered (killed, or out of memory)."""


class SideProcess:
    """A process of the crawl's own that runs its jobs; `run` hands one over and waits for the answer.

    `setup()` runs in the new process and makes what every job is given
    first (`job(state, *args)`); `teardown(state)` runs when it ends. Made
    and used on one running event loop (the crawl's).
    """

    def __init__(self, setup: Callable[[], Any], name: str, queue_size: int = 32,
                 teardown: Callable[[Any], None] | None = None):
        # Forked, not spawned: the process starts at once with everything imported, and shares
        # the crawl's pages of memory until it writes to them.
        context = multiprocessing.get_context("fork")
        jobs_in, jobs = context.Pipe(duplex=False)
        answers, answers_out = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(name, setup, teardown, jobs_in, answers_out, jobs),
                                        name=name, daemon=True)
        self._process.start()
        jobs_in.close()
        answers_out.close()
        self._jobs, self._answers = jobs, answers  # kept open: the process reads until the crawl closes them
        self._jobs_fd, self._answers_fd = jobs.fileno(), answers.fileno()
        os.set_blocking(self._jobs_fd, False)
        os.set_blocking(self._answers_fd, False)
        _widen(self._jobs_fd)
        self._loop = asyncio.get_running_loop()
        self._room = asyncio.Semaphore(queue_size)
        self._numbers = itertools.count()
        self._waiting: dict[int, asyncio.Future] = {}
        self._gone: str | None = None  # why the process is no more, once it is not
        self._outbox = bytearray()  # framed jobs the pipe had no room for yet
        self._inbox = bytearray()  # answers read, the last perhaps in part
        self._loop.add_reader(self._answers_fd, self._read_answers)

    @property
    def pid(self) -> int | None:
        """The process's id."""
        return self._process.pid

    @property
    def under_way(self) -> int:
        """Jobs handed over and not yet answered (at most `queue_size`)."""
        return len(self._waiting)

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run `job(state, *args)` in the process (`job` and `args` must pickle); waits while the queue is full."""
        async with self._room:
            if self._gone is not None:
                raise ProcessGone(self._gone)
            number = next(self._numbers)
            frame = _frame(ForkingPickler.dumps((number, job, args)))  # a job that does not pickle fails alone, here
            answer = self._waiting[number] = self._loop.create_future()
            self._send(frame)
            return await answer

    def _send(self, frame: bytes) -> None:
        idle = not self._outbox
        self._outbox += frame
        if idle:
            self._flush()

    def _flush(self) -> None:
        """Writes what the pipe takes now; the loop calls again when it takes more."""
        try:
            written = os.write(self._jobs_fd, self._outbox)
        except BlockingIOError:
            written = 0
        except OSError:  # the process is gone (EPIPE): its jobs fail with ProcessGone once its answers end
            written = len(self._outbox)
        del self._outbox[:written]
        if self._outbox:
            self._loop.add_writer(self._jobs_fd, self._flush)
        else:
            self._loop.remove_writer(self._jobs_fd)

    def _read_answers(self) -> None:
        """What the loop calls when answers arrive: each completes its job's `run`."""
        while True:
            try:
                chunk = os.read(self._answers_fd, 1 << 16)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self._take_answers()
                self._lost()
                return
            self._inbox += chunk
        self._take_answers()

    def _take_answers(self) -> None:
        while len(self._inbox) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._inbox)
            if len(self._inbox) < _LENGTH.size + size:
                return
            number, ok, value = pickle.loads(self._inbox[_LENGTH.size:_LENGTH.size + size])
            del self._inbox[:_LENGTH.size + size]
            answer = self._waiting.pop(number)
            if answer.done():  # its task was cancelled meanwhile
                continue
            if ok:
                answer.set_result(value)
            else:
                answer.set_exception(value)

    def _lost(self) -> None:
        """The process's answers ended: every job still waiting, and every later one, fails with ProcessGone."""
        if self._gone is None:
            self._loop.remove_reader(self._answers_fd)
            self._gone = f"the crawl's {self._process.name} process ended before it answered"
        left, self._waiting = list(self._waiting.values()), {}
        for answer in left:
            if not answer.done():
                answer.set_exception(ProcessGone(self._gone))

    def close(self) -> None:
        """Finish every job handed over, then end the process.

        Scrapy closes its pipelines once every item is through them, so no
        answer is awaited by then; any still on the way are read here.
        """
        self._loop.remove_writer(self._jobs_fd)
        os.set_blocking(self._jobs_fd, True)
        try:
            _write_all(self._jobs_fd, self._outbox + _frame(_END))  # what the pipe had no room for, then the end
        except OSError:  # the process is gone already
            pass
        self._outbox.clear()
        self._jobs.close()
        if self._gone is None:
            self._loop.remove_reader(self._answers_fd)
            os.set_blocking(self._answers_fd, True)
            while chunk := _read_some(self._answers_fd):  # its last answers, then the end of the pipe
                self._inbox += chunk
            self._take_answers()
            self._lost()
        self._answers.close()
        self._process.join()


def _widen(fd: int) -> None:
    """A pipe of 1 MiB rather than 64 KiB: a queue of pages or articles goes in whole, the loop rarely waits to write."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (AttributeError, OSError):  # not Linux, or above /proc/sys/fs/pipe-max-size: the pipe stays as it is
        pass


def _frame(message: bytes) -> bytes:
    """A message as multiprocessing's Connection frames it, for the process's `recv`."""
    return _LENGTH.pack(len(message)) + message


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_some(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except OSError:
        return b""


def _as_the_crawls_own(name: str) -> None:
    """Linux's prctl: killed when the crawl that forked it dies, however it dies (PR_SET_PDEATHSIG);
    named for `ps` and `top` (PR_SET_NAME, 15 bytes at most)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)
        libc.prctl(15, ctypes.c_char_p(name.encode()[:15]))


def _serve(name: str, setup: Callable[[], Any], teardown: Callable[[Any], None] | None,
           jobs: Connection, answers: Connection, crawls_end: Connection) -> None:
    """The process: jobs in order, each answered with its result or its exception."""
    _as_the_crawls_own(name)
    crawls_end.close()  # only the crawl holds the sending end: a crawl gone ends the jobs
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which then closes its processes
    state = setup()
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
                answer = (number, True, job(state, *args))
            except Exception as error:  # noqa: BLE001 - handed back to the crawl, which reports it
                answer = (number, False, error)
            try:
                answers.send(answer)
            except (TypeError, AttributeError, ValueError, pickle.PicklingError) as unpicklable:
                answers.send((number, False, RuntimeError(f"{answer[2]!r} ({unpicklable})")))
    finally:
        if teardown is not None:
            teardown(state)
        answers.close()
