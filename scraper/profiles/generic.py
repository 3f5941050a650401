"""The fallback for a site with no profile of its own.

Each field is read from the first source that gives it, in the order a
publisher is most likely to have got right: JSON-LD `NewsArticle`, then
OpenGraph and `article:*` meta tags, then `<time datetime>`, then schema.org
microdata, and only then the main-text heuristics of trafilatura. Trafilatura
costs more than everything else together, so it runs only on pages where the
structured sources gave no body.

Comment systems of unknown sites are unknown: this profile reads no comments
and claims no comment count, so a missing thread is never taken for drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from html import unescape
from typing import Any

from lxml import html as lxml_html
from parsel import Selector

from scraper.dates import Timestamp
from scraper.items import Article, Image
from scraper.profiles.base import Page, Profile
from scraper.profiles.structured import JsonLd, Meta, Microdata, as_names, as_text, as_words
from scraper.profiles.text import block_text, inline_text, paragraphs, remove_keeping_tail, split_credit

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "pubdate", "publishdate",
    "publish-date", "date", "dc.date.issued", "dc.date",
)
MODIFIED_META = ("article:modified_time", "og:article:modified_time", "og:updated_time", "lastmod")
# Parts of a page that are never the article's text or its date.
OUTSIDE = "ancestor-or-self::*[self::header or self::nav or self::footer or self::aside or self::form]"
_NOISE = re.compile(r"share|social|advert|banner|promo|related|subscribe|comment|popular|clock", re.I)


def _body_paragraphs(text: str | None) -> list[str]:
    """`articleBody` text (plain, or HTML as some sites put it) as paragraphs."""
    if not text or not text.strip():
        return []
    if re.search(r"<(p|br|div)\b", text, re.I):
        root = Selector(text=f"<div>{text}</div>").css("div")[0]
        return block_text(root).split("\n")
    return [line for line in (" ".join(part.split()) for part in unescape(text).split("\n")) if line]


class Reading:
    """What one page says, field by field, each from the first source that says it."""

    def __init__(self, page: Page, profile: Profile):
        self.page = page
        self.profile = profile
        self.site = profile.site
        self._values: dict[str, Any] = {}

    def get(self, field: str) -> Any:
        if field not in self._values:
            self._values[field] = self.readers[field]()
        return self._values[field]

    @cached_property
    def readers(self) -> dict[str, Callable[[], Any]]:
        """Each field of an article, and what reads it."""
        return {
            "url": self.read_url,
            "article_id": self.read_article_id,
            "title": self.read_title,
            "body": self.read_body,
            "lead": self.read_lead,
            "published": self.read_published,
            "modified": self.read_modified,
            "authors": self.read_authors,
            "section": self.read_section,
            "tags": self.read_tags,
            "images": self.read_images,
            "comment_count": self.read_comment_count,
        }

    # --- the sources -----------------------------------------------------------
    @cached_property
    def jsonld(self) -> JsonLd:
        return JsonLd(self.page)

    @cached_property
    def meta(self) -> Meta:
        return Meta(self.page)

    @cached_property
    def microdata(self) -> Microdata:
        return Microdata(self.page)

    @cached_property
    def extracted(self) -> Any:
        """Trafilatura's reading of the page: only for pages the rest left without a body."""
        import trafilatura

        max_date = (self.page.now + timedelta(days=1)).strftime("%Y-%m-%d")
        return trafilatura.bare_extraction(
            self._without_noise(),
            url=self.page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # A date only from the page's markup, never guessed from its text
            # (the text holds header clocks and comment times).
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": max_date,
                # As Russian sites print a date: read as a date, never as midnight.
                "outputformat": "%d.%m.%Y",
            },
        )

    def _without_noise(self):
        """The page without comment threads, clocks, share bars and ads.

        Trafilatura's date search would otherwise take a comment's time (class
        "date") for the article's.
        """
        parser = lxml_html.HTMLParser(encoding="utf-8")
        tree = lxml_html.document_fromstring(self.page.text.encode("utf-8") or b"<html></html>", parser=parser)
        for element in tree.xpath("//body//*[@class or @id]"):
            if _NOISE.search(f"{element.get('class', '')} {element.get('id', '')}") and element.getparent() is not None:
                remove_keeping_tail(element)
        return tree

    def fallback(self, attribute: str) -> Any:
        """A field from trafilatura, if the body had to come from it."""
        self.get("body")
        extracted = self.__dict__.get("extracted")
        return getattr(extracted, attribute, None) if extracted is not None else None

    # --- the fields --------------------------------------------------------------
    def read_url(self) -> str:
        return self.site.canonical_url(self.page.url, [
            as_text(self.jsonld.get("url")),
            self.meta.first("og:url"),
            self.page.css("link[rel=canonical]::attr(href)").get(),
        ])

    def read_article_id(self) -> str | None:
        return self.site.article_id(self.get("url"), self.page.url)

    def read_title(self) -> str | None:
        return (
            as_text(self.jsonld.get("headline"))
            or as_text(self.jsonld.get("name"))
            or as_text(self.meta.first("og:title", "twitter:title"))
            or as_text(self.microdata.first("headline"))
            or as_text(self.fallback("title"))
            or inline_text(self.page.xpath(f"//h1[not({OUTSIDE})]"))
            or inline_text(self.page.css("title"))
        )

    def read_body(self) -> list[str]:
        """Paragraphs from JSON-LD or microdata; only failing both, from trafilatura."""
        value = self.jsonld.get("articleBody")
        from_jsonld = _body_paragraphs(value if isinstance(value, str) else None)
        if from_jsonld:
            return from_jsonld
        for node in self.microdata.nodes("articleBody")[:1]:
            found = self._paragraphs_in(node)
            if found:
                return found
        return self.main_text()

    def main_text(self) -> list[str]:
        extracted = self.extracted
        text = getattr(extracted, "text", None) if extracted is not None else None
        found = [line for line in (" ".join(p.split()) for p in (text or "").split("\n")) if line]
        # Trafilatura keeps the headline when it sits inside the article.
        title = getattr(extracted, "title", None)
        if found and title and found[0] == " ".join(title.split()):
            found = found[1:]
        return found

    def _paragraphs_in(self, node: Selector) -> list[str]:
        """The paragraphs of a body element, without figures, asides and widgets."""
        noise = "ancestor-or-self::*[self::figure or self::aside or self::script or self::form]"
        nodes = [
            p for p in node.xpath(f".//p[not({noise})] | .//h2[not({noise})] | .//h3[not({noise})]"
                                 f" | .//li[not({noise})] | .//blockquote[not({noise})][not(.//p)]")
            if not _is_noise(p, node)
        ]
        if nodes:
            return paragraphs(nodes)
        text = block_text(node, skip=("figure", "aside", "form"))
        return text.split("\n") if text else []

    def read_lead(self) -> str | None:
        description = (
            as_text(self.jsonld.get("description"))
            or as_text(self.meta.first("og:description", "description", "twitter:description"))
            or as_text(self.microdata.first("alternativeHeadline"))
            or as_text(self.microdata.first("description"))
        )
        body = self.get("body")
        if description and not description.endswith(("...", "…")):
            return description
        # A shortened description ("...."): the paragraph it shortens.
        stem = (description or "").rstrip(".…").rsplit(" ", 1)[0]
        shortened = next((p for p in body if stem and p.startswith(stem)), None)
        return shortened or (body[0] if body else description)

    def read_published(self) -> str | None:
        return (
            as_text(self.jsonld.get("datePublished"))
            or self.meta.first(*PUBLISHED_META)
            or self._time_element()
            or self.microdata.first("datePublished")
            or self.fallback("date")
        )

    def _time_element(self) -> str | None:
        """A `<time datetime>` of the article: not in a header, menu, footer or comments."""
        for query in (
            f"//article//time[@datetime][not({OUTSIDE})]",
            "//time[@pubdate][@datetime]",
            f"//time[@datetime][not({OUTSIDE})]",
        ):
            for node in self.page.xpath(query):
                if not _is_noise(node):
                    value = node.attrib.get("datetime", "").strip()
                    if value:
                        return value
        return None

    def read_modified(self) -> str | None:
        return (
            as_text(self.jsonld.get("dateModified"))
            or self.meta.first(*MODIFIED_META)
            or self.microdata.first("dateModified")
        )

    def read_authors(self) -> list[str]:
        named = as_names(self.jsonld.get("author"))
        if named:
            return named
        named = as_names(self.meta.all("article:author", "author"))
        if named:
            return named
        named = self.microdata.authors()
        if named:
            return named
        return as_names([a.strip() for a in (self.fallback("author") or "").split(";")])

    def read_section(self) -> str | None:
        return (
            as_text(self.jsonld.get("articleSection"))
            or as_text(self.meta.first("article:section"))
            or as_text(self.microdata.first("articleSection"))
            or as_text(self.fallback("categories"))
        )

    def read_tags(self) -> list[str]:
        return (
            as_words(self.jsonld.get("keywords"))
            or as_words(self.meta.all("article:tag"))
            or as_words(self.meta.first("news_keywords"))
            or as_words([self.microdata.value(n) for n in self.microdata.nodes("keywords")])
            or as_words(self.fallback("tags"))
        )

    def read_images(self) -> list[Image]:
        """Figures of the article with their captions; else its declared images."""
        container = self.page.xpath("//article")[:1] or self.microdata.nodes("articleBody")[:1]
        found: list[Image] = []
        for figure in container.xpath(".//figure") if container else []:
            src = figure.css("img::attr(src), img::attr(data-src)").get()
            if src:
                caption, credit = split_credit(inline_text(figure.css("figcaption")))
                found.append(Image(self.page.urljoin(src.strip()), caption, credit))
        if found:
            return found
        found = self.jsonld.images(self.page)
        if found:
            return found
        image = self.meta.first("og:image") or self.microdata.first("image")
        return [Image(self.page.urljoin(image))] if image else []

    def read_comment_count(self) -> int | None:
        # No comments are read here, so none are claimed: see the module doc.
        return None

    # --- the article ---------------------------------------------------------
    def article(self) -> Article:
        body, credits = _split_credits(self.get("body"))
        images = [Image(i.url, i.caption, i.credit) for i in self.get("images")]
        for caption, credit in credits:
            if images and images[-1].credit is None:
                images[-1].credit, images[-1].caption = credit, images[-1].caption or caption
            else:
                og = self.meta.first("og:image")
                images.append(Image(self.page.urljoin(og) if og else "", caption, credit))
        lead = self.get("lead")
        return Article(
            site=self.site.name,
            url=self.get("url"),
            article_id=self.get("article_id"),
            title=self.get("title"),
            lead=lead or (body[0] if body else None),
            body="\n\n".join(body) or None,
            published=self.timestamp(self.get("published")),
            modified=self.timestamp(self.get("modified")),
            authors=self.get("authors"),
            section=self.get("section"),
            tags=self.get("tags"),
            images=images,
            comment_count_shown=self.get("comment_count"),
        )

    def timestamp(self, raw: str | None) -> Timestamp:
        return self.profile.timestamp(raw, self.page) if raw else Timestamp.empty()


def _is_noise(node: Selector, within: Selector | None = None) -> bool:
    """Inside a share bar, an ad, a comment thread or a clock (by class or id)."""
    element, stop = node.root, within.root if within is not None else None
    while element is not None and element is not stop:
        if _NOISE.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
        element = element.getparent()
    return False


def _split_credits(body: list[str]) -> tuple[list[str], list[tuple[str | None, str]]]:
    """A paragraph that is only "Фото: ..." credits the article's photo; it is not text."""
    kept, credits = [], []
    for text in body:
        caption, credit = split_credit(text)
        if credit and (caption is None or len(caption) < 200):
            credits.append((caption, credit))
        else:
            kept.append(text)
    return kept, credits


class GenericProfile(Profile):
    """Reads any news page from its structured metadata, then its main text."""

    layout = "generic"
    reading_class = Reading

    def reading(self, page: Page) -> Reading:
        return self.reading_class(page, self)

    def article(self, page: Page) -> Article:
        return self.reading(page).article()
