"""Figures for a design not built: a period as a doclist of the full-text index.

    python benchmarks/bench_period_doclist.py ARCHIVE [--word аравиек] [--month 2022-05] [--day 2022-05-13]

Not a test (nothing here asserts a time). Reads an archive built by
bench_search.py (read only) and writes a scratch contentless FTS5 table of
every comment id, each holding a token of its local day (`d20220513`) and a
marker token where the word matches. Then times, in CPU of this thread (best
of 15), what a search narrowed to a month or a day would cost if FTS5 merged
the word's doclist with the period's: the month's newest 1,001 matches, its
count, a day's count. Against it: today's plan, the word's matches newest
first, each comment looked up for its local date.
"""

from __future__ import annotations

import argparse
import calendar
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def best_cpu_ms(conn: sqlite3.Connection, sql: str, params: list | None = None) -> tuple[float, list]:
    conn.execute(sql, params or []).fetchall()
    best, rows = float("inf"), []
    for _ in range(15):
        start = time.thread_time()
        rows = conn.execute(sql, params or []).fetchall()
        best = min(best, (time.thread_time() - start) * 1000)
    return best, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--word", default="аравиек")
    parser.add_argument("--month", default="2022-05")
    parser.add_argument("--day", default="2022-05-13")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scraper.web.query import parse

    expression = parse(args.word).expression
    source = sqlite3.connect(f"file:{args.archive}?mode=ro", uri=True)
    source.execute("pragma mmap_size = 1099511627776")
    matches = {r[0] for r in source.execute("select rowid from comments_fts where comments_fts match ?", [expression])}
    year, month = map(int, args.month.split("-"))
    last = calendar.monthrange(year, month)[1]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = sqlite3.connect(Path(tmp) / "days.db")
        scratch.execute("create virtual table days using fts5(w, content='', detail=none)")
        rows = ((i, "d" + (local or "")[:10].replace("-", "") + (" word" if i in matches else ""))
                for i, local in source.execute("select id, published_local from comments order by id"))
        start = time.perf_counter()
        with scratch:
            scratch.executemany("insert into days(rowid, w) values (?, ?)", rows)
            scratch.execute("insert into days(days) values ('optimize')")
        print(f"{len(matches):,} matches of {args.word!r}; scratch index built in {time.perf_counter() - start:.0f} s")
        days = " OR ".join(f"d{year}{month:02d}{d:02d}" for d in range(1, last + 1))
        figures = [
            ("month's newest 1,001, doclists merged", scratch,
             f"select rowid from days where days match 'word AND ({days})' order by rowid desc limit 1001", []),
            ("month's count, doclists merged", scratch, f"select count(*) from days where days match 'word AND ({days})'", []),
            ("day's count, doclists merged", scratch,
             f"select count(*) from days where days match 'word AND d{args.day.replace('-', '')}'", []),
            ("month's newest 1,001, each match looked up (today)", source,
             "select f.rowid from comments_fts f join comments c on c.id = f.rowid where f.comments_fts match ?"
             " and c.published_local >= ? and c.published_local < ? order by f.rowid desc limit 1001",
             [expression, f"{args.month}-01", f"{args.month}-{last:02d}T99"]),
        ]
        for label, conn, sql, params in figures:
            ms, found = best_cpu_ms(conn, sql, params)
            print(f"{ms:7.2f} ms CPU  {label}: {found[0][0] if len(found) == 1 else len(found)}")
        scratch.close()


if __name__ == "__main__":
    main(sys.argv[1:])
