"""Comments a page describes as schema.org `Comment`: in JSON-LD and in microdata.

JSON-LD: the article's `comment` list, `Comment` and `UserComments` nodes,
replies nested in a comment's own `comment` or pointing at it with
`parentItem`. Microdata: elements with `itemprop="comment"` or a `Comment`
item type, replies nested inside the comment they answer. A description
whose comments name neither an author nor a time nor a text is no thread
(some sites mark only the text), and the repeated-markup reading takes over.
"""

from __future__ import annotations

from html import unescape
from typing import Any

from lxml import etree
from parsel import Selector

from scraper.dates import Timestamp
from scraper.items import Comment
from scraper.profiles.structured import JsonLd, as_names, as_text
from scraper.profiles.text import block_text
from scraper.profiles.threads.parts import (
    DerivedIds, clean_name, comment_text, count_before, holds_all, is_moderated, own_id,
)
from scraper.profiles.threads.repeated import Found, ReadTime

COMMENT_TYPES = ("Comment", "UserComments", "Answer")
_TIME_KEYS = ("dateCreated", "datePublished", "commentTime", "uploadDate")
_TEXT_KEYS = ("text", "commentText", "description", "articleBody")


def _types(node: dict) -> list[str]:
    kind = node.get("@type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).rsplit("/", 1)[-1] for k in kinds]


def _fragment_text(value: Any) -> str | None:
    """A comment's text from JSON-LD: plain, or an HTML fragment; line breaks kept."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value:
        root = Selector(text=f"<div>{value}</div>").css("div")[0]
        return block_text(root) or None
    lines = (" ".join(line.split()) for line in unescape(value).split("\n"))
    return "\n".join(line for line in lines if line) or None


def from_jsonld(jsonld: JsonLd, read_time: ReadTime, article_key: str) -> Found | None:
    """The comments the page's JSON-LD lists, in order, replies after what they answer."""
    tops: list[dict] = []
    listed = jsonld.get("comment")
    for item in listed if isinstance(listed, list) else [listed] if isinstance(listed, dict) else []:
        if isinstance(item, dict):
            tops.append(item)
    nested = {id(child) for node in jsonld.nodes for child in _replies(node)}
    seen = {id(node) for node in tops}
    for node in jsonld.nodes:
        if any(kind in COMMENT_TYPES for kind in _types(node)) and id(node) not in seen and id(node) not in nested:
            tops.append(node)
            seen.add(id(node))
    if not tops:
        return None
    ids = DerivedIds(article_key)
    comments: list[Comment] = []
    by_ref: dict[str, str] = {}

    def add(node: dict, parent: str | None) -> None:
        node = jsonld.resolve(node)
        if not isinstance(node, dict):
            return
        author = clean_name(" ".join(as_names(jsonld.resolve(node.get("author") or node.get("creator")))) or None)
        raw_time = next((as_text(node.get(key)) for key in _TIME_KEYS if as_text(node.get(key))), None)
        text = next((_fragment_text(node.get(key)) for key in _TEXT_KEYS if _fragment_text(node.get(key))), None)
        ref = next((str(node[key]) for key in ("@id", "url", "identifier") if isinstance(node.get(key), (str, int))), None)
        comment_id = _digits_or(ref) or ids.next(author, text)
        if ref:
            by_ref[ref] = comment_id
        parent_ref = node.get("parentItem")
        if isinstance(parent_ref, dict):
            parent_ref = parent_ref.get("@id") or parent_ref.get("url")
        if parent is None and isinstance(parent_ref, str):
            parent = by_ref.get(parent_ref)
        comments.append(Comment(
            comment_id=comment_id, parent_id=parent, author=author, text=text, posted=_when(read_time, raw_time),
            likes=_count(node.get("upvoteCount")), dislikes=_count(node.get("downvoteCount")),
        ))
        for reply in _replies(node):
            add(reply, comment_id)

    for node in tops:
        add(node, None)
    if not any(c.author or c.text for c in comments):
        return None
    count = _count(jsonld.get("commentCount"))
    return Found(comments, True, count)


def _when(read_time: ReadTime, raw: str | None) -> Timestamp:
    return read_time(raw) if raw else Timestamp.empty()


def _replies(node: dict) -> list[dict]:
    replies = node.get("comment") if any(kind in COMMENT_TYPES for kind in _types(node)) else None
    if isinstance(replies, dict):
        return [replies]
    return [reply for reply in replies if isinstance(reply, dict)] if isinstance(replies, list) else []


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _digits_or(ref: str | None) -> str | None:
    if not ref:
        return None
    tail = ref.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    digits = "".join(ch for ch in tail if ch.isdigit())
    return digits or tail or None


# --- microdata -------------------------------------------------------------------
def _is_comment_scope(element: etree._Element) -> bool:
    if element.get("itemscope") is None:
        return False
    props = (element.get("itemprop") or "").lower().split()
    kind = (element.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
    return "comment" in props or kind in ("comment", "usercomments")


def from_microdata(root: etree._Element, read_time: ReadTime, article_key: str) -> Found | None:
    """Comments marked up as schema.org microdata, nesting kept as replies."""
    scopes = [element for element in root.xpath("//*[@itemscope][@itemprop or @itemtype]") if _is_comment_scope(element)]
    if not scopes:
        return None
    scope_set = set(scopes)
    ids = DerivedIds(article_key)
    comments: list[Comment] = []
    id_of: dict = {}
    described = 0
    for scope in scopes:
        parts = _own_props(scope, scope_set)
        author_node = parts["author"] if "author" in parts else parts.get("creator")
        author = None
        if author_node is not None:
            named = next((e for e in author_node.iter() if (e.get("itemprop") or "").lower() == "name"), None)
            holder = named if named is not None else author_node
            author = clean_name(holder.get("content") or " ".join("".join(holder.itertext()).split()))
        time_node = next((parts[key] for key in ("datecreated", "datepublished", "commenttime") if key in parts), None)
        raw_time = None
        if time_node is not None:
            raw_time = time_node.get("content") or time_node.get("datetime") or " ".join(
                "".join(time_node.itertext()).split())
        text_node = next((parts[key] for key in ("text", "commenttext", "description") if key in parts), None)
        leave_out = {node for node in (author_node, time_node) if node is not None}
        leave_out |= {other for other in scope.iter() if other in scope_set and other is not scope}
        text, quote = comment_text(text_node if text_node is not None else scope, leave_out)
        if author or raw_time:
            described += 1
        parent = next((id_of[a] for a in scope.iterancestors() if a in id_of), None)
        comment_id = own_id(scope) or _first_id(scope, scope_set) or ids.next(author, text)
        id_of[scope] = comment_id
        hidden = is_moderated(scope, text)
        comments.append(Comment(
            comment_id=comment_id, parent_id=parent, author=author,
            text=None if hidden else text, quote=None if hidden else quote,
            posted=_when(read_time, raw_time), hidden=hidden,
        ))
    if described < max(1, len(scopes) // 2):
        return None
    tops = [scope for scope in scopes if not any(a in scope_set for a in scope.iterancestors())]
    return Found(comments, holds_all(tops[-1]), count_before(tops[0]))


def _own_props(scope: etree._Element, scopes: set) -> dict:
    """A comment's itemprops, not those of replies nested in it (nor of its author's own item)."""
    found: dict = {}
    stack = list(scope)
    while stack:
        element = stack.pop(0)
        if not isinstance(element.tag, str) or element in scopes:
            continue
        for prop in (element.get("itemprop") or "").lower().split():
            found.setdefault(prop, element)
        if element.get("itemscope") is not None and element.get("itemprop"):
            continue  # the author's Person item: its name is read from it above
        stack[:0] = list(element)
    return found


def _first_id(scope: etree._Element, scopes: set) -> str | None:
    for element in scope.iter():
        if element is scope or not isinstance(element.tag, str):
            continue
        if element in scopes:
            return None
        if element.get("id") and any(ch.isdigit() for ch in element.get("id")):
            return own_id(element)
    return None
