"""Scrapy responses as the plain pages profiles read (`scraper.pages.Page`).

The one module that knows Scrapy's responses: their headers, the charset
they declare, and the one their bytes are really in when the two differ.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime, timezone

from scrapy.http import HtmlResponse, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from scraper.pages import Page


def headers_of(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def declared_encoding(response: Response) -> str:
    """The encoding the response declares (or Scrapy inferred), as a codec name."""
    return _codec(response.encoding if isinstance(response, TextResponse) else "utf-8")


def declares_charset(response: Response) -> bool:
    """Whether the response names its charset (HTTP header, `<meta>`, or a byte order mark)."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    return bool(
        http_content_type_encoding(content_type) or read_bom(response.body)[0]
        or html_body_declared_encoding(response.body)
    )


def page_of(response: Response, fetched_at: datetime | None = None) -> Page:
    """The page, decoded the way its bytes really are (see `true_encoding`).

    A page rendered in the browser comes with the JSON answers its script
    fetched (scraper/rendering/).
    """
    declared = declared_encoding(response)
    fetched_at = fetched_at or datetime.now(timezone.utc)
    rendering = response.meta.get("rendering") if response.request is not None else None
    return Page(
        url=response.url,
        body=response.body,
        fetched_at=fetched_at,
        status=response.status,
        headers=headers_of(response),
        encoding=true_encoding(response.body, declared) or declared,
        answers=tuple(
            Page(answer.url, answer.body, fetched_at, answer.status, {k.lower(): v for k, v in answer.headers.items()})
            for answer in (rendering.answers if rendering is not None and response.meta.get("playwright") else ())
        ),
    )


# A page this big is a fault or a trap; it is archived whole all the same, and said.
LARGE_PAGE_BYTES = 5_000_000


def page_problems(response: Response, page: Page) -> list[tuple[str, str, tuple]]:
    """What is wrong with a page that was read anyway: (kind, message, arguments) for the run's problems."""
    found = []
    declared = declared_encoding(response)
    if isinstance(response, HtmlResponse) and not declares_charset(response):
        found.append(("no charset", "%s declares no charset: read as %s", (response.url, page.encoding)))
    elif page.encoding != declared:
        found.append(("wrong charset", "%s declares %s but is in %s: read as %s",
                      (response.url, declared, page.encoding, page.encoding)))
    elif page.text.count("\ufffd") > 10:
        found.append(("undecodable text", "%s holds %d bytes that are not %s",
                      (response.url, page.text.count("\ufffd"), declared)))
    if len(page.body) > LARGE_PAGE_BYTES:
        found.append(("large page", "%s is %.1f MB (archived whole)", (response.url, len(page.body) / 1e6)))
    return found


# --- pages whose declared charset is wrong -----------------------------------
# Russian regional sites come in UTF-8 or windows-1251 (now and then KOI8-R);
# a server that declares one and sends the other would fill the archive with
# mojibake. These are the encodings tried when the declared one does not fit.
CANDIDATES = ("utf-8", "cp1251", "koi8_r")
_RUSSIAN = re.compile("[А-Яа-яЁё]")
_LATIN1_LETTERS = re.compile("[À-ÿ]")
# Share of a text's non-ASCII characters that must be Russian letters for a
# candidate decoding to be believed (correct Russian pages score near 1).
MIN_RUSSIAN_SHARE = 0.7
# Share of non-ASCII bytes that may be undecodable before the declared UTF-8
# is doubted (a stray bad byte in a UTF-8 page is not a wrong charset).
MAX_UNDECODABLE_SHARE = 0.2
# Fewer non-ASCII bytes than this are too little text to judge a charset by.
MIN_EVIDENCE = 20
# Characters of a page enough to judge it by (a 10 MB page is not read three times over).
SAMPLE = 200_000


def _codec(name: str | None) -> str:
    try:
        return codecs.lookup(name or "utf-8").name
    except LookupError:
        return "utf-8"


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _russian_share(text: str) -> float:
    others = _non_ascii(text)
    return len(_RUSSIAN.findall(text)) / others if others else 0.0


def _lowercase_share(text: str) -> float:
    """Running text is mostly lower case; KOI8-R read as windows-1251 (or the reverse) is mostly upper."""
    letters = _RUSSIAN.findall(text)
    return sum(letter.islower() for letter in letters) / len(letters) if letters else 0.0


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def true_encoding(body: bytes, declared: str) -> str | None:
    """The encoding `body` is really in, when the declared one is wrong; else None.

    Three lies are caught: UTF-8 declared and single-byte Cyrillic sent (the
    page decodes to replacement characters); a single-byte charset declared
    and UTF-8 sent (valid multi-byte UTF-8 is never an accident); Latin-1 or
    windows-1252 declared, or nothing declared, for windows-1251 text (the
    page reads as accented Latin letters). Pages in other scripts (Kazakh,
    emoji, Latin) are left as declared.
    """
    declared = _codec(declared)
    if body.isascii():
        return None
    if declared == "utf-8":
        text = body.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad == 0 or bad <= MAX_UNDECODABLE_SHARE * _non_ascii(text) or _non_ascii(text) < MIN_EVIDENCE:
            return None
    elif (text := _strict(body, "utf-8")) is not None:
        return "utf-8" if _non_ascii(text) >= MIN_EVIDENCE / 2 else None
    elif declared in ("latin-1", "iso8859-1", "cp1252", "ascii"):
        # Russian read as windows-1252 is words made of accented letters; French
        # or German text has an accented letter here and there.
        text = body[:SAMPLE].decode(declared, errors="replace")
        accented = len(_LATIN1_LETTERS.findall(text))
        if accented < MIN_EVIDENCE or accented < 0.5 * sum(ch.isalpha() for ch in text):
            return None
    else:
        return None
    scored = []
    for candidate in map(_codec, CANDIDATES):
        text = _strict(body, candidate)
        if candidate != declared and text is not None:
            sample = text[:SAMPLE]
            scored.append((_russian_share(sample), _lowercase_share(sample), candidate))
    if not scored:
        return None
    # Nearly as Russian as each other: the one in lower case, as running text is; a tie to CANDIDATES order.
    share, _, best = max(scored, key=lambda found: (round(found[0], 1), found[1]))
    return best if share >= MIN_RUSSIAN_SHARE else None
