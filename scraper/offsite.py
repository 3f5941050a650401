"""The crawl never leaves the configured sites, nor runs in circles: downloader middlewares.

Scrapy's own offsite filter compares host names only (every port of
127.0.0.1 is one "domain" to it), lets through any request marked
`dont_filter` (pages of comments are), and drops an off-site redirect
without a word. Here a site is its origin, scheme, host and port: nothing
else is ever requested, whatever a page links to or a server redirects to,
and a redirect off the sites reaches the request's errback as
`LeftTheSites`, so the spider reports it (and marks an archived article that
now redirects away as removed). A redirect back to an address the request
already went through is a loop: Scrapy would drop it as a duplicate without
a word; here it reaches the errback as `RedirectLoop`.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

REDIRECTS = (301, 302, 303, 307, 308)


class LeftTheSites(IgnoreRequest):
    """A request, or a redirect, to an address off the configured sites."""

    def __init__(self, url: str, target: str, redirect: bool):
        self.url, self.target, self.redirect = url, target, redirect
        if redirect:
            super().__init__(f"{url} redirects off the configured sites, to {target}: not followed")
        else:
            super().__init__(f"{target} is off the configured sites: not requested")


class RedirectLoop(IgnoreRequest):
    """A redirect back to an address already visited on the way."""

    def __init__(self, chain: list[str], target: str):
        self.chain, self.target = chain, target
        super().__init__(f"redirect loop: {' -> '.join([*chain, target])}")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, f"{(parts.hostname or '').lower()}:{port}"


def _on_sites(spider, url: str) -> bool:
    origins = {_origin(site.origin) for site in getattr(spider, "sites", {}).values() if site.origin}
    return _origin(url) in origins


class ConfiguredSitesOnly:
    """Before anything else (robots.txt included): only the sites' own origins."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not _on_sites(self.crawler.spider, request.url):
            self.crawler.stats.inc_value("offsite/refused")
            came_from = (request.meta.get("redirect_urls") or [request.url])[0]
            raise LeftTheSites(came_from, request.url, redirect=came_from != request.url)


class Redirects:
    """Sees a redirect before Scrapy follows it: one off the sites, or in a loop, goes no further."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in REDIRECTS and location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            if not _on_sites(self.crawler.spider, target):
                self.crawler.stats.inc_value("offsite/redirects_refused")
                raise LeftTheSites(request.url, target, redirect=True)
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise RedirectLoop(chain, target)
        return response
