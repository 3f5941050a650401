"""Figures for search: query latency through Datasette's JSON API, stemmed against unstemmed.

    python benchmarks/bench_search.py [--articles 100000] [--comments 1000000] [--requests 40]
                                      [--keep DIR] [--stemming]

Not a test (nothing here asserts a time): it prints figures, each beside a
baseline measured in the same run. A synthetic archive (the real schema,
`open_archive`; its full-text index kept by `scraper.archive.search_index`,
one stem a word) of `--articles` articles and `--comments` comments is
built, and a copy of it whose FTS5 tables hold the raw text (FTS5's own
`rebuild`): what Datasette alone would search. Each is served by `datasette
serve` (with metadata.yml and the project's plugin, in its own process), and
the same JSON requests, a one-word and a two-word Russian query, go to both in
turns: the comments and articles tables' `?_search=` (newest first, with the
facets metadata.yml asks for, and the count of matches), the comments table's
without count and facets (`_nocount=1&_nofacet=1`), and the canned query
`search` (ranked, headlines first, with snippets), and the plugin's search
page (HTML: ranked hits with snippets, counts and the timeline), of comments
and of everything. p50 and p95 of each are reported, and the stemmed p95 over
the unstemmed one.

Text comes from pymorphy3's dictionary of Russian word forms, words drawn with
Zipf's law as in real comments; the query words are taken at Zipf ranks 100,
300 and 1000. The stemmed query finds every form of its words, the unstemmed
one only the form typed, so the two find different numbers of hits (shown).
`--stemming` adds the figures of stemming itself (PyStemmer against the
pure-Python snowballstemmer, `index_form` cold and warm, FTS5 inserts).
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable


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


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
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


# --- query latency through Datasette's JSON API --------------------------------


def build_archive(path: Path, vocab: list[str], articles: int, comments: int) -> float:
    """A synthetic archive (the real schema, stemmed index kept by search_index); returns seconds."""
    from scraper.archive import open_archive, search_index

    start = time.perf_counter()
    db = open_archive(path)
    per_article = max(1, comments // articles)
    with db.atomic():
        db.conn.execute("INSERT INTO sites (name, title, timezone) VALUES ('demo', 'Demo', 'Asia/Barnaul')")
    step = 5000
    for first in range(1, articles + 1, step):
        numbers = range(first, min(first + step, articles + 1))
        titles = texts(vocab, len(numbers), 8, seed=first)
        leads = texts(vocab, len(numbers), 25, seed=first + 1)
        bodies = texts(vocab, len(numbers), 120, seed=first + 2)
        rows = [
            (i, "demo", f"https://example.org/news/{i}/", titles[k], leads[k], bodies[k],
             f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00Z",
             f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}T17:{i % 60:02d}:00+07:00", "minute",
             "2022-09-01T00:00:00Z")
            for k, i in enumerate(numbers)
        ]
        texts_of_comments = texts(vocab, len(numbers) * per_article, 30, seed=first + 3)
        crows = [
            ((i - 1) * per_article + j + 1, i, f"c{j}", "Сибиряк", texts_of_comments[k * per_article + j],
             rows[k][6], rows[k][7], "minute", "2022-09-01T00:00:00Z")
            for k, i in enumerate(numbers) for j in range(per_article)
        ]
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO articles (id, site, url, title, lead, body, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            search_index.index(db, "articles", [(r[0], r[3], r[4], r[5]) for r in rows])
            db.conn.executemany(
                "INSERT INTO comments (id, article_id, site_comment_id, author, text, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", crows)
            search_index.index(db, "comments", [(r[0], r[4], r[3]) for r in crows])
    with db.atomic():
        for table in search_index.INDEXED:
            db.conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - start


def unstemmed_copy(stemmed: Path, path: Path) -> float:
    """The same archive with FTS5's own index of the raw text (its `rebuild`), as Datasette
    alone would search it: the baseline. Returns seconds."""
    import shutil

    start = time.perf_counter()
    shutil.copyfile(stemmed, path)
    conn = sqlite3.connect(path)
    for table in ("articles", "comments"):
        conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('rebuild')")
        conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    # Without this record the plugin leaves Datasette's own escape_fts: words are searched as typed.
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_index_word_stems'")
    conn.commit()
    conn.close()
    return time.perf_counter() - start


class Server:
    """`datasette serve` on one archive, in its own process, with the project's metadata and plugin."""

    def __init__(self, path: Path, *settings: str):
        import socket
        import subprocess

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        root = Path(__file__).resolve().parent.parent
        self.process = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", str(path), "-m", str(root / "metadata.yml"),
             "-h", "127.0.0.1", "-p", str(self.port), *settings],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import http.client

        for _ in range(600):
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.get("/-/versions.json")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("datasette did not start")

    def get(self, path: str) -> tuple[float, dict]:
        """Milliseconds for one JSON request (on a kept-alive connection), and its JSON."""
        import json

        import http.client

        start = time.perf_counter()
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # uvicorn closes a kept-alive connection idle for 5 s (a loaded machine
            # starting the other server takes longer): connect again, time afresh.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            start = time.perf_counter()
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        body = response.read()
        ms = (time.perf_counter() - start) * 1000
        if "json" in (response.getheader("content-type") or ""):
            data = json.loads(body)
        else:  # an HTML page: how many hits it shows is in its count lines
            found = re.findall(r"(?:Статьи|Комментарии|Articles|Comments): ([\d\s\xa0,]+)<", body.decode("utf-8"))
            data = {"rows": [None] * sum(int(re.sub(r"\D", "", n)) for n in found)}
        if response.status != 200:
            # Datasette's answer when a query passes sql_time_limit_ms (3 s here): recorded, not fatal.
            data = {"error": str(data.get("error", ""))[:60], "status": response.status}
        return ms, data

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(10)


def query_words(vocab: list[str], ranks: tuple[int, ...]) -> list[str]:
    """Words at these Zipf ranks that are plain Cyrillic words of five letters or more."""
    found = []
    for rank in ranks:
        for word in vocab[rank:]:
            if len(word) >= 5 and word.isalpha() and word not in found:
                found.append(word)
                break
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency(vocab: list[str], articles: int, comments: int, requests: int, keep: Path | None) -> None:
    """p50/p95 of the same JSON requests on the stemmed archive and on the unstemmed copy."""
    from urllib.parse import quote

    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        (folder / "stemmed").mkdir(parents=True, exist_ok=True)
        (folder / "unstemmed").mkdir(parents=True, exist_ok=True)
        stemmed, unstemmed = folder / "stemmed" / "archive.db", folder / "unstemmed" / "archive.db"
        if not stemmed.exists():
            seconds = build_archive(stemmed, vocab, articles, comments)
            print(f"built the stemmed archive in {seconds:.0f} s")
        if not unstemmed.exists():
            seconds = unstemmed_copy(stemmed, unstemmed)
            print(f"built the unstemmed copy (FTS5 rebuild of raw text) in {seconds:.0f} s")
        conn = sqlite3.connect(stemmed)
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "comments")]
        conn.close()
        print(f"archive: {counts[0]:,} articles, {counts[1]:,} comments,"
              f" {stemmed.stat().st_size / 1e9:.2f} GB; {requests} requests each, in turns")
        one, two, three = query_words(vocab, (100, 300, 1000))
        queries = [(f"one word ({one})", one), (f"two words ({two} {three})", f"{two} {three}")]
        endpoints = [
            ("comments table, _search", "/archive/comments.json?_search={q}&_size=20"),
            ("articles table, _search", "/archive/articles.json?_search={q}&_size=20"),
            ("comments, _search, no count/facets", "/archive/comments.json?_search={q}&_size=20&_nocount=1&_nofacet=1"),
            ("canned query search (ranked)", "/archive/search.json?q={q}&_size=20"),
            ("search page, comments (HTML)", "/archive/-/search?in=comments&q={q}"),
            ("search page, all (HTML)", "/archive/-/search?q={q}"),
        ]
        servers = {"stemmed": Server(stemmed), "unstemmed": Server(unstemmed)}
        try:
            print(f"{'request':32} {'query':28} {'index':10} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>9}")
            for label, template in endpoints:
                for name, q in queries:
                    path = template.format(q=quote(q))
                    times: dict[str, list[float]] = {kind: [] for kind in servers}
                    hits: dict[str, object] = {}
                    failed: dict[str, int] = {kind: 0 for kind in servers}
                    for kind, server in servers.items():  # warm up (a cold file can pass the time limit)
                        for _ in range(3):
                            _, data = server.get(path)
                            if "status" not in data:
                                break
                        if "status" in data:
                            hits[kind] = f"HTTP {data['status']}"
                        elif data.get("filtered_table_rows_count") is not None:
                            hits[kind] = data["filtered_table_rows_count"]
                        else:  # not counted (_nocount), or a canned query's rows
                            hits[kind] = f"{len(data.get('rows', []))} rows"
                    rounds = requests if not any(str(h).startswith("HTTP") for h in hits.values()) else min(requests, 5)
                    for _ in range(rounds):
                        for kind, server in servers.items():
                            ms, data = server.get(path)
                            times[kind].append(ms)
                            failed[kind] += "status" in data
                    base = percentile(times["unstemmed"], 0.95)
                    for kind in servers:
                        p95 = percentile(times[kind], 0.95)
                        note = f"  {failed[kind]} of {rounds} over the time limit" if failed[kind] else ""
                        shown = f"{hits[kind]:,}" if isinstance(hits[kind], int) else hits[kind]
                        print(f"{label:32} {name:28} {kind:10} {shown:>8} {percentile(times[kind], 0.5):8.1f}"
                              f" {p95:8.1f} {p95 / base:8.2f}x{note}", flush=True)
        finally:
            for server in servers.values():
                server.stop()
        where_the_time_goes(stemmed, [endpoints[i][1].format(q=quote(one)) for i in (0, 1)])


def where_the_time_goes(archive: Path, paths: list[str], repeat: int = 5) -> None:
    """Datasette's own trace (`?_trace=1`, setting trace_debug) of each request: every SQL
    statement it ran and its time, the median of `repeat` requests. Says what limits a slow one."""
    import statistics

    server = Server(archive, "--setting", "trace_debug", "1")
    try:
        for path in paths:
            runs = [server.get(path + "&_trace=1")[1]["_trace"] for _ in range(repeat)]
            total = statistics.median(run["request_duration_ms"] for run in runs)
            print(f"\n{path.split('?')[0]} (stemmed, one word): {total:.0f} ms a request (median of {repeat}),"
                  f" of it in SQL:")
            by_sql: dict[str, list[float]] = {}
            for run in runs:
                for trace in run["traces"]:
                    by_sql.setdefault(" ".join(trace["sql"].split())[:150], []).append(trace["duration_ms"])
            for sql, times in sorted(by_sql.items(), key=lambda item: -statistics.median(item[1])):
                if statistics.median(times) >= 1:
                    print(f"  {statistics.median(times):7.1f} ms  {sql}")
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocabulary", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the synthetic archive")
    parser.add_argument("--comments", type=int, default=1_000_000, help="comments in the synthetic archive")
    parser.add_argument("--requests", type=int, default=40, help="timed requests of each query on each archive")
    parser.add_argument("--keep", type=Path, help="build the archives in this folder and keep them (reused if there)")
    parser.add_argument("--stemming", action="store_true",
                        help="also print stemming and indexing figures (PyStemmer, index_form, FTS5 inserts)")
    parser.add_argument("--stemming-comments", type=int, default=50_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.common import machine

    print(machine())
    vocab = vocabulary(args.vocabulary)
    if args.stemming:
        stemmers(vocab)
        indexing(texts(vocab, args.stemming_comments, 30))
    latency(vocab, args.articles, args.comments, args.requests, args.keep)


if __name__ == "__main__":
    main(sys.argv[1:])
