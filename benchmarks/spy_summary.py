"""Shares of a crawl's main thread, from a py-spy raw profile: where a crawl's time goes.

    py-spy record --idle --rate 250 --format raw -o crawl.txt -- \\
        python benchmarks/crawl_runner.py regional_news SETTINGS_JSON '{}' stats.json
    python benchmarks/spy_summary.py crawl.txt

Each stack sampled on the main thread (the one running `CrawlerProcess.start`)
is put in one group by what it is in: waiting in the event loop, the
spider's callbacks, the archive or quality pipeline, other project code,
Scrapy's HTTP client, or the rest of Scrapy (with the shares of two of
its costs, `_parallel_asyncio` and `is_generator_with_return_value`).
BENCHMARKS.md quotes its output.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

GROUPS = [
    ("spider: article and comment pages (profiles, page_of, dates)", ("parse_article", "parse_comments")),
    ("spider: listings, feeds, sitemaps", ("parse_listing", "parse_feed", "parse_sitemap")),
    ("archive pipeline (ArchiveWriter)", ("scraper/pipelines/archive.py",)),
    ("quality pipeline", ("scraper/pipelines/quality.py",)),
    ("other project code (middlewares, extensions)", ("scraper/",)),
    ("Scrapy/Twisted HTTP download", ("http11.py", "twisted/web")),
    ("Scrapy engine, scheduler, middlewares, signals", ("scrapy/",)),
]
SCRAPY_COSTS = ("_parallel_asyncio", "is_generator_with_return_value")


def summary(lines: list[str]) -> tuple[int, Counter, Counter]:
    """(main-thread samples, samples by group, samples of Scrapy's named costs)."""
    groups: Counter = Counter()
    costs: Counter = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rpartition(" ")
        if "crawler.py" not in stack or "start" not in stack:
            continue  # not the main thread
        frames, n = stack.split(";"), int(count)
        total += n
        if "_run_once (asyncio/base_events.py" in stack and ("select" in frames[-1] or "poll" in frames[-1]):
            groups["waiting for I/O (event loop select)"] += n
            continue
        group = next((name for name, keys in GROUPS if any(k in stack for k in keys)), "other (asyncio, reactor)")
        groups[group] += n
        if group.startswith("Scrapy engine"):
            for cost in SCRAPY_COSTS:
                if cost in stack:
                    costs[cost] += n
    return total, groups, costs


def main() -> None:
    total, groups, costs = summary(Path(sys.argv[1]).read_text().splitlines())
    print(f"main-thread samples: {total}")
    for name, n in groups.most_common():
        print(f"  {n / total:6.1%}  {name}")
    for name, n in costs.most_common():
        print(f"  {n / total:6.1%}    of Scrapy's share: {name}")


if __name__ == "__main__":
    main()
