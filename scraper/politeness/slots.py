"""Each site is its own download slot, whatever its host and port.

Scrapy keys its download slots (the queue that spaces and limits requests)
by host name: the demo newsroom's sites, all on 127.0.0.1, would share one
slot, and two sites behind one host would wait for each other. Here every
request the spider makes is put in the slot named after its site before it
is scheduled, so delays, concurrency and waits apply to one site, and the
scheduler (`DownloaderAwarePriorityQueue`) hands out requests of the sites
that are not busy first: a site that must wait never holds up the others.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

SLOT = "download_slot"  # Scrapy's request meta key


class SiteSlots(BaseSpiderMiddleware):
    """Spider middleware: a request for a site goes to that site's download slot."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request:
        site = request.meta.get("site")
        if site is not None and request.meta.get(SLOT) is None:
            request.meta[SLOT] = site
        return request
