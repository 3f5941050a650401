"""What a journalist types into a search box, as an FTS5 query over stems.

Words find every form of themselves (`врач` finds `врачей`), their other
spellings (`телеграм` finds Telegram and телеграмм, see spellings.py) and
the names the equivalents file gives them (`ВК` finds ВКонтакте);
"quoted words" are a phrase; `word*` is a prefix; `AND`/`И`, `OR`/`ИЛИ`,
`NOT`/`НЕ` (in capitals) and parentheses combine; `NEAR(a b, 5)` finds
words close together. Anything else (stray quotes, punctuation, SQL) is
read as words, so every input becomes a valid FTS5 query or, when it holds
no word at all, a message. Operators typed in lower case are searched as
words, with a hint of the capital form. The query is always passed to
SQLite as a parameter, never spliced in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from scraper import wordforms
from scraper.web.equivalents import NONE, Equivalents
from scraper.web.language import N_, Message
from scraper.web.spellings import cyrillic, is_latin, spellings

MAX_LENGTH = 500
MAX_TERMS = 24
MAX_PHRASE_VARIANTS = 16
# An FTS5 query that matches nothing, for input that holds no word.
NOTHING = '"ъ" NOT "ъ"'

_LEXEME = re.compile(
    r'"(?P<phrase>[^"]*)"?'  # a phrase; an unclosed quote runs to the end
    r"|(?P<near>\bNEAR\s*\()"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<op>\b(?:AND|OR|NOT|И|ИЛИ|НЕ)\b)"
    r'|(?P<chunk>[^\s"()]+)'
)
_NEAR_DISTANCE = re.compile(r",\s*(\d{1,3})\s*$")
OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "И": "AND", "ИЛИ": "OR", "НЕ": "NOT"}
# Operators typed in lower case are words; a hint says how to write them.
_LOWER_OPERATORS = {"or": "OR", "and": "AND", "not": "NOT", "или": "ИЛИ", "и": "И", "не": "НЕ"}


@dataclass
class Query:
    text: str
    expression: str | None  # the FTS5 query; None when nothing can be searched
    words: list[str] = field(default_factory=list)  # the words searched for, as typed
    message: Message | None = None  # why nothing was searched
    hints: list[Message] = field(default_factory=list)  # how the query could be meant

    @property
    def searchable(self) -> bool:
        return self.expression is not None


def _quote(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'


def _either(forms) -> str:
    forms = sorted(set(forms) - {""})
    if len(forms) == 1:
        return _quote(forms[0])
    return "(" + " OR ".join(_quote(f) for f in forms) + ")"


def _spelled(word: str) -> set[str]:
    """What the index holds for every form and every spelling of one word."""
    forms = set(wordforms.query_forms(word))
    reading = cyrillic(word) if is_latin(word) else None
    for variant in spellings(word):
        if variant == reading:
            forms.update(wordforms.query_forms(variant))  # a Russian word in Latin letters: all its forms
        else:
            forms.add(wordforms.word_form(variant))
    return forms


def _word(word: str, equivalents: Equivalents = NONE) -> str:
    names = equivalents.names([word])
    if names is None:
        return _either(_spelled(word))
    return _group(names)


def _group(names: list[str]) -> str:
    """Every name of an equivalents group: its one-word names in all their
    spellings, its names of several words as phrases."""
    terms: set[str] = set()
    phrases: set[str] = set()
    for name in names:
        found = wordforms.words(name)
        if len(found) == 1:
            terms |= _spelled(found[0])
        else:
            phrases.add(_phrase(found))
    parts = sorted(_quote(t) for t in terms - {""}) + sorted(phrases)
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _phrase(words: list[str]) -> str:
    # Short words (кто-то, 1,5) keep their one form: their "other forms" are noise.
    options = [wordforms.query_forms(w) if len(w) > 3 else (wordforms.word_form(w),) for w in words]
    combos = 1
    for forms in options:
        combos *= len(forms)
    if combos > MAX_PHRASE_VARIANTS:
        options = [(wordforms.word_form(w),) for w in words]
    phrases = [_quote(" ".join(combo)) for combo in itertools.product(*options)]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _chunk(chunk: str, typed: list[str], equivalents: Equivalents = NONE) -> str | None:
    """One whitespace-free piece of input: a word, a prefix, or a hyphenated phrase."""
    prefix = chunk.endswith("*")
    found = wordforms.words(chunk)
    if not found:
        return None
    typed.extend(found)
    if prefix and len(found) == 1 and chunk.rstrip("*").endswith(found[0]):
        return _quote(wordforms.prefix_form(found[0])) + " *"
    if len(found) == 1:
        return _word(found[0], equivalents)
    names = equivalents.names(found)
    if names is not None:
        return _group(names)
    return _phrase(found)  # кто-то, 1,5, Усть-Каменогорск: words side by side


def _near(body: str, typed: list[str]) -> str | None:
    distance = _NEAR_DISTANCE.search(body)
    if distance:
        body = body[: distance.start()]
    parts = []
    for match in re.finditer(r'"([^"]*)"?|([^\s"]+)', body):
        found = wordforms.words(match.group(1) if match.group(1) is not None else match.group(2))
        if found:
            typed.extend(found)
            parts.append(_quote(" ".join(wordforms.word_form(w) for w in found)))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return "NEAR(" + " ".join(parts) + (f", {int(distance.group(1))}" if distance else "") + ")"


def _lexemes(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of each piece of the input, in order."""
    found = []
    position = 0
    while position < len(text):
        match = _LEXEME.search(text, position)
        if not match:
            break
        kind = match.lastgroup
        if kind == "near":
            end = text.find(")", match.end())
            end = len(text) if end < 0 else end
            found.append((kind, text[match.end():end], match.start(), end + 1))
            position = end + 1
            continue
        found.append((kind, match.group(kind), match.start(), match.end()))
        position = match.end()
    return found


def _several_words_name(lexemes, i: int, equivalents: Equivalents) -> tuple[list[str], int] | None:
    """A name of several words (`Центр управления регионом`) typed from lexeme i on:
    its words and how many lexemes it takes, the longest first."""
    for length in range(min(equivalents.longest, len(lexemes) - i), 1, -1):
        run = lexemes[i:i + length]
        if any(kind != "chunk" or text.endswith("*") for kind, text, _, _ in run):
            continue
        words = [w for _, text, _, _ in run for w in wordforms.words(text)]
        if equivalents.names(words) is not None:
            return words, length
    return None


def parse(text: str | None, equivalents: Equivalents = NONE) -> Query:
    """Read a search box's text; never raises, whatever the text."""
    text = (text or "").strip()
    if not text:
        return Query(text, None, message=Message(N_("Type a word to search for.")))
    if len(text) > MAX_LENGTH:
        return Query(text, None, message=Message(
            N_("The search is too long: at most %(limit)s characters."), {"limit": MAX_LENGTH}
        ))
    typed: list[str] = []
    tokens: list[str] = []  # operands, "AND"/"OR"/"NOT", "(" and ")"
    hints: list[Message] = []
    lexemes = _lexemes(text)
    i = 0
    while i < len(lexemes):
        kind, piece, _, _ = lexemes[i]
        i += 1
        if kind == "phrase":
            found = wordforms.words(piece)
            if found:
                typed.extend(found)
                names = equivalents.names(found)
                tokens.append(_group(names) if names is not None else _phrase(found))
        elif kind == "near":
            operand = _near(piece, typed)
            if operand:
                tokens.append(operand)
        elif kind in ("open", "close"):
            tokens.append(piece)
        elif kind == "op":
            tokens.append(OPERATORS[piece])
        else:
            several = _several_words_name(lexemes, i - 1, equivalents)
            if several:
                words, length = several
                typed.extend(words)
                tokens.append(_group(equivalents.names(words)))
                i += length - 1
                continue
            lowered = _LOWER_OPERATORS.get(piece.lower())
            if lowered and piece != lowered and 1 < i < len(lexemes):
                hints.append(Message(
                    N_("Operators are written in capitals: «%(operator)s» combines words, «%(typed)s» is searched as a word."),
                    {"operator": lowered, "typed": piece},
                ))
            operand = _chunk(piece, typed, equivalents)
            if operand:
                tokens.append(operand)
    expression, terms = _combine(tokens)
    if not expression:
        return Query(text, None, message=Message(N_("«%(text)s» holds no word to search for."), {"text": text}))
    if terms > MAX_TERMS:
        return Query(text, None, typed, message=Message(N_("Too many words: at most %(limit)s."), {"limit": MAX_TERMS}))
    return Query(text, expression, typed, hints=hints)


def capitalised(query: Query) -> str | None:
    """The query with its lower-case operators in capitals, when it has any."""
    if not query.hints:
        return None
    out = []
    last = 0
    lexemes = _lexemes(query.text)
    for n, (kind, piece, start, end) in enumerate(lexemes):
        lowered = _LOWER_OPERATORS.get(piece.lower()) if kind == "chunk" else None
        if lowered and 0 < n < len(lexemes) - 1:
            out.append(query.text[last:start] + lowered)
            last = end
    out.append(query.text[last:])
    return "".join(out)


def _combine(tokens: list[str]) -> tuple[str, int]:
    """Operands and operators as valid FTS5: dangling operators and empty or
    unbalanced parentheses are dropped; operands side by side mean AND."""
    out: list[str] = []
    terms = 0

    def group(i: int, depth: int) -> tuple[list[str], int]:
        nonlocal terms
        parts: list[str] = []
        pending = None
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token == ")":
                if depth:
                    break
                continue
            if token in ("AND", "OR", "NOT"):
                if parts:
                    pending = token
                continue
            if token == "(":
                inner, i = group(i, depth + 1)
                if not inner:
                    continue
                operand = "(" + " ".join(inner) + ")"
            else:
                operand = token
                terms += 1
            if parts:
                parts.append(pending or "AND")
            parts.append(operand)
            pending = None
        return parts, i

    out, _ = group(0, 0)
    return " ".join(out), terms


def sql_escape_fts(text: str | None, equivalents: Equivalents = NONE) -> str:
    """Datasette's `escape_fts(:search)`, by word form: what table pages' search box uses."""
    query = parse(text, equivalents)
    return query.expression or NOTHING
