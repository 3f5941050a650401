"""A row's date as index terms, and a period as the fewest terms that say it."""

from __future__ import annotations

import re
from datetime import date

from scraper.periods import COLUMN, MARK, NOTHING, expression, terms


def said(first: date, last: date) -> list[str]:
    text = expression(first, last)
    return [t.replace(MARK, "") for t in re.findall(r'"([^"]*)"', text)]


def test_a_local_time_gives_its_day_month_and_year():
    assert terms("2022-12-15T10:00:00+07:00") == f"{MARK}20221215 {MARK}202212 {MARK}2022"
    assert terms(None) == terms("") == terms("2022") == terms("в прошлый вторник") == ""


def test_whole_years_and_months_are_one_term_each_and_the_rest_days():
    assert said(date(2022, 12, 1), date(2022, 12, 31)) == ["202212"]
    assert said(date(2022, 1, 1), date(2022, 12, 31)) == ["2022"]
    assert said(date(2021, 11, 29), date(2023, 2, 2)) == [
        "20211129", "20211130", "202112", "2022", "202301", "20230201", "20230202"]
    assert said(date(2024, 2, 1), date(2024, 2, 29)) == ["202402"]  # a leap February is whole
    assert said(date(2022, 8, 22), date(2022, 8, 22)) == ["20220822"]


def test_every_day_of_a_period_is_said_once():
    first, last = date(2019, 12, 30), date(2022, 3, 3)
    covered = set()
    for term in said(first, last):
        year = int(term[:4])
        if len(term) == 4:
            days = {d for d in _days(date(year, 1, 1), date(year, 12, 31))}
        elif len(term) == 6:
            month = int(term[4:])
            days = {d for d in _days(date(year, month, 1), date(year, 12, 31)) if d.month == month}
        else:
            days = {date(year, int(term[4:6]), int(term[6:]))}
        assert not covered & days
        covered |= days
    assert covered == set(_days(first, last))


def test_a_period_with_no_day_finds_nothing_and_the_calendars_ends_are_safe():
    assert expression(date(2022, 8, 23), date(2022, 8, 22)) == NOTHING
    assert NOTHING.startswith(COLUMN)
    assert said(date(9999, 12, 30), date.max) == ["99991230", "99991231"]
    assert said(date.min, date(1, 1, 2)) == ["00010101", "00010102"]


def _days(first: date, last: date):
    from datetime import timedelta

    while first <= last:
        yield first
        first += timedelta(days=1)
