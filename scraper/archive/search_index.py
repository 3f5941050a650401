"""Upkeep of the full-text indexes `articles_fts` and `comments_fts`.

They are external-content FTS5 tables: the archive rows hold the original
text, the index holds `wordforms.index_form` of it. Only this module writes
them: an FTS `rebuild` would index the raw text instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from scraper.wordforms import index_form

INDEXED = {"articles": ("title", "lead", "body"), "comments": ("text", "author")}


def _sql(table: str, delete: bool) -> str:
    columns = INDEXED[table]
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    if delete:
        return f"INSERT INTO [{table}_fts]([{table}_fts], rowid, {names}) VALUES ('delete', ?, {marks})"
    return f"INSERT INTO [{table}_fts](rowid, {names}) VALUES (?, {marks})"


def _forms(rows: Iterable[Sequence]) -> list[tuple]:
    return [(row[0], *(index_form(value) for value in row[1:])) for row in rows]


def index(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Add rows `(id, *INDEXED[table])` to the index."""
    db.conn.executemany(_sql(table, delete=False), _forms(rows))


def unindex(db: Database, table: str, rows: Iterable[Sequence]) -> None:
    """Remove rows as they were indexed: `(id, *old values)`."""
    db.conn.executemany(_sql(table, delete=True), _forms(rows))
