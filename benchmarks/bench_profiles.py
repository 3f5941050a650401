"""Figures for the profiles: what reading one saved page costs.

    python benchmarks/bench_profiles.py [--repeat 200]

Not a test (nothing here asserts a time): it prints the median cost of
reading one page (article and its comments, from a fresh Page, as the crawl
does), beside a baseline measured in the same run: parsing the same page
with parsel and running one CSS query. "of it dates" is the mean share spent
in `scraper.dates` reading the page's timestamps. The saved pages and what
they should read are the tests' own (`tests/profiles/expected.py`, which
stays with the tests that check them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsel import Selector  # noqa: E402

from scraper.profiles import Profile  # noqa: E402
from scraper.profiles.generic import GenericProfile  # noqa: E402
from scraper.profiles.selectors import SelectorsProfile  # noqa: E402
from scraper.sites import load_site  # noqa: E402
from tests.profiles.expected import FIXTURES, Fixture  # noqa: E402

CASES = [
    ("bankfax profile", Fixture("bankfax", "seed_article"), None),
    ("selectors (bankfax as a site file)", Fixture("bankfax", "seed_article"), "bankfax_as_selectors.toml"),
    ("selectors (vesti22)", Fixture("selectors", "vesti_article"), None),
    ("generic, JSON-LD", Fixture("generic", "jsonld_only"), None),
    ("generic, microdata", Fixture("generic", "microdata_only"), None),
    ("generic, OpenGraph + trafilatura", Fixture("generic", "opengraph_only"), None),
    ("generic, trafilatura only", Fixture("generic", "neither"), None),
    ("generic on bankfax (trafilatura)", Fixture("bankfax", "seed_article"), "generic"),
]


def _profile(fixture: Fixture, other: str | None) -> Profile:
    if other == "generic":
        return GenericProfile(fixture.site())
    if other:
        return SelectorsProfile(load_site(FIXTURES / "selectors" / other))
    return fixture.profile()


def _median_ms(work, repeat: int) -> float:
    work()  # warm up: imports, dateparser's language data
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat
    print(f"{'profile':38} {'page':>7} {'ms/page':>8} {'of it dates':>11} {'parsel ms':>10} {'ratio':>6}")
    for label, fixture, other in CASES:
        page = fixture.page()
        profile = _profile(fixture, other)
        dates = _time_dates(profile)

        def read(page=page, profile=profile):
            fresh = replace(page)  # no cached parse carried over
            article = profile.article(fresh)
            profile.comments(fresh, article)

        def baseline(page=page):
            Selector(text=page.body.decode(page.encoding)).css("h1").get()

        cost, base = _median_ms(read, repeat), _median_ms(baseline, repeat)
        dates_ms = 1000 * sum(dates) / (repeat + 1)
        print(
            f"{label:38} {len(page.body) / 1024:6.1f}K {cost:8.2f} {dates_ms:11.2f} {base:10.2f} {cost / base:6.1f}"
        )


def _time_dates(profile: Profile) -> list[float]:
    """Time spent reading timestamps (scraper.dates), kept apart from extraction."""
    spent: list[float] = []
    read_timestamp = profile.timestamp

    def timed(raw, page):
        start = time.perf_counter()
        try:
            return read_timestamp(raw, page)
        finally:
            spent.append(time.perf_counter() - start)

    profile.timestamp = timed
    return spent


if __name__ == "__main__":
    main()
