"""Comment text from a widget API's HTML fragments: what the reader saw, as text."""

from __future__ import annotations

import pytest

from scraper.profiles.fragments import fragment_text


@pytest.mark.parametrize(
    "fragment, text",
    [
        ("Просто текст", "Просто текст"),
        ("Первая строка<br>вторая<br/>третья", "Первая строка\nвторая\nтретья"),
        ("Тариф &quot;Народный&quot; &amp; льготы &mdash; где?", "Тариф \"Народный\" & льготы — где?"),
        ("<p>Абзац один.</p><p>Абзац два.</p>", "Абзац один.\n\nАбзац два."),
        ("<b>жирный без конца", "жирный без конца"),
        ("  пробелы   внутри \n строки  ", "пробелы внутри\nстроки"),
        ("Сәлем! Hello 👍", "Сәлем! Hello 👍"),
    ],
)
def test_fragments_read_as_the_reader_saw_them(fragment, text):
    assert fragment_text(fragment) == text


def test_escaped_markup_the_commenter_typed_comes_back_as_text():
    typed = "<script>alert('x')</script> <img src=x onerror=alert(1)>"
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert fragment_text(escaped) == typed


def test_live_markup_never_leaks_in_as_text():
    assert fragment_text("До<script>steal()</script><style>p{}</style><!-- служебное -->после") == "Допосле"


@pytest.mark.parametrize("empty", [None, "", "   ", "<br><br>", "<p></p>"])
def test_an_empty_comment_is_no_text(empty):
    assert fragment_text(empty) is None
