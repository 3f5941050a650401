"""How archived text and times are shown: always as text, in the site's time.

Archived text is never trusted markup: it is escaped first, and only the
archive's own marks (search hits, diff changes) become tags afterwards.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

# snippet()/highlight() marks for the search page: control characters that
# archived text hardly ever holds (and if it does, the worst is a stray mark).
HIT_START, HIT_END = "\x02", "\x03"
# Marks for canned queries, readable in CSV and JSON too.
QUERY_HIT_START, QUERY_HIT_END = "⟦", "⟧"
# Replies deeper than this are not indented further; they say whom they answer.
MAX_INDENT = 8


def marked(snippet: str | None, start: str = HIT_START, end: str = HIT_END) -> Markup:
    """Escaped text with the search hits as <mark>."""
    if not snippet:
        return Markup("")
    text = str(escape(snippet))
    opened = text.count(start)
    text = text.replace(start, "<mark>").replace(end, "</mark>")
    # An unmatched mark (archived text that held the marker itself) is closed.
    text += "</mark>" * max(0, opened - snippet.count(end))
    return Markup(text)


def has_hit(snippet: str | None) -> bool:
    return bool(snippet) and HIT_START in snippet


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def local_time(local: str | None, precision: str | None = "minute") -> str:
    """A `*_local` column as a Russian reader writes it: 22.08.2022 16:21."""
    if not local:
        return ""
    try:
        moment = _parse(local)
    except ValueError:
        return local
    # Only what the site printed: "3 часа назад" is an hour, not a minute;
    # "2 недели назад" the week that began on that day.
    if precision == "day":
        return moment.strftime("%d.%m.%Y")
    if precision == "week":
        return "неделя с " + moment.strftime("%d.%m.%Y")
    if precision == "month":
        return moment.strftime("%m.%Y")
    if precision == "year":
        return moment.strftime("%Y")
    if precision == "hour":
        return moment.strftime("%d.%m.%Y %H:00–%H:59")
    if precision == "second":
        return moment.strftime("%d.%m.%Y %H:%M:%S")
    return moment.strftime("%d.%m.%Y %H:%M")


def utc_as_local(utc: str | None, timezone: str | None) -> str:
    """A UTC column (`first_seen`, `deleted_at`) in the site's own time."""
    if not utc:
        return ""
    try:
        moment = _parse(utc)
    except ValueError:
        return utc
    if timezone:
        moment = moment.astimezone(_zone(timezone))
    return moment.strftime("%d.%m.%Y %H:%M")


def zone_label(timezone: str | None, utc: str | None = None, city: str | None = None) -> str:
    """`Барнаул, UTC+07:00`: the zone the page's times are in (its offset at `utc`)."""
    if not timezone:
        return "UTC"
    try:
        moment = _parse(utc) if utc else datetime.now(_zone(timezone))
        offset = moment.astimezone(_zone(timezone)).strftime("%z")
    except (ValueError, KeyError):
        return timezone
    return f"{city or timezone}, UTC{offset[:3]}:{offset[3:]}"


def utc_offset(local: str | None) -> str:
    """`UTC+07:00` from a `*_local` value, for a tooltip."""
    if not local:
        return ""
    try:
        offset = _parse(local).strftime("%z")
    except ValueError:
        return ""
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else ""


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs of an article body (the archive separates them by a blank line)."""
    if not text:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def web_address(url: str | None) -> str | None:
    """The URL, when it is safe as a link (http or https only)."""
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return url
    return None


def thread_order(comments: Iterable[dict]) -> list[dict]:
    """Comments as the thread reads: each followed by its replies, indented.

    Siblings keep their order on the page (`position`, then archive id);
    a reply whose parent is not in the list starts a thread of its own.
    Each comment gets `level`, its depth in this thread.
    """
    comments = list(comments)
    ids = {c["id"] for c in comments}
    children: dict[int | None, list[dict]] = defaultdict(list)
    for comment in comments:
        parent = comment["parent_id"] if comment["parent_id"] in ids else None
        children[parent].append(comment)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c["position"] is None, c["position"] or 0, c["id"]))
    ordered: list[dict] = []
    stack = [(c, 0) for c in reversed(children[None])]
    seen: set[int] = set()
    while stack:
        comment, level = stack.pop()
        if comment["id"] in seen:
            continue
        seen.add(comment["id"])
        ordered.append({**comment, "level": level})
        stack.extend((child, level + 1) for child in reversed(children[comment["id"]]))
    # A reply loop (never written by the archive, but possible in a hand-edited
    # one) would leave comments unreached: they are shown at the end.
    ordered += [{**c, "level": 0} for c in comments if c["id"] not in seen]
    return ordered


def word_diff(before: str | None, after: str | None) -> Markup:
    """What changed between two texts, word by word, as escaped <del>/<ins>."""
    old, new = (before or "").split(" "), (after or "").split(" ")
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape(" ".join(old[a1:a2]))))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
    return Markup(" ".join(out))
