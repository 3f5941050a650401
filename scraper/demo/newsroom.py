"""The demo newsroom: every demo site, each on its own port, on one clock."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from scraper.demo.bankfax import BankfaxSite
from scraper.demo.seed import seed_article
from scraper.demo.server import DemoSite, SiteServer
from scraper.demo.timeline import Timeline, clock

SIZES = {"small": 40, "medium": 1000}


def build_sites(seed: int = 1, size: int = 40) -> list[DemoSite]:
    return [
        BankfaxSite(
            Timeline(seed=seed, site="bankfax", size=size, per_day=8, first_id=160000),
            extra=[seed_article()],
        ),
    ]


class Newsroom:
    """Serves the demo sites on 127.0.0.1; `day` can be moved on while serving."""

    def __init__(self, day: int = 1, seed: int = 1, size: int = 40, port: int = 0, verbose: bool = False):
        self.day = day
        self.sites = build_sites(seed, size)
        self.port = port
        self.verbose = verbose
        self.servers: dict[str, SiteServer] = {}

    def start(self) -> "Newsroom":
        for offset, site in enumerate(self.sites):
            port = self.port + offset if self.port else 0
            self.servers[site.name] = SiteServer(
                site, port, lambda: self.day, clock, verbose=self.verbose
            ).start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()
        self.servers.clear()

    @property
    def origins(self) -> dict[str, str]:
        """Where each site is served: the crawl's SITE_ORIGINS."""
        return {name: server.origin for name, server in self.servers.items()}


@contextlib.contextmanager
def running(**kwargs) -> Iterator[Newsroom]:
    newsroom = Newsroom(**kwargs).start()
    try:
        yield newsroom
    finally:
        newsroom.stop()
