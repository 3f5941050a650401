"""Comment text from a widget API's HTML fragments: what the reader saw, as text."""

from __future__ import annotations

import pytest

from scraper.profiles.fragments import fragment_text, parsed_fragment_text


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


@pytest.mark.parametrize(
    "fragment",
    [
        "Первая строка<br>вторая<BR />третья<br/>",
        "Тариф &quot;Народный&quot; &amp; льготы &mdash; где? &#8470;5 &#x41;",
        "a &amp b &copy 2022 &unknown; &lt;b&gt;не тег&lt;/b&gt;",
        "\r\nстрока<br>\r\n  <br>  после пустой\n\n\nи ещё",
        "&lt;script&gt;alert(1)&lt;/script&gt;<br>ответ",
    ],
)
def test_line_breaks_and_references_read_without_the_parser_as_the_parser_reads_them(fragment):
    """The fast path for the common comment (line breaks and character references only) changes no text."""
    assert fragment_text(fragment) == parsed_fragment_text(fragment)
