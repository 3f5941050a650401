"""Who wrote an article: persons, as its byline names them.

Structured data often names the publisher or a news agency as the author
(`"author": {"@type": "Organization", "name": "ТАСС"}`), tags a photo credit
as an author ("Фото: Алексей Меринов" in a `<figure>`), or gives the byline
with its label and job title ("Analysis by Chris Cillizza, CNN
Editor-at-large"). None of that is a person who wrote the text. This module
keeps the persons, and finds the visible byline where structured data names
none.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

# Words that make a name an organisation, a desk or a credit, never a person.
_NOT_A_PERSON = re.compile(
    r"\b(?:агентств\w*|редакци\w*|пресс-служб\w*|служб\w*|новост\w*|издани\w*|газет\w*|журнал\w*|телеканал\w*"
    r"|радио|информ\w*|корреспондент\w*|staff|desk|news|press|agency|agentur|media|team|editors?|editorial board"
    r"|service|office|department|ministry|inc\.?|ltd\.?|llc|gmbh|reuters|associated|afp|dpa|tass|тасс|риа|интерфакс"
    r"|ria|interfax|укринформ|ukrinform|казинформ|kazinform|unn|унн)\b",
    re.I,
)
_CREDIT = re.compile(r"^(?:фото|photo|фотография|иллюстрация|©|источник|source|видео|video)\b", re.I)
_LABEL = re.compile(
    r"^(?:(?:analysis|opinion|commentary|text|words|story|report|reporting)\s+by|view all posts by|posted by|written by"
    r"|published by|more by|articles by|all posts by|authors?"
    r"|by|von|текст|автор(?:ы)?(?: материала)?|авторы|материал подготовил[аи]?|подготовил[аи]?|автор[а]?)\s*:?\s*",
    re.I,
)
_JOB = re.compile(
    r"\b(?:editor|correspondent|columnist|reporter|writer|contributor|analyst|producer|chief|senior|staff|at-large"
    r"|обозревател\w*|корреспондент\w*|редактор\w*|журналист\w*|колумнист\w*|специальн\w*)\b",
    re.I,
)
_DOMAIN = re.compile(r"\.(?:ru|com|net|org|ua|kz|by|info|рф|su|uk|de|tv)\b", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|\s\band\b\s|\sи\s|&|\||\s[—–-]\s)\s*")


def persons(names: list[str], publisher: set[str]) -> list[str]:
    """The names that are persons: no publisher, agency, desk, domain or photo credit."""
    kept: list[str] = []
    for raw in names:
        for name in split_byline(raw):
            if name not in kept and _is_person(name, publisher):
                kept.append(name)
    return kept


def split_byline(text: str | None) -> list[str]:
    """"Analysis by Chris Cillizza, CNN Editor-at-large" -> ["Chris Cillizza"]; "Текст: Лида Буслаева" -> [..]."""
    if not text:
        return []
    text = " ".join(text.split()).strip(" -–—|·")
    text = _LABEL.sub("", text)
    found = []
    for part in _SEPARATORS.split(text):
        part = _LABEL.sub("", part.strip(" -–—|·.:"))
        if not part or _JOB.search(part):
            continue
        # "Finian Cunningham. Sputnik International": the name before the outlet.
        part = part.split(". ")[0].strip()
        if part:
            found.append(part)
    return found


def _is_person(name: str, publisher: set[str]) -> bool:
    if not name or len(name) > 60 or _CREDIT.match(name) or name.startswith(("http://", "https://", "@")):
        return False
    if any(ch.isdigit() for ch in name) or _DOMAIN.search(name):
        return False
    squashed = _squash(name)
    if squashed in publisher or any(squashed and squashed in p for p in publisher if len(squashed) >= 4):
        return False
    if _NOT_A_PERSON.search(name):
        return False
    words = name.split()
    return 1 <= len(words) <= 5


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def publisher_names(*names: Any) -> set[str]:
    """The publisher's names as the page gives them (site name, publisher, domain), to tell from authors."""
    found = set()
    for name in names:
        if isinstance(name, str) and name.strip():
            found.add(_squash(name))
            found.add(_squash(name.split(".")[0]))
    return {name for name in found if name}


def structured_authors(value: Any) -> list[str]:
    """Names of `author` in JSON-LD that are not organisations (by their @type)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            kinds = item.get("@type") or []
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any("Organization" in str(kind) or "Organisation" in str(kind) for kind in kinds):
                continue
            name = item.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, str):
                names.append(name)
        elif isinstance(item, str):
            names.append(item)
    return names


# Where a byline sits on the page: schema.org, rel=author, author/byline classes, <address>.
_BYLINE_CLASS = re.compile(r"author|byline|avtor|autor|writer|submitted-by|posted-by", re.I)
# Within the block that holds the headline and the text: teasers, photo credits, comments and bios name others.
_NOT_HERE = re.compile(r"comment|preview|teaser|related|popular|recommend|photo|picture|caption|credit|figure|image"
                       r"|share|bio|author-info|about|hover", re.I)


def visible_byline(area: etree._Element, headline: etree._Element | None, publisher: set[str]) -> list[str]:
    """The persons a byline in `area` names (the part of the page that holds the headline and the text)."""
    for element in area.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "figure", "figcaption", "nav", "aside"):
            continue
        prop = (element.get("itemprop") or "").lower()
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        is_byline = (
            prop == "author" or element.tag == "address" or "author" in (element.get("rel") or "")
            or (marks.strip() and _BYLINE_CLASS.search(marks))
        )
        if not is_byline or _outside_byline(element, area):
            continue
        if len("".join(element.itertext())) > 400:
            continue  # a block that holds more than a byline (`article.author-article`)
        names = _names_in(element, publisher)
        if names:
            return names
    return []


def _outside_byline(element: etree._Element, area: etree._Element) -> bool:
    """In a comment, a teaser, a photo credit or an author's bio: never the article's byline."""
    own = f"{element.get('class', '')} {element.get('id', '')}"
    if own.strip() and _NOT_HERE.search(own):
        return True  # "preview__author": a teaser's
    node = element
    while node is not None and node is not area:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("figure", "figcaption", "nav"):
            return True
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        prop = (node.get("itemprop") or "").lower()
        if prop == "comment":
            return True
        # A teaser or a sidebar is a small block; a page column named "sidebar" holds the article itself.
        if marks.strip() and _NOT_HERE.search(marks) and not _BYLINE_CLASS.search(marks) \
                and sum(len(text) for text in node.itertext()) < 1500:
            return True
        node = node.getparent()
    return False


def _names_in(element: etree._Element, publisher: set[str]) -> list[str]:
    """Names in a byline element: its named parts (links, itemprop name) first, else its text."""
    parts = []
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        if (child.get("itemprop") or "").lower() == "name" or child.tag == "a" and not (child.get("href") or "").startswith("mailto:"):
            text = " ".join("".join(child.itertext()).split())
            if text:
                parts.append(text)
    found = persons(parts, publisher) if parts else []
    if found:
        return found
    text = " ".join("".join(element.itertext()).split())
    if len(text) > 120:
        return []
    return persons([text], publisher)
