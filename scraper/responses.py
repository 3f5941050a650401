"""Scrapy responses as the plain pages profiles and the archive understand."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import Response, TextResponse

from scraper.items import FetchedPage
from scraper.profiles import Page


def headers_of(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def page_of(response: Response, fetched_at: datetime | None = None) -> Page:
    return Page(
        url=response.url,
        body=response.body,
        fetched_at=fetched_at or datetime.now(timezone.utc),
        status=response.status,
        headers=headers_of(response),
        encoding=response.encoding if isinstance(response, TextResponse) else "utf-8",
    )


def evidence_of(page: Page, kind: str) -> FetchedPage:
    return FetchedPage(
        url=page.url,
        status=page.status,
        headers=page.headers,
        body=page.body,
        fetched_at=page.fetched_at,
        kind=kind,
        encoding=page.encoding,
    )
