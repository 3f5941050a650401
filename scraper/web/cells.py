"""How single values show in Datasette's tables and query results.

Headlines open the article page, commenters' names their page, an
`article_page` column of a canned query links the article; the codes canned
queries write ('new comment', 'removed') read in the archive's language; a
reply to a comment without text says what it answers instead of "None".
"""

from __future__ import annotations

from functools import lru_cache

from datasette.utils import to_css_class
from markupsafe import Markup, escape

from scraper.web.language import N_, Language
from scraper.web.pages.common import article_path, commenter_path
from scraper.web.present import QUERY_HIT_END, QUERY_HIT_START, marked
from scraper.web.queries import CODED_COLUMNS

# Table columns that hold codes (precisions are found by their name).
CODED = {("articles", "status"), ("articles", "comments_found_in"), ("crawl_runs", "status"), ("pages", "kind")}
CODE_TEXTS = [
    N_("second"), N_("minute"), N_("hour"), N_("day"), N_("week"), N_("month"), N_("year"), N_("live"),
    N_("removed"), N_("running"), N_("ok"), N_("errors"), N_("drift"), N_("failed"), N_("article"), N_("comments"),
    N_("structured"), N_("repeated markup"),
]
# Foreign keys whose other row may have no label: the table, and what to call the row.
UNLABELLED = {
    "parent_id": ("comments", N_("comment shown without its text")),
    "comment_id": ("comments", N_("comment shown without its text")),
    "article_id": ("articles", N_("(no title)")),
}


def render(row, value, column: str, table: str | None, database: str, datasette, lang: Language):
    # `article_page` in a canned query is an article id: link its page.
    if column == "article_page" and isinstance(value, int):
        return _link(article_path(datasette, database, value), lang.gettext(N_("article and comments")))
    if table is None:
        if isinstance(value, str) and QUERY_HIT_START in value:  # search hits marked by a canned query
            return marked(value, QUERY_HIT_START, QUERY_HIT_END)
        if column in CODED_COLUMNS and isinstance(value, str) and value:
            return " ".join(lang.gettext(word) for word in _codes(value))
    # Codes the archive stores in English ('minute', 'removed') read in its language.
    if table is not None and isinstance(value, str) and (column.endswith("_precision") or (table, column) in CODED):
        return lang.gettext(value)
    # A headline in the articles table opens the article with its thread.
    if table == "articles" and column == "title" and isinstance(value, str) and "id" in row.keys():
        return _link(article_path(datasette, database, row["id"]), value)
    # A commenter's name opens their comments across the archive.
    if column == "author" and isinstance(value, str) and value and table in ("comments", None):
        return _link(commenter_path(datasette, database, value), value)
    # An expanded foreign key whose row has no label: a reply to a hidden comment, an untitled article.
    if isinstance(value, dict) and value.get("label") in (None, "") and column in UNLABELLED:
        other, text = UNLABELLED[column]
        href = datasette.urls.row(database, other, str(value["value"]))
        return Markup('<a href="{}">{}</a>&nbsp;<em>{}</em>').format(href, lang.gettext(text), value["value"])
    return None


def _link(href: str, text: str) -> Markup:
    # What Markup('<a href="{}">{}</a>').format(href, text) gives, without its formatter (50–100 a page).
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def row_html(cells: list[dict]) -> Markup:
    """One row of a table page, its cells as Datasette made them (escaped or
    rendered above), in one go: a page of fifty rows has a thousand cells,
    and a template expression for each costs more than the whole row's text.
    Class names are letters, digits and dashes (`to_css_class`, Datasette's types)."""
    return Markup("".join(
        f'<td class="col-{_css_class(c["column"])} type-{c["value_type"]}">{escape(c["value"])}</td>' for c in cells
    ))


@lru_cache(maxsize=1024)
def _css_class(column: str) -> str:
    """A column's class, worked out once for the page's thousand cells."""
    return to_css_class(column)


def _codes(value: str) -> list[str]:
    """'comment hidden' is one code; 'title lead' (the changed fields) are two."""
    return [value] if " " in value and not set(value.split()) <= {"title", "lead", "body", "tags"} else value.split()

