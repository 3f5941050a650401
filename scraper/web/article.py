"""Reading one article whole: its text, versions, raw pages and comment thread."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

ARTICLE_SQL = """
select a.*, s.title as site_title, s.timezone as timezone
from articles a left join sites s on s.name = a.site
where a.id = :id
"""
COMMENTS_SQL = """
select id, parent_id, position, depth, author, text, quote, published_local,
  published_precision, published_raw, likes, dislikes, hidden, first_seen, last_seen,
  edited_at, deleted_at
from comments where article_id = :id
"""
EARLIER_TEXTS_SQL = """
select v.comment_id, v.text, v.quote, v.hidden, v.first_seen, v.last_seen
from comment_versions v join comments c on c.id = v.comment_id
where c.article_id = :id order by v.id
"""
VERSIONS_SQL = """
select version, title, lead, body, tags, first_seen, last_seen
from article_versions where article_id = :id order by version
"""
PAGES_SQL = """
select id, url, kind, status, size, first_fetched_at, last_fetched_at
from pages where article_id = :id order by kind, last_fetched_at desc
"""
IMAGES_SQL = "select url, caption, credit from images where article_id = :id order by position"
RAW_PAGE_SQL = "select id, site, url, kind, status, headers, body, encoding, last_fetched_at from pages where id = :id"


async def article(db, article_id: int) -> dict | None:
    row = (await db.execute(ARTICLE_SQL, {"id": article_id})).first()
    if row is None:
        return None
    result = dict(row)
    result["tags"] = json.loads(result["tags"]) if result.get("tags") else []
    return result


async def comments(db, article_id: int) -> list[dict]:
    """The article's comments, each with the earlier texts the archive kept."""
    rows = [dict(r) for r in await db.execute(COMMENTS_SQL, {"id": article_id})]
    earlier: dict[int, list[dict]] = {}
    for row in await db.execute(EARLIER_TEXTS_SQL, {"id": article_id}):
        earlier.setdefault(row["comment_id"], []).append(dict(row))
    for row in rows:
        row["earlier"] = earlier.get(row["id"], [])
    return rows


async def versions(db, article_id: int) -> list[dict]:
    return [dict(r) for r in await db.execute(VERSIONS_SQL, {"id": article_id})]


async def pages(db, article_id: int) -> list[dict]:
    return [dict(r) for r in await db.execute(PAGES_SQL, {"id": article_id})]


async def images(db, article_id: int) -> list[dict]:
    return [dict(r) for r in await db.execute(IMAGES_SQL, {"id": article_id})]


@dataclass
class RawPage:
    id: int
    url: str
    kind: str
    status: int
    fetched_at: str
    headers: dict
    text: str


async def raw_page(db, page_id: int) -> RawPage | None:
    """An archived response, decompressed and decoded as the crawl decoded it."""
    row = (await db.execute(RAW_PAGE_SQL, {"id": page_id})).first()
    if row is None:
        return None
    body = zlib.decompress(row["body"]) if row["body"] is not None else b""
    encoding = row["encoding"] or "utf-8"
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return RawPage(
        id=row["id"],
        url=row["url"],
        kind=row["kind"],
        status=row["status"],
        fetched_at=row["last_fetched_at"],
        headers=json.loads(row["headers"]) if row["headers"] else {},
        text=text,
    )
