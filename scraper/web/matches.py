"""Which rows a search finds, at a cost that stays bounded however common the words.

A common word is in tens of thousands of comments. Whatever looks at every
match (bm25 for each, a row look-up for each to read its date or site)
costs about 1–3 µs a match: 60 ms for 23,000 comments, whole seconds for a
stop word. So every question asked here is bounded:

- counts stop at `WORDS_COUNTED` matches when only words narrow the search
  (the full-text index counts those by itself) and at `FILTERED_COUNTED`
  when a site or period does too (each match is then looked up); past that
  the page says "more than";
- "best match first" ranks, with FTS5's `ORDER BY rank LIMIT`, the newest
  `RANKED_AMONG` matches (archive ids grow with time), then lists the older
  ones newest first; headline matches still come first;
- the timeline counts every match up to `SAMPLE` of them, and beyond that
  every k-th match (by a hash of its id), each standing for k.

A period is asked of the full-text index itself: it holds each row's
local day, month and year as terms (scraper/periods.py), so the words and
the period together are one expression, counted, ranked and drawn as the
words alone are. A site filter needs each match's row: the newest
`FILTERED_COUNTED + 1` that pass are read in one pass; counts, timeline
and ranking are taken from them. (An archive indexed before periods were,
until its next crawl migrates it, reads each match's row for its date too.)
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from scraper import periods
from scraper.archive.search_index import APPLIED_SQL, PERIODS_SINCE
from scraper.web import kept

WORDS_COUNTED = 100_000
FILTERED_COUNTED = 1_000
RANKED_AMONG = 1_000
SAMPLE = 1_000
# Looking one match up by id through FTS5 costs about as much as passing
# over this many matches in a scan of the index.
LOOKUP_COST = 400

KINDS = ("articles", "comments")
# bm25 weights: the headline weighs most; a comment's text more than its author's name;
# the period's terms nothing (a period narrows, it does not rank).
WEIGHTS = {"articles": "bm25(10.0, 4.0, 1.0, 0.0)", "comments": "bm25(1.0, 0.5, 0.0)"}
BM25 = {"articles": "bm25(articles_fts, 10.0, 4.0, 1.0, 0.0)", "comments": "bm25(comments_fts, 1.0, 0.5, 0.0)"}
# The row carrying the date (a comment's own), and the article carrying the site.
DATED = {"articles": "a", "comments": "c"}
JOINS = {
    "articles": "join articles a on a.id = f.rowid",
    "comments": "join comments c on c.id = f.rowid join articles a on a.id = c.article_id",
}
# A local date is at most a day before or after its UTC date, whatever the site's time zone.
A_DAY = timedelta(days=1)


@dataclass
class Count:
    """How many: exactly `n`, or more than `n` when `more`."""

    n: int
    more: bool = False


@dataclass
class Filters:
    """What narrows a search besides its words."""

    site: str = ""
    since: str = ""  # YYYY-MM-DD, first day (the site's own date)
    until: str = ""  # YYYY-MM-DD, last day

    @property
    def any(self) -> bool:
        return bool(self.site or self.since or self.until)


class Hit(NamedTuple):
    """A match that passed the filters (thousands are read at a time: a tuple)."""

    id: int
    day: str | None
    site: str | None
    in_title: int  # 1 when the headline matches
    score: float | None  # bm25, when the pass over the index gave it


@dataclass
class Order:
    """One page of ids in order, and what the order rests on."""

    ids: list[int] = field(default_factory=list)
    ranked_among: int | None = None  # best matches were chosen among the newest this many


@dataclass
class Timeline:
    """Hits per day and site: [{day, site, hits}]; `every` > 1 when estimated
    from every `every`-th match; `newest` when drawn from the newest matches only."""

    rows: list[dict] = field(default_factory=list)
    every: int = 1
    newest: int | None = None


def _count_sql(fts: str) -> str:
    return f"select count(*) from (select rowid from {fts} where {fts} match :expression limit :bound)"


def _nth_newest_sql(fts: str) -> str:
    return f"select rowid from {fts} where {fts} match :expression order by rowid desc limit 1 offset :skip"


def _ranked_sql(fts: str) -> str:
    return (f"select rowid from {fts} where {fts} match :expression and rowid >= :lowest and rank match :weights"
            " order by rank limit :limit offset :offset")


def _newest_sql(fts: str) -> str:
    return (f"select rowid from {fts} where {fts} match :expression and rowid < :below"
            " order by rowid desc limit :limit offset :offset")


def _sample_sql(kind: str, where: str = "") -> str:
    dated = DATED[kind]
    return f"""
select substr({dated}.published_local, 1, 10) as day, a.site as site, count(*) as hits
from {kind}_fts f {JOINS[kind]}
where f.{kind}_fts match :expression and f.rowid >= :lowest
  and ((f.rowid * 2654435761) & 4294967295) % :every = 0{where}
group by day, site
"""


def title_expression(expression: str) -> str:
    return f"title : ({expression})"


def untitled_expression(expression: str) -> str:
    return f"({expression}) NOT (title : ({expression}))"


class Segment:
    """The matches of one FTS5 expression in search order: the newest
    `RANKED_AMONG` by rank, then the older ones newest first."""

    def __init__(self, db, kind: str, expression: str):
        self.db, self.kind, self.expression = db, kind, expression
        self.fts = f"{kind}_fts"
        self._count: Count | None = None
        self._lowest: int | None = None  # id of the oldest match ranked (0: all are)

    async def count(self, bound: int | None = None) -> Count:
        bound = WORDS_COUNTED if bound is None else bound
        if self._count is None or (self._count.more and self._count.n < bound):
            rows = await self.db.execute(_count_sql(self.fts), {"expression": self.expression, "bound": bound + 1})
            n = rows.first()[0]
            self._count = Count(min(n, bound), n > bound)
        return self._count

    async def lowest_ranked(self) -> int:
        """The id of the oldest match that is ranked: 0 when every match is."""
        if self._lowest is None:
            row = (await self.db.execute(
                _nth_newest_sql(self.fts), {"expression": self.expression, "skip": RANKED_AMONG - 1}
            )).first()
            self._lowest = row[0] if row else 0
        return self._lowest

    async def ranked_size(self) -> int:
        count = await self.count()
        return min(count.n, RANKED_AMONG)

    async def ids(self, sort: str, limit: int, offset: int) -> Order:
        params = {"expression": self.expression}
        if sort == "newest":
            rows = await self.db.execute(_newest_sql(self.fts), {
                **params, "below": 1 << 62, "limit": limit, "offset": offset})
            return Order([r[0] for r in rows])
        lowest = await self.lowest_ranked()
        ranked = await self.ranked_size()
        ids: list[int] = []
        if offset < ranked:
            rows = await self.db.execute(_ranked_sql(self.fts), {
                **params, "lowest": lowest, "weights": WEIGHTS[self.kind], "limit": min(limit, ranked - offset),
                "offset": offset})
            ids = [r[0] for r in rows]
        if lowest and len(ids) < limit:
            rows = await self.db.execute(_newest_sql(self.fts), {
                **params, "below": lowest, "limit": limit - len(ids), "offset": max(0, offset - ranked)})
            ids += [r[0] for r in rows]
        return Order(ids, RANKED_AMONG if lowest else None)


class Matches:
    """What one search finds in one kind of row (articles or comments)."""

    def __init__(self, db, kind: str, expression: str, filters: Filters = Filters()):
        self.db, self.kind, self.filters = db, kind, filters
        self.words = expression  # the words alone
        self.expression = expression  # the words and, once `_narrow` has run, the period
        self.all = Segment(db, kind, expression)
        self._period = ""  # the period's expression, when the index answers it
        self._narrowed = not (filters.since or filters.until)
        self._hits: list[Hit] | None = None
        self._bound = 0

    async def _narrow(self) -> None:
        """Join the period to the words when the index holds periods: only
        the site, if any, is then left to look up in each match's row."""
        if self._narrowed:
            return
        self._narrowed = True
        if not await self._indexes_periods():
            return
        first, last = await self._days()
        self._period = periods.expression(first, last)
        self.expression = self._within(self.words)
        self.all = Segment(self.db, self.kind, self.expression)
        self.filters = Filters(site=self.filters.site)

    def _within(self, expression: str) -> str:
        """`expression` narrowed to the period, when there is one."""
        return f"({expression}) AND {self._period}" if self._period else expression

    async def _indexes_periods(self) -> bool:
        """Whether the archive's index holds periods (asked again once the archive changes)."""
        return await kept.kept(self.db, "indexes periods", self._migrated)

    async def _migrated(self) -> bool:
        try:
            return bool((await self.db.execute(APPLIED_SQL, PERIODS_SINCE)).rows)
        except sqlite3.Error:  # no record of migrations: an archive older than any
            return False

    async def _days(self) -> tuple[date, date]:
        """The period's first and last day, within the archive's own (a day
        past them: a local date is within a day of its UTC one): an open end,
        or a date centuries off, asks for no more terms than the archive has days."""
        span = await kept.kept(self.db, f"span of {self.kind}", self._span)
        if span is None:
            return date.max, date.min  # nothing is dated: no day to ask for
        first, last = _day(self.filters.since), _day(self.filters.until)
        return max(first or span[0], span[0]), min(last or span[1], span[1])

    async def _span(self) -> tuple[date, date] | None:
        oldest, newest = (await self.db.execute(
            f"select (select published_at from {self.kind} where published_at is not null order by published_at"
            f" limit 1), (select published_at from {self.kind} order by published_at desc limit 1)")).first()
        if oldest is None or newest is None:
            return None
        return _shifted(oldest, -A_DAY), _shifted(newest, A_DAY)

    # --- counting ---------------------------------------------------------

    async def count(self) -> Count:
        await self._narrow()
        if not self.filters.any:
            return await self.all.count()
        hits = await self.filtered()
        return Count(min(len(hits), FILTERED_COUNTED), len(hits) > FILTERED_COUNTED)

    # --- the order of a results page -------------------------------------

    async def page(self, sort: str, limit: int, offset: int) -> Order:
        await self._narrow()
        if self.filters.any:
            return await self._filtered_page(sort, limit, offset)
        if self.kind != "articles" or sort == "newest":
            return await self.all.ids(sort, limit, offset)
        # Headline matches first, then the others: each ranked as a segment.
        titled = Segment(self.db, self.kind, self._within(title_expression(self.words)))
        in_titles = (await titled.count()).n
        order = Order()
        if offset < in_titles:
            order = await titled.ids(sort, limit, offset)
        if len(order.ids) < limit:
            rest = Segment(self.db, self.kind, self._within(untitled_expression(self.words)))
            more = await rest.ids(sort, limit - len(order.ids), max(0, offset - in_titles))
            order = Order(order.ids + more.ids, order.ranked_among or more.ranked_among)
        return order

    async def newest(self, limit: int) -> list[int]:
        """The newest `limit` matches, counting nothing else (for feeds)."""
        await self._narrow()
        if self.filters.any:
            return [hit.id for hit in await self.filtered(bound=limit)]
        return (await self.all.ids("newest", limit, 0)).ids

    # --- the timeline ------------------------------------------------------

    async def timeline(self) -> Timeline:
        await self._narrow()
        if self.filters.any:
            hits = await self.filtered()
            if len(hits) <= FILTERED_COUNTED:  # every filtered match is at hand
                counts: dict[tuple, int] = {}
                for hit in hits:
                    counts[hit.day, hit.site] = counts.get((hit.day, hit.site), 0) + 1
                return Timeline([{"day": d, "site": s, "hits": n} for (d, s), n in counts.items()])
        count = await self.all.count()
        lowest, newest = 0, None
        if count.more:  # drawn from the newest WORDS_COUNTED matches
            row = (await self.db.execute(_nth_newest_sql(self.all.fts), {
                "expression": self.expression, "skip": WORDS_COUNTED - 1})).first()
            lowest, newest = (row[0] if row else 0), WORDS_COUNTED
        every = max(1, -(-count.n // SAMPLE))
        where = "".join(f" and {w}" for w in self._where())
        rows = await self.db.execute(_sample_sql(self.kind, where), {
            **self._filter_params(), "lowest": lowest, "every": every})
        return Timeline([{"day": r["day"], "site": r["site"], "hits": r["hits"] * every} for r in rows], every, newest)

    # --- filtered by site or period ---------------------------------------

    async def filtered(self, bound: int | None = None) -> list[Hit]:
        """The newest matches that pass the filters, up to `bound` (one more than
        FILTERED_COUNTED unless said), in one pass, kept for the next question."""
        await self._narrow()
        bound = FILTERED_COUNTED + 1 if bound is None else bound
        if self._hits is not None and (len(self._hits) < self._bound or bound <= self._bound):
            return self._hits[:bound]
        rows = await self.db.execute(self._matches_sql(), {**self._filter_params(), "bound": bound})
        hits = [Hit._make(r) for r in rows.rows]
        hits.sort(key=lambda h: -h.id)
        self._hits, self._bound = hits, bound
        return hits

    def _where(self) -> list[str]:
        dated = DATED[self.kind]
        where = []
        if self.filters.site:
            where.append("a.site = :site")
        if self.filters.since:
            where.append(f"{dated}.published_local >= :since")
        if self.filters.until:
            where.append(f"{dated}.published_local < :after")
        return where

    def _in_title(self, id_column: str) -> str:
        if self.kind != "articles":
            return "0"
        return f"{id_column} in (select rowid from articles_fts where articles_fts match :in_title)"

    def _matches_sql(self) -> str:
        """Every match, newest first, each looked up and filtered."""
        dated = DATED[self.kind]
        return f"""
select f.rowid as id, substr({dated}.published_local, 1, 10) as day, a.site as site,
  {self._in_title("f.rowid")} as in_title, {BM25[self.kind].replace(f"({self.kind}_fts", f"(f.{self.kind}_fts")} as score
from {self.kind}_fts f {JOINS[self.kind]}
where f.{self.kind}_fts match :expression and {" and ".join(self._where())}
order by f.rowid desc limit :bound
"""

    def _filter_params(self) -> dict:
        until = _day(self.filters.until) or date(9999, 12, 30)
        return {
            "expression": self.expression,
            "in_title": title_expression(self.words),
            "site": self.filters.site,
            "since": self.filters.since,
            "after": (until + timedelta(days=1)).isoformat(),
        }

    async def _filtered_page(self, sort: str, limit: int, offset: int) -> Order:
        hits = (await self.filtered())[:FILTERED_COUNTED]
        if sort == "newest":
            return Order([h.id for h in hits[offset:offset + limit]])
        candidates = hits[:RANKED_AMONG]
        if any(h.score is None for h in candidates):
            scores = await self._scores([h.id for h in candidates])
        else:
            scores = {h.id: h.score for h in candidates}
        ranked = sorted(candidates, key=lambda h: (not h.in_title, scores.get(h.id, 0.0), -h.id))
        ordered = ranked + hits[RANKED_AMONG:]
        return Order([h.id for h in ordered[offset:offset + limit]],
                      RANKED_AMONG if len(hits) > RANKED_AMONG else None)

    async def _scores(self, ids: list[int]) -> dict[int, float]:
        """bm25 of these matches (lower is better), from one pass over the index."""
        if not ids:
            return {}
        fts = f"{self.kind}_fts"
        rows = await self.db.execute(
            f"select rowid, {BM25[self.kind]} as score from {fts} where {fts} match :expression"
            f" and {await self.by_id(ids)}",
            {"expression": self.expression, "lowest": min(ids), "ids": json.dumps(ids)},
        )
        return {r[0]: r[1] for r in rows}

    async def by_id(self, ids: list[int]) -> str:
        """The condition that picks these matches (`:ids`, JSON; `:lowest`, the
        least): looked up one by one when they are few among the matches, else
        picked out of one pass over the index."""
        fts = f"{self.kind}_fts"
        if len(ids) * LOOKUP_COST < (await self.all.count()).n:
            return f"{fts}.rowid in (select value from json_each(:ids))"
        return f"{fts}.rowid >= :lowest and +{fts}.rowid in (select value from json_each(:ids))"


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _shifted(moment: str, by: timedelta) -> date:
    """The UTC date of `moment` (as the archive writes it) moved by `by`, kept within the calendar."""
    day = date.fromisoformat(moment[:10])
    try:
        return day + by
    except OverflowError:
        return day
