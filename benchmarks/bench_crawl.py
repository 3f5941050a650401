"""Figures for the crawl: pages per second of the full pipeline, beside a bare download-only spider.

    python benchmarks/bench_crawl.py [--size 3334] [--pages 5000] [--day 1]

Not a test (nothing here asserts a time). The demo newsroom runs in its own
process (`python -m scraper.demo serve`, `--size` articles a site before
day 1: the default 3,334 makes about 10,000 articles over its three sites),
and three crawls, each a fresh process, read the same pages of it:

1. full: the real spider with every pipeline, writing a fresh archive
   (extract with the site profiles, parse dates, write the archive), stopped
   after `--pages` responses (CLOSESPIDER_PAGECOUNT; 0 crawls the newsroom
   whole). It also reads the CPU time of its processes in the same run
   (see crawl_runner.py) and records the URLs it fetched;
2. bare: a spider that downloads exactly those URLs and does nothing with
   them, with the same Scrapy settings (concurrency, retries, robots.txt;
   the project's own offsite middlewares, which need the real spider, off);
3. no archive: the real spider with the archive pipeline switched off
   (extraction, dates and the drift figures, no writes), on a fresh archive.

Pages per second is responses over the crawl's own elapsed time (Scrapy's
`elapsed_time_seconds`, from the engine's start to its stop). The breakdown
gives the CPU a full-crawl page costs each of its processes (the crawl's
own, which fetches and decides what to fetch next; the page reader; the
archive's writer), from the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CrawlResult, crawl, machine, newsroom_process, stop  # noqa: E402


# The bare crawl has none of the project's extensions but its garbage collection, as the real crawl has it.
SAME_GC = {"scraper.extensions.FewerCollections": 0}


def rate(result: CrawlResult) -> float:
    return result.stat("downloader/response_count") / max(result.stat("elapsed_time_seconds", 1e-9), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=3334, help="demo articles a site before day 1")
    parser.add_argument("--pages", type=int, default=5000, help="responses the full crawl stops after (0: all)")
    parser.add_argument("--day", type=int, default=1, help="the newsroom's day")
    parser.add_argument("--keep", type=Path, help="keep the archives and logs in this folder")
    parser.add_argument("--turns", type=int, default=1, help="run the three crawls this many times, in turns;"
                        " the median rate of each is reported")
    parser.add_argument("--profile", type=int, default=0, metavar="PAGES",
                        help="afterwards, one more full crawl of PAGES pages under pyinstrument (not timed);"
                        " its profile goes to benchmarks/profiles/crawl.txt and .html")
    args = parser.parse_args()

    print(machine())
    newsroom, origins = newsroom_process(args.size, args.day)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            urls = folder / "urls.txt"
            limit = {"CLOSESPIDER_PAGECOUNT": args.pages} if args.pages else {}
            turns: dict[str, list[CrawlResult]] = {"full": [], "bare": [], "extract": []}
            for turn in range(args.turns):
                for leftover in folder.glob("*.db*"):
                    leftover.unlink()  # every crawl starts from an empty archive
                turns["full"].append(crawl(
                    origins, folder / "full.db", {**limit, "BENCH_RECORD_URLS": str(urls)},
                    log=folder / "full.log"))
                turns["bare"].append(crawl(
                    origins, folder / "bare.db", {"BENCH_URLS_FILE": str(urls), "ITEM_PIPELINES": {}, "EXTENSIONS": SAME_GC,
                                                  "DOWNLOADER_MIDDLEWARES": {}}, spider="bare", log=folder / "bare.log"))
                turns["extract"].append(crawl(
                    origins, folder / "extract.db",
                    {**limit, "ITEM_PIPELINES": {"scraper.pipelines.QualityPipeline": 300}}, log=folder / "extract.log"))
            full, bare, extract = (sorted(results, key=rate)[len(results) // 2] for results in turns.values())
            if args.profile:
                out = Path(__file__).resolve().parent / "profiles" / "crawl.txt"
                out.parent.mkdir(exist_ok=True)
                for leftover in folder.glob("profiled.db*"):
                    leftover.unlink()
                crawl(origins, folder / "profiled.db", {"CLOSESPIDER_PAGECOUNT": args.profile, "BENCH_PROFILE": str(out)},
                      log=folder / "profiled.log")
    finally:
        stop(newsroom)

    pages = full.stat("downloader/response_count")
    print(f"demo newsroom: {args.size:,} articles a site before day {args.day} (3 sites), day {args.day};"
          f" full crawl stopped after {args.pages or 'all'} pages; {args.turns} turn(s), the median shown")
    if args.turns > 1:
        for name, results in turns.items():
            print(f"  {name:8} pages/s in each turn: {', '.join(f'{rate(r):.1f}' for r in results)}")
    print(f"full crawl: {pages:,.0f} responses, {full.stat('item_scraped_count'):,.0f} items,"
          f" {full.stat('archive/comments_new'):,.0f} comments archived,"
          f" {full.stat('response_received_count'):,.0f} responses received")
    print()
    print(f"{'crawl':42} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'CPU s':>7} {'ratio':>6}")
    base = rate(bare)
    for label, result in (("bare: download only (baseline)", bare),
                          ("extract + dates + drift figures, no archive", extract),
                          ("full pipeline (extract, dates, archive)", full)):
        print(f"{label:42} {result.stat('downloader/response_count'):7,.0f} {result.stat('elapsed_time_seconds'):8.1f}"
              f" {rate(result):8.1f} {result.stat('bench/cpu_seconds') + result.stat('bench/writer_cpu_seconds'):7.1f} {rate(result) / base:5.2f}x")
    print()
    elapsed = full.stat("elapsed_time_seconds")
    print(f"CPU of the full crawl's processes, same run ({pages:,.0f} pages, {elapsed:.1f} s):")
    print(f"{'process':42} {'CPU s':>7} {'ms/page':>8} {'of a core':>10}")
    processes = [("the crawl's own (fetching, deciding what next)", full.stat("bench/cpu_seconds")),
                 ("page reader (profiles, dates)", full.stat("bench/cpu_seconds/page-reader")),
                 ("archive writer", full.stat("bench/cpu_seconds/archive-writer"))]
    for label, seconds in processes:
        print(f"{label:42} {seconds:7.1f} {seconds / pages * 1000:8.2f} {seconds / elapsed:10.0%}")
    if args.profile:
        print(f"\nprofile of a further full crawl ({args.profile} pages, pyinstrument): benchmarks/profiles/crawl.txt")


if __name__ == "__main__":
    main()
