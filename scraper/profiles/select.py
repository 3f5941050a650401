"""Queries for the profiles' hot paths: compiled once, run on lxml elements.

parsel wraps every node a query finds in a Selector, and prepares the query
again (its namespaces, its evaluator) on every call; a profile that asks
five questions of each of a page's hundred comments pays that five hundred
times a page. Here a query
(CSS as parsel reads it, `::text` and `::attr()` included, or XPath) is
compiled once per process and returns plain elements or strings, which
`scraper.profiles.text` reads as it reads Selectors. Elements of a class
are taken from the page's index of classes (`Page.by_class`), built in one
pass, instead of a query walking the whole page for each.
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



def of_class(classes: dict[str, list], tag: str, name: str) -> list:
    """CSS `tag.name` over a page's index of classes (`Page.by_class`), in document order."""
    return [element for element in classes.get(name, ()) if element.tag == tag]


def inside(elements, tag: str) -> list:
    """CSS `… tag`: the `tag` elements inside any of `elements`, in document order, each once."""
    found: dict = {}
    for element in elements:
        for inner in element.iter(tag):
            if inner is not element:
                found.setdefault(inner, None)
    return list(found)


def container(containers: set, element):
    """The one of `containers` an element sits in (itself, if it is one), or None."""
    while element is not None and element not in containers:
        element = element.getparent()
    return element


def first_in_each(containers: set, elements) -> dict:
    """The first of `elements` (in document order) inside each of `containers`, keyed by the container.

    A profile finds, say, every comment's date by one look at the page's
    dates instead of one query a comment.
    """
    owned: dict = {}
    for element in elements:
        owner = container(containers, element)
        if owner is not None:
            owned.setdefault(owner, element)
    return owned
