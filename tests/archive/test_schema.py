"""The schema: migrations from the first archive, and the descriptions journalists read."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import yaml

from scraper.archive import open_archive, search_index
from scraper.archive.docs import tables_markdown
from scraper.archive.schema import migrations
from scraper.archive.writer import ArchiveWriter
from scraper.web.query import parse
from scraper.web.metadata import METADATA
from tests.archive.snapshots import comment, later, snapshot
from tests.archive.test_period_index import assert_index_holds_each_rows_day

PROJECT = Path(__file__).resolve().parents[2]
FIRST_SCHEMA = PROJECT / "tests/fixtures/archives/first_schema.db"


def rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        columns = [c[1] for c in db.execute(f"PRAGMA table_info([{table}])")]
        return [tuple(r) for r in db.execute(f"SELECT {', '.join(columns)} FROM [{table}] ORDER BY rowid")]


def user_tables(db) -> list[str]:
    return [t for t in db.table_names() if not t.startswith("_") and "_fts" not in t]


def test_archive_of_the_first_schema_upgrades_and_loses_nothing(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA, old)
    with sqlite3.connect(old) as before:
        tables = [r[0] for r in before.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")]
    kept = {table: rows(old, table) for table in tables if table != "_sqlite_migrations"}
    assert (len(kept["articles"]), len(kept["comments"]), len(kept["article_versions"])) == (4, 21, 5)

    db = open_archive(old)
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table, old_rows in kept.items():
        new_rows = rows(old, table)
        assert [r[: len(old_rows[0])] for r in new_rows] == old_rows, table
    # The upgraded archive goes on working: search still finds old text,
    # and a new fetch of an old article is just another sighting.
    assert db.execute(
        "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?", [parse("простолюдины").expression]
    ).fetchone()[0] == 1
    assert db["articles"].get(1)["version"] == 2
    # Its index is made afresh with the periods' column: every old row is found by its day.
    assert all(search_index.in_shape(db, table) for table in search_index.INDEXED)
    assert_index_holds_each_rows_day(db)
    db.close()


def test_new_archive_has_indexes_for_what_journalists_filter_by(db):
    indexed = {
        table: {tuple(index.columns) for index in db[table].indexes}
        for table in ("articles", "comments", "pages", "article_versions")
    }
    assert ("site", "published_at") in indexed["articles"]
    assert ("published_at", "id", "published_local", "site") in indexed["articles"]
    assert ("published_at", "id", "published_local", "article_id", "author", "hidden", "deleted_at") in indexed["comments"]
    assert ("article_id", "position") in indexed["comments"]
    assert ("parent_id",) in indexed["comments"]
    assert ("article_id", "site_comment_id") in indexed["comments"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {fk.other_table for fk in db["comments"].foreign_keys} == {"articles", "comments", "crawl_runs"}


def test_articles_and_comments_are_indexed_newest_first(db):
    # Table pages list them newest first and page on by (time, id): the index
    # gives ties in id order when read from its start.
    for table in ("articles", "comments"):
        leading = db.execute(
            "select l.name, x.desc from pragma_index_list(?) l join pragma_index_xinfo(l.name) x"
            " where x.seqno = 0 and x.name = 'published_at' and l.name not like '%site%'", [table],
        ).fetchall()
        assert leading == [(f"idx_{table}_published_at_desc", 1)], table


def test_a_periods_comments_and_articles_are_read_from_the_index_of_times_alone(db):
    # The home page counts the week's comments by article, commenter and
    # moderation; a search narrowed to a period reads each row's local date
    # and site: none of it needs the rows themselves.
    week = db.execute(
        "explain query plan select article_id, count(distinct author), sum(hidden = 1 or deleted_at is not null),"
        " min(published_local) from comments where published_at >= '2022-08-20' and published_at < '2022-08-28'"
        " group by article_id").fetchall()
    assert any("COVERING INDEX idx_comments_published_at_desc" in row[-1] for row in week), week
    month = db.execute(
        "explain query plan select id, substr(published_local, 1, 10), site from articles"
        " where published_at >= '2022-08-01' and published_at < '2022-09-01'").fetchall()
    assert any("COVERING INDEX idx_articles_published_at_desc" in row[-1] for row in month), month


def test_foreign_keys_refuse_an_orphan_comment(db):
    import pytest

    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO comments (article_id, site_comment_id) VALUES (999, 'x')")


def test_metadata_describes_every_table_and_column_of_the_schema(db):
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    described = metadata["databases"]["archive"]["tables"]
    for table in user_tables(db):
        assert table in described, f"metadata.yml does not describe table {table}"
        assert described[table].get("description"), table
        columns = set(db[table].columns_dict)
        described_columns = set(described[table].get("columns", {}))
        assert columns - described_columns == set(), f"{table}: undescribed columns"
        assert described_columns - columns == set(), f"{table}: described columns that do not exist"


def test_readme_documents_every_table_and_column_as_metadata_does(db):
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert tables_markdown() in readme, "README's table reference is stale: python -m scraper.archive.docs"
    section = readme.split("## The archive's tables", 1)[1]
    for table in user_tables(db):
        assert f"### `{table}`" in section, table


def test_writes_to_an_upgraded_archive(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA, old)
    db = open_archive(old)
    url = db.execute("SELECT url FROM articles WHERE site_article_id = '161417'").fetchone()[0]
    outcome = ArchiveWriter(db).save_snapshot(snapshot(url=url, comments=[comment("x", "Новый")], at=later(3)))
    assert outcome.article == "changed" and outcome.counts["comments_new"] == 1
    assert db.execute("SELECT count(*) FROM pages WHERE encoding = 'utf-8'").fetchone()[0] == 1
