"""The newsroom's days: which articles and comments exist on day N.

Day 1 is the evening of 23 August 2022 in Barnaul, the day after the seed
article. Articles are numbered from the oldest; article `n` is published at
a fixed moment, so day N shows every article published by its evening, and
each comment once its time has come.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from scraper.demo import content
from scraper.demo.model import DemoArticle

BARNAUL = ZoneInfo("Asia/Barnaul")
DAY_ONE = datetime(2022, 8, 23, 23, 0, tzinfo=BARNAUL)


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

    @property
    def interval(self) -> timedelta:
        return timedelta(days=1) / self.per_day

    def published(self, number: int) -> datetime:
        offset = self.size - 1 - number
        jitter = random.Random(f"{self.seed}/{self.site}/{number}/t").randint(0, 600)
        moment = DAY_ONE - timedelta(hours=1) - offset * self.interval - timedelta(seconds=jitter)
        return moment.replace(second=0)

    def count(self, day: int) -> int:
        """How many articles exist by the evening of `day`."""
        return self.size + max(0, day - 1) * self.per_day

    def article_id(self, number: int) -> int:
        return self.first_id + number * self.id_step

    def number(self, article_id: int) -> int | None:
        offset = article_id - self.first_id
        if offset < 0 or offset % self.id_step:
            return None
        return offset // self.id_step

    def article(self, number: int, day: int) -> DemoArticle:
        """Article `number` as it stands on `day`."""
        return at_day(_article(self.seed, self.site, number, self.article_id(number), self.published(number)), clock(day))


@lru_cache(maxsize=2048)
def _article(seed: int, site: str, number: int, article_id: int, published: datetime) -> DemoArticle:
    return content.article(seed, site, number, article_id, published)


def at_day(article: DemoArticle, now: datetime) -> DemoArticle:
    """The article with only the comments already posted by `now`."""
    posted = [c for c in article.comments if c.posted <= now]
    if len(posted) == len(article.comments):
        return article
    return DemoArticle(**{**article.__dict__, "comments": posted})
