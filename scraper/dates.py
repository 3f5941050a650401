"""Reading the timestamps regional sites print, in the site's own time zone.

The archive keeps the raw text beside the parsed value and records how precise
the text was, so a date shown without a time is never presented as a time:
the value is the start of the period the text names (local midnight for a
day, the 1st for a month) and `precision` says how long that period is.

Sites print a handful of forms millions of times, so those are read here with
regular expressions; dateparser reads the rest. It is slow (milliseconds a
call) and wrong on forms sites use every day (`22.08` is not 22:08,
`16:58 МСК` is not garbage, `28 декабря` read in August is last December),
so it only sees what the fast path does not recognise at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

# How much of a moment the text actually gave.
SECOND = "second"
MINUTE = "minute"
HOUR = "hour"  # "3 часа назад"
DAY = "day"
WEEK = "week"  # "2 недели назад"
MONTH = "month"
YEAR = "year"

# A timestamp is short; text longer than this is a page fragment, not a date.
MAX_CHARS = 300
# dateparser takes tens of milliseconds on long strings that are not dates;
# what it is there for ("August 22, 2022 4:58 PM", "в прошлый понедельник") is short.
FALLBACK_MAX_CHARS = 64
# A time or a year-less date later than `now` by more than this is read as the
# previous day / year: sites never date things in the future, clocks drift a little.
FUTURE_TOLERANCE = timedelta(minutes=10)
# Beyond this, or before EARLIEST_YEAR, a date is absurd and read as none.
FUTURE_LIMIT = timedelta(days=1)
EARLIEST_YEAR = 1900
MOSCOW = "Europe/Moscow"


@dataclass(frozen=True)
class Timestamp:
    raw: str | None
    value: datetime | None  # aware, in the site's zone
    precision: str | None

    @classmethod
    def empty(cls) -> "Timestamp":
        return cls(None, None, None)


class _Absurd(ValueError):
    """The text has the shape of a date but names an impossible one."""


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


_UTC = timezone.utc

# --- the forms -----------------------------------------------------------------
# The commonest form of all (bankfax and most Russian CMSs), matched on the raw text.
_NUMERIC = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# ISO 8601 as meta tags, JSON-LD and APIs give it: with an offset, `Z`, or none (local).
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ](\d{2}):\d{2}(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:\d{2})?")

_MONTH_WORD = (
    r"(?:янв(?:ар[ья])?|фев(?:р(?:ал[ья])?)?|мар(?:та?)?|апр(?:ел[ья])?|ма[йя]|июн[ья]?|июл[ья]?"
    r"|авг(?:уста?)?|сен(?:т(?:ябр[ья])?)?|окт(?:ябр[ья])?|ноя(?:бр[ья]|б)?|дек(?:абр[ья])?)(?![а-я])"
)
_MONTHS = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
           "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}

# One search finds the leftmost date of any shape (lowercased text).
_DATE = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<y1>\d{4})(?P<s1>[./-])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})(?!\d)"  # 2022-08-22
    r"|(?P<d2>\d{1,2})(?P<s2>[./-])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2})(?!\d)"  # 22.08.2022, 22/08/22
    r"|(?<!в )(?P<d3>\d{1,2})\.(?P<m3>\d{2})(?![\d:]|\.\d)"  # 22.08 (never 22:08; "в 9.05" is a time)
    r"|(?P<d4>\d{1,2})(?:-?го)?\s*(?P<w4>" + _MONTH_WORD + r")\.?(?:\s*(?P<y4>\d{4})(?!\d))?"  # 22 авг. 2022
    r"|(?<![а-я])(?P<w5>" + _MONTH_WORD + r")\.?\s+(?P<y5>\d{4})(?!\d)"  # май 2022
    r")"
)
_CLOCK = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
# A time right after the date: "2022, 16:58", "2022 г. в 16:58", " - 16:58", " / 17:14", "T16:58:00Z".
_AFTER = re.compile(
    r"\.?(?:\s*г(?:ода?)?\.?)?(?:\s*(?:[,/|–—-]|//))?\s*(?:в\s+|t)?" + _CLOCK
    + r"(?!\d)(?P<off>z(?![a-z])|[+-]\d{2}(?::?\d{2})?)?"
)
# A time right before the date: "16:58 22.08.2022", "16:58 (мск), 22 августа".
_BEFORE = re.compile(_CLOCK + r"(?:\s*\(?(?:мск|msk)(?:\s*[+−–-]\s*\d{1,2})?\)?)?[\s,/|–—-]*$")
_TIME = re.compile(r"(?<![\d:.])" + _CLOCK + r"(?![\d:])")
# Russian print writes a time with a dot: "03.09.2021 9.05", "в 9.05" (never 9 May).
_DOT_CLOCK = r"(?P<h>[01]?\d|2[0-3])\.(?P<mi>[0-5]\d)(?![\d.:])(?P<s>(?!))?"  # no seconds
_AFTER_DOT = re.compile(r"\.?(?:\s*г(?:ода?)?\.?)?(?:\s*[,/|–—-])?\s*(?P<at>в\s+)?" + _DOT_CLOCK)
_DOT_TIME = re.compile(r"(?<=в )" + _DOT_CLOCK)

# Moscow time, or Moscow time plus or minus hours: "МСК", "(МСК+7)", "мск -1", "по московскому времени".
_MOSCOW_MARK = re.compile(
    r"(?<![а-яa-z])(?:мск|msk)(?:\s*(?P<sign>[+−–-])\s*(?P<hours>\d{1,2})(?!\d))?(?![а-яa-z])"
    r"|московск\w* врем|врем\w* московск|по москве"
)
_UTC_MARK = re.compile(r"(?<![a-z])(?:utc|gmt)(?:\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?(?![a-z\d])")

# Numerals in words, as counts ("пять минут", "двадцать пять минут", "около двух часов").
_NUMERALS = {
    "один": 1, "одну": 1, "одна": 1, "одного": 1, "одной": 1, "две": 2, "два": 2, "двух": 2, "пару": 2,
    "пара": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6,
    "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10,
    "десяти": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
    "пятьдесят": 50, "пятидесяти": 50, "полтора": 1.5, "полторы": 1.5, "полутора": 1.5,
}
_COUNT = r"(?:(?<!\d)(?P<{0}>\d{{1,4}})\s*|(?<![а-я])(?P<{1}>(?:[а-я]{{2,13}}\s+){{1,3}}))"
_AGO = re.compile(
    r"(?:" + _COUNT.format("hh", "hw") + r"(?:час(?:а|ов)?|ч\.?)\s+)?"
    r"(?:(?<![а-я])(?P<half>пол\s*)|" + _COUNT.format("n", "w") + r")?"
    r"(?P<unit>секунд[уы]?|сек|минут[уы]?|мин|час(?:а|ов)?|ч|дн(?:я|ей)|день|сут(?:ки|ок)|недел[юьи]"
    r"|нед|месяц(?:а|ев)?|мес|год(?:а)?|лет|г)\.?\s*назад(?![а-я])"
)
# The same in English: "8 hours ago", "an hour ago", "two days ago".
_EN_NUMERALS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50}
_EN_AGO = re.compile(
    r"(?<![a-z\d])(?P<n>\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty)\s*(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\.?\s+ago(?![a-z])"
)
_EN_UNITS = {"sec": "секунд", "min": "минут", "hr": "час", "hou": "час", "day": "день", "wee": "недел",
             "mon": "месяц", "yea": "год"}
# "9999999999 минут назад": a count no site prints; read as
# none rather than as "a minute ago".
_ABSURD_AGO = re.compile(r"\d{5,}\s*[а-я.]*\s*назад")
# Something shaped like a numeric date that is none ("01.01.10000"): its time
# must not be read as today's.
_BROKEN_DATE = re.compile(r"\d+[./-]\d+[./-]\d+")
_JUST_NOW = re.compile(r"только что|несколько секунд назад|секунду назад|just now")
_DAY_WORD = re.compile(r"(?<![а-яіa-z])(сегодня|вчера|позавчера|сьогодні|вчора|позавчора|today|yesterday)(?![а-яіa-z])")
_DAYS_BACK = {name: timedelta(days=back) for name, back in
              (("сегодня", 0), ("сьогодні", 0), ("today", 0), ("вчера", 1), ("вчора", 1), ("yesterday", 1),
               ("позавчера", 2), ("позавчора", 2))}
# Words that mean a date the fast path did not understand: dateparser's turn.
_DATE_WORDS = re.compile(
    r"янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|назад|недел|месяц|год|сутк|понедельн|вторник"
    r"|сред[аеу]|четверг|пятниц|суббот|воскресен|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ago"
    r"|yesterday|today|mon|tue|wed|thu|fri|sat|sun"
)
_DIGITS = re.compile(r"\d+")
_LATIN = re.compile(r"[a-z]")
# RSS (RFC 822): "Mon, 22 Aug 2022 16:58:00 +0700".
_RFC822 = re.compile(
    r"(?:[a-z]{3},?\s+)?\d{1,2}\s+[a-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?P<s>:\d{2})?"
    r"(?:\s*(?P<zone>[+-]\d{4}|[a-z]{1,5})(?![a-z]))?"
)
_UNIVERSAL = ("gmt", "ut", "utc", "z")

_Reading = tuple[datetime, str]


# --- public --------------------------------------------------------------------
def read_timestamp(text: str | None, *, tz: str, now: datetime) -> Timestamp:
    """Parse `text` as the site shows it; the raw text is always kept.

    `tz` is the site's IANA zone, `now` the aware moment the page was fetched
    (naive is taken as UTC). Text that holds no date, or an absurd one, gives
    a Timestamp with no value; nothing here raises on what a site prints.
    """
    if text is None:
        return Timestamp(None, None, None)
    if not isinstance(text, str):
        text = str(text)
    raw = " ".join(text.split())
    if not raw:
        return Timestamp(text, None, None)
    zone, local_now, latest = _clocks(tz, now)
    try:
        reading = _read(raw, zone, local_now)
    except (ValueError, OverflowError):  # a date's shape, impossible values
        reading = None
    if reading is None:
        return Timestamp(raw, None, None)
    value, precision = reading
    if value.year < EARLIEST_YEAR or value > latest:
        return Timestamp(raw, None, None)
    return Timestamp(raw, value, precision)


def parse_timestamp(text: str, *, tz: str, now: datetime) -> datetime | None:
    """The aware moment `text` names, in zone `tz`, or None if it names none."""
    return read_timestamp(text, tz=tz, now=now).value


_last_clocks: tuple = (None, None, None)


def _clocks(tz: str, now: datetime) -> tuple[ZoneInfo, datetime, datetime]:
    """The site's zone, `now` in it, and the latest plausible value.

    Every timestamp of a page shares one `now`: the last answer is kept.
    """
    global _last_clocks
    key, for_now, clocks = _last_clocks
    if for_now is now and key == tz:
        return clocks
    zone = _zone(tz)
    local_now = (now if now.tzinfo else now.replace(tzinfo=_UTC)).astimezone(zone)
    clocks = (zone, local_now, local_now + FUTURE_LIMIT)
    _last_clocks = (tz, now, clocks)
    return clocks


# --- reading -------------------------------------------------------------------
def _read(raw: str, zone: ZoneInfo, now: datetime) -> _Reading | None:
    match = _NUMERIC.fullmatch(raw)
    if match:
        day, month, year, hour, minute, second = match.groups()
        if hour is None:
            return datetime(int(year), int(month), int(day), tzinfo=zone), DAY
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)
        return value, SECOND if second else MINUTE
    if len(raw) > MAX_CHARS:
        return None
    if len(raw) == 10 and raw.isdigit():
        # Unix seconds, as comment widgets put them in attributes.
        return datetime.fromtimestamp(int(raw), _UTC).astimezone(zone), SECOND
    match = _ISO.fullmatch(raw)
    if match:
        hour, second, offset = match.groups()
        value = datetime.fromisoformat(raw)
        if hour is None:
            return datetime(value.year, value.month, value.day, tzinfo=zone), DAY
        value = value.astimezone(zone) if offset else value.replace(tzinfo=zone)
        return (value.replace(microsecond=0), SECOND) if second else (value, MINUTE)
    text = raw.lower().replace("ё", "е")
    return _fast(text, zone, now) or _fallback(text, zone, now)


def _fast(text: str, zone: ZoneInfo, now: datetime) -> _Reading | None:
    """The forms sites print, in the order that keeps them apart."""
    if text[0].isascii() and text[0].isalpha() or text[0].isdigit():
        match = _RFC822.match(text)
        if match:
            return _rfc822(text, match, zone)
    if "назад" in text:
        if _ABSURD_AGO.search(text):
            return None
        match = _AGO.search(text)
        if match:
            reading = _ago(match, zone, now)
            if reading:
                return reading
    elif "ago" in text:
        match = _EN_AGO.search(text)
        if match:
            return _english_ago(match, zone, now)
    if _JUST_NOW.search(text) or text.strip(" .!") in ("сейчас", "now"):
        return _floor(now, MINUTE), MINUTE
    source = _source_zone(text, zone)
    match = _DATE.search(text)
    if match:
        return _dated(text, match, zone, source, now)
    if "сегодня" in text or "вчера" in text or "today" in text or "yesterday" in text or "сьогодні" in text or "вчора" in text:
        match = _DAY_WORD.search(text)
        if match:
            return _day_word(text, match, zone, source, now)
    match = _TIME.search(text) or ("в " in text and _DOT_TIME.search(text))
    if match and not _DATE_WORDS.search(text) and not _BROKEN_DATE.search(text):
        # A time alone: today, unless that is still to come, then yesterday.
        local = now.astimezone(source)
        value = _clock(local.date(), match, source)
        if value > local + FUTURE_TOLERANCE:
            value = _clock(local.date() - timedelta(days=1), match, source)
        return value.astimezone(zone), _time_precision(match)
    return None


def _source_zone(text: str, zone: ZoneInfo) -> tzinfo:
    """The zone the text's clock is in: МСК, UTC±h, or the site's own."""
    if "мск" in text or "msk" in text or "моск" in text:
        match = _MOSCOW_MARK.search(text)
        if match:
            if not match["sign"]:
                return _zone(MOSCOW)
            hours = int(match["hours"])
            return _moscow_plus(-hours if match["sign"] != "+" else hours)
    if "utc" in text or "gmt" in text:
        match = _UTC_MARK.search(text)
        if match:
            if not match["sign"]:
                return _UTC
            offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"] or 0))
            return timezone(-offset if match["sign"] == "-" else offset)
    return zone


def _dated(text: str, g: re.Match, zone: ZoneInfo, source: tzinfo, now: datetime) -> _Reading:
    if g["y1"]:
        year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
    elif g["d2"]:
        if g["s2"] == "-" and len(g["y2"]) == 2:
            # "(3852) 22-10-15" is a telephone number, never 22 October 2015.
            raise _Absurd(text)
        year, month, day = _full_year(g["y2"], now), int(g["m2"]), int(g["d2"])
    elif g["d3"]:
        year, month, day = None, int(g["m3"]), int(g["d3"])
    elif g["d4"]:
        year, month, day = (int(g["y4"]) if g["y4"] else None), _MONTHS[g["w4"][:3]], int(g["d4"])
    else:
        return datetime(int(g["y5"]), _MONTHS[g["w5"][:3]], 1, tzinfo=zone), MONTH
    clock = _AFTER.match(text, g.end())
    if clock is None:
        before = _BEFORE.search(text, 0, g.start())
        clock = before if before and before.end() == g.start() else None
    if clock is None and "." in text[g.end():]:
        # "03.09.2021 9.05", "22.08 в 9.05": a time with a dot, after a date with a year or after "в".
        dotted = _AFTER_DOT.match(text, g.end())
        if dotted and (dotted["at"] or g["y1"] or g["y2"] or g["y4"]):
            clock = dotted
    if clock is not None and clock.re is _AFTER and clock["off"]:
        offset = clock["off"]
        source = _UTC if offset == "z" else _fixed(offset)
    if year is not None:
        if clock is None:
            return datetime(year, month, day, tzinfo=zone), DAY
        return _clock(date(year, month, day), clock, source).astimezone(zone), _time_precision(clock)
    # No year: the most recent one that does not put the date in the future.
    local = now.astimezone(source if clock is not None else zone)
    for year in range(local.year, local.year - 9, -1):
        try:
            day_of = date(year, month, day)
        except ValueError:  # 29 February
            continue
        if clock is None:
            value = datetime(year, month, day, tzinfo=zone)
        else:
            value = _clock(day_of, clock, source)
        if value <= local + FUTURE_TOLERANCE:
            return value.astimezone(zone), DAY if clock is None else _time_precision(clock)
    raise _Absurd(text)


def _ago(match: re.Match, zone: ZoneInfo, now: datetime) -> _Reading | None:
    """"5 минут назад", "час назад", "полчаса назад", "2 мес. назад", "два часа десять минут назад"."""
    count = 0.5 if match["half"] else _count(match["n"], match["w"])
    hours = _count(match["hh"], match["hw"]) if match["hh"] or match["hw"] else 0
    if count is None or hours is None:
        return None  # an unknown count ("несколько минут"): dateparser's, or nothing
    return _back(count, _unit_kind(match["unit"]), zone, now, minutes=60 * hours)


def _english_ago(match: re.Match, zone: ZoneInfo, now: datetime) -> _Reading | None:
    """"8 hours ago", "an hour ago", "two days ago"."""
    number = match["n"]
    count = int(number) if number.isdigit() else _EN_NUMERALS[number]
    return _back(count, _unit_kind(_EN_UNITS[match["unit"][:3]]), zone, now)


def _count(digits: str | None, words: str | None) -> float | None:
    """A count written in digits or words ("двадцать пять"); 1 where no number is said ("около часа")."""
    if digits:
        return int(digits)
    found = [_NUMERALS.get(word) for word in (words or "").split()]
    if "несколько" in (words or ""):
        return None
    numbers = [number for number in found if number is not None]
    return sum(numbers) if numbers else 1


def _back(count: float, kind: str, zone: ZoneInfo, now: datetime, minutes: float = 0) -> _Reading | None:
    """The moment `count` units of `kind` (and `minutes` more) before `now`, at the precision the count gives."""
    whole = count == int(count)
    if kind == "seconds":
        return _floor(now - timedelta(seconds=count), SECOND), SECOND
    if kind == "minutes":
        return _floor(_minus(now, timedelta(minutes=count + minutes), zone), MINUTE), MINUTE
    if kind == "hours":
        precision = HOUR if whole else MINUTE  # "полчаса", "полтора часа"
        return _floor(_minus(now, timedelta(hours=count), zone), precision), precision
    if kind == "days":
        precision = DAY if whole else HOUR
        return _floor(now - timedelta(days=count), precision), precision
    if kind == "weeks":
        return _floor(now - timedelta(weeks=count), DAY), WEEK if whole else DAY
    if kind == "months" and not whole:
        return _floor(now - timedelta(days=30 * count), DAY), DAY
    months = count if kind == "months" else count * 12
    if months != int(months):
        return None
    back = now.year * 12 + now.month - 1 - int(months)
    value = datetime(back // 12, back % 12 + 1, 1, tzinfo=zone)
    if kind == "months" or not whole:  # "полгода", "полтора года" are months
        return value, MONTH
    return value.replace(month=1), YEAR


def _unit_kind(unit: str) -> str:
    if unit.startswith("сут"):
        return "days"
    if unit.startswith("с"):
        return "seconds"
    if unit.startswith("мес"):
        return "months"
    if unit.startswith("м"):
        return "minutes"
    if unit.startswith("ч"):
        return "hours"
    if unit.startswith("д"):
        return "days"
    if unit.startswith("н"):
        return "weeks"
    return "years"


def _day_word(text: str, match: re.Match, zone: ZoneInfo, source: tzinfo, now: datetime) -> _Reading:
    """"сегодня, 10:00", "вчера в 18:14", "позавчера"."""
    back = _DAYS_BACK[match[1]]
    clock = _TIME.search(text) or _DOT_TIME.search(text)
    if clock is None:
        day = now.date() - back
        return datetime(day.year, day.month, day.day, tzinfo=zone), DAY
    local = now.astimezone(source)
    return _clock(local.date() - back, clock, source).astimezone(zone), _time_precision(clock)


def _rfc822(text: str, match: re.Match, zone: ZoneInfo) -> _Reading | None:
    parts = parsedate_tz(text)
    if parts is None:
        return None
    year, month, day, hour, minute, second, *_, offset = parts
    name = match["zone"]
    if name is None or not (name[0] in "+-" or name in _UNIVERSAL or offset):
        # No zone (local), or one the email module reads as UTC without knowing it: МСК.
        source = _source_zone(text, zone)
    else:
        source = timezone(timedelta(seconds=offset or 0))
    value = datetime(year, month, day, hour, minute, second, tzinfo=source).astimezone(zone)
    return value, SECOND if match["s"] else MINUTE


def _fallback(text: str, zone: ZoneInfo, now: datetime) -> _Reading | None:
    """dateparser, for what the fast path does not recognise.

    Only text that has a date word or two groups of digits gets there: a lone
    number ("Просмотров: 12") or a weekday abbreviation would come back as a date.
    """
    if len(text) > FALLBACK_MAX_CHARS:
        return None
    if not (_DATE_WORDS.search(text) or len(_DIGITS.findall(text)) >= 2):
        return None
    languages = ["ru", "en"] if _LATIN.search(text) else ["ru"]
    settings = {
        "TIMEZONE": zone.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        # Naive: with an aware base dateparser 1.5 reads no time-only strings (its issue 1213).
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_TIME_AS_PERIOD": True,
    }
    try:
        data = dateparser.DateDataParser(languages=languages, settings=settings).get_date_data(text)
    except Exception:  # dateparser's own failures on odd input are not ours to raise
        return None
    value = data.date_obj if data else None
    if value is None:
        return None
    value = (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone)
    period = data.period
    if period == "time":
        precision = SECOND if value.second else MINUTE
    else:
        precision = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}.get(period, MINUTE)
    return _floor(value, precision), precision


# --- small helpers -------------------------------------------------------------
def _full_year(digits: str, now: datetime) -> int:
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= now.year + 1 else year - 100


class _MoscowPlus(tzinfo):
    """Moscow time moved by whole hours ("10:15 (МСК+7)" is 03:15 in Moscow)."""

    def __init__(self, hours: int):
        self.shift = timedelta(hours=hours)

    def utcoffset(self, value: datetime | None) -> timedelta:
        moscow = _zone(MOSCOW).utcoffset((value or datetime(2022, 1, 1)).replace(tzinfo=None) - self.shift)
        return moscow + self.shift

    def dst(self, value: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, value: datetime | None) -> str:
        hours = int(self.shift.total_seconds() // 3600)
        return f"MSK{hours:+d}"


@lru_cache(maxsize=32)
def _moscow_plus(hours: int) -> tzinfo:
    return _MoscowPlus(hours) if hours else _zone(MOSCOW)


def _fixed(offset: str) -> timezone:
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _clock(day: date, match: re.Match, source: tzinfo) -> datetime:
    hour, minute, second = match.group("h", "mi", "s")
    return datetime(day.year, day.month, day.day, int(hour), int(minute), int(second or 0), tzinfo=source)


def _time_precision(match: re.Match) -> str:
    return SECOND if match["s"] else MINUTE


def _minus(now: datetime, delta: timedelta, zone: ZoneInfo) -> datetime:
    """Elapsed time, not wall-clock time (they differ across a DST change)."""
    return (now.astimezone(_UTC) - delta).astimezone(zone)


def _floor(value: datetime, precision: str) -> datetime:
    """The start of the period `precision` names."""
    if precision == SECOND:
        return value.replace(microsecond=0)
    if precision == MINUTE:
        return value.replace(second=0, microsecond=0)
    if precision == HOUR:
        return value.replace(minute=0, second=0, microsecond=0)
    if precision in (DAY, WEEK):
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == MONTH:
        return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return value.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
