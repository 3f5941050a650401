"""The journalists' pages: ranked search and its Atom feed, the article with its
comment thread, a commenter's comments, and the archived raw page.

Each page reads the request, asks a data module (`search`, `article`,
`commenter`) for rows, and hands them to a template (Jinja escapes
everything archived) or to the feed writer.
"""

from __future__ import annotations

from scraper.web.pages.article_page import article_page, raw_page
from scraper.web.pages.commenter_page import commenter_page
from scraper.web.pages.search_page import search_default, search_feed, search_page

ROUTES = [
    (r"^/-/search$", search_default),
    (r"^/(?P<database>[^/]+)/-/search$", search_page),
    (r"^/(?P<database>[^/]+)/-/search\.atom$", search_feed),
    (r"^/(?P<database>[^/]+)/-/article/(?P<id>\d{1,18})$", article_page),
    (r"^/(?P<database>[^/]+)/-/commenter$", commenter_page),
    (r"^/(?P<database>[^/]+)/-/page/(?P<id>\d{1,18})$", raw_page),
]
