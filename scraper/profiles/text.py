"""Turning HTML fragments into the text a reader saw.

Line breaks (`<br>`) stay line breaks, paragraphs stay paragraphs, and what a
reader never sees as text (scripts, styles) never reaches the archive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from parsel import Selector, SelectorList

INVISIBLE = frozenset({"script", "style", "noscript", "template", "iframe", "button"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_CREDIT = re.compile(r"^(?:(?P<caption>.*?)\s*[/|,]\s*)?(?P<credit>(?:Фото|Photo|Фотография)\s*:.*)$", re.S)


def _walk(element, skip: frozenset[str], out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is not None and tag.lower() in skip:
        return
    if tag == "br":
        out.append("\n")
    elif element.text and tag is not None:
        out.append(element.text)
    for child in element:
        _walk(child, skip, out)
        if child.tail:
            out.append(child.tail)
    if tag in ("p", "div", "li", "blockquote") and out and not out[-1].endswith("\n"):
        out.append("\n")


def _visible(node: Selector | etree._Element, skip: Iterable[str] = ()) -> str:
    """The fragment's text as walked: `<br>` and block ends as line breaks, spaces not yet tidied."""
    element = node.root if isinstance(node, Selector) else node
    if isinstance(element, str):
        return element
    hidden = INVISIBLE | frozenset(skip) if skip else INVISIBLE
    if not len(element):  # no child elements (a name, a date): its own text, without the walk
        tag = element.tag
        if not isinstance(tag, str) or tag.lower() in hidden:
            return ""
        return "\n" if tag == "br" else element.text or ""
    out: list[str] = []
    _walk(element, hidden, out)
    return "".join(out)


def block_text(node: Selector | etree._Element, skip: Iterable[str] = ()) -> str:
    """The visible text of a fragment, `<br>` and block ends as line breaks."""
    lines = (line.strip() for line in _SPACES.sub(" ", _visible(node, skip)).split("\n"))
    return "\n".join(line for line in lines if line)


def inline_text(node: Selector | SelectorList | etree._Element | list | None) -> str | None:
    """A fragment's text on one line (the first of a list), or None if it holds none."""
    if node is None:
        return None
    if isinstance(node, list):  # a SelectorList, or the elements a compiled query found
        if not node:
            return None
        node = node[0]
    # Whitespace as `str.split` knows it, and the zero-width space it does not (see _SPACES).
    text = " ".join(_visible(node).replace("\u200b", " ").split())
    return text or None


def paragraphs(nodes: Iterable[Selector | etree._Element]) -> list[str]:
    """The non-empty paragraphs among `nodes`, each on one line."""
    found = []
    for node in nodes:
        text = inline_text(node)
        if text:
            found.append(text)
    return found


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """("Закат над Барнаулом", "Фото: amic.ru") from "Закат над Барнаулом / Фото: amic.ru"."""
    if not text:
        return None, None
    text = " ".join(text.split())
    if "Фото" not in text and "Photo" not in text:  # no credit: the pattern need not try every separator
        return text, None
    match = _CREDIT.match(text)
    if not match:
        return text, None
    caption = (match.group("caption") or "").strip() or None
    return caption, match.group("credit").strip()


def is_credit(text: str) -> bool:
    return split_credit(text)[1] is not None and split_credit(text)[0] is None


def to_int(text: str | None) -> int | None:
    """The first whole number in `text` ("Комментариев 30" -> 30)."""
    if not text:
        return None
    match = re.search(r"-?\d+", text.replace("\u00a0", "").replace(" ", ""))
    # A "number" of thousands of digits is no count (and int() would refuse it).
    return int(match.group()) if match and len(match.group()) <= 18 else None


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove an element (a script, a share bar) but not the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
