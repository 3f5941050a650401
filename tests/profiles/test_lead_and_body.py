"""One rule for every profile: `body` is the whole text, `lead` a standfirst where the page has one
(or the text's first paragraph).

Checked on every saved page of every profile: a lead that is not the body's
first paragraph must be printed apart from the text, never a paragraph of the
text itself left out of the body (the body starting at the second paragraph).
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.profiles.expected import fixtures, reading

FOLDERS = ("bankfax", "hearst", "legacy_cp1251", "selectors", "generic", "comments")


def _article_pages() -> list:
    return [
        pytest.param(fixture, id=f"{folder}/{fixture.name}")
        for folder in FOLDERS
        for fixture in fixtures(folder)
        if fixture.expected.get("article") is not None and fixture.expected.get("kind") != "comments"
    ]


def _holders(root, text: str) -> list:
    """Elements whose whole text is `text` (as the profile gives it: spaces collapsed)."""
    return [
        element for element in root.iter("p", "div", "span", "li", "h2", "h3", "blockquote")
        if " ".join("".join(element.itertext()).split()) == text
    ]


@pytest.mark.parametrize("fixture", _article_pages())
def test_the_body_is_the_whole_text_and_the_lead_a_standfirst_or_its_first_paragraph(fixture):
    got = reading(fixture)
    if got.get("blocked"):
        return
    article = got["article"]
    lead, body = article["lead"], article["body"]
    if not (lead and body):
        return
    paragraphs = body.split("\n\n")
    if lead == paragraphs[0]:
        return  # the text's first paragraph
    assert lead not in paragraphs, "the lead is a paragraph of the body other than its first"
    page = fixture.page()
    root = lxml_html.document_fromstring(page.body.decode(page.encoding, errors="replace"))
    first = _holders(root, paragraphs[0])
    for apart in _holders(root, lead):
        # A standfirst sits outside the block that holds the text's paragraphs.
        assert all(apart.getparent() is not element.getparent() for element in first), (
            "the lead is a paragraph of the text, printed beside the body's first one, yet left out of the body"
        )
