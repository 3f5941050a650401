"""What a page says about itself in structured data: JSON-LD, meta tags, microdata.

These are the sources a publisher fills in for search engines and social
networks, so they are the likeliest to be right; the generic profile asks
them first, and site profiles may too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import unescape
from typing import Any

from parsel import Selector, SelectorList

from scraper.items import Image
from scraper.pages import Page
from scraper.profiles.text import inline_text, split_credit

# schema.org types that are an article, most specific first.
ARTICLE_TYPES = (
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "Article", "BlogPosting", "LiveBlogPosting",
    "Report", "SocialMediaPosting",
)
def as_text(value: Any) -> str | None:
    """A JSON-LD or meta value as plain text on one line (entities, tags gone)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, (str, int, float)):
        return None
    text = unescape(str(value))
    if "<" in text:
        text = inline_text(Selector(text=f"<div>{text}</div>").css("div")) or ""
    text = " ".join(text.split())
    return text or None


def as_names(value: Any) -> list[str]:
    """Author names from a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = as_text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def as_words(value: Any) -> list[str]:
    """Tags from a comma-separated string or a list."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    found = []
    for item in items:
        word = as_text(item)
        if word and word not in found:
            found.append(word)
    return found


def _types(node: dict) -> list[str]:
    kind = node.get("@type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).rsplit("/", 1)[-1] for k in kinds]


class JsonLd:
    """The article a page describes in its JSON-LD blocks, if any."""

    def __init__(self, page: Page):
        self.nodes: list[dict] = []
        for script in page.css("script[type='application/ld+json']::text").getall():
            try:
                data = json.loads(script, strict=False)
            except ValueError:
                continue
            self.nodes.extend(self._walk(data))
        self.by_id = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str)}
        self.article = self._article()

    def _walk(self, data: Any, depth: int = 0) -> Iterator[dict]:
        if depth > 6:
            return
        if isinstance(data, list):
            for item in data:
                yield from self._walk(item, depth + 1)
        elif isinstance(data, dict):
            yield data
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in data:
                    yield from self._walk(data[key], depth + 1)

    def _article(self) -> dict:
        for wanted in ARTICLE_TYPES:
            for node in self.nodes:
                if wanted in _types(node):
                    return node
        return {}

    def get(self, key: str) -> Any:
        value = self.article.get(key)
        return self.resolve(value)

    def resolve(self, value: Any) -> Any:
        """Follow `{"@id": ...}` references into the page's @graph."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(value["@id"], value)
        return value

    def images(self, page: Page) -> list[Image]:
        found = []
        value = self.get("image")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                found.append(Image(page.urljoin(item)))
            elif isinstance(item, dict):
                url = item.get("url") or item.get("contentUrl")
                if isinstance(url, str):
                    caption, credit = split_credit(as_text(item.get("caption")))
                    credit = credit or as_text(item.get("creditText")) or as_text(item.get("copyrightHolder"))
                    found.append(Image(page.urljoin(url), caption, credit))
        return found


class Meta:
    """OpenGraph, `article:*` and plain `<meta name>` tags."""

    def __init__(self, page: Page):
        self.values: dict[str, list[str]] = {}
        for node in page.xpath("//meta[@content]"):
            key = (node.attrib.get("property") or node.attrib.get("name") or "").strip().lower()
            content = node.attrib.get("content", "").strip()
            if key and content:
                self.values.setdefault(key, []).append(content)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.values.get(key, ()):
                if value:
                    return value
        return None

    def all(self, *keys: str) -> list[str]:
        return [value for key in keys for value in self.values.get(key, ())]


class Microdata:
    """schema.org microdata (`itemprop`), inside the article's itemscope if it has one."""

    def __init__(self, page: Page):
        types = " or ".join(f"contains(@itemtype, '/{t}')" for t in ARTICLE_TYPES)
        scope = page.xpath(f"//*[@itemscope][{types}]")[:1]
        self.scope = scope[0] if scope else page.selector

    def nodes(self, prop: str) -> SelectorList:
        return self.scope.xpath(f".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' {prop} ')]")

    @staticmethod
    def value(node: Selector) -> str | None:
        tag = node.root.tag if isinstance(node.root.tag, str) else ""
        for attribute in ("content", "datetime") if tag != "img" else ("src", "content"):
            if node.attrib.get(attribute):
                return " ".join(node.attrib[attribute].split())
        if tag in ("a", "link"):
            return node.attrib.get("href")
        return inline_text(node)

    def first(self, prop: str) -> str | None:
        for node in self.nodes(prop):
            value = self.value(node)
            if value:
                return value
        return None

    def authors(self) -> list[str]:
        """The article's authors: not a photo's (in a figure), nor a comment's."""
        names = []
        for node in self.nodes("author"):
            if node.xpath("ancestor::figure | ancestor::*[contains(concat(' ', normalize-space(@itemprop), ' '), ' comment ')]"):
                continue
            if "Organization" in (node.attrib.get("itemtype") or ""):
                continue
            name = node.xpath(".//*[@itemprop='name']")
            value = self.value(name[0]) if name else self.value(node)
            if value and value not in names:
                names.append(value)
        return names
