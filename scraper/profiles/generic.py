"""The fallback for a site with no profile of its own.

Each field is read from the first source that gives it, in the order a
publisher is most likely to have got right: JSON-LD `NewsArticle`, then
OpenGraph and `article:*` meta tags, then `<time datetime>`, then schema.org
microdata, and only then the main-text heuristics of trafilatura. Trafilatura
costs more than everything else together, so it runs only on pages where the
structured sources gave no body.

Comments are read wherever the page's markup carries them (schema.org data,
else the repeated block under the article: `scraper.profiles.threads`); a
count the page shows is claimed only where the thread was found, so a thread
a script loads is never taken for drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html
from parsel import Selector

from scraper.dates import Timestamp
from scraper.items import Article, Image
from scraper.pages import Page
from scraper.profiles import headlines
from scraper.profiles.article_text import Text, visible_text
from scraper.profiles.bylines import persons, publisher_names, structured_authors, visible_byline
from scraper.profiles.datelines import agreeing, printed_date, with_time
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.images import first_img_address
from scraper.profiles.structured import JsonLd, Meta, Microdata, as_text, as_words
from scraper.profiles.text import block_text, inline_text, paragraphs, remove_keeping_tail, split_credit
from scraper.profiles.threads import FoundThread, find_thread

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
    text = unescape(text)
    if _ENTITY.search(text):
        text = unescape(text)  # entities escaped twice (`&amp;quot;`)
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]


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
            if _NOISE.search(f"{element.get('class', '')} {element.get('id', '')}") and element.getparent() is not None \
                    and not _holds_the_article(element):
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
        """The visible headline where structured data confirms it, else structured data's, without the site's name."""
        headline = self.headline_element
        visible = " ".join("".join(headline.itertext()).split()) or None if headline is not None else None
        structured = [
            as_text(self.jsonld.get("headline")), as_text(self.jsonld.get("name")),
            as_text(self.meta.first("og:title")), as_text(self.meta.first("twitter:title")),
            as_text(self.microdata.first("headline")),
        ]
        return (
            headlines.choose(visible, structured, self.site_names)
            or as_text(self.fallback("title"))
            or headlines.without_suffix(inline_text(self.page.css("title")), [], self.site_names)
        )

    @cached_property
    def site_names(self) -> set[str]:
        """The publisher's names (site name, publisher, host), to tell from titles' suffixes and authors."""
        publisher = self.jsonld.get("publisher")
        return publisher_names(
            self.meta.first("og:site_name", "application-name", "apple-mobile-web-app-title"),
            as_text(publisher) if publisher else None, self.site.title, self.site.name,
            urlsplit(self.page.url).netloc.removeprefix("www."),
        )

    def read_body(self) -> list[str]:
        """The article's whole text, paragraph by paragraph.

        JSON-LD `articleBody` where it is sound and holds all the page shows;
        else the text the page shows (schema.org `articleBody` microdata, or
        the element that holds the running text); only failing those,
        trafilatura. The headline, a date line and a byline at its top are not text.
        """
        value = self.jsonld.get("articleBody")
        from_jsonld = _body_paragraphs(value if isinstance(value, str) else None)
        if from_jsonld and not _garbled(value) and self._holds_what_the_page_shows(from_jsonld):
            return self._tidy(from_jsonld)
        visible = self.visible
        marked = self.microdata.nodes("articleBody")[:1]
        if marked:
            node = marked[0]
            if visible is not None and _related(visible.container, node.root):
                return self._tidy(list(visible.paragraphs))
            # A page that marks its text and shows none has none: its menus are no text.
            return self._tidy(self._paragraphs_in(node))
        if visible is not None:
            return self._tidy(list(visible.paragraphs))
        if from_jsonld:
            return self._tidy(from_jsonld)
        return self._tidy(self.main_text())

    @cached_property
    def headline_element(self):
        """The article's `<h1>`, as an lxml element: the one that says the title, else the first that says much."""
        candidates = [h for h in self.page.selector.root.iter("h1")
                      if not any(a.tag in ("nav", "footer", "aside") for a in h.iterancestors())]
        if not candidates:
            return None
        said = {_squashed(t) for t in (as_text(self.jsonld.get("headline")), self.meta.first("og:title", "twitter:title"),
                                         inline_text(self.page.css("title"))) if t}
        texts = [(h, _squashed(" ".join("".join(h.itertext()).split()))) for h in candidates]
        best = max(
            ((h, max((len(text) / len(t) for t in said if text and (text == t or text in t or t in text)), default=0))
             for h, text in texts),
            key=lambda pair: pair[1],
        )
        if best[1] >= 0.5:
            return best[0]
        return next((h for h, text in texts if len(text) > 15), candidates[0])

    @cached_property
    def visible(self) -> Text | None:
        """The text the page shows, found by where its running text is (`scraper.profiles.article_text`)."""
        return visible_text(self.page.selector.root, self.headline_element)

    def _holds_what_the_page_shows(self, paragraphs_: list[str]) -> bool:
        """JSON-LD text that leaves out paragraphs the page shows is a shortened copy (or a garbled one)."""
        held = _squashed(" ".join(paragraphs_))
        shown = [_squashed("".join(node.itertext())) for node in self.page.selector.root.xpath(_SHOWN_PARAGRAPHS)[:8]]
        missing = [text for text in shown if text[:60] not in held]
        if shown and shown[0] in missing:
            return False  # the text's first paragraph left out
        return len(missing) <= len(shown) // 4

    def _tidy(self, found: list[str]) -> list[str]:
        """Without the headline, a date line or a byline at the top of the text."""
        if not found or len(found[0]) > 400:
            return found
        headline = self.headline_element
        titles = {_squashed(t) for t in (
            as_text(self.jsonld.get("headline")), self.meta.first("og:title", "twitter:title"),
            " ".join("".join(headline.itertext()).split()) if headline is not None else None,
        ) if t}
        while found:
            first = _squashed(found[0])
            if first in titles or any(title and (first.endswith(title) and len(first) < len(title) + 80
                                                 or len(found[0]) <= 60 and first in title) for title in titles):
                found = found[1:]  # the headline, or its kicker
            elif len(found[0]) <= 80 and (_BYLINE.match(found[0]) or self.timestamp(_DATE_LABEL.sub("", found[0])).value):
                found = found[1:]
            else:
                break
        return found

    def main_text(self) -> list[str]:
        extracted = self.extracted
        text = getattr(extracted, "text", None) if extracted is not None else None
        found = [line for line in (" ".join(p.split()) for p in (text or "").split("\n")) if line]
        # Menus, not text: a page whose article text is empty has no body.
        if found and sum(1 for line in found if len(line.split()) <= 3) > 0.6 * len(found):
            return []
        return found

    def _paragraphs_in(self, node: Selector) -> list[str]:
        """The paragraphs of a body element, without figures, asides and widgets."""
        noise = "ancestor-or-self::*[self::figure or self::aside or self::script or self::form]"
        nodes = [
            p for p in node.xpath(f".//p[not({noise})] | .//h2[not({noise})] | .//h3[not({noise})]"
                                 f" | .//li[not({noise})] | .//blockquote[not({noise})][not(.//p)]")
            if not _is_noise(p, node)
        ]
        text = block_text(node, skip=("figure", "aside", "form"))
        found = paragraphs(nodes)
        # Text between <br>s and in <div>s: paragraph elements that hold little of it are inserts.
        if text and sum(len(p) for p in found) < 0.5 * len(text.replace("\n", " ")):
            return text.split("\n")
        return found

    def read_lead(self) -> str | None:
        """A standfirst where the page prints one (or describes one), else the text's first paragraph.

        The body always holds the whole text: a lead that is the first paragraph stays in the body too.
        """
        standfirst = as_text(self.microdata.first("alternativeHeadline")) or self._standfirst()
        if standfirst:
            return standfirst
        description = (
            as_text(self.jsonld.get("description"))
            or as_text(self.meta.first("og:description", "description", "twitter:description"))
            or as_text(self.microdata.first("description"))
        )
        body = self.get("body")
        if description and not description.endswith(("...", "…")):
            return description
        # A shortened description ("...."): the paragraph it shortens.
        stem = (description or "").rstrip(".…").rsplit(" ", 1)[0]
        shortened = next((p for p in body if stem and p.startswith(stem)), None)
        return shortened or (body[0] if body else description)

    def _standfirst(self) -> str | None:
        """A subtitle printed right under the headline, apart from the text."""
        headline = self.headline_element
        if headline is None:
            return None
        body = set(self.get("body"))
        for sibling in list(headline.itersiblings())[:4]:
            if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style", "time", "figure"):
                continue
            marks = " ".join(filter(None, (sibling.get("class"), sibling.get("id"), sibling.get("itemprop"))))
            if sibling.tag in ("h2", "p", "div") and (sibling.tag == "h2" or _STANDFIRST.search(marks)):
                text = " ".join("".join(sibling.itertext()).split())
                if 20 <= len(text) <= 500 and text not in body:
                    return text
        return None

    def read_published(self) -> str | None:
        """Machine-readable dates, the one the printed date confirms where they disagree; else the printed date."""
        jsonld, meta = as_text(self.jsonld.get("datePublished")), self.meta.first(*PUBLISHED_META)
        if jsonld and meta and self.timestamp(jsonld).value == self.timestamp(meta).value is not None:
            return jsonld  # two sources agree: nothing to weigh
        if (jsonld or meta) and "<time" not in self.page.text and "itemprop" not in self.page.text:
            return jsonld or meta  # the only machine-readable date: nothing to weigh it against
        element = self._time_element()
        from_element = with_time(element.get("datetime").strip(), element, self.timestamp) if element is not None else None
        machine = [raw for raw in (jsonld, meta, from_element, self.microdata.first("datePublished"))
                   if raw and self.timestamp(raw).value is not None]  # never an absurd one (`0001-01-01`)
        if machine and len({self.timestamp(raw).value for raw in machine} - {None}) <= 1:
            return machine[0]
        printed = printed_date(self.headline_element, self.timestamp)
        return agreeing(machine, printed, self.timestamp) or printed or self.fallback("date")

    def _time_element(self):
        """The article's `<time datetime>` (not in a header, menu, footer or comments), as an lxml element.

        In order: one in an `<article>` outside its page furniture, one marked `pubdate`, one anywhere
        outside page furniture, one in an article's own header or footer.
        """
        found = [node for node in self.page.xpath("//time[@datetime]")
                 if node.attrib["datetime"].strip() and not _is_noise(node)]
        ranked = []
        for node in found:
            ancestors = {a.tag for a in node.root.iterancestors()}
            outside = bool(ancestors & {"header", "nav", "footer", "aside", "form"})
            in_article = "article" in ancestors
            if in_article and not outside:
                ranked.append((0, node))
            elif node.root.get("pubdate") is not None:
                ranked.append((1, node))
            elif not outside:
                ranked.append((2, node))
            elif in_article and not ancestors & {"nav", "aside"}:
                ranked.append((3, node))
        return min(ranked, key=lambda pair: pair[0])[1].root if ranked else None

    def read_modified(self) -> str | None:
        return (
            as_text(self.jsonld.get("dateModified"))
            or self.meta.first(*MODIFIED_META)
            or self.microdata.first("dateModified")
        )

    def read_authors(self) -> list[str]:
        """Persons: from structured data, else the visible byline (never a publisher, an agency or a photo credit)."""
        publisher = self.site_names
        for names in (
            lambda: structured_authors(self.jsonld.resolve(self.jsonld.get("author"))),
            lambda: self.meta.all("article:author", "author"),
            self.microdata.authors,
        ):
            found = persons(names(), publisher)
            if found:
                return found
        found = visible_byline(self._byline_area(), self.headline_element, publisher)
        if found:
            return found
        return persons([a.strip() for a in (self.fallback("author") or "").split(";")], publisher)

    def _byline_area(self):
        """The part of the page that holds both the headline and the text."""
        headline, visible = self.headline_element, self.visible
        if headline is None:
            return visible.container if visible is not None else self.page.selector.root
        area = headline.getparent()
        container = visible.container if visible is not None else None
        for _ in range(8):
            if area is None or container is None or any(a is area for a in container.iterancestors()):
                break
            area = area.getparent()
        return area if area is not None else self.page.selector.root

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
            src = first_img_address(figure)
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
        """The count the page shows, claimed only where its thread was found in the markup."""
        return self.thread.count_shown if self.thread.found_in else None

    @cached_property
    def thread(self) -> FoundThread:
        """The page's comments, wherever its markup carries them (see `scraper.profiles.threads`)."""
        if not self.site.find_comments:
            return FoundThread()
        headline = self.page.xpath(f"//h1[not({OUTSIDE})]")
        return find_thread(
            self.page.selector.root, self.jsonld, self.timestamp, self.get("article_id") or self.site.canonical(self.get("url")),
            headline[0].root if headline else None,
        )

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


_NOT_WORD = re.compile(r"[\W_]+")
# The running paragraphs a page shows (not in menus, asides, footers or comment threads), read by lxml.
_SHOWN_PARAGRAPHS = (
    "//p[string-length(normalize-space()) >= 80][not(ancestor::nav or ancestor::aside or ancestor::footer"
    " or ancestor::form or ancestor::figure or ancestor::*[contains(@class, 'omment') or contains(@id, 'omment')])]"
)
_STANDFIRST = re.compile(r"sub-?title|sub-?head|standfirst|dek\b|lead|anons|announce|intro|summary|description|excerpt"
                         r"|annotation|alternativeheadline", re.I)
_ENTITY = re.compile(r"&(?:amp|quot|apos|lt|gt|nbsp|#\d{2,5}|#x[0-9a-f]{2,4});", re.I)
_BYLINE = re.compile(r"^(?:by|автор|текст|фото)\s*:?\s+\S+(?:\s+\S+){0,4}$", re.I)
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|обновлено|опубликовано|дата публикации)\s*:?\s*", re.I)


def _squashed(text: str | None) -> str:
    """Text to compare: its letters and digits only, lower case."""
    return _NOT_WORD.sub("", (text or "").lower())


def _garbled(value: Any) -> bool:
    """JSON-LD text with entities escaped twice (`&amp;quot;`)."""
    return isinstance(value, str) and bool(_ENTITY.search(unescape(value)))


def _related(one, other) -> bool:
    """One element inside the other (or the same)."""
    return one is other or any(a is other for a in one.iterancestors()) or any(a is one for a in other.iterancestors())


def _holds_the_article(element) -> bool:
    """An element with the headline or running text in it is the article's, whatever its classes say
    (`div.article.promo-related-share`): removing it would leave trafilatura the paywall box."""
    if element.tag == "h1" or element.find(".//h1") is not None:
        return True
    running = [p for p in element.iter("p") if len("".join(p.itertext()).strip()) >= 80]
    return len(running) >= 2


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
    """Reads any news page from its structured metadata, then its main text, and its comments."""

    layout = "generic"
    reading_class = Reading

    def __init__(self, site):
        super().__init__(site)
        self._last: Reading | None = None

    def reading(self, page: Page) -> Reading:
        """The reading of `page`; the article and its comments share one."""
        if self._last is None or self._last.page is not page:
            self._last = self.reading_class(page, self)
        return self._last

    def article(self, page: Page) -> Article:
        return self.reading(page).article()

    def comments(self, page: Page, article: Article) -> CommentBatch:
        thread = self.reading(page).thread
        return CommentBatch(thread.comments, found_in=thread.found_in, complete=thread.complete)
