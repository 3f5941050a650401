"""Sample cases: a site's pages as fetched, and what they should read as.

A case is a folder, `tests/sites/<site>/<case>/`, in web-poet's fixture
convention:

- the pages as fetched, in the order the crawl meets them: the article
  page first, then each further page of comments (or comments-API answer)
  it leads to;
- `meta.json`: for each page its file, URL, fetch time and the response
  headers that matter (`Date`, the site's clock for relative times, and
  `Content-Type`, its charset);
- `output.json`: the expected article and its whole comment thread,
  written by hand from what the pages show (never from a profile's output).

Reading a case follows the crawl: the article page is read with the site's
profile, and each further page is read as the page the one before it named.
No Scrapy and no network here: `regional-news check-site` and the tests
both read cases through this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from w3lib.encoding import html_body_declared_encoding

from scraper.dates import Timestamp
from scraper.items import Article, Comment
from scraper.profiles import CommentBatch, Page, Profile
from scraper.sites import Site

META, OUTPUT = "meta.json", "output.json"
# The response headers a case keeps: the site's clock and the charset.
KEPT_HEADERS = ("Date", "Content-Type")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)


def is_case(folder: Path) -> bool:
    """A case folder holds both files; anything else beside cases (a site file, notes) is not one."""
    return folder.is_dir() and (folder / META).is_file() and (folder / OUTPUT).is_file()


def cases_of(root: Path) -> list[Path]:
    """Every case folder under `root` (`<root>/<site>/<case>/`), in name order."""
    return [case for site in sorted(root.iterdir()) if site.is_dir() for case in sorted(site.iterdir()) if is_case(case)]


def kept_headers(headers: dict[str, str]) -> dict[str, str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: lowered[name.lower()] for name in KEPT_HEADERS if name.lower() in lowered}


def encoding_of(headers: dict[str, str], body: bytes) -> str:
    """The charset the `Content-Type` names, else the one the page declares (`<meta charset>`), else UTF-8."""
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    match = _CHARSET.search(content_type)
    return (match.group(1) if match else None) or html_body_declared_encoding(body) or "utf-8"


@dataclass
class CaseReading:
    """What a site's profile read from a case's pages."""

    blocked: bool = False
    article: Article | None = None
    comments: list[Comment] = field(default_factory=list)
    # Where each page's thread led next (the address of the page after it), page by page.
    next_urls: list[str | None] = field(default_factory=list)
    comments_found_in: str | None = None
    comments_complete: bool = True


def read_pages(profile: Profile, pages: list[Page]) -> CaseReading:
    """Read an article page and its further comment pages as the crawl would."""
    first = pages[0]
    if profile.is_blocked(first):
        return CaseReading(blocked=True)
    article = profile.article(first)
    batch: CommentBatch = profile.comments(first, article)
    reading = CaseReading(article=article, comments=list(batch.comments), next_urls=[batch.next_url],
                      comments_found_in=batch.found_in, comments_complete=batch.complete)
    for page in pages[1:]:
        batch = profile.more_comments(page, article)
        reading.comments.extend(batch.comments)
        reading.next_urls.append(batch.next_url)
        reading.comments_complete = reading.comments_complete and batch.complete
    article.comments_found_in = reading.comments_found_in
    return reading


def plain(value: Any) -> Any:
    """Items as output.json writes them (a timestamp as raw, value and precision)."""
    if isinstance(value, Timestamp):
        return {"raw": value.raw, "value": value.value.isoformat() if value.value else None, "precision": value.precision}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def output_of(reading: CaseReading) -> dict[str, Any]:
    if reading.blocked:
        return {"blocked": True}
    return {"article": plain(reading.article), "comments": plain(reading.comments)}


@dataclass
class SampleCase:
    """One case folder: its pages and what they should read as."""

    folder: Path

    @property
    def site_name(self) -> str:
        return self.folder.parent.name

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def meta(self) -> dict[str, Any]:
        return json.loads((self.folder / META).read_text(encoding="utf-8"))

    @property
    def output(self) -> dict[str, Any]:
        return json.loads((self.folder / OUTPUT).read_text(encoding="utf-8"))

    def pages(self, site: Site) -> list[Page]:
        """The case's pages as fetched (`site` is the one they are read for)."""
        pages = []
        for entry in self.meta["pages"]:
            body = (self.folder / entry["file"]).read_bytes()
            pages.append(Page(
                url=entry["url"],
                body=body,
                fetched_at=datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00")),
                status=entry.get("status", 200),
                headers={name.lower(): value for name, value in entry.get("headers", {}).items()},
                encoding=encoding_of(entry.get("headers", {}), body),
            ))
        return pages


def save_case(folder: Path, pages: list[Page], reading: CaseReading, note: str) -> None:
    """Write a case folder from fetched pages and a reading, for a person to check field by field."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for number, page in enumerate(pages, 1):
        suffix = "json" if page.body.lstrip()[:1] in (b"{", b"[") else "html"
        name = f"{number}-{'article' if number == 1 else 'comments'}.{suffix}"
        (folder / name).write_bytes(page.body)
        headers = kept_headers(page.headers)
        if "Date" not in headers:
            headers["Date"] = format_datetime(page.fetched_at.astimezone(timezone.utc), usegmt=True)
        entries.append({
            "file": name,
            "url": page.url,
            "fetched_at": page.fetched_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "status": page.status,
            "headers": headers,
        })
    (folder / META).write_text(json.dumps({"note": note, "pages": entries}, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
    (folder / OUTPUT).write_text(json.dumps(output_of(reading), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

