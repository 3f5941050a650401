"""What a 429/503 and a bot-block page do to a site's pace, and to the request."""

from __future__ import annotations

from time import monotonic

import pytest
from scrapy import Request

from scraper.demo.bankfax import blocked_page
from scraper.politeness.blocks import BotBlocks, SiteStopped
from scraper.politeness.retry_after import WAITED, RetryAfter


@pytest.fixture
def crawl(polite_crawl):
    crawl = polite_crawl()
    crawl.retry_after = RetryAfter(crawl.crawler)
    crawl.blocks = BotBlocks(crawl.crawler)
    crawl.opened()
    for site in ("bankfax", "ngs22"):
        crawl.downloader.open_slot(site)
    return crawl


def next_request_not_before(crawl, site: str) -> float:
    slot = crawl.downloader.slots[site]
    return slot.lastseen + slot.delay


def test_retry_after_holds_the_site_and_asks_again_without_spending_a_retry(crawl):
    request = crawl.request("ngs22", retry_times=1)
    asked = monotonic()
    response = crawl.downloaded(request, status=429, headers={"Retry-After": "20"})
    assert next_request_not_before(crawl, "ngs22") >= asked + 20
    assert next_request_not_before(crawl, "bankfax") < asked + 20
    again = crawl.retry_after.process_response(request, response)
    assert isinstance(again, Request) and again.url == request.url and again.dont_filter
    assert again.meta["retry_times"] == 1 and again.meta[WAITED] == 20
    assert crawl.crawler.stats.get_value("politeness/retry_after/ngs22") == 1


def test_without_retry_after_the_site_backs_off_and_scrapys_retry_counts(crawl):
    for retries, wait in ((0, 2), (1, 4), (2, 8)):
        request = crawl.request("ngs22", retry_times=retries) if retries else crawl.request("ngs22")
        asked = monotonic()
        response = crawl.downloaded(request, status=503)
        assert next_request_not_before(crawl, "ngs22") >= asked + wait
        assert crawl.retry_after.process_response(request, response) is response  # RetryMiddleware's to retry


def test_a_wait_beyond_retry_after_max_is_left_for_the_next_run(crawl):
    request = crawl.request("ngs22", **{WAITED: 590.0})
    response = crawl.downloaded(request, status=429, headers={"Retry-After": "20"})
    assert crawl.retry_after.process_response(request, response) is response
    assert request.meta["dont_retry"] is True


def test_other_answers_pass(crawl):
    request = crawl.request("ngs22")
    response = crawl.downloaded(request, status=500)
    assert crawl.retry_after.process_response(request, response) is response


def test_block_pages_double_the_delay_and_a_few_in_a_row_stop_the_site(crawl):
    slot = crawl.downloader.slots["bankfax"]
    assert slot.delay == 3.0
    crawl.downloaded(crawl.request("bankfax"), status=403, body=blocked_page().encode())
    assert slot.delay == 6.0
    crawl.downloaded(crawl.request("bankfax"), status=200, body=b"<html><h1>News</h1></html>")  # not in a row
    crawl.downloaded(crawl.request("bankfax"), status=200, body=blocked_page().encode())  # a block page sent as 200
    assert slot.delay == 12.0
    waiting = []
    crawl.queue("bankfax", crawl.request("bankfax", "/news/160001/")).addErrback(waiting.append)
    crawl.downloaded(crawl.request("bankfax"), status=403, body=blocked_page().encode())
    assert crawl.crawler.stats.get_value("problems/blocked") is None and not crawl.throttle.stopped("bankfax")
    crawl.downloaded(crawl.request("bankfax"), status=403, body=blocked_page().encode())
    assert crawl.throttle.stopped("bankfax") and crawl.crawler.stats.get_value("problems/blocked") == 1
    assert [type(f.value) for f in waiting] == [SiteStopped]
    assert str(waiting[0].value) == "not fetched: bankfax was stopped for this run after 3 bot-block pages in a row"
    with pytest.raises(SiteStopped):
        crawl.blocks.process_request(crawl.request("bankfax", "/news/160002/"))
    assert crawl.blocks.process_request(crawl.request("ngs22")) is None  # the other site goes on
