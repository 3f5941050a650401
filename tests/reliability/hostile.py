"""The demo newsroom turned hostile, page by page, for the bad-input tests.

`Tampered` wraps a demo site: chosen addresses answer what a test makes
them answer (a crafted page, a redirect, a bot-block), the first listing
page shows extra article links, everything else is the demo site itself,
served by the demo's own server (its clock, its ETags). Crafted bankfax
articles are rendered by the demo's bankfax layout, so the real profile
reads them, and then spoiled the way real pages are spoiled.

`Elsewhere` is a server standing for the rest of the internet: the crawl
must never send it a single request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode, urlsplit, parse_qsl
from zoneinfo import ZoneInfo

from scraper.demo import bankfax
from scraper.demo.model import DemoArticle, DemoComment
from scraper.demo.server import DemoSite, Reply
from scraper.demo.timeline import clock
from tests.page_server import serving_pages

BARNAUL = ZoneInfo("Asia/Barnaul")
DAY = 1
# Origin -> the answer (a route may need the server's own address).
Route = Callable[[str], Reply]


def target(path: str, query: dict[str, str] | None = None) -> str:
    """The key of an address: path and query, the query in a fixed order."""
    return path + ("?" + urlencode(sorted(query.items())) if query else "")


def target_of(url: str) -> str:
    parts = urlsplit(url)
    return target(parts.path, dict(parse_qsl(parts.query)))


class Tampered:
    """A demo site whose answers can be replaced, address by address."""

    def __init__(self, site: DemoSite):
        self.site = site
        self.name = site.name
        self.catalog = site.catalog
        self.routes: dict[str, Route] = {}
        self.listed: list[str] = []  # extra article paths on the first listing page

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply:
        route = self.routes.get(target(path, query))
        if route is not None:
            return route(origin)
        reply = self.site.respond(path, query, day, origin)
        if self.listed and path == "/news/" and not query and reply.status == 200:
            links = "".join(f'<div class="news_item"><a href="{p}">{p}</a></div>' for p in self.listed)
            body = reply.body.decode("utf-8").replace('<div class="news_list">', '<div class="news_list">' + links, 1)
            reply = replace(reply, body=body.encode("utf-8"))
        return reply

    def real(self, path: str, query: dict[str, str] | None = None, origin: str = "") -> Reply:
        """What the demo site itself answers."""
        return self.site.respond(path, query or {}, DAY, origin)

    def robots_txt(self) -> str:
        return self.site.robots_txt()

    def blocked_page(self) -> Reply:
        return self.site.blocked_page()


# --- crafted bankfax articles --------------------------------------------------
def comment(number: int, text: str | None, parent: int | None = None, author: str = "Читатель") -> DemoComment:
    return DemoComment(number, author, text, datetime(2022, 8, 23, 12, 0, tzinfo=BARNAUL), parent=parent)


def article(article_id: int, title: str = "Обычная новость", paragraphs: list[str] | None = None,
            comments: list[DemoComment] | None = None, published: datetime | None = None) -> DemoArticle:
    return DemoArticle(
        id=article_id,
        rubric="news",
        title=title,
        paragraphs=paragraphs or ["Первый абзац новости.", "Второй абзац новости."],
        published=published or datetime(2022, 8, 23, 10, 30, tzinfo=BARNAUL),
        comments=comments or [],
    )


def html(item: DemoArticle, origin: str) -> str:
    """The article as the demo's bankfax layout shows it."""
    return bankfax.article_page(item, origin, clock(DAY))


def page(build: Callable[[str], str], charset: str = "utf-8", content_type: str | None = None,
         status: int = 200) -> Route:
    """A route answering the HTML `build(origin)` gives, encoded and declared as told."""
    def route(origin: str) -> Reply:
        body = build(origin).encode(charset, "xmlcharrefreplace")
        return Reply(status, body, content_type or f"text/html; charset={charset}")
    return route


def redirect(to: Callable[[str], str], status: int = 301) -> Route:
    return lambda origin: Reply.redirect(to(origin), status)


def without(pattern: str, text: str) -> str:
    """`text` with every match of `pattern` taken out (what a spoiled page lacks)."""
    return re.sub(pattern, "", text, flags=re.S)


def padded(text: str, size: int) -> str:
    """The page grown to `size` bytes by an inline data script, as bloated pages are."""
    filler = '{"widget":"recommendations","slot":"right-column"},'
    script = "<script>window.__STATE__=[" + filler * (size // len(filler) + 1) + "null];</script>"
    return text.replace("</body>", script + "</body>")


def api_json(reply: Reply, **changes) -> Reply:
    """A comments API answer with some of its fields changed."""
    data = json.loads(reply.body)
    data.update(changes)
    return replace(reply, body=json.dumps(data, ensure_ascii=False).encode("utf-8"))


# --- the rest of the internet ----------------------------------------------------
@contextmanager
def elsewhere() -> Iterator[tuple[str, list[str]]]:
    """A server on another port of 127.0.0.1: its origin, and every path anyone asked it for."""
    asked: list[str] = []
    body = b"<html><body><h1 class='item'>Elsewhere</h1></body></html>"
    with serving_pages(lambda path: body, asked) as origin:
        yield origin, asked
