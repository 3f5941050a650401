"""What a polite night costs per site: the requests of a real night, and the time they take politely.

    python benchmarks/polite_night.py [--per-day 40] [--nights 4] [--check bankfax]

Not a test. The demo newsroom is served with `--per-day` new articles a day
on every site (its own sites publish 8, 12 and 6), and the real crawl reads
it night after night (politeness off: it is our own newsroom, and what is
asked does not depend on how fast); the night after `--nights` nights is the
measured one, site by site, each on its own copy of the archive: the day's
new articles, the articles of the refresh window (REFRESH_DAYS, 3) fetched
again for comments, their further comment pages, listings, feeds, day
archives and robots.txt. Each request is counted by kind from the URLs the
crawl fetched.

A polite crawl sends a site one request at a time, POLITE_DELAY (1 s) apart
at least, or the site's Crawl-delay if longer, and longer still while the
site takes more than that to answer: a night costs about `requests x delay`
per site, and the sites are crawled side by side. `--check SITE` runs that
site's measured night again with politeness on (the crawl's defaults) and
reports its wall time beside the estimate.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import crawl, machine  # noqa: E402
from scraper.demo.newsroom import Newsroom  # noqa: E402
from scraper.settings import POLITE_DELAY, REFRESH_DAYS  # noqa: E402
from scraper.sites import load_sites  # noqa: E402
from scraper.sites.addresses import path_of  # noqa: E402

SITES = ("bankfax", "ngs22", "vestnik22")
FAST = {"POLITE": False}


def archived_paths(archive: Path, site: str) -> set[str]:
    """The site's archived articles, by their path (the archive's address is the site's canonical one)."""
    with sqlite3.connect(archive) as db:
        return {path for (path,) in db.execute("SELECT path FROM articles WHERE site = ?", [site])}


def kind_of(url: str, site, known: set[str]) -> str:
    if url.endswith("/robots.txt"):
        return "robots.txt"
    if "comments" in url:  # ngs22's comments API, vestnik22's ?comments_page=N
        return "comment pages"
    if site.is_article_url(url):
        return "articles refreshed" if path_of(url) in known else "articles new"
    return "listings, feeds, day archives"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-day", type=int, default=40, help="new articles a day on every site")
    parser.add_argument("--nights", type=int, default=4, help="nights crawled before the measured one")
    parser.add_argument("--check", metavar="SITE", help="crawl this site's measured night politely too")
    args = parser.parse_args()
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="polite-night-"))
    archive = work / "archive.db"
    room = Newsroom(day=1, port=0, per_day=args.per_day).start()
    try:
        for day in range(1, args.nights + 1):
            room.day = day
            result = crawl(room.origins, archive, FAST)
            print(f"night of day {day}: {int(result.stat('downloader/request_count'))} requests (politeness off)")
        room.day = args.nights + 1
        sites = load_sites((), room.origins)
        print(f"\nthe night of day {room.day}: {args.per_day} new articles a site, {REFRESH_DAYS} days of refresh")
        kinds = ("articles new", "articles refreshed", "comment pages", "listings, feeds, day archives", "robots.txt")
        print("| site | requests | " + " | ".join(kinds) + f" | polite night at {POLITE_DELAY:g} s a request |")
        print("|---|---|" + "---|" * len(kinds) + "---|")
        for name in SITES:
            copy = work / f"{name}.db"
            shutil.copy(archive, copy)
            known = archived_paths(copy, name)
            urls = work / f"{name}.urls"
            result = crawl(room.origins, copy, {**FAST, "BENCH_RECORD_URLS": str(urls)}, {"site": name})
            counted = Counter(kind_of(url, sites[name], known) for url in urls.read_text().split())
            counted["robots.txt"] = max(counted["robots.txt"], 1)
            requests = int(result.stat("downloader/request_count"))
            minutes = requests * POLITE_DELAY / 60
            print(f"| {name} | {requests} | " + " | ".join(str(counted[k]) for k in kinds) + f" | {minutes:.1f} min |")
        if args.check:
            copy = work / "check.db"
            shutil.copy(archive, copy)
            result = crawl(room.origins, copy, {"POLITE": True}, {"site": args.check})
            requests = int(result.stat("downloader/request_count"))
            print(f"\n{args.check} crawled politely (the crawl's defaults): {requests} requests in"
                  f" {result.stat('elapsed_time_seconds'):.0f} s of crawl ({result.seconds:.0f} s wall with start-up),"
                  f" {result.stat('elapsed_time_seconds') / requests:.2f} s a request")
    finally:
        room.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
