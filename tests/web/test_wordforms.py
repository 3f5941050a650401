"""Word forms: one stem per word unicode61 finds, so positions fit the original."""

from __future__ import annotations

import re
import sqlite3

import pytest

from scraper import wordforms
from scraper.archive import open_archive, search_index
from scraper.archive.writer import ArchiveWriter
from scraper.web.query import parse
from scraper.wordforms import index_form, query_forms, words
from tests.web.newsroom_archive import SITES

TRICKY = [
    "Кто-то сказал: «Врачи» уехали, а зарплата — 1,5 млн руб.",
    "Усть-Каменогорск и Горно-Алтайск; e-mail: press@bankfax.ru",
    "COVID-19 и H1N1, 2022-08-22 16:21, 100% и 26-й",
    "Эмодзи 😀👍🏽 между словами, 👨‍👩‍👧 семья, врачи😡министры",
    "Қазақ тілі: әкім, ұлт, өңір, ғылым, һ, і; Українська: їжак, ґанок",
    "Ударе́ние: за́мок и замо́к; Ё-моё, всё, Ёлка",
    "Latin: café naïve Ångström Straße ﬁnance Ǆemal",
    "Apostrophes: l'eau, O’Brien, д'Артаньян; under_score __init__",
    "Soft\u00adhyphen, zero\u200bwidth, nbsp\u00a0here, tab\there\nnewline\r\nend",
    "Lone marks \u0301 \u0300\u0301 and \u0483 titlo, x\u0483y",
    "Private \ue000 use, unassigned \u0378 and \U000e0001 tag, Hangul 한국어, 中文字符",
    "Arabic العربية, Hebrew עִבְרִית, Devanagari हिन्दी",
    "",
    "   ",
    "!!! ... ??? «» — –",
]


def sqlite_terms(text: str, conn: sqlite3.Connection | None = None) -> list[tuple[int, str]]:
    """(position, term) of every token SQLite's unicode61 finds in `text`."""
    conn = conn or sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    conn.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", [text])
    return sorted((offset, term) for term, offset in conn.execute("SELECT term, offset FROM v"))


def test_separator_table_is_the_one_of_this_sqlite():
    separators, vanishing = wordforms.sqlite_tokenizer_view()
    table = {c for a, b in wordforms._ranges(wordforms._SEPARATORS) for c in range(a, b + 1)}
    assert separators == table, "run python -m scraper.wordforms and update the table"
    assert {chr(c) for c in vanishing} == wordforms._VANISHING_CHARS


@pytest.mark.parametrize("text", TRICKY)
def test_words_are_the_tokens_unicode61_finds(text):
    ours = words(text)
    theirs = sqlite_terms(text)
    assert [position for position, _ in theirs] == list(range(len(ours)))
    assert len(ours) == len(theirs)
    # Where a word is plain lower-case Cyrillic, SQLite holds it as it is.
    for word, (_, term) in zip(ours, theirs):
        if word.isalpha() and word == word.lower() and all("а" <= ch <= "я" for ch in word):
            assert term == word


@pytest.mark.parametrize("text", TRICKY)
def test_stemmed_text_has_one_token_per_original_word(text):
    stemmed = sqlite_terms(index_form(text))
    assert [position for position, _ in stemmed] == list(range(len(words(text))))


def test_white_space_is_a_separator_to_sqlite_too():
    # The index cuts text at white space first (str.split): that must never cut a word SQLite reads whole.
    separators = {c for a, b in wordforms._ranges(wordforms._SEPARATORS) for c in range(a, b + 1)}
    space = {c for c in range(0x110000) if chr(c).isspace()}
    assert space and space <= separators


@pytest.mark.parametrize("text", [*TRICKY, "«Врачи»,уехали;  врачи\u3000врачей\u00a0(врач)\t—\n—врачом..."])
def test_the_index_holds_the_form_of_each_word_in_order(text):
    wordforms._forms.clear()
    by_word = [form for form in map(wordforms.word_form, wordforms._runs(text)) if form]
    assert index_form(text).split() == by_word
    assert index_form(text).split() == by_word  # the same again, from the remembered pieces


def test_every_code_point_of_the_first_planes_keeps_positions_aligned():
    # Planes 0 and 1 (every script, emoji), in documents of 4,096 code points
    # between letters: the stemmed text has exactly as many tokens as the
    # original. (Planes 2-16, CJK extensions, private use and unassigned,
    # are covered by the separator table test above.)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(original, stemmed)")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    points = [c for c in range(1, 0x20000) if not 0xD800 <= c <= 0xDFFF]
    docs = []
    for start in range(0, len(points), 4096):
        text = " ".join("Вx" + chr(c) + "xы" for c in points[start : start + 4096])
        docs.append((start, text, index_form(text)))
    conn.executemany("INSERT INTO t (rowid, original, stemmed) VALUES (?, ?, ?)", docs)
    counts = {
        (doc, column): n
        for doc, column, n in conn.execute("SELECT doc, col, count(*) FROM v GROUP BY doc, col")
    }
    for start, text, _ in docs:
        assert counts[(start, "original")] == counts[(start, "stemmed")] == len(words(text)), start


def test_highlight_marks_the_original_words(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    ArchiveWriter(db).save_sites(SITES[:1])
    db.execute("INSERT INTO articles (id, site, url) VALUES (1, 'bankfax', 'u')")
    text = (
        "Кто-то сказал: «Врачи» 😀 уехали, 1,5 млн ВРАЧЕЙ; врач_ l'врачом Қазақ за́мок, "
        "Министерство и министра, ёлка и Елка, администрация."
    )
    db.execute("INSERT INTO comments (id, article_id, site_comment_id, text) VALUES (1, 1, 'x', ?)", [text])
    search_index.index(db, "comments", [(1, text, None, None)])

    def marked(query: str) -> list[str]:
        row = db.execute(
            "SELECT highlight(comments_fts, 0, '[', ']') FROM comments_fts WHERE comments_fts MATCH ?",
            [parse(query).expression],
        ).fetchone()
        return [] if row is None else re.findall(r"\[([^\]]*)\]", row[0])

    assert marked("врач") == ["Врачи", "ВРАЧЕЙ", "врач", "врачом"]
    assert marked("министр") == ["министра"]
    assert marked("Ёлки") == ["ёлка", "Елка"]
    assert marked("замок") == ["за́мок"]
    assert marked("млн") == ["млн"]
    assert marked("1,5") == ["1,5"]
    assert marked("кто-то") == ["Кто-то"]
    assert marked("казак") == []
    assert marked("қазақ") == ["Қазақ"]


def test_every_form_of_a_word_has_the_same_stem():
    assert {index_form(w) for w in ["врач", "Врачи", "врачей", "ВРАЧОМ", "врачу"]} == {"врач"}
    assert index_form("министра") == index_form("Министр") == "министр"
    assert index_form("министерство") != "министр"
    assert index_form("Ёлка") == index_form("елка") and index_form("всё") == index_form("все")
    assert index_form("за́мок") == index_form("замок")


def test_a_query_word_brings_the_stems_of_its_other_forms():
    # Snowball alone: кредит -> кред, but кредита -> кредит.
    assert index_form("кредит") != index_form("кредита")
    assert set(query_forms("кредит")) >= {index_form("кредит"), index_form("кредита")}
    assert set(query_forms("кредитами")) == set(query_forms("кредит"))
    assert "министерств" not in query_forms("министр")
    assert not any(form.startswith("администрац") for form in query_forms("министр"))
    assert query_forms("covid") == ("covid",)


def test_each_distinct_word_is_stemmed_once(monkeypatch):
    stemmed = []
    stem = wordforms._stem
    monkeypatch.setattr(wordforms, "_stem", lambda word: stemmed.append(word) or stem(word))
    wordforms._forms.clear()
    assert index_form("Врачи, врачи и врачи; врачей") == "врач врач и врач врач"
    assert index_form("врачи и врачей") == "врач и врач"
    # Once for each word as written: "Врачи" and "врачи" are two words, both stemmed as "врачи".
    assert sorted(stemmed) == ["врачей", "врачи", "врачи", "и"]


def test_the_remembered_word_forms_stay_bounded(monkeypatch):
    text = "Министр ответил врачам: зарплаты вырастут в сентябре"
    expected = index_form(text)
    monkeypatch.setattr(wordforms, "_FORMS_KEPT", 3)
    wordforms._forms.clear()
    assert index_form(text) == expected
    assert 0 < len(wordforms._forms) <= 3


def test_nothing_and_empty_text():
    assert index_form(None) is None
    assert index_form("") == ""
    assert words(None) == [] and words("«» — !") == []
    assert words("\u0301") == []  # a lone accent makes no token in SQLite either
