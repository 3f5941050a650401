"""Datasette settings that make the archive safe to publish.

`datasette archive.db -m metadata.yml` cannot pass settings through the
metadata, so the plugin applies these at startup wherever the command line
left Datasette's own default (`--setting sql_time_limit_ms 5000` still
wins). Datasette 1.0 reads the same values from datasette.yaml, which
`python -m scraper.web.config` writes from this module.

Datasette 0.65 offers no way to change a setting once it is constructed:
it keeps them in `_settings`, which the plugin has to write, and it has
already copied three of them into public attributes that its views read
(datasette/app.py: `max_returned_rows`, `sql_time_limit_ms`, `page_size`),
which the plugin sets too. It has also started its pool of SQL threads,
which the plugin stops when the archive runs its SQL without them.
"""

from __future__ import annotations

SETTINGS = {
    # A ranked search of a common word over a million comments stays well
    # inside this; a runaway SQL query is stopped.
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "default_page_size": 50,
    # Facet suggestions made search pages about 4x slower on a large archive.
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
    # The raw pages make the file large: no downloading it whole over HTTP.
    "allow_download": False,
    "max_csv_mb": 50,
    # Article bodies are shortened in table cells; the row page shows them whole.
    "truncate_cells_html": 300,
    # SQL runs on the server's own thread: handing each query to a pool thread and
    # back cost more than most of the queries (the home page asks about 130; its p95
    # 102 -> 19 ms), and with four journalists at once the server answered as many
    # requests a second either way (BENCHMARKS.md, 4). The price: a query running
    # for seconds holds up the others meanwhile, for at most sql_time_limit_ms.
    "num_sql_threads": 0,
}
# The settings Datasette 0.65 copies into an attribute of its own when it is
# constructed, and the attribute its views read afterwards.
COPIED_AT_START = {
    "max_returned_rows": "max_returned_rows",
    "sql_time_limit_ms": "sql_time_limit_ms",
    "default_page_size": "page_size",
}


def apply(datasette) -> dict:
    """Set each of SETTINGS that is still at Datasette's default; returns what was set."""
    from datasette.app import DEFAULT_SETTINGS

    current = datasette._settings  # no public way to change a setting after start
    applied = {}
    for key, value in SETTINGS.items():
        if key in DEFAULT_SETTINGS and current.get(key) == DEFAULT_SETTINGS[key]:
            current[key] = applied[key] = value
    for key, attribute in COPIED_AT_START.items():
        if hasattr(datasette, attribute):
            setattr(datasette, attribute, datasette.setting(key))
    if datasette.setting("num_sql_threads") == 0 and getattr(datasette, "executor", None) is not None:
        # Datasette's views ask this attribute, not the setting, whether to use threads.
        datasette.executor.shutdown(wait=False)
        datasette.executor = None
    return applied
