"""Merging the rows an article got once for each origin it was fetched from.

Archives made before an article was identified by its site and path hold a
row per origin (another port of the demo, http and https, a proxy) for the
same article. Each such group becomes its oldest row, and the result is what
the archive would hold had the article always been one row: every distinct
version in the order it was seen, every comment once with its earlier texts,
every raw page. Nothing is dropped: rows that say the same thing are folded
together (the same text seen from two origins is one version, first seen at
the earlier sighting and last seen at the later), and each merged-away row
is recorded in `merged_articles`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlite_utils import Database

from scraper.archive import search_index
from scraper.archive.moments import utc
from scraper.sites.addresses import path_of

# Filled from the row with the latest sighting: the article as last seen.
LATEST = (
    "url", "authors", "section", "modified_at", "modified_local", "modified_raw", "modified_precision",
    "comment_count_shown", "comments_found_in", "status", "removed_at", "removed_reason", "last_page_id",
)
PUBLISHED = ("published_at", "published_local", "published_raw", "published_precision")
TEXT = ("text", "quote", "hidden")
# A comment's state as last seen, taken from its latest sighting.
COMMENT_LATEST = (
    "parent_id", "position", "depth", "author", *TEXT, "likes", "dislikes", "deleted_at", "deleted_in_run",
)


def merge_all(db: Database) -> int:
    """Merge every group of rows of one site and path; returns how many rows were merged away."""
    groups = db.execute(
        "SELECT site, path FROM articles GROUP BY site, path HAVING count(*) > 1 ORDER BY min(id)"
    ).fetchall()
    merged = 0
    for site, path in groups:
        merged += merge_article(db, site, path)
    return merged


def _seen_last(row: dict) -> str:
    return max(row["last_seen"] or "", row["removed_at"] or "")


def merge_article(db: Database, site: str, path: str) -> int:
    rows = list(db.query("SELECT * FROM articles WHERE site = ? AND path = ? ORDER BY first_seen, id", [site, path]))
    keep, others = rows[0], rows[1:]
    ids = [row["id"] for row in rows]
    latest = max(rows, key=lambda row: (_seen_last(row), row["id"]))
    search_index.unindex(db, "articles", [
        (row["id"], row["title"], row["lead"], row["body"], row["published_local"]) for row in rows])
    current = _merge_versions(db, keep["id"], ids) or {**latest, "version": latest["version"] or 1}
    published = next((row for row in rows if row["published_at"] is not None), keep)
    values = {
        **{key: latest[key] for key in LATEST},
        **{key: published[key] for key in PUBLISHED},
        **{key: current[key] for key in ("title", "lead", "body", "tags")},
        "site_article_id": latest["site_article_id"] or next((r["site_article_id"] for r in rows if r["site_article_id"]), None),
        "version": current["version"],
        "first_seen": min((row["first_seen"] for row in rows if row["first_seen"]), default=None),
        "last_seen": max((row["last_seen"] for row in rows if row["last_seen"]), default=None),
    }
    conn = db.conn
    conn.execute(
        "UPDATE articles SET " + ", ".join(f"[{key}] = ?" for key in values) + " WHERE id = ?",
        [*values.values(), keep["id"]],
    )
    search_index.index(db, "articles", [
        (keep["id"], values["title"], values["lead"], values["body"], values["published_local"])])
    _merge_tags(db, ids, keep["id"], current["tags"])
    _merge_images(db, ids, keep["id"])
    others_ids = [row["id"] for row in others]
    marks = ",".join("?" * len(others_ids))
    conn.execute(f"UPDATE pages SET article_id = ? WHERE article_id IN ({marks})", [keep["id"], *others_ids])
    _merge_comments(db, keep["id"], others_ids)
    now = utc(datetime.now(timezone.utc))
    conn.executemany(
        "INSERT INTO merged_articles (id, into_id, site, url, path, first_seen, last_seen, merged_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r["id"], keep["id"], r["site"], r["url"], r["path"], r["first_seen"], r["last_seen"], now) for r in others],
    )
    conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", others_ids)
    return len(others)


def _merge_versions(db: Database, keep: int, ids: list[int]) -> dict | None:
    """One timeline of versions: consecutive sightings of the same text are one version."""
    marks = ",".join("?" * len(ids))
    versions = list(db.query(f"SELECT * FROM article_versions WHERE article_id IN ({marks}) ORDER BY first_seen, id", ids))
    timeline: list[dict] = []
    folded: list[int] = []
    for version in versions:
        if timeline and timeline[-1]["content_hash"] == version["content_hash"]:
            timeline[-1]["last_seen"] = max(timeline[-1]["last_seen"] or "", version["last_seen"] or "") or None
            folded.append(version["id"])
        else:
            timeline.append(dict(version))
    conn = db.conn
    conn.executemany("DELETE FROM article_versions WHERE id = ?", [(v,) for v in folded])
    # Numbered afresh in two steps, since (article_id, version) is unique.
    conn.executemany(
        "UPDATE article_versions SET article_id = ?, version = ?, last_seen = ? WHERE id = ?",
        [(keep, -number, version["last_seen"], version["id"]) for number, version in enumerate(timeline, 1)],
    )
    conn.execute("UPDATE article_versions SET version = -version WHERE article_id = ? AND version < 0", [keep])
    if not timeline:
        return None
    return {**timeline[-1], "version": len(timeline)}


def _merge_tags(db: Database, ids: list[int], keep: int, tags: str | None) -> None:
    """The tags of the current version, as the writer keeps them."""
    conn = db.conn
    conn.execute(f"DELETE FROM article_tags WHERE article_id IN ({','.join('?' * len(ids))})", ids)
    names = json.loads(tags) if tags else []
    conn.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(name,) for name in names])
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
        [(keep, name) for name in names],
    )


def _merge_images(db: Database, ids: list[int], keep: int) -> None:
    """One row an image, whichever origin its address was on: as last seen, seen since the first sighting."""
    marks = ",".join("?" * len(ids))
    by_path: dict[str, list[dict]] = {}
    for image in db.query(f"SELECT * FROM images WHERE article_id IN ({marks}) ORDER BY first_seen, id", ids):
        by_path.setdefault(path_of(image["url"] or ""), []).append(image)
    conn = db.conn
    for sightings in by_path.values():
        first, last = sightings[0], max(sightings, key=lambda image: (image["last_seen"] or "", image["id"]))
        conn.executemany("DELETE FROM images WHERE id = ?", [(image["id"],) for image in sightings[1:]])
        conn.execute(
            "UPDATE images SET article_id = ?, url = ?, position = ?, caption = ?, credit = ?, last_seen = ? WHERE id = ?",
            [keep, last["url"], last["position"], last["caption"], last["credit"],
             max((i["last_seen"] for i in sightings if i["last_seen"]), default=None), first["id"]],
        )


def _merge_comments(db: Database, keep: int, others: list[int]) -> None:
    """Each comment once: a comment seen under two rows keeps its earlier texts as versions."""
    conn = db.conn
    by_site_id = {
        site_id: comment_id
        for comment_id, site_id in conn.execute("SELECT id, site_comment_id FROM comments WHERE article_id = ?", [keep])
    }
    for other in others:
        for comment_id, site_id in conn.execute(
            "SELECT id, site_comment_id FROM comments WHERE article_id = ? ORDER BY id", [other]
        ).fetchall():
            if site_id not in by_site_id:
                conn.execute("UPDATE comments SET article_id = ? WHERE id = ?", [keep, comment_id])
                by_site_id[site_id] = comment_id
            else:
                _merge_comment(db, by_site_id[site_id], comment_id)


def _merge_comment(db: Database, target_id: int, duplicate_id: int) -> None:
    """Fold `duplicate_id` into `target_id`: the latest sighting is the comment's state, an earlier other text a version."""
    target, duplicate = (next(db.query("SELECT * FROM comments WHERE id = ?", [i])) for i in (target_id, duplicate_id))
    older, newer = sorted((target, duplicate), key=lambda c: (c["last_seen"] or "", c["id"] == duplicate_id))
    conn = db.conn
    values = {key: newer[key] for key in COMMENT_LATEST}
    if tuple(older[key] for key in TEXT) != tuple(newer[key] for key in TEXT):
        conn.execute(
            "INSERT INTO comment_versions (comment_id, text, quote, hidden, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
            [target_id, older["text"], older["quote"], older["hidden"], older["edited_at"] or older["first_seen"],
             older["last_seen"]],
        )
        values["edited_at"] = newer["edited_at"] or newer["first_seen"]
    else:
        values["edited_at"] = newer["edited_at"] or older["edited_at"]
    first = min((target, duplicate), key=lambda c: (c["first_seen"] or "", c["id"]))
    published = first if first["published_at"] is not None else (target if first is duplicate else duplicate)
    values.update({key: published[key] for key in PUBLISHED})
    values["first_seen"] = first["first_seen"]
    values["last_seen"] = max(target["last_seen"] or "", duplicate["last_seen"] or "") or None
    if values["parent_id"] in (target_id, duplicate_id):  # never its own parent
        values["parent_id"] = None
    conn.execute("UPDATE comment_versions SET comment_id = ? WHERE comment_id = ?", [target_id, duplicate_id])
    conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [target_id, duplicate_id])
    search_index.unindex(db, "comments", [
        (c["id"], c["text"], c["author"], c["published_local"]) for c in (target, duplicate)])
    conn.execute("DELETE FROM comments WHERE id = ?", [duplicate_id])
    conn.execute(
        "UPDATE comments SET " + ", ".join(f"[{key}] = ?" for key in values) + " WHERE id = ?",
        [*values.values(), target_id],
    )
    search_index.index(db, "comments", [(target_id, values["text"], values["author"], values["published_local"])])
