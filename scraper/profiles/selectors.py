"""The declarative profile: a site described by CSS selectors in its site file.

A site file with `layout = "selectors"` names, in its `[selectors]` table,
where each article field is on the page, and in its `[comments]` table how
to read the comment thread. A field without a selector is read by the
generic profile (JSON-LD, OpenGraph, `<time>`, microdata, trafilatura).

A selector that is declared but finds nothing leaves its field empty, on
purpose: that is how a changed layout shows up in the crawl's drift figures
instead of being papered over by a guess.

Selector syntax: CSS as Scrapy knows it, with `::text` and `::attr(name)`;
a query starting with `/`, `./` or `(` is XPath. A list of queries is tried
in order, the first that finds something wins (a site that has had two
layouts). A query that is only `::attr(name)` reads the node itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from functools import cached_property, partial
from typing import Any

from cssselect import ExpressionError, SelectorError
from parsel import Selector

from scraper.discovery import Link, Listing
from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.generic import GenericProfile, Reading
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, remove_keeping_tail, split_credit, to_int
from scraper.sites.addresses import path_of
from scraper.sites.queries import TRANSLATOR, css_parts, is_xpath, queries

Hit = Selector | str


def find(scope: Selector, spec: str | list[str] | None, keep=None) -> list[Hit]:
    """What `spec` finds in `scope`: elements, or strings for `::text`/`::attr()`.

    `keep(element)` filters the elements found before `::text`/`::attr()` is
    read from them (a comment's own parts, not its replies').
    """
    for query in queries(spec):
        hits = _find_one(scope, query, keep)
        if hits:
            return hits
    return []


def _find_one(scope: Selector, query: str, keep) -> list[Hit]:
    if is_xpath(query):
        hits: list[Hit] = []
        for hit in scope.xpath(query):
            if isinstance(hit.root, str):
                hits.append(hit.root)
            elif keep is None or keep(hit):
                hits.append(hit)
        return hits
    parts = css_parts(query)
    elements = scope.css(parts.elements) if parts.elements else [scope]
    if keep is not None and parts.elements:
        elements = [e for e in elements if keep(e)]
    if parts.attribute:
        return [e.attrib[parts.attribute] for e in elements if e.attrib.get(parts.attribute)]
    if parts.text:
        return [t for t in (inline_text(e) for e in elements) if t]
    return list(elements)


def value(hit: Hit) -> str | None:
    if isinstance(hit, str):
        text = " ".join(hit.split())
        return text or None
    return inline_text(hit)


def find_all(scope: Selector, spec: str | list[str] | None) -> list[Hit]:
    """What every query of `spec` finds: for keys that remove things, where a list means all of them."""
    hits: list[Hit] = []
    for query in queries(spec):
        hits.extend(_find_one(scope, query, None))
    return hits


def first_value(hits: Iterable[Hit]) -> str | None:
    for hit in hits:
        text = value(hit)
        if text:
            return text
    return None


def all_values(hits: Iterable[Hit]) -> list[str]:
    found: list[str] = []
    for hit in hits:
        text = value(hit)
        if text and text not in found:
            found.append(text)
    return found


def caption_without(caption: str | None, credit: str) -> str | None:
    """A caption whose element also holds the credit, without the credit (and the slash or comma before it)."""
    if not caption or credit not in caption:
        return caption
    rest = caption.replace(credit, " ")
    return " ".join(rest.split()).strip(" /|,") or None


def matches_itself(node: Selector, spec: str | list[str]) -> bool:
    """True if `node` itself fits one of the CSS queries (a class on a comment)."""
    for query in queries(spec):
        if is_xpath(query):
            continue
        try:
            xpath = TRANSLATOR.css_to_xpath(css_parts(query).elements, prefix="self::")
        except (SelectorError, ExpressionError):  # one cssselect cannot anchor to the node itself
            continue
        if node.xpath(xpath):
            return True
    return False


class SelectorsReading(Reading):
    """A page read by the site file's selectors, the generic reading elsewhere."""

    @property
    def selectors(self) -> dict[str, Any]:
        return self.site.selectors

    @cached_property
    def readers(self) -> dict[str, Callable[[], Any]]:
        """The generic readers, except for each field the site file gives a selector."""
        selected = {
            "title": self.first_text, "lead": self.first_text, "published": self.first_text,
            "modified": self.first_text, "section": self.first_text,
            "authors": self.all_texts, "tags": self.all_texts,
            "comment_count": self.count,
            "body": self.select_body,
            "images": self.select_images,
        }
        readers = dict(super().readers)
        for field, select in selected.items():
            if field in self.selectors:
                readers[field] = partial(select, self.selectors[field])
        return readers

    def first_text(self, spec) -> str | None:
        return first_value(find(self.page.selector, spec))

    def all_texts(self, spec) -> list[str]:
        return all_values(find(self.page.selector, spec))

    def count(self, spec) -> int | None:
        return to_int(first_value(find(self.page.selector, spec)))

    def select_body(self, spec) -> list[str]:
        """One paragraph per match; a match holding `<p>` gives one per `<p>`."""
        excluded = {
            hit.root for hit in find_all(self.page.selector, self.selectors.get("body_exclude")) if not isinstance(hit, str)
        }

        def allowed(node: Selector) -> bool:
            element = node.root
            while element is not None:
                if element in excluded:
                    return False
                element = element.getparent()
            return True

        found = []
        for hit in find(self.page.selector, spec, keep=allowed):
            if isinstance(hit, str):
                text = value(hit)
                if text:
                    found.append(text)
                continue
            inner = [p for p in hit.xpath(".//p") if allowed(p)]
            for node in inner or [hit]:
                text = inline_text(node)
                if text:
                    found.append(text)
        return found

    def select_images(self, spec) -> list[Image]:
        found = []
        for hit in find(self.page.selector, spec):
            if isinstance(hit, str):
                found.append(Image(self.page.urljoin(hit.strip())))
                continue
            if "image_src" in self.selectors:
                src = next((v for v in map(value, find(hit, self.selectors["image_src"]))
                            if v and not v.lower().startswith("data:")), None)
            else:
                src = first_img_address(hit)
            if not src:
                continue
            caption = first_value(find(hit, self.selectors.get("caption", "figcaption")))
            credit = first_value(find(hit, self.selectors["credit"])) if "credit" in self.selectors else None
            if credit is None:
                caption, credit = split_credit(caption)
            else:
                caption = caption_without(caption, credit)
            found.append(Image(self.page.urljoin(src), caption, credit))
        return found


class SelectorsProfile(GenericProfile):
    """A site described by selectors in its site file: see the module doc and README."""

    layout = "selectors"
    reading_class = SelectorsReading

    # --- pages that are not articles ------------------------------------------
    def is_blocked(self, page: Page) -> bool:
        if super().is_blocked(page):
            return True
        return bool(find(page.selector, self.site.selectors.get("blocked")))

    def listing(self, page: Page) -> Listing:
        listing = super().listing(page)
        spec = self.site.selectors
        dates = {link.url: link.published for link in listing.articles}
        if "listing_articles" in spec:
            urls: dict[str, None] = {}
            for hit in find(page.selector, spec["listing_articles"]):
                href = hit if isinstance(hit, str) else hit.attrib.get("href")
                url = page.urljoin(href.strip()) if href else None
                if url and self.site.is_article_url(url):
                    urls.setdefault(url.split("#")[0], None)
            listing.articles = [Link(url, dates.get(url)) for url in urls]
        if "listing_next" in spec:
            href = first_value(find(page.selector, spec["listing_next"]))
            listing.next_url = page.urljoin(href) if href else None
        return listing

    def _listing_dates(self, page: Page) -> dict:
        """Links dated by the site file's `listing_item` and `listing_date` (the date inside each item)."""
        spec = self.site.selectors
        if not (spec.get("listing_item") and spec.get("listing_date")):
            return super()._listing_dates(page)
        dates = {}
        for item in find(page.selector, spec["listing_item"]):
            if isinstance(item, str):
                continue
            moment = self.timestamp(first_value(find(item, spec["listing_date"])), page).value
            hrefs = [item.attrib["href"]] if item.root.tag == "a" and "href" in item.attrib else item.css("a::attr(href)").getall()
            for href in hrefs:
                url = page.urljoin(href.strip()).split("#")[0]
                if moment is not None and self.site.is_article_url(url):
                    dates.setdefault(url, moment)
        return dates

    # --- comments --------------------------------------------------------------
    def comments(self, page: Page, article: Article) -> CommentBatch:
        spec = self.site.comments
        if spec.get("page"):
            # The thread lives on its own page(s): nothing of it is here.
            return CommentBatch([], comments_page_url(spec["page"], article, page), found_in=self.layout)
        if not spec.get("node"):
            # No `[comments]` in the site file: the generic profile looks for them, as for any field.
            return super().comments(page, article)
        return self.more_comments(page, article)

    def more_comments(self, page: Page, article: Article) -> CommentBatch:
        return read_thread(self, page, article)


def comments_page_url(template: str, article: Article, page: Page) -> str:
    """The first page of an article's comments, from the site file's `page` template.

    On the origin the page was fetched from: the article's own address is the site's canonical one.
    """
    path = path_of(article.url)
    return page.urljoin(template.format(url=page.urljoin(path), article_id=article.article_id or "", path=path))


def read_thread(profile: Profile, page: Page, article: Article) -> CommentBatch:
    """The comments of one page (as fetched or as a browser rendered it), by the site file's `[comments]`."""
    spec = profile.site.comments
    if not spec.get("node"):
        return CommentBatch([])
    nodes = find(page.selector, spec["node"])
    nodes = [n for n in nodes if not isinstance(n, str)]
    thread = ThreadReader(profile, page, article, nodes)
    comments = [thread.comment(node) for node in nodes]
    next_url = None
    href = first_value(find(page.selector, spec.get("next_page")))
    if href:
        candidate = page.urljoin(href)
        if candidate.split("#")[0] != page.url.split("#")[0]:
            next_url = candidate
    return CommentBatch(comments, next_url, found_in=profile.layout)


class ThreadReader:
    """Reads the comments of one page of a thread, by the site file's `[comments]`."""

    def __init__(self, profile: Profile, page: Page, article: Article, nodes: list[Selector]):
        self.profile = profile
        self.page = page
        self.article = article
        self.spec = profile.site.comments
        self.elements = {node.root for node in nodes}
        self.ids: dict[Any, str] = {}  # element -> comment id, for nesting
        self.depths: list[tuple[int, str]] = []  # (depth, id) of comments so far, for flat threads
        self.seen: dict[tuple, int] = {}  # (author, text) -> how often so far, for derived ids
        self.pattern = re.compile(self.spec["id_pattern"]) if self.spec.get("id_pattern") else None

    def _owner(self, element) -> Any:
        """The comment node an element belongs to (the nearest one around it)."""
        while element is not None and element not in self.elements:
            element = element.getparent()
        return element

    def own(self, node: Selector):
        """A filter: parts of this comment, not of the replies nested in it."""
        return lambda hit: self._owner(hit.root) is node.root

    def find(self, node: Selector, key: str) -> list[Hit]:
        return find(node, self.spec.get(key), keep=self.own(node))

    def _id(self, raw: str | None) -> str | None:
        if not raw:
            return None
        if self.pattern:
            match = self.pattern.search(raw)
            if not match:
                return None
            return match.group(1) if match.groups() else match.group(0)
        return raw

    def comment(self, node: Selector) -> Comment:
        hidden = bool(self.spec.get("hidden")) and (
            matches_itself(node, self.spec["hidden"]) or bool(self.find(node, "hidden"))
        )
        author = first_value(self.find(node, "author"))
        raw_time = first_value(self.find(node, "time"))
        quote = None if hidden else first_value(self.find(node, "quote"))
        text = None if hidden else self._text(node)
        comment_id = self._id(first_value(self.find(node, "id"))) or self._derived_id(author, text)
        self.ids[node.root] = comment_id
        return Comment(
            comment_id=comment_id,
            parent_id=self._parent(node, comment_id),
            author=author,
            text=text,
            quote=quote,
            posted=self.profile.timestamp(raw_time, self.page),
            likes=to_int(first_value(self.find(node, "likes"))),
            dislikes=to_int(first_value(self.find(node, "dislikes"))),
            hidden=hidden,
        )

    def _text(self, node: Selector) -> str | None:
        """What this commenter wrote: line breaks kept, quotes and replies left out."""
        for hit in self.find(node, "text"):
            if isinstance(hit, str):
                return value(hit)
            element = copy.deepcopy(hit.root)
            copied = Selector(root=element)
            drop = [h.root for h in find_all(copied, self.spec.get("quote")) if not isinstance(h, str)]
            drop += [h.root for h in find(copied, self.spec.get("node")) if not isinstance(h, str) and h.root is not element]
            for part in drop:
                remove_keeping_tail(part)
            text = block_text(copied)
            if text:
                return text
        return None

    def _parent(self, node: Selector, comment_id: str) -> str | None:
        if self.spec.get("parent"):
            parent = self._id(first_value(self.find(node, "parent")))
            return parent if parent and parent not in ("0", comment_id) else None
        if self.spec.get("depth"):
            depth = to_int(first_value(self.find(node, "depth"))) or 0
            parent = next((cid for d, cid in reversed(self.depths) if d < depth), None)
            self.depths.append((depth, comment_id))
            return parent
        owner = self._owner(node.root.getparent())
        return self.ids.get(owner) if owner is not None else None

    def _derived_id(self, author: str | None, text: str | None) -> str:
        """The site shows no id: the site model derives one (the same words twice on a page are told apart)."""
        occurrence = self.seen[(author, text)] = self.seen.get((author, text), 0) + 1
        return self.profile.site.derived_comment_id(self.article, author, text, occurrence)
