"""The nightly refresh over several nights of the demo newsroom.

The real crawl (`regional-news nightly`, which runs `scrapy crawl
regional_news`) reads the newsroom on day 1, day 2, day 2 again (a night
with no news), skips day 3 and reads day 4. What the archive must then hold
is worked out from the demo's own model (what each site showed on each of
those days) and the crawl's rules (scraper/planning.py): which articles a
night reads, so which edits, deletions and removals it can see.

Then: the night after a missed week and more (catch-up through day archives,
sitemaps, or paging back), a backfill of a past period, and conditional
requests (ETag, Last-Modified) for pages that did not change.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scraper.demo import hearst, legacy_cp1251
from scraper.demo.changes import Removal
from scraper.demo.model import DemoArticle
from scraper.demo.newsroom import Newsroom, running
from scraper.demo.timeline import clock
from scraper.nightly import EXIT_LOCKED, EXIT_OK
from scraper.sites.addresses import path_of
from tests.conftest import PROJECT, run_crawl

SITES = ("bankfax", "ngs22", "vestnik22")
CANONICAL = {"bankfax": "https://www.bankfax.ru", "ngs22": "https://ngs22.ru"}  # the origins their site files name
PAGE_SIZE = 20  # articles on a listing page of bankfax and ngs22
BARNAUL = ZoneInfo("Asia/Barnaul")
# How far back each night re-reads archived articles, written down from the
# rules (README, "Crawling"): REFRESH_DAYS (3) before the night's clock
# (23:00 on day N, day 1 being 23 August 2022), and after a missed night, 3
# days before the night that was missed.
WINDOW_STARTS = {
    1: datetime(2022, 8, 20, 23, tzinfo=BARNAUL),  # the first night
    2: datetime(2022, 8, 21, 23, tzinfo=BARNAUL),  # day 2, and day 2 again
    4: datetime(2022, 8, 22, 23, tzinfo=BARNAUL),  # day 4 after day 2: what the missed day 3 would have refreshed
}


# --- what the demo showed ------------------------------------------------------
def _path(name: str, article: DemoArticle) -> str:
    if name == "ngs22":
        return hearst.url_path(article)
    if name == "vestnik22":
        return legacy_cp1251.url_path(article)
    return f"/{article.rubric}/{article.id}/"


def _site(room: Newsroom, name: str):
    return next(s for s in room.sites if s.name == name)


def _shown(room: Newsroom, name: str, day: int) -> dict[str, DemoArticle]:
    """Every article the site shows on `day`, by URL, newest first."""
    catalog = _site(room, name).catalog
    return {room.origins[name] + _path(name, a): a for a in catalog.articles(day, 0, catalog.count(day))}


def _comment_requests(name: str, article: DemoArticle) -> int:
    """Requests for an article's comments beyond its own page."""
    if name == "ngs22":  # the widget's JSON API, 20 threads a page
        return max(1, -(-len(hearst.threads(article)) // hearst.THREADS_PER_PAGE))
    if name == "vestnik22":  # ?comments_page=2 …
        return legacy_cp1251.comment_pages(article) - 1
    return 0


# --- the crawl's rules applied to it -------------------------------------------
@dataclass
class Night:
    """What one night should find, by the demo's model."""

    day: int
    start: datetime  # of the refresh window
    previous: int | None  # the night before, if any
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    comments_new: int = 0
    comments_deleted: int = 0
    window_requests: int = 0  # the window's articles and their comment pages


@dataclass
class Story:
    """What the archive must hold after the nights read so far."""

    room: Newsroom
    names: tuple[str, ...] = SITES
    read: dict[str, list[DemoArticle]] = field(default_factory=dict)  # url -> states read, night by night
    site_of: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    seen: dict[str, dict[int, tuple[str, str | None]]] = field(default_factory=dict)  # url -> comment id -> (author, text)
    gone: dict[str, set[int]] = field(default_factory=dict)  # url -> comment ids the site no longer shows
    nights: list[Night] = field(default_factory=list)

    def night(self, day: int) -> Night:
        start = WINDOW_STARTS[day]
        night = Night(day, start, self.nights[-1].day if self.nights else None)
        for name in self.names:
            shown = _shown(self.room, name, day)
            catalog = _site(self.room, name).catalog
            for url, states in self.read.items():
                if self.site_of[url] != name or url in self.removed or states[-1].published < start:
                    continue
                if url in shown:
                    self._read(night, name, url, shown[url])
                else:
                    gone = catalog.find(states[-1].id, day)
                    assert isinstance(gone, Removal)
                    self.removed.add(url)
                    night.removed += 1
                    night.window_requests += 2 if gone.status == 301 else 1  # a redirect, then where it leads
            for url, article in shown.items():
                if url not in self.read:
                    self.site_of[url] = name
                    self._read(night, name, url, article)
        self.nights.append(night)
        return night

    def _read(self, night: Night, name: str, url: str, article: DemoArticle) -> None:
        states = self.read.setdefault(url, [])
        if not states:
            night.new += 1
        else:
            night.window_requests += 1 + _comment_requests(name, article)
            if (states[-1].title, states[-1].paragraphs) != (article.title, article.paragraphs):
                night.changed += 1
            else:
                night.unchanged += 1
        states.append(article)
        seen, gone = self.seen.setdefault(url, {}), self.gone.setdefault(url, set())
        now = {c.id: (c.author, c.text) for c in article.comments}
        night.comments_new += len(now.keys() - seen.keys())
        night.comments_deleted += len(seen.keys() - now.keys() - gone)
        gone |= seen.keys() - now.keys()
        seen.update(now)


def _versions(states: list[DemoArticle]) -> list[str]:
    """The titles of the article's versions the archive must keep, oldest first."""
    found: list[tuple] = []
    for state in states:
        if not found or found[-1] != (state.title, state.paragraphs):
            found.append((state.title, state.paragraphs))
    return [title for title, _ in found]


def _db(archive: Path) -> sqlite3.Connection:
    db = sqlite3.connect(archive)
    db.row_factory = sqlite3.Row
    return db


# --- running the nights -----------------------------------------------------------
def _nightly(archive: Path, origins: dict[str, str], *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "scraper.cli", "nightly", "--archive", str(archive),
        "--log", str(archive.parent / "logs" / "nightly.log"),
        "-s", f"SITE_ORIGINS={json.dumps(origins)}", "-s", "POLITE=False", *extra,
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": "1"}


def night(archive: Path, room: Newsroom, *extra: str) -> subprocess.CompletedProcess:
    """One nightly refresh, as cron starts it."""
    result = subprocess.run(
        _nightly(archive, room.origins, *extra), cwd=archive.parent, capture_output=True, text=True,
        env=_env(), timeout=600,
    )
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    return result


class Gate:
    """Holds every answer of one demo site until opened: a crawl caught mid-run, whatever the machine's speed."""

    def __init__(self, room: Newsroom, name: str):
        self.server = room.servers[name]
        self.reached, self.opened = threading.Event(), threading.Event()
        self.server.respond = self  # instance attribute: shadows SiteServer.respond

    def __call__(self, path: str, query: dict[str, str]):
        self.reached.set()
        self.opened.wait(300)
        return type(self.server).respond(self.server, path, query)

    def open(self) -> None:
        self.opened.set()
        del self.server.respond


def night_with_a_second_one_started(archive: Path, room: Newsroom) -> subprocess.CompletedProcess:
    """A nightly refresh during which cron (or a person) starts another one: it must be refused."""
    gate = Gate(room, "bankfax")
    first = subprocess.Popen(
        _nightly(archive, room.origins), cwd=archive.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=_env(),
    )
    try:
        while not gate.reached.wait(0.2):
            assert first.poll() is None, first.communicate()
        second = subprocess.run(
            _nightly(archive, room.origins), cwd=archive.parent, capture_output=True, text=True, env=_env(),
            timeout=120,
        )
    finally:
        gate.open()
        out, err = first.communicate(timeout=600)
    assert first.returncode == EXIT_OK, out + err
    assert second.returncode == EXIT_LOCKED, second.stdout + second.stderr
    assert f"another refresh of {archive} is running (pid and start: {first.pid} " in second.stderr
    return second


# --- the acceptance ----------------------------------------------------------------
@pytest.mark.timeout(1200)  # four nightly crawls, ngs22's comments rendered in Chromium each night
def test_four_nights_of_the_newsroom_are_archived_as_the_sites_showed_them(tmp_path):
    archive = tmp_path / "archive.db"
    with running(day=1, port=0) as room:
        story = Story(room)
        expected = []
        for day in (1, 2, 2, 4):  # day 2 twice: a night with no news; day 3 missed
            room.day = day
            expected.append(story.night(day))
            if day == 4:
                night_with_a_second_one_started(archive, room)
            else:
                night(archive, room)
        origins = room.origins
        db = _db(archive)

        # Every article of every night, archived once, each edit a version, removals marked.
        for name in SITES:
            rows = {origins[name] + r["path"]: r for r in db.execute("SELECT * FROM articles WHERE site = ?", [name])}
            mine = {url for url, site in story.site_of.items() if site == name}
            assert rows.keys() == mine, name
            ids = [r["site_article_id"] for r in rows.values()]
            assert len(ids) == len(set(ids)) == len(mine)
            # Archived under the site's canonical address (the demo-only vestnik22: where it was read).
            assert all(r["url"] == CANONICAL.get(name, origins[name]) + r["path"] for r in rows.values())
            for url, row in rows.items():
                versions = [v["title"] for v in db.execute(
                    "SELECT title FROM article_versions WHERE article_id = ? ORDER BY version", [row["id"]]
                )]
                assert versions == _versions(story.read[url]), url
                assert row["version"] == len(versions)
                assert (row["status"] == "removed") == (url in story.removed), url
                assert row["title"] == story.read[url][-1].title  # a removed article keeps its last content

        # Comments the moderators deleted are marked, never dropped; the rest are live.
        for url, states in story.read.items():
            article_id = db.execute("SELECT id FROM articles WHERE site = ? AND path = ?",
                                    [story.site_of[url], path_of(url)]).fetchone()[0]
            rows = db.execute("SELECT author, text, deleted_at FROM comments WHERE article_id = ?", [article_id]).fetchall()
            seen = story.seen[url]
            live = {cid: said for cid, said in seen.items() if cid not in story.gone[url]}
            assert _said_rows(r for r in rows if r["deleted_at"] is None) == Counter(live.values()), url
            deleted = {cid: said for cid, said in seen.items() if cid in story.gone[url]}
            assert _said_rows(r for r in rows if r["deleted_at"] is not None) == Counter(deleted.values()), url

        # crawl_runs tells the story of each night; the refused run left no record.
        runs = db.execute("SELECT * FROM crawl_runs ORDER BY id").fetchall()
        assert [r["status"] for r in runs] == ["ok"] * 4
        for run, want in zip(runs, expected):
            assert json.loads(run["site_clocks"]) == {name: clock(want.day).isoformat() for name in SITES}
            found = tuple(run[k] for k in ("articles_new", "articles_changed", "articles_unchanged", "articles_removed",
                                           "comments_new", "comments_deleted", "errors"))
            assert found == (want.new, want.changed, want.unchanged, want.removed,
                             want.comments_new, want.comments_deleted, 0), want.day
        assert sum(n.removed for n in expected) > 0 and sum(n.changed for n in expected) > 0
        assert sum(n.comments_deleted for n in expected) > 0
        assert expected[3].new > 0 and expected[2].new == 0

        # The night with no news read the listings back to the window and the window's articles, nothing more.
        quiet = expected[2]
        listings = _listing_requests(room, quiet.day, quiet.start, clock(quiet.previous))
        assert runs[2]["pages_fetched"] <= listings + quiet.window_requests
        assert quiet.unchanged > 0 and runs[2]["articles_unchanged"] == quiet.unchanged
    log = (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert log.count("=== nightly refresh started") == 4  # the refused one never started a crawl


def _said_rows(rows) -> Counter:
    return Counter((r["author"], r["text"]) for r in rows)


def _listing_requests(room: Newsroom, day: int, start: datetime, last_clock: datetime) -> int:
    """Listing, feed, sitemap and day-archive pages a night needs to reach back to `start`.

    Paged listings: down to the page showing the first article older than
    `start`. Day archives: the days since the last night's (and the day
    before it). Sitemaps: the index and the months since `start`. Feeds and
    robots.txt: one each.
    """
    total = 0
    for name in SITES:
        total += 1  # robots.txt
        if name == "vestnik22":
            months = {(start.year, start.month), (clock(day).year, clock(day).month)}
            total += 1 + len(months)
            continue
        total += 1  # the RSS feed
        newer = sum(1 for a in _shown(room, name, day).values() if a.published >= start)
        total += newer // PAGE_SIZE + 1
        if name == "bankfax":
            total += (clock(day).date() - last_clock.date()).days + 2
    return total


# --- catching up after a missed week -------------------------------------------------
def _copy(archive: Path, to: Path) -> Path:
    source, target = sqlite3.connect(archive), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return to


def _archived(db: sqlite3.Connection, name: str, origins: dict[str, str]) -> set[str]:
    """The site's archived articles, at the URLs the demo served them at."""
    return {origins[name] + row[0] for row in db.execute("SELECT path FROM articles WHERE site = ?", [name])}


def test_after_a_missed_week_the_next_night_gets_every_article_that_scrolled_off(tmp_path):
    """Day archives (bankfax) and sitemaps (vestnik22) reach back to the last good night.

    ngs22 has neither: it catches up only by paging back through its listing,
    which goes on until it reaches the archive, unless MAX_LISTING_PAGES
    stops it first; what scrolled off beyond that is lost.
    """
    with running(day=1, port=0) as room:
        archive = tmp_path / "archive.db"
        origins = dict(room.origins)
        run_crawl(archive, room.origins)
        first = {name: set(_shown(room, name, 1)) for name in SITES}
        capped = _copy(archive, tmp_path / "capped.db")
        room.day = 10  # the machine was off for a week and more: 1 September
        week = {name: _shown(room, name, 10) for name in SITES}
        new = {name: [url for url in week[name] if url not in first[name]] for name in SITES}
        run_crawl(archive, room.origins)
        run_crawl(capped, room.origins, "-s", "MAX_LISTING_PAGES=1")

    feed = 30  # the newest articles in an RSS feed: what a first listing page and the feed show
    for name in ("bankfax", "ngs22"):  # much scrolled off the first listing page and the feed
        assert len(new[name]) > feed + PAGE_SIZE, name
    months = {week["vestnik22"][url].published.month for url in new["vestnik22"]}
    assert months == {8, 9}  # in the sitemaps of two months
    db = _db(archive)
    run = db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run["status"] == "ok" and run["articles_new"] == sum(len(urls) for urls in new.values())
    for name in SITES:  # paging back to the archive: nothing lost anywhere
        assert _archived(db, name, origins) == first[name] | set(week[name]), name

    db = _db(capped)
    for name in ("bankfax", "vestnik22"):  # one listing page, yet every day of the week
        assert _archived(db, name, origins) == first[name] | set(week[name]), name
    assert _archived(db, "ngs22", origins) == first["ngs22"] | set(new["ngs22"][:feed])


# --- backfill ----------------------------------------------------------------------
class Recorder:
    """Notes every path each demo site is asked for."""

    def __init__(self, room: Newsroom):
        self.asked: dict[str, list[str]] = {name: [] for name in room.servers}
        for name, server in room.servers.items():
            server.respond = self._wrap(server, self.asked[name])

    @staticmethod
    def _wrap(server, asked: list[str]):
        def respond(path: str, query: dict[str, str]):
            asked.append(path)
            return type(server).respond(server, path, query)
        return respond


def test_a_backfill_archives_exactly_the_period_asked_for(tmp_path):
    since, until = date(2022, 8, 21), date(2022, 8, 22)
    archive = tmp_path / "archive.db"
    with running(day=4, port=0) as room:
        recorder = Recorder(room)
        run_crawl(archive, room.origins, "-a", f"since={since}", "-a", f"until={until}")
        shown = {name: _shown(room, name, 4) for name in SITES}
        origins = dict(room.origins)
    db = _db(archive)
    assert db.execute("SELECT status FROM crawl_runs").fetchone()[0] == "ok"
    for name in SITES:
        period = {url for url, a in shown[name].items() if since <= a.published.date() <= until}
        assert 0 < len(period) < len(shown[name])
        assert _archived(db, name, origins) == period, name
        asked = {url for url in shown[name] if url.removeprefix(_origin(url)) in recorder.asked[name]}
        if name == "vestnik22":  # its sitemaps date an article by its last change: a later edit must be read to be placed
            maybe = {url for url, a in shown[name].items() if (a.modified or a.published).date() >= since}
            assert asked == maybe, name
        else:  # listings date their articles: nothing outside the period is fetched
            assert asked == period, name


def _origin(url: str) -> str:
    return url[: url.index("/", len("http://"))]


# --- conditional requests ------------------------------------------------------------
def _stat(result: subprocess.CompletedProcess, name: str) -> int:
    """A number from the crawl's closing stats dump."""
    found = [line for line in result.stderr.splitlines() if f"'{name}':" in line]
    return int(found[-1].split(":")[-1].strip(" ,}")) if found else 0


def test_unchanged_pages_are_asked_for_conditionally_and_archived_as_seen_again(tmp_path):
    """bankfax and ngs22 send an ETag, vestnik22 a Last-Modified: an unchanged page costs a 304, no body, no version."""
    archive = tmp_path / "archive.db"
    with running(day=2, port=0, size=20) as room:
        run_crawl(archive, room.origins)
        db = _db(archive)
        kept = {name: db.execute("SELECT headers FROM pages WHERE site = ? AND kind = 'article'", [name]).fetchall()
                for name in SITES}
        assert all('"etag"' in h[0] for h in kept["bankfax"] + kept["ngs22"])
        assert all('"last-modified"' in h[0] for h in kept["vestnik22"])
        before = [db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("pages", "article_versions")]

        again = run_crawl(archive, room.origins)  # the same day: nothing changed anywhere
        start = WINDOW_STARTS[2]
        window = sum(1 for name in SITES for a in _shown(room, name, 2).values() if a.published >= start)
        assert window > 0 and _stat(again, "downloader/response_status_count/304") == window
        assert _stat(again, "archive/not_modified") == window
        run = db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        assert (run["articles_unchanged"], run["articles_changed"], run["articles_new"]) == (window, 0, 0)
        assert (run["comments_new"], run["comments_deleted"]) == (0, 0)
        after = [db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("pages", "article_versions")]
        assert after == before  # no page body, no version: the articles were seen again, unchanged
        seen_again = db.execute("SELECT count(*) FROM articles WHERE last_seen > first_seen").fetchone()[0]
        assert seen_again == window

        room.day = 3  # a day later: only vestnik22's Last-Modified can say a page is the same
        site = _site(room, "vestnik22")
        quiet = [
            a for a in _shown(room, "vestnik22", 3).values()
            if a.published >= datetime(2022, 8, 22, 23, tzinfo=BARNAUL) and a.id in {b.id for b in _shown(room, "vestnik22", 2).values()}
            and site._last_change(site.timeline.number(a.id), 3) == site._last_change(site.timeline.number(a.id), 2)
        ]
        next_day = run_crawl(archive, room.origins)
    assert quiet and _stat(next_day, "downloader/response_status_count/304") == len(quiet)
    for article in quiet:  # read from the archived copy: nothing lost, nothing new
        row = db.execute("SELECT id, version FROM articles WHERE site_article_id = ? AND site = 'vestnik22'",
                         [str(article.id)]).fetchone()
        assert row["version"] == 1
        live = db.execute("SELECT count(*) FROM comments WHERE article_id = ? AND deleted_at IS NULL", [row["id"]])
        assert live.fetchone()[0] == len(article.comments)
