"""Figures for the nightly refresh: requests and time on a small and on a big archive.

    python benchmarks/bench_refresh.py [--sizes 1000 100000] [--port 18800]

Not a test (nothing here asserts a time). For each archive size (articles
in all, over the demo newsroom's three sites), in turn:

1. an archive of the newsroom's history before day 1 (size/3 articles a
   site, with their comment threads, as they stand on day 4) is written
   through `ArchiveWriter.save_snapshot`, from the demo's own model rather
   than by crawling it (crawling 100,000 articles takes hours; the first
   article of each site is checked against what its profile reads from the
   served page: the same URL and publication time). Raw pages are stored
   as stubs, so the file is smaller than a crawled one;
2. the real crawl runs on day 4 against the demo newsroom (its own
   process, `--port`): it archives days 2-4 and records a finished run with
   the sites' clocks, as the night before would have;
3. the measured run: the real crawl on day 5, the nightly refresh: the
   day's new articles (8 + 12 + 6 = 26), the refresh window's articles
   again (conditional requests where the site gives validators), day
   archives back to the last run.

Both sizes crawl the same newsroom days, so the two refreshes face the same
news; the small archive is the baseline. Requests are Scrapy's
`downloader/request_count`; time is the crawl process's wall time (from
start, including reading what the archive holds) and the crawl's own
`elapsed_time_seconds`.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
import tempfile
import time
from datetime import timezone
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CrawlResult, crawl, machine, model_snapshot, newsroom_process, stop  # noqa: E402
from scraper.archive import open_archive  # noqa: E402
from scraper.archive.writer import ArchiveWriter  # noqa: E402
from scraper.demo.newsroom import build_sites  # noqa: E402
from scraper.demo.timeline import clock  # noqa: E402
from scraper.profiles import Page, profile_for  # noqa: E402
from scraper.sites import load_sites  # noqa: E402

HISTORY_DAY = 4  # the bulk archive shows the articles as they stand on this day
BATCH = 200  # snapshots a transaction while building (the crawl writes one each)


def origins_for(port: int) -> dict[str, str]:
    return {name: f"http://127.0.0.1:{port + i}" for i, name in enumerate(("bankfax", "ngs22", "vestnik22"))}


def build_history(path: Path, per_site: int, origins: dict[str, str]) -> tuple[int, int, float]:
    """Write each site's articles from before day 1 into a new archive; (articles, comments, seconds)."""
    start = time.perf_counter()
    sites = load_sites(origins=origins)
    db = open_archive(path)
    writer = ArchiveWriter(db)
    writer.save_sites([sites[name] for name in origins])
    fetched = clock(1).astimezone(timezone.utc)
    articles = comments = 0
    for demo in build_sites(size=per_site):
        timeline = demo.timeline
        _check(demo, sites[demo.name], timeline, origins[demo.name])
        numbers = [n for n in range(timeline.size) if timeline.removed(n, HISTORY_DAY) is None]
        for first in range(0, len(numbers), BATCH):
            with db.atomic():
                for number in numbers[first : first + BATCH]:
                    snap = model_snapshot(demo.name, origins[demo.name], timeline.article(number, HISTORY_DAY), fetched)
                    writer.save_snapshot(snap)
                    articles += 1
                    comments += len(snap.comments)
    db.close()
    return articles, comments, time.perf_counter() - start


def _check(demo, site, timeline, origin: str) -> None:
    """The model's snapshot of the newest history article still up has the URL and time the profile reads."""
    number = max(n for n in range(max(0, timeline.size - 50), timeline.size) if timeline.removed(n, HISTORY_DAY) is None)
    article = timeline.article(number, HISTORY_DAY)
    snap = model_snapshot(demo.name, origin, article, clock(HISTORY_DAY))
    path = snap.article.url.removeprefix(origin)
    reply = demo.respond(path, {}, HISTORY_DAY, origin)
    now = clock(HISTORY_DAY).astimezone(timezone.utc)
    page = Page(snap.article.url, reply.body, now, reply.status,
                {"date": format_datetime(now, usegmt=True), "content-type": reply.content_type}, reply.charset)
    read = profile_for(site).article(page)
    if (read.url, read.published.value) != (snap.article.url, snap.article.published.value):
        raise SystemExit(f"{demo.name}: the model's snapshot differs from the page: {read.url} {read.published}"
                         f" vs {snap.article.url} {snap.article.published}")


def night(day: int, per_site: int, port: int, archive: Path, log: Path) -> CrawlResult:
    newsroom, origins = newsroom_process(per_site, day, port=port)
    try:
        return crawl(origins, archive, {"LOG_LEVEL": "INFO"}, log=log)
    finally:
        stop(newsroom)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000],
                        help="archive sizes (articles over the three sites); the first is the baseline")
    parser.add_argument("--port", type=int, default=18800, help="bankfax's port; the other sites take the next two")
    parser.add_argument("--keep", type=Path, help="keep the archives and crawl logs in this folder")
    args = parser.parse_args()

    print(machine())
    origins = origins_for(args.port)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            per_site = math.ceil(size / 3)
            archive = folder / f"archive-{size}.db"
            for leftover in folder.glob(f"archive-{size}.db*"):
                leftover.unlink()
            articles, comments, seconds = build_history(archive, per_site, origins)
            print(f"size {size:,}: history written: {articles:,} articles, {comments:,} comments in {seconds:.0f} s")
            before = night(HISTORY_DAY, per_site, args.port, archive, folder / f"day{HISTORY_DAY}-{size}.log")
            print(f"size {size:,}: day {HISTORY_DAY} crawl: {before.stat('downloader/request_count'):,.0f} requests,"
                  f" {before.stat('archive/articles_new'):,.0f} new articles, {before.seconds:.1f} s")
            refresh = night(HISTORY_DAY + 1, per_site, args.port, archive, folder / f"day{HISTORY_DAY + 1}-{size}.log")
            conn = sqlite3.connect(archive)
            total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            status = conn.execute("SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
            conn.close()
            rows.append((size, total, status, refresh, archive.stat().st_size))
    print()
    print(f"nightly refresh on day {HISTORY_DAY + 1} (the newsroom's 26 new articles of the day):")
    print(f"{'archive':>9} {'articles':>9} {'MB':>6} {'run':>6} {'requests':>9} {'304s':>5} {'new':>5} {'refreshed':>9}"
          f" {'wall s':>7} {'crawl s':>8} {'ratio':>6} {'peak MiB':>8}")
    base = rows[0][3]
    for size, total, status, r, bytes_ in rows:
        print(f"{size:>9,} {total:>9,} {bytes_ / 1e6:6.0f} {status:>6} {r.stat('downloader/request_count'):9,.0f}"
              f" {r.stat('downloader/response_status_count/304'):5,.0f} {r.stat('archive/articles_new'):5,.0f}"
              f" {r.stat('archive/articles_unchanged') + r.stat('archive/articles_changed'):9,.0f}"
              f" {r.seconds:7.1f} {r.stat('elapsed_time_seconds'):8.1f} {r.seconds / base.seconds:5.2f}x"
              f" {r.peak_rss_mb:8.0f}")


if __name__ == "__main__":
    main()
