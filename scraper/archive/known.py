"""What the archive already holds of a site: enough to plan an incremental crawl.

Read once when a crawl starts, so the spider can skip what it has and stop
paging back in time where the archive already reaches.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from scraper.sites.addresses import path_of


@dataclass(frozen=True)
class StoredPage:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class KnownArticles:
    """The archived articles of one site, by URL, with their publication time.

    `here` gives an archived address at the origin this crawl reaches the
    site on (another port, a proxy, the site's new origin): URLs are
    answered and compared there, so an article archived from any origin is
    known, and refreshed where the site is now.
    """

    def __init__(self, db: Database, site: str, here: Callable[[str], str] | None = None):
        self.db = db
        self.site = site
        self.here = here or (lambda url: url)
        self.published: dict[str, datetime | None] = {}
        self.removed: set[str] = set()
        for archived, published_at, status in db.conn.execute(
            "SELECT url, published_at, status FROM articles WHERE site = ?", [site]
        ):
            url = self.here(archived)
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
        urls = (
            self.here(url)
            for (url,) in self.db.conn.execute(
                "SELECT url FROM failed_urls WHERE site = ? AND resolved_at IS NULL ORDER BY url", [self.site]
            )
        )
        return list(dict.fromkeys(urls))  # one request a page, whichever origins it failed on

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
        """The latest archived body of `url`."""
        row = self.db.conn.execute(
            "SELECT url, status, headers, body, encoding FROM pages WHERE url = ?"
            " ORDER BY last_fetched_at DESC, id DESC LIMIT 1",
            [url],
        ).fetchone()
        if row is None:
            return None
        return StoredPage(row[0], row[1], json.loads(row[2] or "{}"), zlib.decompress(row[3]), row[4] or "utf-8")

    def _article_page(self, url: str, columns: str, only_ok: bool = False):
        """The latest archived article page of the article at `url`, fetched from whichever origin."""
        return self.db.conn.execute(
            f"SELECT {columns} FROM pages p JOIN articles a ON a.id = p.article_id"
            " WHERE a.site = ? AND a.path = ? AND p.kind = 'article'" + (" AND p.status = 200" if only_ok else "")
            + " ORDER BY p.last_fetched_at DESC, p.id DESC LIMIT 1",
            [self.site, path_of(url)],
        ).fetchone()

    def stored_article_page(self, url: str) -> StoredPage | None:
        """The latest archived page of the article at `url` (to answer a 304 Not Modified)."""
        row = self._article_page(url, "p.url, p.status, p.headers, p.body, p.encoding")
        if row is None:
            return None
        return StoredPage(row[0], row[1], json.loads(row[2] or "{}"), zlib.decompress(row[3]), row[4] or "utf-8")

    def stored_body(self, url: str, sha256: str) -> StoredPage | None:
        """The archived response of `url` with exactly this body (a rendered page's answer)."""
        row = self.db.conn.execute(
            "SELECT url, status, headers, body, encoding FROM pages WHERE url = ? AND body_sha256 = ?", [url, sha256]
        ).fetchone()
        if row is None:
            return None
        return StoredPage(row[0], row[1], json.loads(row[2] or "{}"), zlib.decompress(row[3]), row[4] or "utf-8")

    def validators(self, url: str) -> dict[str, str]:
        """Conditional request headers from the last archived page of the article at `url`, from any origin."""
        row = self._article_page(url, "p.headers", only_ok=True)
        headers = json.loads(row[0] or "{}") if row else {}
        found = {}
        if headers.get("etag"):
            found["If-None-Match"] = headers["etag"]
        if headers.get("last-modified"):
            found["If-Modified-Since"] = headers["last-modified"]
        return found
