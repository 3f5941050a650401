"""One site's crawl, as a job an RQ worker runs on any machine.

The job runs `scrapy crawl regional_news -a site=SITE` in a child process
(forked from the worker, which imported Scrapy and the project once when it
started, so a crawl costs no start-up of its own) with the night's settings (NIGHT, REDIS_URL, the view of the archive that
the night published), under a time limit. While it runs, it holds the site's
lease on the queue server, renewed every third of NIGHT_LEASE: a worker that
dies (power cut, OOM killer, `kill -9`) stops renewing it, and the archive
host tries the site again on another worker once it has lapsed
(`scraper.distributed.night`). A crawl whose lease was taken over (its worker
was only stalled) stops itself, so a site is never crawled twice at once.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import sys
import threading
import uuid

import redis

from scraper.distributed.keys import NightKeys, connect


class CrawlFailed(Exception):
    """The site's crawl did not end well; the archive host decides whether to try again."""


def warm() -> None:
    """Import what a crawl imports, once, in the worker: every crawl forked from it starts at once.

    No reactor is installed here: each crawl installs the one its settings name.
    """
    import scrapy.cmdline  # noqa: F401
    import scrapy.crawler  # noqa: F401
    import scraper.distributed.sink  # noqa: F401
    import scraper.extensions  # noqa: F401
    import scraper.pipelines  # noqa: F401
    import scraper.spiders.regional_news  # noqa: F401
    import twisted.internet.asyncioreactor  # noqa: F401

    assert "twisted.internet.reactor" not in sys.modules, "a reactor was installed before any crawl"


def _crawl(argv: list[str]) -> None:
    """In the forked child: exactly what `scrapy crawl` runs."""
    os.environ["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"
    from scrapy.cmdline import execute

    execute(["scrapy", *argv])


def crawl_arguments(night: str, site: str, attempt: int, redis_url: str, arguments: list[str],
                    settings: list[str]) -> list[str]:
    """`scrapy crawl`'s arguments for one site's crawl in the night."""
    return [
        "crawl", "regional_news", "-a", f"site={site}",
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
    argv = crawl_arguments(night, site, attempt, redis_url, arguments, settings)
    crawl = multiprocessing.get_context("fork").Process(target=_crawl, args=(argv,), name=f"crawl {site}")
    crawl.start()
    try:
        lease.keep(on_lost=crawl.kill)
        crawl.join(time_limit)
        if crawl.exitcode is None:
            crawl.kill()
            crawl.join()
            raise CrawlFailed(f"crawl of {site} stopped at its time limit ({time_limit:.0f} s)")
        code = crawl.exitcode
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
