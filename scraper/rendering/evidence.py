"""What a rendering left on its response, in words the archive keeps.

A rendered page is archived as the HTML the browser showed, with three
headers of our own beside the site's (kept in `pages.headers`):

- `x-rendered-by`: the browser and its version;
- `x-rendered-complete`: `yes`, or `no: <why>` (the thread did not finish
  loading: its missing comments prove nothing);
- `x-rendered-answers`: the JSON answers the page's script fetched from the
  site, as `[[url, sha256 of the body], …]` in the order they came; the
  bodies are archived as pages of kind `widget`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

RENDERED_BY = "x-rendered-by"
COMPLETE = "x-rendered-complete"
ANSWERS = "x-rendered-answers"
HEADERS = (RENDERED_BY, COMPLETE, ANSWERS)
# `pages.kind` of a JSON answer the page's script fetched while it rendered.
ANSWER_KIND = "widget"


def is_rendered(headers: Mapping[str, str]) -> bool:
    return RENDERED_BY in headers


def incomplete(headers: Mapping[str, str]) -> str | None:
    """Why a rendered page's thread is not whole; None if it is (or the page was not rendered)."""
    value = headers.get(COMPLETE)
    if value is None or value == "yes":
        return None
    return value.removeprefix("no: ") or "the thread did not finish loading"


def answer_links(headers: Mapping[str, str]) -> list[tuple[str, str]]:
    """(url, sha256) of each answer the rendered page's script fetched, in order."""
    try:
        links = json.loads(headers.get(ANSWERS) or "[]")
    except ValueError:
        return []
    return [(str(url), str(digest)) for url, digest in links]


def complete_header(reason: str | None) -> str:
    return "yes" if reason is None else f"no: {reason}"


def answers_header(links: list[tuple[str, str]]) -> str:
    return json.dumps(links, ensure_ascii=False)
