"""Figures for `scraper.dates`: parses per second, beside plain dateparser.

    python benchmarks/bench_dates.py [--day 3] [--articles 40] [--seconds 1.0]

Not a test (nothing here asserts a time). It prints parses per second of
`parse_timestamp` and of plain `dateparser.parse(text, languages=['ru'])`,
measured in the same run on the same strings, and their ratio, for:

- the demo newsroom mix: every raw timestamp the demo sites show on their
  article pages and comment pages on newsroom day `--day`, harvested the way
  the crawl reads them (the site's profile, `Profile.timestamp`) from pages
  rendered in-process by `scraper.demo.newsroom.build_sites()`. A demo site
  added to the newsroom joins the mix with no change here.
- the supplementary mix (`SUPPLEMENTARY` below): a fixed list of the forms
  the Hearst-network and windows-1251 layouts and the real sites in
  /work/shared/reference/regional-sites.md print, so the figure does not
  depend on what the demo happens to render.
- `DD.MM.YYYY HH:MM` alone (bankfax's form), the commonest of all.

The two functions take turns on each mix (whole passes, at least 0.1 s a
turn, `--seconds` each in all, at least three turns) so both see the same
machine, and the median turn is reported; a dateparser pass over the demo
mix takes seconds. The last column counts
strings `parse_timestamp` did not read (None): it should be 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateparser  # noqa: E402

from scraper.dates import parse_timestamp  # noqa: E402
from scraper.demo.newsroom import build_sites  # noqa: E402
from scraper.demo.server import DemoSite  # noqa: E402
from scraper.demo.timeline import clock  # noqa: E402
from scraper.discovery import Listing, read_feed, read_sitemap  # noqa: E402
from scraper.profiles import Page, Profile, profile_for  # noqa: E402
from scraper.sites import Site, load_sites  # noqa: E402

Sample = tuple[str, str, datetime]  # raw text, site zone, the moment of the request

# Modelled on what the other layouts and the real sites print; equal weights.
SUPPLEMENTARY = [
    "2022-08-22T16:58:00+07:00",  # Hearst network: meta datePublished, API createdAt
    "2022-08-22T09:58:00.000Z",  # ura.news: ISO with Z
    "2020-10-09 13:41:00",  # bankfax: time[datetime], local, no offset
    "22 августа 2022, 16:58",  # windows-1251 layout: article date in words
    "24 августа 2022, 05:57",
    "05 февраля 2022, 23:58, ИА Амител",  # amic.ru
    "29 декабря 2020 / 17:14",  # katun24.ru
    "17 Ноя 2019, 13:10",  # tayga.info
    "7 января 2022, 14:10",  # 66.ru
    "5 минут назад",  # windows-1251 layout: comment times relative to the request
    "33 минуты назад",
    "только что",
    "вчера в 18:14",
    "сегодня, 10:00",
    "Опубликовано: 22.08.2022 16:58",
    "Mon, 22 Aug 2022 16:58:00 +0700",  # RSS pubDate
]
ORIGIN_PORT = 8800  # links only: nothing is fetched over the network


def harvest(day: int, articles: int) -> list[Sample]:
    """Every raw timestamp the demo sites' article and comment pages show on `day`."""
    demo_sites = build_sites()
    origins = {demo.name: f"http://127.0.0.1:{ORIGIN_PORT + i}" for i, demo in enumerate(demo_sites)}
    sites = load_sites(origins=origins)
    samples: list[Sample] = []
    for demo in demo_sites:
        site = sites[demo.name]
        profile = profile_for(site)
        _record(profile, samples)
        for url in _article_urls(demo, site, profile, day, articles):
            page = _fetch(demo, site, url, day)
            if page is None or profile.is_blocked(page):
                continue
            article = profile.article(page)
            batch = profile.comments(page, article)
            for _ in range(50):  # further pages of comments
                if not batch.next_url:
                    break
                more = _fetch(demo, site, batch.next_url, day)
                if more is None:
                    break
                batch = profile.more_comments(more, article)
    return samples


def _record(profile: Profile, samples: list[Sample]) -> None:
    """Keep every raw text the profile hands to `scraper.dates`."""
    read = profile.timestamp

    def recording(raw, page):
        if raw:
            samples.append((raw, profile.site.timezone, page.now))
        return read(raw, page)

    profile.timestamp = recording


def _fetch(demo: DemoSite, site: Site, url: str, day: int) -> Page | None:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    reply = demo.respond(parts.path, dict(parse_qsl(parts.query)), day, origin)
    if reply.status != 200:
        return None
    now = clock(day).astimezone(timezone.utc)
    headers = {"date": format_datetime(now, usegmt=True), "content-type": reply.content_type}
    return Page(url, reply.body, now, reply.status, headers, reply.charset)


def _article_urls(demo: DemoSite, site: Site, profile: Profile, day: int, limit: int) -> list[str]:
    """Article URLs from the site's own listings, feeds and sitemaps, as the crawl finds them."""
    queue = [site.url(path) for path in (*site.discovery.listings, *site.discovery.feeds, *site.discovery.sitemaps)]
    found: dict[str, None] = {}
    for _ in range(200):  # listing pages read at most
        if not queue or len(found) >= limit:
            break
        url = queue.pop(0)
        page = _fetch(demo, site, url, day)
        if page is None:
            continue
        listing = _listing(page, site, profile)
        for link in listing.articles:
            found.setdefault(link.url, None)
        queue.extend(link.url for link in listing.more)
        if listing.next_url:
            queue.append(listing.next_url)
    return list(found)[:limit]


def _listing(page: Page, site: Site, profile: Profile) -> Listing:
    kind = page.headers.get("content-type", "")
    if "xml" not in kind:
        return profile.listing(page)
    if "sitemap" in page.url:
        return read_sitemap(page.body, site)
    return read_feed(page.body, site)


def numeric_mix(now: datetime, count: int = 1000) -> list[Sample]:
    """`DD.MM.YYYY HH:MM`, `count` distinct minutes before `now`, in Barnaul."""
    start = now.astimezone(timezone(timedelta(hours=7)))
    return [
        ((start - timedelta(minutes=37 * i)).strftime("%d.%m.%Y %H:%M"), "Asia/Barnaul", now)
        for i in range(count)
    ]


def compare(samples: list[Sample], seconds: float) -> tuple[float, float]:
    """Parses per second of `parse_timestamp` and of plain dateparser.

    The two take turns (a stint of at least 0.1 s each, whole passes over
    `samples`) for `seconds` each and at least three turns, so both see the
    same machine; the median stint of each is reported.
    """
    fast: list[float] = []
    slow: list[float] = []
    spent = 0.0
    while spent < 2 * seconds or len(slow) < 3:
        for parse, rates in ((ours, fast), (plain_dateparser, slow)):
            rate, elapsed = _stint(parse, samples)
            rates.append(rate)
            spent += elapsed
    return statistics.median(fast), statistics.median(slow)


def _stint(parse, samples: list[Sample], least: float = 0.1) -> tuple[float, float]:
    done, elapsed = 0, 0.0
    while elapsed < least:
        start = time.perf_counter()
        for raw, tz, now in samples:
            parse(raw, tz, now)
        elapsed += time.perf_counter() - start
        done += len(samples)
    return done / elapsed, elapsed


def ours(raw: str, tz: str, now: datetime) -> datetime | None:
    return parse_timestamp(raw, tz=tz, now=now)


def plain_dateparser(raw: str, tz: str, now: datetime) -> datetime | None:
    return dateparser.parse(raw, languages=["ru"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--day", type=int, default=3, help="newsroom day (relative times change daily)")
    parser.add_argument("--articles", type=int, default=40, help="articles read per demo site")
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent timing each function per mix")
    args = parser.parse_args()

    demo = harvest(args.day, args.articles)
    now = clock(args.day)
    supplementary = [(raw, "Asia/Barnaul", now) for raw in SUPPLEMENTARY]
    mixes = [
        ("demo newsroom (harvested)", demo),
        ("supplementary (fixed list)", supplementary),
        ("DD.MM.YYYY HH:MM alone", numeric_mix(now)),
    ]
    dateparser.parse("22.08.2022 16:58", languages=["ru"])  # load its Russian data first
    parse_timestamp("22.08.2022 16:58", tz="Asia/Barnaul", now=now)

    shapes = Counter(_shape(raw) for raw, _, _ in demo)
    print(f"demo newsroom, day {args.day}, up to {args.articles} articles a site: {len(demo)} timestamps")
    for shape, count in shapes.most_common():
        print(f"  {count:6}  {shape}")
    print()
    print(f"{'mix':28} {'strings':>7} {'parse_timestamp/s':>18} {'dateparser/s':>13} {'ratio':>7} {'unread':>7}")
    for label, samples in mixes:
        unread = sum(ours(*sample) is None for sample in samples)
        fast, slow = compare(samples, args.seconds)
        print(f"{label:28} {len(samples):7} {fast:18,.0f} {slow:13,.0f} {fast / slow:6.0f}x {unread:7}")


def _shape(raw: str) -> str:
    """A timestamp with its digits hidden: what kind of string it is."""
    return "".join("9" if c.isdigit() else c for c in raw)[:40]


if __name__ == "__main__":
    main()
