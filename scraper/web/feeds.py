"""Saved searches as Atom feeds: a feed reader follows `врач` in new comments.

Entries are what the archive found newest (first_seen), whatever their
relevance; archived text goes in as plain text (`type="text"`), escaped by
the XML writer, so a feed reader never runs what a commenter wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 forbids; archived text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: str  # ISO 8601, UTC
    text: str
    author: str | None = None
    published: str | None = None


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def atom(title: str, feed_id: str, self_url: str, page_url: str, updated: str, entries: list[Entry],
         author: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _clean(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=page_url, type="text/html")
    author_element = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author_element, f"{{{ATOM}}}name").text = _clean(author)
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.id
        ET.SubElement(entry, f"{{{ATOM}}}title", type="text").text = _clean(item.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=item.link, type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item.updated
        if item.published:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = item.published
        if item.author:
            person = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(person, f"{{{ATOM}}}name").text = _clean(item.author)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = _clean(item.text)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
