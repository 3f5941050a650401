"""Each site's pace, applied to its download slot.

Scrapy's AutoThrottle adapts a slot's delay to how fast the site answers,
but bounds every slot by one global `DOWNLOAD_DELAY`, and Scrapy reads
robots.txt's `Crawl-delay` (with Protego) without applying it.
`SiteThrottle` runs AutoThrottle's adaptation on each site's own slot (see
`slots.py`) and keeps the delay at or above that site's minimum
(`pace.Pace.minimum`: site file, `POLITE_DELAY`, Crawl-delay, slow-downs
after bot-block pages). It is also where the other politeness middlewares
act on a site: hold it closed until a moment (`Retry-After`, back-off), slow
it down, stop it for the run.

A slot spaces its requests by `delay` after the `lastseen` moment its last
request went out; holding a site sets `lastseen` so that the next request
goes no earlier than the hold's end. The slot's random jitter is off: a
delay a site asked for is a minimum, never something to go below by chance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from time import monotonic

from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.politeness import polite, site_of
from scraper.politeness.pace import Pace

logger = logging.getLogger(__name__)

# A slot with no delay is not held by Scrapy; a held one gets at least this.
HELD_DELAY = 0.001


class SiteThrottle(AutoThrottle):
    """Extension: per-site delay and concurrency, adaptive, never below what the site asks."""

    def __init__(self, crawler):  # switched by POLITE, not by AUTOTHROTTLE_ENABLED
        settings = crawler.settings
        if not polite(settings):
            raise NotConfigured
        self.crawler = crawler
        self.debug = settings.getbool("AUTOTHROTTLE_DEBUG")
        self.target_concurrency = settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY")
        if self.target_concurrency <= 0:
            raise NotConfigured("AUTOTHROTTLE_TARGET_CONCURRENCY must be above 0")
        self.start_delay = settings.getfloat("AUTOTHROTTLE_START_DELAY")
        self.default_delay = settings.getfloat("POLITE_DELAY")
        self.default_concurrency = settings.getint("POLITE_CONCURRENCY")
        self.agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.paces: dict[str, Pace] = {}
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    @property
    def _downloader(self):
        return self.crawler.engine.downloader

    def _spider_opened(self, spider: Spider) -> None:
        self.mindelay = 0.0  # each site's own minimum is applied in _apply
        self.maxdelay = self.crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        for name, site in getattr(spider, "sites", {}).items():
            pace = Pace(
                delay=self.default_delay if site.delay is None else float(site.delay),
                concurrency=site.concurrency or self.default_concurrency,
            )
            self.paces[name] = pace
            self._downloader.per_slot_settings[name] = {
                "concurrency": pace.concurrency,
                "delay": max(self.start_delay, pace.minimum),
                "jitter": 0.0,
            }

    # --- what the other politeness middlewares ask -----------------------------
    def knows(self, site: str | None) -> bool:
        return site in self.paces

    def pace(self, site: str) -> Pace:
        return self.paces[site]

    def delay(self, site: str) -> float:
        """The site's delay now (what its next request waits after the last one)."""
        slot = self._downloader.slots.get(site)
        return slot.delay if slot is not None else self._downloader.per_slot_settings[site]["delay"]

    def hold(self, site: str, seconds: float) -> None:
        """Send nothing to `site` for `seconds` from now; other sites go on."""
        self.paces[site].hold(monotonic() + seconds)
        self.crawler.stats.inc_value(f"politeness/held_seconds/{site}", seconds)
        self._apply(site)

    def blocked(self, site: str) -> int:
        """A bot-block page: double the site's delay; the blocks in a row so far."""
        in_a_row = self.paces[site].blocked(self.delay(site))
        self._apply(site)
        return in_a_row

    def answered(self, site: str) -> None:
        self.paces[site].answered()

    def stopped(self, site: str | None) -> bool:
        return site in self.paces and self.paces[site].stopped

    def stop(self, site: str, reason: Callable[[Request], Exception]) -> None:
        """Nothing more of `site` this run: what waits in its slot fails with `reason(request)`."""
        self.paces[site].stopped = True
        slot = self._downloader.slots.get(site)
        if slot is None:
            return
        waiting = list(slot.queue)
        slot.queue.clear()
        for request, deferred in waiting:
            deferred.errback(Failure(reason(request)))

    # --- signals ----------------------------------------------------------------
    def _robots_parsed(self, robotparser, request: Request) -> None:
        site = site_of(request)
        if not self.knows(site):
            return
        crawl_delay = robotparser.crawl_delay(self.agent)
        if crawl_delay:
            self.paces[site].crawl_delay = float(crawl_delay)
            logger.info("%s: robots.txt asks for Crawl-delay %g s: its requests go at least %g s apart",
                        site, crawl_delay, self.paces[site].minimum)
            self._apply(site)

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        site = site_of(request)
        if not self.knows(site):
            return
        slot = self._downloader.slots.get(site)
        latency = request.meta.get("download_latency")
        if slot is not None and latency is not None and not request.meta.get("autothrottle_dont_adjust_delay"):
            before = slot.delay
            self._adjust_delay(slot, latency, response)
            self._apply(site)
            if self.debug:
                logger.info("%s: delay %.2f s -> %.2f s (latency %.2f s, status %s)",
                            site, before, slot.delay, latency, response.status)

    def _apply(self, site: str) -> None:
        """The slot's delay at or above the site's minimum, and closed while the site is held."""
        pace = self.paces[site]
        settings = self._downloader.per_slot_settings[site]
        slot = self._downloader.slots.get(site)
        delay = max(slot.delay if slot is not None else settings["delay"], pace.minimum)
        held = pace.until > monotonic()
        if held:
            delay = max(delay, HELD_DELAY)
        settings["delay"] = delay
        if slot is not None:
            slot.delay = delay
            slot.jitter = 0.0
            if held:
                slot.lastseen = max(slot.lastseen, pace.until - delay)


def throttle_for(crawler, middleware: str) -> SiteThrottle:
    """The crawl's SiteThrottle, for a polite middleware that paces sites through it.

    Raises NotConfigured when politeness is off, or when the throttle is missing.
    """
    if not polite(crawler.settings):
        raise NotConfigured
    throttle = crawler.get_extension(SiteThrottle)
    if throttle is None:
        raise NotConfigured(f"{middleware} needs the SiteThrottle extension")
    return throttle
