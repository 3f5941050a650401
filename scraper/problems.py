"""Problems a run met: a clear line in the log and a mark on the run.

A crawl meets hostile input every night (bot-block pages, lying charsets,
redirects off the site, pages a profile cannot read). None of it may stop the
crawl, and none of it may pass unseen: each problem is logged once, in words,
and counted by kind on the run (`scraper.run.CrawlRun.problem`), whose record
(`crawl_runs.problems`) shows a maintainer what happened.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from scraper.offsite import LeftTheSites, RedirectLoop

if TYPE_CHECKING:
    from scraper.run import CrawlRun

# Failures by their exception, in the words a maintainer reads in crawl_runs.problems.
FAILURE_KINDS = {
    "DownloadTimeoutError": "timeout", "TimeoutError": "timeout", "TCPTimedOutError": "timeout",
    "DownloadFailedError": "connection lost", "ResponseDataLossError": "connection lost",
    "ResponseFailed": "connection lost", "ResponseNeverReceived": "connection lost",
    "ConnectionLost": "connection lost", "PotentialDataLoss": "connection lost",
    "DownloadConnectionRefusedError": "connection refused", "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "DNS lookup failed", "DNSLookupError": "DNS lookup failed",
    "SiteStopped": "blocked",  # not asked: the site was stopped after bot-block pages (scraper/politeness/blocks.py)
    "RenderingFailed": "rendering failed",
}


def report(run: CrawlRun | None, logger: logging.Logger | logging.LoggerAdapter, kind: str, message: str,
           *args: Any, level: int = logging.WARNING) -> None:
    """Log `message` and count one problem of `kind` on the run (a crawl that makes none only logs it)."""
    logger.log(level, f"[{kind}] {message}", *args)
    if run is not None:
        run.problem(kind)


def failure_reason(failure: Failure) -> tuple[str, str]:
    """What went wrong with a request, for failed_urls, and its kind, for the run's problems."""
    if failure.check(HttpError):
        status = failure.value.response.status
        if status == 403:  # what sites answer robots they block
            return "blocked (HTTP 403 Forbidden)", "blocked"
        return f"HTTP {status}", f"HTTP {status}"
    if failure.check(LeftTheSites):
        return str(failure.value), "left the sites"
    message = failure.getErrorMessage()
    if failure.check(RedirectLoop):
        return message, "redirect loop"
    if failure.check(IgnoreRequest) and "max redirections" in message:
        return "too many redirections", "too many redirects"
    return message, FAILURE_KINDS.get(failure.type.__name__, failure.type.__name__)


def stop_run(crawler, run: CrawlRun, logger: logging.Logger | logging.LoggerAdapter, kind: str,
             error: BaseException) -> None:
    """A process the crawl cannot go on without is lost (the page reader, the archive's writer): reported
    once, and the run stops, failed, under `kind`; the next run fetches again what was not archived."""
    if not run.problems.get(kind):
        report(run, logger, kind, "%s: the crawl stops", error, level=logging.ERROR)
        deferred_from_coro(crawler.engine.close_spider_async(reason=kind))
