"""The night's writer and the run record merged from the sites' reports, on a real temporary archive."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

from scraper.archive import open_archive
from scraper.archive.runs import start_run
from scraper.archive.writer import ArchiveWriter
from scraper.distributed.report import CrawlReport, merge
from scraper.distributed.sink import item_id
from scraper.distributed.writer import NightWriter
from scraper.items import FetchFailure
from tests.archive.demo_pages import site, snapshots

WHEN = datetime(2022, 8, 23, 16, 0, tzinfo=timezone.utc)


def _night(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    ArchiveWriter(db).save_sites([site()])
    return db, NightWriter(db, start_run(db, {}, ["bankfax"]))


def test_an_item_written_again_changes_nothing_and_counts_once(tmp_path):
    db, writer = _night(tmp_path)
    first, second = snapshots(2)
    failure = FetchFailure("bankfax", "http://127.0.0.1:8800/news/1/", "timeout", WHEN)
    for item in (first, second, failure):
        assert writer.apply(item_id("night", item), item)
    before = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("articles", "article_versions", "comments", "pages")}
    # A replay after a crash, and the same pages sent again by a retried crawl (fetched later, same bodies).
    assert not writer.apply(item_id("night", first), first)
    again = replace(second, fetched_at=WHEN.replace(hour=17))
    assert not writer.apply(item_id("night", again), again)
    assert not writer.apply(item_id("night", failure), failure)
    after = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in before}
    assert after == before
    assert writer.counts()["articles_new"] == 2 and writer.counts()["errors"] == 1
    assert db.execute("SELECT attempts FROM failed_urls").fetchone()[0] == 1
    assert writer.counts()["comments_new"] == len(first.comments) + len(second.comments)


def test_a_changed_page_is_a_new_item():
    first = next(snapshots(1))
    page = replace(first.pages[0], body=first.pages[0].body + b" ")
    assert item_id("night", first) != item_id("night", replace(first, pages=[page]))
    assert item_id("night", first) != item_id("other night", first)


def test_reports_are_kept_with_the_night_and_close_failures_of_listings_that_answered(tmp_path):
    db, writer = _night(tmp_path)
    listing = "http://127.0.0.1:8800/news/"
    ArchiveWriter(db, writer.run_id).record_failure(FetchFailure("bankfax", listing, "timeout", WHEN))
    report = CrawlReport(["bankfax"], 1, "finished", 12, {"bankfax": "2022-08-23T23:00:00+07:00"},
                         {"timeout": 1}, [], [["bankfax", listing]])
    assert writer.apply("night:report:bankfax:1", report)
    assert writer.reports() == [report]
    assert db.execute("SELECT resolved_at IS NOT NULL FROM failed_urls WHERE url = ?", [listing]).fetchone()[0]
    assert json.loads(db.execute("SELECT site_report FROM applied_items").fetchone()[0])["pages_fetched"] == 12


def _report(site: str, attempt: int = 1, reason: str = "finished", **kwargs) -> CrawlReport:
    return CrawlReport([site], attempt, reason, kwargs.pop("pages", 10), {site: "2022-08-23T23:00:00+07:00"},
                       **kwargs)


def test_one_record_a_night_judged_as_one_crawl_of_every_site_would_be():
    sites = ["bankfax", "ngs22", "vestnik22"]
    whole = [_report("bankfax", problems={"timeout": 2}), _report("ngs22"), _report("vestnik22", pages=5)]
    record = merge(sites, whole, {"articles_new": 30}, {})
    assert (record.status, record.counts["pages_fetched"], record.problems) == ("ok", 25, {"timeout": 2})
    assert sorted(record.clocks) == sites
    assert merge(sites, whole, {"errors": 1}, {}).status == "errors"
    drifted = [*whole[:2], _report("vestnik22", alarms=["vestnik22: 0 of 12 articles have a date"])]
    assert merge(sites, drifted, {}, {}).alarms == ["vestnik22: 0 of 12 articles have a date"]
    assert merge(sites, drifted, {}, {}).status == "drift"
    # A site's later attempt stands for it: a crawl that was stopped, then one that finished.
    stopped_then_done = [_report("bankfax", reason="shutdown"), *whole]
    assert merge(sites, stopped_then_done, {}, {}).status == "ok"
    # A site that never answered, or whose every attempt failed, fails the night.
    silent = merge(sites, whole[:2], {}, {})
    assert (silent.status, silent.silent) == ("failed", ["vestnik22"])
    failed = merge(sites, whole[:2], {}, {"vestnik22": "crawl of vestnik22 exited 1"})
    assert (failed.status, failed.problems) == ("failed", {"crawl failed": 1, "timeout": 2})
