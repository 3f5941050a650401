"""Every site's sample cases (tests/sites/<site>/<case>/), one test per case and field.

The tests are generated from the folders: a new case is a new folder, and
nothing else. The expected readings (`output.json`) are written by hand
from what the pages show.
"""

from __future__ import annotations

import pytest

from scraper.sample_cases import SampleCase, plain
from tests.sites.cases import article_params, case_params, comment_params, read_article, reading, sites


@pytest.mark.parametrize("folder, name", article_params())
def test_article_field(folder, name):
    assert read_article(folder)[name] == SampleCase(folder).output["article"][name]


@pytest.mark.parametrize("folder, name", comment_params())
def test_comment_field(folder, name):
    want = SampleCase(folder).output["comments"]
    got = plain(reading(folder).comments)
    assert len(got) == len(want)
    assert [c[name] for c in got] == [c[name] for c in want]


@pytest.mark.parametrize("folder", case_params())
def test_pages_are_the_ones_the_crawl_meets(folder):
    """Each further page is the one the page before it names; the last names none."""
    case = SampleCase(folder)
    got = reading(folder)
    if case.output.get("blocked"):
        assert got.blocked
        return
    assert not got.blocked
    urls = [entry["url"] for entry in case.meta["pages"]]
    assert got.next_urls == urls[1:] + [None]
    assert len(got.comments) == len(case.output["comments"])


def test_every_site_file_has_two_cases_written_by_hand():
    counts = {name: 0 for name in sites()}
    for param in case_params():
        counts[SampleCase(param.values[0]).site_name] += 1
    assert {name: count for name, count in counts.items() if count < 2} == {}
