"""Older regional news sites in windows-1251 (the demo's «Вестник-22»).

The layout of regional sites of the 2000s–2010s (amic.ru until about 2018
and its kind): table layout, pages in windows-1251, dates in words
(`22 августа 2022, 16:58`), photo credits after the caption
(`Подпись / Фото: Имя Фамилия`), comments over several HTML pages
(`?comments_page=N`) with times relative to the request (`вчера в 18:14`).
It is verified only against the demo newsroom's pages modelled on it.

Their comments carry no ids, and their times move ("5 минут назад" becomes
"вчера в 18:14"), so a comment's id is derived from the article and what
the comment says and who said it: the same on every fetch, whatever was
deleted before it. A reply shows the comment it answers as a quote of its
whole text, so the parent's id is derived the same way from the quote.
"""

from __future__ import annotations

import re

from parsel import Selector

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles import select
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, paragraphs, split_credit, to_int

_WROTE = re.compile(r"\s*писал\(а\)\s*:?\s*$")
_MODIFIED = re.compile(r"^\s*(?:Обновлено|Изменено)\s*:?\s*", re.I)
# The body's paragraphs, a query compiled once (scraper/profiles/select.py); the rest is found
# through the page's index of classes.
_BODY = select.xpath("./p[not(contains(@class, 'also'))]")


class LegacyCp1251Profile(Profile):
    layout = "legacy_cp1251"

    def article(self, page: Page) -> Article:
        classes, root = page.by_class, page.root
        canonical = [link.get("href") for link in root.iter("link") if link.get("rel") == "canonical" and link.get("href")]
        # Its comment pages are the article's address with `?comments_page=N`.
        url = self.site.canonical_url(page.url, canonical[:1], keep_query=False)
        text = select.of_class(classes, "div", "news-text")[:1]
        modified = inline_text(select.of_class(classes, "div", "date-modified"))
        return Article(
            site=self.site.name,
            url=url,
            article_id=self.site.article_id(url, page.url),
            title=inline_text(next(root.iter("h1"), None)),
            lead=inline_text(select.of_class(classes, "div", "anons")),
            body="\n\n".join(paragraphs(_BODY(text[0]) if text else [])) or None,
            published=self.timestamp(inline_text(select.of_class(classes, "div", "date")), page),
            modified=self.timestamp(_MODIFIED.sub("", modified) if modified else None, page),
            authors=[name for name in (inline_text(b) for b in select.inside(select.of_class(classes, "div", "author"), "b")) if name],
            section=inline_text(select.inside(select.of_class(classes, "div", "path"), "a")[-1:]),
            tags=[tag for tag in (inline_text(a) for a in select.inside(select.of_class(classes, "div", "tags"), "a")) if tag],
            images=[self._image(page, Selector(root=photo, type="html"))
                    for photo in select.inside(text, "div") if "photo" in (photo.get("class") or "").split()],
            comment_count_shown=to_int(inline_text(select.of_class(classes, "h3", "comments-title"))),
        )

    @staticmethod
    def _image(page: Page, photo) -> Image:
        caption, credit = split_credit(inline_text(photo.css("span.podpis")))
        return Image(page.urljoin(first_img_address(photo) or ""), caption, credit)

    # --- comments: flat HTML pages, no ids -----------------------------------
    def comments(self, page: Page, article: Article) -> CommentBatch:
        classes = page.by_class
        thread = [node for node in select.of_class(classes, "div", "comment") if _in_thread(node)]
        comments = set(thread)
        authors = select.first_in_each(comments, select.of_class(classes, "span", "comment-author"))
        bodies = select.first_in_each(comments, select.of_class(classes, "div", "comment-text"))
        dates = select.first_in_each(comments, select.of_class(classes, "span", "comment-date"))
        found = []
        for node in thread:
            author = inline_text(authors.get(node))
            body = bodies.get(node)
            text = block_text(body, skip=("blockquote",)) if body is not None else ""
            quoted = next(body.iter("blockquote"), None) if body is not None else None
            quote = block_text(quoted) if quoted is not None else None
            found.append(
                Comment(
                    comment_id=self.site.derived_comment_id(article, author, text),
                    parent_id=self._parent(article, quoted) if quoted is not None else None,
                    author=author,
                    text=text or None,
                    quote=quote or None,
                    posted=self.timestamp(inline_text(dates.get(node)), page),
                )
            )
        return CommentBatch(found, self._next_page(page), found_in=self.layout)

    def _parent(self, article: Article, quoted) -> str:
        """The id of the quoted comment: its author and whole text are in the quote."""
        author = inline_text(next(quoted.iter("b"), None))
        lines = block_text(quoted).split("\n")
        said = "\n".join(lines[1:]) if lines and _WROTE.search(lines[0]) else "\n".join(lines)
        return self.site.derived_comment_id(article, author, said)

    @staticmethod
    def _next_page(page: Page) -> str | None:
        for link in select.inside(select.of_class(page.by_class, "div", "pages"), "a"):
            if "следующая" in (inline_text(link) or "").lower():
                return page.urljoin(link.get("href", "")).split("#")[0]
        return None


def _in_thread(node) -> bool:
    """CSS `div.comments > div.comment`: a comment right inside the thread's block."""
    parent = node.getparent()
    return parent is not None and parent.tag == "div" and "comments" in (parent.get("class") or "").split()
