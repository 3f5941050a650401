"""Reading site files strictly: a mistake in one stops the crawl before it starts.

A misspelt key must never become a silent default (a crawl that quietly
reads nothing, or reads a site in the wrong time zone), so every key a site
file may hold is listed here, and every value is checked when the file is
read: the time zone exists, the regexes compile, the selectors parse. What
is wrong is said in one line naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scraper.rendering.rules import KEYS as RENDER_KEYS, RenderRules
from scraper.sites.model import Discovery, Site
from scraper.sites.queries import queries, selector_error


class SiteFileError(ValueError):
    """A site file that cannot be read as it is: the message names the file and what is wrong."""

    def __init__(self, path: Path, problem: str):
        self.path, self.problem = path, problem
        super().__init__(f"site file {path}: {problem}")


# `[selectors]` keys that read an article field (the field of the same name).
ARTICLE_FIELD_KEYS = (
    "title", "lead", "body", "published", "modified", "authors", "section", "tags", "images", "comment_count",
)
SELECTOR_KEYS = frozenset(ARTICLE_FIELD_KEYS) | {
    "body_exclude", "image_src", "caption", "credit", "blocked", "listing_articles", "listing_next",
    "listing_item", "listing_date",
}
COMMENT_QUERY_KEYS = frozenset({
    "node", "id", "parent", "depth", "author", "time", "text", "quote", "likes", "dislikes", "hidden", "next_page",
})
COMMENT_KEYS = COMMENT_QUERY_KEYS | {
    "page", "id_pattern",
    # layout "hearst" only: where the article page names its widget's API (a
    # query); and `source = "answers"` to read a rendered page's comments
    # from the JSON answers its script fetched.
    "widget", "source",
}
COMMENT_SOURCES = ("page", "answers")
DISCOVERY_KEYS = frozenset({"listings", "feeds", "sitemaps", "day_archive"})
TOP_KEYS = frozenset({
    "name", "title", "origin", "timezone", "layout", "article_urls", "blocked_texts", "delay", "concurrency",
    "find_comments", "group", "discovery", "selectors", "comments", "render",
})
REQUIRED = ("name", "timezone", "article_urls")


def _known(keys) -> str:
    return ", ".join(sorted(keys))


class _Reader:
    """One site file's values, each checked as it is taken."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path, self.data = path, data

    def fail(self, problem: str) -> SiteFileError:
        return SiteFileError(self.path, problem)

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key} must be a text, not {value!r}")
        return value

    def texts(self, key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{key} must be a list of texts, not {value!r}")
        return tuple(value)

    def seconds(self, key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(f"{key} must be a number of seconds, not {value!r}")
        return float(value)

    def count(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"{key} must be a whole number from 1, not {value!r}")
        return value

    def flag(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, not {value!r}")
        return value

    def one_of(self, choices: tuple[str, ...]) -> Callable[[str, Any], str]:
        def check(key: str, value: Any) -> str:
            if value not in choices:
                raise self.fail(f"{key} must be one of {', '.join(choices)}, not {value!r}")
            return value

        return check

    def regex(self, key: str, value: Any) -> str:
        self.text(key, value)
        try:
            re.compile(value)
        except re.error as error:
            raise self.fail(f"{key} {value!r} is not a regular expression ({error})") from None
        return value

    def table(self, key: str, keys: frozenset[str]) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a table ([{key}]), not {value!r}")
        for name in value:
            if name not in keys:
                raise self.fail(f"unknown key {name!r} in [{key}]; known: {_known(keys)}")
        return value

    def selectors(self, table: str, spec: dict[str, Any], not_queries: dict[str, Callable]) -> dict[str, Any]:
        for key, value in spec.items():
            where = f"[{table}] {key}"
            if key in not_queries:
                not_queries[key](where, value)
                continue
            if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
                raise self.fail(f"{where} must be a query or a list of queries, not {value!r}")
            for query in queries(value):
                error = selector_error(query)
                if error:
                    raise self.fail(f"{where} {query!r} is not a selector ({error})")
        return spec


def _layouts() -> frozenset[str]:
    from scraper.profiles import LAYOUTS  # profiles read sites: asked only once both are loaded

    return frozenset(LAYOUTS)


def read_site(path: Path, data: dict[str, Any], origin: str | None = None) -> Site:
    """The site a file's parsed TOML describes, every key and value checked."""
    check = _Reader(path, data)
    for key in data:
        if key not in TOP_KEYS:
            raise check.fail(f"unknown key {key!r}; known: {_known(TOP_KEYS)}")
    for key in REQUIRED:
        if key not in data:
            raise check.fail(f"{key} is missing")
    name = check.text("name", data["name"])
    zone = check.text("timezone", data["timezone"])
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise check.fail(f"timezone {zone!r} is not a known time zone (e.g. 'Asia/Barnaul')") from None
    own_origin = data.get("origin")
    for where, address in (("origin", own_origin), ("the origin given in SITE_ORIGINS", origin)):
        if address is not None:
            check.text(where, address)
            parts = urlsplit(address)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise check.fail(f"{where} {address!r} is not an address like 'https://www.bankfax.ru'")
    layout = check.text("layout", data.get("layout", "generic"))
    if layout not in _layouts():
        raise check.fail(f"layout {layout!r} is not known; known: {_known(_layouts())}")
    discovery = check.table("discovery", DISCOVERY_KEYS)
    for key in ("listings", "feeds", "sitemaps"):
        if key in discovery:
            check.texts(f"[discovery] {key}", discovery[key])
    if "day_archive" in discovery:
        check.text("[discovery] day_archive", discovery["day_archive"])
    selectors = check.selectors("selectors", check.table("selectors", SELECTOR_KEYS), {})
    comments = check.selectors("comments", check.table("comments", COMMENT_KEYS), {
        "page": check.text,
        "id_pattern": check.regex,
        "source": check.one_of(COMMENT_SOURCES),
    })
    try:
        render = RenderRules.from_table(name, check.table("render", RENDER_KEYS))
    except ValueError as error:
        raise check.fail(str(error)) from None
    return Site(
        name=name,
        title=check.text("title", data.get("title", name)),
        origin=origin or own_origin,
        canonical_origin=own_origin,
        timezone=zone,
        layout=layout,
        article_urls=check.regex("article_urls", data["article_urls"]),
        discovery=Discovery(
            listings=tuple(discovery.get("listings", ())),
            feeds=tuple(discovery.get("feeds", ())),
            sitemaps=tuple(discovery.get("sitemaps", ())),
            day_archive=discovery.get("day_archive"),
        ),
        selectors=selectors,
        comments=comments,
        blocked_texts=check.texts("blocked_texts", data["blocked_texts"]) if "blocked_texts" in data else (),
        delay=check.seconds("delay", data["delay"]) if "delay" in data else None,
        concurrency=check.count("concurrency", data["concurrency"]) if "concurrency" in data else None,
        render=render,
        find_comments=check.flag("find_comments", data.get("find_comments", True)),
        group=check.text("group", data["group"]) if "group" in data else None,
    )


def parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SiteFileError(path, f"not TOML ({error})") from None
