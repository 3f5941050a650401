"""The SQLite archive: opening it, and the modules that write and read it.

Nothing here knows about HTTP or Scrapy: the crawl hands over plain items.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from scraper.archive.schema import upgrade


def open_archive(path: str | Path) -> Database:
    """Open (creating or upgrading) an archive, ready for a writer and readers.

    WAL lets Datasette read while a crawl writes; foreign keys are enforced;
    a writer waits for another instead of failing at once.
    """
    db = Database(str(path))
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    upgrade(db)
    return db
