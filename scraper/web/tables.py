"""Datasette's search box on the `articles` and `comments` table pages, at a bounded cost.

Datasette answers `?_search=` with one condition, `rowid in (the matches)`,
shared by the page of rows, the count and every facet: each of them looks
up every match, 1–2 µs a match, four times over 23,000 comments for a
common word. The plugin serves these two tables' pages itself, through
Datasette's own table view, and when more than `FEW` rows match:

- the count comes from the full-text index alone, exact up to
  `matches.WORDS_COUNTED` ("more than" past it), or, with column filters
  too, counted up to `matches.FILTERED_COUNTED`; Datasette's own count is
  switched off (`_nocount`, never shown in the page's links);
- the rows are read newest first along the index of the sort column when
  the search is the page's only filter (`+rowid in …`: SQLite then walks
  that index and stops at the page's end rather than sorting every match);
- facets count the newest `FACETED` matches only, and the page says so.

Pages with fewer matches, column searches (`_search_text=`), raw FTS5
syntax (`_searchmode=raw`) and every other table are Datasette's as ever.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from urllib.parse import parse_qsl

from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments, Filters
from datasette.utils import MultiParams, tilde_decode
from datasette.utils.asgi import Request

from scraper.web import matches
from scraper.web.matches import Count

TABLES = ("articles", "comments")
ROUTE = r"^/(?P<database>[^/.]+)/(?P<table>articles|comments)(\.(?P<format>\w+))?$"
FEW = 1_000  # up to this many matches, Datasette's own way costs little
FACETED = 1_000  # facets count the newest this many matches
NEWEST_ID = (1 << 63) - 1  # the greatest id SQLite stores


@dataclass
class TablePlan:
    """How one page of the `articles` or `comments` table is answered."""

    table: str
    text: str = ""  # the search, if any
    found: Count | None = None  # matches of the words alone
    count: Count | None = None  # shown instead of Datasette's own count
    walk: bool = False  # read rows along the sort column's index
    facets_among: int | None = None  # facets count the newest this many rows

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def where(self) -> str:
        plus = "+" if self.walk else ""
        return f"{plus}rowid in (select rowid from [{self.fts}] where [{self.fts}] match escape_fts(:search))"

    def newest(self, sql: str) -> str:
        """A facet's rows (Datasette's SQL of the page without order and
        limit): only the newest `facets_among` of them."""
        if not self.text:
            # A condition, not a LIMIT: SQLite then reads only the facet's
            # column. A range closed at both ends: open at the top, SQLite
            # would rather walk an index the facet's column leads (the whole
            # table) to skip sorting its groups.
            return (f"select * from ({sql}) where id between coalesce((select id from [{self.table}]"
                    f" order by id desc limit 1 offset {self.facets_among - 1}), 0) and {NEWEST_ID}")
        return sql.replace(self.where, (
            f"rowid in (select rowid from [{self.fts}] where [{self.fts}] match escape_fts(:search)"
            f" order by rowid desc limit {self.facets_among})"))


class PlannedRequest(Request):
    """The request as Datasette's table view sees it: `_search` is the plugin's
    (its filter below), `_nocount` added when the plugin counts. Links are
    made from the query string, which stays as the visitor typed it."""

    def __init__(self, request: Request, plan: TablePlan):
        super().__init__(request.scope, request.receive)
        self.archive_plan = plan
        pairs = [(k, v) for k, v in parse_qsl(self.query_string, keep_blank_values=True) if k != "_search"]
        if plan.count is not None:
            pairs.append(("_nocount", "1"))
        self._args = MultiParams(pairs)

    @property
    def args(self) -> MultiParams:
        return self._args


async def table_page(datasette, request, send):
    """`/<database>/articles` and `/comments`: Datasette's table view, the search bounded."""
    from datasette.views.table import TableView  # not at import: Datasette loads plugins while importing its views

    view = TableView.as_view(datasette)
    planned = await plan(datasette, request)
    if planned is None:
        return await view(request, send)
    response = await view(PlannedRequest(request, planned), send)
    return _with_count(response, planned)


async def plan(datasette, request) -> TablePlan | None:
    """How to answer this page, or None when Datasette's own way is fine."""
    args = request.args
    table = request.url_vars["table"]
    if (request.method != "GET" or args.get("_searchmode") == "raw"
            or any(k in args for k in ("_fts_table", "_fts_pk", "_through"))
            or any(k.startswith(("_search_", "_filter_")) for k in args)):
        return None
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        return None
    if not await db.table_exists(f"{table}_fts"):
        return None
    text = args.get("_search", "")
    try:
        where, params = _filters(datasette, db.name, request, table)
        if not text.strip():
            if where:  # a blank search box searches for nothing: the filters alone
                return TablePlan(table) if "_search" in args else None
            # The whole table: Datasette counts it fast (SQLite counts an index's
            # pages); its facets would read every row.
            return TablePlan(table, facets_among=FACETED)
        return await _search_plan(db, datasette, request, table, text, where, params)
    except (sqlite3.Error, QueryInterrupted, ValueError, TypeError):
        return None  # Datasette's table view says what is wrong with the page


async def _search_plan(db, datasette, request, table: str, text: str, where: list[str], params: dict) -> TablePlan:
    rows = await db.execute(
        f"select count(*) from (select rowid from [{table}_fts] where [{table}_fts] match escape_fts(:search)"
        f" limit {matches.WORDS_COUNTED + 1})", {"search": text},
    )
    n = rows.first()[0]
    search = TablePlan(table, text, Count(min(n, matches.WORDS_COUNTED), n > matches.WORDS_COUNTED))
    if n <= FEW:
        return search
    search.facets_among = FACETED
    if where:  # column filters too: counted with them, up to a bound
        sql = (f"select count(*) from (select 1 from [{table}] where {' and '.join([search.where, *where])}"
               f" limit {matches.FILTERED_COUNTED + 1})")
        n = (await db.execute(sql, {**params, "search": text})).first()[0]
        search.count = Count(min(n, matches.FILTERED_COUNTED), n > matches.FILTERED_COUNTED)
        # Many rows pass: walking the sort column's index soon finds a page of them.
        search.walk = search.count.more and await _sorted_by_index(datasette, db, request, table)
    else:
        search.count = search.found
        search.walk = await _sorted_by_index(datasette, db, request, table)
    return search


def _filters(datasette, database: str, request, table: str) -> tuple[list[str], dict]:
    """The page's other conditions, made as Datasette makes them: column filters and `_where`."""
    pairs = [(k, v) for k in request.args for v in request.args.getlist(k)
             if not (k.startswith("_") and "__" not in k)]
    from datasette.views.base import ureg

    units = datasette.table_metadata(database, table).get("units", {})
    where, params = Filters(sorted(pairs), units, ureg).build_where_clauses(table)
    return where + request.args.getlist("_where"), params


async def _sorted_by_index(datasette, db, request, table: str) -> bool:
    """True when an index gives the page's order as Datasette pages it: by id,
    or by a column an index leads in the same direction (ties then come in id
    order, as Datasette's link to the next page expects)."""
    metadata = datasette.table_metadata(db.name, table)
    descending = bool(request.args.get("_sort_desc") or (not request.args.get("_sort") and metadata.get("sort_desc")))
    column = (request.args.get("_sort") or request.args.get("_sort_desc")
              or metadata.get("sort") or metadata.get("sort_desc") or "id")
    if column in ("id", "rowid"):
        return True
    leading = await db.execute(
        "select 1 from pragma_index_list(:table) l join pragma_index_xinfo(l.name) x"
        " where x.seqno = 0 and x.name = :column and x.desc = :descending limit 1",
        {"table": table, "column": column, "descending": int(descending)},
    )
    return bool(leading.rows)


def _with_count(response, planned: TablePlan):
    """The JSON of a page the plugin counted carries its count, when exact."""
    content_type = getattr(response, "content_type", "") or ""
    if planned.count is None or planned.count.more or response.status != 200 or "json" not in content_type:
        return response
    data = json.loads(response.body)
    if isinstance(data, dict) and data.get("filtered_table_rows_count", 0) is None:
        data["filtered_table_rows_count"] = planned.count.n
        response.body = json.dumps(data, default=repr)
    return response


def search_condition(request, table: str) -> FilterArguments | None:
    """The search condition of a page the plugin answers (Datasette's
    `filters_from_request` hook; see PlannedRequest), and what the page says
    of its count and facets."""
    planned = getattr(request, "archive_plan", None)
    if planned is None or table != planned.table:
        return None
    said = {"rn_count": planned.count, "rn_facets_among": planned.facets_among}
    if not planned.text:
        return FilterArguments([], extra_context=said)
    return FilterArguments(
        [planned.where], {"search": planned.text}, [f'search matches "{planned.text}"'],
        {"search": planned.text, **said},
    )


class AmongNewest:
    """Mixed into every facet class: on a page the plugin plans, the facet
    counts the newest rows only (`TablePlan.newest`)."""

    async def facet_results(self):
        planned = getattr(self.request, "archive_plan", None)
        if planned is None or not planned.facets_among:
            return await super().facet_results()
        self.sql = planned.newest(self.sql)
        results, timed_out = await super().facet_results()
        for result in results:
            result["among_newest"] = planned.facets_among
        return results, timed_out


_bounded: dict[type, type] = {}


def among_newest(facet_class: type) -> type:
    if facet_class not in _bounded:
        _bounded[facet_class] = type(facet_class.__name__, (AmongNewest, facet_class), {})
    return _bounded[facet_class]
