"""The items of a night, from the workers' crawls to the one writer: Redis's reliable-queue pattern.

A crawl appends each item to the night's list. The writer moves one item at
a time to a processing list (`LMOVE`, atomic on the server), writes it into
the archive, and only then removes it from there: a writer killed mid-item
finds it again on restart and replays it; the item's id, written into the
archive in the same transaction as the item, makes the replay write nothing
twice (`scraper.distributed.writer`).
"""

from __future__ import annotations

import pickle
from typing import Any

import redis

from scraper.distributed.keys import NightKeys

# Appended only while the night is under way: a crawl outliving its night (or
# a server that restarted and lost it) learns so instead of filling a dead list.
_APPEND_IF_NIGHT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('RPUSH', KEYS[2], ARGV[1]) end
return -1
"""


class NightGone(Exception):
    """The queue server holds no such night: it ended, or the server lost it (a restart without persistence)."""


class ItemQueue:
    def __init__(self, client: redis.Redis, keys: NightKeys):
        self.client = client
        self.keys = keys
        self._append = client.register_script(_APPEND_IF_NIGHT)

    def push(self, item_id: str, item: Any) -> None:
        """Send one item to the night's writer (pickled: the machines trust each other)."""
        raw = pickle.dumps((item_id, item), protocol=pickle.HIGHEST_PROTOCOL)
        if self._append(keys=[self.keys.night_key, self.keys.items], args=[raw]) == -1:
            raise NightGone(f"the queue server has no night {self.keys.night}")

    def take(self, timeout: float) -> bytes | None:
        """The next item, moved to the processing list; None if none came within `timeout` seconds."""
        return self.client.blmove(self.keys.items, self.keys.processing, timeout, "LEFT", "RIGHT")

    def left_over(self) -> list[bytes]:
        """Items a writer took and never finished (it was killed): to replay first."""
        return self.client.lrange(self.keys.processing, 0, -1)

    def done(self, raw: bytes) -> None:
        """The item is in the archive: off the processing list."""
        self.client.lrem(self.keys.processing, 1, raw)

    def waiting(self) -> int:
        return self.client.llen(self.keys.items) + self.client.llen(self.keys.processing)

    @staticmethod
    def read(raw: bytes) -> tuple[str, Any]:
        return pickle.loads(raw)
