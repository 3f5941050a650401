"""A commenter's page: the comments signed with one name, by site, newest first."""

from __future__ import annotations

from scraper.web import commenter
from scraper.web.pages.common import archive, article_path, database_name, html, path, stemmed
from scraper.web.pages.search_page import page_number
from scraper.web.present import local_time


async def commenter_page(datasette, request):
    database = database_name(request)
    db = await archive(datasette, request)
    name = request.args.get("name", "").strip()
    only = request.args.get("site", "").strip()
    page = page_number(request)
    is_stemmed = await stemmed(db)
    groups = []
    if name:
        for group in await commenter.sites(db, name, is_stemmed, only):
            offset = (page - 1) * commenter.PER_SITE if only else 0
            rows = await commenter.comments(db, group, offset=offset)
            for row in rows:
                row["time"] = local_time(row["published_local"], row["published_precision"])
                row["href"] = article_path(datasette, database, row["article_id"], row["id"])
                row["article_href"] = article_path(datasette, database, row["article_id"])
            shown_to = offset + len(rows)
            groups.append({
                "site": group.site,
                "site_title": group.site_title,
                "total": group.total,
                "more": group.more,
                "partial": group.partial,
                "articles": group.articles,
                "first": group.first,
                "last": group.last,
                "comments": rows,
                "first_shown": offset + 1 if rows else 0,
                "last_shown": shown_to,
                "more_href": path(datasette, database, "commenter", name=name, site=group.site, page=page + 1)
                if group.total > shown_to else None,
                "previous": path(datasette, database, "commenter", name=name, site=group.site, page=page - 1)
                if only and page > 1 else None,
            })
    context = {
        "database": database,
        "name": name,
        "groups": groups,
        "counted": commenter.COUNTED,
        "only": only,
        "all_sites_href": path(datasette, database, "commenter", name=name) if only else None,
        "action": path(datasette, database, "commenter"),
        "search_action": path(datasette, database, "search"),
    }
    return await html(datasette, request, "regional_news_commenter.html", context)
