"""`429 Too Many Requests` and `503 Service Unavailable`: the site waits, the others go on.

A site that answers 429 or 503 asks the crawl to slow down. With a
`Retry-After` (seconds, or an HTTP date), that site is sent nothing for that
long, then the request is asked again; the wait spends none of the request's
retries (`RETRY_TIMES`) and holds up no other site. A request waits
`RETRY_AFTER_MAX` seconds in all at most: past that (a site saying "come
back tomorrow", or asking again and again), the site is held that long at
most and the request waits in `failed_urls` for the next night.
Without `Retry-After`, Scrapy's retry middleware retries as usual (and counts),
after a back-off that doubles with each retry: `POLITE_BACKOFF`, twice that, ...

The hold is set when the answer arrives (Scrapy's `response_downloaded`
signal), before the site's download slot can send its next request.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider, signals
from scrapy.http import Response

from scraper.politeness import site_of
from scraper.politeness.throttle import throttle_for

logger = logging.getLogger(__name__)

SLOW_DOWN = (429, 503)
WAITED = "retry_after_waited"  # request meta: seconds this request was told to wait so far


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else None


def retry_after(value: str | None, date: str | None = None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks to wait, or None if it says nothing usable.

    An HTTP date is read against the answer's own `Date` header when there is
    one (the site's clock, whatever ours says), else against `now`.
    """
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    reference = None
    if date:
        try:
            reference = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError):
            reference = None
    if reference is None or reference.tzinfo is None:
        reference = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - reference).total_seconds())


def asked_wait(response: Response) -> float | None:
    """What the answer's `Retry-After` asks, in seconds (None without one)."""
    return retry_after(_header(response, "Retry-After"), _header(response, "Date"))


def backoff(first: float, retries_so_far: int, most: float) -> float:
    """The wait before retry number `retries_so_far + 1`: `first`, doubled at each retry, at most `most`."""
    return min(first * 2**retries_so_far, most)


class RetryAfter:
    """Downloader middleware: waits out 429 and 503 for that site alone."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.throttle = throttle_for(crawler, "RetryAfter")
        self.crawler = crawler
        self.longest = settings.getfloat("RETRY_AFTER_MAX")
        self.first_backoff = settings.getfloat("POLITE_BACKOFF")
        self.most_backoff = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        site = site_of(request)
        if response.status not in SLOW_DOWN or not self.throttle.knows(site):
            return
        asked = asked_wait(response)
        if asked is None:
            wait = backoff(self.first_backoff, request.meta.get("retry_times", 0), self.most_backoff)
            logger.info("%s answered %s to %s without Retry-After: nothing more to it for %g s",
                        site, response.status, request.url, wait)
        else:
            wait = min(asked, self.longest)
            logger.info("%s answered %s to %s with Retry-After %g s: nothing more to it for %g s",
                        site, response.status, request.url, asked, wait)
        self.throttle.hold(site, wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        site = site_of(request)
        if response.status not in SLOW_DOWN or not self.throttle.knows(site) or request.meta.get("dont_retry"):
            return response
        asked = asked_wait(response)
        if asked is None:
            return response  # retried by Scrapy's retry middleware, after the back-off
        waited = request.meta.get(WAITED, 0.0) + asked
        if waited > self.longest:
            logger.warning("%s asks to wait %g s (Retry-After) for %s, %g s in all, more than RETRY_AFTER_MAX"
                           " (%g s): it is left for the next run", site, asked, request.url, waited, self.longest)
            request.meta["dont_retry"] = True
            return response
        self.crawler.stats.inc_value(f"politeness/retry_after/{site}")
        again = request.copy()
        again.meta[WAITED] = waited
        again.dont_filter = True
        return again
