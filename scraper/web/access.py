"""Who may read the archive, and what a refused or failed request sees.

The archive is open to anyone until the newsroom configures accounts with
datasette-auth-passwords (README: "Serving it to a newsroom"). From then on
an anonymous visitor is refused everything (search, articles, feeds,
tables, JSON, raw pages, the SQL editor, hidden comments' earlier texts)
and a browser is sent to the sign-in page; a signed-in member of staff
reads it all.

Errors are shown on the archive's own page, in its language.

What metadata.yml allows of each table is read once (`remember_table_allows`).
"""

from __future__ import annotations

import traceback

from datasette.utils.asgi import Base400, Response

from scraper.web import language
from scraper.web.language import N_, datasette_text

AUTH_PLUGIN = "datasette-auth-passwords"
LOGIN = "/-/login"
# Requests that a program makes: refused with a status, never sent to a form.
_MACHINE_SUFFIXES = (".json", ".atom", ".csv")
_TITLES = {400: N_("The request could not be read"), 403: N_("Not allowed"), 404: N_("Not found"),
           500: N_("Something went wrong")}
_ERROR = N_("Error %(status)s")


def accounts_configured(datasette) -> bool:
    """True when datasette-auth-passwords has at least one account."""
    config = datasette.plugin_config(AUTH_PLUGIN) or {}
    return any(key.endswith("_password_hash") and value for key, value in config.items())


def allowed(datasette, actor, action: str) -> bool | None:
    """No to everything for an anonymous visitor once accounts exist; otherwise no opinion."""
    if not actor and accounts_configured(datasette):
        return False
    return None


def remember_table_allows(datasette) -> None:
    """Read each table's `allow` blocks from the metadata once, not on every check.

    Datasette 0.65 finds them by deep-copying the whole metadata (about 1 ms
    for the archive's, with every column described), twice for each table a
    page shows: 48 times on the home page, half its time. The metadata does
    not change while Datasette runs (0.65 reads it once, at start-up; no
    plugin here adds any), so each table's answer is kept; checks still run
    on every request, against the visitor of that request.
    """
    read = getattr(datasette, "_table_permission_allows", None)  # no public way to answer it otherwise
    if read is None or getattr(read, "remembered", False):
        return
    known: dict[tuple[str, str], list] = {}

    def allows(database: str, table: str) -> list:
        if (database, table) not in known:
            known[database, table] = read(database, table)
        return list(known[database, table])

    allows.remembered = True
    datasette._table_permission_allows = allows


def forbidden(datasette, request, message):
    """A browser that is not signed in goes to the sign-in page; a program gets 403."""
    if request.actor or not accounts_configured(datasette):
        return None
    if request.path.endswith(_MACHINE_SUFFIXES) or "/-/page/" in request.path:
        lang = language.of(datasette)
        return Response.text(lang.gettext(N_("Sign in to read this archive.")), status=403)
    return Response.redirect(datasette.urls.path(LOGIN))


def error_title(lang: language.Language, status: int | None, title: str | None) -> str:
    if title:
        return datasette_text(lang, title)
    return lang.gettext(_TITLES.get(status or 500, _ERROR), status=status)


def error_page(datasette, request, exception):
    """Datasette's errors on the archive's error page (JSON requests keep Datasette's own answer)."""
    if request is None or request.path.split("?")[0].endswith(".json"):
        return None
    from datasette.views.base import DatasetteError

    async def inner():
        title = None
        message = getattr(exception, "message", None)
        if isinstance(exception, Base400):
            status = exception.status
            message = message if isinstance(message, language.Message) else exception.args[0]
        elif isinstance(exception, DatasetteError):
            status, message, title = exception.status, exception.message, exception.title
        else:
            status, message = 500, str(exception)
            traceback.print_exception(exception)
        lang = language.of(datasette)
        text = lang.say(message) if isinstance(message, language.Message) else datasette_text(lang, message)
        body = await datasette.render_template(
            "error.html", {"status": status, "title": title, "error": text}, request=request
        )
        return Response.html(body, status=status)

    return inner
