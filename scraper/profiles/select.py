"""Queries for the profiles' hot paths: compiled once, run on lxml elements.

parsel wraps every node a query finds in a Selector, and prepares the query
again (its namespaces, its evaluator) on every call; a profile that asks
five questions of each of a page's hundred comments pays that five hundred
times a page. Here a query
(CSS as parsel reads it, `::text` and `::attr()` included, or XPath) is
compiled once per process and returns plain elements or strings, which
`scraper.profiles.text` reads as it reads Selectors.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from parsel.csstranslator import HTMLTranslator

_CSS = HTMLTranslator()


@lru_cache(maxsize=2048)
def xpath(query: str) -> etree.XPath:
    """An XPath query compiled once; call it with an element, it answers a list."""
    return etree.XPath(query, smart_strings=False)


@lru_cache(maxsize=2048)
def css(query: str) -> etree.XPath:
    """A CSS query (parsel's dialect) compiled once to XPath."""
    return xpath(_CSS.css_to_xpath(query))


def first(query: etree.XPath, element: etree._Element | None):
    """The first answer of `query` on `element`, or None."""
    if element is None:
        return None
    found = query(element)
    return found[0] if found else None

