"""The demo newsroom: every demo site, each on its own port, on one clock."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from scraper.demo import hearst, legacy_cp1251
from scraper.demo.bankfax import BankfaxSite
from scraper.demo.faults import Faults
from scraper.demo.hearst import HearstSite
from scraper.demo.legacy_cp1251 import LegacyCp1251Site
from scraper.demo.seed import NGS22_SEED_ID, seed_article
from scraper.demo.server import DemoSite, SiteServer
from scraper.demo.strict import Strict
from scraper.demo.third_party import ThirdParty
from scraper.demo.timeline import Timeline, clock

SIZES = {"small": 40, "medium": 1000, "large": 100_000}


def build_sites(seed: int = 1, size: int = 40, per_day: int | None = None) -> list[DemoSite]:
    """The three demo sites, in port order: bankfax, ngs22, vestnik22.

    `per_day` gives every site that many new articles a day instead of its own
    8, 12 and 6 (for sizing a night of a busier site).
    """
    return [
        BankfaxSite(
            Timeline(seed=seed, site="bankfax", size=size, per_day=per_day or 8, first_id=160000),
            extra=[seed_article()],
        ),
        HearstSite(
            Timeline(
                seed=seed, site="ngs22", size=size, per_day=per_day or 12, first_id=71500000, id_step=37,
                rubrics=tuple(hearst.RUBRICS), hidden_share=0.03,
            ),
            seed=seed,
            extra=[seed_article(NGS22_SEED_ID, "health")],
        ),
        LegacyCp1251Site(
            Timeline(
                seed=seed, site="vestnik22", size=size, per_day=per_day or 6, first_id=412000, id_step=3,
                rubrics=tuple(legacy_cp1251.RUBRICS), hidden_share=0.0,
            ),
        ),
    ]


class Newsroom:
    """Serves the demo sites on 127.0.0.1; `day` can be moved on while serving."""

    def __init__(
        self, day: int = 1, seed: int = 1, size: int = 40, port: int = 0, verbose: bool = False,
        faults: Faults = Faults(), sites: Iterable[str] | None = None, strict: Strict | None = None,
        per_day: int | None = None,
    ):
        if day < 1:
            raise ValueError(f"day {day}: the newsroom's days start at 1")
        self.day = day
        self.seed = seed
        wanted = set(sites) if sites is not None else None
        self.sites = [s for s in build_sites(seed, size, per_day) if wanted is None or s.name in wanted]
        self.port = port
        self.verbose = verbose
        self.faults = faults
        self.strict = strict
        self.servers: dict[str, SiteServer] = {}
        # The stand-in for ad networks and counters the pages call on (not a
        # site of the crawl's: it is in no `origins`).
        self.third_party: SiteServer | None = None

    def start(self) -> "Newsroom":
        if any(isinstance(site, HearstSite) for site in self.sites):
            self.third_party = SiteServer(ThirdParty(), 0, lambda: self.day, clock, verbose=self.verbose).start()
            for site in self.sites:
                if isinstance(site, HearstSite):
                    site.third_party = self.third_party.origin
        for offset, site in enumerate(self.sites):
            port = self.port + offset if self.port else 0
            self.servers[site.name] = SiteServer(
                site, port, lambda: self.day, clock, verbose=self.verbose, faults=self.faults, seed=self.seed,
                strict=self.strict,
            ).start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()
        if self.third_party is not None:
            self.third_party.stop()
            self.third_party = None

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
