"""The sites the crawl knows: one small TOML file per site.

A site file says where the site lives, its time zone, how to find its
articles and which layout (profile) reads its pages. Adding a site is adding
a file here (or in a folder listed in the SITES_DIRS setting); the spider
does not change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from scraper.rendering.rules import RenderRules

SITES_DIR = Path(__file__).parent


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class Discovery:
    """Where the site lists its articles."""

    listings: tuple[str, ...] = ()  # paged listing pages, newest first
    feeds: tuple[str, ...] = ()  # RSS feeds
    sitemaps: tuple[str, ...] = ()  # sitemap or sitemap index
    day_archive: str | None = None  # e.g. "/calendar/{year}/{month}/{day}/"


@dataclass(frozen=True)
class Site:
    name: str
    title: str
    origin: str | None
    timezone: str
    layout: str
    article_urls: str  # regex over the URL path of an article page
    discovery: Discovery = field(default_factory=Discovery)
    selectors: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    encoding: str | None = None
    delay: float | None = None  # seconds between requests at least (default: the POLITE_DELAY setting)
    concurrency: int | None = None  # requests at a time (default: the POLITE_CONCURRENCY setting)
    # Pages that need a browser (the `[render]` table); None: the site never renders.
    render: RenderRules | None = None
    path: Path | None = None
    # The generic profile looks for comments in the page's markup; a site file
    # says `find_comments = false` where that finds the wrong things.
    find_comments: bool = True
    # Sites crawled together by one name (`-a site=ngs_network`): a network's sites.
    group: str | None = None

    def url(self, path: str) -> str:
        if not self.origin:
            raise UnknownSite(f"site {self.name!r} has no origin: give it one in SITE_ORIGINS")
        return urljoin(self.origin.rstrip("/") + "/", path.lstrip("/"))

    @property
    def host(self) -> str:
        return urlsplit(self.origin or "").netloc

    def owns(self, url: str) -> bool:
        """True if `url` is on this site (the crawl never leaves its sites)."""
        try:
            return urlsplit(url).netloc == self.host
        except ValueError:  # no address at all ("http://[::1"): on no site
            return False

    def is_article_url(self, url: str) -> bool:
        return self.owns(url) and _article_pattern(self.article_urls).search(
            urlsplit(url).path
        ) is not None


_patterns: dict[str, re.Pattern] = {}


def _article_pattern(regex: str) -> re.Pattern:
    if regex not in _patterns:
        _patterns[regex] = re.compile(regex)
    return _patterns[regex]


def load_site(path: Path, origin: str | None = None) -> Site:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    discovery = data.pop("discovery", {})
    for key in ("listings", "feeds", "sitemaps"):
        discovery[key] = tuple(discovery.get(key, ()))
    return Site(
        name=data["name"],
        title=data.get("title", data["name"]),
        origin=origin or data.get("origin"),
        timezone=data["timezone"],
        layout=data.get("layout", "generic"),
        article_urls=data["article_urls"],
        discovery=Discovery(**discovery),
        selectors=data.get("selectors", {}),
        comments=data.get("comments", {}),
        encoding=data.get("encoding"),
        delay=data.get("delay"),
        concurrency=data.get("concurrency"),
        render=RenderRules.from_table(data["name"], data.get("render")),
        path=path,
        find_comments=bool(data.get("find_comments", True)),
        group=data.get("group"),
    )


def site_names(sites: dict[str, Site], asked: list[str]) -> list[str]:
    """The sites named, a group's name standing for every site of the group, each once, in order."""
    groups: dict[str, list[str]] = {}
    for name, site in sites.items():
        if site.group:
            groups.setdefault(site.group, []).append(name)
    names: list[str] = []
    for name in asked:
        for member in groups.get(name, [name]) if name not in sites else [name]:
            if member not in names:
                names.append(member)
    return names


def load_sites(
    extra_dirs: list[str] | tuple[str, ...] = (), origins: dict[str, str] | None = None
) -> dict[str, Site]:
    """Every site file, by site name; `origins` points sites elsewhere (the demo)."""
    origins = origins or {}
    sites: dict[str, Site] = {}
    for folder in (SITES_DIR, *map(Path, extra_dirs)):
        for path in sorted(folder.glob("*.toml")):
            name = tomllib.loads(path.read_text(encoding="utf-8"))["name"]
            sites[name] = load_site(path, origins.get(name))
    return sites
