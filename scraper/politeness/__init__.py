"""The crawl is a guest: polite to every site, whatever its address.

Real regional sites limit how fast a client may ask (robots.txt's
`Crawl-delay`, nginx's `limit_req` answering `429 Too Many Requests`) and
block clients that come too fast. With the `POLITE` setting on (the
default), for each site separately:

- one request at a time, at least a delay apart: the site file's `delay`,
  or `POLITE_DELAY`, raised to robots.txt's `Crawl-delay`, and raised
  further by AutoThrottle while the site answers slowly (`throttle.py`);
- each site is its own download slot, whatever its host and port, so one
  site waiting never holds up another (`slots.py`);
- `429` and `503` are waited out for that site only: as long as their
  `Retry-After` says, then asked again without spending a retry; without
  one, retries back off exponentially (`retry_after.py`);
- a bot-block page doubles the site's delay, and `BLOCKS_TO_STOP` of them
  in a row stop the site for the run: what is left of it waits in
  `failed_urls` for the next night (`blocks.py`);
- the User-Agent names the project and the `CONTACT` setting (`agent.py`).

`POLITE = False` turns all of it off, explicitly: for our own demo
newsroom, the tests and the benchmarks. Nothing here looks at an address
to decide whether to be polite.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings


def polite(settings: BaseSettings) -> bool:
    """Whether this crawl is polite (the `POLITE` setting)."""
    return settings.getbool("POLITE")


def site_of(request) -> str | None:
    """The site a request belongs to: its download slot, set by `slots.SiteSlots`."""
    return request.meta.get("download_slot") or request.meta.get("site")
