"""Reader comments of a page no profile knows, wherever its markup carries them.

`find_thread` asks, in order, the page's schema.org JSON-LD, its schema.org
microdata, and last its structure (`repeated`: the repeated block under the
article). It says where it found the thread (`structured` or `repeated
markup`, the archive's `comments_found_in`), whether the page holds all of it
(no "load more" control), and the count the page shows. A page that carries
no comments in its markup gives none: finding nothing is the right answer
there, inventing one is the failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from scraper.items import Comment
from scraper.profiles.structured import JsonLd
from scraper.profiles.threads.repeated import ReadTime, RepeatedMarkup, find_repeated
from scraper.profiles.threads.structured import from_jsonld, from_microdata

__all__ = ["FoundThread", "REPEATED_MARKUP", "STRUCTURED", "find_thread"]

STRUCTURED = "structured"
REPEATED_MARKUP = "repeated markup"


@dataclass
class FoundThread:
    comments: list[Comment] = field(default_factory=list)
    found_in: str | None = None  # STRUCTURED, REPEATED_MARKUP, or None: no thread in the markup
    complete: bool = True  # False: the page holds only part of the thread ("load more")
    count_shown: int | None = None


def find_thread(root: etree._Element, jsonld: JsonLd, read_time: ReadTime, article_key: str,
                start: etree._Element | None = None) -> FoundThread:
    """The page's comment thread: schema.org JSON-LD, then (where the page has a part that says it
    holds comments) schema.org microdata, then repeated markup."""
    found = from_jsonld(jsonld, read_time, article_key)
    if found is not None and found.comments:
        return FoundThread(found.comments, STRUCTURED, found.complete, found.count_shown)
    finder = RepeatedMarkup(root, read_time, article_key, start)
    if not finder.regions():
        return FoundThread()
    for found_in, read in ((STRUCTURED, lambda: from_microdata(root, read_time, article_key)),
                           (REPEATED_MARKUP, lambda: find_repeated(finder))):
        found = read()
        if found is not None and found.comments:
            return FoundThread(found.comments, found_in, found.complete, found.count_shown)
    return FoundThread()
