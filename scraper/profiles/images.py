"""Where a photo really is: the address of an `<img>`, lazy loading included.

Pages that load photos lazily put a placeholder in `src` (a `data:` URI, a
blank GIF) and the photo's address in `data-src`, `data-lazy-src` or
`srcset`. Those are read first; a `data:` URI is never an image address.
"""

from __future__ import annotations

from parsel import Selector

# The attributes that hold a lazy-loaded photo's address, in the order they are trusted.
LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "srcset", "data-srcset", "src")


def _first_candidate(srcset: str) -> str | None:
    """The first address of a `srcset` ("a.jpg 1x, b.jpg 2x")."""
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            return parts[0]
    return None


def img_address(img: Selector) -> str | None:
    """The photo's address of one `<img>` (or `<source>`), never a `data:` placeholder."""
    for name in LAZY_ATTRIBUTES:
        value = (img.attrib.get(name) or "").strip()
        if "srcset" in name and value:
            value = _first_candidate(value) or ""
        if value and not value.lower().startswith("data:"):
            return value
    return None


def first_img_address(scope: Selector) -> str | None:
    """The address of the first photo in `scope` (itself an `<img>`, or holding one) that has one."""
    images = [scope] if getattr(scope.root, "tag", None) == "img" else scope.css("img")
    for img in images:
        address = img_address(img)
        if address:
            return address
    return None
