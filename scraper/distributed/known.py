"""What a worker's crawl knows of the archive, without opening it.

Before the night's jobs are queued, the archive host publishes for each site
what the planning needs (archived articles and their publication times,
removals, failed URLs, the last good run's clock) and the validators of every
archived article, read once from archive.db. What is too big to publish,
the stored copies of pages (the one that answers `304 Not Modified`, a
rendered page's answers), a crawl asks for when it needs it; the archive
host answers from its own copy (`Answers`, a thread beside the writer).
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import redis
from sqlite_utils import Database

from scraper.archive.known import SqliteArchiveView
from scraper.distributed.keys import NightKeys, connect
from scraper.known import KnownSite, Validators
from scraper.pages import StoredPage
from scraper.sites.addresses import path_of

log = logging.getLogger(__name__)
# How long a crawl waits for the archive host's answer before reading the 304 as it came.
ASK_TIMEOUT = 60
# The questions a crawl asks the archive host while it runs (the rest is published before).
QUESTIONS = ("stored_page", "stored_article", "stored_body")


@dataclass
class PublishedSite:
    """What the archive held of one site when the night began, at its archived addresses."""

    known: KnownSite
    validators: dict[str, Validators] = field(default_factory=dict)  # article path -> its last page's validators

    def here(self, here: Callable[[str], str]) -> KnownSite:
        """The same knowledge at the origin this crawl reaches the site on."""
        known = KnownSite(failed=list(dict.fromkeys(here(url) for url in self.known.failed)), clock=self.known.clock)
        for url, published in self.known.published.items():
            known.published[here(url)] = published
        known.removed = {here(url) for url in self.known.removed}
        return known


def published_site(db: Database, site: str) -> PublishedSite:
    """Read what the crawl of `site` will need, once, from the archive."""
    validators: dict[str, Validators] = {}
    for path, headers in db.conn.execute(
        "SELECT a.path, p.headers FROM pages p JOIN articles a ON a.id = p.article_id"
        " WHERE a.site = ? AND p.kind = 'article' AND p.status = 200"
        " ORDER BY p.last_fetched_at, p.id", [site],
    ):  # the latest answer of each article comes last and wins
        kept = json.loads(headers or "{}")
        validators[path] = Validators(kept.get("etag") or None, kept.get("last-modified") or None)
    return PublishedSite(
        known=SqliteArchiveView(db).site(site),
        validators={path: found for path, found in validators.items() if found.request_headers()},
    )


def publish(client: redis.Redis, keys: NightKeys, db: Database, sites: list[str]) -> None:
    for site in sites:
        client.set(keys.known(site), pickle.dumps(published_site(db, site), protocol=pickle.HIGHEST_PROTOCOL))


class NightArchiveView:
    """The ARCHIVE_VIEW of a worker's crawl (`scraper.known.ArchiveView`): the night's published
    knowledge, and questions to the archive host."""

    def __init__(self, client: redis.Redis, keys: NightKeys):
        self.client = client
        self.keys = keys
        self.published: dict[str, PublishedSite] = {}

    @classmethod
    def from_settings(cls, settings: Any) -> "NightArchiveView":
        return cls(connect(settings.get("REDIS_URL")), NightKeys(settings.get("NIGHT")))

    def _published(self, name: str) -> PublishedSite:
        if name not in self.published:
            raw = self.client.get(self.keys.known(name))
            if raw is None:
                raise RuntimeError(f"night {self.keys.night}: nothing published of site {name} (the night is over or lost)")
            self.published[name] = pickle.loads(raw)
        return self.published[name]

    def site(self, name: str, here: Callable[[str], str] | None = None) -> KnownSite:
        return self._published(name).here(here or (lambda url: url))

    def validators(self, site: str, url: str) -> Validators:
        return self._published(site).validators.get(path_of(url), Validators())

    def stored_page(self, url: str) -> StoredPage | None:
        return self._ask("stored_page", url)

    def stored_article(self, site: str, url: str) -> StoredPage | None:
        return self._ask("stored_article", site, url)

    def stored_body(self, url: str, sha256: str) -> StoredPage | None:
        return self._ask("stored_body", url, sha256)

    def _ask(self, question: str, *arguments: str) -> StoredPage | None:
        ask = uuid.uuid4().hex
        self.client.rpush(self.keys.asks, pickle.dumps((ask, question, arguments)))
        answer = self.client.blpop([self.keys.answer(ask)], timeout=ASK_TIMEOUT)
        if answer is None:
            log.error("the archive host did not answer %s%r within %ss", question, arguments, ASK_TIMEOUT)
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
        view = SqliteArchiveView(db)
        try:
            while not self.stopping.is_set():
                asked = client.blpop([self.keys.asks], timeout=1)
                if asked is None:
                    continue
                ask, question, arguments = pickle.loads(asked[1])
                reply = self.keys.answer(ask)
                answer = getattr(view, question)(*arguments) if question in QUESTIONS else None
                with client.pipeline() as pipe:
                    pipe.rpush(reply, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
                    pipe.expire(reply, ASK_TIMEOUT * 2)
                    pipe.execute()
        except redis.RedisError as error:  # the writer's own loop meets the same and ends the night loudly
            log.error("the archive host stopped answering the crawls: %s", error)
        finally:
            db.close()
            client.close()
