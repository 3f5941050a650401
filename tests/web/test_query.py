"""Reading a search box: any input is a valid FTS5 query or a clear message."""

from __future__ import annotations

import random
import sqlite3

import pytest

from scraper.web.query import MAX_LENGTH, NOTHING, parse, sql_escape_fts
from scraper.wordforms import index_form


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    rows = [
        ("Врачи уходят", "Главный врач больницы и министр здравоохранения"),
        ("Министерство отчиталось", "администрация города"),
        ("Кредит подорожал", "кредита не дают, кто-то взял 1,5 млн"),
    ]
    conn.executemany(
        "INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)",
        [(i, index_form(a), index_form(b)) for i, (a, b) in enumerate(rows, 1)],
    )
    return conn


def found(fts, text: str) -> list[int]:
    query = parse(text)
    assert query.searchable, query.message
    return [r[0] for r in fts.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [query.expression])]


@pytest.mark.parametrize(
    "text, rows",
    [
        ("врачей", [1]),
        ("ВРАЧОМ", [1]),
        ("министра", [1]),
        ("министерства", [2]),
        ("кредитами", [3]),
        ("кредит", [3]),
        ('"министр здравоохранения"', [1]),
        ('"здравоохранения министр"', []),
        ("врач OR администрации", [1, 2]),
        ("врач AND министр", [1]),
        ("врач NOT министр", []),
        ("(врач OR кредит) больница", [1]),
        ("минист*", [1, 2]),
        ("NEAR(врач министр, 5)", [1]),
        ("NEAR(врач администрация, 5)", []),
        ("кто-то", [3]),
        ("1,5 млн", [3]),
        ("Кто-то?!", [3]),
    ],
)
def test_what_a_query_finds(fts, text, rows):
    assert found(fts, text) == rows


@pytest.mark.parametrize(
    "text",
    ["", "   ", "*", "NEAR(", "AND", "OR NOT", '""', "((", ")", "!!! ...", "«»", "\u0301", "-- ;"],
)
def test_input_without_words_gets_a_message(text):
    query = parse(text)
    assert query.expression is None and query.message
    assert sql_escape_fts(text) == NOTHING


def test_nothing_matches_nothing(fts):
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [NOTHING]).fetchone()[0] == 0


def test_too_long_a_query_is_refused_with_a_message():
    query = parse("врач " * (MAX_LENGTH // 4))
    assert query.expression is None and "too long" in query.message.text


def test_sql_fragments_are_words(fts):
    query = parse("'; DROP TABLE comments; -- врач")
    assert query.words == ["DROP", "TABLE", "comments", "врач"]
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query.expression]).fetchone()[0] == 0


def test_dangling_operators_and_brackets_are_dropped(fts):
    assert found(fts, "OR врач OR") == [1]
    assert found(fts, "(врач") == [1]
    assert found(fts, "врач)") == [1]
    assert found(fts, 'врач "министр') == [1]


PIECES = [
    '"', "(", ")", "NEAR(", "NEAR", "*", "AND", "OR", "NOT", ",", "5", ":", "^", "-", "+", "'",
    ";", "DROP TABLE", "врач", "министра", " ", "{", "}", "\\", "title:", "😀", "\u0301", "кто-то",
    "NEAR(врач", ", 3)", "\x00", "%", "_", "ё", "Ё", "1,5", "*врач", "врач*", "\n", "'--",
]


def test_any_input_is_valid_fts5(fts):
    rng = random.Random(20220822)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        query = parse(text)
        if query.expression is None:
            assert query.message, text
            continue
        fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query.expression]).fetchone()
