"""Every request says who is asking: the project, and whom to write to about it.

A site's administrator who sees the crawl in their logs should be able to
tell what it is and reach its maintainer: the User-Agent is the `USER_AGENT`
setting followed by the `CONTACT` setting (an e-mail address or a URL). A
polite crawl with no `CONTACT` logs one warning.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider, signals

from scraper.politeness import polite

logger = logging.getLogger(__name__)


def user_agent(product: str, contact: str | None) -> str:
    """`regional-news-archive/0.1 (regional news archive; +editor@example.org)`."""
    return f"{product} (regional news archive; +{contact})" if contact else f"{product} (regional news archive)"


class UserAgent:
    """Downloader middleware, in place of Scrapy's: the project's User-Agent, with its contact."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.contact = (settings.get("CONTACT") or "").strip()
        self.agent = user_agent(settings.get("USER_AGENT"), self.contact)
        self.warn = polite(settings) and not self.contact
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if self.warn:
            logger.warning("CONTACT is not set: the sites crawled cannot tell whom to ask about this crawler;"
                           " give an e-mail address or a URL, e.g. -s CONTACT=editor@example.org")

    def process_request(self, request: Request) -> None:
        request.headers.setdefault(b"User-Agent", self.agent)
