"""The selector syntax of site files, checked when a file is read.

CSS as Scrapy knows it, with `::text` and `::attr(name)` at the end; a query
starting with `/`, `./` or `(` is XPath. A key may hold one query or a list
of them (tried in order). Reading pages with them is the selectors profile's
job (`scraper.profiles.selectors`); here a query is only taken apart and
checked, so that a broken one stops the crawl before it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cssselect import ExpressionError, SelectorError
from lxml import etree
from parsel.csstranslator import HTMLTranslator

_PSEUDO = re.compile(r"^(?P<query>.*?)\s*(?:::(?:(?P<text>text)|attr\((?P<attr>[^)]+)\)))?\s*$", re.S)
TRANSLATOR = HTMLTranslator()


def queries(spec: str | list[str] | None) -> list[str]:
    """The queries a key holds: one, a list, or none."""
    if not spec:
        return []
    return [spec] if isinstance(spec, str) else [q for q in spec if q]


def is_xpath(query: str) -> bool:
    return query.lstrip().startswith(("/", "./", "("))


@dataclass(frozen=True)
class CssQuery:
    """A CSS query taken apart: the elements, then their text or one attribute (or the elements themselves)."""

    elements: str
    text: bool = False
    attribute: str | None = None


def css_parts(query: str) -> CssQuery:
    match = _PSEUDO.match(query)
    attribute = match.group("attr")
    return CssQuery(match.group("query").strip(), bool(match.group("text")), attribute.strip() if attribute else None)


def selector_error(query: str) -> str | None:
    """Why `query` is no selector, or None if it is one."""
    try:
        if is_xpath(query):
            etree.XPath(query)
        else:
            TRANSLATOR.css_to_xpath(css_parts(query).elements or "*")
    except (SelectorError, ExpressionError, etree.XPathSyntaxError) as error:
        return str(error) or type(error).__name__
    return None
