"""Figures for search: latency of every request a journalist makes, stemmed against unstemmed.

    python benchmarks/bench_search.py [--articles 100000] [--comments 1000000] [--requests 40]
                                      [--keep DIR] [--dating crawl|cycle] [--only TEXT] [--stemming]

Not a test (nothing here asserts a time): it prints figures, each beside a
baseline measured in the same run. A synthetic archive (the real schema,
`open_archive`; its full-text index kept by `scraper.archive.search_index`,
one stem a word) of `--articles` articles and `--comments` comments is
built, and a copy of it whose FTS5 tables hold the raw text (FTS5's own
`rebuild`): what Datasette alone would search. Each is served by `datasette
serve` (with metadata.yml and the project's plugin, in its own process), and
the same requests go to both in turns (SEARCH_REQUESTS, PAGE_REQUESTS): the
plugin's search page (everything, comments, articles, page 2, newest first,
a day's and a month's bar of the timeline, one site), its Atom feed, the
canned query `search`, the comments and articles tables' `?_search=` (HTML
and JSON, with a facet), and pages that search nothing (a commenter's page,
an article, the tables, the home page). Each search is asked for a common
word, a rare one and two words. p50 and p95 of each are reported, the
server's CPU a request, the stemmed p95 over the unstemmed one, and the load
average when it was measured; then Datasette's own trace of the four slowest.

`--dating` chooses how the archive is dated (DATINGS): as a crawl fills one
(the default) or the worst case for a period. Archives built with `--keep`
are reused by later runs, and brought up to date with the migrations made since.

Text comes from pymorphy3's dictionary of Russian word forms, words drawn with
Zipf's law as in real comments; the query words are taken at Zipf ranks 100,
300, 1000 and 10,000. The stemmed query finds every form of its words, the
unstemmed one only the form typed, so the two find different numbers of hits
(shown). `--stemming` adds the figures of stemming itself (PyStemmer against
the pure-Python snowballstemmer, `index_form` cold and warm, FTS5 inserts).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
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
            "CREATE TABLE comments (id INTEGER PRIMARY KEY, text TEXT, author TEXT, published_local TEXT);"
            "CREATE VIRTUAL TABLE comments_fts USING fts5(text, author, published_local, content=comments,"
            " content_rowid=id);"
            "CREATE VIRTUAL TABLE raw_fts USING fts5(text, author, content=comments, content_rowid=id);"
        )
        rows = [(i, text, "Сибиряк", None) for i, text in enumerate(comments, 1)]
        wordforms._forms.clear()

        def plain():
            with db:
                db.executemany("INSERT INTO comments VALUES (?, ?, ?, ?)", rows)

        def raw_fts():
            with db:
                db.executemany("INSERT INTO raw_fts (rowid, text, author) VALUES (?, ?, ?)", [r[:3] for r in rows])

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


# How the synthetic archive is dated. "crawl": as a nightly crawl fills one,
# articles of three sites two years long in the order they were published
# (ids grow with time), each one's comments in the hours after it. "cycle":
# the archive of earlier runs, one site, twelve months and 28 days dealt out
# in turn (i % 12, i % 28): 84 days, each spread over every id, the worst case
# for a search narrowed to a period.
DATINGS = ("crawl", "cycle")
CRAWL_START, CRAWL_DAYS = datetime(2021, 9, 1, 3, 0, tzinfo=timezone.utc), 730
CRAWL_SITES = ("altai", "barnaul", "biysk")
BARNAUL = timezone(timedelta(hours=7))


def _dates(dating: str, i: int, articles: int, comment: int | None = None) -> tuple[str, str]:
    """(published_at, published_local) of article i, or of its comment number `comment`."""
    if dating == "cycle":
        return (f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00Z",
                f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}T17:{i % 60:02d}:00+07:00")
    moment = CRAWL_START + timedelta(days=CRAWL_DAYS) * (i - 1) / articles
    if comment is not None:
        moment += timedelta(minutes=7 + 23 * comment)
    moment = moment.replace(second=0, microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.astimezone(BARNAUL).isoformat()


def build_archive(path: Path, vocab: list[str], articles: int, comments: int, dating: str = "crawl") -> float:
    """A synthetic archive (the real schema, stemmed index kept by search_index); returns seconds."""
    from scraper.archive import open_archive, search_index

    start = time.perf_counter()
    db = open_archive(path)
    per_article = max(1, comments // articles)
    sites = CRAWL_SITES if dating == "crawl" else ("demo",)
    with db.atomic():
        db.conn.executemany("INSERT INTO sites (name, title, timezone) VALUES (?, ?, 'Asia/Barnaul')",
                            [(name, name.capitalize()) for name in sites])
    step = 5000
    for first in range(1, articles + 1, step):
        numbers = range(first, min(first + step, articles + 1))
        titles = texts(vocab, len(numbers), 8, seed=first)
        leads = texts(vocab, len(numbers), 25, seed=first + 1)
        bodies = texts(vocab, len(numbers), 120, seed=first + 2)
        rows = [
            (i, sites[i % len(sites)], f"https://example.org/news/{i}/", titles[k], leads[k], bodies[k],
             *_dates(dating, i, articles), "minute", "2022-09-01T00:00:00Z")
            for k, i in enumerate(numbers)
        ]
        texts_of_comments = texts(vocab, len(numbers) * per_article, 30, seed=first + 3)
        crows = [
            ((i - 1) * per_article + j + 1, i, f"c{j}", "Сибиряк", texts_of_comments[k * per_article + j],
             *(_dates(dating, i, articles, j) if dating == "crawl" else rows[k][6:8]), "minute",
             "2022-09-01T00:00:00Z")
            for k, i in enumerate(numbers) for j in range(per_article)
        ]
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO articles (id, site, url, title, lead, body, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            search_index.index(db, "articles", [(r[0], r[3], r[4], r[5], r[7]) for r in rows])
            db.conn.executemany(
                "INSERT INTO comments (id, article_id, site_comment_id, author, text, published_at, published_local,"
                " published_precision, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", crows)
            search_index.index(db, "comments", [(r[0], r[4], r[3], r[6]) for r in crows])
    with db.atomic():
        for table in search_index.INDEXED:
            db.conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('optimize')")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - start


def up_to_date(stemmed: Path, unstemmed: Path) -> None:
    """Archives kept from an earlier run get the migrations made since; the
    unstemmed copy, if it missed any, is copied afresh from the stemmed one."""
    from sqlite_utils import Database

    from scraper.archive import open_archive
    from scraper.archive.schema import migrations

    open_archive(stemmed).close()
    db = Database(unstemmed)
    behind = [m.name for m in migrations.pending(db)] != ["m003_index_word_stems"]
    db.close()
    if behind:
        unstemmed_copy(stemmed, unstemmed)


def unstemmed_copy(stemmed: Path, path: Path) -> float:
    """The same archive with an index of the raw text, as FTS5's own `rebuild` makes it and
    Datasette alone would search it, beside the same period terms: the baseline. Returns seconds."""
    import shutil

    from scraper import periods
    from scraper.archive import search_index

    start = time.perf_counter()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(stemmed, path)
    conn = sqlite3.connect(path)
    conn.create_function("period_terms", 1, periods.terms, deterministic=True)
    for table in ("articles", "comments"):
        words = ", ".join(search_index.INDEXED[table])
        conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('delete-all')")
        conn.execute(f"INSERT INTO [{table}_fts](rowid, {words}, {periods.COLUMN})"
                     f" SELECT id, {words}, period_terms({periods.COLUMN}) FROM [{table}]")
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

    def cpu_seconds(self) -> float:
        """CPU time the server process (all its threads) has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def fetch(self, path: str) -> tuple[float, int, str, bytes]:
        """Milliseconds for one request (on a kept-alive connection), its status, content type and body."""
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
        return ms, response.status, response.getheader("content-type") or "", body

    def get(self, path: str) -> tuple[float, dict]:
        """Milliseconds for one request, and what it found: {"hits": …} or {"status": …} on an error."""
        ms, status, kind, body = self.fetch(path)
        if status >= 400:
            return ms, {"status": status}
        return ms, {"hits": hits(kind, body)}

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(10)


_COUNT = r"(?:более|more than)?\s*[\d\s\xa0,]*\d"


def hits(kind: str, body: bytes) -> str:
    """What a response says it found: the count a page or the JSON gives, else its rows."""
    import json

    if "json" in kind:
        data = json.loads(body)
        if isinstance(data, dict) and data.get("filtered_table_rows_count") is not None:
            return f"{data['filtered_table_rows_count']:,}"
        rows = data.get("rows", []) if isinstance(data, dict) else data
        return f"{len(rows)} rows"
    text = body.decode("utf-8", "replace")
    if "atom" in kind:
        return f"{text.count('<entry>')} entries"
    found = re.findall(rf"(?:Статьи|Комментарии|Articles|Comments): ({_COUNT})\s*<", text)
    if found:  # the search page: articles and comments
        return " + ".join(" ".join(n.split()) for n in found)
    found = re.search(rf"<h3>({_COUNT}) (?:строк|строки|строка|rows?)", text)
    if found:  # a table page
        return " ".join(found.group(1).split())
    found = re.search(r"<h2>[^<]*?: ([\d\s\xa0]+) (?:комментари|comment)", text)
    if found:  # a commenter's page
        return " ".join(found.group(1).split()) + " comments"
    return f"{text.count('<tr')} table rows" if "<tr" in text else f"{len(body):,} bytes"


def amount(found: str) -> int:
    """The number of hits (or rows) a `hits` answer stands for: "более 1 000 + 22 975" is 23,975."""
    return sum(int(re.sub(r"\D", "", n)) for n in re.findall(r"\d[\d\s\xa0,]*", found))


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


# Every request a journalist makes, `{q}` the words. A day and a month of the
# timeline (`{day}`, `{month_first}`…) and the site are those of the newest match.
SEARCH_REQUESTS = [
    ("search page, all", "/archive/-/search?q={q}"),
    ("search page, comments", "/archive/-/search?in=comments&q={q}"),
    ("search page, comments, page 2", "/archive/-/search?in=comments&q={q}&page=2"),
    ("search page, comments, newest", "/archive/-/search?in=comments&q={q}&sort=newest"),
    ("search page, articles", "/archive/-/search?in=articles&q={q}"),
    ("search page, a day's bar", "/archive/-/search?q={q}&since={day}&until={day}"),
    ("search page, a month's bar", "/archive/-/search?q={q}&since={month_first}&until={month_last}"),
    ("search page, one site", "/archive/-/search?q={q}&site={site}"),
    ("search feed (Atom), comments", "/archive/-/search.atom?q={q}&in=comments"),
    ("canned query search", "/archive/search?q={q}"),
    ("canned query search, JSON", "/archive/search.json?q={q}&_size=20"),
    ("comments table, _search", "/archive/comments?_search={q}"),
    ("comments table, _search, JSON", "/archive/comments.json?_search={q}&_size=20"),
    ("comments table, _search, +_facet", "/archive/comments?_search={q}&_facet=author"),
    ("articles table, _search", "/archive/articles?_search={q}"),
    ("articles table, _search, JSON", "/archive/articles.json?_search={q}&_size=20"),
]
PAGE_REQUESTS = [
    ("commenter page", "/archive/-/commenter?name={commenter}"),
    ("commenter page, one site, page 3", "/archive/-/commenter?name={commenter}&site={site}&page=3"),
    ("article page", "/archive/-/article/{article}"),
    ("comments table", "/archive/comments"),
    ("articles table", "/archive/articles"),
    ("home page (not a search)", "/"),
]


def request_values(archive: Path, word: str) -> dict[str, str]:
    """The day, month and site of the newest match of `word`, the busiest commenter, an article with comments."""
    import calendar

    from scraper.web.query import parse

    conn = sqlite3.connect(archive)
    row = conn.execute(
        "select substr(c.published_local, 1, 10), a.site from comments_fts f join comments c on c.id = f.rowid"
        " join articles a on a.id = c.article_id where comments_fts match ? order by f.rowid desc limit 1",
        [parse(word).expression],
    ).fetchone()
    day, site = row
    year, month = int(day[:4]), int(day[5:7])
    commenter = conn.execute("select author from comments where id = (select max(id) from comments)").fetchone()[0]
    article = conn.execute("select article_id from comments where id = (select max(id) from comments)").fetchone()[0]
    conn.close()
    return {"day": day, "month_first": f"{day[:7]}-01",
            "month_last": f"{day[:7]}-{calendar.monthrange(year, month)[1]:02d}", "site": site,
            "commenter": commenter, "article": str(article)}


def latency(vocab: list[str], articles: int, comments: int, requests: int, keep: Path | None,
            only: str | None = None, dating: str = "crawl") -> None:
    """p50/p95 and server CPU of the same requests on the stemmed archive and on the unstemmed copy."""
    from urllib.parse import quote

    with tempfile.TemporaryDirectory() as tmp:
        folder = (keep or Path(tmp)) / dating
        (folder / "stemmed").mkdir(parents=True, exist_ok=True)
        (folder / "unstemmed").mkdir(parents=True, exist_ok=True)
        stemmed, unstemmed = folder / "stemmed" / "archive.db", folder / "unstemmed" / "archive.db"
        # Each is built under another name and renamed when whole: a build cut
        # short is started again, never served as if it were the archive.
        if not stemmed.exists():
            partial = stemmed.with_name("building.db")
            for leftover in folder.glob("stemmed/building.db*"):
                leftover.unlink()
            seconds = build_archive(partial, vocab, articles, comments, dating)
            partial.rename(stemmed)
            print(f"built the stemmed archive in {seconds:.0f} s")
        if not unstemmed.exists():
            partial = unstemmed.with_name("building.db")
            seconds = unstemmed_copy(stemmed, partial)
            partial.rename(unstemmed)
            print(f"built the unstemmed copy (FTS5 rebuild of raw text) in {seconds:.0f} s")
        up_to_date(stemmed, unstemmed)
        conn = sqlite3.connect(stemmed)
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "comments")]
        conn.close()
        print(f"archive: {counts[0]:,} articles, {counts[1]:,} comments, dated as a {dating},"
              f" {stemmed.stat().st_size / 1e9:.2f} GB; {requests} requests each, in turns")
        one, two, three = query_words(vocab, (100, 300, 1000))
        rare = query_words(vocab, (10_000,))[0]
        queries = [(f"one word ({one})", one), (f"rare word ({rare})", rare), (f"two words ({two} {three})", f"{two} {three}")]
        values = {k: quote(v) for k, v in request_values(stemmed, one).items()}
        plan = [(label, name, template.format(q=quote(q), **values))
                for label, template in SEARCH_REQUESTS for name, q in queries]
        plan += [(label, "", template.format(**values)) for label, template in PAGE_REQUESTS]
        if only:
            plan = [p for p in plan if only in p[0]]
        servers = {"stemmed": Server(stemmed), "unstemmed": Server(unstemmed)}
        slow: list[tuple[float, str]] = []
        try:
            print(f"{'request':34} {'query':30} {'index':10} {'found':>17} {'p50 ms':>7} {'p95 ms':>7}"
                  f" {'cpu ms':>7} {'p95 ratio':>9} {'load':>5}")
            for label, name, path in plan:
                times: dict[str, list[float]] = {kind: [] for kind in servers}
                cpu: dict[str, float] = {kind: 0.0 for kind in servers}
                found: dict[str, str] = {}
                failed: dict[str, int] = {kind: 0 for kind in servers}
                for kind, server in servers.items():  # warm up (a cold file can pass the time limit)
                    for _ in range(3):
                        _, data = server.get(path)
                    found[kind] = data.get("hits") or f"HTTP {data['status']}"
                load = os.getloadavg()[0]
                for _ in range(requests):
                    for kind, server in servers.items():
                        before = server.cpu_seconds()
                        ms, data = server.get(path)
                        cpu[kind] += server.cpu_seconds() - before
                        times[kind].append(ms)
                        failed[kind] += "status" in data
                base = percentile(times["unstemmed"], 0.95)
                for kind in servers:
                    p95 = percentile(times[kind], 0.95)
                    note = f"  {failed[kind]} of {requests} failed" if failed[kind] else ""
                    if kind == "stemmed" and amount(found["unstemmed"]) * 1.5 < amount(found["stemmed"]):
                        note += "  (the raw index finds far less: the ratio compares unequal work)"
                    print(f"{label:34} {name:30} {kind:10} {found[kind]:>17} {percentile(times[kind], 0.5):7.1f}"
                          f" {p95:7.1f} {cpu[kind] / requests * 1000:7.1f} {p95 / base:8.2f}x {load:5.1f}{note}",
                          flush=True)
                    if kind == "stemmed":
                        slow.append((p95, path))
        finally:
            for server in servers.values():
                server.stop()
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} cores")
        where_the_time_goes(stemmed, [path for _, path in sorted(slow, reverse=True)[:4]])


def where_the_time_goes(archive: Path, paths: list[str], repeat: int = 5) -> None:
    """Datasette's own trace (`?_trace=1`, setting trace_debug) of each request: every SQL
    statement it ran and its time, the median of `repeat` requests. Says what limits a slow one."""
    import html
    import json
    import statistics

    server = Server(archive, "--setting", "trace_debug", "1")
    try:
        for path in paths:
            runs = []
            for _ in range(repeat):
                _, _, kind, body = server.fetch(path + ("&" if "?" in path else "?") + "_trace=1")
                if "json" in kind:
                    runs.append(json.loads(body)["_trace"])
                else:
                    traced = re.findall(r"<pre>(.*?)</pre></body>", body.decode("utf-8"), re.S)
                    runs.append(json.loads(html.unescape(traced[-1])))
            total = statistics.median(run["request_duration_ms"] for run in runs)
            in_sql = statistics.median(run["sum_trace_duration_ms"] for run in runs)
            print(f"\n{path} (stemmed): {total:.0f} ms a request, {in_sql:.0f} ms of it in SQL"
                  f" (median of {repeat}):")
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
    parser.add_argument("--only", help="time only the requests whose label contains this text")
    parser.add_argument("--dating", choices=DATINGS, default="crawl",
                        help="how the synthetic archive is dated (see DATINGS); each is kept in its own folder")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.common import machine

    print(machine())
    vocab = vocabulary(args.vocabulary)
    if args.stemming:
        stemmers(vocab)
        indexing(texts(vocab, args.stemming_comments, 30))
    latency(vocab, args.articles, args.comments, args.requests, args.keep, args.only, args.dating)


if __name__ == "__main__":
    main(sys.argv[1:])
