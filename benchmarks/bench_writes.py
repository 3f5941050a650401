"""Figures for archive writes: comment rows per second, beside raw sqlite3 executemany.

    python benchmarks/bench_writes.py [--articles 400] [--repeat 3] [--target-only] [--profile]

Not a test (nothing here asserts a time). The snapshots are demo bankfax
articles as the crawl reads them (pages rendered in-process and read by the
real profile, outside the timing), with their comment threads. Timed, each
on a fresh archive file (WAL, synchronous=NORMAL, as `open_archive` sets):

- `ArchiveWriter.save_snapshot` for every article, one transaction each, as
  the crawl writes: pages compressed, article, version, tags, images,
  comments, and the stemmed full-text index of articles and comments;
- the same snapshots written again a day later (nothing changed: every
  comment is looked up, touched, none re-indexed), the nightly refresh's case;
- the writer with the full-text index fed raw text (no stemming), to show
  what stemming costs;
- the baseline: the same comment rows (the same 18 values each) inserted with
  raw `sqlite3` `executemany` into a table of the same columns, in one
  transaction; and the same with one transaction per article, with and
  without FTS5 rows of their raw text;
- the physical limit of a writer that keeps a full-text index, for the
  same rows the writer stores: every row of each snapshot (read back from an
  archive the writer wrote: article, version, tags, images, the page as the
  writer compressed it, comments) inserted with raw `executemany` into the
  archive's own tables, with their indexes, foreign keys and pragmas, plus
  FTS5 rows of the raw text of the article and its comments, a transaction
  per article. The writer for new articles is judged against this line
  ("the limit"); what it does beyond it is its own work: reading what is
  archived, deciding, stemming, compressing, building rows.

The median of `--repeat` runs of each is reported, with three ratios: against
the one-transaction baseline, against the limit (the target), and against
the comment rows alone plus FTS5 of their raw text, a transaction per
article: a reference line, not a limit for this writer, since it leaves out
the page, the article and its version that every snapshot keeps (on its own
the limit above runs at about a third of it). `--target-only` times only
those three lines, in the same turns.
`--profile` profiles the writer (the articles written new, then written new
into a second archive and again a day later) with pyinstrument:
benchmarks/profiles/writes.txt
(printed too) and writes.html (large, not kept in git).
"""

from __future__ import annotations

import argparse
import statistics
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import machine  # noqa: E402
from scraper.archive import open_archive, search_index  # noqa: E402
from scraper.archive.moments import moment_columns  # noqa: E402
from scraper.archive.writer import ArchiveWriter  # noqa: E402
from scraper.demo import bankfax  # noqa: E402
from scraper.demo.newsroom import build_sites  # noqa: E402
from scraper.demo.timeline import clock  # noqa: E402
from scraper.items import ArticleSnapshot, FetchedPage  # noqa: E402
from scraper.profiles import Page, profile_for  # noqa: E402
from scraper.sites import load_sites  # noqa: E402
from scraper import wordforms  # noqa: E402

ORIGIN = "http://127.0.0.1:8800"
COLUMNS = (
    "id, article_id, site_comment_id, parent_id, position, depth, author, text, quote, published_at,"
    " published_local, published_raw, published_precision, likes, dislikes, hidden, first_seen, last_seen"
)


# The comment rows alone plus FTS5 of their raw text, a transaction per article: a reference line
# ("of comments"), out of reach of any writer that also keeps the page, the article and its version.
COMMENTS_ONLY = "  + FTS5 of the raw text, a transaction per article (comments only)"
# The physical limit of a writer that keeps a full-text index and commits each article alone, for the
# same rows the writer stores: the article, its version, tags and images, the raw page as the writer
# compressed it and the comments, each into its archive table with that table's indexes, plus FTS5 of
# the raw text of the article and its comments. The writer's target is a share of it ("of limit").
LIMIT = "the same rows as raw rows + FTS5 of their text, a transaction per article (limit)"


def snapshots(count: int, day: int = 1) -> list[ArticleSnapshot]:
    """The newest `count` demo bankfax articles of `day`, read by the real profile from rendered pages."""
    site = load_sites(origins={"bankfax": ORIGIN})["bankfax"]
    profile = profile_for(site)
    demo = next(s for s in build_sites(size=max(count, 40)) if s.name == "bankfax")
    now = clock(day)
    fetched = now.astimezone(timezone.utc)
    headers = {"date": fetched.strftime("%a, %d %b %Y %H:%M:%S GMT"), "content-type": "text/html; charset=utf-8"}
    found = []
    for article in demo.catalog.articles(day, 0, count):
        html = bankfax.article_page(article, ORIGIN, now).encode()
        url = f"{ORIGIN}/{article.rubric}/{article.id}/"
        page = Page(url, html, fetched, headers=headers)
        read = profile.article(page)
        found.append(ArticleSnapshot(read, profile.comments(page, read).comments, True,
                                     [FetchedPage(url, 200, headers, html, fetched, "article")], fetched))
    return found


def later(snaps: list[ArticleSnapshot], days: float) -> list[ArticleSnapshot]:
    """The same snapshots, fetched `days` later (same content)."""
    moved = []
    for snap in snaps:
        when = snap.fetched_at + timedelta(days=days)
        pages = [FetchedPage(p.url, p.status, p.headers, p.body, when, p.kind, p.encoding) for p in snap.pages]
        moved.append(ArticleSnapshot(snap.article, snap.comments, snap.comments_complete, pages, when))
    return moved


def write_all(path: Path, snaps: list[ArticleSnapshot], again: list[ArticleSnapshot] | None = None,
              group: int = 1) -> float:
    """CPU seconds `save_snapshot` takes over `snaps` (or over `again`, after `snaps` were written untimed).

    `group` > 1 wraps that many snapshots in one outer transaction (the
    writer's own become savepoints): not what the crawl does, measured to
    show what the per-article commit costs.
    """
    db = open_archive(path)
    writer = ArchiveWriter(db)
    writer.save_sites([load_sites(origins={"bankfax": ORIGIN})["bankfax"]])
    if again is not None:
        for snap in snaps:
            writer.save_snapshot(snap)
        snaps = again
    start = time.process_time()
    for chunk in range(0, len(snaps), group):
        if group > 1:
            with db.atomic():
                for snap in snaps[chunk : chunk + group]:
                    writer.save_snapshot(snap)
        else:
            writer.save_snapshot(snaps[chunk])
    seconds = time.process_time() - start
    db.close()
    return seconds


def comment_rows(snaps: list[ArticleSnapshot]) -> list[list[tuple]]:
    """The comment rows the writer stores, per article, as plain tuples."""
    out, next_id = [], 1
    for article_id, snap in enumerate(snaps, 1):
        rows = []
        for position, c in enumerate(snap.comments, 1):
            rows.append((next_id, article_id, c.comment_id, None, position, 0, c.author, c.text, c.quote,
                         *moment_columns("published", c.posted).values(), c.likes, c.dislikes, int(c.hidden),
                         "2022-08-23T16:00:00Z", "2022-08-23T16:00:00Z"))
            next_id += 1
        out.append(rows)
    return out


def raw_executemany(path: Path, per_article: list[list[tuple]], one_transaction: bool, fts: bool = False) -> float:
    """CPU seconds of plain `executemany` of the comment rows (and, with `fts`, of their raw text into FTS5)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE comments ({COLUMNS.replace('id,', 'id INTEGER PRIMARY KEY,', 1)})")
    conn.execute("CREATE VIRTUAL TABLE comments_fts USING fts5(text, author, content=comments, content_rowid=id)")
    marks = ", ".join("?" * 18)
    sql = f"INSERT INTO comments ({COLUMNS}) VALUES ({marks})"
    fts_sql = "INSERT INTO comments_fts (rowid, text, author) VALUES (?, ?, ?)"
    batches = [[row for rows in per_article for row in rows]] if one_transaction else per_article
    start = time.process_time()
    for rows in batches:
        conn.execute("BEGIN")
        conn.executemany(sql, rows)
        if fts:
            conn.executemany(fts_sql, [(row[0], row[7], row[6]) for row in rows])
        conn.execute("COMMIT")
    seconds = time.process_time() - start
    conn.close()
    return seconds


STORED = ("articles", "article_versions", "tags", "article_tags", "images", "pages", "comments")


def stored_rows(snaps: list[ArticleSnapshot]) -> list[list[tuple[str, list[tuple]]]]:
    """Every row the writer stores for each snapshot (pages as compressed), read back from an archive it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_archive(Path(tmp) / "stored.db")
        writer = ArchiveWriter(db)
        writer.save_sites([load_sites(origins={"bankfax": ORIGIN})["bankfax"]])
        for snap in snaps:
            writer.save_snapshot(snap)
        conn = db.conn
        where = {"articles": "id = ?", "tags": "id IN (SELECT tag_id FROM article_tags WHERE article_id = ?)"}
        per_article = []
        for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY id").fetchall():
            per_article.append([
                (table, conn.execute(f"SELECT * FROM {table} WHERE {where.get(table, 'article_id = ?')}",
                                     [article_id]).fetchall())
                for table in STORED
            ])
        db.close()
    return per_article


def raw_snapshots(path: Path, per_article: list[list[tuple[str, list[tuple]]]]) -> float:
    """CPU seconds of plain `executemany` of every row a snapshot stores, into the archive's own tables
    (their indexes and foreign keys), plus FTS5 rows of the raw text (and date) of the article and its comments,
    a transaction per article."""
    db = open_archive(path)
    ArchiveWriter(db).save_sites([load_sites(origins={"bankfax": ORIGIN})["bankfax"]])
    conn = db.conn
    conn.commit()
    conn.isolation_level = None
    sql = {table: f"INSERT OR IGNORE INTO {table} VALUES ({', '.join('?' * len(db[table].columns))})"
           for table in STORED}
    columns = {table: [c.name for c in db[table].columns] for table in ("articles", "comments")}
    text = {table: [columns[table].index(c) for c in ("id", *search_index.columns(table))] for table in columns}
    fts = {table: search_index._sql(table, delete=False) for table in columns}
    # Every statement and its rows made ready before the clock starts: only SQLite's work is timed.
    work = []
    for tables in per_article:
        statements = []
        for table, rows in tables:
            statements.append((sql[table], rows))
            if table in fts:
                statements.append((fts[table], [[row[i] for i in text[table]] for row in rows]))
        work.append(statements)
    start = time.process_time()
    for statements in work:
        conn.execute("BEGIN")
        for statement, rows in statements:
            conn.executemany(statement, rows)
        conn.execute("COMMIT")
    seconds = time.process_time() - start
    db.close()
    return seconds


def in_turns(repeat: int, runs: dict[str, Callable[[Path], float]]) -> dict[str, list[float]]:
    """CPU seconds of each run, turn by turn; the runs take turns, so all see the same machine."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for n in range(repeat):
        for name, run in runs.items():
            with tempfile.TemporaryDirectory() as tmp:
                wordforms._forms.clear()  # every run starts with a cold stem cache
                times[name].append(run(Path(tmp) / f"run{n}.db"))
    return times


def raw_text_index(run: Callable[[Path], float]) -> Callable[[Path], float]:
    def unstemmed(path: Path) -> float:
        with mock.patch.object(search_index, "index_form", lambda text: text):
            return run(path)
    return unstemmed


def no_index(run: Callable[[Path], float]) -> Callable[[Path], float]:
    def unindexed(path: Path) -> float:
        with mock.patch.object(search_index, "index", lambda *a: None), \
                mock.patch.object(search_index, "unindex", lambda *a: None):
            return run(path)
    return unindexed


def profile_writer(snaps: list[ArticleSnapshot], out: Path) -> None:
    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory() as tmp:
        wordforms._forms.clear()
        profiler = Profiler(interval=0.0005)
        profiler.start()
        write_all(Path(tmp) / "profiled.db", snaps)
        write_all(Path(tmp) / "again.db", snaps, later(snaps, 1))
        profiler.stop()
    out.parent.mkdir(exist_ok=True)
    out.write_text(profiler.output_html())
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    out.with_suffix(".txt").write_text(text)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400, help="demo bankfax articles written")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the median reported")
    parser.add_argument("--profile", action="store_true", help="also profile one writer run with pyinstrument")
    parser.add_argument("--target-only", action="store_true",
                        help="only the limit, the comments-only line and the writer for new articles")
    args = parser.parse_args()

    snaps = snapshots(args.articles)
    again = later(snaps, 1)
    bare = [ArticleSnapshot(s.article, [], True, s.pages, s.fetched_at) for s in snaps]
    rows = comment_rows(snaps)
    everything = stored_rows(snaps)
    comments = sum(len(r) for r in rows)
    print(machine())
    print(f"{len(snaps)} demo bankfax articles, {comments:,} comments"
          f" ({comments / len(snaps):.1f} an article), {sum(len(s.pages[0].body) for s in snaps) / len(snaps) / 1024:.0f} KB pages")
    print()

    writer = "ArchiveWriter, new articles (as the crawl writes): the target"
    runs = {
        "raw sqlite3 executemany, one transaction (baseline)": lambda p: raw_executemany(p, rows, True),
        "  + FTS5 of the raw text, one transaction": lambda p: raw_executemany(p, rows, True, fts=True),
        "raw sqlite3 executemany, a transaction per article": lambda p: raw_executemany(p, rows, False),
        COMMENTS_ONLY: lambda p: raw_executemany(p, rows, False, fts=True),
        LIMIT: lambda p: raw_snapshots(p, everything),
        writer: lambda p: write_all(p, snaps),
        "ArchiveWriter, the same again a day later": lambda p: write_all(p, snaps, again),
        "ArchiveWriter, new, FTS fed raw text (no stems)": raw_text_index(lambda p: write_all(p, snaps)),
        "ArchiveWriter, new, no FTS upkeep at all": no_index(lambda p: write_all(p, snaps)),
        "ArchiveWriter, new, 20 articles a transaction": lambda p: write_all(p, snaps, group=20),
        "(ArchiveWriter, new articles without their comments)": lambda p: write_all(p, bare),
    }
    if args.target_only:
        runs = {label: run for label, run in runs.items() if label in (COMMENTS_ONLY, LIMIT, writer)}
    turns = in_turns(args.repeat, runs)
    seconds = {label: statistics.median(values) for label, values in turns.items()}
    if not args.target_only:
        marginal = seconds[writer] - seconds.pop("(ArchiveWriter, new articles without their comments)")
        seconds["ArchiveWriter, new: the comments' own share (*)"] = marginal
    base = seconds[next(iter(seconds))]
    limit = seconds[LIMIT]
    comments_only = seconds[COMMENTS_ONLY]
    width = max(len(label) for label in seconds)
    print(f"{'what (CPU time, median of ' + str(args.repeat) + ' turns)':{width}} {'comment rows/s':>17}"
          f" {'per row':>13} {'ratio':>7} {'of limit':>8} {'of comments':>11}")
    for label, spent in seconds.items():
        rate = comments / spent
        print(f"{label:{width}} {rate:10,.0f} rows/s {spent / comments * 1e6:8.1f} µs/row {base / spent:6.2f}x"
              f" {limit / spent:7.2f}x {comments_only / spent:10.2f}x")
    by_turn = [raw / wrote for raw, wrote in zip(turns[LIMIT], turns[writer])]
    print(f"\nthe writer for new articles of the limit, turn by turn: {', '.join(f'{r:.2f}x' for r in by_turn)}")
    print()
    print("Writer figures include everything a snapshot writes (raw page compressed, article, its version and"
          " full-text index, tags, images, comments and theirs); per row = all of it over the comment rows."
          " 'ratio' is against the first line. 'of limit' against the same rows the writer stores (article,"
          " version, tags, images, the compressed page, comments, each into the archive's own table and"
          " indexes) as raw rows, plus FTS5 of the article's and the comments' raw text, a transaction per"
          " article: what any writer that keeps these rows and search and commits each article alone is"
          " bound by, the figure the target line is judged on; the writer's share of it is its own work"
          " (reading what is archived, deciding, stemming, compressing, building rows)."
          " 'of comments' against the comment rows alone plus FTS5 of their raw text, a transaction per"
          " article: a reference line, which leaves out the page, the article and its version, so that"
          " the limit itself runs at a fraction of it. The other lines say where the time goes."
          " (*) the writer's time for new articles with their comments, less its time for the same"
          " articles without comments: what the comment rows themselves cost, FTS upkeep included.")
    if args.profile:
        profile_writer(snaps, Path(__file__).resolve().parent / "profiles" / "writes.html")


if __name__ == "__main__":
    main()
