"""The night's one writer of archive.db: each item once, whatever crashed in between.

An item and its id go into the archive in one transaction, together with
what it changed added to the night's `crawl_runs` counts; an item whose id
is there already (a replay after the writer was killed between writing an
item and taking it off the queue, or the same page sent again by a retried
crawl) is skipped whole.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from scraper.archive.moments import utc
from scraper.archive.runs import COUNTS
from scraper.archive.writer import ArchiveWriter
from scraper.distributed.report import CrawlReport
from scraper.pipelines.archive import write_item


class NightWriter:
    def __init__(self, db: Database, run_id: int):
        self.db = db
        self.run_id = run_id
        self.writer = ArchiveWriter(db, run_id)

    def apply(self, item_id: str, item: Any) -> bool:
        """Write one item of the night; False if it was written before."""
        conn = self.db.conn
        now = utc(datetime.now(timezone.utc))
        with self.db.atomic():
            if conn.execute("SELECT 1 FROM applied_items WHERE item_id = ?", [item_id]).fetchone():
                return False
            report = None
            if isinstance(item, CrawlReport):
                for site, url in item.answered:
                    self.writer.resolve_failure(site, url, now)
                report = json.dumps(item.as_json(), ensure_ascii=False)
                counts: Counter = Counter()
            else:
                counts = write_item(self.writer, item)
            counted = {name: counts[name] for name in COUNTS if counts.get(name)}
            if counted:
                conn.execute(
                    "UPDATE crawl_runs SET " + ", ".join(f"{name} = coalesce({name}, 0) + ?" for name in counted)
                    + " WHERE id = ?", [*counted.values(), self.run_id],
                )
            conn.execute(
                "INSERT INTO applied_items (item_id, run_id, applied_at, site_report) VALUES (?, ?, ?, ?)",
                [item_id, self.run_id, now, report],
            )
        return True

    def reports(self) -> list[CrawlReport]:
        """The sites' reports of this night, in the order written."""
        return [
            CrawlReport(**json.loads(text))
            for (text,) in self.db.conn.execute(
                "SELECT site_report FROM applied_items WHERE run_id = ? AND site_report IS NOT NULL ORDER BY rowid",
                [self.run_id],
            )
        ]

    def counts(self) -> dict[str, int]:
        """What the night's items changed in the archive so far."""
        row = self.db.conn.execute(
            f"SELECT {', '.join(COUNTS)} FROM crawl_runs WHERE id = ?", [self.run_id]
        ).fetchone()
        return {name: int(value or 0) for name, value in zip(COUNTS, row)}

    def forget_earlier_nights(self) -> None:
        """Ids of items from nights that are over: they can never come again."""
        with self.db.atomic():
            self.db.conn.execute(
                "DELETE FROM applied_items WHERE run_id != ? AND site_report IS NULL", [self.run_id]
            )
