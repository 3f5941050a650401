"""The article's text as the page shows it, found by where the text is.

The element that holds most of the page's running text after the headline
(paragraphs, or text between `<br>`s and in `<div>`s) is the article's text,
together with the blocks of text right beside it (a summary printed apart
after the photo, a text split into several blocks around ads). Inside it,
embedded teasers ("Читайте также"), captions, share bars and ads are left out
by their link density and their classes, never the text itself. A paragraph
printed with the headline, in the headline's own block, is a standfirst, not
text; a reader comment thread is never the article's text.

Fast and without I/O: one pass over an lxml tree. The generic profile asks it
before trafilatura, which costs ten times more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from scraper.profiles.text import INVISIBLE

# Never the article's text: menus, page furniture, forms, figures and their captions.
_SKIPPED = frozenset(INVISIBLE | {"head", "nav", "aside", "footer", "form", "figure", "figcaption", "select",
                                  "svg", "button", "label", "input", "textarea", "time", "address"})
_PARAGRAPHS = frozenset({"p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "td"})
_CONTAINERS = frozenset({"div", "section", "article", "main", "center", "body"})
_BLOCK_TAGS = _PARAGRAPHS | frozenset({"div", "section", "article", "main", "center", "ul", "ol", "table", "tbody",
                                       "tr", "dl", "header", "br", "hr", "h1"})
# A reader comment thread is running text too, but never the article's.
_THREAD = re.compile(r"(?:^|[\s_-])comments?(?:$|[\s_-])|comment-?list|commentlist|коммент|disqus", re.I)
# Classes of blocks inside the text that are not the text: embedded teasers, share bars, ads, captions.
_INSERT = re.compile(
    r"share|social|related|recommend|read-?also|readmore|read-more|also-|see-also|inject|teaser|promo|advert|banner"
    r"|subscribe|newsletter|caption|credit|photo-?author|picture-author|tags|breadcrumb|poll|vote|rating"
    r"|widget|embed|gallery|player|author-info|byline|signup|sidebar|popular|donat|paywall|subscription",
    re.I,
)
# What a reader never sees in the text: hover cards, tooltips, screen-reader labels.
_UNSEEN = re.compile(
    r"rollover-?(?:people-)?block|tooltip|popover|popup|hover-?card|dropdown-menu|modal|sr-only|visually-hidden"
    r"|screen-reader|element-invisible|hidden-text",
    re.I,
)
_HEADERISH = re.compile(r"head|hero|title", re.I)
_MEDIA = re.compile(r"media|image|photo|picture|figure|video|share|social|gallery|player|img", re.I)
_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")


@dataclass
class Text:
    """The article's text, paragraph by paragraph, and where it was found."""

    paragraphs: list[str]
    container: etree._Element
    elements: list = field(default_factory=list)


@dataclass
class _Block:
    element: etree._Element
    text: str
    linked: int
    key: float
    whole: bool = False  # the element's whole text: a paragraph, whatever its tag

    @property
    def weight(self) -> float:
        if self.linked > 0.5 * len(self.text):
            return 0
        return len(self.text) - self.linked + (10 if _SENTENCE_END.search(self.text) else 0)


class TextFinder:
    """One page's text blocks, scored by where they sit (see the module doc)."""

    def __init__(self, root: etree._Element, headline: etree._Element | None = None):
        self.root = root
        self.headline = headline
        self.parent_of: dict = {}
        self.order: dict = {}
        self.last: dict = {}
        self.blocks: list[_Block] = []
        self.total: dict = {}

    # --- the page's text blocks --------------------------------------------------
    def _walk(self) -> None:
        visited = []
        stack = [self.root]
        while stack:
            element = stack.pop()
            tag = element.tag if isinstance(element.tag, str) else None
            if tag is None or tag in _SKIPPED:
                continue
            if _unseen(element):
                continue
            marks = element.get("class") or element.get("id")
            if marks and _THREAD.search(f"{element.get('class', '')} {element.get('id', '')}"):
                continue
            self.order[element] = len(visited)
            visited.append(element)
            for child in reversed(element):
                self.parent_of[child] = element
                stack.append(child)
        for element in reversed(visited):
            self.last[element] = max(self.last.get(element, 0), self.order[element])
            parent = self.parent_of.get(element)
            if parent is not None:
                self.last[parent] = max(self.last.get(parent, self.order[parent]), self.last[element])
        start = self.last.get(self.headline, -1) if self.headline is not None else -1
        for element in visited:
            if self.order[element] <= start:
                continue
            if element.tag in _PARAGRAPHS:
                self._paragraph(element)
            elif element.tag in _CONTAINERS:
                self._runs(element)
        self.blocks.sort(key=lambda block: block.key)
        for block in self.blocks:
            weight = block.weight
            if not weight:
                continue
            node = self.parent_of.get(block.element) if block.whole else block.element
            self.total[block.element] = self.total.get(block.element, 0) + weight
            for _ in range(8):
                if node is None:
                    break
                self.total[node] = self.total.get(node, 0) + weight
                node = self.parent_of.get(node)

    def _paragraph(self, element: etree._Element) -> None:
        """A paragraph element: its text without nested blocks, line breaks splitting it."""
        lines, linked = [[]], [0]
        self._inline(element, lines, linked, top=True)
        for index, words in enumerate(lines):
            self._add(element, words, linked[index] if index < len(linked) else 0, self.order[element] + index / 1000,
                      whole=True)

    def _runs(self, element: etree._Element) -> None:
        """Text directly in a `<div>`: the runs between its block children and `<br>`s."""
        key = float(self.order[element])
        whole = not any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS and child.tag != "br" for child in element)
        lines, linked = [[]], [0]
        if element.text and element.text.strip():
            lines[-1].append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag in _BLOCK_TAGS or (tag in _SKIPPED and tag not in ("time",)) or child in self.order and tag in _CONTAINERS:
                for index, words in enumerate(lines):
                    self._add(element, words, linked[index] if index < len(linked) else 0, key + index / 1000)
                lines, linked = [[]], [0]
                key = self.last.get(child, self.order.get(child, key)) + 0.5
            elif tag is not None:
                self._inline(child, lines, linked)
            if child.tail and child.tail.strip():
                lines[-1].append(child.tail)
        for index, words in enumerate(lines):
            self._add(element, words, linked[index] if index < len(linked) else 0, key + index / 1000, whole=whole)

    def _inline(self, element: etree._Element, lines: list, linked: list, top: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:
            return
        if not top:
            if tag == "br":
                lines.append([])
                linked.append(0)
                return
            if tag in _SKIPPED or tag in _BLOCK_TAGS or _unseen(element):
                return
        if element.text:
            lines[-1].append(element.text)
            if tag == "a":
                while len(linked) < len(lines):
                    linked.append(0)
                linked[len(lines) - 1] += len(element.text.strip())
        for child in element:
            if isinstance(child.tag, str) and _unseen(child):
                pass
            elif tag == "a" and isinstance(child.tag, str):
                text = "".join(child.itertext())
                lines[-1].append(text)
                while len(linked) < len(lines):
                    linked.append(0)
                linked[len(lines) - 1] += len(text.strip())
            else:
                self._inline(child, lines, linked)
            if child.tail:
                lines[-1].append(child.tail)

    def _add(self, element: etree._Element, words: list, linked: int, key: float, whole: bool = False) -> None:
        text = _SPACES.sub(" ", "".join(words)).strip()
        if len(text) >= 2:
            self.blocks.append(_Block(element, text, linked, key, whole))

    # --- the text ------------------------------------------------------------------
    def find(self) -> Text | None:
        self._walk()
        scores: dict = {}
        for block in self.blocks:
            weight = block.weight
            if not weight or len(block.text) < 25:
                continue
            parent = self.parent_of.get(block.element) if block.whole else block.element
            if parent is None:
                continue
            scores[parent] = scores.get(parent, 0) + weight
            grandparent = self.parent_of.get(parent)
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0) + weight / 3
        if not scores:
            return None
        container = max(scores, key=scores.get)
        parts = self._beside(container)
        paragraphs, elements = [], []
        for part in parts:
            found, found_elements = self._paragraphs(part)
            paragraphs += found
            elements += found_elements
        if sum(len(p) for p in paragraphs) < 120 or not any(len(p) >= 60 for p in paragraphs):
            return None  # no running text: a photo story, a menu
        return Text(paragraphs, container, elements)

    def _beside(self, container: etree._Element) -> list:
        """The container and the blocks of text right before and after it.

        A text split into several blocks (around photos and ads) continues in
        blocks shaped like the container, beside it or beside its parents; a
        summary printed apart just before it is its first paragraph.
        """
        parts = [container]
        holder = container
        for _ in range(3):
            before, after = self._siblings(holder, -1), self._siblings(holder, 1)
            parts = [*before, *parts, *after]
            parent = self.parent_of.get(holder)
            if parent is None or parent is self.root or (self.headline is not None and self._within(self.headline, parent)):
                break
            # Climb only where the parent holds little text besides what was found.
            found_weight = sum(self.total.get(part, 0) for part in parts)
            if self.total.get(parent, 0) > 1.5 * found_weight:
                break
            holder = parent
        return parts

    def _siblings(self, holder: etree._Element, step: int) -> list:
        found, node, gaps = [], holder, 0
        shape = _shape(holder)
        # The shapes of the paragraphs inside it (`div.zn-body__paragraph`): text continues in those.
        inner = {_shape(block.element) for block in self.blocks
                 if block.whole and block.element is not holder and self._within(block.element, holder)}
        while gaps <= 3:
            node = node.getprevious() if step < 0 else node.getnext()
            if node is None:
                break
            if not isinstance(node.tag, str) or node not in self.order:
                continue
            if self.headline is not None and (node is self.headline or self._within(self.headline, node)):
                break
            if self.total.get(node, 0) < 60:
                gaps += 1
                continue
            marks = f"{node.get('class', '')} {node.get('id', '')}"
            if marks.strip() and _INSERT.search(marks):
                gaps += 1
                continue
            # Text continues in blocks shaped like the container, in paragraphs, and (before it)
            # in a summary printed apart after the photo: the text's first paragraph.
            alike = _alike(_shape(node), shape) or node.tag in _PARAGRAPHS or _shape(node) in inner \
                or step < 0 and self._summary(node)
            if not alike or step < 0 and self._standfirst(node):
                break
            found.append(node)
            gaps = 0
        return list(reversed(found)) if step < 0 else found

    def _summary(self, node: etree._Element) -> bool:
        texts = [block.text for block in self.blocks
                 if self.order.get(node, -1) <= self.order.get(block.element, -2) <= self.last.get(node, -1)]
        text = " ".join(texts)
        return 60 <= len(text) <= 1200 and len(texts) <= 2 and bool(_SENTENCE_END.search(text)) \
            and node.tag not in ("h2", "h3", "h4", "h5", "h6") and not self._standfirst(node)

    def _standfirst(self, node: etree._Element) -> bool:
        """A block printed with the headline: right under it with no photo between, or in its header."""
        headline = self.headline
        if headline is None:
            return False
        parent = self.parent_of.get(headline)
        if parent is not None and self.parent_of.get(node) is parent:
            return not self._media_between(headline, node)
        for _ in range(3):
            if parent is None:
                return False
            if self._within(node, parent):
                marks = f"{parent.get('class', '')} {parent.get('id', '')}"
                return parent.tag == "header" or bool(_HEADERISH.search(marks))
            parent = self.parent_of.get(parent)
        return False

    def _media_between(self, first: etree._Element, second: etree._Element) -> bool:
        start, end = self.last.get(first, 0), self.order.get(second, 0)
        for element, order in self.order.items():
            if start < order < end:
                tag = element.tag
                marks = f"{element.get('class', '')} {element.get('id', '')}"
                if tag in ("img", "picture", "video", "iframe") or (marks.strip() and _MEDIA.search(marks)):
                    return True
        return False

    def _paragraphs(self, container: etree._Element) -> tuple[list[str], list]:
        found, elements = [], []
        start, end = self.order.get(container, 0), self.last.get(container, 0)
        for block in self.blocks:
            order = self.order.get(block.element, -1)
            if not start <= order <= end:
                continue
            if block.linked > 0.5 * len(block.text):
                continue
            if self._inside_insert(block.element, container) and (block.linked > 0.3 * len(block.text)
                                                                  or len(block.text) < 200):
                continue
            found.append(block.text)
            elements.append(block.element)
        return found, elements

    def _inside_insert(self, element: etree._Element, container: etree._Element) -> bool:
        node = element
        while node is not None and node is not container:
            marks = f"{node.get('class', '')} {node.get('id', '')}"
            if marks.strip() and _INSERT.search(marks):
                return True
            node = self.parent_of.get(node)
        return False

    def _within(self, element: etree._Element, container: etree._Element) -> bool:
        order = self.order.get(element)
        return order is not None and self.order.get(container, -1) <= order <= self.last.get(container, -1)


def _unseen(element: etree._Element) -> bool:
    if element.get("hidden") is not None or "display:none" in (element.get("style") or "").replace(" ", ""):
        return True
    marks = element.get("class")
    return bool(marks) and bool(_UNSEEN.search(marks))


def _shape(element: etree._Element) -> tuple:
    tokens = tuple(sorted(re.sub(r"\d+", "", token) for token in (element.get("class") or "").split()))
    return element.tag, tokens


def _alike(one: tuple, other: tuple) -> bool:
    if one[0] != other[0]:
        return False
    a, b = set(one[1]), set(other[1])
    if not a and not b:
        return True
    return bool(a & b) and len(a & b) / len(a | b) >= 0.5


def visible_text(root: etree._Element, headline: etree._Element | None = None) -> Text | None:
    """The article's text as the page shows it, or None where the page shows no running text."""
    return TextFinder(root, headline).find()
