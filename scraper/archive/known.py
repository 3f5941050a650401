"""What the archive already holds of a site: enough to plan an incremental crawl.

Read once when a crawl starts, so the spider can skip what it has and stop
paging back in time where the archive already reaches.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class StoredPage:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str


def stored_page(db: Database, url: str) -> StoredPage | None:
    """The latest archived response of `url`."""
    row = db.conn.execute(
        "SELECT url, status, headers, body, encoding FROM pages WHERE url = ?"
        " ORDER BY last_fetched_at DESC, id DESC LIMIT 1",
        [url],
    ).fetchone()
    if row is None:
        return None
    return StoredPage(row[0], row[1], json.loads(row[2] or "{}"), zlib.decompress(row[3]), row[4] or "utf-8")


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class KnownArticles:
    """The archived articles of one site, by URL, with their publication time."""

    def __init__(self, db: Database, site: str):
        self.db = db
        self.site = site
        self.published: dict[str, datetime | None] = {}
        self.removed: set[str] = set()
        for url, published_at, status in db.conn.execute(
            "SELECT url, published_at, status FROM articles WHERE site = ?", [site]
        ):
            self.published[url] = _moment(published_at)
            if status == "removed":
                self.removed.add(url)

    def __contains__(self, url: str) -> bool:
        return url in self.published

    def __len__(self) -> int:
        return len(self.published)

    def live_since(self, moment: datetime | None) -> list[str]:
        """Live articles published at or after `moment` (all live ones if None)."""
        return [
            url
            for url, published in self.published.items()
            if url not in self.removed and (moment is None or (published is not None and published >= moment))
        ]

    def failed_urls(self) -> list[str]:
        """URLs that failed in earlier runs and were never archived since."""
        return [
            row[0]
            for row in self.db.conn.execute(
                "SELECT url FROM failed_urls WHERE site = ? AND resolved_at IS NULL ORDER BY url", [self.site]
            )
        ]

    def last_clock(self) -> datetime | None:
        """The site's own time at the start of the last run that finished well."""
        for (clocks,) in self.db.conn.execute(
            "SELECT site_clocks FROM crawl_runs WHERE status IN ('ok', 'errors')"
            " AND site_clocks IS NOT NULL ORDER BY id DESC"
        ):
            moment = json.loads(clocks).get(self.site)
            if moment:
                return _moment(moment)
        return None

    def stored_page(self, url: str) -> StoredPage | None:
        """The latest archived body of `url` (to answer a 304 Not Modified)."""
        return stored_page(self.db, url)

    def stored_body(self, url: str, sha256: str) -> StoredPage | None:
        """The archived response of `url` with exactly this body (a rendered page's answer)."""
        row = self.db.conn.execute(
            "SELECT url, status, headers, body, encoding FROM pages WHERE url = ? AND body_sha256 = ?", [url, sha256]
        ).fetchone()
        if row is None:
            return None
        return StoredPage(row[0], row[1], json.loads(row[2] or "{}"), zlib.decompress(row[3]), row[4] or "utf-8")

    def validators(self, url: str) -> dict[str, str]:
        """Conditional request headers from the last archived response of `url`."""
        row = self.db.conn.execute(
            "SELECT headers FROM pages WHERE url = ? AND status = 200"
            " ORDER BY last_fetched_at DESC, id DESC LIMIT 1",
            [url],
        ).fetchone()
        headers = json.loads(row[0] or "{}") if row else {}
        found = {}
        if headers.get("etag"):
            found["If-None-Match"] = headers["etag"]
        if headers.get("last-modified"):
            found["If-Modified-Since"] = headers["last-modified"]
        return found


class SqliteArchiveView:
    """What a crawl asks of the archive (the ARCHIVE_VIEW setting), answered from archive.db itself."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def from_settings(cls, settings: Any) -> "SqliteArchiveView":
        from scraper.archive import open_archive

        return cls(open_archive(settings.get("ARCHIVE_PATH")))

    def site(self, name: str) -> KnownArticles:
        return KnownArticles(self.db, name)

    def close(self) -> None:
        self.db.close()
