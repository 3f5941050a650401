"""A commenter's comments across the archive, found by the name they gave.

Names are not unique (two people may both sign "Марина"), so the page groups
them by site and says so. The full-text index holds authors' names too: it
finds the candidates, and the exact name picks among them, so a name is
found without a scan of every comment.
"""

from __future__ import annotations

from scraper import wordforms

PER_SITE = 50

CANDIDATES_SQL = "select rowid from comments_fts where comments_fts match :expression"
SITES_SQL = """
select a.site, s.title as site_title, count(*) as total, count(distinct c.article_id) as articles,
  min(c.published_local) as first, max(c.published_local) as last
from comments c join articles a on a.id = c.article_id left join sites s on s.name = a.site
where c.id in ({candidates}) and c.author = :name
group by a.site order by total desc, a.site
"""
COMMENTS_SQL = """
select c.id, c.article_id, c.text, c.published_local, c.published_precision, c.hidden, c.deleted_at,
  c.edited_at, c.parent_id, a.title as article_title, a.site
from comments c join articles a on a.id = c.article_id
where c.id in ({candidates}) and c.author = :name and a.site = :site
order by c.published_at desc, c.id desc
limit :limit offset :offset
"""
ALL_COMMENTS = "select id from comments"


def author_expression(name: str) -> str | None:
    """The FTS5 query that finds comments signed `name` (and maybe others), or None."""
    words = wordforms.words(name)
    if not words:
        return None
    phrase = " ".join(wordforms.word_form(w) for w in words)
    return 'author : "' + phrase.replace('"', '""') + '"'


def _candidates(expression: str | None, stemmed: bool) -> str:
    return CANDIDATES_SQL if expression and stemmed else ALL_COMMENTS


async def sites(db, name: str, stemmed: bool) -> list[dict]:
    expression = author_expression(name)
    sql = SITES_SQL.format(candidates=_candidates(expression, stemmed))
    return [dict(r) for r in await db.execute(sql, {"name": name, "expression": expression})]


async def comments(db, name: str, site: str, stemmed: bool, limit: int = PER_SITE, offset: int = 0) -> list[dict]:
    expression = author_expression(name)
    sql = COMMENTS_SQL.format(candidates=_candidates(expression, stemmed))
    params = {"name": name, "site": site, "expression": expression, "limit": limit, "offset": offset}
    return [dict(r) for r in await db.execute(sql, params)]
