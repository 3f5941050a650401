"""The Hearst Shkulev regional network (ngs.ru, ngs22.ru, e1.ru, 74.ru …).

Their CSS class names are hashed and change with every build of the front
end, so this profile reads only what stays: schema.org microdata
(`itemprop`), tag names, `rel` links and data attributes.

Comments are not in the article's HTML. The site file's `[comments]` table
says where they are, one of two ways:

- `page` (as the real network does it): a separate `…/comments/` page whose
  script fetches and shows the thread; the site file's `[render]` table has
  the crawl render it in a browser, and the thread is read from the rendered
  page with the same selectors as any page (`node`, `author`, `text`, …,
  scraper/profiles/selectors.py). With `source = "answers"` the thread is
  read instead from the JSON answers the page's script fetched (kept beside
  the rendered page), without reading the page at all. Where the API's
  address is known, `page` may name its first answer instead: the crawl
  then reads the API without a browser (tests/site_files/without_browser/).
- `widget`: the article page names its widget's first API URL (the
  selector finds the widget's JSON configuration, with an `apiUrl`); each
  API answer, a page of threads (a comment and its replies), is read in
  `more_comments` and names the next. The real network's endpoint is not
  known here (the demo newsroom's widget is modelled, not copied).

A site file that declares neither reads no comments and claims none missing.
"""

from __future__ import annotations

import json

from parsel import Selector

from scraper.items import Article, Comment, Image
from scraper.pages import Page
from scraper.profiles import select
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.fragments import fragment_text
from scraper.profiles.images import first_img_address
from scraper.profiles.selectors import comments_page_url, find, first_value, read_thread
from scraper.profiles.text import block_text, inline_text, is_credit, paragraphs, split_credit, to_int

# Microdata outside figures: a figure's own `author` is its photographer.
_NOT_IN_FIGURE = "[not(ancestor::figure)]"


def _prop(name: str) -> str:
    return f"//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' {name} ')]"


# The page's queries, compiled once (scraper/profiles/select.py).
_CANONICAL = select.css("link[rel=canonical]::attr(href), meta[property='og:url']::attr(content)")
_HEADLINE, _LEAD = select.xpath(_prop("headline")), select.xpath(_prop("alternativeHeadline"))
_BODY = select.xpath(_prop("articleBody") + "//p[not(ancestor::figure)]")
_AUTHORS = select.xpath(_prop("author") + _NOT_IN_FIGURE + "//*[@itemprop='name']")
_CRUMBS = select.xpath("//*[contains(@itemtype, 'BreadcrumbList')]" + _prop("itemListElement"))
_ANY_CRUMBS, _KEYWORDS = select.xpath(_prop("itemListElement")), select.xpath(_prop("keywords") + _NOT_IN_FIGURE)


class HearstProfile(Profile):
    layout = "hearst"
    LISTING_ITEM, LISTING_DATE = "article", "time::attr(datetime)"

    def article(self, page: Page) -> Article:
        root = page.root
        url = self.site.canonical_url(page.url, _CANONICAL(root))
        return Article(
            site=self.site.name,
            url=url,
            article_id=self.site.article_id(url, page.url),
            title=inline_text(_HEADLINE(root)),
            lead=inline_text(_LEAD(root)),
            body="\n\n".join(paragraphs(_BODY(root))) or None,
            published=self.timestamp(self._meta(page, "datePublished"), page),
            modified=self.timestamp(self._meta(page, "dateModified"), page),
            authors=[
                name for name in (
                    inline_text(node) for node in _AUTHORS(root)
                ) if name
            ],
            section=self._section(page),
            tags=self._tags(page),
            images=[self._image(page, figure) for figure in self._scope(page).xpath(".//figure[.//img]")],
            comment_count_shown=self._comment_count(page),
        )

    @staticmethod
    def _scope(page: Page) -> Selector:
        """The article's own itemscope, so photos of other stories around it stay out."""
        scope = page.xpath("//*[@itemscope][contains(@itemtype, 'Article')]")
        return scope[0] if scope else page.selector

    @staticmethod
    def _meta(page: Page, name: str) -> str | None:
        node = select.first(select.xpath(_prop(name)), page.root)
        if node is None:
            return None
        return (node.get("content") or node.get("datetime") or inline_text(node) or "").strip() or None

    @staticmethod
    def _section(page: Page) -> str | None:
        """The last breadcrumb: the rubric the article sits in."""
        crumbs = [inline_text(node) for node in _CRUMBS(page.root) or _ANY_CRUMBS(page.root)]
        crumbs = [crumb for crumb in crumbs if crumb]
        return crumbs[-1] if crumbs else None

    @staticmethod
    def _tags(page: Page) -> list[str]:
        found: list[str] = []
        for node in _KEYWORDS(page.root):
            text = node.get("content") if "content" in node.attrib else inline_text(node)
            for tag in (text or "").split(","):
                tag = " ".join(tag.split())
                if tag and tag not in found:
                    found.append(tag)
        return found

    def _image(self, page: Page, figure: Selector) -> Image:
        src = first_img_address(figure) or ""
        caption = inline_text(figure.xpath(".//*[@itemprop='caption']"))
        credit = inline_text(figure.xpath(".//*[@itemprop='author' or @itemprop='creditText' or @itemprop='copyrightHolder']"))
        if caption is None and credit is None:
            # No microdata: the caption's lines, one of them perhaps the credit.
            lines = block_text(figure.css("figcaption")[0]).split("\n") if figure.css("figcaption") else []
            for line in lines:
                if is_credit(line):
                    credit = credit or line
                else:
                    line_caption, line_credit = split_credit(line)
                    caption = caption or line_caption
                    credit = credit or line_credit
        return Image(page.urljoin(src), caption, credit)

    def _comment_count(self, page: Page) -> int | None:
        count = to_int(self._meta(page, "commentCount"))
        if count is None:
            count = self._widget(page).get("count")
        return count if isinstance(count, int) else None

    def _widget(self, page: Page) -> dict:
        """The widget's JSON configuration, where the site file says the page names it."""
        spec = self.site.comments.get("widget")
        raw = first_value(find(page.selector, spec)) if spec else None
        try:
            config = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return config if isinstance(config, dict) else {}

    # --- comments ------------------------------------------------------------------
    def comments(self, page: Page, article: Article) -> CommentBatch:
        """None in the article's HTML: the first page (or API answer) of the thread is next."""
        spec = self.site.comments
        if spec.get("page"):
            return CommentBatch([], comments_page_url(spec["page"], article, page), found_in=self.layout)
        api = self._widget(page).get("apiUrl")
        if not (isinstance(api, str) and api):
            return CommentBatch([])
        return CommentBatch([], page.urljoin(api), found_in=self.layout)

    def more_comments(self, page: Page, article: Article) -> CommentBatch:
        """An API answer, or the comments page as the browser rendered it."""
        if _is_json(page) or not self.site.comments.get("node"):  # no selectors: the page can only be an API answer
            return self._answer(page)
        if self.site.comments.get("source") == "answers":
            found: list[Comment] = []
            for answer in page.answers:
                found.extend(self._answer(answer).comments)
            return CommentBatch(found, found_in=self.layout)
        return read_thread(self, page, article)

    def _answer(self, page: Page) -> CommentBatch:
        """One API answer: threads, each a comment and its replies."""
        try:
            data = json.loads(page.body)
        except ValueError as error:
            raise ValueError(f"comments API answer is not JSON ({error}): {page.url}") from None
        found: list[Comment] = []
        for thread in data.get("comments") or []:
            found.append(self._comment(thread, None, page))
            for reply in thread.get("replies") or []:
                found.append(self._comment(reply, thread, page))
        next_url = data.get("next")
        return CommentBatch(found, page.urljoin(next_url) if isinstance(next_url, str) and next_url else None)

    def _comment(self, item: dict, thread: dict | None, page: Page) -> Comment:
        parent = item.get("parentId")
        if parent is None and thread is not None:
            parent = thread.get("id")
        text = item.get("text")
        hidden = item.get("status", "published") != "published" or text is None
        user = item.get("user") or {}
        return Comment(
            comment_id=str(item["id"]),
            parent_id=str(parent) if parent is not None else None,
            author=" ".join(str(user.get("name") or "").split()) or None,
            text=None if hidden else fragment_text(str(text)),
            posted=self.timestamp(item.get("createdAt"), page),
            likes=item.get("likes") if isinstance(item.get("likes"), int) else None,
            dislikes=item.get("dislikes") if isinstance(item.get("dislikes"), int) else None,
            hidden=hidden,
        )


def _is_json(page: Page) -> bool:
    content_type = page.headers.get("content-type", "")
    return "json" in content_type or page.body.lstrip()[:1] in (b"{", b"[")
