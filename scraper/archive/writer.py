"""Writing what the crawl saw into the archive, keeping every earlier state.

One article snapshot is one transaction: the article, its version history,
tags, images, comment thread and raw pages are written together or not at
all. Nothing archived is ever deleted: an edit adds a version, a vanished
comment gets `deleted_at`, a removed article gets `status = 'removed'`.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from scraper.archive import search_index
from scraper.archive.moments import moment_columns, moment_values, utc
from scraper.archive.sql import insert, insert_many, insert_sql, named_rows, update, update_many
from scraper.archive.thread_diff import ArchivedComment, diff_thread
from scraper.items import ArticleGone, ArticleSnapshot, FetchedPage, FetchFailure
from scraper.rendering import evidence as rendered
from scraper.sites import Site
from scraper.sites.addresses import path_of

# Response headers worth keeping as evidence and for conditional requests.
# A page rendered in the browser also keeps what came of the rendering (scraper/rendering/evidence.py).
KEPT_HEADERS = ("content-type", "date", "etag", "last-modified", "location", "server", *rendered.HEADERS)
# zlib's fastest level: a page compresses in about half the time of level 6, to about a fifth more bytes.
# Any level decompresses the same way, so pages archived at another level read as before.
PAGE_COMPRESSION = 1
# What an article's versions keep: a change in any of these is a new version.
VERSIONED = ("title", "lead", "body", "tags")
ARCHIVED_COMMENTS = (
    f"SELECT {', '.join(ArchivedComment._fields)} FROM comments WHERE article_id = ?"
)
# A new comment's row: one tuple in this column order (`_save_comments`), no column named again per row.
NEW_COMMENT_COLUMNS = (
    "id", "article_id", "site_comment_id", "parent_id", "position", "depth", "author", "text", "quote",
    *(f"published_{part}" for part in ("at", "local", "raw", "precision")),
    "likes", "dislikes", "hidden", "first_seen", "last_seen",
)
NEW_COMMENT = insert_sql("comments", NEW_COMMENT_COLUMNS)
# Where a new comment's row holds what the full-text index takes of it.
NEW_TEXT, NEW_AUTHOR, NEW_LOCAL = (NEW_COMMENT_COLUMNS.index(c) for c in ("text", "author", "published_local"))
# What the full-text index takes of an article's row: its words, then its date.
ARTICLE_INDEXED = search_index.columns("articles")


@dataclass
class Outcome:
    """What one write changed, for the crawl run's record."""

    article: str = "unchanged"  # "new", "changed", "unchanged"; "reparsed" for a re-parse that corrected it
    counts: Counter = field(default_factory=Counter)


def _hash(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


class ArchiveWriter:
    def __init__(self, db: Database, run_id: int | None = None):
        self.db = db
        self.run_id = run_id

    # --- sites --------------------------------------------------------------
    def save_sites(self, sites: list[Site]) -> None:
        with self.db.atomic():
            self.db["sites"].upsert_all(
                [
                    {
                        "name": s.name,
                        "title": s.title,
                        "origin": s.origin,
                        "timezone": s.timezone,
                        "layout": s.layout,
                    }
                    for s in sites
                ],
                pk="name",
            )
            # Where a site file names the site's origin, every archived address of the site is on it,
            # whichever origin an article was read from (a site that moved to https, the demo, a proxy).
            self.db.conn.executemany(
                "UPDATE articles SET url = ? || path WHERE site = ? AND url != ? || path",
                [(s.canonical_origin.rstrip("/"), s.name, s.canonical_origin.rstrip("/")) for s in sites if s.canonical_origin],
            )

    # --- articles -----------------------------------------------------------
    def save_snapshot(self, snap: ArticleSnapshot, reparse: bool = False) -> Outcome:
        """Write what one fetch of an article showed.

        With `reparse`, the snapshot was read again from archived pages (after
        a profile fix): the extraction is corrected in place, nothing counts
        as seen again and nothing is marked deleted.
        """
        outcome = Outcome()
        now = utc(snap.fetched_at)
        conn = self.db.conn
        with self.db.atomic():
            article_id, outcome.article = self._save_article(snap, now, reparse)
            # Each page is written knowing its article: updating a page row afterwards would rewrite its body.
            # A new article's pages are new but for a rare page archived before without its article:
            # they are inserted without looking first, and that page is found by the insert itself.
            new = outcome.article == "new"
            page_ids = [self._save_page(page, snap.article.site, article_id, new) for page in snap.pages]
            if page_ids:
                conn.execute(
                    "UPDATE articles SET last_page_id = ? WHERE id = ?", [page_ids[0], article_id]
                )
            # A new article has nothing archived yet to be compared with: no images, no comments.
            self._save_images(article_id, snap, now, new)
            self._save_comments(article_id, snap, now, outcome.counts, reparse, new)
            for page in snap.pages:
                self.resolve_failure(snap.article.site, page.url, now)
        outcome.counts[f"articles_{outcome.article}"] += 1
        return outcome

    def _save_page(self, page: FetchedPage, site: str, article_id: int, likely_new: bool = False) -> int:
        """The page's row, new or found by URL and body; it belongs to the first article it was archived with.

        With `likely_new`, the body is compressed and inserted without looking
        first; a page archived already is then found by the insert's conflict,
        with the same outcome as looking first.
        """
        fetched = utc(page.fetched_at)
        digest = hashlib.sha256(page.body).hexdigest()
        conn = self.db.conn
        known = None if likely_new else conn.execute(
            "SELECT id FROM pages WHERE url = ? AND body_sha256 = ?", [page.url, digest]
        ).fetchone()
        if known is not None:
            # The same body is archived already: only when it was last fetched
            # changes, and the body is not compressed again for nothing
            # (compressing is a third of the time of re-writing an unchanged article).
            (page_id,) = known
            conn.execute(
                "UPDATE pages SET last_fetched_at = ?, article_id = coalesce(article_id, ?) WHERE id = ?",
                [fetched, article_id, page_id],
            )
            return page_id
        headers = {k: v for k, v in page.headers.items() if k.lower() in KEPT_HEADERS}
        row = {
            "site": site,
            "url": page.url,
            "kind": page.kind,
            "status": page.status,
            "headers": json.dumps(headers, ensure_ascii=False, sort_keys=True),
            "body": zlib.compress(page.body, PAGE_COMPRESSION),
            "body_sha256": digest,
            "size": len(page.body),
            "first_fetched_at": fetched,
            "last_fetched_at": fetched,
            "run_id": self.run_id,
            "encoding": page.encoding,
            "article_id": article_id,
        }
        tail = (
            "ON CONFLICT (url, body_sha256) DO UPDATE SET last_fetched_at = excluded.last_fetched_at,"
            " article_id = coalesce(article_id, excluded.article_id) RETURNING id"
        )
        return insert(conn, "pages", row, tail).fetchone()[0]

    def _save_article(self, snap: ArticleSnapshot, now: str, reparse: bool) -> tuple[int, str]:
        a = snap.article
        tags = json.dumps(a.tags, ensure_ascii=False) if a.tags else None
        content_hash = _hash(a.title, a.lead, a.body, a.tags)
        fields = {
            "site": a.site,
            "url": a.url,
            "site_article_id": a.article_id,
            "title": a.title,
            "lead": a.lead,
            "body": a.body,
            "authors": ", ".join(a.authors) or None,
            "section": a.section,
            "tags": tags,
            **moment_columns("published", a.published),
            **moment_columns("modified", a.modified),
            "comment_count_shown": a.comment_count_shown,
            "comments_found_in": a.comments_found_in,
        }
        conn = self.db.conn
        path = path_of(a.url)
        existing = named_rows(
            conn,
            "SELECT a.id, a.version, a.title, a.lead, a.body, v.content_hash, a.published_at, a.published_local"
            " FROM articles a LEFT JOIN article_versions v"
            " ON v.article_id = a.id AND v.version = a.version WHERE a.site = ? AND a.path = ?",
            [a.site, path],
        )
        if not existing:
            row = {**fields, "path": path, "version": 1, "status": "live", "first_seen": now, "last_seen": now}
            article_id = insert(conn, "articles", row, "RETURNING id").fetchone()[0]
            self._add_version(article_id, 1, fields, content_hash, now)
            self._save_tags(article_id, a.tags)
            search_index.index(self.db, "articles", [(article_id, a.title, a.lead, a.body, fields["published_local"])])
            return article_id, "new"

        old = existing[0]
        article_id, version = old["id"], old["version"]
        if reparse:
            return article_id, self._correct_article(old, fields, content_hash)
        if old["published_at"] is not None:
            # The first reading of the publication time stands; a re-parse
            # (after a profile fix) is how it gets corrected.
            fields = {k: v for k, v in fields.items() if not k.startswith("published_")}
        live = {"status": "live", "removed_at": None, "removed_reason": None}
        if content_hash == old["content_hash"]:
            unversioned = {k: v for k, v in fields.items() if k not in VERSIONED}
            update(conn, "articles", article_id, {**unversioned, **live, "last_seen": now})
            self._index_article(old, {**old, **unversioned})  # a first reading of its date, when it had none
            conn.execute(
                "UPDATE article_versions SET last_seen = ? WHERE article_id = ? AND version = ?",
                [now, article_id, version],
            )
            return article_id, "unchanged"

        version += 1
        update(conn, "articles", article_id, {**fields, **live, "version": version, "last_seen": now})
        self._add_version(article_id, version, fields, content_hash, now)
        self._save_tags(article_id, a.tags, replace=True)
        self._index_article(old, {**old, **fields})
        return article_id, "changed"

    def _correct_article(self, old, fields: dict, content_hash: str) -> str:
        """A re-parse: the current version is re-read, not a new one seen."""
        conn = self.db.conn
        update(conn, "articles", old["id"], fields)
        self._index_article(old, {**old, **fields})
        if content_hash == old["content_hash"]:
            return "unchanged"
        conn.execute(
            "UPDATE article_versions SET " + ", ".join(f"[{c}] = ?" for c in (*VERSIONED, "content_hash"))
            + " WHERE article_id = ? AND version = ?",
            [*(fields[c] for c in VERSIONED), content_hash, old["id"], old["version"]],
        )
        return "reparsed"

    def _index_article(self, old, now: dict) -> None:
        """The index holds what the article's row holds: indexed afresh when its words or its date changed."""
        before = tuple(old[c] for c in ARTICLE_INDEXED)
        after = tuple(now[c] for c in ARTICLE_INDEXED)
        if before != after:
            search_index.unindex(self.db, "articles", [(old["id"], *before)])
            search_index.index(self.db, "articles", [(old["id"], *after)])

    def _add_version(self, article_id: int, version: int, fields: dict, content_hash: str, now: str) -> None:
        insert(self.db.conn, "article_versions", {
            "article_id": article_id,
            "version": version,
            **{c: fields[c] for c in VERSIONED},
            "content_hash": content_hash,
            "first_seen": now,
            "last_seen": now,
            "run_id": self.run_id,
        })

    def _save_tags(self, article_id: int, tags: list[str], replace: bool = False) -> None:
        conn = self.db.conn
        if replace:
            conn.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
        if not tags:
            return
        conn.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in tags])
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
            " SELECT ?, id FROM tags WHERE name = ?",
            [(article_id, t) for t in tags],
        )

    def _save_images(self, article_id: int, snap: ArticleSnapshot, now: str, new: bool = False) -> None:
        # An image archived under another origin of the site is the same image: its row moves to the new address.
        archived = {} if new else {path_of(url): url for (url,) in self.db.conn.execute(
            "SELECT url FROM images WHERE article_id = ?", [article_id]
        )}
        moved = [
            (image.url, article_id, archived[path_of(image.url)])
            for image in snap.article.images
            if image.url and image.url not in archived.values() and path_of(image.url) in archived
        ] if archived else []
        if moved:
            self.db.conn.executemany("UPDATE images SET url = ? WHERE article_id = ? AND url = ?", moved)
        self.db.conn.executemany(
            """
            INSERT INTO images (article_id, position, url, caption, credit, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (article_id, url) DO UPDATE SET position = excluded.position,
              caption = excluded.caption, credit = excluded.credit, last_seen = excluded.last_seen
            """,
            [
                (article_id, position, image.url, image.caption, image.credit, now, now)
                for position, image in enumerate(snap.article.images, 1)
            ],
        )

    # --- comments -----------------------------------------------------------
    def _save_comments(
        self, article_id: int, snap: ArticleSnapshot, now: str, counts: Counter, reparse: bool = False,
        new: bool = False,
    ) -> None:
        conn = self.db.conn
        archived = {} if new else {
            comment.site_comment_id: comment
            for comment in map(ArchivedComment._make, conn.execute(ARCHIVED_COMMENTS, [article_id]))
        }
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM comments").fetchone()[0]
        diff = diff_thread(archived, snap.comments, snap.comments_complete, next_id, reparse)
        new_rows = [
            (placed.row_id, article_id, placed.comment.comment_id, placed.parent_row_id, placed.position,
             placed.depth, placed.comment.author, placed.comment.text, placed.comment.quote,
             *moment_values(placed.comment.posted), placed.comment.likes, placed.comment.dislikes,
             int(placed.comment.hidden), now, now)
            for placed in diff.new
        ]
        if new_rows:
            conn.executemany(NEW_COMMENT, new_rows)
        insert_many(conn, "comment_versions", [
            {"comment_id": old.id, "text": old.text, "quote": old.quote, "hidden": old.hidden,
             "first_seen": old.shown_since, "last_seen": old.last_seen}
            for _, old in diff.edited
        ])
        update_many(conn, "comments", [
            (placed.row_id, {"text": placed.comment.text, "quote": placed.comment.quote,
                             "hidden": int(placed.comment.hidden), "edited_at": now})
            for placed, _ in diff.edited
        ])
        update_many(conn, "comments", [
            (placed.row_id, {"author": placed.comment.author, "text": placed.comment.text,
                             "quote": placed.comment.quote, "hidden": int(placed.comment.hidden),
                             **moment_columns("published", placed.comment.posted)})
            for placed, _ in diff.corrected
        ])
        update_many(conn, "comments", [
            (placed.row_id, {"parent_id": placed.parent_row_id, "position": placed.position, "depth": placed.depth,
                             "likes": placed.comment.likes, "dislikes": placed.comment.dislikes,
                             "last_seen": old.last_seen if reparse else now,
                             "deleted_at": None, "deleted_in_run": None})
            for placed, old in diff.seen_again
        ])
        update_many(conn, "comments", [
            (old.id, {"deleted_at": now, "deleted_in_run": self.run_id}) for old in diff.deleted
        ])
        counts["comments_new"] += len(diff.new)
        counts["comments_edited"] += len(diff.edited)
        counts["comments_deleted"] += len(diff.deleted)
        # The index holds what each comment says now: an edit keeps its author, a correction may change both.
        changed = [*diff.edited, *diff.corrected]
        if changed:
            search_index.unindex(self.db, "comments", [
                (old.id, old.text, old.author, old.published_local) for _, old in changed])
        if new_rows or changed:
            search_index.index(self.db, "comments", [
                *((row[0], row[NEW_TEXT], row[NEW_AUTHOR], row[NEW_LOCAL]) for row in new_rows),
                *((placed.row_id, placed.comment.text, old.author, old.published_local) for placed, old in diff.edited),
                *((placed.row_id, placed.comment.text, placed.comment.author, moment_values(placed.comment.posted)[1])
                  for placed, _ in diff.corrected),
            ])

    # --- removals and failures ----------------------------------------------
    def mark_gone(self, gone: ArticleGone) -> bool:
        """Mark an archived article removed; its last content stays."""
        reason = str(gone.status) + (f" to {gone.redirected_to}" if gone.redirected_to else "")
        with self.db.atomic():
            cursor = self.db.conn.execute(
                "UPDATE articles SET status = 'removed', removed_at = ?, removed_reason = ?"
                " WHERE site = ? AND path = ? AND status != 'removed'",
                [utc(gone.fetched_at), reason, gone.site, path_of(gone.url)],
            )
        return cursor.rowcount > 0

    def record_failure(self, failure: FetchFailure) -> None:
        when = utc(failure.fetched_at)
        with self.db.atomic():
            self.db.conn.execute(
                """
                INSERT INTO failed_urls (url, path, site, reason, attempts, first_failed_at, last_failed_at, run_id)
                VALUES (?, ?, ?, ?, 1, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET reason = excluded.reason, attempts = attempts + 1,
                  last_failed_at = excluded.last_failed_at, run_id = excluded.run_id,
                  resolved_at = NULL
                """,
                [failure.url, path_of(failure.url), failure.site, failure.reason, when, when, self.run_id],
            )

    def resolve_failure(self, site: str, url: str, when: str) -> None:
        """A URL that failed before has now been archived, from whichever origin it failed on."""
        self.db.conn.execute(
            "UPDATE failed_urls SET resolved_at = ? WHERE site = ? AND path = ? AND resolved_at IS NULL",
            [when, site, path_of(url)],
        )

