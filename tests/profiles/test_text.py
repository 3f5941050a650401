"""Text as a reader saw it: captions told from photo credits."""

import pytest

from scraper.profiles.text import split_credit


@pytest.mark.parametrize("text, expected", [
    ("Закат над Барнаулом / Фото: amic.ru", ("Закат над Барнаулом", "Фото: amic.ru")),
    ("Фотография: Иван Петров", (None, "Фотография: Иван Петров")),
    ("Вид на Обь, Photo: Reuters", ("Вид на Обь", "Photo: Reuters")),
    ("Депутаты, чиновники и жители / обсудили   бюджет", ("Депутаты, чиновники и жители / обсудили бюджет", None)),
    ("фото: строчной буквой не подпись", ("фото: строчной буквой не подпись", None)),
])
def test_a_credit_is_told_from_a_caption(text, expected):
    assert split_credit(text) == expected
