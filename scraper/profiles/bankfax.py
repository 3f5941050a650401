"""bankfax.ru (ИА «Банкфакс», Barnaul): article and comment thread in one page.

Layout facts are from a 2020 capture and the 2022 seed article; the reply
nesting (`div.comm_item` inside its parent) is assumed, see README.
"""

from __future__ import annotations

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles import select
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, paragraphs, split_credit, to_int

# XPath class test: `comm_item` as a whole token, not `comm_item_censored`.
_COMMENT = "contains(concat(' ', normalize-space(@class), ' '), ' comm_item ')"
_CENSORED = "comm_item_censored"
# The thread's queries, each asked once of the page (scraper/profiles/select.py): what a
# comment says and shows is matched to the comment it sits in, not asked comment by comment.
_THREAD = select.xpath(f"//div[contains(@class, 'comments_field')]//div[{_COMMENT}]")
_NAMES, _DATES = select.css("span.ci_name"), select.css("p.ci_date")
_UPS, _DOWNS = select.css(".votes .vote.up"), select.css(".votes .vote.down")


class BankfaxProfile(Profile):
    layout = "bankfax"
    LISTING_ITEM, LISTING_DATE = "div.news_item", "span.date::text"

    def article(self, page: Page) -> Article:
        content = page.css("div.content")[:1]
        time = content.css("p.datetime time[itemprop=datePublished]")
        raw_date = inline_text(time) or time.attrib.get("datetime") or page.css(
            "meta[name=pubdate]::attr(content)"
        ).get()
        body, images = self._body_and_images(page, content)
        url = self.site.canonical_url(page.url, [page.css("meta[property='og:url']::attr(content)").get()])
        return Article(
            site=self.site.name,
            url=url,
            article_id=self.site.article_id(url, page.url),
            title=inline_text(page.css("#center_column h1.item, h1.item")),
            lead=body[0] if body else None,
            body="\n\n".join(body) or None,
            published=self.timestamp(raw_date, page),
            # An edited article prints "(обновлено 23.08.2022 14:10)" after its date.
            modified=self.timestamp(inline_text(content.css("p.datetime time[itemprop=dateModified]")), page),
            section=inline_text(page.css("[itemtype$=BreadcrumbList] [itemprop=itemListElement]")[1:2]),
            tags=paragraphs(content.css("div.tags a")),
            images=images,
            comment_count_shown=to_int(
                inline_text(page.css("div.cf_win .what_in font.comm, div.cf_win .what_in"))
            ),
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
                og_image = page.css("meta[property='og:image']::attr(content)").get()
                images.append(Image(page.urljoin(og_image) if og_image else "", caption, credit))
        return body, images

    def comments(self, page: Page, article: Article) -> CommentBatch:
        root = page.root
        # Replies nest inside the comment they answer: a name, date or vote belongs to the comment nearest it.
        names, dates = _by_comment(_NAMES(root)), _by_comment(_DATES(root))
        ups, downs = _by_comment(_UPS(root)), _by_comment(_DOWNS(root))
        found = []
        for node in _THREAD(root):
            hidden = _CENSORED in (node.get("class") or "").split()
            body = _said(node)
            quote = inline_text(next(body.iter("blockquote"), None)) if body is not None else None
            text = block_text(body, skip=("blockquote",)) if body is not None and not hidden else None
            parent = _comment_around(node.getparent())
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


def _is_comment(element) -> bool:
    return "comm_item" in (element.get("class") or "").split()


def _comment_around(element):
    """The comment an element sits in (itself, if it is one), or None."""
    while element is not None and not _is_comment(element):
        element = element.getparent()
    return element


def _by_comment(elements: list) -> dict:
    """The first of `elements` in each comment, keyed by the comment."""
    owned: dict = {}
    for element in elements:
        comment = _comment_around(element)
        if comment is not None:
            owned.setdefault(comment, element)
    return owned


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
