"""The index holds stems through every write, and old archives are re-indexed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from scraper.archive import open_archive, search_index
from scraper.archive.schema import migrations
from scraper.archive.writer import ArchiveWriter
from scraper.web.query import parse
from tests.web.newsroom_archive import DOCTORS, FIRST_RUN, SECOND_RUN, SITES, comment, snapshot

FIRST_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures/archives/first_schema.db"


def found(db, table: str, text: str) -> list[int]:
    return [r[0] for r in db.execute(
        f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid", [parse(text).expression]
    )]


def raw(db, table: str, token: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?", [f'"{token}"']).fetchone()[0]


def test_an_archive_of_the_first_schema_is_indexed_by_stems(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA, path)
    with sqlite3.connect(path) as before:
        assert raw(before, "comments", "простолюдины") == 1  # raw words, before
        comments = before.execute("SELECT count(*) FROM comments").fetchone()[0]
    db = open_archive(path)
    assert "m003_index_word_stems" in [m.name for m in migrations.applied(db)]
    assert raw(db, "comments", "простолюдины") == 0 and raw(db, "comments", "простолюдин") == 1
    assert found(db, "comments", "простолюдинам") == found(db, "comments", "Простолюдин") != []
    indexed = db.execute("SELECT count(*) FROM comments_fts_docsize").fetchone()[0]
    assert indexed == comments


def test_reindex_puts_stems_back_after_an_fts_rebuild(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    writer = ArchiveWriter(db)
    writer.save_sites(SITES)
    writer.save_snapshot(snapshot(DOCTORS, "bankfax", "Врачи уходят", "Лид", "Текст",
                                  [comment("a", "Марина", "Врачей не хватает", "22.08.2022 17:00")],
                                  FIRST_RUN, "22.08.2022 16:21"))
    assert found(db, "comments", "врачи") == [1]
    with db.atomic():
        db.execute("INSERT INTO comments_fts(comments_fts) VALUES ('rebuild')")  # what must never be done
    assert found(db, "comments", "врачи") == []
    with db.atomic():
        assert search_index.reindex(db, "comments") == 1
    assert found(db, "comments", "врачи") == [1]


def test_edits_hidden_comments_and_new_versions_are_reindexed(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    writer = ArchiveWriter(db)
    writer.save_sites(SITES)
    first = [
        comment("a", "Марина", "Врачей не хватает", "22.08.2022 17:00"),
        comment("b", "Гость", "Министра в отставку", "22.08.2022 18:00"),
    ]
    writer.save_snapshot(snapshot(DOCTORS, "bankfax", "Врачи уходят", "Лид", "Текст про больницы",
                                  first, FIRST_RUN, "22.08.2022 16:21"))
    assert found(db, "comments", "врач") == [1] and found(db, "comments", "министр") == [2]
    second = [
        comment("a", "Марина", "Учителей не хватает", "22.08.2022 17:00"),
        comment("b", "Гость", None, "22.08.2022 18:00"),
    ]
    writer.save_snapshot(snapshot(DOCTORS, "bankfax", "Учителя уходят", "Лид", "Текст про школы",
                                  second, SECOND_RUN, "22.08.2022 16:21"))
    assert found(db, "comments", "врач") == [] and found(db, "comments", "учителя") == [1]
    assert found(db, "comments", "министр") == []  # hidden: its text is no longer searchable
    assert found(db, "comments", "Гость") == [2]
    assert found(db, "articles", "врачи") == [] and found(db, "articles", "учитель") == [1]
    assert found(db, "articles", "школа") == [1] and found(db, "articles", "больница") == []
