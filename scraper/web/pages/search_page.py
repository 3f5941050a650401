"""The search page and its Atom feed: words, site, period, articles or comments."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import escape

from scraper.web import equivalents, language, search
from scraper.web.feeds import Entry, atom
from scraper.web.language import N_, Message
from scraper.web.pages.common import (
    PageNotFound,
    archive,
    article_path,
    choice,
    commenter_path,
    database_name,
    html,
    path,
    stemmed,
)
from scraper.web.present import has_hit, local_time, marked
from scraper.web.query import capitalised, parse
from scraper.web.search import Filters
from scraper.web.timelines import search_timeline

PER_PAGE = {"all": 20, "articles": 50, "comments": 50}
FEED_ENTRIES = 50
MAX_PAGE = 200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Operators that are never meant as words: their hint shows even when the search found something.
_CLEAR_OPERATORS = {"OR", "ИЛИ", "AND", "NOT"}
LAST_CHANGE_SQL = "select max(coalesce(finished_at, started_at)) from crawl_runs"


def page_number(request) -> int:
    value = request.args.get("page", "1")
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def _day(value: str | None) -> tuple[str, bool]:
    """A YYYY-MM-DD date from the address: (the date or "", whether it was readable)."""
    value = (value or "").strip()
    if not value:
        return "", True
    if _DAY.match(value):
        try:
            datetime.strptime(value, "%Y-%m-%d")
            return value, True
        except ValueError:
            pass
    return "", False


def read_filters(request, sites: list[dict]) -> tuple[Filters, list[Message]]:
    """The site and period the address asks for, and what in it could not be read."""
    problems = []
    site = request.args.get("site", "").strip()
    if site and site not in {s["name"] for s in sites}:
        problems.append(Message(
            N_("No site called «%(site)s» is in the archive; searching every site. Sites: %(sites)s."),
            {"site": site, "sites": ", ".join(s["name"] for s in sites)},
        ))
        site = ""
    since, good_since = _day(request.args.get("since"))
    until, good_until = _day(request.args.get("until"))
    if not (good_since and good_until):
        problems.append(Message(N_("Dates are written YYYY-MM-DD, e.g. 2022-08-22; the period was left out.")))
        since, until = ("", "")
    if since and until and since > until:
        since, until = until, since
    return Filters(site, since, until), problems


def _article_hit(datasette, database: str, row: dict, lang, site_titles: dict) -> dict:
    if has_hit(row["body_snippet"]):
        snippet = marked(row["body_snippet"])
    elif has_hit(row["lead_snippet"]):
        snippet = marked(row["lead_snippet"])
    else:
        snippet = escape((row["lead"] or "")[:300])
    return {
        **row,
        "title_html": marked(row["title_marked"]) if row["title_marked"] else escape(row["title"] or lang.gettext(N_("(no title)"))),
        "snippet_html": snippet,
        "time": local_time(row["published_local"], row["published_precision"]),
        "href": article_path(datasette, database, row["id"]),
        "site_title": site_titles.get(row["site"]) or row["site"],
    }


def _comment_hit(datasette, database: str, row: dict, lang, site_titles: dict) -> dict:
    return {
        **row,
        "snippet_html": marked(row["text_snippet"]) if row["text"] else None,
        "author_html": marked(row["author_marked"]) if row["author_marked"] else escape(row["author"] or lang.gettext(N_("anonymous"))),
        "author_href": commenter_path(datasette, database, row["author"]),
        "time": local_time(row["published_local"], row["published_precision"]),
        "href": article_path(datasette, database, row["article_id"], row["id"]),
        "article_href": article_path(datasette, database, row["article_id"]),
        "site_title": site_titles.get(row["site"]) or row["site"],
    }


async def search_page(datasette, request):
    lang = language.of(datasette)
    database = database_name(request)
    db = await archive(datasette, request)
    sites = await search.sites(db)
    site_titles = {s["name"]: s["title"] or s["name"] for s in sites}
    query = parse(request.args.get("q"), equivalents.of(datasette))
    scope = choice(request, "in", search.SCOPES)
    sort = choice(request, "sort", search.SORTS)
    filters, problems = read_filters(request, sites)
    page = page_number(request)
    limit = PER_PAGE[scope]
    offset = (page - 1) * limit

    def link(**changes) -> str:
        args = {"q": query.text, "in": scope, "site": filters.site, "since": filters.since,
                "until": filters.until, "sort": sort, "page": None}
        args.update(changes)
        if args.get("in") == "all":
            args["in"] = None
        if args.get("sort") == "rank":
            args["sort"] = None
        if args.get("page") == 1:
            args["page"] = None
        return path(datasette, database, "search", **args)

    context = {
        "database": database,
        "query": query,
        "scope": scope,
        "sort": sort,
        "filters": filters,
        "page": page,
        "sites": sites,
        "articles": None,
        "comments": None,
        "error": None,
        "problems": problems,
        "hints": [],
        "capitalised_href": None,
        "action": path(datasette, database, "search"),
        "feed_href": None,
        "pager": {},
        "timeline": None,
        "timeline_every": 1,
        "timeline_newest": None,
        "undated": 0,
        "counts": {},
        "clear_period_href": link(since=None, until=None) if filters.since or filters.until else None,
        "unstemmed": not await stemmed(db),
    }
    if query.searchable:
        kinds = [k for k in ("articles", "comments") if scope in ("all", k)]
        hits = {kind: search.matches(db, kind, query, filters) for kind in kinds}
        try:
            timeline_rows, every, newest = [], 1, None
            answers = await search.side_by_side(
                *(search.answer(hits[kind], page == 1, sort, limit, offset) for kind in kinds))
            for kind, (line, found) in zip(kinds, answers):
                if line is not None:
                    timeline_rows += line.rows
                    every, newest = max(every, line.every), line.newest or newest
                convert = _article_hit if kind == "articles" else _comment_hit
                found.rows = [convert(datasette, database, r, lang, site_titles) for r in found.rows]
                context[kind] = found
                context["counts"][kind] = lang.counted(found.total, found.more)
            if timeline_rows:
                context["timeline"], context["undated"] = search_timeline(
                    timeline_rows, site_titles, lang,
                    lambda since, until: link(since=since, until=until, page=None), estimated=every > 1,
                )
                context["timeline_every"], context["timeline_newest"] = every, newest
        except QueryInterrupted:
            context["error"] = Message(N_(
                "The search took longer than this server allows. Add a word, put words in quotes, or choose one site."
            ))
        except sqlite3.Error as error:
            context["error"] = Message(N_("The search could not run: %(error)s"), {"error": str(error)})
        found_any = any(context[k] and context[k].total for k in ("articles", "comments"))
        context["hints"] = [h for h in query.hints if not found_any or h.args["operator"] in _CLEAR_OPERATORS]
        if context["hints"]:
            context["capitalised_href"] = link(q=capitalised(query), page=None)
        feed_scope = "articles" if scope == "articles" else "comments"
        context["feed_href"] = path(
            datasette, database, "search.atom", q=query.text, site=filters.site, since=filters.since,
            until=filters.until, **{"in": feed_scope},
        )
        for kind in ("articles", "comments"):
            found = context[kind]
            if found is None:
                continue
            shown = len(found.rows)
            pager = {
                "first": offset + 1 if shown else 0,
                "last": offset + shown,
                "total": found.total,
                "total_text": context["counts"][kind],
                "previous": link(page=page - 1) if scope == kind and page > 1 else None,
                "next": None,
                "past_end": shown == 0 and found.total > 0 and page > 1,
                "back": link(page=max(1, -(-found.total // limit))) if shown == 0 and page > 1 else None,
            }
            if found.total > offset + shown and shown:
                pager["next"] = link(page=page + 1) if scope == kind else link(**{"in": kind, "page": 2})
            context["pager"][kind] = pager
    return await html(datasette, request, "regional_news_search.html", context)


async def search_feed(datasette, request):
    lang = language.of(datasette)
    database = database_name(request)
    db = await archive(datasette, request)
    query = parse(request.args.get("q"), equivalents.of(datasette))
    scope = "articles" if request.args.get("in") == "articles" else "comments"
    filters, problems = read_filters(request, await search.sites(db))
    if not query.searchable:
        return Response.text(lang.say(query.message), status=400)
    if problems:
        return Response.text("\n".join(lang.say(p) for p in problems), status=400)
    try:
        if scope == "articles":
            hits = search.matches(db, "articles", query, filters)
            rows = await search.rows(hits, await hits.newest(FEED_ENTRIES))
            entries = [
                Entry(
                    id=datasette.absolute_url(request, article_path(datasette, database, r["id"])),
                    title=r["title"] or lang.gettext(N_("(no title)")),
                    link=datasette.absolute_url(request, article_path(datasette, database, r["id"])),
                    updated=r["first_seen"],
                    published=r["first_seen"],
                    text=r["lead"] or "",
                )
                for r in rows
            ]
        else:
            hits = search.matches(db, "comments", query, filters)
            rows = await search.rows(hits, await hits.newest(FEED_ENTRIES))
            entries = [
                Entry(
                    id=datasette.absolute_url(request, article_path(datasette, database, r["article_id"], r["id"])),
                    title=lang.gettext(N_("%(author)s on «%(title)s»"),
                                       author=r["author"] or lang.gettext(N_("anonymous")), title=r["article_title"] or ""),
                    link=datasette.absolute_url(request, article_path(datasette, database, r["article_id"], r["id"])),
                    updated=r["first_seen"],
                    published=r["first_seen"],
                    author=r["author"],
                    text=r["text"] or lang.gettext(N_("(shown by the site without its text)")),
                )
                for r in rows
            ]
    except QueryInterrupted:
        return Response.text(lang.gettext(N_("The search took longer than this server allows; narrow it.")), status=503)
    page_url = datasette.absolute_url(request, path(
        datasette, database, "search", q=query.text, site=filters.site, since=filters.since, until=filters.until,
        sort="newest", **{"in": scope},
    ))
    self_url = datasette.absolute_url(
        request, request.path + ("?" + request.query_string if request.query_string else "")
    )
    # An empty feed was last updated when the archive last changed (its latest crawl run).
    last_change = (await db.execute(LAST_CHANGE_SQL)).first()[0] if await db.table_exists("crawl_runs") else None
    body = atom(
        title=lang.gettext(
            N_("«%(query)s» in new articles of the archive") if scope == "articles"
            else N_("«%(query)s» in new comments of the archive"), query=query.text,
        ),
        feed_id=page_url,
        self_url=self_url,
        page_url=page_url,
        updated=max((e.updated for e in entries), default=None) or last_change or _now(),
        entries=entries,
        author=lang.gettext(N_("Regional news archive")),
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


async def search_default(datasette, request):
    """/-/search: the search page of the first archive served."""
    if hasattr(datasette, "ensure_permissions"):  # Datasette 0.65; 1.0 checks the archive's page itself
        await datasette.ensure_permissions(request.actor, ["view-instance"])
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("articles") and await db.table_exists("comments"):
            target = path(datasette, name, "search")
            if request.query_string:
                target += "?" + request.query_string
            return Response.redirect(target)
    raise PageNotFound(Message(N_("No news archive is served here")))
