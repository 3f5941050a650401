"""What a site lists on a day, newest first, computed a slice at a time.

Listings, feeds, day archives and sitemaps ask for a slice (page 5000 of a
100,000-article site, or one month), never for the whole list: positions
are computed from the timeline, with the few hand-made articles (the seed)
slotted in by publication time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scraper.demo.changes import EDIT_REACH, Removal
from scraper.demo.content import Headline
from scraper.demo.model import DemoArticle
from scraper.demo.timeline import Timeline, at_day, clock
from scraper.demo.words import slug


@dataclass(frozen=True)
class Entry:
    """An article as a listing, feed or sitemap points to it."""

    article_id: int
    published: datetime
    headline: Headline
    number: int | None = None  # None for a hand-made article


class Catalog:
    def __init__(self, timeline: Timeline, extras: Iterable[DemoArticle] = ()):
        self.timeline = timeline
        self.extras = sorted(extras, key=lambda a: a.published, reverse=True)
        self.by_id = {a.id: a for a in self.extras}

    def _extras(self, day: int) -> list[DemoArticle]:
        now = clock(day)
        return [a for a in self.extras if a.published <= now]

    def count(self, day: int) -> int:
        return self.timeline.shown(day) + len(self._extras(day))

    def _extra_positions(self, day: int) -> list[tuple[int, DemoArticle]]:
        shown = self.timeline.shown(day)
        found = []
        for newer_extras, extra in enumerate(self._extras(day)):
            first_newer = self.timeline.first_after(extra.published, day)
            newer = shown - self.timeline.shown_before(first_newer, day)
            found.append((newer + newer_extras, extra))
        return found

    def entry(self, number: int) -> Entry:
        return Entry(
            self.timeline.article_id(number), self.timeline.published(number), self.timeline.headline(number), number
        )

    @staticmethod
    def _extra_entry(article: DemoArticle) -> Entry:
        return Entry(article.id, article.published, Headline(article.title, article.rubric, article.slug or slug(article.title)))

    def entries(self, day: int, start: int, stop: int) -> list[Entry]:
        """Positions [start, stop) of the newest-first list on `day`."""
        extras = self._extra_positions(day)
        at = dict(extras)
        shown = self.timeline.shown(day)
        found = []
        for position in range(max(0, start), min(stop, self.count(day))):
            if position in at:
                found.append(self._extra_entry(at[position]))
                continue
            newer = position - sum(1 for p, _ in extras if p < position)
            found.append(self.entry(self.timeline.nth_shown(shown - 1 - newer, day)))
        return found

    def between(self, day: int, since: datetime, until: datetime, limit: int | None = None) -> list[Entry]:
        """Articles up on `day` published in (since, until], newest first (the newest `limit`)."""
        timeline = self.timeline
        first, last = timeline.first_after(since, day), timeline.first_after(until, day)
        removed = timeline.removed_numbers(day)
        gone = set(removed[bisect_left(removed, first) : bisect_left(removed, last)])
        found = []
        for number in range(last - 1, first - 1, -1):
            if limit is not None and len(found) >= limit:
                break
            if number not in gone:
                found.append(self.entry(number))
        found += [self._extra_entry(a) for a in self._extras(day) if since < a.published <= until]
        return sorted(found, key=lambda e: e.published, reverse=True)[:limit]

    def last_change(self, day: int, since: datetime, until: datetime) -> datetime | None:
        """The latest publication or edit, by `day`, of the articles published in (since, until].

        Edits come within EDIT_REACH of publication, so only the newest few
        articles of the period need looking at, however long it is.
        """
        timeline = self.timeline
        first, last = timeline.first_after(since, day), timeline.first_after(until, day)
        reach = timeline.first_after(until - EDIT_REACH, day)
        removed = set(timeline.removed_numbers(day))
        latest = None
        for number in range(last - 1, first - 1, -1):
            if number < reach and latest is not None:
                break
            if number not in removed:
                published = timeline.published(number)
                moment = timeline.modified(number, day, published) or published
                latest = moment if latest is None else max(latest, moment)
        for extra in self._extras(day):
            if since < extra.published <= until:
                moment = extra.modified or extra.published
                latest = moment if latest is None else max(latest, moment)
        return latest

    def article(self, entry: Entry, day: int) -> DemoArticle:
        if entry.number is None:
            return at_day(self.by_id[entry.article_id], clock(day))
        return self.timeline.article(entry.number, day)

    def articles(self, day: int, start: int, stop: int) -> list[DemoArticle]:
        return [self.article(entry, day) for entry in self.entries(day, start, stop)]

    def modified(self, entry: Entry, day: int) -> datetime | None:
        if entry.number is None:
            return self.by_id[entry.article_id].modified
        return self.timeline.modified(entry.number, day, entry.published)

    def find(self, article_id: int, day: int) -> DemoArticle | Removal | None:
        """The article on `day`; a Removal if taken down; None if there is none (yet)."""
        now = clock(day)
        if article_id in self.by_id:
            extra = self.by_id[article_id]
            return at_day(extra, now) if extra.published <= now else None
        number = self.timeline.number(article_id)
        if number is None or number >= self.timeline.count(day) or self.timeline.published(number) > now:
            return None
        return self.timeline.removed(number, day) or self.timeline.article(number, day)
