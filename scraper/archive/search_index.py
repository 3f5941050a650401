"""Upkeep of the full-text indexes `articles_fts` and `comments_fts`.

They are external-content FTS5 tables: the archive rows hold the original
text, the index holds `wordforms.index_form` of it (one stem per original
word, so that snippet() and highlight() mark the original words), and, in
its `published_local` column, the terms of the row's local day, month and
year (`periods.terms`), which a search narrowed to a period asks for. Only
this module writes them: FTS5's own `rebuild` (and sqlite-utils'
`rebuild_fts`, `populate_fts`, `enable_fts` triggers) would index the raw
text instead and silently break searching by word form and by period;
`reindex` is the rebuild to use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from scraper import periods
from scraper.wordforms import index_form

# The words of each table's rows; after them, every index has the period column.
INDEXED = {"articles": ("title", "lead", "body"), "comments": ("text", "author")}
BATCH = 2000
# The migration after which an archive's index holds word forms (schema.py).
WORD_FORMS_SINCE = ("regional_news_archive", "m003_index_word_stems")
# The migration after which it holds each row's period terms too.
PERIODS_SINCE = ("regional_news_archive", "m010_index_periods")
# Whether one of these migrations was applied to an archive (parameters: a `..._SINCE`).
APPLIED_SQL = "select 1 from _sqlite_migrations where migration_set = ? and name = ?"


def columns(table: str) -> tuple[str, ...]:
    """The columns of `table`'s index, in order: its words, then the period's terms."""
    return (*INDEXED[table], periods.COLUMN)


def _sql(table: str, delete: bool) -> str:
    names = ", ".join(f"[{c}]" for c in columns(table))
    marks = ", ".join("?" for _ in columns(table))
    if delete:
        return f"INSERT INTO [{table}_fts]([{table}_fts], rowid, {names}) VALUES ('delete', ?, {marks})"
    return f"INSERT INTO [{table}_fts](rowid, {names}) VALUES (?, {marks})"


def _forms(rows: Iterable[Sequence]) -> list[tuple]:
    return [(row[0], *map(index_form, row[1:-1]), periods.terms(row[-1])) for row in rows]


def index(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Add rows `(id, *INDEXED[table], published_local)` to the index."""
    db.conn.executemany(_sql(table, delete=False), _forms(rows))


def unindex(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Remove rows as they were indexed: `(id, *old words, old published_local)`."""
    db.conn.executemany(_sql(table, delete=True), _forms(rows))


def create_sql(table: str) -> str:
    names = ", ".join(f"[{c}]" for c in columns(table))
    return f"CREATE VIRTUAL TABLE [{table}_fts] USING fts5({names}, content=[{table}], content_rowid=[id])"


def recreate(db: Database, table: str) -> int:
    """Make `table`'s index afresh in today's shape (its columns) and fill it;
    returns how many rows. Call inside a transaction."""
    db.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
    db.execute(create_sql(table))
    return reindex(db, table)


def in_shape(db: Database, table: str) -> bool:
    """Whether `table`'s index has today's columns."""
    return [row[1] for row in db.execute(f"PRAGMA table_info([{table}_fts])")] == list(columns(table))


def shape(db: Database) -> None:
    """Make afresh each index that lacks today's columns (an archive's older
    index, met by a migration that writes into it). Inside a transaction."""
    for table in INDEXED:
        if not in_shape(db, table):
            recreate(db, table)


def reindex(db: Database, table: str) -> int:
    """Index every row of `table` afresh; returns how many. Call inside a transaction."""
    conn = db.conn
    conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('delete-all')")
    read = ", ".join(f"[{c}]" for c in columns(table))
    cursor = conn.execute(f"SELECT id, {read} FROM [{table}] ORDER BY id")
    count = 0
    while rows := cursor.fetchmany(BATCH):
        index(db, table, rows)
        count += len(rows)
    conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    return count
