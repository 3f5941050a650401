"""Which lies about a charset are caught, and which honest pages are left alone."""

from __future__ import annotations

import pytest

from scraper.responses import true_encoding

RUSSIAN = "<p>Жители микрорайона пожаловались на шум стройки, мэрия обещает проверку.</p>"
KAZAKH = "<p>Қазақ тілі: Әділет, Ғылым, Өнер, Ұлт, Үміт, Һ, Іс — жаңалықтар 👍🏽🇰🇿</p>"


@pytest.mark.parametrize("text, sent, declared, found", [
    (RUSSIAN, "cp1251", "utf-8", "cp1251"),  # the demo's wrong-charset fault on bankfax and ngs22
    (RUSSIAN, "utf-8", "windows-1251", "utf-8"),  # and on vestnik22
    (RUSSIAN, "cp1251", "cp1252", "cp1251"),  # nothing declared: Scrapy guessed windows-1252
    (RUSSIAN, "koi8_r", "utf-8", "koi8-r"),
    (RUSSIAN, "utf-8", "utf-8", None),
    (RUSSIAN, "cp1251", "windows-1251", None),
    (KAZAKH, "utf-8", "utf-8", None),  # other scripts are no sign of a wrong charset
    ("<p>Crème brûlée, naïve café, Ångström, Øre, Straße, ½ €.</p>", "cp1252", "cp1252", None),
    ("<p>plain ASCII</p>", "ascii", "utf-8", None),
])
def test_the_charset_a_page_is_really_in(text, sent, declared, found):
    assert true_encoding(text.encode(sent), declared) == found


def test_a_stray_bad_byte_in_a_utf8_page_is_no_wrong_charset():
    body = (RUSSIAN * 5).encode("utf-8").replace(b"</p>", b"\xff</p>", 1)
    assert true_encoding(body, "utf-8") is None


def test_too_little_text_to_judge_is_left_as_declared():
    assert true_encoding(b"\x00\x1f<ht\xffml><bo", "utf-8") is None
