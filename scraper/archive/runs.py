"""The record of every crawl run: what it was asked, what it found, how it ended."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone

from sqlite_utils import Database

from scraper.archive.moments import utc

COUNTS = (
    "pages_fetched",
    "articles_new",
    "articles_changed",
    "articles_unchanged",
    "articles_removed",
    "comments_new",
    "comments_edited",
    "comments_deleted",
    "errors",
)


def start_run(db: Database, arguments: Mapping, sites: list[str], origins: Mapping[str, str] | None = None) -> int:
    """A new run; `origins` says where this run reaches each site (its own origin, the demo, a proxy)."""
    with db.atomic():
        return db.conn.execute(
            "INSERT INTO crawl_runs (started_at, status, arguments, sites, origins) VALUES (?, 'running', ?, ?, ?)"
            " RETURNING id",
            [
                utc(datetime.now(timezone.utc)),
                json.dumps(dict(arguments), ensure_ascii=False, sort_keys=True),
                json.dumps(sites, ensure_ascii=False),
                json.dumps(dict(origins), ensure_ascii=False, sort_keys=True) if origins else None,
            ],
        ).fetchone()[0]


def finish_run(
    db: Database,
    run_id: int,
    counts: Mapping[str, int],
    status: str,
    drift_alarms: list[str],
    site_clocks: Mapping[str, str] | None = None,
    problems: Mapping[str, int] | None = None,
) -> None:
    values = {name: int(counts.get(name, 0)) for name in COUNTS}
    with db.atomic():
        db.conn.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, drift_alarms = ?, site_clocks = ?, problems = ?, "
            + ", ".join(f"{name} = ?" for name in values)
            + " WHERE id = ?",
            [
                utc(datetime.now(timezone.utc)),
                status,
                json.dumps(drift_alarms, ensure_ascii=False) if drift_alarms else None,
                json.dumps(dict(site_clocks or {}), ensure_ascii=False),
                json.dumps(dict(problems), ensure_ascii=False) if problems else None,
                *values.values(),
                run_id,
            ],
        )
