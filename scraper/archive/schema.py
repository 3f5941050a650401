"""The archive's schema, owned here and changed only through migrations.

Every change is a new function registered on `migrations` (never an edit of
an old one), so an archive made by any earlier version opens, upgrades in
place and loses nothing. sqlite-utils records what was applied in
`_sqlite_migrations`.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from scraper.archive import duplicates, search_index
from scraper.sites.addresses import path_of

migrations = Migrations("regional_news_archive")


def upgrade(db: Database) -> None:
    """Bring any archive, new or old, up to the current schema."""
    migrations.apply(db)


# Columns a timestamp becomes: UTC for sorting across sites, local for
# reading, the text as the site printed it, and how precise that text was.
def _moment(prefix: str) -> dict[str, type]:
    return {
        f"{prefix}_at": str,
        f"{prefix}_local": str,
        f"{prefix}_raw": str,
        f"{prefix}_precision": str,
    }


@migrations()
def m001_initial(db: Database) -> None:
    db["sites"].create(
        {"name": str, "title": str, "origin": str, "timezone": str, "layout": str},
        pk="name",
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "arguments": str,
            "sites": str,
            "pages_fetched": int,
            "articles_new": int,
            "articles_changed": int,
            "articles_unchanged": int,
            "articles_removed": int,
            "comments_new": int,
            "comments_edited": int,
            "comments_deleted": int,
            "errors": int,
            "drift_alarms": str,
        },
        pk="id",
    )
    db["articles"].create(
        {
            "id": int,
            "site": str,
            "url": str,
            "site_article_id": str,
            "title": str,
            "lead": str,
            "body": str,
            "authors": str,
            "section": str,
            "tags": str,
            **_moment("published"),
            **_moment("modified"),
            "comment_count_shown": int,
            "version": int,
            "status": str,
            "removed_at": str,
            "removed_reason": str,
            "first_seen": str,
            "last_seen": str,
            "last_page_id": int,
        },
        pk="id",
        not_null={"site", "url"},
        defaults={"status": "live", "version": 1},
        foreign_keys=[("site", "sites", "name")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site", "published_at"])
    db["articles"].create_index(["published_at"])
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "version": int,
            "title": str,
            "lead": str,
            "body": str,
            "tags": str,
            "content_hash": str,
            "first_seen": str,
            "last_seen": str,
            "run_id": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("run_id", "crawl_runs", "id")],
    )
    db["article_versions"].create_index(["article_id", "version"], unique=True)
    db["tags"].create({"id": int, "name": str}, pk="id")
    db["tags"].create_index(["name"], unique=True)
    db["article_tags"].create(
        {"article_id": int, "tag_id": int},
        pk=("article_id", "tag_id"),
        foreign_keys=[("article_id", "articles", "id"), ("tag_id", "tags", "id")],
    )
    db["article_tags"].create_index(["tag_id"])
    db["images"].create(
        {
            "id": int,
            "article_id": int,
            "position": int,
            "url": str,
            "caption": str,
            "credit": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["images"].create_index(["article_id", "url"], unique=True)
    db["comments"].create(
        {
            "id": int,
            "article_id": int,
            "site_comment_id": str,
            "parent_id": int,
            "position": int,
            "depth": int,
            "author": str,
            "text": str,
            "quote": str,
            **_moment("published"),
            "likes": int,
            "dislikes": int,
            "hidden": int,
            "first_seen": str,
            "last_seen": str,
            "edited_at": str,
            "deleted_at": str,
            "deleted_in_run": int,
        },
        pk="id",
        not_null={"article_id", "site_comment_id"},
        defaults={"hidden": 0},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("parent_id", "comments", "id"),
            ("deleted_in_run", "crawl_runs", "id"),
        ],
    )
    db["comments"].create_index(["article_id", "site_comment_id"], unique=True)
    db["comments"].create_index(["article_id", "position"])
    db["comments"].create_index(["parent_id"])
    db["comments"].create_index(["published_at"])
    db["comment_versions"].create(
        {
            "id": int,
            "comment_id": int,
            "text": str,
            "quote": str,
            "hidden": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("comment_id", "comments", "id")],
    )
    db["comment_versions"].create_index(["comment_id"])
    db["pages"].create(
        {
            "id": int,
            "site": str,
            "url": str,
            "kind": str,
            "status": int,
            "headers": str,
            "body": bytes,
            "body_sha256": str,
            "size": int,
            "first_fetched_at": str,
            "last_fetched_at": str,
            "article_id": int,
            "run_id": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("run_id", "crawl_runs", "id")],
    )
    db["pages"].create_index(["url", "body_sha256"], unique=True)
    db["pages"].create_index(["article_id"])
    db["failed_urls"].create(
        {
            "url": str,
            "site": str,
            "reason": str,
            "attempts": int,
            "first_failed_at": str,
            "last_failed_at": str,
            "resolved_at": str,
            "run_id": int,
        },
        pk="url",
    )
    for table, columns in (("articles", ("title", "lead", "body")), ("comments", ("text", "author"))):
        db.execute(
            f"CREATE VIRTUAL TABLE [{table}_fts] USING fts5("
            + ", ".join(f"[{c}]" for c in columns)
            + f", content=[{table}], content_rowid=[id])"
        )


@migrations()
def m002_page_encoding_and_site_clocks(db: Database) -> None:
    """Re-parsing needs each page's encoding; catch-up needs each site's clock."""
    db["pages"].add_column("encoding", str)
    # {site: the site's own time (HTTP Date) when the run first heard from it}
    db["crawl_runs"].add_column("site_clocks", str)


@migrations()
def m003_index_word_stems(db: Database) -> None:
    """Search finds every form of a Russian word: the index holds word stems.

    Archives made before held the raw text in their FTS tables; they are
    indexed afresh the one way that keeps stems (never FTS5's `rebuild`),
    in the index's shape of today (the columns later migrations added).
    """
    for table in search_index.INDEXED:
        search_index.recreate(db, table)


@migrations()
def m004_run_problems(db: Database) -> None:
    """A run's problems (bot-blocks, wrong charsets, unreadable pages…) by kind, for people to see."""
    db["crawl_runs"].add_column("problems", str)


@migrations()
def m005_where_comments_were_found(db: Database) -> None:
    """Where the crawl found an article's comments: its site's profile, schema.org data or repeated markup."""
    db["articles"].add_column("comments_found_in", str)


@migrations()
def m006_newest_first_indexes(db: Database) -> None:
    """Articles and comments are listed newest first, and paged on by (time, id):
    an index on the time in that order (ties by id, as the next page expects)
    lets the table page of a common word read its fifty rows along the index,
    without sorting every match first. It replaces the index in the other order."""
    for table in ("articles", "comments"):
        db.execute(f"DROP INDEX IF EXISTS [idx_{table}_published_at]")
        db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_published_at_desc] ON [{table}] (published_at DESC)")


@migrations()
def m007_one_row_per_article(db: Database) -> None:
    """An article is its site and its path there, not the origin it was fetched from.

    Its row is found by `(site, path)`; the origin each run used is recorded
    with the run (`crawl_runs.origins`) and stays in every raw page's URL.
    Rows an article got from other origins before (another port, http and
    https, a proxy) are merged into its oldest row, keeping every version,
    comment and page (scraper/archive/duplicates.py); `merged_articles`
    records each row merged away. Failed URLs are retried by path too.
    """
    search_index.shape(db)  # merging writes into the index: in the columns this code writes
    db["articles"].add_column("path", str)
    db["failed_urls"].add_column("path", str)
    db["crawl_runs"].add_column("origins", str)
    for table, key in (("articles", "id"), ("failed_urls", "url")):
        rows = db.execute(f"SELECT [{key}], url FROM [{table}]").fetchall()
        db.conn.executemany(f"UPDATE [{table}] SET path = ? WHERE [{key}] = ?", [(path_of(url), k) for k, url in rows])
    db["merged_articles"].create(
        {
            "id": int,
            "into_id": int,
            "site": str,
            "url": str,
            "path": str,
            "first_seen": str,
            "last_seen": str,
            "merged_at": str,
        },
        pk="id",
        foreign_keys=[("into_id", "articles", "id")],
    )
    # The same address on another origin is the same article: the URL is no key.
    db.execute("DROP INDEX idx_articles_url")
    duplicates.merge_all(db)
    db["articles"].create_index(["url"])
    db["articles"].create_index(["site", "path"], unique=True)
    db["failed_urls"].create_index(["site", "path"])


@migrations()
def m008_items_applied_from_a_queue(db: Database) -> None:
    """A night spread over machines: each item its writer applied, so a replay after a crash writes nothing twice.

    `site_report` holds what a site's crawl reported at its end (clocks,
    problems, drift alarms), merged into the night's one `crawl_runs` row.
    """
    db["applied_items"].create(
        {"item_id": str, "run_id": int, "applied_at": str, "site_report": str},
        pk="item_id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db["applied_items"].create_index(["run_id"])


@migrations()
def m009_indexes_of_times_carry_what_a_period_shows(db: Database) -> None:
    """A period's comments and articles are read from the index of times alone.

    The home page's most discussed articles of the week count each comment
    by its article, commenter and moderation; a search narrowed to a period
    reads each row's local date and site. Looking those up in the rows costs
    more than everything else (an article's row holds its whole text before
    its local date), so the newest-first index of times carries them too. It
    replaces the index that led by time alone: still newest first, ties in id
    order (the id comes next), as a table page's next page expects.
    """
    carried = {
        "comments": ("published_local", "article_id", "author", "hidden", "deleted_at"),
        "articles": ("published_local", "site"),
    }
    for table, columns in carried.items():
        db.execute(f"DROP INDEX IF EXISTS [idx_{table}_published_at_desc]")
        db.execute(
            f"CREATE INDEX [idx_{table}_published_at_desc] ON [{table}] (published_at DESC, id, "
            + ", ".join(f"[{c}]" for c in columns) + ")"
        )


@migrations()
def m010_index_periods(db: Database) -> None:
    """A search narrowed to a period asks the full-text index, not every match's row.

    The index gains a column, `published_local`, holding each row's local
    day, month and year as terms (scraper/periods.py); the search page then
    finds a month's matches of a common word by merging two lists of ids
    instead of reading the date of each of its tens of thousands of
    matches. FTS5 adds no column to a table: both indexes are made afresh
    and filled again (the archive's rows are not touched), unless an earlier
    step of the same upgrade already did.
    """
    search_index.shape(db)
