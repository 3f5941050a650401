"""What a fetch of a comment thread changes in the archive, decided without SQL.

The archive keeps evidence: a comment seen for the first time is new; one
seen again whose text, quote or moderation changed is edited (its earlier
state is kept as a version); one the site no longer shows is deleted (marked,
never removed), but only when the whole thread was read, since comments
missing from an incomplete read prove nothing. A re-parse (after a profile
fix) corrects what was read from the same pages instead: nothing counts as
edited, seen again or deleted.

`diff_thread` places every comment of the fetch in its thread (row id,
parent, position, depth) and sorts it into those kinds; the writer turns the
result into SQL.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from scraper.items import Comment

log = logging.getLogger(__name__)


class ArchivedComment(NamedTuple):
    """What the archive holds of a comment, as far as comparing it needs (read by these column names)."""

    id: int
    site_comment_id: str
    author: str | None
    text: str | None
    quote: str | None
    hidden: int
    first_seen: str
    last_seen: str
    edited_at: str | None = None
    deleted_at: str | None = None
    published_local: str | None = None  # what the full-text index holds of its date

    def differs_from(self, comment: Comment) -> bool:
        """The site shows other words, another quote, or a changed moderation."""
        return (comment.text, comment.quote, int(comment.hidden)) != (self.text, self.quote, self.hidden)

    @property
    def shown_since(self) -> str:
        """When its present text was first seen: its last edit, or its first sighting."""
        return self.edited_at or self.first_seen


class Placed(NamedTuple):
    """A comment of this fetch, where it sits in the thread."""

    row_id: int
    comment: Comment
    parent_row_id: int | None
    position: int  # from 1, in the order the pages show the thread
    depth: int  # 0 for a comment that answers nobody


@dataclass
class ThreadDiff:
    new: list[Placed] = field(default_factory=list)
    # Every archived comment seen again, with what the archive held of it; the edited ones are also in `edited`.
    seen_again: list[tuple[Placed, ArchivedComment]] = field(default_factory=list)
    edited: list[tuple[Placed, ArchivedComment]] = field(default_factory=list)
    corrected: list[tuple[Placed, ArchivedComment]] = field(default_factory=list)  # re-parse only
    deleted: list[ArchivedComment] = field(default_factory=list)


def diff_thread(archived: dict[str, ArchivedComment], seen: list[Comment], complete: bool, next_row_id: int,
                reparse: bool = False) -> ThreadDiff:
    """Sort the comments of one fetch (`seen`, in page order) against what is `archived`, by site comment id.

    New comments get row ids counting from `next_row_id`.
    """
    diff = ThreadDiff()
    row_ids: dict[str, int] = {}
    depths: dict[str, int] = {}
    for position, comment in enumerate(unique_ids(seen), 1):
        parent = comment.parent_id
        old = archived.get(comment.comment_id)
        if old is None:
            row_id, next_row_id = next_row_id, next_row_id + 1
        else:
            row_id = old.id
        placed = Placed(row_id, comment, row_ids.get(parent) if parent else None, position,
                        depths.get(parent, -1) + 1 if parent else 0)
        if old is None:
            diff.new.append(placed)
        else:
            if reparse:
                diff.corrected.append((placed, old))
            elif old.differs_from(comment):
                diff.edited.append((placed, old))
            diff.seen_again.append((placed, old))
        row_ids[comment.comment_id] = row_id
        depths[comment.comment_id] = placed.depth
    if complete and not reparse:
        diff.deleted = [old for key, old in archived.items() if key not in row_ids and old.deleted_at is None]
    return diff


def unique_ids(comments: list[Comment]) -> list[Comment]:
    """Keep every comment even when a site repeats an id: later ones get a suffix."""
    if len({comment.comment_id for comment in comments}) == len(comments):
        return comments  # the usual case, without building a new list
    seen: Counter = Counter()
    result = []
    for comment in comments:
        seen[comment.comment_id] += 1
        if seen[comment.comment_id] > 1:
            log.warning("duplicate comment id %s: kept as a separate comment", comment.comment_id)
            comment = replace(comment, comment_id=f"{comment.comment_id}~{seen[comment.comment_id]}")
        result.append(comment)
    return result
