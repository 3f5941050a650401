"""Which comment each comment of a thread found by structure answers.

Sites show replies in three ways: an explicit parent id in a data attribute
(`data-parent-id="9001"`); nesting (a reply inside the element of the comment
it answers, or in a "children" block right after it, as `div.indented`);
or, on flat lists, a depth marker (a `level-N` class, a left margin, an
indent image's width), where a comment answers the nearest one above it a
level up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.profiles.threads.repeated import RepeatedMarkup

_PARENT_DATA = ("data-parent", "data-parent-id", "data-parentid", "data-parent_id", "data-reply-to", "data-replyto",
                "data-answer-to", "data-pid")
_DEPTH_CLASS = re.compile(r"(?:depth|level|lvl|indent|nesting|nested)[-_]?(\d{1,2})(?!\d)", re.I)
_INDENT_STYLE = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(px|em|rem|%)?", re.I)
_SPACER = re.compile(r"spacer|indent|blank|pixel|dot\.|transparent|1x1|s\.gif", re.I)
_CHILDREN_CLASS = re.compile(r"indent|children|child-|replies|answers|nested|sub-?comm|ответы|reply-list", re.I)


def replies(finder: RepeatedMarkup, blocks: list, ids: list[str]) -> list[int | None]:
    """The index of the block each block answers, or None."""
    explicit = _explicit(finder, blocks, ids)
    if explicit is not None:
        return explicit
    nested = _nested(finder, blocks)
    if any(parent is not None for parent in nested):
        return nested
    return _marked(finder, blocks)


def _explicit(finder: RepeatedMarkup, blocks: list, ids: list[str]) -> list[int | None] | None:
    values = []
    for block in blocks:
        value = None
        for holder in (block.element, *finder.ancestors(block.element, 3)):
            for attribute in _PARENT_DATA:
                if holder.get(attribute) is not None:
                    value = holder.get(attribute).strip()
                    break
            if value is not None:
                break
        values.append(value)
    if all(value is None for value in values):
        return None
    index = {comment_id: i for i, comment_id in enumerate(ids)}
    digits = {re.sub(r"\D", "", comment_id): i for i, comment_id in enumerate(ids)}
    parents = []
    for i, value in enumerate(values):
        if not value or value.strip("0") == "":
            parents.append(None)
            continue
        parent = index.get(value, digits.get(re.sub(r"\D", "", value)))
        parents.append(parent if parent is not None and parent != i else None)
    return parents


def _nested(finder: RepeatedMarkup, blocks: list) -> list[int | None]:
    chains = [set(finder.ancestors(block.element)) for block in blocks]
    units_in: dict = {}
    for i, block in enumerate(blocks):
        for ancestor in finder.ancestors(block.element):
            units_in.setdefault(ancestor, []).append(i)
    items = []
    for i, block in enumerate(blocks):
        item = block.element
        for ancestor in finder.ancestors(block.element):
            others = [j for j in units_in.get(ancestor, []) if j != i]
            if any(blocks[j].depth <= block.depth or j < i for j in others):
                break
            item = ancestor
        items.append(item)
    parents: list[int | None] = []
    for j, block in enumerate(blocks):
        parent = None
        for i in range(j - 1, -1, -1):
            if items[i] in chains[j]:
                parent = i
                break
        if parent is None:
            parent = _after(finder, blocks, j)
        parents.append(parent)
    return parents


def _after(finder: RepeatedMarkup, blocks: list, j: int) -> int | None:
    """Replies in a "children" block right after the comment they answer (`div.indented`, `ul.replies`)."""
    for ancestor in finder.ancestors(blocks[j].element, 10):
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if not _CHILDREN_CLASS.search(marks):
            continue
        start = finder.order.get(ancestor, 0)
        before = [i for i in range(j) if blocks[i].order < start]
        if before:
            return before[-1]
    return None


def _marked(finder: RepeatedMarkup, blocks: list) -> list[int | None]:
    """Flat lists with a depth marker: a class, an indent, a spacer image's width."""
    marks = [_depth_mark(finder, block) for block in blocks]
    known = [mark for mark in marks if mark is not None]
    if len(set(known)) < 2:
        return [None] * len(blocks)
    levels = {value: level for level, value in enumerate(sorted(set(known)))}
    parents: list[int | None] = []
    stack: list[tuple[int, int]] = []
    for i, mark in enumerate(marks):
        level = levels.get(mark, 0) if mark is not None else 0
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents.append(stack[-1][1] if stack and level > 0 else None)
        stack.append((level, i))
    return parents


def _depth_mark(finder: RepeatedMarkup, block) -> float | None:
    for holder in (block.element, *finder.ancestors(block.element, 2)):
        match = _DEPTH_CLASS.search(holder.get("class") or "")
        if match:
            return float(match.group(1))
        match = _INDENT_STYLE.search(holder.get("style") or "")
        if match:
            return float(match.group(1))
    for image in block.element.iter("img"):
        width = image.get("width")
        if width and width.isdigit() and (_SPACER.search(image.get("src") or "") or not image.get("alt")):
            if int(width) == 0 or _SPACER.search(image.get("src") or ""):
                return float(width)
        break
    return None
