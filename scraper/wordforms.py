"""Russian word forms for search: what the index stores and what a query asks.

The index and the query go through the same function, so a search for a
word finds the comment that holds it.
"""

from __future__ import annotations


def index_form(text: str | None) -> str | None:
    """The text as the full-text index stores it."""
    return text
