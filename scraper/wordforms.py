"""Russian word forms for search: what the index stores and what a query asks.

SQLite's FTS5 cannot stem Russian, so the index stores, for each word of the
original text, its Snowball stem (`врачей` -> `врач`), normalised (NFC,
combining accents dropped, lower case, `ё` -> `е`). A query word goes through
the same function, widened with the stems of its other forms (pymorphy3),
because Snowball stems some forms of one word differently (`кредит` -> `кред`
but `кредита` -> `кредит`).

The stemmed text holds exactly one stem per token that FTS5's unicode61
tokenizer finds in the original, in order: the index positions then fit the
original text, and snippet()/highlight() mark the original words. So words
are cut here exactly as unicode61 cuts them, from a table of SQLite's own
separator characters (`python -m scraper.wordforms` prints it afresh from the
SQLite at hand; tests/web/test_wordforms.py checks it against that SQLite).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from functools import lru_cache

import Stemmer

# Code points unicode61 (with its default options) treats as separators,
# as hex ranges, from `python -m scraper.wordforms` on SQLite 3.40.1. Every
# other code point is a token character, including unassigned ones.
_SEPARATORS = """
0-2f 3a-40 5b-60 7b-a9 ab-b1 b4 b6-b8 bb bf d7 f7 2c2-2c5 2d2-2df 2e5-2eb 2ed
2ef-2ff 305 30d-30e 310 312-31a 31c-322 329-32c 32f 332-36f 375 37e 384-385
387 3f6 482-489 55a-55f 589-58a 58f 591-5c7 5f3-5f4 600-604 606-61b 61e-61f
64b-65f 66a-66d 670 6d4 6d6-6e4 6e7-6ed 6fd-6fe 700-70d 70f 711 730-74a
7a6-7b0 7eb-7f3 7f6-7f9 816-819 81b-823 825-827 829-82d 830-83e 859-85b 85e
8e4-8fe 900-903 93a-93c 93e-94f 951-957 962-965 970 981-983 9bc 9be-9c4
9c7-9c8 9cb-9cd 9d7 9e2-9e3 9f2-9f3 9fa-9fb a01-a03 a3c a3e-a42 a47-a48
a4b-a4d a51 a70-a71 a75 a81-a83 abc abe-ac5 ac7-ac9 acb-acd ae2-ae3 af0-af1
b01-b03 b3c b3e-b44 b47-b48 b4b-b4d b56-b57 b62-b63 b70 b82 bbe-bc2 bc6-bc8
bca-bcd bd7 bf3-bfa c01-c03 c3e-c44 c46-c48 c4a-c4d c55-c56 c62-c63 c7f
c82-c83 cbc cbe-cc4 cc6-cc8 cca-ccd cd5-cd6 ce2-ce3 d02-d03 d3e-d44 d46-d48
d4a-d4d d57 d62-d63 d79 d82-d83 dca dcf-dd4 dd6 dd8-ddf df2-df4 e31 e34-e3a
e3f e47-e4f e5a-e5b eb1 eb4-eb9 ebb-ebc ec8-ecd f01-f1f f34-f3f f71-f87
f8d-f97 f99-fbc fbe-fcc fce-fda 102b-103e 104a-104f 1056-1059 105e-1060
1062-1064 1067-106d 1071-1074 1082-108d 108f 109a-109f 10fb 135d-1368
1390-1399 1400 166d-166e 1680 169b-169c 16eb-16ed 1712-1714 1732-1736
1752-1753 1772-1773 17b4-17d6 17d8-17db 17dd 1800-180e 18a9 1920-192b
1930-193b 1940 1944-1945 19b0-19c0 19c8-19c9 19de-19ff 1a17-1a1b 1a1e-1a1f
1a55-1a5e 1a60-1a7c 1a7f 1aa0-1aa6 1aa8-1aad 1b00-1b04 1b34-1b44 1b5a-1b7c
1b80-1b82 1ba1-1bad 1be6-1bf3 1bfc-1bff 1c24-1c37 1c3b-1c3f 1c7e-1c7f
1cc0-1cc7 1cd0-1ce8 1ced 1cf2-1cf4 1dc0-1de6 1dfc-1dff 1fbd 1fbf-1fc1
1fcd-1fcf 1fdd-1fdf 1fed-1fef 1ffd-1ffe 2000-2064 206a-206f 207a-207e
208a-208e 20a0-20b9 20d0-20f0 2100-2101 2103-2106 2108-2109 2114 2116-2118
211e-2123 2125 2127 2129 212e 213a-213b 2140-2144 214a-214d 214f 2190-23f3
2400-2426 2440-244a 249c-24e9 2500-26ff 2701-2775 2794-2b4c 2b50-2b59
2ce5-2cea 2cef-2cf1 2cf9-2cfc 2cfe-2cff 2d70 2d7f 2de0-2e2e 2e30-2e3b
2e80-2e99 2e9b-2ef3 2f00-2fd5 2ff0-2ffb 3000-3004 3008-3020 302a-3030
3036-3037 303d-303f 3099-309c 30a0 30fb 3190-3191 3196-319f 31c0-31e3
3200-321e 322a-3247 3250 3260-327f 328a-32b0 32c0-32fe 3300-33ff 4dc0-4dff
a490-a4c6 a4fe-a4ff a60d-a60f a66f-a67e a69f a6f0-a6f7 a700-a716 a720-a721
a789-a78a a802 a806 a80b a823-a82b a836-a839 a874-a877 a880-a881 a8b4-a8c4
a8ce-a8cf a8e0-a8f1 a8f8-a8fa a926-a92f a947-a953 a95f a980-a983 a9b3-a9cd
a9de-a9df aa29-aa36 aa43 aa4c-aa4d aa5c-aa5f aa77-aa79 aa7b aab0 aab2-aab4
aab7-aab8 aabe-aabf aac1 aade-aadf aaeb-aaf1 aaf5-aaf6 abe3-abed fb1e fb29
fbb2-fbc1 fd3e-fd3f fdfc-fdfd fe00-fe19 fe20-fe26 fe30-fe52 fe54-fe66
fe68-fe6b feff ff01-ff0f ff1a-ff20 ff3b-ff40 ff5b-ff65 ffe0-ffe6 ffe8-ffee
fff9-ffff 10100-10102 10137-1013f 10179-10189 10190-1019b 101d0-101fd 1039f
103d0 10857 1091f 1093f 10a01-10a03 10a05-10a06 10a0c-10a0f 10a38-10a3a 10a3f
10a50-10a58 10a7f 10b39-10b3f 11000-11002 11038-1104d 11080-11082 110b0-110c1
11100-11102 11127-11134 11140-11143 11180-11182 111b3-111c0 111c5-111c8
116ab-116b7 12470-12473 16f51-16f7e 16f8f-16f92 1d000-1d0f5 1d100-1d126
1d129-1d1dd 1d200-1d245 1d300-1d356 1d6c1 1d6db 1d6fb 1d715 1d735 1d74f 1d76f
1d789 1d7a9 1d7c3 1eef0-1eef1 1f000-1f02b 1f030-1f093 1f0a0-1f0ae 1f0b1-1f0be
1f0c1-1f0cf 1f0d1-1f0df 1f110-1f12e 1f130-1f16b 1f170-1f19a 1f1e6-1f202
1f210-1f23a 1f240-1f248 1f250-1f251 1f300-1f320 1f330-1f335 1f337-1f37c
1f380-1f393 1f3a0-1f3c4 1f3c6-1f3ca 1f3e0-1f3f0 1f400-1f43e 1f440 1f442-1f4f7
1f4f9-1f4fc 1f500-1f53d 1f540-1f543 1f550-1f567 1f5fb-1f640 1f645-1f64f
1f680-1f6c5 1f700-1f773 e0001 e0020-e007f e0100-e01ef
"""

# Token characters unicode61 drops entirely (with remove_diacritics=1): a
# token made of these alone leaves no trace in the index.
_VANISHING = """
300-304 306-30c 30f 311 31b 323-328 32d-32e 330-331
"""


def _ranges(table: str) -> list[tuple[int, int]]:
    bounds = (item.partition("-") for item in table.split())
    return [(int(a, 16), int(b or a, 16)) for a, _, b in bounds]


def _char_class(ranges: list[tuple[int, int]]) -> str:
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


_SEPARATOR_RANGES = _ranges(_SEPARATORS)
_WORD = re.compile(f"[^{_char_class(_SEPARATOR_RANGES)}]+")
_SEPARATOR = re.compile(f"[{_char_class(_SEPARATOR_RANGES)}]")
# Python's re scans a class with ranges beyond U+FFFF range by range, five
# times slower: text without such characters (most text) takes this one.
_BMP_WORD = re.compile(
    "[^"
    + _char_class([(a, min(b, 0xFFFF)) for a, b in _SEPARATOR_RANGES if a <= 0xFFFF])
    + "\U00010000-\U0010ffff]+"
)
_BMP_SEPARATOR = re.compile(
    "[" + _char_class([(a, min(b, 0xFFFF)) for a, b in _SEPARATOR_RANGES if a <= 0xFFFF]) + "]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_VANISHING_CHARS = frozenset(chr(c) for a, b in _ranges(_VANISHING) for c in range(a, b + 1))
_VANISHING_TEXT = "".join(sorted(_VANISHING_CHARS))
# Combining marks (stress marks over Cyrillic vowels, mostly) are dropped.
_MARKS = ("Mn", "Me")
_BMP_MARK = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in _MARKS) + "]"
)
_CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")

_stemmer = Stemmer.Stemmer("russian", 0)  # no cache of its own: _forms is the cache
_stem_lock = threading.Lock()  # a PyStemmer object is not safe across threads
_FORMS_KEPT = 200_000  # distinct words remembered; most words repeat


class _Forms(dict):
    """Each word's form, computed once per distinct word: most words of a text were seen before.

    A miss computes the form (dict's `__missing__`), so words already known
    are looked up in C, without a Python call each.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _FORMS_KEPT:
            self.clear()
        form = self[word] = _compute_form(word)
        return form

    def clear(self) -> None:
        """Forget every form, and so every piece made of them."""
        super().clear()
        _pieces.clear()


class _Pieces(dict):
    """The forms of each piece of text between white space, computed once per distinct piece.

    A piece is mostly one word, sometimes with punctuation (`врачей,`): its
    value is the forms of the words unicode61 finds in it, joined by spaces.
    White space is a separator to unicode61 too, so a text cut at white space
    (`str.split`, in C) and looked up piece by piece gives the same words in
    the same order as cutting it with the word pattern, which then runs only
    over pieces not seen before: half the time of indexing a text.
    """

    def __missing__(self, piece: str) -> str:
        form = " ".join(map(_forms.__getitem__, _runs(piece)))
        if len(self) >= _FORMS_KEPT:
            self.clear()
        self[piece] = form
        return form


_forms = _Forms()
_pieces = _Pieces()


def words(text: str | None) -> list[str]:
    """The words of `text` as FTS5's unicode61 tokenizer cuts them."""
    if not text:
        return []
    return [word for word in _runs(text) if not _vanishes(word)]


def _runs(text: str) -> list[str]:
    """Runs of token characters (a run of vanishing ones makes no token)."""
    return (_WORD if _ASTRAL.search(text) else _BMP_WORD).findall(text)


def _vanishes(word: str) -> bool:
    return not word.strip(_VANISHING_TEXT)


def normal(word: str) -> str:
    """NFC, combining accents dropped, lower case, `ё` as `е`."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFC", word)
    if _ASTRAL.search(word):
        word = "".join(ch for ch in word if unicodedata.category(ch) not in _MARKS)
    else:
        word = _BMP_MARK.sub("", word)
    return word.lower().replace("ё", "е")


def _stem(word: str) -> str:
    if not _CYRILLIC.search(word):
        return word
    with _stem_lock:
        return _stemmer.stemWord(word)


def _one_token(form: str) -> bool:
    """True when unicode61 reads `form` as exactly one token."""
    separator = _SEPARATOR if _ASTRAL.search(form) else _BMP_SEPARATOR
    return bool(form) and not separator.search(form) and not _vanishes(form)


def _compute_form(word: str) -> str:
    if _vanishes(word):
        return ""
    plain = normal(word)
    stem = _stem(plain)
    for candidate in (stem, plain):
        if _one_token(candidate):
            return candidate
    return word  # one token by construction


def word_form(word: str) -> str:
    """What the index stores for one word (a token of `words`)."""
    return _forms[word]


def index_form(text: str | None) -> str | None:
    """The text as the full-text index stores it: one stem per word."""
    if text is None:
        return None
    return " ".join(map(_pieces.__getitem__, text.split()))


def prefix_form(prefix: str) -> str:
    """What a prefix query (`министерств*`) looks for among the stems.

    Snowball only cuts endings, so the stem of the prefix is, nearly always,
    a prefix of the stem of every word that begins with it: `министерство*`
    finds министерствам (stem министерств).
    """
    return word_form(prefix)


@lru_cache(maxsize=4096)
def query_forms(word: str) -> tuple[str, ...]:
    """Every stem a form of `word` is indexed under, sorted.

    `министра` gives `министр` (and so finds министр, министру, министрами)
    but not `министерств`.
    """
    forms = {word_form(word)}
    if _CYRILLIC.search(word):
        for form in _lexeme(normal(word)):
            forms.add(word_form(form))
    forms.discard("")
    return tuple(sorted(forms))


@lru_cache(maxsize=4096)
def dictionary_forms(word: str) -> tuple[str, ...]:
    """The dictionary form of each likely reading of a Russian word (`телеграмом` -> телеграм)."""
    if not _CYRILLIC.search(word):
        return ()
    parses = _morph().parse(normal(word))
    if not parses:
        return ()
    best = parses[0].score
    return tuple(dict.fromkeys(
        p.normal_form.replace("ё", "е") for p in parses[:4] if p.score >= best / 4 and p.is_known
    ))


def _lexeme(word: str) -> set[str]:
    """The other forms of the word (of each likely reading of it)."""
    parses = _morph().parse(word)
    if not parses:
        return set()
    best = parses[0].score
    result: set[str] = set()
    seen = set()
    for parse in parses[:4]:
        if parse.score < best / 4:
            break
        key = (parse.normal_form, parse.tag.POS)
        if key in seen:
            continue
        seen.add(key)
        result.update(form.word for form in parse.lexeme)
    return result


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # loaded on the first query, never while indexing

    return pymorphy3.MorphAnalyzer(lang="ru")


# --- the table of separators, read from SQLite itself --------------------


def sqlite_tokenizer_view(conn: sqlite3.Connection | None = None) -> tuple[set[int], set[int]]:
    """(separators, vanishing) code points as this SQLite's unicode61 sees them.

    Each code point c is put between two x's: `xcx` stays one token when c
    is a token character (`xx` when unicode61 drops c), and splits into `x`
    and `x` when c is a separator.
    """
    conn = conn or sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE temp.probe USING fts5(x)")
    conn.execute("CREATE VIRTUAL TABLE temp.probe_terms USING fts5vocab(temp, probe, instance)")
    points = [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    step = 1 << 15
    chunks = [points[i : i + step] for i in range(0, len(points), step)]
    conn.executemany(
        "INSERT INTO temp.probe (rowid, x) VALUES (?, ?)",
        [(n, " ".join("x" + chr(c) + "x" for c in chunk)) for n, chunk in enumerate(chunks)],
    )
    terms: dict[int, list[tuple[int, str]]] = {}
    for doc, offset, term in conn.execute("SELECT doc, offset, term FROM temp.probe_terms"):
        terms.setdefault(doc, []).append((offset, term))
    separators, vanishing = {0}, set()
    for n, chunk in enumerate(chunks):
        seq = [term for _, term in sorted(terms[n])]
        i = 0
        for c in chunk:
            if seq[i] == "x":
                separators.add(c)
                i += 2
            else:
                if seq[i] == "xx":
                    vanishing.add(c)
                i += 1
    conn.execute("DROP TABLE temp.probe_terms")
    conn.execute("DROP TABLE temp.probe")
    return separators, vanishing


def _table(points: set[int]) -> str:
    ranges: list[list[int]] = []
    for c in sorted(points):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    items = [f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in ranges]
    lines, line = [], ""
    for item in items:
        if len(line) + len(item) + 1 > 78:
            lines.append(line)
            line = ""
        line = f"{line} {item}" if line else item
    lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    seps, gone = sqlite_tokenizer_view()
    print(f"# SQLite {sqlite3.sqlite_version}\n_SEPARATORS = \"\"\"\n{_table(seps)}\n\"\"\"\n")
    print(f"_VANISHING = \"\"\"\n{_table(gone)}\n\"\"\"")
