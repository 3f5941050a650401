"""Deciding what a run fetches from one site: the incremental crawl's rules.

- Articles not yet archived are fetched wherever they are found.
- Archived articles of the refresh window (the last N days, on the site's own
  clock; after missed nights, also what the first missed night would have
  refreshed) are fetched again for new, edited and deleted comments; older
  ones only when asked (`refresh=all`).
- Paging back through a listing stops at the first page that reaches an
  archived article older than the window: beyond it the archive is complete.
- After missed nights, day archives (or sitemap months) are walked back to the
  site's clock at the last run that finished well, so nothing that scrolled
  off a listing or feed is lost.
- A backfill (`since`/`until`) walks that period instead, and archives only
  the articles published in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Protocol
from zoneinfo import ZoneInfo

from scraper.discovery import Link, Listing
from scraper.sites import Site


class BadArgument(ValueError):
    """A crawl argument that cannot be understood; the message says why."""


@dataclass(frozen=True)
class Window:
    """What the person starting the crawl asked for."""

    refresh_days: float = 3
    refresh_all: bool = False
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_arguments(
        cls, refresh_days: str | float | None = None, refresh: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> "Window":
        def day(name: str, text: str | None) -> date | None:
            if text is None or text == "":
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise BadArgument(f"-a {name}={text}: expected a date as YYYY-MM-DD") from None

        try:
            days = float(refresh_days) if refresh_days not in (None, "") else 3.0
        except ValueError:
            raise BadArgument(f"-a refresh_days={refresh_days}: expected a number of days") from None
        if days < 0:
            raise BadArgument(f"-a refresh_days={refresh_days}: must not be negative")
        if refresh not in (None, "", "window", "all"):
            raise BadArgument(f"-a refresh={refresh}: expected 'window' or 'all'")
        window = cls(days, refresh == "all", day("since", since), day("until", until))
        if window.since and window.until and window.until < window.since:
            raise BadArgument(f"-a until={until} is before -a since={since}")
        return window

    @property
    def backfill(self) -> bool:
        return self.since is not None or self.until is not None


class Archived(Protocol):
    """What a plan needs to know of the archive (`scraper.known.KnownSite`)."""

    published: dict[str, datetime | None]

    def live_since(self, moment: datetime | None) -> list[str]: ...
    def failed_urls(self) -> list[str]: ...
    def last_clock(self) -> datetime | None: ...


class SitePlan:
    """The rules above, for one site and one run."""

    def __init__(self, site: Site, archived: Archived, window: Window, max_listing_pages: int = 10000):
        self.site = site
        self.archived = archived
        self.window = window
        self.zone = ZoneInfo(site.timezone)
        self.now: datetime | None = None
        self.listing_pages = 0
        self.max_listing_pages = max_listing_pages

    # --- the site's clock ---------------------------------------------------
    def set_clock(self, now: datetime) -> bool:
        """Take the site's time from its first answer; True the first time."""
        if self.now is not None:
            return False
        self.now = now.astimezone(self.zone)
        return True

    @property
    def window_start(self) -> datetime:
        """REFRESH_DAYS back from now, or, after missed nights, from the first missed one.

        A night that did not run would have refreshed articles that have left
        the window since: their new comments, edits and deletions are read now.
        """
        now = self.now or datetime.now(self.zone)
        if self.previous_clock is not None:
            now = min(now, self.previous_clock + timedelta(days=1))
        return now - timedelta(days=self.window.refresh_days)

    @cached_property
    def previous_clock(self) -> datetime | None:
        """The site's clock at the last run that finished well (read once: it cannot change during a run)."""
        return self.archived.last_clock()

    @property
    def today(self) -> date:
        return (self.now or datetime.now(self.zone)).date()

    # --- what to fetch once the clock is known ------------------------------
    def refresh_urls(self) -> list[str]:
        since = None if self.window.refresh_all else self.window_start
        return self.archived.live_since(since)

    def retry_urls(self) -> list[str]:
        return [url for url in self.archived.failed_urls() if self.site.is_article_url(url)]

    def archive_days(self) -> list[date]:
        """Day archives to walk: the backfill period, or back to the last good run."""
        if self.site.discovery.day_archive is None:
            return []
        if self.window.backfill:
            first = self.window.since or self.today
            last = min(self.window.until or self.today, self.today)
        else:
            previous = self.archived.last_clock()
            if previous is None:
                return []
            first, last = previous.astimezone(self.zone).date() - timedelta(days=1), self.today
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def day_archive_path(self, day: date) -> str:
        return self.site.discovery.day_archive.format(year=day.year, month=day.month, day=day.day)

    # --- decisions on what listings offer ------------------------------------
    def _in_period(self, moment: datetime | None) -> bool:
        if moment is None or not self.window.backfill:
            return True
        day = moment.astimezone(self.zone).date()
        return (self.window.since is None or day >= self.window.since) and (
            self.window.until is None or day <= self.window.until
        )

    def wants(self, link: Link) -> bool:
        """Fetch this article? New ones yes; archived ones come from refresh_urls."""
        if link.url in self.archived.published:
            return False
        if link.published is None and link.modified is not None and self.window.since is not None:
            # Last changed before a backfill's period: published before it too.
            return link.modified.astimezone(self.zone).date() >= self.window.since
        return self._in_period(link.published)

    def is_archived(self, url: str) -> bool:
        return url in self.archived.published

    def keeps(self, url: str, published: datetime | None) -> bool:
        """Archive this fetched article? In a backfill, a new one only if published in the period.

        A link without a date (or with only its last change) is fetched to
        find out; what it turns out to be outside the period is not archived.
        """
        return url in self.archived.published or self._in_period(published)

    def keep_paging(self, listing: Listing) -> bool:
        """Follow the listing's next page?"""
        self.listing_pages += 1
        if self.listing_pages >= self.max_listing_pages or not listing.articles:
            return False
        dates = [self.archived.published.get(link.url) or link.published for link in listing.articles]
        if self.window.backfill:
            known = [d for d in dates if d is not None]
            return not known or self.window.since is None or max(known).astimezone(self.zone).date() >= self.window.since
        start = self.window_start
        return not any(
            link.url in self.archived.published and moment is not None and moment < start
            for link, moment in zip(listing.articles, dates)
        )

    def wants_sitemap(self, child: Link) -> bool:
        """Read this sitemap child? Only those changed since the archive was last complete."""
        if child.published is None:
            return True
        if self.window.backfill:
            return self.window.since is None or child.published.astimezone(self.zone).date() >= self.window.since
        if not self.archived.published:
            return True
        previous = self.archived.last_clock()
        since = min(self.window_start, previous - timedelta(days=1)) if previous else self.window_start
        return child.published >= since
