"""One crawl run as its parts share it (scraper.run): what its record says comes from it alone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.known import KnownSite, Validators
from scraper.planning import Window
from scraper.quality import Thresholds
from scraper.run import CrawlRun
from scraper.sites import load_sites
from tests.archive.snapshots import comment, snapshot

BARNAUL = ZoneInfo("Asia/Barnaul")
SITES = load_sites(origins={"bankfax": "http://127.0.0.1:1", "ngs22": "http://127.0.0.1:2"})


class Archive:
    """An ArchiveView that knows nothing: a first run."""

    def site(self, name: str, here=None) -> KnownSite:
        return KnownSite()

    def validators(self, site: str, url: str) -> Validators:
        return Validators()

    def stored_page(self, url: str):
        return None

    def stored_article(self, site: str, url: str):
        return None

    def close(self) -> None:
        pass


def run(*names: str, thresholds: Thresholds = Thresholds()) -> CrawlRun:
    return CrawlRun.plan({}, {name: SITES[name] for name in names}, Window(), Archive(), 100, thresholds=thresholds)


def test_a_site_s_first_answer_sets_its_clock_once():
    crawl = run("bankfax")
    first, later = datetime(2022, 8, 23, 23, tzinfo=BARNAUL), datetime(2022, 8, 24, 1, tzinfo=BARNAUL)
    assert crawl.set_clock("bankfax", first) and not crawl.set_clock("bankfax", later)
    assert crawl.clocks == {"bankfax": first} and crawl.plans["bankfax"].now == first


def test_the_status_comes_from_the_run_in_the_order_of_what_matters():
    crawl = run("bankfax", "ngs22", thresholds=Thresholds(min_articles=1))
    crawl.set_clock("bankfax", datetime(2022, 8, 23, 23, tzinfo=BARNAUL))
    assert crawl.silent_sites() == ["ngs22"] and crawl.status("finished") == "failed"
    crawl.set_clock("ngs22", datetime(2022, 8, 23, 23, tzinfo=BARNAUL))
    assert crawl.status("finished") == "ok" and crawl.status("shutdown") == "failed"
    crawl.count("errors")
    assert crawl.status("finished") == "errors"
    crawl.observe(snapshot(title="", body=""))  # an article without a headline or a text: the site drifted
    assert crawl.drift_alarms() and crawl.status("finished") == "drift"


def test_what_an_article_lacks_is_said_and_counted_for_drift():
    crawl = run("bankfax")
    found = crawl.observe(snapshot(title="", comments=[comment("1", "а"), comment("1", "б")]))
    assert [kind for kind, _ in found] == ["no title", "duplicate comment id"]
    assert crawl.figures["bankfax"].articles == 1 and crawl.figures["bankfax"].with_title == 0


def test_counts_and_problems_are_the_run_s_and_mirrored_in_the_crawl_s_stats():
    class Stats(dict):
        def inc_value(self, key: str, n: int = 1) -> None:
            self[key] = self.get(key, 0) + n

    crawl = run("bankfax")
    crawl.count("articles_new", 2)
    crawl.problem("blocked")
    assert (crawl.counts, crawl.problems) == ({"articles_new": 2}, {"blocked": 1})
    crawl.stats = Stats()
    crawl.count("articles_new")
    crawl.problem("blocked")
    assert crawl.counts == {"articles_new": 3} and crawl.stats == {"archive/articles_new": 1, "problems/blocked": 1}
