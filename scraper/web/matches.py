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

A period or site filter needs each match's row: the newest
`FILTERED_COUNTED + 1` that pass are read in one pass, from the index of
publication times when the period is short (`_period_plan`), else from the
full-text index; counts, timeline and ranking are taken from them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import date, datetime, timedelta

WORDS_COUNTED = 100_000
FILTERED_COUNTED = 1_000
RANKED_AMONG = 1_000
SAMPLE = 1_000
# Looking one match up by id through FTS5 costs about as much as passing
# over this many matches in a scan of the index.
LOOKUP_COST = 400

KINDS = ("articles", "comments")
# bm25 weights: the headline weighs most; a comment's text more than its author's name.
WEIGHTS = {"articles": "bm25(10.0, 4.0, 1.0)", "comments": "bm25(1.0, 0.5)"}
BM25 = {"articles": "bm25(articles_fts, 10.0, 4.0, 1.0)", "comments": "bm25(comments_fts, 1.0, 0.5)"}
# The row carrying the date (a comment's own), and the article carrying the site.
DATED = {"articles": "a", "comments": "c"}
JOINS = {
    "articles": "join articles a on a.id = f.rowid",
    "comments": "join comments c on c.id = f.rowid join articles a on a.id = c.article_id",
}
# A local date is at most 14 hours ahead of UTC and 12 behind: a local day lies
# within these bounds of the same UTC day, whatever the site's time zone.
AHEAD, BEHIND = timedelta(hours=14), timedelta(hours=12)
# A period's rows are read from the index of times when there are fewer than
# this many times the matches they could hold (a step along that index costs
# about a third of looking a match's row up).
PERIOD_PLAN_RATIO = 3


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
        self.db, self.kind, self.expression, self.filters = db, kind, expression, filters
        self.all = Segment(db, kind, expression)
        self._hits: list[Hit] | None = None
        self._bound = 0

    # --- counting ---------------------------------------------------------

    async def count(self) -> Count:
        if not self.filters.any:
            return await self.all.count()
        hits = await self.filtered()
        return Count(min(len(hits), FILTERED_COUNTED), len(hits) > FILTERED_COUNTED)

    # --- the order of a results page -------------------------------------

    async def page(self, sort: str, limit: int, offset: int) -> Order:
        if self.filters.any:
            return await self._filtered_page(sort, limit, offset)
        if self.kind != "articles" or sort == "newest":
            return await self.all.ids(sort, limit, offset)
        # Headline matches first, then the others: each ranked as a segment.
        titled = Segment(self.db, self.kind, title_expression(self.expression))
        in_titles = (await titled.count()).n
        order = Order()
        if offset < in_titles:
            order = await titled.ids(sort, limit, offset)
        if len(order.ids) < limit:
            rest = Segment(self.db, self.kind, untitled_expression(self.expression))
            more = await rest.ids(sort, limit - len(order.ids), max(0, offset - in_titles))
            order = Order(order.ids + more.ids, order.ranked_among or more.ranked_among)
        return order

    async def newest(self, limit: int) -> list[int]:
        """The newest `limit` matches, counting nothing else (for feeds)."""
        if self.filters.any:
            return [hit.id for hit in await self.filtered(bound=limit)]
        return (await self.all.ids("newest", limit, 0)).ids

    # --- the timeline ------------------------------------------------------

    async def timeline(self) -> Timeline:
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
        bound = FILTERED_COUNTED + 1 if bound is None else bound
        if self._hits is not None and (len(self._hits) < self._bound or bound <= self._bound):
            return self._hits[:bound]
        params = {**self._filter_params(), "bound": bound, "id_from": 0, "id_to": 1 << 62}
        by_period = False
        if self.filters.since or self.filters.until:
            by_period, params["id_from"], params["id_to"] = await self._period_plan(params)
        sql = self._period_sql() if by_period else self._matches_sql()
        rows = await self.db.execute(sql, params)
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
where f.{self.kind}_fts match :expression and f.rowid between :id_from and :id_to
  and {" and ".join(self._where())}
order by f.rowid desc limit :bound
"""

    def _period_sql(self) -> str:
        """The period's rows, from the index of times, kept when the words match."""
        dated = DATED[self.kind]
        table = f"{self.kind} {dated}"
        joins = "" if self.kind == "articles" else "join articles a on a.id = c.article_id"
        return f"""
select {dated}.id as id, substr({dated}.published_local, 1, 10) as day, a.site as site,
  {self._in_title(f"{dated}.id")} as in_title, null as score
from {table} {joins}
where {dated}.published_at >= :at_from and {dated}.published_at < :at_to
  and +{dated}.id in (select rowid from {self.kind}_fts where {self.kind}_fts match :expression)
  and {" and ".join(self._where())}
limit :bound
"""

    async def _period_plan(self, params: dict) -> tuple[bool, int, int]:
        """How to read a period's matches: (from the index of times?, and the
        ids its rows lie between). A crawled archive stores a month's rows
        under neighbouring ids, so the matches to look up are only those
        between the first and last id of the period's rows; when those rows
        are fewer than PERIOD_PLAN_RATIO times such matches, they are read
        from the index of times instead. Finding the period's ids costs a
        step along that index per row: skipped when the archive's span of
        time says the period holds too many rows for it to pay."""
        cap = int(PERIOD_PLAN_RATIO * (await self.all.count()).n)
        rows = await self.period_rows(params, cap) if await self._may_hold_fewer(params, cap) else None
        if rows is None:  # a long period: the matches, newest first, soon fill the page
            return False, 0, 1 << 62
        count, id_from, id_to = rows
        if not count:
            return True, 0, 0
        fts = self.all.fts
        within = (await self.db.execute(
            f"select count(*) from (select rowid from {fts} where {fts} match :expression"
            f" and rowid between :id_from and :id_to limit :cap)",
            {"expression": self.expression, "id_from": id_from, "id_to": id_to, "cap": cap + 1})).first()[0]
        return count < PERIOD_PLAN_RATIO * within, id_from, id_to

    async def _may_hold_fewer(self, params: dict, cap: int) -> bool:
        """Whether the period may hold fewer than `cap` rows, judged from the
        archive's span of time and size (as if its rows came evenly)."""
        first, last, size = (await self.db.execute(
            f"select (select published_at from {self.kind} where published_at is not null order by published_at"
            f" limit 1), (select published_at from {self.kind} order by published_at desc limit 1),"
            f" (select max(id) from {self.kind})")).first()
        if not first or not last or not size:
            return True
        span = (_moment(last) - _moment(first)).total_seconds() or 1
        period = (_moment(params["at_to"]) - _moment(params["at_from"])).total_seconds()
        return size * min(1.0, period / span) <= cap

    async def period_rows(self, params: dict, cap: int) -> tuple[int, int, int] | None:
        """How many rows the period's times hold, and their least and greatest
        id; None when more than `cap`."""
        count, id_from, id_to = (await self.db.execute(
            f"select count(*), min(id), max(id) from (select id from {self.kind} where published_at >= :at_from"
            f" and published_at < :at_to limit :cap)", {**params, "cap": cap + 1})).first()
        return None if count > cap else (count, id_from, id_to)

    def _filter_params(self) -> dict:
        since = _day(self.filters.since) or date(1, 1, 2)
        until = _day(self.filters.until) or date(9999, 12, 30)
        after = until + timedelta(days=1)
        return {
            "expression": self.expression,
            "in_title": title_expression(self.expression),
            "site": self.filters.site,
            "since": self.filters.since,
            "after": after.isoformat(),
            "at_from": _utc(datetime.combine(since, datetime.min.time()) - AHEAD),
            "at_to": _utc(datetime.combine(after, datetime.min.time()) + BEHIND),
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


def _moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime(1, 1, 1)


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment.year >= 1000 else "0000-01-01T00:00:00Z"
