"""Each site's pace on its own download slot: site file, Crawl-delay, AutoThrottle, holds and stops."""

from __future__ import annotations

from time import monotonic

from scrapy import signals
from scrapy.robotstxt import ProtegoRobotParser

from scraper.politeness.blocks import SiteStopped


def test_each_site_gets_its_own_slot_one_request_at_a_time_a_second_apart_unless_its_site_file_says(polite_crawl):
    crawl = polite_crawl()
    crawl.opened()
    slots = crawl.downloader.per_slot_settings
    assert slots["ngs22"] == {"concurrency": 1, "delay": 1.0, "jitter": 0.0}  # POLITE_CONCURRENCY, POLITE_DELAY
    assert slots["bankfax"] == {"concurrency": 2, "delay": 3.0, "jitter": 0.0}  # delay = 3, concurrency = 2


def test_crawl_delay_is_applied_per_site_and_never_below_the_site_files_delay(polite_crawl):
    crawl = polite_crawl()
    crawl.opened()
    ngs22 = crawl.downloader.open_slot("ngs22")
    for site in ("bankfax", "ngs22"):
        parser = ProtegoRobotParser(b"User-agent: *\nCrawl-delay: 2\nDisallow: /search/\n", None)
        crawl.crawler.signals.send_catch_log(signal=signals.robots_parsed, robotparser=parser,
                                             request=crawl.request(site))
    assert ngs22.delay == 2.0 and crawl.downloader.per_slot_settings["ngs22"]["delay"] == 2.0
    assert crawl.downloader.per_slot_settings["bankfax"]["delay"] == 3.0  # its site file asks for more


def test_autothrottle_slows_a_slow_site_and_never_goes_below_its_minimum(polite_crawl):
    crawl = polite_crawl()
    crawl.opened()
    slot = crawl.downloader.open_slot("ngs22")
    for _ in range(10):
        crawl.downloaded(crawl.request("ngs22"), latency=0.01)
    assert slot.delay == 1.0
    crawl.downloaded(crawl.request("ngs22"), latency=4.0)
    assert slot.delay == 4.0  # one request at a time: as far apart as the site takes to answer


def test_a_held_site_sends_nothing_until_the_hold_ends_and_the_others_go_on(polite_crawl):
    crawl = polite_crawl()
    crawl.opened()
    held, other = crawl.downloader.open_slot("ngs22"), crawl.downloader.open_slot("bankfax")
    before = (other.delay, other.lastseen)
    asked = monotonic()
    crawl.throttle.hold("ngs22", 30)
    # Scrapy sends a slot's next request once `delay` has passed since `lastseen`.
    assert held.lastseen + held.delay >= asked + 30
    assert (other.delay, other.lastseen) == before
    assert crawl.crawler.stats.get_value("politeness/held_seconds/ngs22") == 30


def test_a_stopped_site_fails_what_waits_in_its_slot_and_nothing_else(polite_crawl):
    crawl = polite_crawl()
    crawl.opened()
    crawl.downloader.open_slot("ngs22")
    crawl.downloader.open_slot("bankfax")
    failed, kept = [], []
    for n in range(3):
        crawl.queue("ngs22", crawl.request("ngs22", f"/text/{n}/")).addErrback(failed.append)
    crawl.queue("bankfax", crawl.request("bankfax")).addErrback(kept.append)
    crawl.throttle.stop("ngs22", lambda request: SiteStopped("ngs22", 3))
    assert [f.value.site for f in failed] == ["ngs22"] * 3 and not crawl.downloader.slots["ngs22"].queue
    assert crawl.throttle.stopped("ngs22") and not crawl.throttle.stopped("bankfax")
    assert not kept and len(crawl.downloader.slots["bankfax"].queue) == 1


def test_off_when_politeness_is_off(polite_crawl):
    assert polite_crawl(POLITE=False).throttle is None
