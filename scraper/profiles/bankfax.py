"""bankfax.ru (ИА «Банкфакс», Barnaul): article and comment thread in one page.

Layout facts are from a 2020 capture and the 2022 seed article; the reply
nesting (`div.comm_item` inside its parent) is assumed, see README.
"""

from __future__ import annotations

from parsel import Selector, SelectorList

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles import select
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, paragraphs, split_credit, to_int

_CENSORED = "comm_item_censored"
# The page's queries: compiled once (scraper/profiles/select.py), each asked of the part of the
# page it concerns; elements of a class are taken from the page's index of classes.
_SECTION = select.css("[itemtype$=BreadcrumbList] [itemprop=itemListElement]")
_PUBLISHED, _MODIFIED = select.css("p.datetime time[itemprop=datePublished]"), select.css("p.datetime time[itemprop=dateModified]")
_TAGS = select.css("div.tags a")


class BankfaxProfile(Profile):
    layout = "bankfax"
    LISTING_ITEM, LISTING_DATE = "div.news_item", "span.date::text"

    def article(self, page: Page) -> Article:
        content_element = _first_of_class(page, "div", "content")
        content = SelectorList([Selector(root=content_element, type="html")] if content_element is not None else [])
        time = _PUBLISHED(content_element) if content_element is not None else []
        raw_date = inline_text(time) or (time[0].get("datetime") if time else None) or _meta(page, "name", "pubdate")
        body, images = self._body_and_images(page, content)
        url = self.site.canonical_url(page.url, [_meta(page, "property", "og:url")])
        return Article(
            site=self.site.name,
            url=url,
            article_id=self.site.article_id(url, page.url),
            title=inline_text(_first_of_class(page, "h1", "item")),
            lead=body[0] if body else None,
            body="\n\n".join(body) or None,
            published=self.timestamp(raw_date, page),
            # An edited article prints "(обновлено 23.08.2022 14:10)" after its date.
            modified=self.timestamp(inline_text(_MODIFIED(content_element) if content_element is not None else None), page),
            section=inline_text(_SECTION(page.root)[1:2]),
            tags=paragraphs(_TAGS(content_element) if content_element is not None else []),
            images=images,
            comment_count_shown=to_int(inline_text(_comment_count(page))),
        )

    def _body_and_images(self, page: Page, content) -> tuple[list[str], list[Image]]:
        # Body paragraphs are the <p> of div.content after the date line; a
        # "Фото: ..." line is the credit of the article's photo, not text.
        nodes = content.xpath("./p[not(contains(@class, 'datetime'))] | ./div/p")
        body, credits = [], []
        for text in paragraphs(nodes):
            caption, credit = split_credit(text)
            if credit and (caption is None or len(caption) < 200):
                credits.append((caption, credit))
            else:
                body.append(text)
        images: list[Image] = []
        # Photos in document order, each a figure or div.img_block with its
        # caption. 2020 pages put the photo in a paragraph and its caption or
        # credit in a div.img_onsign of its own right inside div.content.
        for node in content.xpath(
            "./figure | ./div[contains(@class, 'img_block')] | ./p[.//img] | ./div[contains(@class, 'img_onsign')]"
        ):
            if "img_onsign" in (node.attrib.get("class") or "").split():
                caption, credit = split_credit(inline_text(node))
                if images and images[-1].caption is None and images[-1].credit is None:
                    images[-1].caption, images[-1].credit = caption, credit
                else:
                    credits.append((caption, credit))
                continue
            src = first_img_address(node)
            caption, credit = split_credit(inline_text(node.css("figcaption, div.img_onsign")))
            if src:
                images.append(Image(page.urljoin(src), caption, credit))
        # A credit printed apart belongs to the photo before it; with no photo
        # in the text, to the article's own picture (og:image).
        for caption, credit in credits:
            if images and images[-1].credit is None:
                images[-1].credit, images[-1].caption = credit, images[-1].caption or caption
            else:
                og_image = _meta(page, "property", "og:image")
                images.append(Image(page.urljoin(og_image) if og_image else "", caption, credit))
        return body, images

    def comments(self, page: Page, article: Article) -> CommentBatch:
        classes, thread = page.by_class, _thread(page)
        comments = set(thread)
        # Replies nest inside the comment they answer: a name, date or vote belongs to the comment nearest it.
        names = select.first_in_each(comments, select.of_class(classes, "span", "ci_name"))
        dates = select.first_in_each(comments, select.of_class(classes, "p", "ci_date"))
        ups, downs = select.first_in_each(comments, _votes(classes, "up")), select.first_in_each(comments, _votes(classes, "down"))
        found = []
        for node in thread:
            hidden = _CENSORED in (node.get("class") or "").split()
            body = _said(node)
            quote = inline_text(next(body.iter("blockquote"), None)) if body is not None else None
            text = block_text(body, skip=("blockquote",)) if body is not None and not hidden else None
            parent = select.container(comments, node.getparent())
            found.append(
                Comment(
                    comment_id=(node.get("id") or "").removeprefix("comm_"),
                    parent_id=(parent.get("id") or "").removeprefix("comm_") or None if parent is not None else None,
                    author=inline_text(names.get(node)),
                    text=text or None,
                    quote=quote if not hidden else None,
                    posted=self.timestamp(inline_text(dates.get(node)), page),
                    likes=to_int(inline_text(ups.get(node))),
                    dislikes=to_int(inline_text(downs.get(node))),
                    hidden=hidden,
                )
            )
        return CommentBatch(found, found_in=self.layout)


def _first_of_class(page: Page, tag: str, name: str):
    """The first `tag` element of class `name` (CSS `tag.name`), or None."""
    return next(iter(select.of_class(page.by_class, tag, name)), None)


def _meta(page: Page, attribute: str, value: str) -> str | None:
    """The content of the first `<meta {attribute}="{value}">` (CSS `meta[attribute=value]::attr(content)`)."""
    for meta in page.root.iter("meta"):
        if meta.get(attribute) == value and meta.get("content") is not None:
            return meta.get("content")
    return None


def _comment_count(page: Page):
    """The thread's count line: the first `.what_in` inside a `div.cf_win`."""
    for element in page.by_class.get("what_in", ()):
        if any(a.tag == "div" and "cf_win" in (a.get("class") or "").split() for a in element.iterancestors()):
            return element
    return None


def _thread(page: Page) -> list:
    """The comments in `div`s whose class holds `comments_field`, in document order."""
    fields = {field for name, found in page.by_class.items() if "comments_field" in name
              for field in found if field.tag == "div"}
    if not fields:
        return []
    return [node for node in page.by_class.get("comm_item", ()) if node.tag == "div"
            and any(above in fields for above in node.iterancestors("div"))]


def _votes(classes: dict, way: str):
    """`.votes .vote.{way}`: the vote counts of one way, each inside a `.votes` block."""
    for element in classes.get(way, ()):
        if "vote" in (element.get("class") or "").split() and any(
            "votes" in (a.get("class") or "").split() for a in element.iterancestors()
        ):
            yield element


def _said(comment):
    """The comment's text: a `ci_comm` block of its own, directly or in its `ci_text` block."""
    for child in comment:
        classes = child.get("class") or ""
        if child.tag == "div" and "ci_comm" in classes:
            return child
        if child.tag == "div" and "ci_text" in classes:
            for grandchild in child:
                if grandchild.tag == "div" and "ci_comm" in (grandchild.get("class") or ""):
                    return grandchild
    return None
