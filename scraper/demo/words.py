"""Russian as the demo sites print it: dates in words, relative times, slugs.

Kept apart from the layouts because two of them print dates in words and
the older one prints comment times relative to the moment of the request.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря"]
WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]

_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))
_TO_LATIN = str.maketrans(_LATIN)
_WORD = re.compile(r"[a-z0-9]+")


def in_words(moment: datetime, year: bool = True) -> str:
    """"22 августа 2022, 16:58" (or "22 августа, 16:58")."""
    day = f"{moment.day} {MONTHS[moment.month - 1]}"
    return f"{day} {moment.year}, {moment:%H:%M}" if year else f"{day}, {moment:%H:%M}"


def plural(number: int, one: str, few: str, many: str) -> str:
    """The noun form Russian uses after `number` (1 минуту, 2 минуты, 5 минут)."""
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def relative(moment: datetime, now: datetime) -> str:
    """How an older site prints a comment's time at the moment `now`.

    "только что", "5 минут назад", "сегодня, 10:00", "вчера в 18:14", and
    older ones in words: the same comment reads differently from day to day.
    """
    moment = moment.astimezone(now.tzinfo)
    ago = now - moment
    if ago < timedelta(minutes=1):
        return "только что"
    if ago < timedelta(hours=1):
        minutes = int(ago.total_seconds() // 60)
        return f"{minutes} {plural(minutes, 'минуту', 'минуты', 'минут')} назад"
    if moment.date() == now.date():
        return f"сегодня, {moment:%H:%M}"
    if moment.date() == now.date() - timedelta(days=1):
        return f"вчера в {moment:%H:%M}"
    return in_words(moment)


def slug(text: str, words: int = 6) -> str:
    """A latin URL slug of a Russian title, as older CMSs made them."""
    return "-".join(_WORD.findall(text.lower().translate(_TO_LATIN))[:words]) or "news"
