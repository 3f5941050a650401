"""The newsroom's days: which articles and comments a site shows on day N.

Day 1 is the evening of 23 August 2022 in Barnaul, the day after the seed
article. Articles are numbered from the oldest; article `n` is published at
a fixed moment, so day N shows every article published by its evening, each
comment once its time has come, each edit once made, and no comment a
moderator has deleted or article the site has taken down (`changes`).
Nothing is kept per article: any day of a 100,000-article site is computed
from the seed, with a small cache of recently generated articles.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from scraper.demo import changes, content
from scraper.demo.model import DemoArticle

BARNAUL = ZoneInfo("Asia/Barnaul")
DAY_ONE = datetime(2022, 8, 23, 23, 0, tzinfo=BARNAUL)
_DAY_ONE_TS = DAY_ONE.timestamp()
# Dense enough for 100,000 articles in about a year, never two in one minute.
MOST_PER_DAY = 720


def clock(day: int) -> datetime:
    """The newsroom's time on `day`: what its pages and HTTP Date say."""
    return DAY_ONE + timedelta(days=day - 1)


@dataclass(frozen=True)
class Timeline:
    seed: int
    site: str
    size: int  # articles published before the evening of day 1
    per_day: int  # new articles each further day
    first_id: int
    id_step: int = 2
    rubrics: tuple[str, ...] = tuple(content.RUBRICS)
    hidden_share: float = 0.2  # comments shown without text from the start

    @cached_property
    def history_interval(self) -> timedelta:
        """Spacing of the articles before day 1: a big site's history spans about a year."""
        per_day = min(MOST_PER_DAY, max(self.per_day, math.ceil(self.size / 365)))
        return timedelta(days=1) / per_day

    @property
    def interval(self) -> timedelta:
        return timedelta(days=1) / self.per_day

    def published(self, number: int) -> datetime:
        if number < self.size:
            step = self.history_interval.total_seconds()
            base = _DAY_ONE_TS - 3600 - (self.size - 1 - number) * step
        else:
            step = self.interval.total_seconds()
            base = _DAY_ONE_TS - 3600 + (number - self.size + 1) * step
        # Less than half a step of jitter keeps publication order = number order.
        jitter = min(600.0, step / 2) * changes.unit(self.seed, self.site, number, "t")
        minute = (base - jitter) // 60 * 60  # whole minutes: the zone's offset is whole minutes too
        return datetime.fromtimestamp(minute, BARNAUL)

    def count(self, day: int) -> int:
        """How many articles have been published by the evening of `day`."""
        return self.size + max(0, day - 1) * self.per_day

    def first_after(self, moment: datetime, day: int) -> int:
        """The number of the first article published after `moment`."""
        low, high = 0, self.count(day)
        while low < high:
            middle = (low + high) // 2
            if self.published(middle) <= moment:
                low = middle + 1
            else:
                high = middle
        return low

    def article_id(self, number: int) -> int:
        return self.first_id + number * self.id_step

    def number(self, article_id: int) -> int | None:
        offset = article_id - self.first_id
        if offset < 0 or offset % self.id_step:
            return None
        return offset // self.id_step

    def headline(self, number: int) -> content.Headline:
        return content.headline(self.seed, self.site, number, self.rubrics)

    # --- what happens later -------------------------------------------------
    def removal(self, number: int) -> changes.Removal | None:
        return changes.removal(self.seed, self.site, number, self.published(number), DAY_ONE)

    def removed(self, number: int, day: int) -> changes.Removal | None:
        """How the article is gone on `day`, or None while it is up."""
        gone = self.removal(number)
        return gone if gone is not None and gone.moment <= clock(day) else None

    def modified(self, number: int, day: int, published: datetime | None = None) -> datetime | None:
        """The last edit by `day` (`published`, if known, saves computing it again)."""
        return changes.last_edit(self.seed, self.site, number, published or self.published(number), clock(day))

    @lru_cache(maxsize=64)
    def removed_numbers(self, day: int) -> tuple[int, ...]:
        """Articles taken down by `day`, ascending: few, and only recent ones can be."""
        start = self.first_after(DAY_ONE - changes.REMOVAL_DELAY[1], day)
        return tuple(n for n in range(start, self.count(day)) if self.removed(n, day))

    def shown(self, day: int) -> int:
        return self.count(day) - len(self.removed_numbers(day))

    def nth_shown(self, index: int, day: int) -> int:
        """The number of the `index`-th article still up, counting from the oldest."""
        removed = self.removed_numbers(day)
        number = index
        while True:  # the least n with n - (removed up to n) == index
            moved = index + bisect_right(removed, number)
            if moved == number:
                return number
            number = moved

    def shown_before(self, number: int, day: int) -> int:
        """How many articles still up are older than article `number`."""
        return number - bisect_left(self.removed_numbers(day), number)

    # --- the article itself --------------------------------------------------
    def article(self, number: int, day: int) -> DemoArticle:
        """Article `number` as it stands on `day` (removals aside: see `removed`)."""
        return at_day(self._edited(number, day), clock(day))

    def _edited(self, number: int, day: int) -> DemoArticle:
        """The article with the edits made by `day`, and every comment it will ever have."""
        published = self.published(number)
        done = sum(1 for edit in changes.edits(self.seed, self.site, number, published) if edit.moment <= clock(day))
        return _article(
            self.seed, self.site, number, self.article_id(number), published, self.rubrics, self.hidden_share, done
        )

    def last_change(self, number: int, day: int) -> datetime:
        """When the article last changed by `day`: published, edited, a comment posted or deleted.

        A site's Last-Modified: what a conditional request is answered by.
        """
        now = clock(day)
        article = self._edited(number, day)
        moments = [article.published, article.modified]
        moments += [moment for c in article.comments for moment in (c.posted, c.deleted_at)]
        return max(moment for moment in moments if moment is not None and moment <= now)


@lru_cache(maxsize=1024)
def _article(seed, site, number, article_id, published, rubrics, hidden_share, edits_done=0) -> DemoArticle:
    """The article after its first `edits_done` edits (generated once, then cached)."""
    if edits_done == 0:
        return content.article(seed, site, number, article_id, published, rubrics, hidden_share)
    before = _article(seed, site, number, article_id, published, rubrics, hidden_share, edits_done - 1)
    edit = changes.edits(seed, site, number, published)[edits_done - 1]
    return content.edited(before, edit, seed, site, number)


def at_day(article: DemoArticle, now: datetime) -> DemoArticle:
    """The article with only the comments posted by `now` and not deleted since."""
    shown = [
        c for c in article.comments
        if c.posted <= now and (c.deleted_at is None or c.deleted_at > now)
    ]
    if len(shown) == len(article.comments):
        return article
    return replace(article, comments=shown)
