"""Times are shown only as precisely as the site printed them."""

from __future__ import annotations

import pytest

from scraper.web.present import local_time

MOMENT = "2022-08-22T16:58:07+07:00"


@pytest.mark.parametrize(
    "precision, shown",
    [
        ("second", "22.08.2022 16:58:07"),
        ("minute", "22.08.2022 16:58"),
        ("hour", "22.08.2022 16:00–16:59"),
        ("day", "22.08.2022"),
        ("week", "неделя с 22.08.2022"),
        ("month", "08.2022"),
        ("year", "2022"),
    ],
)
def test_each_precision_shows_no_more_than_the_site_printed(precision, shown):
    assert local_time(MOMENT, precision) == shown


def test_no_time_and_unreadable_time():
    assert local_time(None) == ""
    assert local_time("вчера") == "вчера"  # shown as stored rather than hidden
