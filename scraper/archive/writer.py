"""Writing what the crawl saw into the archive, keeping every earlier state.

One article snapshot is one transaction: the article, its version history,
tags, images, comment thread and raw pages are written together or not at
all. Nothing archived is ever deleted: an edit adds a version, a vanished
comment gets `deleted_at`, a removed article gets `status = 'removed'`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from scraper.archive import search_index
from scraper.archive.moments import moment_columns, utc
from scraper.rendering import evidence as rendered
from scraper.items import ArticleGone, ArticleSnapshot, Comment, FetchedPage, FetchFailure
from scraper.sites import Site
from scraper.sites.addresses import path_of

log = logging.getLogger(__name__)

# Response headers worth keeping as evidence and for conditional requests.
# A page rendered in the browser also keeps what came of the rendering (scraper/rendering/evidence.py).
KEPT_HEADERS = ("content-type", "date", "etag", "last-modified", "location", "server", *rendered.HEADERS)


@dataclass
class Outcome:
    """What one write changed, for the crawl run's record."""

    article: str = "unchanged"  # "new", "changed", "unchanged"
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
            page_ids = [self._save_page(page, snap.article.site) for page in snap.pages]
            article_id, outcome.article = self._save_article(snap, now, reparse)
            if page_ids:
                conn.execute(
                    "UPDATE pages SET article_id = ? WHERE id IN (%s) AND article_id IS NULL"
                    % ",".join("?" * len(page_ids)),
                    [article_id, *page_ids],
                )
                conn.execute(
                    "UPDATE articles SET last_page_id = ? WHERE id = ?", [page_ids[0], article_id]
                )
            self._save_images(article_id, snap, now)
            self._save_comments(article_id, snap, now, outcome.counts, reparse)
            for page in snap.pages:
                self.resolve_failure(snap.article.site, page.url, now)
        outcome.counts[f"articles_{outcome.article}"] += 1
        return outcome

    def _save_page(self, page: FetchedPage, site: str) -> int:
        fetched = utc(page.fetched_at)
        digest = hashlib.sha256(page.body).hexdigest()
        conn = self.db.conn
        known = conn.execute(
            "SELECT id FROM pages WHERE url = ? AND body_sha256 = ?", [page.url, digest]
        ).fetchone()
        if known is not None:
            # The same body is archived already: only when it was last fetched
            # changes, and the body is not compressed again for nothing (that
            # was a third of the time of re-writing an unchanged article).
            conn.execute("UPDATE pages SET last_fetched_at = ? WHERE id = ?", [fetched, known[0]])
            return known[0]
        headers = {k: v for k, v in page.headers.items() if k.lower() in KEPT_HEADERS}
        row = conn.execute(
            """
            INSERT INTO pages (site, url, kind, status, headers, body, body_sha256, size,
                               first_fetched_at, last_fetched_at, run_id, encoding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (url, body_sha256) DO UPDATE SET last_fetched_at = excluded.last_fetched_at
            RETURNING id
            """,
            [
                site,
                page.url,
                page.kind,
                page.status,
                json.dumps(headers, ensure_ascii=False, sort_keys=True),
                zlib.compress(page.body, 6),
                digest,
                len(page.body),
                fetched,
                fetched,
                self.run_id,
                page.encoding,
            ],
        ).fetchone()
        return row[0]

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
        existing = conn.execute(
            "SELECT a.id, a.version, a.title, a.lead, a.body, v.content_hash, a.status, a.published_at"
            " FROM articles a LEFT JOIN article_versions v"
            " ON v.article_id = a.id AND v.version = a.version WHERE a.site = ? AND a.path = ?",
            [a.site, path_of(a.url)],
        ).fetchone()
        if existing is None:
            names = list(fields) + ["path", "version", "status", "first_seen", "last_seen"]
            values = list(fields.values()) + [path_of(a.url), 1, "live", now, now]
            article_id = conn.execute(
                f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id",
                values,
            ).fetchone()[0]
            self._add_version(article_id, 1, fields, content_hash, now)
            self._save_tags(article_id, a.tags)
            search_index.index(self.db, "articles", [(article_id, a.title, a.lead, a.body)])
            return article_id, "new"

        article_id, version, old_title, old_lead, old_body, old_hash, status, published_at = existing
        if reparse:
            return article_id, self._correct_article(article_id, version, existing, fields, content_hash)
        if published_at is not None:
            # The first reading of the publication time stands; a re-parse
            # (after a profile fix) is how it gets corrected.
            for key in ("published_at", "published_local", "published_raw", "published_precision"):
                fields.pop(key)
        live = {"status": "live", "removed_at": None, "removed_reason": None}
        if content_hash == old_hash:
            fields.pop("title"), fields.pop("lead"), fields.pop("body"), fields.pop("tags")
            self._update("articles", article_id, {**fields, **live, "last_seen": now})
            conn.execute(
                "UPDATE article_versions SET last_seen = ? WHERE article_id = ? AND version = ?",
                [now, article_id, version],
            )
            return article_id, "unchanged"

        version += 1
        self._update("articles", article_id, {**fields, **live, "version": version, "last_seen": now})
        self._add_version(article_id, version, fields, content_hash, now)
        self._save_tags(article_id, a.tags, replace=True)
        search_index.unindex(self.db, "articles", [(article_id, old_title, old_lead, old_body)])
        search_index.index(self.db, "articles", [(article_id, a.title, a.lead, a.body)])
        return article_id, "changed"

    def _correct_article(self, article_id: int, version: int, old: tuple, fields: dict, content_hash: str) -> str:
        """A re-parse: the current version is re-read, not a new one seen."""
        self._update("articles", article_id, fields)
        if content_hash == old[5]:
            return "unchanged"
        self.db.conn.execute(
            "UPDATE article_versions SET title = ?, lead = ?, body = ?, tags = ?, content_hash = ?"
            " WHERE article_id = ? AND version = ?",
            [fields["title"], fields["lead"], fields["body"], fields["tags"], content_hash, article_id, version],
        )
        search_index.unindex(self.db, "articles", [(article_id, old[2], old[3], old[4])])
        search_index.index(self.db, "articles", [(article_id, fields["title"], fields["lead"], fields["body"])])
        return "reparsed"

    def _update(self, table: str, row_id: int, values: dict) -> None:
        sets = ", ".join(f"[{k}] = ?" for k in values)
        self.db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*values.values(), row_id])

    def _add_version(self, article_id: int, version: int, fields: dict, content_hash: str, now: str) -> None:
        self.db.conn.execute(
            "INSERT INTO article_versions (article_id, version, title, lead, body, tags,"
            " content_hash, first_seen, last_seen, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                version,
                fields["title"],
                fields["lead"],
                fields["body"],
                fields["tags"],
                content_hash,
                now,
                now,
                self.run_id,
            ],
        )

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

    def _save_images(self, article_id: int, snap: ArticleSnapshot, now: str) -> None:
        # An image archived under another origin of the site is the same image: its row moves to the new address.
        archived = {path_of(url): url for (url,) in self.db.conn.execute(
            "SELECT url FROM images WHERE article_id = ?", [article_id]
        )}
        moved = [
            (image.url, article_id, archived[path_of(image.url)])
            for image in snap.article.images
            if image.url and image.url not in archived.values() and path_of(image.url) in archived
        ]
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
        self, article_id: int, snap: ArticleSnapshot, now: str, counts: Counter, reparse: bool = False
    ) -> None:
        conn = self.db.conn
        existing = {
            row[1]: row
            for row in conn.execute(
                "SELECT id, site_comment_id, text, quote, hidden, deleted_at, author, first_seen,"
                " edited_at, last_seen, depth FROM comments WHERE article_id = ?",
                [article_id],
            )
        }
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM comments").fetchone()[0]
        ids: dict[str, int] = {}
        depths: dict[str, int] = {}
        inserts, touches, edits, old_versions, unindex, index = [], [], [], [], [], []
        corrections = []
        for position, comment in enumerate(_unique_ids(snap.comments), 1):
            parent = ids.get(comment.parent_id) if comment.parent_id else None
            depth = depths.get(comment.parent_id, -1) + 1 if comment.parent_id else 0
            row = existing.get(comment.comment_id)
            if row is None:
                row_id = next_id
                next_id += 1
                inserts.append(
                    (row_id, article_id, comment.comment_id, parent, position, depth,
                     comment.author, comment.text, comment.quote,
                     *moment_columns("published", comment.posted).values(),
                     comment.likes, comment.dislikes, int(comment.hidden), now, now)
                )
                index.append((row_id, comment.text, comment.author))
                counts["comments_new"] += 1
            else:
                row_id = row[0]
                if reparse:
                    corrections.append(
                        (comment.author, comment.text, comment.quote, int(comment.hidden),
                         *moment_columns("published", comment.posted).values(), row_id)
                    )
                    unindex.append((row_id, row[2], row[6]))
                    index.append((row_id, comment.text, comment.author))
                elif (comment.text, comment.quote, int(comment.hidden)) != (row[2], row[3], row[4]):
                    old_versions.append((row_id, row[2], row[3], row[4], row[8] or row[7], row[9]))
                    edits.append((comment.text, comment.quote, int(comment.hidden), now, row_id))
                    unindex.append((row_id, row[2], row[6]))
                    index.append((row_id, comment.text, row[6]))
                    counts["comments_edited"] += 1
                touches.append((parent, position, depth, comment.likes, comment.dislikes, row[9] if reparse else now, row_id))
            ids[comment.comment_id] = row_id
            depths[comment.comment_id] = depth
        if inserts:
            conn.executemany(
                "INSERT INTO comments (id, article_id, site_comment_id, parent_id, position, depth,"
                " author, text, quote, published_at, published_local, published_raw,"
                " published_precision, likes, dislikes, hidden, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )
        if old_versions:
            conn.executemany(
                "INSERT INTO comment_versions (comment_id, text, quote, hidden, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                old_versions,
            )
            conn.executemany(
                "UPDATE comments SET text = ?, quote = ?, hidden = ?, edited_at = ? WHERE id = ?", edits
            )
        if corrections:
            conn.executemany(
                "UPDATE comments SET author = ?, text = ?, quote = ?, hidden = ?, published_at = ?,"
                " published_local = ?, published_raw = ?, published_precision = ? WHERE id = ?",
                corrections,
            )
        if touches:
            conn.executemany(
                "UPDATE comments SET parent_id = ?, position = ?, depth = ?, likes = ?, dislikes = ?,"
                " last_seen = ?, deleted_at = NULL, deleted_in_run = NULL WHERE id = ?",
                touches,
            )
        if snap.comments_complete and not reparse:
            gone = [
                (now, self.run_id, row[0])
                for key, row in existing.items()
                if key not in ids and row[5] is None
            ]
            if gone:
                conn.executemany(
                    "UPDATE comments SET deleted_at = ?, deleted_in_run = ? WHERE id = ?", gone
                )
                counts["comments_deleted"] += len(gone)
        if unindex:
            search_index.unindex(self.db, "comments", unindex)
        if index:
            search_index.index(self.db, "comments", index)

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


def _unique_ids(comments: list[Comment]) -> list[Comment]:
    """Keep every comment even when a site repeats an id: later ones get a suffix."""
    if len({comment.comment_id for comment in comments}) == len(comments):
        return comments  # the usual case, without building a new list
    seen: Counter = Counter()
    result = []
    for comment in comments:
        seen[comment.comment_id] += 1
        if seen[comment.comment_id] > 1:
            log.warning("duplicate comment id %s: kept as a separate comment", comment.comment_id)
            comment = Comment(**{**comment.__dict__, "comment_id": f"{comment.comment_id}~{seen[comment.comment_id]}"})
        result.append(comment)
    return result
