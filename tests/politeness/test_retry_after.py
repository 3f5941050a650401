"""How long a 429 or 503 asks the crawl to leave a site alone."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import Response

from scraper.politeness.retry_after import asked_wait, backoff, retry_after

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_seconds():
    assert retry_after("120") == 120.0
    assert retry_after("0") == 0.0


def test_an_http_date_is_read_against_the_sites_own_date_header():
    # The site's clock says 2022 (the demo newsroom's does): our own clock is beside the point.
    assert retry_after("Tue, 23 Aug 2022 16:00:05 GMT", "Tue, 23 Aug 2022 16:00:00 GMT", NOW) == 5.0
    assert retry_after("Sun, 01 Mar 2026 12:00:30 GMT", None, NOW) == 30.0  # no Date header: our clock
    assert retry_after("Sun, 01 Mar 2026 11:59:00 GMT", None, NOW) == 0.0  # already past


def test_nonsense_says_nothing():
    for value in (None, "", "soon", "-5", "1.5", "Sun, 99 Foo 2026"):
        assert retry_after(value, None, NOW) is None, value


def test_from_the_answer_headers():
    answer = Response("http://127.0.0.1:1/", status=429, headers={
        "Retry-After": "Tue, 23 Aug 2022 16:00:02 GMT", "Date": "Tue, 23 Aug 2022 16:00:00 GMT"})
    assert asked_wait(answer) == 2.0
    assert asked_wait(Response("http://127.0.0.1:1/", status=503)) is None


def test_without_retry_after_the_wait_doubles_with_each_retry():
    assert [backoff(2.0, n, 60.0) for n in range(7)] == [2, 4, 8, 16, 32, 60, 60]
