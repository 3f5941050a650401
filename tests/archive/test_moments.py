"""Timestamps as archive columns: the same text, however it is computed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from scraper.archive.moments import moment_columns, moment_values, utc
from scraper.dates import MINUTE, Timestamp

MOMENTS = [
    datetime(2022, 8, 22, 16, 21, tzinfo=ZoneInfo("Asia/Barnaul")),
    datetime(2022, 12, 31, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2023, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Moscow")),
    datetime(2024, 2, 29, 12, 0, 1, 5, tzinfo=timezone.utc),
    datetime(999, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    datetime(1, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=3))),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_utc_is_iso_text_in_utc_to_the_second(moment):
    assert utc(moment) == moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_columns_and_their_values_agree():
    stamp = Timestamp("22.08.2022 16:21", MOMENTS[0], MINUTE)
    assert moment_columns("published", stamp) == {
        "published_at": "2022-08-22T09:21:00Z",
        "published_local": "2022-08-22T16:21:00+07:00",
        "published_raw": "22.08.2022 16:21",
        "published_precision": "minute",
    }
    assert tuple(moment_columns("published", stamp).values()) == moment_values(stamp)
    unread = Timestamp("вчера", None, MINUTE)
    assert moment_values(unread) == (None, None, "вчера", None)
