"""bankfax.ru (ИА «Банкфакс», Barnaul): article and comment thread in one page.

Layout facts are from a 2020 capture and the 2022 seed article; the reply
nesting (`div.comm_item` inside its parent) is assumed, see README.
"""

from __future__ import annotations

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.images import first_img_address
from scraper.profiles.text import block_text, inline_text, paragraphs, split_credit, to_int

# XPath class test: `comm_item` as a whole token, not `comm_item_censored`.
_COMMENT = "contains(concat(' ', normalize-space(@class), ' '), ' comm_item ')"
_CENSORED = "comm_item_censored"


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
        found = []
        for node in page.xpath(f"//div[contains(@class, 'comments_field')]//div[{_COMMENT}]"):
            classes = (node.attrib.get("class") or "").split()
            hidden = _CENSORED in classes
            body = node.xpath("./div[contains(@class,'ci_text')]/div[contains(@class,'ci_comm')] | ./div[contains(@class,'ci_comm')]")[:1]
            quote = inline_text(body.css("blockquote")) if body else None
            text = block_text(body[0], skip=("blockquote",)) if body and not hidden else None
            parent = node.xpath(f"ancestor::div[{_COMMENT}][1]/@id").get()
            found.append(
                Comment(
                    comment_id=node.attrib.get("id", "").removeprefix("comm_"),
                    parent_id=parent.removeprefix("comm_") if parent else None,
                    author=inline_text(node.css("span.ci_name")),
                    text=text or None,
                    quote=quote if not hidden else None,
                    posted=self.timestamp(inline_text(node.css("p.ci_date")), page),
                    likes=to_int(inline_text(node.css(".votes .vote.up"))),
                    dislikes=to_int(inline_text(node.css(".votes .vote.down"))),
                    hidden=hidden,
                )
            )
        return CommentBatch(found, found_in=self.layout)
