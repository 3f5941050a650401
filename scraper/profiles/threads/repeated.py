"""Comments found by the page's structure: the repeated block under the article.

A reader comment, whatever the site, is a block with a name, a time and some
text, repeated once per comment. This module finds those blocks without
knowing the site:

1. every element after the headline that holds a time `scraper.dates` reads
   (a `<time datetime>`, a unix-seconds or ISO attribute, a `title` beside a
   short printed form, or short text such as "сегодня в 11:49");
2. for each time, the smallest block around it that also holds a name and
   some text of its own, and no other time: one comment;
3. the blocks of the same tag-and-class shape, inside a part of the page that
   says it is about comments (its classes, ids or schema.org names), are the
   thread; a lone block elsewhere, teasers, clocks and sidebars are not;
4. replies (`replies.py`): explicit parent ids in data attributes, else nesting (a comment's
   replies inside its element, or in the "children" block right after it),
   else a depth marker on flat lists (a `level-N` class, a margin, an indent
   image's width).

Nothing here fetches anything: it reads an lxml tree and a function that
reads a printed time in the site's zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from scraper.dates import Timestamp
from scraper.items import Comment
from scraper.profiles.text import INVISIBLE, block_text
from scraper.profiles.threads.replies import replies
from scraper.profiles.threads.parts import (
    CONTROLS, DerivedIds, clean_name, comment_text, count_shown, holds_all, is_control, is_moderated, own_id,
)

ReadTime = Callable[[str], Timestamp]

# Parts of a page that hold no comments of this article: menus, sidebars, other stories' "best comment".
SKIPPED_TAGS = frozenset(INVISIBLE | {"head", "nav", "aside", "select", "svg", "math"})
_ELSEWHERE = re.compile(
    r"sidebar|side-bar|widget|popular|best-?comm|top-?comm|most-|recommend|related|teaser|trending|banner|advert"
    r"|footer-|site-header|site-footer|breadcrumb|menu",
    re.I,
)
# The vocabulary of comment sections, in classes, ids and schema.org names.
_THREAD_WORDS = re.compile(r"comm(?!erc|unit|on)|коммент|repl(?:y|ies)|discus|disqus|отзыв|ответ|usercomment", re.I)
# Another story's comments, or page furniture, around a region: not this article's thread.
_OTHER_STORIES = re.compile(r"sidebar|side-bar|popular|best-?comm|top-?comm|most-|recommend|related|teaser|trending"
                            r"|footer|site-header|menu", re.I)
_HEADING = re.compile(r"^\s*(?:\d+\s*)?(?:комментари|обсуждени|отзыв|comments|responses|discussion|kommentare)", re.I)
# What a time looks like in text, before it is worth asking `scraper.dates`.
_TIMEISH = re.compile(
    r"\d{1,2}[:.]\d{2}|\d{4}|назад|ago\b|сегодня|вчера|сьогодні|вчора|today|yesterday|только что|just now"
    r"|\d{1,2}\s+[а-яa-z]{3}",
    re.I,
)
_CLOCK_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}$")
# A sentence that mentions a time ("Воду дали в 17:30, раньше срока.") is text, not a timestamp.
_SENTENCE = re.compile(r"^(?:\S+\s+){4,}\S*[.!?…]$")
_TIME_ATTRIBUTES = ("datetime", "data-datetime", "data-time", "data-timestamp", "data-date", "data-created",
                    "data-created-at", "data-ts", "data-utime", "data-published", "data-unixtime")
_TIME_PROPS = frozenset({"datecreated", "datepublished", "commenttime", "uploaddate"})
_INLINE = frozenset({"b", "i", "em", "strong", "span", "a", "br", "time", "small", "sup", "sub", "abbr", "font"})
# A class that names a name: its last part is one of these ("comment-author", "info-nick", "author-link").
_NAME_WORDS = frozenset({"fn", "nick", "nickname", "username", "login", "name", "user", "author", "commentator",
                         "poster", "autor", "avtor"})
_NAME_TAIL = frozenset({"link", "name", "text", "title"})
_PROFILE_LINK = re.compile(r"/(?:users?|profiles?|members?|people|u|id|author|authors|profil)/", re.I)
_NAME_DATA = ("data-author", "data-username", "data-user-name", "data-user", "data-nick", "data-name", "data-login")
_VARIABLE_CLASS = re.compile(
    r"^(?:even|odd|alt|first|last|parent|clearfix|byuser|bypostauthor|new|unread|highlighted?|selected|active"
    r"|collapsed|expanded|hidden|visible|is-.*|has-.*|js-.*|thread-.*|comment-author-.*|depth-n|level-n|lvl-n"
    r"|comment-by-.*|col-.*|.*--.*)$"
)


@dataclass
class Block:
    """One comment's block on the page."""

    element: etree._Element
    anchor: etree._Element
    raw_time: str
    time: Timestamp
    order: int
    depth: int
    name_element: etree._Element | None = None
    author: str | None = None
    meta: list = field(default_factory=list)  # the block's children that hold its name or time
    has_text: bool = False


@dataclass
class Found:
    comments: list[Comment]
    complete: bool
    count_shown: int | None


class RepeatedMarkup:
    """The thread of one page, found by structure (see the module doc)."""

    def __init__(self, root: etree._Element, read_time: ReadTime, article_key: str,
                 start: etree._Element | None = None):
        self.root = root
        self.read_time = read_time
        self.article_key = article_key
        self.start = start
        self.order: dict = {}
        self.depth: dict = {}
        self.parent_of: dict = {}
        self.timeish: set = set()  # every element that holds a time, kept or not
        self._regions: list | None = None

    # --- 0. where to look -----------------------------------------------------------
    def regions(self) -> list:
        """The parts of the page that call themselves a comment section (by class, id, schema.org name,
        or a heading "Комментарии"), outermost first. Nothing else is searched, which keeps pages
        without comments cheap: this one pass is all they cost."""
        if self._regions is not None:
            return self._regions
        found = []
        for element in self.root.iter():
            attributes = element.attrib
            tag = element.tag
            if tag in ("h2", "h3", "h4", "h5"):
                if _HEADING.match(" ".join("".join(element.itertext()).split())) and element.getparent() is not None:
                    found.append(element.getparent())
            elif attributes:
                marks = " ".join(filter(None, (attributes.get("class"), attributes.get("id"), attributes.get("itemprop"),
                                               attributes.get("itemtype"), attributes.get("typeof"))))
                if marks and _THREAD_WORDS.search(marks):
                    found.append(element)
        chosen = set(found)
        self._regions = []
        for element in found:
            if element in self._regions:
                continue
            ancestors = list(element.iterancestors())
            # A sidebar holds the region (its near containers say so); a page's "with-sidebar" body does not.
            if any(a in chosen for a in ancestors) or any(_elsewhere(a) for a in (element, *ancestors[:5])):
                continue
            self._regions.append(element)
        return self._regions

    # --- 1. times --------------------------------------------------------------
    def _walk(self, regions: list) -> list:
        """The regions' elements in document order with their depth; menus, sidebars and scripts left out."""
        found = []
        index = 0
        for region in regions:
            stack = [(region, 0)]
            while stack:
                element, depth = stack.pop()
                tag = element.tag if isinstance(element.tag, str) else None
                if tag is None or tag in SKIPPED_TAGS:
                    continue
                marks = element.get("class") or element.get("id")
                if marks and depth and _ELSEWHERE.search(f"{element.get('class', '')} {element.get('id', '')}"):
                    continue
                self.order[element] = index
                self.depth[element] = depth
                index += 1
                found.append(element)
                for child in reversed(element):
                    self.parent_of[child] = element
                    stack.append((child, depth + 1))
        return found

    def _moment(self, element: etree._Element) -> tuple[str, bool] | None:
        """(raw time, machine-readable) if the element holds one."""
        tag = element.tag
        attributes = element.attrib
        if attributes:
            for name in _TIME_ATTRIBUTES:
                value = attributes.get(name)
                if value and value.strip():
                    return value.strip(), True
            prop = attributes.get("itemprop")
            if prop and prop.lower() in _TIME_PROPS:
                value = attributes.get("content") or attributes.get("datetime")
                if value:
                    return value.strip(), True
            title = attributes.get("title")
            if title and len(title) <= 60 and _TIMEISH.search(title):
                return title.strip(), True
        if tag == "time" or len(element) <= 3:
            if len(element) and any(not isinstance(c.tag, str) or c.tag not in _INLINE for c in element):
                return None
            text = " ".join("".join(element.itertext()).split())
            if 4 <= len(text) <= 60 and _TIMEISH.search(text) and not _SENTENCE.search(text):
                return text, False
        return None

    def _anchors(self, elements: list) -> dict:
        """Each element holding a comment's time, with its reading; nested ones resolved to the better."""
        anchors: dict = {}
        for element in elements:
            moment = self._moment(element)
            if moment is None:
                continue
            raw, machine = moment
            stamp = self.read_time(raw)
            if stamp.value is None:
                continue
            if machine and stamp.precision == "day" and element.tag == "time":
                # `<time datetime="2020-07-29">29.07.2020 // 12:56</time>`: the text gives the time of that day.
                text = " ".join("".join(element.itertext()).split())
                printed = self.read_time(text) if text else stamp
                if printed.value is not None and printed.precision in ("minute", "second") \
                        and printed.value.date() == stamp.value.date():
                    raw, stamp = text, printed
            self.timeish.add(element)
            weak = not machine and bool(_CLOCK_ONLY.match(raw))
            anchors[element] = (raw, stamp, (not weak, _rank(stamp.precision), machine))
        self._join_split(anchors)
        # A time inside another (a <time> in a date line, a day and a clock in one line):
        # keep the one that says more.
        for element in list(anchors):
            ancestor = self.parent_of.get(element)
            for _ in range(4):
                if ancestor is None:
                    break
                if ancestor in anchors and element in anchors:
                    inner, outer = anchors[element][2], anchors[ancestor][2]
                    if outer > inner:
                        del anchors[element]
                    else:
                        del anchors[ancestor]
                    break
                ancestor = self.parent_of.get(ancestor)
        return anchors

    def _join_split(self, anchors: dict) -> None:
        """A day and a clock printed in two elements side by side ("15.08.2022" "13:43"): one time."""
        for clock in [element for element, (raw, _, quality) in anchors.items() if not quality[0]]:
            holder = self.parent_of.get(clock)
            for _ in range(2):
                if holder is None:
                    break
                days = [e for e in holder.iter() if e in anchors and e is not clock and anchors[e][1].precision == "day"]
                if days:
                    day = days[0]
                    raw = f"{anchors[day][0]} {anchors[clock][0]}"
                    stamp = self.read_time(raw)
                    if stamp.value is not None and stamp.precision in ("minute", "second"):
                        anchors[day] = (raw, stamp, (True, _rank(stamp.precision), False))
                        del anchors[clock]
                    break
                holder = self.parent_of.get(holder)

    # --- 2. blocks ---------------------------------------------------------------
    def _names(self, elements: list) -> set:
        """Elements that look like a commenter's name."""
        names = set()
        for element in elements:
            attributes = element.attrib
            tag = element.tag
            prop = (attributes.get("itemprop") or "").lower()
            if prop in ("author", "creator", "name") or tag == "cite":
                names.add(element)
            elif _names_a_name(attributes.get("class")):
                names.add(element)
            elif tag == "a" and _PROFILE_LINK.search(attributes.get("href") or ""):
                names.add(element)
            elif any(attributes.get(name) for name in _NAME_DATA):
                names.add(element)
        return names

    def ancestors(self, element: etree._Element, limit: int = 40) -> list:
        found = []
        element = self.parent_of.get(element)
        while element is not None and len(found) < limit:
            found.append(element)
            element = self.parent_of.get(element)
        return found

    def _blocks(self, anchors: dict, names: set) -> list[Block]:
        times_in: dict = {}
        for anchor in anchors:
            for ancestor in [anchor, *self.ancestors(anchor)]:
                times_in[ancestor] = times_in.get(ancestor, 0) + 1
        named: set = set()
        for name in names:
            for ancestor in [name, *self.ancestors(name, 14)]:
                named.add(ancestor)
        blocks = []
        for anchor, (raw, stamp, _) in anchors.items():
            chosen, meta, has_text = None, [], False
            element, highest = anchor, anchor
            if len(anchor) and anchor in named:
                # The time in an attribute of the comment's own element (`<li data-ts="…">`).
                own, free = self._own_text(anchor, times_in, named, self.timeish - {anchor})
                if own:
                    chosen, meta, has_text = anchor, free, True
            for _ in range(12 if chosen is None else 0):
                parent = self.parent_of.get(element)
                if parent is None or times_in.get(parent, 0) > 1:
                    break
                element = highest = parent
                if element not in named or (element in names and not _data_name(element)):
                    continue  # a name's own box is no comment (one that only carries it in an attribute may be)
                own, free = self._own_text(element, times_in, named, self.timeish)
                if own:
                    chosen, meta, has_text = element, free, True
                    break
            if chosen is None:
                chosen = highest  # a comment without text: collapsed, or only a picture
                meta = [child for child in chosen if child in named or times_in.get(child)]
            block = Block(chosen, anchor, raw, stamp, self.order.get(chosen, 0), self.depth.get(chosen, 0),
                          meta=meta, has_text=has_text)
            self._name_of(block, names)
            blocks.append(block)
        blocks.sort(key=lambda b: b.order)
        return blocks

    @staticmethod
    def _own_text(element: etree._Element, times_in: dict, named: set, timeish: set) -> tuple[bool, list]:
        """Whether the element holds text apart from its name and time; and its children that hold those."""
        meta, words = [], []
        if element.text and element.text.strip():
            words.append(element.text.strip())
        for child in element:
            if not isinstance(child.tag, str):
                if child.tail and child.tail.strip():
                    words.append(child.tail.strip())
                continue
            if times_in.get(child) or child in named or child in timeish:
                meta.append(child)
            elif not is_control(child):
                text = " ".join("".join(child.itertext()).split())
                if text and not CONTROLS.match(text):
                    words.append(text)
            if child.tail and child.tail.strip():
                words.append(child.tail.strip())
        text = " ".join(words)
        return len(re.sub(r"[\W_]+", "", text)) >= 2 and not _only_says(text), meta

    def _name_of(self, block: Block, names: set) -> None:
        """The commenter's name: schema.org, a cite or name class, a profile link, a data attribute, a bold name."""
        candidates = []
        for element in block.element.iter():
            if element in names and element is not block.element:
                candidates.append(element)
        best, best_rank = None, None
        for element in candidates:
            rank = _name_rank(element)
            name = _name_text(element, self.timeish)
            if name and (best_rank is None or rank < best_rank):
                best, best_rank, block.author = element, rank, name
        block.name_element = best
        if block.author is None:
            for holder in (block.element, *self.ancestors(block.element, 3)):
                for attribute in _NAME_DATA:
                    name = clean_name(holder.get(attribute))
                    if name:
                        block.author = name
                        return
            # A bold or linked name before the time, in the block's meta part ("<strong>Анна</strong> в 12:00").
            for holder in block.meta or [block.element]:
                for element in holder.iter("b", "strong", "a"):
                    name = clean_name(" ".join("".join(element.itertext()).split()))
                    if name and len(name.split()) <= 5 and not self.read_time(name).value:
                        block.author, block.name_element = name, element
                        return

    # --- 3. the thread -------------------------------------------------------------
    def _shape(self, element: etree._Element) -> tuple:
        tokens = []
        for token in (element.get("class") or "").lower().split():
            token = re.sub(r"\d+", "n", token)
            if not _VARIABLE_CLASS.match(token):
                tokens.append(token)
        if not tokens:
            parent = self.parent_of.get(element)
            parent_tokens = tuple(sorted((parent.get("class") or "").lower().split())) if parent is not None else ()
            return element.tag, ("^",) + tuple(t for t in parent_tokens if not _VARIABLE_CLASS.match(re.sub(r"\d+", "n", t)))
        return element.tag, tuple(sorted(tokens))

    def _groups(self, blocks: list[Block]) -> list[list[Block]]:
        groups: list[tuple[tuple, list[Block]]] = []
        for block in blocks:
            tag, tokens = self._shape(block.element)
            for (other_tag, other_tokens), members in groups:
                if tag == other_tag and _alike(tokens, other_tokens):
                    members.append(block)
                    break
            else:
                groups.append(((tag, tokens), [block]))
        return [members for _, members in groups]

    def _about_comments(self, members: list[Block]) -> bool:
        """The blocks sit in a part of the page that calls itself a comment section."""
        seen = set()
        for block in members[:5]:
            for element in (block.element, *self.ancestors(block.element, 8)):
                if element in seen:
                    continue
                seen.add(element)
                marks = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"),
                                               element.get("itemtype"), element.get("typeof"), element.get("name"))))
                if marks and _THREAD_WORDS.search(marks):
                    return True
        # A heading "Комментарии (12)" right before the thread.
        root = self.common_ancestor(members)
        for element in root.iter("h1", "h2", "h3", "h4", "h5", "div", "span", "p"):
            if self.order.get(element, 10**9) >= members[0].order:
                break
            text = element.text or ""
            if _HEADING.match(text):
                return True
        return False

    def common_ancestor(self, members: list[Block]) -> etree._Element:
        first = [members[0].element, *self.ancestors(members[0].element)]
        for block in members[1:]:
            chain = {block.element, *self.ancestors(block.element)}
            first = [element for element in first if element in chain]
        return first[0] if first else self.root

    def thread(self) -> list[Block]:
        regions = self.regions()
        if not regions:
            return []
        elements = self._walk(regions)
        anchors = self._anchors(elements)
        if not anchors:
            return []
        blocks = self._blocks(anchors, self._names(elements))
        candidates = [
            members for members in self._groups(blocks)
            if sum(1 for b in members if b.author and b.has_text) >= max(1, len(members) // 2)
            and self._about_comments(members)
        ]
        if not candidates:
            return []
        return max(candidates, key=lambda members: (sum(1 for b in members if b.author and b.has_text), -members[0].order))

    # --- the thread's surroundings ---------------------------------------------------
    def surroundings(self, blocks: list[Block]) -> tuple[bool, int | None]:
        """(whole, count shown): a "load more" control means the page holds only part of the thread;
        the count is the nearest "Комментарии (12)" before the first comment."""
        root = self.common_ancestor(blocks) if len(blocks) > 1 else self.parent_of.get(blocks[0].element)
        if root is None:
            return True, None
        count = None
        area = self.parent_of.get(root)
        for element in (root if area is None else area).iter():
            if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
                continue
            order = self.order.get(element)
            if order is None or order >= blocks[0].order:
                continue
            if len(element) <= 4:
                prop = (element.get("itemprop") or "").lower()
                if prop in ("commentcount", "userinteractioncount"):
                    count = _to_int(element.get("content") or block_text(element)) or count
                else:
                    count = count_shown(" ".join("".join(element.itertext()).split())[:120]) or count
        return holds_all(blocks[-1].element, root), count


def find_repeated(finder: RepeatedMarkup) -> Found | None:
    """The comments the page shows as repeated blocks, or None if it shows none."""
    article_key = finder.article_key
    blocks = finder.thread()
    if not blocks:
        return None
    ids_made = DerivedIds(article_key)
    texts, ids = [], []
    for block in blocks:
        leave_out = set(block.meta)
        if block.name_element is not None:
            leave_out.add(block.name_element)
        leave_out.add(block.anchor)
        text, quote = comment_text(block.element, leave_out) if block.has_text else (None, None)
        texts.append((text, quote))
        own = own_id(block.element) or _nearest_id(finder, block, blocks)
        ids.append(own or ids_made.next(block.author, text))
    parents = replies(finder, blocks, ids)
    comments = []
    for block, (text, quote), comment_id, parent in zip(blocks, texts, ids, parents):
        hidden = is_moderated(block.element, text)
        comments.append(Comment(
            comment_id=comment_id,
            parent_id=ids[parent] if parent is not None else None,
            author=block.author,
            text=None if hidden else text,
            quote=None if hidden else quote,
            posted=block.time,
            hidden=hidden,
        ))
    whole, count = finder.surroundings(blocks)
    return Found(comments, whole, count)


def _nearest_id(finder: RepeatedMarkup, block: Block, blocks: list[Block]) -> str | None:
    """A comment's id on the element around its block (`li#comment-42`), if that holds no other comment."""
    others = {other.element for other in blocks if other is not block}
    for holder in finder.ancestors(block.element, 2):
        if any(element in others for element in holder.iter()):
            return None
        found = own_id(holder)
        if found:
            return found
    return None


def _elsewhere(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    if element.tag in ("aside", "nav", "footer", "header") and element.getparent() is not None \
            and element.getparent().tag == "body":
        return True
    if element.tag in ("aside", "nav"):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marks.strip()) and bool(_OTHER_STORIES.search(marks))


def _rank(precision: str | None) -> int:
    return {"second": 6, "minute": 5, "hour": 4, "day": 3, "week": 2, "month": 1}.get(precision or "", 0)


def _name_rank(element: etree._Element) -> int:
    prop = (element.get("itemprop") or "").lower()
    classes = (element.get("class") or "").lower()
    if prop in ("author", "creator"):
        return 0
    if prop == "name" or element.tag == "cite" or re.search(r"(?:^|[\s_-])fn(?:$|[\s_-])", classes):
        return 1
    if re.search(r"nick|user-?name|login|commentator", classes):
        return 2
    if "name" in classes:
        return 3
    if "author" in classes or "user" in classes:
        return 4
    return 5


def _name_text(element: etree._Element, times: set) -> str | None:
    for holder in element.iter():
        if holder is not element and (holder.get("itemprop") or "").lower() == "name":
            return clean_name(holder.get("content") or " ".join("".join(holder.itertext()).split()))
    for attribute in _NAME_DATA:
        if element.get(attribute):
            return clean_name(element.get(attribute))
    # A name inside the box ("<strong>Анна</strong> on <a>…</a> said:"), else the box's own text,
    # without the comment's time it may also hold ("Анна <time>…</time>").
    for inner in element.iterdescendants("b", "strong", "a", "cite"):
        if inner not in times:
            name = clean_name(" ".join(_text_without(inner, times).split()))
            if name and len(name.split()) <= 5:
                return name
    text = " ".join(_text_without(element, times).split())
    name = clean_name(text)
    if name and (len(name.split()) > 6 or _TIMEISH.search(name) and len(name) > 20):
        return None
    return name


def _text_without(element: etree._Element, left_out: set) -> str:
    """The element's text, without the text of the elements in `left_out` inside it."""
    parts = [element.text or ""]
    for child in element:
        if child not in left_out and isinstance(child.tag, str):
            parts.append(_text_without(child, left_out))
        parts.append(child.tail or "")
    return "".join(parts)


def _names_a_name(classes: str | None) -> bool:
    for token in (classes or "").lower().split():
        parts = [part for part in re.split(r"[-_]+", token) if part]
        if parts and (parts[-1] in _NAME_WORDS or len(parts) > 1 and parts[-2] in _NAME_WORDS and parts[-1] in _NAME_TAIL):
            return True
    return False


def _data_name(element: etree._Element) -> bool:
    return any(element.get(attribute) for attribute in _NAME_DATA)


def _alike(tokens: tuple, others: tuple) -> bool:
    if tokens == others:
        return True
    a, b = set(tokens), set(others)
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


_SAYS_ONLY = re.compile(r"^(?:пишет|написал\(?а?\)?|says|said|wrote|sagt|schreibt|dijo|on|am|um|at|в|:|,|-|—|\|)+$", re.I)


def _only_says(text: str) -> bool:
    return bool(_SAYS_ONLY.match(re.sub(r"\s+", "", text)))


def _to_int(text: str | None) -> int | None:
    match = re.search(r"\d{1,6}", text or "")
    return int(match.group()) if match else None
