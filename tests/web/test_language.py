"""The archive speaks Russian, and English by one setting; every text has its translation."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from scraper.web.metadata import METADATA
from scraper.web import catalogue
from scraper.web.language import language
from tests.web.conftest import Client, metadata


def english_metadata() -> dict:
    data = metadata()
    data["plugins"] = {"regional_news": {"language": "en"}}
    return data


@pytest.fixture(scope="module")
def english(archive) -> Client:
    return Client(Datasette([str(archive)], metadata=english_metadata()))


def test_every_interface_text_has_its_russian_translation():
    written = catalogue.read("ru")
    wanted = catalogue.interface_texts()
    ids = {m.id for m in written if m.id}
    assert {m[0] if isinstance(m, tuple) else m for m in wanted} == {i[0] if isinstance(i, tuple) else i for i in ids}, (
        "locale/ru.po is not in step with the code: python -m scraper.web.catalogue"
    )
    assert catalogue.missing(written) == []


def test_every_title_description_and_label_of_metadata_has_its_english_translation():
    written = catalogue.read("en")
    assert {m.id for m in written if m.id} == set(catalogue.metadata_texts(METADATA))
    assert catalogue.missing(written) == []


def test_russian_counts_take_the_right_form():
    ru = language("ru")
    forms = [ru.ngettext("%(num)s comment", "%(num)s comments", n) for n in (1, 2, 5, 11, 21, 1642)]
    assert forms == ["1 комментарий", "2 комментария", "5 комментариев", "11 комментариев", "21 комментарий",
                     "1\xa0642 комментария"]


def test_datasettes_own_pages_speak_russian(client):
    html = client.get("/archive/comments").text
    assert '<html lang="ru">' in html
    for text in ("Комментарии", "Что значат столбцы", "Применить", "Эти данные в виде",
                 "Автор", "Текст", "Скрыт"):
        assert text in html, text
    for english in (">Apply<", "This data as", "Advanced export", ">Next page<", "Suggested facets"):
        assert english not in html, english


def test_errors_speak_russian(client):
    response = client.get("/archive/no_such_table")
    assert response.status_code == 404
    assert "Таблица не найдена" in response.text and "Table not found" not in response.text
    response = client.get("/archive/-/article/999")
    assert response.status_code == 404 and "В архиве нет статьи 999" in response.text
    response = client.get("/archive?sql=" + quote("select * from nowhere"))
    assert response.status_code == 400 and "Нет такой таблицы: nowhere" in response.text


def test_english_is_one_setting_away(english):
    html = english.get("/archive/-/search?q=" + quote("министра") + "&in=comments").text
    assert '<html lang="en">' in html and "Comments: 2" in html and "Search the archive" in html
    table = english.get("/archive/articles").text
    assert "<h1>Articles " in table and "Headline" in table and "What the columns mean" in table
    assert "Статьи" not in table and "Заголовок" not in table
    queries = asyncio.run(english.datasette.get_canned_queries("archive", None))
    assert queries["new_since_last_run"]["title"] == "What is new since the last run"


def test_a_language_the_archive_does_not_speak_stops_datasette_with_the_reason(archive):
    data = metadata()
    data["plugins"] = {"regional_news": {"language": "fr"}}
    with pytest.raises(ValueError, match="must be one of ru, en"):
        Client(Datasette([str(archive)], metadata=data)).get("/")


def test_the_readme_table_reference_reads_the_english_catalogue():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| `title` | Headline, latest version. |" in readme
    assert metadata()["databases"]["archive"]["tables"]["articles"]["columns"]["title"] == "Заголовок, последняя версия."
