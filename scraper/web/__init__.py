"""The archive's Datasette plugin, installed with the project.

`datasette archive.db -m metadata.yml` then speaks Russian (or English, by
one setting: see language.py), opens with a search box for journalists,
searches by word form and spelling (the `_search` box of every table page,
the canned queries and the search page read a query the same way), offers
the search page with its timeline and Atom feeds, the article page with its
thread and discussion chart, a commenter's page, the archived raw pages as
text, a month facet, the canned queries, settings safe for publishing, and,
when accounts are configured, an archive closed to anonymous visitors.

This module only wires Datasette's hooks to the modules that do the work.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from importlib.resources import files

from datasette import hookimpl
from jinja2 import ChoiceLoader, FileSystemLoader

from scraper.archive.search_index import APPLIED_SQL, WORD_FORMS_SINCE
from scraper.web import access, cells, equivalents, language, memory, queries, settings, start, tables
from scraper.web.facets import MonthFacet
from scraper.web.pages import ROUTES
from scraper.web.query import sql_escape_fts

DISTRIBUTION = "regional-news-archive"  # the name Datasette serves the plugin's static files under
# Readers map the archive into memory (SQLite caps this at its build's limit,
# 2 GB for Debian's) and keep 64 MiB of pages each: a search touching tens of
# thousands of rows then reads them in place instead of a system call each.
READER_PRAGMAS = ("pragma mmap_size = 1099511627776", "pragma cache_size = -65536")


def is_stemmed_archive(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute(APPLIED_SQL, WORD_FORMS_SINCE).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


@lru_cache(maxsize=1024)
def _escape_fts(text: str | None, known: equivalents.Equivalents) -> str:
    return sql_escape_fts(text, known)


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    for pragma in READER_PRAGMAS:
        conn.execute(pragma)
    # Datasette's own search (?_search=, ?_search_<column>=) runs
    # `match escape_fts(:search)`: in an archive, that reads the query by
    # word form and spelling. Registered after Datasette's escape_fts, so it replaces it.
    if is_stemmed_archive(conn):
        # Deterministic: SQLite reads it once per statement, not once per row.
        conn.create_function(
            "escape_fts", 1, lambda text: _escape_fts(text, equivalents.of(datasette)), deterministic=True
        )


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # The plugin's templates come first, whatever order Datasette finds
    # plugins in (datasette-auth-passwords has a sign-in page of its own).
    env.loader = ChoiceLoader([FileSystemLoader(str(files("scraper.web") / "templates")), env.loader])
    env.globals.update(start.template_globals(datasette, language.of(datasette)))


@hookimpl
def startup(datasette):
    language.configured(datasette)  # a wrong language stops Datasette at once, with the reason
    settings.apply(datasette)
    access.remember_table_allows(datasette)
    memory.settle()  # last: what start-up made is kept from then on


@hookimpl
def register_routes():
    return [(tables.ROUTE, tables.table_page), *ROUTES]


@hookimpl
def filters_from_request(request, database, table, datasette):
    return tables.search_condition(request, table)


@hookimpl
def register_facet_classes():
    return [MonthFacet]


@hookimpl(hookwrapper=True, specname="register_facet_classes")
def facets_among_newest():
    # Every facet class, Datasette's own too, counts only the newest matches
    # of a search the plugin bounds (tables.py).
    outcome = yield
    outcome.force_result([[tables.among_newest(c) for c in classes] for classes in outcome.get_result()])


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins(DISTRIBUTION, "regional_news.css")]


@hookimpl
def canned_queries(datasette, database):
    async def inner():
        db = datasette.get_database(database)
        if not queries.is_archive(set(await db.table_names())):
            return {}
        described = datasette.metadata("queries", database=database, fallback=False) or {}
        return queries.queries(described, language.of(datasette))

    return inner


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if template in ("index.html", "database.html"):
        return start.template_vars(datasette, request, database if template == "database.html" else None)
    return {}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return cells.render(row, value, column, table, database, datasette, language.of(datasette))


@hookimpl
def menu_links(datasette, actor):
    lang = language.of(datasette)
    return [{"href": datasette.urls.path("/-/search"), "label": lang.gettext(language.N_("Search articles and comments"))}]


@hookimpl
def table_actions(datasette, actor, database, table):
    if table in ("articles", "comments"):
        lang = language.of(datasette)
        return [{
            "href": datasette.urls.database(database) + "/-/search",
            "label": lang.gettext(language.N_("Ranked search with highlighted words")),
        }]
    return None


@hookimpl
def handle_exception(datasette, request, exception):
    return access.error_page(datasette, request, exception)


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    return access.allowed(datasette, actor, action)


@hookimpl
def forbidden(datasette, request, message):
    return access.forbidden(datasette, request, message)

