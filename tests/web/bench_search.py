"""Figures for search: stemming speed, indexing cost, query latency.

    python -m tests.web.bench_search [--articles 100000]

Not a test (nothing here asserts a time): it prints figures, each beside a
baseline measured in the same run. Text comes from pymorphy3's dictionary of
Russian word forms, words drawn with Zipf's law as in real comments.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def vocabulary(size: int, seed: int = 7) -> list[str]:
    """`size` distinct Russian word forms from pymorphy3's dictionary, from
    every two-letter beginning alike (the dictionary is sorted)."""
    from scraper.wordforms import _morph

    letters = "абвгдежзийклмнопрстуфхцчшщыэюя"
    prefixes = [a + b for a in letters for b in letters]
    per_prefix = 4 * size // len(prefixes) + 1
    words, seen = [], set()
    for prefix in prefixes:
        taken = 0
        for word, _ in _morph().dictionary.words.iteritems(prefix):
            if taken >= per_prefix:
                break
            if word.isalpha() and word not in seen:
                seen.add(word)
                words.append(word)
                taken += 1
    random.Random(seed).shuffle(words)
    return words[:size]


def texts(vocab: list[str], count: int, words_per_text: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    out = []
    for _ in range(count):
        picked = rng.choices(vocab, cum_weights=cumulative, k=words_per_text)
        picked[0] = picked[0].capitalize()
        out.append(" ".join(picked) + ".")
    return out


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def stemmers(vocab: list[str]) -> None:
    import Stemmer

    py = Stemmer.Stemmer("russian", 0)  # no cache: every word stemmed
    seconds, _ = timed(lambda: [py.stemWord(w) for w in vocab])
    print(f"PyStemmer          {len(vocab) / seconds:12,.0f} stems/s (distinct words, no cache)")
    try:
        # The pure-Python class itself: snowballstemmer.stemmer() hands out
        # PyStemmer when it is installed.
        from snowballstemmer.russian_stemmer import RussianStemmer
    except ImportError:
        print("snowballstemmer    not installed (pip install snowballstemmer to compare)")
        return
    pure = RussianStemmer()
    seconds, _ = timed(lambda: [pure.stemWord(w) for w in vocab])
    print(f"snowballstemmer    {len(vocab) / seconds:12,.0f} stems/s (pure Python, same words)")


def indexing(comments: list[str]) -> None:
    from scraper import wordforms

    wordforms._forms.clear()
    words = sum(len(wordforms.words(t)) for t in comments)
    seconds, _ = timed(lambda: [wordforms.index_form(t) for t in comments])
    print(f"index_form, cold   {seconds / len(comments) * 1e6:8.1f} µs per comment"
          f" ({words / len(comments):.0f} words), {words / seconds:,.0f} words/s")
    seconds, _ = timed(lambda: [wordforms.index_form(t) for t in comments])
    print(f"index_form, warm   {seconds / len(comments) * 1e6:8.1f} µs per comment")

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "bench.db")
        db.executescript(
            "CREATE TABLE comments (id INTEGER PRIMARY KEY, text TEXT, author TEXT);"
            "CREATE VIRTUAL TABLE comments_fts USING fts5(text, author, content=comments, content_rowid=id);"
            "CREATE VIRTUAL TABLE raw_fts USING fts5(text, author, content=comments, content_rowid=id);"
        )
        rows = [(i, text, "Сибиряк") for i, text in enumerate(comments, 1)]
        wordforms._forms.clear()

        def plain():
            with db:
                db.executemany("INSERT INTO comments VALUES (?, ?, ?)", rows)

        def raw_fts():
            with db:
                db.executemany("INSERT INTO raw_fts (rowid, text, author) VALUES (?, ?, ?)", rows)

        def stemmed():
            from scraper.archive import search_index

            with db:
                search_index.index(_Db(db), "comments", rows)

        base, _ = timed(plain)
        raw, _ = timed(raw_fts)
        stem, _ = timed(stemmed)
        print(f"insert comments    {base / len(rows) * 1e6:8.1f} µs per comment (executemany, no index)")
        print(f"+ FTS raw text     {raw / len(rows) * 1e6:8.1f} µs per comment")
        print(f"+ FTS stems        {stem / len(rows) * 1e6:8.1f} µs per comment (cold cache), "
              f"{stem / raw:.2f}x raw FTS")


class _Db:
    def __init__(self, conn):
        self.conn = conn


def writes(vocab: list[str], snapshots: int = 300, comments_per_article: int = 50) -> None:
    """The archive writer with stemmed indexing, with raw-text indexing, and
    raw executemany of the same comment rows (no index at all)."""
    from datetime import datetime, timezone
    from unittest import mock

    from scraper.archive import open_archive, search_index
    from scraper.archive.writer import ArchiveWriter
    from scraper.dates import Timestamp
    from scraper.items import Article, ArticleSnapshot, Comment, FetchedPage
    from scraper.sites import Site
    from scraper import wordforms

    when = datetime(2022, 8, 23, tzinfo=timezone.utc)
    stamp = Timestamp("23.08.2022 10:00", when, "minute")
    bodies = texts(vocab, snapshots, 300, seed=5)
    comment_texts = texts(vocab, snapshots * comments_per_article, 30, seed=6)
    snaps = []
    for i in range(snapshots):
        url = f"https://example.org/news/{i}/"
        comments = [Comment(f"{i}-{j}", "Сибиряк", comment_texts[i * comments_per_article + j], stamp)
                    for j in range(comments_per_article)]
        article = Article("demo", url, bodies[i][:60], bodies[i], stamp, lead=bodies[i][:200])
        page = FetchedPage(url, 200, {}, bodies[i].encode(), when, "article")
        snaps.append(ArticleSnapshot(article, comments, True, [page], when))

    def run(tmp: str, name: str) -> float:
        db = open_archive(Path(tmp) / f"{name}.db")
        writer = ArchiveWriter(db)
        writer.save_sites([Site("demo", "Demo", "https://example.org", "UTC", "generic", "^/news/")])
        start = time.perf_counter()
        for snap in snaps:
            writer.save_snapshot(snap)
        seconds = time.perf_counter() - start
        db.close()
        return seconds

    with tempfile.TemporaryDirectory() as tmp:
        wordforms._forms.clear()
        stemmed = run(tmp, "stemmed")
        with mock.patch.object(search_index, "index_form", lambda text: text):
            raw_text = run(tmp, "raw")
        conn = sqlite3.connect(Path(tmp) / "plain.db")
        conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, article_id, site_comment_id, author, text,"
                     " published_at, first_seen, last_seen)")
        rows = [(None, i, c.comment_id, c.author, c.text, "2022-08-23T00:00:00Z", "x", "x")
                for i, snap in enumerate(snaps) for c in snap.comments]
        start = time.perf_counter()
        for i in range(snapshots):
            with conn:
                conn.executemany("INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 rows[i * comments_per_article:(i + 1) * comments_per_article])
        plain = time.perf_counter() - start
    n = snapshots * comments_per_article
    print(f"writer, stems      {stemmed / n * 1e6:8.1f} µs per comment ({snapshots} articles of"
          f" {comments_per_article} comments, one transaction each)")
    print(f"writer, raw text   {raw_text / n * 1e6:8.1f} µs per comment; stems cost {stemmed / raw_text:.2f}x")
    print(f"raw executemany    {plain / n * 1e6:8.1f} µs per comment (same rows, a transaction per article);"
          f" writer with stems runs at {plain / stemmed:.2f}x its speed")


def latency(vocab: list[str], articles: int, comments_per_article: int, keep: Path | None = None) -> None:
    """Query time on a synthetic archive: ranked search with snippets, against
    Datasette's own unranked `_search` filter as the baseline."""
    import statistics

    from scraper.archive import open_archive, search_index
    from scraper.web import search
    from scraper.web.query import parse, sql_escape_fts

    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "archive.db"
        db = open_archive(path)
        titles = texts(vocab, articles, 8, seed=1)
        leads = texts(vocab, articles, 25, seed=2)
        bodies = texts(vocab, articles, 120, seed=3)
        start = time.perf_counter()
        with db.atomic():
            db.conn.execute("INSERT INTO sites (name, title, timezone) VALUES ('demo', 'Demo', 'Asia/Barnaul')")
            rows = [
                (i, "demo", f"u{i}", titles[i - 1], leads[i - 1], bodies[i - 1], f"2022-08-{1 + i % 28:02d}T10:00:00Z",
                 f"2022-08-{1 + i % 28:02d}T17:00:00+07:00", "minute", f"2022-09-01T00:00:{i % 60:02d}Z")
                for i in range(1, articles + 1)
            ]
            db.conn.executemany(
                "INSERT INTO articles (id, site, url, title, lead, body, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            search_index.index(db, "articles", [(r[0], r[3], r[4], r[5]) for r in rows])
            comments = texts(vocab, articles * comments_per_article, 30, seed=4)
            crows = [(i, 1 + (i - 1) // comments_per_article, f"c{i}", "Сибиряк", text, rows[(i - 1) // comments_per_article][6],
                      rows[(i - 1) // comments_per_article][7], "minute", "2022-09-01T00:00:00Z")
                     for i, text in enumerate(comments, 1)]
            db.conn.executemany(
                "INSERT INTO comments (id, article_id, site_comment_id, author, text, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", crows)
            search_index.index(db, "comments", [(r[0], r[4], r[3]) for r in crows])
        print(f"synthetic archive  {articles:,} articles, {len(crows):,} comments, built in"
              f" {time.perf_counter() - start:.0f} s")

        class Result(list):
            def first(self):
                return self[0] if self else None

        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        conn.create_function("escape_fts", 1, sql_escape_fts, deterministic=True)

        class Db:  # the part of Datasette's Database that scraper.web.search uses
            async def execute(self, sql, params=None):
                return Result(conn.execute(sql, params or {}).fetchall())

        import asyncio

        def ms(fn) -> float:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                fn()
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)

        for rank in [r for r in (10, 300, 3000, 30000) if r < len(vocab)]:
            word = vocab[rank]
            query = parse(word)
            hits = db.conn.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?",
                                   [query.expression]).fetchone()[0]
            baseline = ms(lambda: conn.execute(
                "SELECT id, text FROM comments WHERE rowid IN (SELECT rowid FROM comments_fts WHERE comments_fts"
                " MATCH escape_fts(?)) ORDER BY published_at DESC LIMIT 51",
                [word]).fetchall())
            page = asyncio.run(search.comments(Db(), query, limit=20))
            assert page.total == hits and len(page.rows) == min(20, hits), (page.total, hits)
            ranked = ms(lambda: asyncio.run(search.comments(Db(), query, limit=20)))
            articles_ms = ms(lambda: asyncio.run(search.articles(Db(), query, limit=20)))
            print(f"query {word!r:18} (Zipf rank {rank:>5}, {hits:>7,} comments): Datasette _search filter"
                  f" {baseline:7.1f} ms, ranked comments page {ranked:7.1f} ms, ranked articles page"
                  f" {articles_ms:7.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocabulary", type=int, default=200_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--articles", type=int, default=0, help="also measure queries on this many articles")
    parser.add_argument("--comments-per-article", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the synthetic archive here and keep it")
    args = parser.parse_args(argv)
    vocab = vocabulary(args.vocabulary)
    stemmers(vocab)
    indexing(texts(vocab, args.comments, 30))
    writes(vocab)
    if args.articles:
        latency(vocab, args.articles, args.comments_per_article, args.keep)


if __name__ == "__main__":
    main(sys.argv[1:])
