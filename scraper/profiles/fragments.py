"""Text of small HTML fragments that arrive outside a page (comment widget APIs).

A widget's JSON carries each comment as a snippet of markup (`<br>`,
`&quot;`, now and then a stray `<p>` or an unclosed tag), not a document.
BeautifulSoup's html.parser reads such snippets forgivingly and is cheap on a
few hundred bytes; whole pages stay on parsel (lxml), which is several times
faster there. Text with no markup at all skips the parser, and so does text
whose only markup is line breaks and character references (most comments):
those read the same by `html.unescape`, which is what the parser applies.
"""

from __future__ import annotations

import html
import html.entities
import re

from bs4 import BeautifulSoup, NavigableString, Tag

_BREAKS = frozenset({"br"})
_BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
_DROPPED = frozenset({"script", "style", "template", "noscript"})
_BREAK = re.compile(r"<br\s*/?>", re.I)
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]*;)")


def fragment_text(markup: str | None) -> str | None:
    """What a reader sees of an HTML fragment, line breaks kept as `\\n`.

    Tags never survive as markup: a comment holding `<script>` is text the
    commenter typed only if the widget escaped it (`&lt;script&gt;`), and
    then it comes back as that text; a real script element is dropped.
    """
    if markup is None:
        return None
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    plain = _BREAK.sub("\n", markup)
    # Only line breaks and character references the parser knows (it reads an unknown one its own way).
    if "<" not in plain and all(name in html.entities.html5 for name in _NAMED.findall(plain)):
        return _tidy(html.unescape(plain))
    return parsed_fragment_text(markup)


def parsed_fragment_text(markup: str) -> str | None:
    """`fragment_text` by the parser alone, whatever the markup."""
    parts: list[str] = []
    _walk(BeautifulSoup(markup, "html.parser"), parts)
    return _tidy("".join(parts))


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                parts.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _DROPPED:
            continue
        if child.name in _BREAKS:
            parts.append("\n")
            continue
        block = child.name in _BLOCKS
        if block:
            parts.append("\n")
        _walk(child, parts)
        if block:
            parts.append("\n")


def _tidy(text: str) -> str | None:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") or None
