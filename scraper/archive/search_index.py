"""Upkeep of the full-text indexes `articles_fts` and `comments_fts`.

They are external-content FTS5 tables: the archive rows hold the original
text, the index holds `wordforms.index_form` of it (one stem per original
word, so that snippet() and highlight() mark the original words). Only this
module writes them: FTS5's own `rebuild` (and sqlite-utils' `rebuild_fts`,
`populate_fts`, `enable_fts` triggers) would index the raw text instead and
silently break searching by word form; `reindex` is the rebuild to use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from scraper.wordforms import index_form

INDEXED = {"articles": ("title", "lead", "body"), "comments": ("text", "author")}
BATCH = 2000
# The migration after which an archive's index holds word forms (schema.py).
WORD_FORMS_SINCE = ("regional_news_archive", "m003_index_word_stems")


def _sql(table: str, delete: bool) -> str:
    columns = INDEXED[table]
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    if delete:
        return f"INSERT INTO [{table}_fts]([{table}_fts], rowid, {names}) VALUES ('delete', ?, {marks})"
    return f"INSERT INTO [{table}_fts](rowid, {names}) VALUES (?, {marks})"


def _forms(rows: Iterable[Sequence]) -> list[tuple]:
    return [(row[0], *map(index_form, row[1:])) for row in rows]


def index(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Add rows `(id, *INDEXED[table])` to the index."""
    db.conn.executemany(_sql(table, delete=False), _forms(rows))


def unindex(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Remove rows as they were indexed: `(id, *old values)`."""
    db.conn.executemany(_sql(table, delete=True), _forms(rows))


def reindex(db: Database, table: str) -> int:
    """Index every row of `table` afresh; returns how many. Call inside a transaction."""
    conn = db.conn
    conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('delete-all')")
    columns = ", ".join(f"[{c}]" for c in INDEXED[table])
    cursor = conn.execute(f"SELECT id, {columns} FROM [{table}] ORDER BY id")
    count = 0
    while rows := cursor.fetchmany(BATCH):
        index(db, table, rows)
        count += len(rows)
    conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    return count
