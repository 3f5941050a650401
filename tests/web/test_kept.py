"""The home page's opening is made once and made again as soon as the archive changes."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

from datasette.app import Datasette

from scraper.web import kept
from tests.web.conftest import Client, metadata


def _made_on(db) -> tuple[list[int], callable]:
    made: list[int] = []

    async def make() -> int:
        made.append(1)
        return len(made)

    return made, lambda: asyncio.run(kept.kept(db, "answer", make))


def test_an_answer_is_made_again_only_after_someone_commits(archive, tmp_path):
    path = tmp_path / "archive.db"
    shutil.copy(archive, path)
    db = Datasette([str(path)]).get_database("archive")
    made, ask = _made_on(db)
    assert ask() == 1 and ask() == 1 and len(made) == 1
    with sqlite3.connect(path) as writer:
        writer.execute("update sites set title = title || '.'")
    assert ask() == 2 and ask() == 2 and len(made) == 2


def test_a_database_in_memory_keeps_nothing():
    datasette = Datasette(memory=True)
    made, ask = _made_on(datasette.get_database("_memory"))
    assert [ask(), ask(), ask()] == [1, 2, 3]


def test_the_home_page_shows_an_edited_headline_on_the_next_visit(archive, tmp_path):
    path = tmp_path / "archive.db"
    shutil.copy(archive, path)
    client = Client(Datasette([str(path)], metadata=metadata()))
    with sqlite3.connect(path) as conn:
        top = conn.execute("select title from articles where title != '' order by id limit 1").fetchone()[0]
    first = client.get("/").text
    assert top in first and client.get("/").text == first
    with sqlite3.connect(path) as writer:
        writer.execute("update articles set title = 'Заголовок после правки' where title = ?", [top])
    again = client.get("/").text
    assert "Заголовок после правки" in again and top not in again
