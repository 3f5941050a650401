"""Ranked search over articles and comments, with the hits marked.

Which rows are found, in which order, how many and when is `matches.py`'s
work, bounded however common the words; this module reads the rows of one
page of hits and marks the words in them. snippet() and highlight() mark
the original words (the index holds one stem per original word), and run
for the rows shown only.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from datasette.tracer import trace_child_tasks

from scraper.web.matches import Count, Filters, Matches, Timeline
from scraper.web.present import HIT_END, HIT_START
from scraper.web.query import Query

SCOPES = ("all", "articles", "comments")
SORTS = ("rank", "newest")

_MARKS = f"char({ord(HIT_START)}), char({ord(HIT_END)})"

# The rows of one page (`{by_id}`: Matches.by_id), the words marked.
_PAGE = "where {fts} match :expression and {{by_id}}"
ARTICLES_SQL = f"""
select a.id, a.site, a.url, a.section, a.published_local, a.published_precision,
  a.first_seen, a.status, a.comment_count_shown,
  (select count(*) from comments c where c.article_id = a.id) as comments,
  highlight(articles_fts, 0, {_MARKS}) as title_marked,
  snippet(articles_fts, 1, {_MARKS}, '…', 40) as lead_snippet,
  snippet(articles_fts, 2, {_MARKS}, '…', 40) as body_snippet,
  a.title, a.lead
from articles_fts join articles a on a.id = articles_fts.rowid
{_PAGE.format(fts="articles_fts")}
"""
COMMENTS_SQL = f"""
select c.id, c.article_id, c.author, c.published_local, c.published_precision,
  c.first_seen, c.hidden, c.deleted_at, c.edited_at, c.depth,
  snippet(comments_fts, 0, {_MARKS}, '…', 48) as text_snippet,
  highlight(comments_fts, 1, {_MARKS}) as author_marked,
  c.text, a.title as article_title, a.site
from comments_fts join comments c on c.id = comments_fts.rowid join articles a on a.id = c.article_id
{_PAGE.format(fts="comments_fts")}
"""
ROWS_SQL = {"articles": ARTICLES_SQL, "comments": COMMENTS_SQL}


@dataclass
class Found:
    """One page of results of one kind, and how many there are in all."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0
    more: bool = False  # more than `total`: counting stopped there
    ranked_among: int | None = None  # the best were chosen among the newest this many


def matches(db, kind: str, query: Query, filters: Filters = Filters()) -> Matches:
    return Matches(db, kind, query.expression, filters)


async def found(hits: Matches, sort: str = "rank", limit: int = 20, offset: int = 0) -> Found:
    order = await hits.page(sort, limit, offset)
    count = await hits.count()
    return Found(await rows(hits, order.ids), count.n, count.more, order.ranked_among)


async def answer(hits: Matches, timeline: bool, sort: str = "rank", limit: int = 20,
                 offset: int = 0) -> tuple[Timeline | None, Found]:
    """One kind's timeline (when asked) and page of results. The timeline
    comes first: the filtered matches it reads are kept for the page."""
    line = await hits.timeline() if timeline else None
    return line, await found(hits, sort, limit, offset)


async def side_by_side(*answers):
    """Awaits these together. Each statement runs in a thread of Datasette's
    pool and SQLite lets go of Python's lock while it reads, so articles and
    comments are searched on two cores at once: the page waits for the
    slower kind, not for both in turn. Every one ends before the first
    error is raised, so nothing runs on behind the page."""
    with trace_child_tasks():  # Datasette's trace (`?_trace=1`) shows their statements too
        results = await asyncio.gather(*answers, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def rows(hits: Matches, ids: list[int]) -> list[dict]:
    """The rows of these hits, in this order, with the words marked."""
    if not ids:
        return []
    result = await hits.db.execute(ROWS_SQL[hits.kind].format(by_id=await hits.by_id(ids)), {
        "expression": hits.expression, "lowest": min(ids), "ids": json.dumps(ids),
    })
    by_id = {r["id"]: dict(r) for r in result}
    return [by_id[i] for i in ids if i in by_id]


async def sites(db) -> list[dict]:
    return [dict(r) for r in await db.execute("select name, title, timezone from sites order by name")]


__all__ = ["Count", "Filters", "Found", "Matches", "SCOPES", "SORTS", "answer", "found", "matches", "rows",
           "side_by_side", "sites"]
