"""What every page of the plugin does: find the archive, check who may read it, build paths."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response

from scraper.archive.search_index import APPLIED_SQL, WORD_FORMS_SINCE
from scraper.web.language import N_, Message


class PageNotFound(NotFound):
    """A 404 whose message is translated when shown."""

    def __init__(self, message: Message):
        super().__init__(message.text % message.args if message.args else message.text)
        self.message = message


async def archive(datasette, request, tables=("articles", "comments")):
    """The archive the URL names, once the visitor may read its tables."""
    name = database_name(request)
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise PageNotFound(Message(N_("No archive called %(name)s"), {"name": name}))
    for table in tables:
        if not await db.table_exists(table):
            raise PageNotFound(Message(N_("%(name)s is not a news archive"), {"name": name}))
    await ensure_can_view(datasette, request.actor, name, tables)
    return db


async def ensure_can_view(datasette, actor, database: str, tables) -> None:
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


def database_name(request) -> str:
    return tilde_decode(request.url_vars["database"])


async def stemmed(db) -> bool:
    try:
        rows = await db.execute(APPLIED_SQL, list(WORD_FORMS_SINCE))
    except sqlite3.Error:
        return False
    return bool(rows.rows)


def choice(request, name: str, options: tuple[str, ...]) -> str:
    value = request.args.get(name, options[0])
    return value if value in options else options[0]


def path(datasette, database: str, *parts: str, **args) -> str:
    """/<database>/-/<parts>?<args>, leaving out empty arguments."""
    base = datasette.urls.database(database) + "/-/" + "/".join(parts)
    args = {k: v for k, v in args.items() if v not in (None, "")}
    return base + ("?" + urlencode(args) if args else "")


def article_path(datasette, database: str, article_id: int, comment_id: int | None = None) -> str:
    return path(datasette, database, "article", str(article_id)) + (f"#comment-{comment_id}" if comment_id else "")


def commenter_path(datasette, database: str, name: str | None) -> str | None:
    return path(datasette, database, "commenter", name=name) if name else None


async def html(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    return Response.html(await datasette.render_template(template, context, request=request), status=status)
