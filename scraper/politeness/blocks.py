"""A site that shows its bot-block page: slow down, and stop asking after a few in a row.

Whether an answer is a bot-block page is the site profile's call
(`is_blocked`: a 403, or the page's block text). Each one doubles the site's
delay; `BLOCKS_TO_STOP` of them in a row stop the site for this run. Its
requests still waiting, and any it is asked for later, fail as
`SiteStopped` without being sent: the spider records them in `failed_urls`
(so the next night asks for them again), and the run's problems say
`blocked`.

The answer is judged when it arrives (Scrapy's `response_downloaded`
signal), before the site's download slot sends its next request.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from scraper.politeness import site_of
from scraper.politeness.throttle import throttle_for
from scraper.problems import report
from scraper.profiles import Page, Profile, profile_for
from scraper.responses import declared_encoding, headers_of
from scraper.run import CrawlRun

logger = logging.getLogger(__name__)

# Block pages are small and say so at the top: the profile reads this much of an answer.
HEAD_BYTES = 20_000


class SiteStopped(IgnoreRequest):
    """A request not sent: its site was stopped for this run after bot-block pages."""

    def __init__(self, site: str, blocks: int):
        self.site = site
        super().__init__(f"not fetched: {site} was stopped for this run after {blocks} bot-block pages in a row")


def is_block_page(profile: Profile, response: Response) -> bool:
    """The profile's verdict on the head of the answer (a 403 always is one)."""
    if response.status == 403:
        return True
    if not isinstance(response, TextResponse):
        return False
    head = Page(
        url=response.url, body=response.body[:HEAD_BYTES], fetched_at=None, status=response.status,
        headers=headers_of(response), encoding=declared_encoding(response),
    )
    return profile.is_blocked(head)


class BotBlocks:
    """Downloader middleware: slows a site down at each block page, stops it after a few in a row."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.throttle = throttle_for(crawler, "BotBlocks")
        self.crawler = crawler
        self.limit = settings.getint("BLOCKS_TO_STOP")
        self.profiles: dict[str, Profile] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.profiles = {name: profile_for(site) for name, site in getattr(spider, "sites", {}).items()}

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        site = site_of(request)
        if site not in self.profiles or not self.throttle.knows(site) or self.throttle.stopped(site):
            return
        if not is_block_page(self.profiles[site], response):
            self.throttle.answered(site)
            return
        in_a_row = self.throttle.blocked(site)
        if in_a_row < self.limit:
            logger.warning("%s showed its bot-block page for %s (%d in a row): its delay is now %g s",
                           site, request.url, in_a_row, self.throttle.delay(site))
            return
        self.throttle.stop(site, lambda waiting: SiteStopped(site, in_a_row))
        report(CrawlRun.of(self.crawler), logger, "blocked",
               "%s showed its bot-block page %d times in a row: nothing more is asked of it this run;"
               " what is left waits in failed_urls for the next run", site, in_a_row, level=logging.ERROR)

    def process_request(self, request: Request) -> None:
        site = site_of(request)
        if self.throttle.stopped(site):
            raise SiteStopped(site, self.throttle.pace(site).blocks_in_a_row)
