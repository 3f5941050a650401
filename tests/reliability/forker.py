"""Real crawls without paying Python's start-up each time: forked from a warmed-up parent.

    python -m tests.reliability.forker      (started by `Forker`, spoken to over a pipe)

The kill test runs forty crawls. Each `scrapy crawl` spends most of a small
crawl importing Scrapy, Twisted and the project; here a parent imports them
once, and every crawl is a child forked from it that runs exactly what
`scrapy crawl` runs (`scrapy.cmdline.execute`) as its own process, with its
own pid: the one the test kills with SIGKILL. No reactor is installed in
the parent, so each child installs the one the settings name.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _warm() -> None:
    """Import what a crawl imports, nothing that installs a reactor."""
    import scrapy.cmdline  # noqa: F401
    import scrapy.crawler  # noqa: F401
    import scraper.extensions  # noqa: F401
    import scraper.offsite  # noqa: F401
    import scraper.pipelines  # noqa: F401
    import scraper.rendering.handler  # noqa: F401  (the download handler: Playwright's client, not a browser)
    import scraper.rendering.middleware  # noqa: F401
    import scraper.spiders.regional_news  # noqa: F401
    import twisted.internet.asyncioreactor  # noqa: F401

    assert "twisted.internet.reactor" not in sys.modules, "a reactor was installed before any crawl"


def _die_with_parent() -> None:
    """Linux's PR_SET_PDEATHSIG: killed when the process that started us ends, however it ends.

    A test that dies (or times out) must not leave a warmed-up parent or a
    held crawl behind.
    """
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _hold_at(pattern: str, occurrence: int, signal_fd: int) -> None:
    """Hold the crawl just before the `occurrence`-th statement matching `pattern`, once the parent knows."""
    import sqlite3

    wanted = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    seen = 0
    connect = sqlite3.connect

    def trace(statement: str) -> None:
        nonlocal seen
        if wanted.search(statement):
            seen += 1
            if seen == occurrence:
                os.write(signal_fd, b"reached\n")
                while True:  # until the SIGKILL
                    time.sleep(60)

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(trace)
        return connection

    sqlite3.connect = traced


def _child(argv: list[str], log: str, hold: tuple[str, int, int] | None = None) -> None:
    """In the forked child: the crawl, its output to `log`, then out without the parent's clean-up."""
    code = 1
    try:
        _die_with_parent()
        if hold is not None:
            _hold_at(*hold)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        sys.stdout = os.fdopen(1, "w", buffering=1)
        sys.stderr = os.fdopen(2, "w", buffering=1)
        from scrapy.cmdline import execute

        execute(["scrapy", *argv])
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    _die_with_parent()
    os.chdir(PROJECT)
    _warm()
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        order = json.loads(line)
        if "reap" in order:
            _, status = os.waitpid(order["reap"], 0)
            answer = {"pid": order["reap"], "status": status}
        elif "hold_at" in order:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _child(order["argv"], order["log"], (order["hold_at"], order["occurrence"], write_fd))
            os.close(write_fd)
            with os.fdopen(read_fd) as told:  # a line when held there; end of file when the crawl ended first
                answer = {"pid": pid, "held": told.readline() == "reached\n"}
        else:
            pid = os.fork()
            if pid == 0:
                _child(order["argv"], order["log"])
            _, status = os.waitpid(pid, 0)
            answer = {"pid": pid, "exit": os.waitstatus_to_exitcode(status)}
        print(json.dumps(answer), flush=True)


class Forker:
    """The warmed-up parent, as a child process of the test; stopped on leaving the `with`."""

    def __enter__(self) -> "Forker":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.forker"], cwd=PROJECT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        assert "ready" in json.loads(self.process.stdout.readline())
        return self

    def _ask(self, order: dict) -> dict:
        self.process.stdin.write(json.dumps(order) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def run(self, argv: list[str], log: Path) -> int:
        """A whole crawl (`scrapy` arguments); its exit status."""
        return self._ask({"argv": argv, "log": str(log)})["exit"]

    def start_held(self, argv: list[str], log: Path, pattern: str, occurrence: int) -> tuple[int, bool]:
        """A crawl held just before its `occurrence`-th SQL statement matching `pattern`.

        Returns its pid and whether it is held there (False: the crawl ended
        without reaching that statement). Either way it is to be killed and `reap`ed.
        """
        answer = self._ask({"argv": argv, "log": str(log), "hold_at": pattern, "occurrence": occurrence})
        return answer["pid"], answer["held"]

    def reap(self, pid: int) -> None:
        """Wait until the crawl `pid` is gone for good."""
        self._ask({"reap": pid})

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    main()
