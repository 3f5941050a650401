"""What the demo sites publish, before any layout renders it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class DemoComment:
    id: int
    author: str
    text: str | None  # None: hidden by a moderator, shown without text
    posted: datetime
    parent: int | None = None  # id of the comment it answers
    quote: tuple[str, str] | None = None  # (author, text) of a quoted comment
    likes: int | None = None
    dislikes: int | None = None
    deleted_at: datetime | None = None  # when a moderator deletes it from the page


@dataclass
class DemoImage:
    url: str
    caption: str | None
    credit: str | None


@dataclass
class DemoArticle:
    id: int
    rubric: str
    title: str
    paragraphs: list[str]
    published: datetime
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[DemoImage] = field(default_factory=list)
    comments: list[DemoComment] = field(default_factory=list)  # in page order
    modified: datetime | None = None
    slug: str = ""  # from the title as first published; URLs keep it after edits

    @property
    def lead(self) -> str:
        return self.paragraphs[0]
