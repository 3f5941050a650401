"""Statements made from column names, and rows read by name.

The writer says each row once, as a mapping of column to value; the SQL
text and the order of the values follow from it, so no column list is
written twice and no value is read by its position.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from functools import cache


@cache
def insert_sql(table: str, columns: tuple[str, ...], tail: str = "") -> str:
    """`INSERT INTO table (columns) VALUES (?, …)`, and `tail` (an ON CONFLICT, a RETURNING)."""
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({marks}){' ' + tail if tail else ''}"


@cache
def update_sql(table: str, columns: tuple[str, ...], key: str = "id") -> str:
    """`UPDATE table SET column = ?, … WHERE key = ?`: the values, then the key."""
    sets = ", ".join(f"[{c}] = ?" for c in columns)
    return f"UPDATE [{table}] SET {sets} WHERE [{key}] = ?"


def insert(conn: sqlite3.Connection, table: str, row: Mapping, tail: str = "") -> sqlite3.Cursor:
    return conn.execute(insert_sql(table, tuple(row), tail), list(row.values()))


def insert_many(conn: sqlite3.Connection, table: str, rows: Sequence[Mapping]) -> None:
    """Rows of one shape (the first row's columns)."""
    if rows:
        conn.executemany(insert_sql(table, tuple(rows[0])), [tuple(row.values()) for row in rows])


def update(conn: sqlite3.Connection, table: str, row_id: int, values: Mapping) -> None:
    conn.execute(update_sql(table, tuple(values)), [*values.values(), row_id])


def update_many(conn: sqlite3.Connection, table: str, updates: Sequence[tuple[int, Mapping]]) -> None:
    """(row id, values) pairs of one shape (the first one's columns)."""
    if updates:
        columns = tuple(updates[0][1])
        conn.executemany(update_sql(table, columns), [(*values.values(), row_id) for row_id, values in updates])


def named_rows(conn: sqlite3.Connection, sql: str, parameters: Iterable = ()) -> list[sqlite3.Row]:
    """The rows a query gives, each read by column name."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, list(parameters)).fetchall()
