"""A commenter's comments across the archive, found by the name they gave.

Names are not unique (two people may both sign "Марина"), so the page groups
them by site and says so. The full-text index holds authors' names too: it
finds the candidates, newest in the archive first, and the exact name picks
among them, so a name is found without a scan of every comment. A name
signed under tens of thousands of comments ("Гость") costs no more than a
rare one: the page counts, groups and lists the newest `COUNTED` comments
signed so, and says so when there are more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from scraper import wordforms
from scraper.web.matches import FILTERED_COUNTED

PER_SITE = 50
COUNTED = FILTERED_COUNTED

# The newest comments signed `name` (optionally on one site), one pass, the
# comments read first (CROSS JOIN keeps SQLite from starting at the site's articles).
HITS_SQL = """
select c.id, c.article_id, c.published_at, c.published_local, a.site
from {candidates} cross join articles a on a.id = c.article_id
where c.author = :name {on_site}
order by {newest} desc limit :bound
"""
# (what to read, and its id): the index's candidates, or, in an archive from
# before the index held names' word forms, every comment.
FTS_CANDIDATES = ("comments_fts f join comments c on c.id = f.rowid and f.comments_fts match :expression", "f.rowid")
ALL_COMMENTS = ("comments c", "c.id")
SITE_TITLES_SQL = "select name, title from sites"
COMMENTS_SQL = """
select c.id, c.article_id, c.text, c.published_local, c.published_precision, c.hidden, c.deleted_at,
  c.edited_at, c.parent_id, a.title as article_title, a.site
from comments c join articles a on a.id = c.article_id
where c.id in (select value from json_each(:ids))
"""


@dataclass
class Site:
    """A commenter's comments on one site, as far as they were counted."""

    site: str
    site_title: str | None
    total: int = 0
    more: bool = False  # more than `total`: only the newest COUNTED were read
    partial: bool = False  # `total` or more: only the newest COUNTED on every site were read
    article_ids: set = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    hits: list[dict] = field(default_factory=list)  # newest first (the site's own times)

    @property
    def articles(self) -> int:
        return len(self.article_ids)


def author_expression(name: str) -> str | None:
    """The FTS5 query that finds comments signed `name` (and maybe others), or None."""
    words = wordforms.words(name)
    if not words:
        return None
    phrase = " ".join(wordforms.word_form(w) for w in words)
    return 'author : "' + phrase.replace('"', '""') + '"'


async def sites(db, name: str, stemmed: bool, only: str = "") -> list[Site]:
    """The sites the name commented on, most comments first, from its newest COUNTED comments."""
    expression = author_expression(name)
    candidates, newest = FTS_CANDIDATES if expression and stemmed else ALL_COMMENTS
    sql = HITS_SQL.format(candidates=candidates, newest=newest, on_site="and a.site = :site" if only else "")
    rows = await db.execute(sql, {"name": name, "expression": expression, "site": only, "bound": COUNTED + 1})
    titles = {r["name"]: r["title"] for r in await db.execute(SITE_TITLES_SQL)}
    cut = len(rows.rows) > COUNTED
    groups: dict[str, Site] = {}
    for row in rows.rows[:COUNTED]:
        group = groups.setdefault(row["site"], Site(
            row["site"], titles.get(row["site"]), more=cut and bool(only), partial=cut and not only))
        group.total += 1
        group.article_ids.add(row["article_id"])
        group.hits.append(dict(row))
        moment = row["published_local"]
        if moment:
            group.first = min(group.first or moment, moment)
            group.last = max(group.last or moment, moment)
    for group in groups.values():
        group.hits.sort(key=lambda h: (h["published_at"] or "", h["id"]), reverse=True)
    return sorted(groups.values(), key=lambda g: (-g.total, g.site))


async def comments(db, group: Site, limit: int = PER_SITE, offset: int = 0) -> list[dict]:
    """One page of the group's comments, newest first."""
    ids = [h["id"] for h in group.hits[offset:offset + limit]]
    if not ids:
        return []
    by_id = {r["id"]: dict(r) for r in await db.execute(COMMENTS_SQL, {"ids": json.dumps(ids)})}
    return [by_id[i] for i in ids if i in by_id]
