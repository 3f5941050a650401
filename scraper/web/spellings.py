"""Other ways people write the same word: in the other alphabet, with a
doubled or single consonant.

`телеграм` is also written `Telegram` and `телеграмм`; `вконтакте` also
`VKontakte`. The search widens the typed word with these spellings (each an
OR in the FTS5 query) instead of indexing every variant of every archived
word: the index keeps one stem a word, and a query costs a few more index
look-ups, one a spelling.

Cyrillic to Latin goes through iuliia's schemas (the romanisations in real
use: Wikipedia, Yandex, passports, Telegram's…); Latin to Cyrillic through
cyrtranslit.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cyrtranslit
import iuliia

from scraper import wordforms

# The romanisations a Russian word is met in, in Latin letters without
# marks: what people type and what sites print.
SCHEMAS = (
    iuliia.WIKIPEDIA, iuliia.YANDEX_MAPS, iuliia.YANDEX_MONEY, iuliia.TELEGRAM,
    iuliia.ICAO_DOC_9303, iuliia.MOSMETRO, iuliia.BGN_PCGN, iuliia.SCIENTIFIC,
)
MAX_ROMANISATIONS = 6
# Doubled or single consonants are tried in words at least this long:
# in short ones they make other words (тон/тонн, бал/балл).
DOUBLING_MIN_LENGTH = 6
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_LATIN = re.compile("[a-z]", re.IGNORECASE)
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ" "bcdfgjklmnpqrstvxz")


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word)) and not _LATIN.search(word)


def is_latin(word: str) -> bool:
    return bool(_LATIN.search(word)) and not _CYRILLIC.search(word)


@lru_cache(maxsize=4096)
def romanised(word: str) -> tuple[str, ...]:
    """`вконтакте` -> (`vkontakte`,); `хоккей` -> (`hokkey`, `khokkey`, …), most common first."""
    plain = wordforms.normal(word)
    found: list[str] = []
    for schema in SCHEMAS:
        latin = schema.translate(plain).lower()
        if latin.isascii() and latin.isalpha() and latin not in found:
            found.append(latin)
    return tuple(found[:MAX_ROMANISATIONS])


@lru_cache(maxsize=4096)
def cyrillic(word: str) -> str | None:
    """`telegram` -> `телеграм`; None when the word does not read as Russian."""
    text = cyrtranslit.to_cyrillic(word.lower(), "ru")
    return text if is_cyrillic(text) and text.isalpha() else None


def collapsed(word: str) -> str:
    """The word with every doubled consonant single: `телеграмм` -> `телеграм`."""
    return re.sub(r"(.)\1", lambda m: m.group(1) if m.group(1) in _CONSONANTS else m.group(0), word.lower())


def doublings(word: str) -> list[str]:
    """The word with each single consonant doubled, and with doubled ones single.

    `телеграм` -> теллеграм, телегграм, телегррам, телеграмм; `аккаунт` -> акаунт.
    """
    word = word.lower()
    if len(word) < DOUBLING_MIN_LENGTH:
        return []
    found: list[str] = []
    for i in range(1, len(word)):
        letter = word[i]
        if letter not in _CONSONANTS:
            continue
        if word[i - 1] == letter:
            found.append(word[:i] + word[i + 1:])  # doubled -> single
        elif i + 1 >= len(word) or word[i + 1] != letter:
            found.append(word[: i + 1] + letter + word[i + 1:])  # single -> doubled
    return found


@lru_cache(maxsize=4096)
def spellings(word: str) -> tuple[str, ...]:
    """Other spellings of a typed word (itself not included), as words to search for.

    A Cyrillic word gives its romanisations (of the word, of its dictionary
    form, and with doubled consonants single: `телеграмм` -> telegram) and
    its doublings; a Latin
    word gives its Cyrillic reading and that reading's doublings.
    """
    found: list[str] = []

    def add(candidate: str | None) -> None:
        if candidate and candidate != word.lower() and candidate not in found:
            found.append(candidate)

    if is_cyrillic(word):
        plain = wordforms.normal(word)
        for base in dict.fromkeys([plain, *wordforms.dictionary_forms(word), collapsed(plain)]):
            for latin in romanised(base):
                add(latin)
        for variant in doublings(wordforms.normal(word)):
            add(variant)
    elif is_latin(word):
        reading = cyrillic(word)
        add(reading)
        if reading:
            for variant in doublings(reading):
                add(variant)
        for variant in doublings(word):
            add(variant)
    return tuple(found)
