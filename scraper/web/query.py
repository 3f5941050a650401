"""What a journalist types into a search box, as an FTS5 query over stems.

Words find every form of themselves (`врач` finds `врачей`); "quoted words"
are a phrase; `word*` is a prefix; `AND`, `OR`, `NOT` (in capitals) and
parentheses combine; `NEAR(a b, 5)` finds words close together. Anything
else (stray quotes, punctuation, SQL) is read as words, so every input
becomes a valid FTS5 query or, when it holds no word at all, a message.
The query is always passed to SQLite as a parameter, never spliced in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from scraper import wordforms

MAX_LENGTH = 500
MAX_TERMS = 24
MAX_PHRASE_VARIANTS = 16
# An FTS5 query that matches nothing, for input that holds no word.
NOTHING = '"ъ" NOT "ъ"'

_LEXEME = re.compile(
    r'"(?P<phrase>[^"]*)"?'  # a phrase; an unclosed quote runs to the end
    r"|(?P<near>\bNEAR\s*\()"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<op>\b(?:AND|OR|NOT)\b)"
    r'|(?P<chunk>[^\s"()]+)'
)
_NEAR_DISTANCE = re.compile(r",\s*(\d{1,3})\s*$")


@dataclass
class Query:
    text: str
    expression: str | None  # the FTS5 query; None when nothing can be searched
    words: list[str] = field(default_factory=list)  # the words searched for, as typed
    message: str | None = None  # why nothing was searched, or what was left out

    @property
    def searchable(self) -> bool:
        return self.expression is not None


def _quote(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'


def _word(word: str) -> str:
    forms = wordforms.query_forms(word)
    if len(forms) == 1:
        return _quote(forms[0])
    return "(" + " OR ".join(_quote(f) for f in forms) + ")"


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


def _chunk(chunk: str, typed: list[str]) -> str | None:
    """One whitespace-free piece of input: a word, a prefix, or a hyphenated phrase."""
    prefix = chunk.endswith("*")
    found = wordforms.words(chunk)
    if not found:
        return None
    typed.extend(found)
    if prefix and len(found) == 1 and chunk.rstrip("*").endswith(found[0]):
        return _quote(wordforms.prefix_form(found[0])) + " *"
    if len(found) == 1:
        return _word(found[0])
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


def parse(text: str | None) -> Query:
    """Read a search box's text; never raises, whatever the text."""
    text = (text or "").strip()
    if not text:
        return Query(text, None, message="Type a word to search for.")
    if len(text) > MAX_LENGTH:
        return Query(text, None, message=f"The search is too long: at most {MAX_LENGTH} characters.")
    typed: list[str] = []
    tokens: list[str] = []  # operands, "AND"/"OR"/"NOT", "(" and ")"
    position = 0
    while position < len(text):
        match = _LEXEME.search(text, position)
        if not match:
            break
        position = match.end()
        kind = match.lastgroup
        if kind == "phrase":
            found = wordforms.words(match.group("phrase"))
            if found:
                typed.extend(found)
                tokens.append(_phrase(found))
        elif kind == "near":
            end = text.find(")", position)
            end = len(text) if end < 0 else end
            operand = _near(text[position:end], typed)
            position = end + 1
            if operand:
                tokens.append(operand)
        elif kind in ("open", "close"):
            tokens.append(match.group(kind))
        elif kind == "op":
            tokens.append(match.group("op"))
        else:
            operand = _chunk(match.group("chunk"), typed)
            if operand:
                tokens.append(operand)
    expression, terms = _combine(tokens)
    if not expression:
        return Query(text, None, message=f"«{text}» holds no word to search for.")
    if terms > MAX_TERMS:
        return Query(text, None, typed, message=f"Too many words: at most {MAX_TERMS}.")
    return Query(text, expression, typed)


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


def sql_escape_fts(text: str | None) -> str:
    """Datasette's `escape_fts(:search)`, by word form: what table pages' search box uses."""
    query = parse(text)
    return query.expression or NOTHING
