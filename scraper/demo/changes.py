"""What happens to published articles as the newsroom's days go by.

Every change is decided by a hash of (seed, site, article number, ...) and
happens at a fixed moment, so the state of any article on any day is a pure
function: nothing is stored, and a 100,000-article site costs no memory.

- Edits: some articles get their title or body changed once or twice within
  two days of publication; the page then shows a modified time.
- Moderators delete some comments (never one that has replies).
- Removals: now and then an article is taken down within two days of
  publication (404, or a redirect to the front page). Only from day 2 on:
  day 1 is the newsroom as first seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from hashlib import blake2b

EDIT_SHARE = 0.18  # articles edited at least once
SECOND_EDIT_SHARE = 0.3  # of those, edited twice
REMOVAL_SHARE = 0.04
DELETION_SHARE = 0.06  # comments without replies that a moderator deletes
REMOVAL_DELAY = (timedelta(hours=4), timedelta(hours=44))
EDIT_DELAY = (timedelta(minutes=40), timedelta(hours=24))  # after publication, or after the first edit
EDIT_REACH = 2 * EDIT_DELAY[1]  # no edit comes later than this after publication


def unit(*parts: object) -> float:
    """A number in [0, 1) fixed by `parts`: cheap, stable across runs and machines."""
    digest = blake2b("/".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def between(low: timedelta, high: timedelta, *parts: object) -> timedelta:
    return low + (high - low) * unit(*parts)


@dataclass(frozen=True)
class Edit:
    moment: datetime
    field: str  # "title" or "body"
    number: int  # 1 for the first edit of the article


@dataclass(frozen=True)
class Removal:
    moment: datetime
    status: int  # 404, or 301 to the front page


def edits(seed: int, site: str, number: int, published: datetime) -> tuple[Edit, ...]:
    if unit(seed, site, number, "edit") >= EDIT_SHARE:
        return ()
    count = 2 if unit(seed, site, number, "edit2") < SECOND_EDIT_SHARE else 1
    found, moment = [], published
    for k in range(1, count + 1):
        moment = moment + between(*EDIT_DELAY, seed, site, number, "edit-at", k)
        field = "title" if unit(seed, site, number, "edit-field", k) < 0.4 else "body"
        found.append(Edit(moment.replace(second=0, microsecond=0), field, k))
    return tuple(found)


def last_edit(seed: int, site: str, number: int, published: datetime, now: datetime) -> datetime | None:
    done = [edit.moment for edit in edits(seed, site, number, published) if edit.moment <= now]
    return done[-1] if done else None


def removal(seed: int, site: str, number: int, published: datetime, not_before: datetime) -> Removal | None:
    """When (if ever) the article is taken down; never at or before `not_before`."""
    if unit(seed, site, number, "removal") >= REMOVAL_SHARE:
        return None
    moment = published + between(*REMOVAL_DELAY, seed, site, number, "removal-at")
    if moment <= not_before:
        return None
    status = 404 if unit(seed, site, number, "removal-kind") < 0.5 else 301
    return Removal(moment.replace(second=0, microsecond=0), status)


def deletion(seed: int, site: str, comment_id: int, posted: datetime) -> datetime | None:
    """When a moderator deletes this comment, if ever."""
    if unit(seed, site, comment_id, "delete") >= DELETION_SHARE:
        return None
    return posted + between(timedelta(minutes=20), timedelta(hours=30), seed, site, comment_id, "delete-at")
