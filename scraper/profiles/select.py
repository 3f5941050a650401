"""Queries for the profiles' hot paths: compiled once, run on lxml elements.

parsel compiles a query's XPath again on every call and wraps every node it
finds in a Selector; a profile that asks five questions of each of a
page's hundred comments pays that five hundred times a page. Here a query
(CSS as parsel reads it, `::text` and `::attr()` included, or XPath) is
compiled once per process and returns plain elements or strings, which
`scraper.profiles.text` reads as it reads Selectors.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from parsel import Selector, SelectorList
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


def root(node: Selector | SelectorList | etree._Element) -> etree._Element | None:
    """The lxml element under a Selector (the first of a list), for the queries above."""
    if isinstance(node, SelectorList):
        node = node[0] if node else None
    if isinstance(node, Selector):
        node = node.root
    return node if isinstance(node, etree._Element) else None


def first(query: etree.XPath, element: etree._Element | None):
    """The first answer of `query` on `element`, or None."""
    if element is None:
        return None
    found = query(element)
    return found[0] if found else None


def first_in(query: etree.XPath, elements: list[etree._Element]):
    """The first answer of `query` on any of `elements`, in their order, or None."""
    for element in elements:
        found = query(element)
        if found:
            return found[0]
    return None
