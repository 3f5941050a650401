"""Day N+1 against day N, read over HTTP as a crawl reads the sites.

From one day to the next: new articles at the top of listings, feeds and
sitemaps, older ones pushed down; new comments; some articles edited with a
visible modified time; some comments deleted by moderators (never one with
replies); now and then an article removed (404, or a redirect to the front
page). Nothing else changes.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from scraper.demo import changes
from scraper.demo.newsroom import build_sites, running
from scraper.demo.timeline import clock
from tests.demo.reader import Answer, Seen, SiteReader

SITES = ["bankfax", "ngs22", "vestnik22"]
_BANKFAX_MODIFIED = re.compile(rb'itemprop="dateModified" datetime="([^"]+)"')


def eventful_day(name: str) -> int:
    """The first day whose next day brings a removal, an edit and a moderator's deletion.

    Chosen from the demo's model, so the comparison below, made over HTTP,
    has every kind of change to look at.
    """
    site = next(s for s in build_sites() if s.name == name)
    timeline = site.timeline
    for day in range(1, 40):
        now, then = clock(day), clock(day + 1)
        removed = set(timeline.removed_numbers(day + 1)) - set(timeline.removed_numbers(day))
        edited = any(
            now < edit.moment <= then
            for n in range(timeline.count(day))
            for edit in changes.edits(timeline.seed, timeline.site, n, timeline.published(n))
        )
        deleted = any(
            comment.deleted_at and now < comment.deleted_at <= then
            for article in site.catalog.articles(day, 0, site.catalog.count(day))
            for comment in article.comments
        )
        if edited and deleted and any(n < timeline.count(day) for n in removed):
            return day
    raise AssertionError(f"no eventful day for {name} in 40 days")


class Day:
    """What a site shows on one day: its article list and every article read whole."""

    def __init__(self, reader: SiteReader, day: int):
        self.day = day
        self.urls = reader.articles()
        self.feed = reader.feed() if reader.site.discovery.feeds else None
        self.seen: dict[str, Seen] = {}
        for url in self.urls:
            seen = reader.read(url)
            assert isinstance(seen, Seen), (url, seen)
            self.seen[url] = seen
        if not reader.site.discovery.listings:
            # A sitemap orders by last modification; the newest are the latest published.
            self.urls.sort(key=lambda url: self.seen[url].article.published.value, reverse=True)


@pytest.fixture(scope="module")
def newsroom_days():
    """(name) -> (day N, day N+1, reader on day N+1), read once per module."""
    found = {}
    with running(port=0) as room:

        def read(name: str) -> tuple[Day, Day, SiteReader]:
            if name not in found:
                day = eventful_day(name)
                reader = SiteReader(room.origins, name)
                room.day = day
                before = Day(reader, day)
                room.day = day + 1
                found[name] = (before, Day(reader, day + 1), reader)
            room.day = found[name][1].day
            return found[name]

        yield read


def _window(moment: datetime | None, before: Day, after: Day) -> bool:
    return moment is not None and clock(before.day) < moment <= clock(after.day)


def _modified(name: str, seen: Seen, reader: SiteReader) -> datetime | None:
    if seen.article.modified.value or name != "bankfax":
        return seen.article.modified.value
    # The bankfax profile reads no modified time; the page shows one all the same.
    found = _BANKFAX_MODIFIED.search(reader.get(seen.article.url).body)
    if not found:
        return None
    return datetime.fromisoformat(found.group(1).decode()).replace(tzinfo=clock(1).tzinfo)


@pytest.mark.parametrize("name", SITES)
def test_new_articles_on_top_and_the_rest_pushed_down(newsroom_days, name):
    before, after, _ = newsroom_days(name)
    new = [url for url in after.urls if url not in before.urls]
    gone = [url for url in before.urls if url not in after.urls]
    assert new
    assert after.urls == new + [url for url in before.urls if url not in gone]
    for url in new:
        assert _window(after.seen[url].article.published.value, before, after), url
    if after.feed is not None:
        assert after.feed[: len(new)] == new
        assert not set(gone) & set(after.feed)


@pytest.mark.parametrize("name", SITES)
def test_removed_articles_answer_404_or_go_to_the_front_page(newsroom_days, name):
    before, after, reader = newsroom_days(name)
    gone = [url for url in before.urls if url not in after.urls]
    assert gone
    for url in gone:
        answer = reader.read(url)
        assert isinstance(answer, Answer)
        assert answer.status == 404 or (answer.status == 301 and answer.headers["location"] == reader.origin + "/")


@pytest.mark.parametrize("name", SITES)
def test_edits_show_a_modified_time_and_nothing_else_changes(newsroom_days, name):
    before, after, reader = newsroom_days(name)
    edited = 0
    for url in set(before.urls) & set(after.urls):
        old, new = before.seen[url].article, after.seen[url].article
        assert (old.lead, old.authors, old.tags, old.published) == (new.lead, new.authors, new.tags, new.published)
        if (old.title, old.body) != (new.title, new.body):
            edited += 1
            assert _window(_modified(name, after.seen[url], reader), before, after), url
        else:
            assert old.modified == new.modified
    assert edited


@pytest.mark.parametrize("name", SITES)
def test_new_comments_arrive_and_moderators_delete_only_comments_without_replies(newsroom_days, name):
    before, after, _ = newsroom_days(name)
    arrived = deleted = 0
    for url in set(before.urls) & set(after.urls):
        old = {c.comment_id: c for c in before.seen[url].comments}
        new = {c.comment_id: c for c in after.seen[url].comments}
        for comment_id in new.keys() - old.keys():
            arrived += 1
            assert _window(new[comment_id].posted.value, before, after), (url, comment_id)
        parents = {c.parent_id for c in old.values()}
        for comment_id in old.keys() - new.keys():
            deleted += 1
            assert comment_id not in parents, (url, comment_id)
        for comment_id in old.keys() & new.keys():
            assert (old[comment_id].author, old[comment_id].text) == (new[comment_id].author, new[comment_id].text)
            assert old[comment_id].posted.value == new[comment_id].posted.value
        assert after.seen[url].article.comment_count_shown == len(after.seen[url].comments)
    assert arrived and deleted
