"""Words as people type them: the other alphabet, doubled letters, and the newsroom's equivalents."""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote

import pytest

from scraper.web.equivalents import Equivalents, EquivalentsFile
from scraper.web.query import parse
from scraper.web.spellings import doublings, spellings
from scraper.wordforms import index_form

TEXTS = [
    "Подпишитесь на наш Telegram-канал!",  # 1
    "Пишу в телеграмм каждый день.",  # 2
    "Группа ВКонтакте молчит.",  # 3
    "Мы есть в VKontakte.",  # 4
    "ЦУР ответил на обращение.",  # 5
    "Центр управления регионом не ответил.",  # 6
    "Тонна угля подорожала на тон.",  # 7
    "В ВК написали.",  # 8
]


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    conn.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)", [(i, index_form(t)) for i, t in enumerate(TEXTS, 1)])
    return conn


NEWSROOM = Equivalents.parse("""
# a comment line
ВК = ВКонтакте
ЦУР = Центр управления регионом   # names of several words
""")


def found(fts, text: str, equivalents: Equivalents = Equivalents()) -> list[int]:
    query = parse(text, equivalents)
    assert query.searchable, query.message
    return [r[0] for r in fts.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [query.expression])]


@pytest.mark.parametrize("text, rows", [
    ("телеграм", [1, 2]),  # Telegram-канал and телеграмм
    ("Telegram", [1, 2]),
    ("телеграмм", [1, 2]),
    ("вконтакте", [3, 4]),  # ВКонтакте and VKontakte
    ("VKontakte", [3, 4]),
    ("ЦУР", [5]),
    ("тон", [7]),  # a short word is not widened into another (тонн)
])
def test_one_spelling_finds_the_others(fts, text, rows):
    assert found(fts, text) == rows


@pytest.mark.parametrize("text, rows", [
    ("ВК", [3, 4, 8]),
    ("вконтакте", [3, 4, 8]),
    ("ЦУР", [5, 6]),
    ("ЦУРа", [5, 6]),  # a name is read by word form
    ("центр управления регионом", [5, 6]),
    ('"Центр управления регионом"', [5, 6]),
])
def test_equivalents_find_every_name_of_a_group(fts, text, rows):
    assert found(fts, text, NEWSROOM) == rows


def test_doubled_and_single_consonants_only_in_long_words():
    assert "телеграмм" in doublings("телеграм") and "акаунт" in doublings("аккаунт")
    assert doublings("тон") == []
    assert "vkontakte" in spellings("вконтакте") and "телеграм" in spellings("telegram")


def test_the_equivalents_file_is_read_again_when_an_editor_changes_it(tmp_path, fts):
    path = tmp_path / "equivalents.txt"
    path.write_text("ВК = ВКонтакте\n", encoding="utf-8")
    source = EquivalentsFile(path)
    assert found(fts, "ЦУР", source.current()) == [5]
    path.write_text("ВК = ВКонтакте\nЦУР = Центр управления регионом\n", encoding="utf-8")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a new modification time, whatever the clock
    assert found(fts, "ЦУР", source.current()) == [5, 6]


def test_groups_that_share_a_name_are_one_group():
    groups = Equivalents.parse("ВК = ВКонтакте\nVK = ВК\n")
    assert sorted(groups.names(["VK"])) == ["VK", "ВК", "ВКонтакте"]


def test_the_shipped_file_has_the_newsrooms_examples():
    shipped = EquivalentsFile().current()
    assert "ВКонтакте" in shipped.names(["ВК"]) and "Центр управления регионом" in shipped.names(["ЦУР"])


# --- through Datasette: the table pages' search box and the search page ------------------


def texts(client, query: str) -> list[str]:
    rows = client.rows(f"/archive/comments.json?_search={quote(query)}&_col=text&_size=max")
    return sorted(r["text"] for r in rows)


def test_the_table_search_box_reads_spellings_and_equivalents(discussion):
    assert texts(discussion, "телеграм") == [
        "Пишу в телеграмм каждый день.", "Подпишитесь на наш Telegram-канал!", "Прислали телеграмму из администрации.",
    ]
    assert texts(discussion, "вконтакте") == ["Группа ВКонтакте молчит.", "Мы есть в VKontakte."]
    assert texts(discussion, "ЦУР") == ["ЦУР ответил на обращение.", "Центр управления регионом не ответил."]


def test_the_search_page_marks_every_spelling(discussion):
    html = discussion.get("/archive/-/search?in=comments&q=" + quote("вконтакте")).text
    assert "<mark>ВКонтакте</mark>" in html and "<mark>VKontakte</mark>" in html
