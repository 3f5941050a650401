"""What a site's crawl reports at its end, and the night's one run record merged from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field


@dataclass
class CrawlReport:
    """The end of one attempt at a site, as the crawl saw it (the writer counts what the archive changed)."""

    sites: list[str]
    attempt: int
    reason: str  # why the crawl closed: "finished", or what stopped it
    pages_fetched: int = 0
    clocks: dict[str, str] = field(default_factory=dict)  # site -> its own time when it first answered
    problems: dict[str, int] = field(default_factory=dict)
    alarms: list[str] = field(default_factory=list)
    # Listing, feed and sitemap pages that answered, as [site, URL]: their earlier failures are over.
    answered: list[list[str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class NightRecord:
    """The night's `crawl_runs` row: every site's last report, and what the writer counted."""

    status: str
    counts: dict[str, int]
    clocks: dict[str, str]
    problems: dict[str, int]
    alarms: list[str]
    silent: list[str]


def merge(sites: list[str], reports: list[CrawlReport], counts: Mapping[str, int],
          failed: Mapping[str, str]) -> NightRecord:
    """One record for the night, judged as a crawl of all its sites on one machine would be.

    `reports` are in the order written (a site's later attempt replaces an
    earlier one's); `failed` names the sites whose every attempt failed.
    """
    last: dict[str, CrawlReport] = {}
    for report in reports:
        for site in report.sites:
            last[site] = report
    clocks: dict[str, str] = {}
    problems: Counter = Counter()
    alarms: list[str] = []
    pages = 0
    unfinished = False
    for report in {id(r): r for r in last.values()}.values():
        clocks.update(report.clocks)
        problems.update(report.problems)
        alarms.extend(report.alarms)
        pages += report.pages_fetched
        unfinished = unfinished or report.reason != "finished"
    for site in failed:
        problems["crawl failed"] += 1
    silent = sorted(set(sites) - set(clocks))
    totals = {**{name: int(value) for name, value in counts.items()}, "pages_fetched": pages}
    if unfinished or silent or failed:
        status = "failed"
    elif alarms:
        status = "drift"
    elif totals.get("errors"):
        status = "errors"
    else:
        status = "ok"
    return NightRecord(status, totals, clocks, dict(sorted(problems.items())), alarms, silent)
