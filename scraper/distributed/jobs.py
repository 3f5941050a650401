"""One site's crawl, as a job an RQ worker runs on any machine.

The job runs `scrapy crawl regional_news -a site=SITE` in a child process
with the night's settings (NIGHT, REDIS_URL, the view of the archive that
the night published), under a time limit. While it runs, it holds the site's
lease on the queue server, renewed every third of NIGHT_LEASE: a worker that
dies (power cut, OOM killer, `kill -9`) stops renewing it, and the archive
host tries the site again on another worker once it has lapsed
(`scraper.distributed.night`). A crawl whose lease was taken over (its worker
was only stalled) stops itself, so a site is never crawled twice at once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid

import redis

from scraper.distributed.keys import NightKeys, connect


class CrawlFailed(Exception):
    """The site's crawl did not end well; the archive host decides whether to try again."""


def crawl_command(night: str, site: str, attempt: int, redis_url: str, arguments: list[str],
                  settings: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "regional_news", "-a", f"site={site}",
        *(option for argument in arguments for option in ("-a", argument)),
        *(option for setting in settings for option in ("-s", setting)),
        "-s", f"NIGHT={night}", "-s", f"NIGHT_ATTEMPT={attempt}", "-s", f"REDIS_URL={redis_url}",
        "-s", "ARCHIVE_VIEW=scraper.distributed.known.NightArchiveView",
    ]


class Lease:
    """The site's lease, renewed in a thread while the crawl runs."""

    def __init__(self, client: redis.Redis, key: str, seconds: float):
        self.client = client
        self.key = key
        self.seconds = seconds
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lost = threading.Event()
        self.ended = threading.Event()
        self.on_lost = lambda: None
        self.thread: threading.Thread | None = None

    def take(self) -> None:
        self.client.set(self.key, self.token, px=int(self.seconds * 1000))

    def _renew(self) -> None:
        while not self.ended.wait(self.seconds / 3):
            try:
                held = self.client.get(self.key)
                if held is not None and held.decode() != self.token:
                    self.lost.set()
                    self.on_lost()
                    return
                self.client.set(self.key, self.token, px=int(self.seconds * 1000))
            except redis.RedisError:
                continue  # the client reconnects; a lease that lapsed meanwhile is taken over, and seen above

    def keep(self, on_lost) -> None:
        self.on_lost = on_lost
        self.thread = threading.Thread(target=self._renew, name="site-lease", daemon=True)
        self.thread.start()

    def release(self) -> None:
        self.ended.set()
        if self.thread is not None:
            self.thread.join()
        held = self.client.get(self.key)
        if held is not None and held.decode() == self.token:
            self.client.delete(self.key)


def crawl_site(night: str, site: str, attempt: int, redis_url: str, arguments: list[str], settings: list[str],
               lease_seconds: float, time_limit: float) -> str:
    """Crawl one site for the night; raises CrawlFailed unless the crawl ended and reported."""
    client = connect(redis_url)
    keys = NightKeys(night)
    lease = Lease(client, keys.lease(site), lease_seconds)
    lease.take()
    client.set(keys.entered(site), f"{attempt} {socket.gethostname()} {os.getpid()}")
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "scraper.settings", "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(crawl_command(night, site, attempt, redis_url, arguments, settings), env=env) as crawl:
        lease.keep(on_lost=crawl.kill)
        try:
            code = crawl.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            crawl.kill()
            crawl.wait()
            raise CrawlFailed(f"crawl of {site} stopped at its time limit ({time_limit:.0f} s)") from None
        finally:
            lease.release()
    if lease.lost.is_set():
        raise CrawlFailed(f"crawl of {site} stopped: its lease was taken over (this worker was taken for dead)")
    if code != 0:
        raise CrawlFailed(f"crawl of {site} exited {code}")
    reported = client.get(keys.reported(site))
    if reported is None or int(reported) != attempt:
        raise CrawlFailed(f"crawl of {site} ended without reporting to the night's writer")
    return f"{site}: crawled (attempt {attempt})"
