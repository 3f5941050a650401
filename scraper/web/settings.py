"""Datasette settings that make the archive safe to publish.

`datasette archive.db -m metadata.yml` cannot pass settings through the
metadata, so the plugin applies these at startup wherever the command line
left Datasette's own default (`--setting sql_time_limit_ms 5000` still
wins). Datasette 1.0 reads the same values from datasette.yaml, which
`python -m scraper.web.config` writes from this module and metadata.yml.
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
}


def apply(datasette) -> dict:
    """Set each of SETTINGS that is still at Datasette's default; returns what was set."""
    from datasette.app import DEFAULT_SETTINGS

    current = datasette._settings  # no public way to change settings after start
    applied = {}
    for key, value in SETTINGS.items():
        if key in DEFAULT_SETTINGS and current.get(key) == DEFAULT_SETTINGS[key]:
            current[key] = applied[key] = value
    # Datasette 0.65 copies the time limit into an attribute when it starts,
    # and every query reads that copy, not the setting.
    datasette.sql_time_limit_ms = current["sql_time_limit_ms"]
    return applied
