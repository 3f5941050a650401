"""The article's headline: the one the page shows, without the site's name.

Publishers give the headline several times: the visible `<h1>`, JSON-LD
`headline`, OpenGraph and Twitter titles, the `<title>`; some carry the
site's name (`… — Новости Барнаула`, `… | Site.ru`), some are rewritten for
search engines. The visible headline wins where another source confirms it;
otherwise the first source's, without a site suffix.
"""

from __future__ import annotations

import re

_SUFFIX = re.compile(r"^(?P<head>.+?)\s+(?:[—–|:]|-|::|·|/)\s+(?P<tail>[^—–|]{1,60})$")
_NOT_WORD = re.compile(r"[\W_]+")


def squashed(text: str | None) -> str:
    return _NOT_WORD.sub("", (text or "").lower())


def without_suffix(title: str | None, others: list[str], site_names: set[str]) -> str | None:
    """`title` without a trailing site name: "Заголовок — Новости Барнаула" -> "Заголовок"."""
    if not title:
        return title
    match = _SUFFIX.match(title)
    if not match:
        return title
    head, tail = match.group("head").strip(), match.group("tail").strip()
    tail_key = squashed(tail)
    if squashed(head) in {squashed(other) for other in others if other}:
        return head
    if tail_key and (tail_key in site_names or any(tail_key in name or name in tail_key for name in site_names if len(name) >= 4)):
        return head
    return title


def choose(visible: str | None, structured: list[str | None], site_names: set[str]) -> str | None:
    """The headline: the visible one where a structured source agrees, else the first structured one."""
    sources = [s for s in structured if s]
    cleaned = [without_suffix(s, [visible, *sources], site_names) for s in sources]
    if visible:
        key = squashed(visible)
        if any(squashed(c) == key for c in cleaned) or not cleaned:
            return visible
    return cleaned[0] if cleaned else visible
