"""robots.txt, obeyed, and one line in the log when it cannot be fetched.

Scrapy's robots.txt middleware logs a robots.txt it could not fetch with a
whole traceback (some seventy lines for a refused connection). Here it is
one line and one `robots.txt unreachable` problem on the run; the crawl
then goes on as Scrapy does (the site's rules unknown, nothing forbidden),
and the site's own pages meet the same failure, if it lasts, and say so.
robots.txt is asked for in the site's own download slot, at the site's pace;
its `Crawl-delay` is applied by `throttle.SiteThrottle`.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from scraper.politeness import site_of
from scraper.problems import FAILURE_KINDS, report
from scraper.run import CrawlRun

logger = logging.getLogger(__name__)


class Robots(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, reporting a robots.txt it cannot fetch in one line."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_url = f"{url.scheme}://{netloc}/robots.txt"
            # Retried as any request, but its giving up is said once, below.
            meta = {"dont_obey_robotstxt": True, "give_up_log_level": "DEBUG"}
            if site_of(request):  # asked in the site's own slot, at the site's pace
                meta["download_slot"] = site_of(request)
            robots_request = Request(robots_url, priority=self.DOWNLOAD_PRIORITY, meta=meta, callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(robots_request)
                await self._parse_robots(response, netloc, request)
            except Exception as error:
                if not isinstance(error, IgnoreRequest):
                    kind = FAILURE_KINDS.get(type(error).__name__, type(error).__name__)
                    report(CrawlRun.of(self.crawler), logger, "robots.txt unreachable",
                           "%s could not be fetched (%s: %s): its rules are unknown; nothing is taken as forbidden",
                           robots_url, kind, error)
                self._robots_error(error, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser
