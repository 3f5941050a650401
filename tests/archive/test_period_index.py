"""The full-text index knows each row's local day, month and year, and keeps them true as rows change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scraper import periods
from scraper.archive import search_index
from scraper.dates import Timestamp
from tests.archive.snapshots import comment, later, snapshot, stamp


def found(db, table: str, expression: str) -> set[int]:
    return {r[0] for r in db.execute(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", [expression])}


def assert_index_holds_each_rows_day(db) -> None:
    """Every dated row is found by its day, month and year, by no other day, and an undated row by none."""
    for table in ("articles", "comments"):
        days: dict[str, set[int]] = {}
        for row_id, local in db.execute(f"SELECT id, published_local FROM {table}"):
            days.setdefault(local[:10] if local else None, set()).add(row_id)
        dated = set().union(*(ids for day, ids in days.items() if day))
        assert found(db, table, f'{periods.COLUMN} : "{periods.MARK}" *') == dated
        for day, ids in days.items():
            if day:
                y, m, d = day.split("-")
                assert found(db, table, f'{periods.COLUMN} : "{periods.MARK}{y}{m}{d}"') == ids
                assert ids <= found(db, table, f'{periods.COLUMN} : "{periods.MARK}{y}{m}"')
                assert ids <= found(db, table, f'{periods.COLUMN} : "{periods.MARK}{y}"')


def test_a_new_article_and_its_comments_are_indexed_by_their_days(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Первый", when="22.08.2022 23:30"),
                                            comment("2", "Второй", when="23.08.2022 00:10")]))
    assert_index_holds_each_rows_day(db)
    assert found(db, "comments", periods.expression(date(2022, 8, 23), date(2022, 8, 23))) == {2}


def test_a_re_parse_that_corrects_dates_moves_rows_to_their_new_days(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Первый", when="22.08.2022 17:00")]))
    fixed = snapshot(comments=[comment("1", "Первый", when="25.08.2022 09:00")])
    fixed = replace(fixed, article=replace(fixed.article, published=stamp("24.08.2022 10:00")))
    writer.save_snapshot(fixed, reparse=True)
    assert db.execute("SELECT substr(published_local, 1, 10) FROM comments").fetchone()[0] == "2022-08-25"
    assert db.execute("SELECT substr(published_local, 1, 10) FROM articles").fetchone()[0] == "2022-08-24"
    assert_index_holds_each_rows_day(db)


def test_an_article_first_seen_undated_is_indexed_by_the_date_read_later(db, writer):
    undated = snapshot()
    writer.save_snapshot(replace(undated, article=replace(undated.article, published=Timestamp.empty())))
    assert db.execute("SELECT published_local FROM articles").fetchone()[0] is None
    assert_index_holds_each_rows_day(db)
    writer.save_snapshot(snapshot(at=later(1)))
    assert db.execute("SELECT substr(published_local, 1, 10) FROM articles").fetchone()[0] == "2022-08-22"
    assert_index_holds_each_rows_day(db)


def test_edits_keep_a_comment_on_its_day(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Первый", when="22.08.2022 17:00")]))
    writer.save_snapshot(snapshot(comments=[comment("1", "Первый, исправленный", when="22.08.2022 17:00")], at=later(1)))
    writer.save_snapshot(snapshot(title="Новый заголовок", comments=[comment("1", None)], at=later(2)))
    assert_index_holds_each_rows_day(db)


def test_an_index_made_afresh_holds_the_same_days(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Первый", when="22.08.2022 23:30"),
                                            comment("2", "Второй", when="21.08.2022 10:00")]))
    with db.conn:
        for table in search_index.INDEXED:
            search_index.recreate(db, table)
            assert search_index.in_shape(db, table)
    assert_index_holds_each_rows_day(db)
