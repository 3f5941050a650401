"""Figures for memory: peak RSS of the crawl process over a long crawl.

    python benchmarks/bench_memory.py [--pages 50000] [--size 20000]

Not a test (nothing here asserts a size). The real crawl, with every
pipeline, runs in its own process against the demo newsroom (its own
process; `--size` articles a site before day 1, so that there are more pages
than `--pages`) into a fresh archive, and stops after `--pages` responses
(CLOSESPIDER_PAGECOUNT). Its RSS is polled from /proc every 0.2 s by this
script and written every two seconds by the crawl itself, with the pages
read so far; the peak is the larger of the polled peak and the child's own
`ru_maxrss`. The baseline is the same process early on: its RSS once it has
read its first 1,000 pages (imports, Scrapy, the sites' profiles, the
archive opened), so the ratio says how much the crawl grows as it goes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import crawl, machine, newsroom_process, stop  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50_000, help="responses the crawl stops after")
    parser.add_argument("--size", type=int, default=20_000, help="demo articles a site before day 1")
    parser.add_argument("--keep", type=Path, help="keep the archive, log and RSS trace in this folder")
    args = parser.parse_args()

    print(machine())
    newsroom, origins = newsroom_process(args.size, 1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            trace = folder / "rss.txt"
            for leftover in folder.glob("memory.db*"):
                leftover.unlink()  # a fresh archive: a kept one would make this an incremental crawl
            result = crawl(origins, folder / "memory.db",
                           {"CLOSESPIDER_PAGECOUNT": args.pages, "BENCH_RSS_TRACE": str(trace), "LOG_LEVEL": "INFO"},
                           log=folder / "memory.log")
            samples = [tuple(float(x) for x in line.split()) for line in trace.read_text().splitlines() if line]
            archive_mb = (folder / "memory.db").stat().st_size / 1e6
    finally:
        stop(newsroom)

    pages = result.stat("downloader/response_count")
    early = next((rss for _, seen, rss in samples if seen >= 1000), samples[-1][2] if samples else 1) / 1024
    print(f"demo newsroom: {args.size:,} articles a site; crawl stopped after {args.pages:,} pages:"
          f" {pages:,.0f} responses, {result.stat('item_scraped_count'):,.0f} items,"
          f" {result.stat('archive/comments_new'):,.0f} comments, in {result.seconds:.0f} s; archive {archive_mb:,.0f} MB")
    print()
    print(f"{'':40} {'RSS MiB':>8} {'ratio':>6}")
    print(f"{'after the first 1,000 pages (baseline)':40} {early:8.0f} {1:5.2f}x")
    print(f"{'peak over the crawl':40} {result.peak_rss_mb:8.0f} {result.peak_rss_mb / early:5.2f}x")
    print(f"{'peak PSS, the crawl with its side processes':40} {result.peak_pss_mb:8.0f}"
          "  (the page reader and the archive's writer, forked from the crawl, counted in)")
    print()
    print("RSS as the crawl went (pages read: MiB):")
    step = max(1, len(samples) // 12)
    print("  " + ", ".join(f"{seen:,.0f}: {rss / 1024:.0f}" for _, seen, rss in samples[::step]))


if __name__ == "__main__":
    main()
