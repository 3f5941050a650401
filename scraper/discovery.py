"""Finding article links in feeds and sitemaps, the same way for every site.

HTML listing pages differ by layout and are read by the site's profile
(`Profile.listing`); RSS and sitemaps are standard and are read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from parsel import Selector
from scrapy.utils.gz import gunzip

from scraper.sites import Site

@dataclass(frozen=True)
class Link:
    """An article link, with the date the listing gives for it, if any."""

    url: str
    published: datetime | None = None
    # A sitemap's lastmod: when the article last changed, so published at or before it.
    modified: datetime | None = None


@dataclass
class Listing:
    """What a listing, feed or sitemap page points to, newest first."""

    articles: list[Link]
    next_url: str | None = None  # the next page of the same listing
    # Further listings (sitemap children), dated by their last modification.
    more: list[Link] = field(default_factory=list)

    @property
    def article_urls(self) -> list[str]:
        return [link.url for link in self.articles]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# The sitemap protocol's limit for one file, uncompressed: a bigger one is a trap.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
_GZIP = b"\x1f\x8b"


def _xml(body: bytes) -> Selector:
    # An empty answer (a feed being rebuilt) is an empty feed, not an error.
    selector = Selector(body=body or b"<empty/>", type="xml")
    selector.remove_namespaces()
    return selector


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # W3C dates without a zone (sitemaps' "2022-08-23") are taken as UTC.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def read_feed(body: bytes, site: Site) -> Listing:
    """RSS 2.0 or Atom: the items that are articles of `site`."""
    selector = _xml(body)
    links = []
    for item in selector.xpath("//item | //entry"):
        # RSS: <link>address</link>; Atom: the link to the page itself, rel="alternate" or no rel
        # (never rel="self", "replies" or "enclosure").
        url = (
            item.xpath("link/text()").get()
            or item.xpath("link[@rel='alternate' or not(@rel)]/@href").get()
            or ""
        ).strip()
        if not site.is_article_url(url):
            continue
        published = None
        raw = item.xpath("pubDate/text()").get()
        if raw:
            try:
                published = parsedate_to_datetime(raw.strip())
            except (TypeError, ValueError):
                published = None
        else:
            published = _iso(item.xpath("published/text() | updated/text()").get())
        links.append(Link(url, published))
    return Listing(links)


def read_sitemap(body: bytes, site: Site) -> Listing:
    """A sitemap index (children to read next) or a sitemap (article links), gzipped or not.

    A `sitemap.xml.gz` is often served as a file (application/x-gzip, no
    Content-Encoding), so no HTTP layer unpacks it: it is unpacked here.
    """
    if body[:2] == _GZIP:
        try:
            body = gunzip(body, max_size=SITEMAP_MAX_BYTES)
        except (OSError, EOFError, ValueError):
            body = b""  # a broken or oversized archive is an empty sitemap, not a crash
    selector = _xml(body)
    children = []
    for child in selector.xpath("/sitemapindex/sitemap"):
        url = (child.xpath("loc/text()").get() or "").strip()
        if site.owns(url):
            children.append(Link(url, _iso(child.xpath("lastmod/text()").get())))
    links = []
    for entry in selector.xpath("/urlset/url"):
        url = (entry.xpath("loc/text()").get() or "").strip()
        if site.is_article_url(url):
            published = _iso(entry.xpath("news/publication_date/text()").get())
            links.append(Link(url, published, _iso(entry.xpath("lastmod/text()").get())))
    links.sort(key=lambda link: (link.published or link.modified or _EPOCH).timestamp(), reverse=True)
    return Listing(links, more=children)
