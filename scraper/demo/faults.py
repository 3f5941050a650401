"""Faults the newsroom can be asked to show, each a switch.

A real night's crawl meets servers that fail, stall, cut connections, lie
about their charset or block robots; the crawl is tested against all of it
here. Each request's fate is fixed by (seed, URL path, attempt number): the
same run is reproducible, and a retry (the next attempt) may succeed.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.demo.changes import unit

# The order in which switches are tried on a request; the first that hits wins.
KINDS = ("blocked", "throttled", "resets", "timeouts", "errors", "truncated", "slow", "wrong_charset", "huge")
# Faults that only make sense for an HTML page; other replies are served as they are.
HTML_ONLY = ("wrong_charset", "huge")


@dataclass(frozen=True)
class Faults:
    """Shares of requests (0 to 1) that meet each fault; all off by default."""

    errors: float = 0.0  # answered 500 or 503 (503 with Retry-After: 1)
    throttled: float = 0.0  # answered 429 Too Many Requests with Retry-After: `retry_after_seconds`
    retry_after_seconds: int = 2
    retry_after_date: bool = False  # Retry-After as an HTTP date (on the newsroom's clock), not seconds
    slow: float = 0.0  # answered after `slow_seconds`
    slow_seconds: float = 2.0
    timeouts: float = 0.0  # held for `timeout_seconds`, then closed unanswered
    timeout_seconds: float = 60.0
    resets: float = 0.0  # connection reset (TCP RST) instead of an answer
    truncated: float = 0.0  # Content-Length says more than is sent, then closed
    wrong_charset: float = 0.0  # declares utf-8, sends windows-1251 (or the reverse)
    huge: float = 0.0  # the page padded to ten times its size
    blocked: float = 0.0  # the site's 403 bot-block page
    block_agent: str | None = None  # User-Agent containing this is always blocked
    block_after: int | None = None  # every request after the first N (robots.txt aside) is blocked
    disallow: tuple[str, ...] = ()  # extra robots.txt Disallow rules
    # Requests whose address (path and query) contains one of these are held
    # `timeout_seconds` and closed unanswered, every time: a script waiting on
    # them never finishes.
    hang: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return (any(getattr(self, kind) for kind in KINDS) or bool(self.block_agent) or bool(self.hang)
                or self.block_after is not None)

    def decide(self, seed: int, target: str, attempt: int, user_agent: str = "") -> str | None:
        """The fault this attempt at `target` (path and query) meets, or None."""
        if self.block_agent and self.block_agent in user_agent:
            return "blocked"
        if any(part in target for part in self.hang):
            return "timeouts"
        for kind in KINDS:
            share = getattr(self, kind)
            if share and unit(seed, "fault", kind, target, attempt) < share:
                return kind
        return None
