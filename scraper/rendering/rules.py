"""A site file's `[render]` table: which pages need a browser, and when a thread is whole.

    [render]
    pages = ["comments"]              # kinds of page: "listing", "article", "comments"
    urls = ['^/text/.*/comments/$']   # and/or URL paths (regular expressions)
    ready = "[data-comments][aria-busy=false]"   # the thread is shown, nothing loading
    complete = "[data-comments][aria-busy=false]:not(:has([data-more]))"
    more = "[data-comments] [data-more]"          # click to load more, while it shows
    max_clicks = 50
    scroll = false                    # true: scroll `more` into view instead of clicking it
    answers = '^/api/'                # which of the script's JSON answers to keep (default: all from the site)

`complete` is required: without a sign that the whole thread is shown, the
crawl could not tell a removed comment from one that never loaded.
Selectors are CSS as Chromium reads it (`:has()` and `:not()` included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

KINDS = ("listing", "article", "comments")
KEYS = frozenset({"pages", "urls", "ready", "complete", "more", "max_clicks", "scroll", "answers"})
DEFAULT_MAX_CLICKS = 50


@dataclass(frozen=True)
class RenderRules:
    pages: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    complete: str = ""
    ready: str | None = None
    more: str | None = None
    max_clicks: int = DEFAULT_MAX_CLICKS
    scroll: bool = False
    answers: str | None = None

    @classmethod
    def from_table(cls, site: str, table: dict | None) -> "RenderRules | None":
        """The rules of a site file's `[render]` table; None for a site that never renders."""
        if not table:
            return None
        where = f"site {site!r}, [render]"
        unknown = sorted(set(table) - KEYS)
        if unknown:
            raise ValueError(f"{where}: unknown key {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
        pages = tuple(table.get("pages", ()))
        wrong = [kind for kind in pages if kind not in KINDS]
        if wrong:
            raise ValueError(f"{where} pages: {', '.join(map(repr, wrong))}; kinds of page are {', '.join(KINDS)}")
        urls = tuple(table.get("urls", ()))
        for pattern in urls + ((table["answers"],) if table.get("answers") else ()):
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{where}: {pattern!r} is not a regular expression ({error})") from None
        if not (pages or urls):
            raise ValueError(f"{where}: name the pages to render (pages = [...] or urls = [...])")
        if not isinstance(table.get("complete"), str) or not table["complete"].strip():
            raise ValueError(f"{where}: `complete`, the selector that shows the thread is whole, is required")
        max_clicks = table.get("max_clicks", DEFAULT_MAX_CLICKS)
        if not isinstance(max_clicks, int) or max_clicks < 0:
            raise ValueError(f"{where} max_clicks: a number of clicks, not {max_clicks!r}")
        return cls(
            pages=pages, urls=urls, complete=table["complete"], ready=table.get("ready"),
            more=table.get("more"), max_clicks=max_clicks, scroll=bool(table.get("scroll", False)),
            answers=table.get("answers"),
        )

    def wants(self, url: str, kind: str | None) -> bool:
        """Whether this page goes through the browser."""
        if kind in self.pages:
            return True
        path = urlsplit(url).path
        return any(re.search(pattern, path) for pattern in self.urls)

    def keeps_answer(self, url: str) -> bool:
        return self.answers is None or re.search(self.answers, urlsplit(url).path) is not None
