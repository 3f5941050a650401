"""The language the archive speaks: Russian by default, English by one setting.

    plugins:
      regional_news:
        language: en        # in metadata.yml; "ru" (the default) or "en"

Every text goes through one catalogue per language (`locale/<language>.po`,
read with Babel): `ru.po` turns the interface's English texts into Russian,
`en.po` turns the Russian titles and descriptions of metadata.yml into
English. A text already in the chosen language has no entry and stays as
it is, so templates pass every text, interface or metadata, through `_()`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files

from babel import Locale
from babel.dates import format_date, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

PLUGIN = "regional_news"
LANGUAGES = ("ru", "en")
DEFAULT = "ru"


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is written; it is translated where shown."""
    return text


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a text with a plural for the catalogue; `Language.ngettext` translates it where shown."""
    return singular, plural


@dataclass
class Message:
    """A text to show, translated when shown: `Message("No site «%(site)s»", {"site": name})`."""

    text: str
    args: dict = field(default_factory=dict)


def catalogue_path(language: str):
    return files("scraper.web") / "locale" / f"{language}.po"


@lru_cache(maxsize=None)
def translations(language: str) -> NullTranslations:
    """The catalogue of `language`, compiled in memory from its .po file."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def configured(datasette) -> str:
    """The language metadata.yml asks for (`plugins: regional_news: language:`)."""
    config = datasette.plugin_config(PLUGIN) or {}
    value = str(config.get("language") or DEFAULT).strip().lower()
    if value not in LANGUAGES:
        raise ValueError(f"plugins.{PLUGIN}.language must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return value


class Language:
    """Translating and formatting for one language."""

    def __init__(self, code: str):
        self.code = code
        self.catalogue = translations(code)
        self.locale = Locale.parse(code)

    def gettext(self, text: str | None, /, **args) -> str:
        if not text:
            return text or ""
        translated = self.catalogue.gettext(text)
        return translated % args if args else translated

    def ngettext(self, singular: str, plural: str, n: int, /, **args) -> str:
        translated = self.catalogue.ngettext(singular, plural, n)
        return translated % {"num": self.number(n), **args}

    def say(self, message: Message | str | None) -> str:
        if message is None:
            return ""
        if isinstance(message, str):
            return self.gettext(message)
        return self.gettext(message.text, **message.args)

    def number(self, value: int | float | None) -> str:
        return "" if value is None else _decimal(value, self.locale)

    def counted(self, value: int, more: bool = False) -> str:
        """A count as a page says it: `1 101`, or `более 10 000` where counting stopped."""
        if more:
            return self.gettext(N_("more than %(count)s"), count=self.number(value))
        return self.number(value)

    def month(self, value: date) -> str:
        """`август 2022`, `August 2022`."""
        return _date(value, "LLLL y", self.locale)

    def city(self, timezone: str) -> str:
        """The city a time zone is named after: `Asia/Barnaul` -> `Барнаул`."""
        try:
            return get_timezone_location(timezone, locale=self.locale, return_city=True)
        except LookupError:
            return timezone

    def day(self, value: date) -> str:
        """`22 авг. 2022`, `Aug 22, 2022`."""
        return _date(value, "medium", self.locale)


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    return Language(code)


def of(datasette) -> Language:
    """The language of this Datasette, read from its metadata once (kept on
    it): a table page asks for it in every cell."""
    try:
        return datasette._regional_news_language
    except AttributeError:
        chosen = datasette._regional_news_language = language(configured(datasette))
        return chosen


# --- Datasette's own texts ---------------------------------------------------
# Datasette writes these in English in its Python code; the catalogue has them
# so that its pages, filters and errors read in the archive's language.

DATASETTE_TEXTS = [
    # filter operators (datasette/filters.py)
    N_("contains"), N_("ends with"), N_("starts with"), N_("like"), N_("not like"), N_("glob"), N_("in"),
    N_("not in"), N_("is not null"),
    N_("array contains"), N_("array does not contain"), N_("date"), N_("is null"), N_("is blank"),
    N_("is not blank"),
    # query page
    N_("hide"), N_("show"),
    # errors
    N_("Database not found"), N_("Table not found"), N_("Record not found"), N_("Permission denied"),
    N_("Invalid SQL"), N_("Forbidden"), N_("No data"), N_("Invalid database"), N_("Database download is forbidden"),
    N_("CSV streaming is disabled"), N_("_size must be a positive integer"), N_("Cannot search by that column"),
    N_("You do not have permission to view this table"), N_("You do not have permission to view this database"),
    N_("You do not have permission to view this query"), N_("view-instance"), N_("view-database"),
    N_("view-table"), N_("view-query"), N_("execute-sql"),
    N_("Cannot use _sort and _sort_desc at the same time"), N_("Invalid username or password"),
    N_("This instance does not have any configured accounts"), N_("Log in"),
    N_("404"), N_("Not found"),
    # messages
    N_("You are now logged out"),
]

# Datasette's texts that carry a value: the pattern, and the catalogue's text.
_PATTERNS = [
    (re.compile(r"^Cannot sort table by (?P<column>.+)$"), N_("Cannot sort table by %(column)s")),
    (re.compile(r"^_size must be <= (?P<limit>\d+)$"), N_("_size must be <= %(limit)s")),
    (re.compile(r"^SQL query took too long\..*", re.S), N_("The query took longer than this server allows.")),
    (re.compile(r"^Table not found: (?P<name>.+)$"), N_("Table not found: %(name)s")),
    (re.compile(r"^Database not found: (?P<name>.+)$"), N_("Database not found: %(name)s")),
    (re.compile(r"^no such table: (?P<name>.+)$"), N_("No such table: %(name)s")),
    (re.compile(r"^no such column: (?P<name>.+)$"), N_("No such column: %(name)s")),
    (re.compile(r"^near \"(?P<near>.+)\": syntax error$"), N_("SQL syntax error near «%(near)s»")),
    (re.compile(r"^Statement must be a SELECT$"), N_("Only SELECT queries can run here")),
]


def datasette_text(lang: Language, text) -> str:
    """One of Datasette's English texts (an error, a label) in the archive's language."""
    if text is None:
        return ""
    text = str(text)
    translated = lang.gettext(text)
    if translated != text:
        return translated
    for pattern, message in _PATTERNS:
        match = pattern.match(text)
        if match:
            return lang.gettext(message, **match.groupdict())
    return text


# A search page writes some sixty numbers and a bar's day for each day of
# its timeline; babel takes ~50 µs for each: each is formatted once.
@lru_cache(maxsize=4096, typed=True)
def _decimal(value: int | float, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def _date(value: date, pattern: str, locale: Locale) -> str:
    return format_date(value, pattern, locale=locale)
