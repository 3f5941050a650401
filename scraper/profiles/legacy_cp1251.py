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

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles import select
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, paragraphs, split_credit, to_int

_WROTE = re.compile(r"\s*писал\(а\)\s*:?\s*$")
_MODIFIED = re.compile(r"^\s*(?:Обновлено|Изменено)\s*:?\s*", re.I)
# The thread's queries, asked of every comment: compiled once (scraper/profiles/select.py).
_THREAD = select.css("div.comments > div.comment")
_AUTHOR, _SAID, _DATE = select.css("span.comment-author"), select.css("div.comment-text"), select.css("span.comment-date")
_QUOTE, _QUOTED_AUTHOR, _PAGES = select.css("blockquote"), select.css("b"), select.css("div.pages a")


class LegacyCp1251Profile(Profile):
    layout = "legacy_cp1251"

    def article(self, page: Page) -> Article:
        # Its comment pages are the article's address with `?comments_page=N`.
        url = self.site.canonical_url(page.url, page.css("link[rel=canonical]::attr(href)")[:1].getall(),
                                      keep_query=False)
        text = page.css("div.news-text")[:1]
        modified = inline_text(page.css("div.date-modified"))
        return Article(
            site=self.site.name,
            url=url,
            article_id=self.site.article_id(url, page.url),
            title=inline_text(page.css("td.center h1, h1")),
            lead=inline_text(page.css("div.anons")),
            body="\n\n".join(paragraphs(text.xpath("./p[not(contains(@class, 'also'))]"))) or None,
            published=self.timestamp(inline_text(page.css("div.date")), page),
            modified=self.timestamp(_MODIFIED.sub("", modified) if modified else None, page),
            authors=[name for name in (inline_text(b) for b in page.css("div.author b")) if name],
            section=inline_text(page.css("div.path a")[-1:]),
            tags=[tag for tag in (inline_text(a) for a in page.css("div.tags a")) if tag],
            images=[self._image(page, photo) for photo in text.css("div.photo")],
            comment_count_shown=to_int(inline_text(page.css("h3.comments-title"))),
        )

    @staticmethod
    def _image(page: Page, photo) -> Image:
        caption, credit = split_credit(inline_text(photo.css("span.podpis")))
        return Image(page.urljoin(first_img_address(photo) or ""), caption, credit)

    # --- comments: flat HTML pages, no ids -----------------------------------
    def comments(self, page: Page, article: Article) -> CommentBatch:
        found = []
        for node in _THREAD(page.root):
            author = inline_text(_AUTHOR(node))
            body = select.first(_SAID, node)
            text = block_text(body, skip=("blockquote",)) if body is not None else ""
            quoted = select.first(_QUOTE, body)
            quote = block_text(quoted) if quoted is not None else None
            found.append(
                Comment(
                    comment_id=self.site.derived_comment_id(article, author, text),
                    parent_id=self._parent(article, quoted) if quoted is not None else None,
                    author=author,
                    text=text or None,
                    quote=quote or None,
                    posted=self.timestamp(inline_text(_DATE(node)), page),
                )
            )
        return CommentBatch(found, self._next_page(page), found_in=self.layout)

    def _parent(self, article: Article, quoted) -> str:
        """The id of the quoted comment: its author and whole text are in the quote."""
        author = inline_text(_QUOTED_AUTHOR(quoted))
        lines = block_text(quoted).split("\n")
        said = "\n".join(lines[1:]) if lines and _WROTE.search(lines[0]) else "\n".join(lines)
        return self.site.derived_comment_id(article, author, said)

    @staticmethod
    def _next_page(page: Page) -> str | None:
        for link in _PAGES(page.root):
            if "следующая" in (inline_text(link) or "").lower():
                return page.urljoin(link.get("href", "")).split("#")[0]
        return None
