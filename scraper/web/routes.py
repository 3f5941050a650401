"""The journalists' pages: ranked search, its Atom feed, the article with its
comment thread, and the archived raw page.

Each route reads the request, asks `search` or `article` for rows, and hands
them to a template (Jinja escapes everything archived) or to the feed writer.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response
from markupsafe import escape

from scraper.archive.search_index import WORD_FORMS_SINCE
from scraper.web import article as article_data
from scraper.web import search
from scraper.web.feeds import Entry, atom
from scraper.web.present import (
    has_hit,
    local_time,
    marked,
    paragraphs,
    thread_order,
    utc_as_local,
    utc_offset,
    web_address,
    word_diff,
)
from scraper.web.query import parse

STEMMED_SQL = "select 1 from _sqlite_migrations where migration_set = ? and name = ?"
PER_PAGE = {"all": 20, "articles": 50, "comments": 50}
FEED_ENTRIES = 50
MAX_PAGE = 200
# Archived raw pages are shown as text, never rendered: no scripts, no
# requests to the sites, nothing a browser would interpret.
RAW_PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Referrer-Policy": "no-referrer",
}


async def _archive(datasette, request, tables=("articles", "comments")):
    """The archive the URL names, once the visitor may read its tables."""
    name = _database(request)
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"No archive called {name}")
    for table in tables:
        if not await db.table_exists(table):
            raise NotFound(f"{name} is not a news archive")
    await _ensure_can_view(datasette, request.actor, name, tables)
    return db


async def _ensure_can_view(datasette, actor, database: str, tables) -> None:
    if hasattr(datasette, "ensure_permissions"):  # Datasette 0.65
        for table in tables:
            await datasette.ensure_permissions(
                actor, [("view-table", (database, table)), ("view-database", database), "view-instance"]
            )
        return
    from datasette.resources import TableResource  # Datasette 1.0

    for table in tables:
        await datasette.ensure_permission(
            action="view-table", resource=TableResource(database=database, table=table), actor=actor
        )


def _database(request) -> str:
    return tilde_decode(request.url_vars["database"])


async def _stemmed(db) -> bool:
    try:
        rows = await db.execute(STEMMED_SQL, list(WORD_FORMS_SINCE))
    except sqlite3.Error:
        return False
    return bool(rows.rows)


def _choice(request, name: str, options: tuple[str, ...]) -> str:
    value = request.args.get(name, options[0])
    return value if value in options else options[0]


def _page_number(request) -> int:
    value = request.args.get("page", "1")
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def _path(datasette, database: str, *parts: str, **args) -> str:
    path = datasette.urls.database(database) + "/-/" + "/".join(parts)
    args = {k: v for k, v in args.items() if v not in (None, "")}
    return path + ("?" + urlencode(args) if args else "")


def article_path(datasette, database: str, article_id: int, comment_id: int | None = None) -> str:
    return _path(datasette, database, "article", str(article_id)) + (f"#comment-{comment_id}" if comment_id else "")


# --- search -----------------------------------------------------------------


def _article_hit(datasette, database: str, row: dict) -> dict:
    if has_hit(row["body_snippet"]):
        snippet = marked(row["body_snippet"])
    elif has_hit(row["lead_snippet"]):
        snippet = marked(row["lead_snippet"])
    else:
        snippet = escape((row["lead"] or "")[:300])
    return {
        **row,
        "title_html": marked(row["title_marked"]) if row["title_marked"] else escape(row["title"] or "(no title)"),
        "snippet_html": snippet,
        "time": local_time(row["published_local"], row["published_precision"]),
        "href": article_path(datasette, database, row["id"]),
    }


def _comment_hit(datasette, database: str, row: dict) -> dict:
    return {
        **row,
        "snippet_html": marked(row["text_snippet"]) if row["text"] else None,
        "author_html": marked(row["author_marked"]) if row["author_marked"] else escape(row["author"] or "anonymous"),
        "time": local_time(row["published_local"], row["published_precision"]),
        "href": article_path(datasette, database, row["article_id"], row["id"]),
        "article_href": article_path(datasette, database, row["article_id"]),
    }


async def search_page(datasette, request):
    database = _database(request)
    db = await _archive(datasette, request)
    query = parse(request.args.get("q"))
    scope = _choice(request, "in", search.SCOPES)
    sort = _choice(request, "sort", search.SORTS)
    site = request.args.get("site", "")
    page = _page_number(request)
    limit = PER_PAGE[scope]
    context = {
        "database": database,
        "query": query,
        "scope": scope,
        "sort": sort,
        "site": site,
        "page": page,
        "sites": await search.sites(db),
        "articles": None,
        "comments": None,
        "error": None,
        "action": _path(datasette, database, "search"),
        "feed_href": None,
        "more": {},
        "unstemmed": not await _stemmed(db),
    }
    if query.searchable:
        try:
            if scope in ("all", "articles"):
                found = await search.articles(db, query, site, sort, limit, (page - 1) * limit)
                found.rows = [_article_hit(datasette, database, r) for r in found.rows]
                context["articles"] = found
            if scope in ("all", "comments"):
                found = await search.comments(db, query, site, sort, limit, (page - 1) * limit)
                found.rows = [_comment_hit(datasette, database, r) for r in found.rows]
                context["comments"] = found
        except QueryInterrupted:
            context["error"] = (
                "The search took longer than this server allows. Add a word, put words in "
                "quotes, or choose one site."
            )
        except sqlite3.Error as error:
            context["error"] = f"The search could not run: {error}"
        feed_scope = "articles" if scope == "articles" else "comments"
        context["feed_href"] = _path(datasette, database, "search.atom", q=query.text, site=site, **{"in": feed_scope})
        for kind in ("articles", "comments"):
            found = context[kind]
            if found and found.total > page * limit:
                context["more"][kind] = _path(
                    datasette, database, "search", q=query.text, site=site, sort=sort,
                    page=page + 1 if scope == kind else 2, **{"in": kind},
                )
    return Response.html(
        await datasette.render_template("regional_news_search.html", context, request=request)
    )


async def search_feed(datasette, request):
    database = _database(request)
    db = await _archive(datasette, request)
    query = parse(request.args.get("q"))
    scope = "articles" if request.args.get("in") == "articles" else "comments"
    site = request.args.get("site", "")
    if not query.searchable:
        return Response.text(query.message, status=400)
    try:
        if scope == "articles":
            rows = (await search.articles(db, query, site, "newest", FEED_ENTRIES)).rows
            entries = [
                Entry(
                    id=datasette.absolute_url(request, article_path(datasette, database, r["id"])),
                    title=r["title"] or "(no title)",
                    link=datasette.absolute_url(request, article_path(datasette, database, r["id"])),
                    updated=r["first_seen"],
                    published=r["first_seen"],
                    text=r["lead"] or "",
                )
                for r in rows
            ]
        else:
            rows = (await search.comments(db, query, site, "newest", FEED_ENTRIES)).rows
            entries = [
                Entry(
                    id=datasette.absolute_url(request, article_path(datasette, database, r["article_id"], r["id"])),
                    title=f"{r['author'] or 'anonymous'} on «{r['article_title'] or ''}»",
                    link=datasette.absolute_url(request, article_path(datasette, database, r["article_id"], r["id"])),
                    updated=r["first_seen"],
                    published=r["first_seen"],
                    author=r["author"],
                    text=r["text"] or "(shown by the site without its text)",
                )
                for r in rows
            ]
    except QueryInterrupted:
        return Response.text("The search took longer than this server allows; narrow it.", status=503)
    page_url = datasette.absolute_url(
        request, _path(datasette, database, "search", q=query.text, site=site, sort="newest", **{"in": scope})
    )
    self_url = datasette.absolute_url(
        request, request.path + ("?" + request.query_string if request.query_string else "")
    )
    body = atom(
        title=f"«{query.text}» in new {scope} of the archive",
        feed_id=page_url,
        self_url=self_url,
        page_url=page_url,
        updated=max((e.updated for e in entries), default="1970-01-01T00:00:00Z"),
        entries=entries,
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def search_default(datasette, request):
    """/-/search: the search page of the first archive served."""
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("articles") and await db.table_exists("comments"):
            target = _path(datasette, name, "search")
            if request.query_string:
                target += "?" + request.query_string
            return Response.redirect(target)
    raise NotFound("No news archive is served here")


# --- the article and its thread ---------------------------------------------


def _comment_view(comment: dict, timezone: str | None) -> dict:
    return {
        **comment,
        "time": local_time(comment["published_local"], comment["published_precision"]),
        "time_title": " ".join(filter(None, [utc_offset(comment["published_local"]), comment["published_raw"]])),
        "deleted": utc_as_local(comment["deleted_at"], timezone),
        "edited": utc_as_local(comment["edited_at"], timezone),
        "earlier": [
            {**e, "seen": utc_as_local(e["first_seen"], timezone)} for e in comment["earlier"] if e["text"]
        ],
    }


def _version_changes(versions: list[dict], timezone: str | None) -> list[dict]:
    changes = []
    for before, after in zip(versions, versions[1:]):
        fields = [
            {"name": name, "diff": word_diff(before[name], after[name])}
            for name in ("title", "lead", "body", "tags")
            if (before[name] or "") != (after[name] or "")
        ]
        changes.append({
            "version": after["version"],
            "seen": utc_as_local(after["first_seen"], timezone),
            "fields": fields,
        })
    return list(reversed(changes))


def _body(article: dict) -> list[str]:
    """The body's paragraphs, without the lead where the body repeats it."""
    body = paragraphs(article["body"])
    if body and article["lead"] and body[0] == article["lead"].strip():
        return body[1:]
    return body


async def article_page(datasette, request):
    database = _database(request)
    db = await _archive(datasette, request)
    article_id = int(request.url_vars["id"])
    article = await article_data.article(db, article_id)
    if article is None:
        raise NotFound(f"No article {article_id} in the archive")
    tz = article["timezone"]
    comments = [_comment_view(c, tz) for c in thread_order(await article_data.comments(db, article_id))]
    pages = await article_data.pages(db, article_id)
    for page in pages:
        page["href"] = _path(datasette, database, "page", str(page["id"]))
        page["fetched"] = utc_as_local(page["last_fetched_at"], tz)
    context = {
        "database": database,
        "article": article,
        "time": local_time(article["published_local"], article["published_precision"]),
        "time_title": " ".join(filter(None, [utc_offset(article["published_local"]), article["published_raw"]])),
        "modified": local_time(article["modified_local"], article["modified_precision"]),
        "removed": utc_as_local(article["removed_at"], tz),
        "first_seen": utc_as_local(article["first_seen"], tz),
        "last_seen": utc_as_local(article["last_seen"], tz),
        "original": web_address(article["url"]),
        "paragraphs": _body(article),
        "images": await article_data.images(db, article_id),
        "comments": comments,
        "removed_count": sum(1 for c in comments if c["deleted_at"] or c["hidden"]),
        "changes": _version_changes(await article_data.versions(db, article_id), tz),
        "pages": pages,
        "raw_href": next((p["href"] for p in pages if p["id"] == article["last_page_id"]), pages[0]["href"] if pages else None),
        "row_href": datasette.urls.row(database, "articles", str(article_id)),
        "search_action": _path(datasette, database, "search"),
    }
    return Response.html(
        await datasette.render_template("regional_news_article.html", context, request=request)
    )


async def raw_page(datasette, request):
    db = await _archive(datasette, request, tables=("pages",))
    page = await article_data.raw_page(db, int(request.url_vars["id"]))
    if page is None:
        raise NotFound("No such archived page")
    header = (
        f"Archived response: {page.url}\nHTTP {page.status}, fetched {page.fetched_at} (UTC), {page.kind} page\n"
        + "".join(f"{k}: {v}\n" for k, v in sorted(page.headers.items()))
        + "-" * 72
        + "\n"
    )
    return Response.text(header + page.text, headers=RAW_PAGE_HEADERS)


ROUTES = [
    (r"^/-/search$", search_default),
    (r"^/(?P<database>[^/]+)/-/search$", search_page),
    (r"^/(?P<database>[^/]+)/-/search\.atom$", search_feed),
    (r"^/(?P<database>[^/]+)/-/article/(?P<id>\d{1,18})$", article_page),
    (r"^/(?P<database>[^/]+)/-/page/(?P<id>\d{1,18})$", raw_page),
]
