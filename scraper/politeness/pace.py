"""One site's pace during a crawl: how far apart its requests go, and when it must wait.

Plain rules, no Scrapy: `throttle.SiteThrottle` applies them to the site's
download slot.
"""

from __future__ import annotations

from dataclasses import dataclass

# A site blocked while asked with no delay at all waits this long between
# requests from then on (doubled at each further block).
FIRST_SLOWDOWN = 1.0


@dataclass
class Pace:
    """What one site asks of the crawl, and what it answered so far this run."""

    delay: float  # the site file's `delay`, or the POLITE_DELAY setting
    concurrency: int  # the site file's `concurrency`, or the POLITE_CONCURRENCY setting
    crawl_delay: float = 0.0  # robots.txt's Crawl-delay for our User-Agent
    slowed: float = 0.0  # the delay a bot-block page pushed it to
    blocks_in_a_row: int = 0
    until: float = 0.0  # a monotonic moment before which nothing is sent (Retry-After, back-off)
    stopped: bool = False  # blocked too often: nothing more this run

    @property
    def minimum(self) -> float:
        """Seconds between two requests at least: never below the site file's delay nor its Crawl-delay."""
        return max(self.delay, self.crawl_delay, self.slowed)

    def blocked(self, current: float) -> int:
        """A bot-block page came: the delay doubles; returns the blocks in a row so far."""
        self.blocks_in_a_row += 1
        self.slowed = 2 * max(current, self.minimum) or FIRST_SLOWDOWN
        return self.blocks_in_a_row

    def answered(self) -> None:
        """A page that is no block page: the blocks are no longer in a row."""
        self.blocks_in_a_row = 0

    def hold(self, until: float) -> None:
        """Send nothing before `until` (a later hold wins over an earlier one)."""
        self.until = max(self.until, until)
