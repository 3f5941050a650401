"""What a worker's crawl knows of the archive, without opening it.

Before the night's jobs are queued, the archive host publishes for each site
what the planning needs (archived articles and their publication times,
removals, failed URLs, the last good run's clock) and the validators of every
archived article page, read once from archive.db. The one thing too big to
publish, the stored copy of a page that answers `304 Not Modified`, a crawl
asks for when it needs it; the archive host answers from its own copy
(`Answers`, a thread beside the writer).
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import redis
from sqlite_utils import Database

from scraper.archive.known import KnownArticles, StoredPage, stored_page
from scraper.distributed.keys import NightKeys, connect

log = logging.getLogger(__name__)
# How long a crawl waits for the archive host's answer before reading the 304 as it came.
ASK_TIMEOUT = 60


@dataclass
class PublishedSite:
    """What the archive held of one site when the night began (the planning's `Archived`)."""

    published: dict[str, datetime | None] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)
    clock: datetime | None = None
    validator_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    ask: Any = None  # how to get a stored page from the archive host; set by the view

    def __contains__(self, url: str) -> bool:
        return url in self.published

    def __len__(self) -> int:
        return len(self.published)

    def live_since(self, moment: datetime | None) -> list[str]:
        return [
            url
            for url, published in self.published.items()
            if url not in self.removed and (moment is None or (published is not None and published >= moment))
        ]

    def failed_urls(self) -> list[str]:
        return self.failed

    def last_clock(self) -> datetime | None:
        return self.clock

    def validators(self, url: str) -> dict[str, str]:
        return dict(self.validator_headers.get(url, {}))

    def stored_page(self, url: str) -> StoredPage | None:
        return self.ask(url) if self.ask is not None else None


def published_site(db: Database, site: str) -> PublishedSite:
    """Read what the crawl of `site` will need, once, from the archive."""
    known = KnownArticles(db, site)
    validators: dict[str, dict[str, str]] = {}
    for url, headers in db.conn.execute(
        "SELECT url, headers FROM pages WHERE site = ? AND kind = 'article' AND status = 200"
        " ORDER BY last_fetched_at, id", [site],
    ):  # the latest answer of each URL comes last and wins
        kept = json.loads(headers or "{}")
        found = {}
        if kept.get("etag"):
            found["If-None-Match"] = kept["etag"]
        if kept.get("last-modified"):
            found["If-Modified-Since"] = kept["last-modified"]
        validators[url] = found
    return PublishedSite(
        published=dict(known.published), removed=set(known.removed), failed=known.failed_urls(),
        clock=known.last_clock(), validator_headers={url: found for url, found in validators.items() if found},
    )


def publish(client: redis.Redis, keys: NightKeys, db: Database, sites: list[str]) -> None:
    for site in sites:
        client.set(keys.known(site), pickle.dumps(published_site(db, site), protocol=pickle.HIGHEST_PROTOCOL))


class NightArchiveView:
    """The ARCHIVE_VIEW of a worker's crawl: the night's published knowledge, and questions to the archive host."""

    def __init__(self, client: redis.Redis, keys: NightKeys):
        self.client = client
        self.keys = keys

    @classmethod
    def from_settings(cls, settings: Any) -> "NightArchiveView":
        return cls(connect(settings.get("REDIS_URL")), NightKeys(settings.get("NIGHT")))

    def site(self, name: str) -> PublishedSite:
        raw = self.client.get(self.keys.known(name))
        if raw is None:
            raise RuntimeError(f"night {self.keys.night}: nothing published of site {name} (the night is over or lost)")
        site: PublishedSite = pickle.loads(raw)
        site.ask = self.stored_page
        return site

    def stored_page(self, url: str) -> StoredPage | None:
        ask = uuid.uuid4().hex
        self.client.rpush(self.keys.asks, pickle.dumps((ask, url)))
        answer = self.client.blpop([self.keys.answer(ask)], timeout=ASK_TIMEOUT)
        if answer is None:
            log.error("the archive host did not answer for the stored copy of %s within %ss", url, ASK_TIMEOUT)
            return None
        return pickle.loads(answer[1])

    def close(self) -> None:
        self.client.close()


class Answers:
    """The archive host's side: answers the crawls' questions from archive.db, in a thread beside the writer."""

    def __init__(self, redis_url: str, keys: NightKeys, archive_path: str):
        self.redis_url = redis_url
        self.keys = keys
        self.archive_path = archive_path
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, name="night-answers", daemon=True)

    def start(self) -> "Answers":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()

    def _serve(self) -> None:
        client = connect(self.redis_url)
        db = Database(self.archive_path)  # a reader of its own, in this thread
        try:
            while not self.stopping.is_set():
                asked = client.blpop([self.keys.asks], timeout=1)
                if asked is None:
                    continue
                ask, url = pickle.loads(asked[1])
                reply = self.keys.answer(ask)
                with client.pipeline() as pipe:
                    pipe.rpush(reply, pickle.dumps(stored_page(db, url), protocol=pickle.HIGHEST_PROTOCOL))
                    pipe.expire(reply, ASK_TIMEOUT * 2)
                    pipe.execute()
        except redis.RedisError as error:  # the writer's own loop meets the same and ends the night loudly
            log.error("the archive host stopped answering the crawls: %s", error)
        finally:
            db.close()
            client.close()
