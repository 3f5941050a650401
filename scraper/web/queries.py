"""The archive's canned queries, carried by the plugin (Datasette's `canned_queries` hook).

Each query's SQL is a file in `queries/`; its title, description and the
labels of its columns and parameters are in metadata.yml with every other
title and description. The SQL is hidden unless asked for (`hide_sql`): the
journalist sees a form and a table. Queries whose answer can be longer than
a page (`PAGED`) take a `page` parameter and return `total_rows`, so the
page says how many rows there are and links to the next thousand.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from scraper.web import language

NAMES = ("search", "most_discussed", "new_since_last_run", "article_thread", "removed_comments", "edited_articles")
PAGED = {"new_since_last_run", "removed_comments", "edited_articles"}
PAGE_SIZE = 1000
TOTAL_COLUMN = "total_rows"
# Columns whose values are codes the query writes in English ('new comment',
# 'removed'): shown in the archive's language.
CODED_COLUMNS = {"kind", "what", "how", "changed", "hidden"}
CODES = [
    language.N_("article"), language.N_("comment"), language.N_("new article"), language.N_("edited article"),
    language.N_("article taken down"), language.N_("new comment"), language.N_("comment hidden"),
    language.N_("comment edited"), language.N_("comment removed"), language.N_("removed"), language.N_("hidden"),
    language.N_("title"), language.N_("lead"), language.N_("body"), language.N_("tags"),
]


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    return (files("scraper.web") / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def is_archive(tables: set[str]) -> bool:
    return {"articles", "comments", "crawl_runs"} <= tables


def queries(described: dict, lang: language.Language) -> dict:
    """Datasette's canned queries: SQL from the plugin, titles and labels from metadata.yml."""
    found = {}
    for name in NAMES:
        about = described.get(name) or {}
        query = {
            "sql": sql(name),
            "hide_sql": True,
            "title": lang.gettext(about.get("title") or name),
            "labels": {k: lang.gettext(v) for k, v in (about.get("labels") or {}).items()},
        }
        if about.get("description_html"):
            query["description_html"] = lang.gettext(about["description_html"])
        if name in PAGED:
            query["page_size"] = PAGE_SIZE
            query["total_column"] = TOTAL_COLUMN
        found[name] = query
    return found
