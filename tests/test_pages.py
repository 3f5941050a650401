"""A page as the profiles read it: parsed the same whatever its bytes hold."""

from datetime import datetime, timezone

import pytest
from lxml import etree
from parsel.selector import create_root_node

from scraper.pages import Page

FETCHED = datetime(2026, 11, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [
    "<html><body><h1>Пожар на Ленина</h1><p>Горит склад.</p></body></html>".encode(),
    b"  <p>\xd0\x9f\xff\xfe \xd1\x80</p>\x00<p>x</p>",  # bytes that are not UTF-8, a NUL
    "\ufeff<p>С меткой порядка байтов</p>".encode(),
    b"",
    "<meta charset=windows-1251><p>Объявляет одно, шлёт UTF-8</p>".encode(),
])
def test_a_utf8_page_parses_as_its_text_decoded_would(body):
    decoded = create_root_node(body.decode("utf-8", errors="replace"), etree.HTMLParser)
    page = Page("http://127.0.0.1/news/1", body, FETCHED)
    assert etree.tostring(page.root, encoding=str) == etree.tostring(decoded, encoding=str)


def test_a_windows_1251_page_is_read_in_its_charset():
    page = Page("http://127.0.0.1/news/1", "<p>Вестник</p>".encode("cp1251"), FETCHED, encoding="cp1251")
    assert page.xpath("//p/text()").get() == "Вестник"

