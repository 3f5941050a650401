"""The archive's Datasette plugin, installed with the project.

`datasette archive.db -m metadata.yml` then searches by word form (the
`_search` box of every table page, canned queries and the search page use
the same reading of a query), offers the search page (/archive/-/search),
its Atom feeds, the article page with its comment thread, the archived raw
pages as text, a month facet, and settings safe for publishing.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from markupsafe import Markup

from scraper.archive.search_index import WORD_FORMS_SINCE
from scraper.web import settings
from scraper.web.facets import MonthFacet
from scraper.web.present import QUERY_HIT_END, QUERY_HIT_START, marked
from scraper.web.query import sql_escape_fts
from scraper.web.routes import ROUTES, STEMMED_SQL, article_path


def is_stemmed_archive(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute(STEMMED_SQL, WORD_FORMS_SINCE).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    # Datasette's own search (?_search=, ?_search_<column>=) runs
    # `match escape_fts(:search)`: in an archive, that reads the query by
    # word form. Registered after Datasette's escape_fts, so it replaces it.
    if is_stemmed_archive(conn):
        conn.create_function("escape_fts", 1, sql_escape_fts, deterministic=True)


@hookimpl
def startup(datasette):
    settings.apply(datasette)


@hookimpl
def register_routes():
    return ROUTES


@hookimpl
def register_facet_classes():
    return [MonthFacet]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # `article_page` in a canned query is an article id: link its page.
    if column == "article_page" and isinstance(value, int):
        href = article_path(datasette, database, value)
        return Markup('<a href="{}">article and comments</a>').format(href)
    # Search hits marked by a canned query's snippet().
    if table is None and isinstance(value, str) and QUERY_HIT_START in value:
        return marked(value, QUERY_HIT_START, QUERY_HIT_END)
    # A headline in the articles table opens the article with its thread.
    if table == "articles" and column == "title" and isinstance(value, str) and "id" in row.keys():
        href = article_path(datasette, database, row["id"])
        return Markup('<a href="{}">{}</a>').format(href, value)
    return None


@hookimpl
def menu_links(datasette, actor):
    return [{"href": datasette.urls.path("/-/search"), "label": "Search articles and comments"}]


@hookimpl
def table_actions(datasette, actor, database, table):
    if table in ("articles", "comments"):
        return [{
            "href": datasette.urls.database(database) + "/-/search",
            "label": "Ranked search with highlighted words",
        }]
    return None

