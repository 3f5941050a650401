"""A strict site: what a real site does to a crawler that comes too fast.

Switched on, each demo site announces `Crawl-delay` in its robots.txt and
judges every request (robots.txt aside) as it arrives. A request is too fast
when another request to the site is still being answered, or when it comes
sooner than the Crawl-delay allows, the way nginx's `limit_req` measures it:
a bucket that fills by one with each request and drains by one each
Crawl-delay; a request that would fill it past two is too fast. A too-fast
client is answered `429 Too Many Requests` with `Retry-After`; bankfax
answers it with its 403 bot-block page instead, and goes on doing so to every
request for a while.

Why a polite crawler is never judged too fast, however slow the machine:
it sends one request at a time (the next only once the answer to the last
has arrived, and the doorman counts a request answered just before its
answer's last byte goes out, so none overlap), and starts each at least a
Crawl-delay after it started the one before. So the request after k starts
after k arrived, and request i starts at least (i - k - 1) Crawl-delays
after that: between the arrivals of k and i lie at least (i - k - 1)
Crawl-delays, and the bucket never holds more than two. A slow machine only
stretches these gaps. A crawler sending several requests at once, or with
no delay, overlaps or overfills the bucket at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic

# Requests a client may send ahead of the Crawl-delay before it is too fast.
BURST = 2


@dataclass(frozen=True)
class Strict:
    """How strict the sites are."""

    crawl_delay: float = 1.0  # announced in robots.txt, and enforced
    retry_after: int = 2  # seconds a too-fast client is told to wait (429)
    block_seconds: float = 30.0  # how long a blocking site shows its bot-block page to everyone
    blocking: tuple[str, ...] = ("bankfax",)  # sites that block a too-fast client instead of answering 429

    def robots_rule(self) -> str:
        return f"Crawl-delay: {self.crawl_delay:g}\n"


@dataclass
class Doorman:
    """One site's judge of arriving requests; counts what it decided, for tests and the curious."""

    strict: Strict
    blocks: bool  # this site answers a too-fast client with its bot-block page
    clock: Callable[[], float] = monotonic
    too_fast: int = 0  # requests judged too fast
    blocked: int = 0  # requests answered with the bot-block page
    _level: float = 0.0
    _last: float | None = None
    _answering: int = 0
    _blocked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def arrive(self) -> str | None:
        """A request arrived: None to answer it, "blocked" or "too fast" to refuse it.

        Every arrival must be followed by `leave()` before its answer's last byte is sent.
        """
        with self._lock:
            now = self.clock()
            overlapping = self._answering > 0
            self._answering += 1
            if now < self._blocked_until:
                self.blocked += 1
                return "blocked"
            level = 1.0
            if self._last is not None:
                level += max(0.0, self._level - (now - self._last) / self.strict.crawl_delay)
            if overlapping or level > BURST + 1e-9:
                self.too_fast += 1
                if self.blocks:
                    self._blocked_until = now + self.strict.block_seconds
                    self.blocked += 1
                    return "blocked"
                return "too fast"
            self._level, self._last = level, now
            return None

    def leave(self) -> None:
        """The answer is about to go out: the client may send its next request once it has it."""
        with self._lock:
            self._answering -= 1
