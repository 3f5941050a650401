"""The archive's answers to what a crawl asks (`scraper.known.ArchiveView`), from SQLite.

Read on a connection of its own, beside the writer's: what is known of a
site once when a run starts, validators and stored pages as the crawl asks.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from scraper.archive import open_archive
from scraper.known import KnownSite, Validators
from scraper.pages import StoredPage
from scraper.sites.addresses import path_of


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


class SqliteArchiveView:
    """`ArchiveView` over an archive.db."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def open(cls, path: str | Path) -> "SqliteArchiveView":
        return cls(open_archive(path))

    @classmethod
    def from_settings(cls, settings: Any) -> "SqliteArchiveView":
        """The view the crawl's ARCHIVE_VIEW setting names, on its ARCHIVE_PATH."""
        return cls.open(settings.get("ARCHIVE_PATH"))

    def close(self) -> None:
        self.db.close()

    def site(self, name: str, here: Callable[[str], str] | None = None) -> KnownSite:
        here = here or (lambda url: url)
        known = KnownSite(failed=self._failed_urls(name, here), clock=self._last_clock(name))
        for archived, published_at, status in self.db.conn.execute(
            "SELECT url, published_at, status FROM articles WHERE site = ?", [name]
        ):
            url = here(archived)
            known.published[url] = _moment(published_at)
            if status == "removed":
                known.removed.add(url)
        return known

    def _failed_urls(self, site: str, here: Callable[[str], str]) -> list[str]:
        urls = (
            here(url) for (url,) in self.db.conn.execute(
                "SELECT url FROM failed_urls WHERE site = ? AND resolved_at IS NULL ORDER BY url", [site]
            )
        )
        return list(dict.fromkeys(urls))  # one request a page, whichever origins it failed on

    def _last_clock(self, site: str) -> datetime | None:
        for (clocks,) in self.db.conn.execute(
            "SELECT site_clocks FROM crawl_runs WHERE status IN ('ok', 'errors')"
            " AND site_clocks IS NOT NULL ORDER BY id DESC"
        ):
            moment = json.loads(clocks).get(site)
            if moment:
                return _moment(moment)
        return None

    def stored_page(self, url: str) -> StoredPage | None:
        row = self.db.conn.execute(
            "SELECT url, status, headers, body, encoding FROM pages WHERE url = ?"
            " ORDER BY last_fetched_at DESC, id DESC LIMIT 1",
            [url],
        ).fetchone()
        if row is None:
            return None
        url, status, headers, body, encoding = row
        return StoredPage(url, status, json.loads(headers or "{}"), zlib.decompress(body), encoding or "utf-8")

    def stored_body(self, url: str, sha256: str) -> StoredPage | None:
        row = self.db.conn.execute(
            "SELECT url, status, headers, body, encoding FROM pages WHERE url = ? AND body_sha256 = ?", [url, sha256]
        ).fetchone()
        if row is None:
            return None
        url, status, headers, body, encoding = row
        return StoredPage(url, status, json.loads(headers or "{}"), zlib.decompress(body), encoding or "utf-8")

    def _article_page(self, site: str, url: str, columns: str, only_ok: bool = False):
        """The latest archived article page of the article at `url`, fetched from whichever origin."""
        return self.db.conn.execute(
            f"SELECT {columns} FROM pages p JOIN articles a ON a.id = p.article_id"
            " WHERE a.site = ? AND a.path = ? AND p.kind = 'article'" + (" AND p.status = 200" if only_ok else "")
            + " ORDER BY p.last_fetched_at DESC, p.id DESC LIMIT 1",
            [site, path_of(url)],
        ).fetchone()

    def stored_article(self, site: str, url: str) -> StoredPage | None:
        row = self._article_page(site, url, "p.url, p.status, p.headers, p.body, p.encoding")
        if row is None:
            return None
        url, status, headers, body, encoding = row
        return StoredPage(url, status, json.loads(headers or "{}"), zlib.decompress(body), encoding or "utf-8")

    def validators(self, site: str, url: str) -> Validators:
        row = self._article_page(site, url, "p.headers", only_ok=True)
        headers = json.loads(row[0] or "{}") if row else {}
        return Validators(headers.get("etag") or None, headers.get("last-modified") or None)
