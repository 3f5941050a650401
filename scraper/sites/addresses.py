"""An article's identity: its site and its path there, never the origin it came from.

Sites move from http to https, drop or add `www.`, move domain, or are
reached through a local proxy; the demo newsroom serves on whatever ports
are free. None of that makes an article another article: the archive keeps
one row per site and path, under the site's canonical address (the origin
its site file names), and records the origin each run actually used.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def path_of(url: str) -> str:
    """The address of a page on its site: path and query, without origin or fragment.

    `https://www.bankfax.ru/news/1/` and `http://127.0.0.1:8800/news/1/` are
    both `/news/1/`.
    """
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def on_origin(origin: str, url: str) -> str:
    """The same page of a site at another origin (scheme, host and port)."""
    return origin.rstrip("/") + path_of(url)


def same_origin(url: str, other: str) -> bool:
    """Both addresses on one origin (scheme, host and port)."""
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())
