"""The article page: the article, its thread, its versions and raw pages, and the discussion over time."""

from __future__ import annotations

from urllib.parse import urlencode

from datasette.utils.asgi import Response

from scraper.web import article as article_data
from scraper.web import language
from scraper.web.language import N_, Message
from scraper.web.pages.common import PageNotFound, archive, commenter_path, database_name, html, path
from scraper.web.present import (
    MAX_INDENT,
    local_time,
    paragraphs,
    thread_order,
    utc_as_local,
    utc_offset,
    web_address,
    word_diff,
    zone_label,
)
from scraper.web.timelines import discussion

# Archived raw pages are shown as text, never rendered: no scripts, no
# requests to the sites, nothing a browser would interpret.
RAW_PAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Referrer-Policy": "no-referrer",
}
PAGE_KINDS = {"article": N_("article"), "comments": N_("comments")}


def _comment_view(datasette, database: str, comment: dict, parents: dict[int, dict], timezone: str | None) -> dict:
    parent = parents.get(comment["parent_id"])
    return {
        **comment,
        "time": local_time(comment["published_local"], comment["published_precision"]),
        "time_title": " ".join(filter(None, [utc_offset(comment["published_local"]), comment["published_raw"]])),
        "deleted": utc_as_local(comment["deleted_at"], timezone),
        "edited": utc_as_local(comment["edited_at"], timezone),
        "author_href": commenter_path(datasette, database, comment["author"]),
        "indent": min(comment["level"], MAX_INDENT),
        "answers": parent and {"id": parent["id"], "author": parent["author"], "hidden": parent["hidden"]},
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
    lang = language.of(datasette)
    database = database_name(request)
    db = await archive(datasette, request)
    article_id = int(request.url_vars["id"])
    article = await article_data.article(db, article_id)
    if article is None:
        raise PageNotFound(Message(N_("No article %(id)s in the archive"), {"id": article_id}))
    tz = article["timezone"]
    rows = await article_data.comments(db, article_id)
    parents = {c["id"]: c for c in rows}
    comments = [_comment_view(datasette, database, c, parents, tz) for c in thread_order(rows)]
    pages = await article_data.pages(db, article_id)
    for page in pages:
        page["href"] = path(datasette, database, "page", str(page["id"]))
        page["fetched"] = utc_as_local(page["last_fetched_at"], tz)
        page["kind_label"] = lang.gettext(PAGE_KINDS.get(page["kind"], page["kind"]))
    versions = await article_data.versions(db, article_id)
    edits = [(v["first_seen"], lang.gettext(N_("Version %(version)s seen"), version=v["version"])) for v in versions[1:]]
    if article["modified_local"]:
        edits.append((article["modified_local"], lang.gettext(N_("Modified, as the site says,"))))
    tags_table = datasette.urls.table(database, "articles")
    context = {
        "database": database,
        "article": article,
        "time": local_time(article["published_local"], article["published_precision"]),
        "time_title": " ".join(filter(None, [utc_offset(article["published_local"]), article["published_raw"]])),
        "modified": local_time(article["modified_local"], article["modified_precision"]),
        "removed": utc_as_local(article["removed_at"], tz),
        "first_seen": utc_as_local(article["first_seen"], tz),
        "last_seen": utc_as_local(article["last_seen"], tz),
        "zone": zone_label(tz, article["first_seen"], lang.city(tz) if tz else None),
        "original": web_address(article["url"]),
        "paragraphs": _body(article),
        "images": await article_data.images(db, article_id),
        "tags": [{"name": t, "href": f"{tags_table}?{_tag_args(t)}"} for t in article["tags"]],
        "comments": comments,
        "removed_count": sum(1 for c in comments if c["deleted_at"] or c["hidden"]),
        "chart": discussion(rows, article["published_local"], edits, lang),
        "changes": _version_changes(versions, tz),
        "pages": pages,
        "raw_href": next((p["href"] for p in pages if p["id"] == article["last_page_id"]), pages[0]["href"] if pages else None),
        "row_href": datasette.urls.row(database, "articles", str(article_id)),
        "search_action": path(datasette, database, "search"),
        "max_indent": MAX_INDENT,
    }
    return await html(datasette, request, "regional_news_article.html", context)


def _tag_args(tag: str) -> str:
    return urlencode({"tags__arraycontains": tag})


async def raw_page(datasette, request):
    lang = language.of(datasette)
    db = await archive(datasette, request, tables=("pages",))
    page = await article_data.raw_page(db, int(request.url_vars["id"]))
    if page is None:
        raise PageNotFound(Message(N_("No such archived page")))
    header = (
        lang.gettext(N_("Archived response: %(url)s"), url=page.url) + "\n"
        + lang.gettext(N_("HTTP %(status)s, fetched %(time)s (UTC), %(kind)s page"),
                       status=page.status, time=page.fetched_at, kind=lang.gettext(PAGE_KINDS.get(page.kind, page.kind))) + "\n"
        + "".join(f"{k}: {v}\n" for k, v in sorted(page.headers.items()))
        + "-" * 72
        + "\n"
    )
    return Response.text(header + page.text, headers=RAW_PAGE_HEADERS)

