"""What every template of the archive can use, and the journalist's way in.

`template_globals` gives the templates the archive's language (`_`,
`ngettext`, `say`, `lang`) and the titles and labels of metadata.yml in it
(`rn_title`, `rn_label`…). `template_vars` fetches what the home page and
the archive's page open with: the most discussed articles of the archive's
last week and what the last crawl run found, made once until the archive
changes (kept.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus, urlencode

from scraper.web import access, cells, kept, language, queries
from scraper.web.language import N_, Language, N_plural, datasette_text
from scraper.web.present import utc_as_local

DISCUSSED = 8
RUN_SQL = """
select id, started_at, finished_at, status, articles_new, articles_changed, articles_removed,
  comments_new, comments_edited, comments_deleted
from crawl_runs order by id desc limit 1
"""
# What the last run found, as the home page lists it.
RUN_FIGURES = [
    ("articles_new", N_plural("%(num)s new article", "%(num)s new articles")),
    ("comments_new", N_plural("%(num)s new comment", "%(num)s new comments")),
    ("articles_changed", N_plural("%(num)s article edited", "%(num)s articles edited")),
    ("articles_removed", N_plural("%(num)s article taken down", "%(num)s articles taken down")),
    ("comments_edited", N_plural("%(num)s comment edited or hidden", "%(num)s comments edited or hidden")),
    ("comments_deleted", N_plural("%(num)s comment removed", "%(num)s comments removed")),
]


def template_globals(datasette, lang: Language) -> dict:
    # A table page asks for its columns' labels a hundred times; Datasette
    # 0.65's metadata does not change while it runs, so each is read once.
    known: dict[tuple, dict] = {}

    def metadata_of(database: str | None = None, table: str | None = None) -> dict:
        key = (database, table)
        if key not in known:
            if database is None:
                known[key] = datasette.metadata() or {}
            elif table is None:
                known[key] = datasette.metadata(database=database, fallback=False) or {}
            else:
                known[key] = datasette.table_metadata(database, table) or {}
        return known[key]

    def title(database: str, table: str | None = None) -> str:
        about = metadata_of(database, table)
        return lang.gettext(about.get("title")) if about.get("title") else (table or database)

    def label(database: str, table: str, column: str) -> str:
        labels = metadata_of(database, table).get("labels") or {}
        return lang.gettext(labels[column]) if column in labels else column

    def query_label(query: dict | None, column: str) -> str:
        labels = (query or {}).get("labels") or {}
        return labels.get(column, column)

    def table_description(database: str, table: str) -> str:
        about = metadata_of(database, table)
        return lang.gettext(about["description"]) if about.get("description") else ""

    def operators(filters) -> dict:
        return {key: datasette_text(lang, display) for key, display, _ in filters.lookups()}

    def css_urls() -> list[dict]:
        from scraper.web import DISTRIBUTION

        return [{"url": datasette.urls.static_plugins(DISTRIBUTION, "regional_news.css")}]

    def query_pages(query: dict | None, rows, columns, request) -> dict | None:
        """Where a paged canned query's answer is: rows first–last of total, and the links."""
        if not query or not query.get("page_size") or request is None:
            return None
        size = query["page_size"]
        value = request.args.get("page", "")
        page = int(value) if value.isdigit() and int(value) > 0 else 1
        if not rows:
            if page == 1:
                return None
            return {"page": page, "past_end": True, "back": _with_page(request, 1), "size": size}
        total = rows[0][query["total_column"]] if query["total_column"] in columns else len(rows)
        first = (page - 1) * size + 1
        last = first + len(rows) - 1
        return {
            "page": page, "size": size, "first": first, "last": last, "total": total, "past_end": False,
            "previous": _with_page(request, page - 1) if page > 1 else None,
            "next": _with_page(request, page + 1) if total > last else None,
        }

    return {
        "lang": lang,
        "_": lang.gettext,
        "gettext": lang.gettext,
        "ngettext": lang.ngettext,
        "say": lang.say,
        "datasette_text": lambda text: datasette_text(lang, text),
        "rn_metadata": lambda: metadata_of(),
        "rn_sign_in": lambda: access.accounts_configured(datasette),
        "rn_title": title,
        "rn_row": cells.row_html,
        "rn_label": label,
        "rn_query_label": query_label,
        "rn_table_description": table_description,
        "rn_sort_links": sort_links,
        "rn_operators": operators,
        "rn_css_urls": css_urls,
        "rn_query_pages": query_pages,
        "rn_error_title": lambda status, title=None: access.error_title(lang, status, title),
    }


def sort_links(request, columns: list[str]) -> dict[str, tuple[str, str]]:
    """For each column of a table page, the addresses that sort by it ascending
    and descending, keeping the rest of the address (the query string read once,
    not once a column)."""
    others = urlencode([(k, v) for k, v in parse_qsl(request.query_string) if k not in ("_sort", "_sort_desc", "_next")])
    start = request.path + "?" + (others + "&" if others else "")
    return {
        column: (f"{start}_sort={quote_plus(column)}", f"{start}_sort_desc={quote_plus(column)}")
        for column in columns
    }


def _with_page(request, page: int) -> str:
    args = [(k, v) for k in request.args.keys() if k != "page" for v in request.args.getlist(k)]
    if page > 1:
        args.append(("page", str(page)))
    return request.path + ("?" + urlencode(args) if args else "")


async def _archive_name(datasette, database: str | None) -> str | None:
    names = [database] if database else [n for n in datasette.databases if n != "_internal"]
    for name in names:
        db = datasette.get_database(name)
        if queries.is_archive(set(await db.table_names())):
            return name
    return None


def template_vars(datasette, request, database: str | None):
    async def inner() -> dict:
        name = await _archive_name(datasette, database)
        if name is None:
            return {"start": None}
        db = datasette.get_database(name)
        return {"start": await kept.kept(db, "start", lambda: _start(datasette, name, db))}

    return inner


async def _start(datasette, name: str, db) -> dict:
    """The home page's opening: the same for every visitor until the archive changes."""
    lang = language.of(datasette)
    base = datasette.urls.database(name)
    discussed = [dict(r) for r in await db.execute(queries.sql("most_discussed"), {"since": "", "until": ""})]
    for row in discussed:
        row["href"] = f"{base}/-/article/{row['article_page']}"
    sites = {r["name"]: r["title"] for r in await db.execute("select name, title from sites")}
    for row in discussed:
        row["site_title"] = sites.get(row["site"]) or row["site"]
    run = (await db.execute(RUN_SQL)).first()
    run_view = None
    if run is not None:
        figures = [lang.ngettext(*texts, run[key]) for key, texts in RUN_FIGURES if run[key]]
        run_view = {
            "id": run["id"],
            "started": utc_as_local(run["started_at"], None) + " UTC",
            "figures": figures or [lang.gettext(N_("nothing new"))],
        }
    last_comments = [r["last_comment"] for r in discussed if r["last_comment"]]
    return {
        "search_action": f"{base}/-/search",
        "discussed": discussed[:DISCUSSED],
        "week_last": max(last_comments)[:10] if last_comments else "",
        "discussed_href": datasette.urls.query(name, "most_discussed"),
        "run": run_view,
        "news_href": datasette.urls.query(name, "new_since_last_run"),
    }

