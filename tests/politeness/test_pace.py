"""One site's pace: the delay it gets, never below what it asks for."""

from __future__ import annotations

from scraper.politeness.pace import FIRST_SLOWDOWN, Pace


def test_the_delay_is_the_longest_of_site_file_and_crawl_delay():
    assert Pace(delay=1.0, concurrency=1).minimum == 1.0
    assert Pace(delay=1.0, concurrency=1, crawl_delay=5).minimum == 5
    assert Pace(delay=3.0, concurrency=1, crawl_delay=1).minimum == 3.0  # never below the site file's


def test_each_block_page_doubles_the_delay_and_an_answer_ends_the_row():
    pace = Pace(delay=1.0, concurrency=1)
    assert pace.blocked(current=1.5) == 1 and pace.minimum == 3.0  # twice the delay it had come to
    assert pace.blocked(current=3.0) == 2 and pace.minimum == 6.0
    pace.answered()
    assert pace.blocks_in_a_row == 0 and pace.minimum == 6.0  # slower for the rest of the run
    assert pace.blocked(current=6.0) == 1 and pace.minimum == 12.0


def test_a_site_asked_with_no_delay_at_all_still_slows_down():
    pace = Pace(delay=0.0, concurrency=4)
    pace.blocked(current=0.0)
    assert pace.minimum == FIRST_SLOWDOWN


def test_the_later_hold_wins():
    pace = Pace(delay=1.0, concurrency=1)
    pace.hold(100.0)
    pace.hold(50.0)
    assert pace.until == 100.0
