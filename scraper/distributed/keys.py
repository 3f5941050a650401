"""The queue server: one way to connect to it, and the name of every key a night keeps there."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry

PREFIX = "regional-news"
# The RQ queue of site crawls, which `regional-news worker` (or `rq worker`) serves.
QUEUE = "regional-news"
# A dropped connection is tried again for about half a minute (a restarted
# server, a network blip) before whatever needed it fails loudly.
RECONNECTS = 16


def connect(url: str) -> redis.Redis:
    """A client that reconnects on its own; answers are bytes (as RQ needs)."""
    return redis.Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), RECONNECTS),
        retry_on_error=[ConnectionError, TimeoutError],
    )


def archive_key(archive: Path) -> str:
    """Where the night under way for this archive is named (one archive, one night at a time)."""
    digest = hashlib.sha256(str(archive.resolve()).encode()).hexdigest()[:16]
    return f"{PREFIX}:archive:{digest}:night"


@dataclass(frozen=True)
class NightKeys:
    """The keys of one night; the night's own key says it is under way."""

    night: str

    @property
    def night_key(self) -> str:
        return f"{PREFIX}:night:{self.night}"

    def _key(self, *parts: str) -> str:
        return ":".join((self.night_key, *parts))

    @property
    def items(self) -> str:
        """Items the crawls sent, waiting for the writer."""
        return self._key("items")

    @property
    def processing(self) -> str:
        """Items the writer has taken and not yet finished (a killed writer's are replayed)."""
        return self._key("processing")

    @property
    def asks(self) -> str:
        """Crawls' questions to the archive host (stored copies of pages, e.g. the one that answers a 304)."""
        return self._key("asks")

    def answer(self, ask: str) -> str:
        return self._key("answer", ask)

    def known(self, site: str) -> str:
        """What the archive held of a site when the night began."""
        return self._key("known", site)

    def lease(self, site: str) -> str:
        """Held by the attempt crawling a site while it is alive."""
        return self._key("lease", site)

    def entered(self, site: str) -> str:
        """Which attempt at a site started last, and on which machine and process."""
        return self._key("entered", site)

    def reported(self, site: str) -> str:
        """The attempt whose crawl of a site sent its closing report."""
        return self._key("reported", site)

    def all_of(self, sites: list[str]) -> list[str]:
        return [self.night_key, self.items, self.processing, self.asks,
                *(key for site in sites for key in (self.known(site), self.lease(site), self.entered(site),
                                                   self.reported(site)))]
