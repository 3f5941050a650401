"""Ranked search over articles and comments, with the hits marked.

Articles whose headline matches come first, then by bm25 with the headline
weighing most; comments by bm25 (or newest first). snippet() and highlight()
mark the original words: the index holds one stem per original word.
A search narrows by site and by period (the site's own dates, from the
`published_local` column), and counts its hits per day and site for the
timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.web.present import HIT_END, HIT_START
from scraper.web.query import Query

SCOPES = ("all", "articles", "comments")
SORTS = ("rank", "newest")

_MARKS = f"char({ord(HIT_START)}), char({ord(HIT_END)})"


@dataclass
class Filters:
    """What narrows a search besides its words."""

    site: str = ""
    since: str = ""  # YYYY-MM-DD, first day (the site's own date)
    until: str = ""  # YYYY-MM-DD, last day

    @property
    def any(self) -> bool:
        return bool(self.site or self.since or self.until)


# The best page of hits is chosen first, from the index alone where it can
# be (archive ids grow with time, so "newest first" is "highest id first");
# snippets are then made for that page only.
PAGE_SQL = """
select {fts}.rowid as id, {in_title} as in_title, {score} as score
from {fts} {joins}
where {fts} match :expression {where}
order by {order}
limit :limit offset :offset
"""
# Headline matches first (articles), then bm25, the headline weighing most.
IN_TITLE = {
    "articles": "articles_fts.rowid in (select rowid from articles_fts where articles_fts match :in_title)",
    "comments": "0",
}
SCORES = {"articles": "-bm25(articles_fts, 10.0, 4.0, 1.0)", "comments": "-bm25(comments_fts, 1.0, 0.5)"}
ORDERS = {"rank": "in_title desc, score desc, id desc", "newest": "id desc"}
# What a filter needs joined: the row itself (its date), and the article (its site).
JOINS = {
    "articles": "join articles a on a.id = articles_fts.rowid",
    "comments": "join comments c on c.id = comments_fts.rowid join articles a on a.id = c.article_id",
}
DATED = {"articles": "a", "comments": "c"}

ARTICLES_SQL = f"""
with page as ({{page}})
select a.id, a.site, a.url, a.section, a.published_local, a.published_precision,
  a.first_seen, a.status, a.comment_count_shown,
  (select count(*) from comments c where c.article_id = a.id) as comments,
  highlight(articles_fts, 0, {_MARKS}) as title_marked,
  snippet(articles_fts, 1, {_MARKS}, '…', 40) as lead_snippet,
  snippet(articles_fts, 2, {_MARKS}, '…', 40) as body_snippet,
  a.title, a.lead
from page join articles_fts on articles_fts.rowid = page.id join articles a on a.id = page.id
where articles_fts match :expression
order by page.{{order}}
"""
COMMENTS_SQL = f"""
with page as ({{page}})
select c.id, c.article_id, c.author, c.published_local, c.published_precision,
  c.first_seen, c.hidden, c.deleted_at, c.edited_at, c.depth,
  snippet(comments_fts, 0, {_MARKS}, '…', 48) as text_snippet,
  highlight(comments_fts, 1, {_MARKS}) as author_marked,
  c.text, a.title as article_title, a.site
from page join comments_fts on comments_fts.rowid = page.id
  join comments c on c.id = page.id join articles a on a.id = c.article_id
where comments_fts match :expression
order by page.{{order}}
"""
COUNT_SQL = "select count(*) from {fts} {joins} where {fts} match :expression {where}"
# Hits per day (the site's own) and site: the timeline, and the total.
TIMELINE_SQL = """
select substr({dated}.published_local, 1, 10) as day, a.site as site, count(*) as hits
from {fts} {all_joins}
where {fts} match :expression {where}
group by day, site
"""


@dataclass
class Found:
    """One page of results of one kind, and how many there are in all."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0


def _parts(table: str, filters: Filters) -> dict:
    dated = DATED[table]
    where = []
    if filters.site:
        where.append("and a.site = :site")
    if filters.since:
        where.append(f"and {dated}.published_local >= :since")
    if filters.until:
        where.append(f"and {dated}.published_local < date(:until, '+1 day')")
    return {
        "fts": f"{table}_fts",
        "joins": JOINS[table] if filters.any else "",
        "all_joins": JOINS[table],
        "where": " ".join(where),
        "dated": dated,
    }


def _params(query: Query, filters: Filters, limit: int = 0, offset: int = 0) -> dict:
    return {
        "expression": query.expression,
        "in_title": f"title : ({query.expression})",
        "site": filters.site,
        "since": filters.since,
        "until": filters.until,
        "limit": limit,
        "offset": offset,
    }


async def count(db, table: str, query: Query, filters: Filters = Filters()) -> int:
    """How many articles (or comments) match."""
    result = await db.execute(COUNT_SQL.format(**_parts(table, filters)), _params(query, filters))
    return result.first()[0]


async def timeline(db, table: str, query: Query, filters: Filters = Filters()) -> list[dict]:
    """Hits per day and site: [{day, site, hits}] (day None where the date is unknown)."""
    rows = await db.execute(TIMELINE_SQL.format(**_parts(table, filters)), _params(query, filters))
    return [dict(r) for r in rows]


async def _search(db, table: str, template: str, query: Query, filters: Filters, sort: str,
                  limit: int, offset: int, total: int | None) -> Found:
    order = ORDERS[sort]
    ranked = sort == "rank"
    page = PAGE_SQL.format(
        in_title=IN_TITLE[table] if ranked else "0", score=SCORES[table] if ranked else "0",
        order=order, **_parts(table, filters),
    )
    sql = template.format(page=page, order=order.replace(", ", ", page."))
    rows = await db.execute(sql, _params(query, filters, limit, offset))
    if total is None:
        total = await count(db, table, query, filters)
    return Found([dict(r) for r in rows], total)


async def articles(db, query: Query, filters: Filters = Filters(), sort: str = "rank", limit: int = 20,
                   offset: int = 0, total: int | None = None) -> Found:
    return await _search(db, "articles", ARTICLES_SQL, query, filters, sort, limit, offset, total)


async def comments(db, query: Query, filters: Filters = Filters(), sort: str = "rank", limit: int = 20,
                   offset: int = 0, total: int | None = None) -> Found:
    return await _search(db, "comments", COMMENTS_SQL, query, filters, sort, limit, offset, total)


async def sites(db) -> list[dict]:
    return [dict(r) for r in await db.execute("select name, title, timezone from sites order by name")]
