"""What a crawl asks of the archive, and the answers it gets.

A crawl needs to know, before and while it fetches: which articles of a site
are archived and when they were published, which URLs failed before, the
site's clock at the last run that finished well, the validators (ETag,
Last-Modified) of an archived page for a conditional request, and the
archived copy of a page that answered 304 Not Modified. It asks these
questions of an `ArchiveView`, never of archive.db itself: SQLite answers
them today (`scraper.archive.known`), and a crawl spread over several
machines can answer them from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from scraper.pages import StoredPage


@dataclass
class KnownSite:
    """What the archive holds of one site when a run starts: enough to plan it (see scraper.planning)."""

    published: dict[str, datetime | None] = field(default_factory=dict)  # archived article URL -> publication time
    removed: set[str] = field(default_factory=set)  # archived articles the site took down
    failed: list[str] = field(default_factory=list)  # URLs that failed before and were never archived since
    clock: datetime | None = None  # the site's own time at the start of the last run that finished well

    def __contains__(self, url: str) -> bool:
        return url in self.published

    def live_since(self, moment: datetime | None) -> list[str]:
        """Live articles published at or after `moment` (all live ones if None)."""
        return [
            url
            for url, published in self.published.items()
            if url not in self.removed and (moment is None or (published is not None and published >= moment))
        ]

    def failed_urls(self) -> list[str]:
        return self.failed

    def last_clock(self) -> datetime | None:
        return self.clock


@dataclass(frozen=True)
class Validators:
    """What the last archived answer of a URL said to compare against next time."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """The headers that make a request conditional (none if the site sent neither)."""
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


class ArchiveView(Protocol):
    """The questions a crawl asks of the archive.

    The crawl's ARCHIVE_VIEW setting names the class that answers them; it
    is built with `from_settings(settings)` when the crawl is set up.
    """

    def site(self, name: str, here: Callable[[str], str] | None = None) -> KnownSite:
        """What is archived of a site, read once when the run starts.

        `here` gives an archived address at the origin this run reaches the
        site on (another port, a proxy, the site's new origin): the answer's
        URLs are there, so an article archived from any origin is known, and
        refreshed or retried where the site is now.
        """

    def validators(self, site: str, url: str) -> Validators:
        """For a conditional request of an archived article, from its last page fetched from any origin."""

    def stored_page(self, url: str) -> StoredPage | None:
        """The latest archived copy of a page at exactly this address."""

    def stored_article(self, site: str, url: str) -> StoredPage | None:
        """The latest archived page of the article at `url`, from any origin (the answer to a 304 Not Modified)."""

    def stored_body(self, url: str, sha256: str) -> StoredPage | None:
        """The archived response of `url` with exactly this body (a rendered page's answer)."""

    def close(self) -> None: ...
