"""The parts of one comment as a page shows it: who, what they wrote, what they quoted.

Shared by the two ways the generic profile finds a thread (schema.org data
and repeated markup), so a comment reads the same whichever found it: the
text keeps its line breaks and leaves out the quoted earlier comment, a
comment the site shows without its text is archived as hidden, and a
comment without an id of its own gets one derived from what it says.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from scraper.profiles.text import INVISIBLE, block_text, remove_keeping_tail
from scraper.sites.model import derived_comment_id

# What a commenter's name is followed by on many sites: "Иван пишет:", "Anna says:".
_SAYS = re.compile(
    r"\s*(?:пишет|написал\(?а?\)?|написала|ответил\(?а?\)?|говорит|says|said|wrote|sagt|schreibt|dijo|a écrit)\s*:?\s*$",
    re.I,
)
_CONNECTOR = re.compile(r"(?:\s+(?:on|am|um|at|в|от))+\s*$", re.I)
_NAME_EDGES = re.compile(r"^[\s,:;–—|@-]+|[\s,:;–—|-]+$")
# Words that are controls, never a name or a comment's text.
CONTROLS = re.compile(
    r"^(?:ответить|цитировать|цитата|пожаловаться|жалоба|удалить|изменить|редактировать|ссылка|поделиться"
    r"|развернуть|свернуть|показать полностью|читать далее|читать полностью"
    r"|reply|quote|report|edit|delete|permalink|link|share|like|expand|collapse|read more|show more"
    r"|antworten|zitieren|melden|responder)$",
    re.I,
)
# What a moderated comment shows instead of its text.
_MODERATED = re.compile(
    r"^(?:комментарий (?:был )?(?:удал[её]н|скрыт|заблокирован)|(?:удален|скрыт|заблокирован)[оа]? модератором"
    r"|сообщение удалено|comment (?:was )?(?:deleted|removed|hidden)|this comment (?:was|has been) (?:deleted|removed))",
    re.I,
)
MODERATED_CLASS = re.compile(r"censor|moderat|deleted|removed|blocked|banned", re.I)
# A visible count of comments: "Комментарии (12)", "12 комментариев", "12 Comments", "5 thoughts on …".
_COUNT_AFTER = re.compile(
    r"(?<![\d.:])(\d{1,6})\s*(?:комментар|коммент|отзыв|ответ|comments?\b|responses?\b|replies\b|thoughts\b"
    r"|kommentar|antwort)",
    re.I,
)
_COUNT_BEFORE = re.compile(r"(?:комментари\w*|обсуждени\w*|отзыв\w*|ответ\w*|comments?|discussion|responses|replies"
                           r"|kommentare)\s*[(:\[]?\s*(\d{1,6})(?![\d.:])", re.I)
# A control that loads more of the thread than the page holds.
MORE = re.compile(
    r"показать (?:ещ[её]|все|больше|остальные|предыдущие)|загрузить|ещ[её] \d+|все комментарии|следующие"
    r"|load more|show more|more comments|view all|view more|older comments|next page|alle kommentare"
    r"|weitere kommentare|mehr kommentare",
    re.I,
)


def clean_name(text: str | None) -> str | None:
    """A commenter's name as shown, without "пишет:" and the punctuation around it."""
    if not text:
        return None
    name = " ".join(text.split())
    name = _SAYS.sub("", name)
    name = _CONNECTOR.sub("", name)  # "Анна в", "Anna on" once the time is left out
    name = _NAME_EDGES.sub("", name)
    if not name or len(name) > 80 or CONTROLS.match(name):
        return None
    return name


def comment_text(element: etree._Element, leave_out: set) -> tuple[str | None, str | None]:
    """(text, quote) of a comment's element, without the parts in `leave_out` (names, times, replies).

    A quoted earlier comment, as a leading `<blockquote>` or leading `>` lines,
    is kept apart from the commenter's own words.
    """
    copied = copy.deepcopy(element)
    for original, duplicate in zip(element.iter(), copied.iter()):
        if original is not element and (original in leave_out or is_control(original)):
            duplicate.set("data-leave-out", "1")
    for node in copied.xpath(".//*[@data-leave-out]"):
        remove_keeping_tail(node)
    quote = None
    quotes = copied.xpath(".//blockquote")
    if quotes:
        first = quotes[0]
        quote = block_text(first) or None
        remove_keeping_tail(first)
    text = block_text(copied, skip=("form", "textarea", "select", "input"))
    if quote is None and text.startswith(">"):
        lines = text.split("\n")
        quoted = [line for line in lines if line.startswith(">")]
        if len(quoted) < len(lines) and all(line.startswith(">") for line in lines[: len(quoted)]):
            quote = "\n".join(line.lstrip("> ").strip() for line in quoted) or None
            text = "\n".join(lines[len(quoted):])
    lines = [line for line in text.split("\n") if not CONTROLS.match(line.strip(" /|·•"))]
    return "\n".join(lines).strip() or None, quote


def is_control(element: etree._Element) -> bool:
    """A reply button, a permalink, a form, a vote counter: never part of what was written."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in INVISIBLE or tag in ("form", "textarea", "input", "select", "button", "svg"):
        return True
    if tag == "a" and "bookmark" in (element.get("rel") or ""):
        return True
    if element.get("hidden") is not None or "display:none" in (element.get("style") or "").replace(" ", ""):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marks.strip()) and bool(_CONTROL_CLASS.search(marks))


_CONTROL_CLASS = re.compile(
    r"(?:^|[\s_-])(?:reply|replies-link|answer-button|vote|votes|rating|likes?|dislikes?|share|actions?|tools?|toolbar"
    r"|avatar|userpic|report|complain|permalink|edit-link|links|respond|comment-form|reply-form|social|buttons?|counter)"
    r"(?:$|[\s_-])",
    re.I,
)


def is_moderated(element: etree._Element, text: str | None) -> bool:
    """The site shows the comment without its text: a moderator removed it."""
    classes = element.get("class") or ""
    return bool(MODERATED_CLASS.search(classes)) or bool(text and _MODERATED.match(text))


def count_shown(text: str | None) -> int | None:
    """The number in "Комментарии (12)", "12 комментариев", "12 Comments"."""
    if not text or len(text) > 120:
        return None
    match = _COUNT_AFTER.search(text) or _COUNT_BEFORE.search(text)
    return int(match.group(1)) if match else None


class DerivedIds:
    """Ids for the comments of one page that the site shows without one.

    The site model derives them (`scraper.sites.model.derived_comment_id`);
    this counts which occurrence of the same comment each is on the page, so
    that a double post stays two comments.
    """

    def __init__(self, article_key: str):
        self.article_key = article_key
        self.seen: dict[tuple[str | None, str | None], int] = {}

    def next(self, author: str | None, text: str | None) -> str:
        occurrence = self.seen[author, text] = self.seen.get((author, text), 0) + 1
        return derived_comment_id(self.article_key, author, text, occurrence)


_ID_DIGITS = re.compile(r"\d{2,}")


def own_id(element: etree._Element) -> str | None:
    """The site's id of a comment, from the attributes sites put it in."""
    for name in ("data-comment-id", "data-commentid", "data-id", "data-cid", "id"):
        value = (element.get(name) or "").strip()
        if value:
            digits = _ID_DIGITS.search(value)
            if name == "id" and not digits:
                continue
            return digits.group() if digits else value
    return None


def count_before(first: etree._Element) -> int | None:
    """The count a heading shows just before a thread's first comment ("Обсуждение (4)")."""
    node = first
    for _ in range(3):
        for sibling in list(node.itersiblings(preceding=True))[:6]:
            if not isinstance(sibling.tag, str) or sibling.tag in INVISIBLE:
                continue
            prop = (sibling.get("itemprop") or "").lower()
            if prop in ("commentcount", "userinteractioncount") and sibling.get("content", "").strip().isdigit():
                return int(sibling.get("content").strip())
            found = count_shown(" ".join("".join(sibling.itertext()).split())[:120])
            if found is not None:
                return found
        node = node.getparent()
        if node is None:
            break
    return None


def holds_all(last: etree._Element, thread: etree._Element | None = None) -> bool:
    """No "load more" control or pager in the thread or after its last comment: the page holds all of it."""
    for element in thread.iter() if thread is not None else ():
        if isinstance(element.tag, str) and _more(element):
            return False
    node = last
    for _ in range(3):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            for element in sibling.iter():
                if isinstance(element.tag, str) and _more(element):
                    return False
        node = node.getparent()
        if node is None:
            break
    return True


def _more(element: etree._Element) -> bool:
    """A pager, or a link or button that loads more comments."""
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if marks.strip() and _PAGER.search(marks):
        return True
    return element.tag in ("a", "button") and bool(MORE.search(" ".join("".join(element.itertext()).split())[:80]))


_PAGER = re.compile(r"load-?more|show-?more|more-?comm|pagination|pager|nav-links|comment-navigation", re.I)
