"""When an article was published, as the page says it.

Machine-readable sources (JSON-LD, meta tags, `<time datetime>`, microdata)
usually agree; where they do not (a meta tag written in UTC but labelled with
the site's offset is hours off), the one that agrees with the date the page
prints near its headline wins. A page that prints its date only as text
(`15 августа 2022, 13:43` under the headline) is read from that text, and a
`<time datetime="2020-10-15">` whose text also gives the time keeps the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from scraper.dates import Timestamp

ReadTime = Callable[[str | None], Timestamp]

# Parts of a page whose dates are never the article's: clocks, comments, teasers, menus.
_ELSEWHERE = re.compile(r"clock|now_time|now-time|weather|comment|teaser|preview|related|popular|sidebar|widget"
                        r"|breadcrumb|menu|footer|caption|credit|photo-date", re.I)
_INLINE = frozenset({"b", "i", "em", "strong", "span", "a", "br", "time", "small", "abbr", "font", "sup"})
_PRECISE = ("second", "minute", "hour", "day")
# A printed modification time is not the publication time.
_UPDATED = re.compile(r"^\s*(?:обновлено|изменено|оновлено|updated|last (?:modified|updated)|aktualisiert|geändert)", re.I)


def printed_date(headline: etree._Element | None, read_time: ReadTime, after: int = 60, before: int = 6) -> str | None:
    """The date printed near the headline (just under it, or just above in its own block)."""
    if headline is None:
        return None
    candidates = []
    for sibling in list(headline.itersiblings(preceding=True))[:3]:
        candidates += [sibling, *sibling.iterdescendants()][:before * 4]
    following = []
    for element in headline.iterdescendants():
        following.append(element)
    node = headline
    while len(following) < after and node is not None:
        for sibling in node.itersiblings():
            following.append(sibling)
            following.extend(sibling.iterdescendants())
            if len(following) >= after:
                break
        node = node.getparent()
    for element in [*following[:after], *candidates]:
        raw = _date_text(element)
        if raw is None:
            continue
        stamp = read_time(raw)
        if stamp.value is not None and stamp.precision in _PRECISE and not re.fullmatch(r"[^\d]*\d{1,2}:\d{2}[^\d]*", raw):
            return raw
    return None


def _date_text(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str) or element.tag in ("script", "style", "a", "h1", "h2", "h3"):
        return None
    if len(element) > 4 or any(not isinstance(c.tag, str) or c.tag not in _INLINE for c in element):
        return None
    node = element
    for _ in range(6):
        if node is None:
            break
        tag = node.tag if isinstance(node.tag, str) else ""
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if tag in ("nav", "footer", "aside", "figure", "figcaption") or (marks.strip() and _ELSEWHERE.search(marks)):
            return None
        node = node.getparent()
    text = " ".join("".join(element.itertext()).split())
    if not 6 <= len(text) <= 80 or not any(ch.isdigit() for ch in text) or _UPDATED.match(text):
        return None
    return text


def agreeing(candidates: list[str], printed: str | None, read_time: ReadTime) -> str | None:
    """Of machine-readable dates that disagree, the one the printed date confirms; else the first."""
    if not candidates:
        return None
    if printed is None:
        return candidates[0]
    shown = read_time(printed)
    if shown.value is None:
        return candidates[0]
    values = [read_time(raw).value for raw in candidates]
    if len({value for value in values if value is not None}) <= 1:
        return candidates[0]
    for raw, value in zip(candidates, values):
        if value is None:
            continue
        if shown.precision in ("minute", "second"):
            if abs((value - shown.value).total_seconds()) < 60:
                return raw
        elif value.date() == shown.value.date():
            return raw
    return candidates[0]


def with_time(raw: str | None, element: etree._Element | None, read_time: ReadTime) -> str | None:
    """A date-only `<time datetime>` whose own text gives the time of that day: the text."""
    if raw is None or element is None:
        return raw
    stamp = read_time(raw)
    if stamp.precision != "day":
        return raw
    text = " ".join("".join(element.itertext()).split())
    printed = read_time(text) if text else None
    if printed is not None and printed.value is not None and printed.precision in ("minute", "second") \
            and printed.value.date() == stamp.value.date():
        return text
    return raw
