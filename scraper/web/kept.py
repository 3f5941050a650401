"""Answers kept until the archive changes.

The home page opens with the week's most discussed articles: 30 ms of SQL
over a million comments, the same for every visitor until the crawl writes
again. SQLite numbers the commits made to a file (`pragma data_version`, a
few microseconds on a connection of the plugin's own): an answer is kept
with that number and made again once it moves, whoever wrote. A database
with no file (in memory) keeps nothing.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


class _Watch:
    """One database's commit number, and the answers kept at a number."""

    def __init__(self, path: str):
        self.conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True,
                                    check_same_thread=False, isolation_level=None)
        self.lock = threading.Lock()
        self.answers: dict[str, tuple[int, object]] = {}

    def version(self) -> int:
        with self.lock:
            return self.conn.execute("pragma data_version").fetchone()[0]

    def __del__(self):
        conn = getattr(self, "conn", None)  # None when the file could not be opened
        if conn is not None:
            conn.close()


# Dropped with the Datasette database they watch (tests make many).
_watches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def kept(db, name: str, make: Callable[[], Awaitable[T]]) -> T:
    """`make()`'s answer for `db`, made again only when the file has changed since."""
    if db.is_memory or not db.path:
        return await make()
    watch = _watches.get(db)
    if watch is None:
        watch = _watches[db] = _Watch(db.path)
    # Read before making: a commit landing meanwhile makes the next visitor's answer again.
    version = watch.version()
    found = watch.answers.get(name)
    if found is not None and found[0] == version:
        return found[1]
    answer = await make()
    watch.answers[name] = (version, answer)
    return answer
