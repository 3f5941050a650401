"""What "nothing lost" means, checked against what the demo newsroom shows.

Shared by the reliability tests and `benchmarks/reliability.py`: an archive
is sound when SQLite says so, no row is there twice, and every article the
newsroom shows is archived with every comment it shows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from scraper.demo import hearst, legacy_cp1251
from scraper.demo.model import DemoArticle
from scraper.demo.newsroom import Newsroom
from scraper.sites.addresses import path_of


def shown(room: Newsroom, day: int | None = None) -> dict[str, DemoArticle]:
    """Every article the newsroom's sites show on `day`, by the URL it is served at."""
    day = day or room.day
    found = {}
    for site in room.sites:
        origin = room.origins[site.name]
        for article in site.catalog.articles(day, 0, site.catalog.count(day)):
            if site.name == "bankfax":
                path = f"/{article.rubric}/{article.id}/"
            elif site.name == "ngs22":
                path = hearst.url_path(article)
            else:
                path = legacy_cp1251.url_path(article)
            found[origin + path] = article
    return found


def sound(archive: Path) -> sqlite3.Connection:
    """Open the archive after asserting SQLite finds it whole and no row is doubled."""
    db = sqlite3.connect(archive)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for table, key in (
        ("articles", "url"),
        ("articles", "site, path"),
        ("comments", "article_id, site_comment_id"),
        ("article_versions", "article_id, version"),
        ("pages", "url, body_sha256"),
        ("failed_urls", "url"),
    ):
        doubled = db.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY {key} HAVING count(*) > 1").fetchall()
        assert doubled == [], (table, doubled[:5])
    # Every version of every article is there, numbered 1..n.
    gaps = db.execute(
        "SELECT a.id FROM articles a WHERE a.version != (SELECT count(*) FROM article_versions v WHERE v.article_id = a.id)"
    ).fetchall()
    assert gaps == [], gaps[:5]
    assert db.execute("SELECT count(*) FROM pages WHERE article_id IS NULL").fetchone()[0] == 0
    return db


@dataclass
class Loss:
    """What the archive lacks of what the newsroom shows."""

    articles: list[str] = field(default_factory=list)  # not archived
    comments: dict[str, tuple[int, int]] = field(default_factory=dict)  # url: (shown, archived)
    extra: list[str] = field(default_factory=list)  # paths archived, yet not shown: a doubled article

    @property
    def nothing(self) -> bool:
        return not (self.articles or self.comments or self.extra)

    def __str__(self) -> str:
        return (f"{len(self.articles)} articles missing {self.articles[:3]}, {len(self.comments)} threads short"
                f" {list(self.comments.items())[:3]}, {len(self.extra)} unexpected {self.extra[:3]}")


def loss(db: sqlite3.Connection, expected: dict[str, DemoArticle]) -> Loss:
    """Articles and comments shown but not archived; a comment archived twice counts as a loss too.

    The archive knows an article by its path on its site (no two demo sites share one), whatever origin served it.
    """
    found = Loss()
    rows = {
        path: (title, count)
        for path, title, count in db.execute(
            "SELECT a.path, a.title, (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.deleted_at IS NULL)"
            " FROM articles a"
        )
    }
    for url, article in expected.items():
        path = path_of(url)
        if path not in rows:
            found.articles.append(url)
        elif rows[path][1] != len(article.comments):
            found.comments[url] = (len(article.comments), rows[path][1])
    found.extra = sorted(set(rows) - {path_of(url) for url in expected})
    return found


def unresolved(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return db.execute("SELECT url, reason FROM failed_urls WHERE resolved_at IS NULL ORDER BY url").fetchall()


def content(db: sqlite3.Connection) -> dict[str, tuple]:
    """What the archive holds, article by article, leaving out when and by which run.

    Two archives of the same newsroom and days hold the same content however
    many runs it took, and whatever happened to the runs that did not finish.
    """
    comments: dict[int, list[tuple]] = {}
    for row in db.execute(
        "SELECT c.article_id, c.site_comment_id, p.site_comment_id, c.author, c.text, c.quote, c.hidden,"
        " c.published_raw, c.deleted_at IS NOT NULL, c.edited_at IS NOT NULL"
        " FROM comments c LEFT JOIN comments p ON p.id = c.parent_id ORDER BY c.article_id, c.site_comment_id"
    ):
        comments.setdefault(row[0], []).append(row[1:])
    versions: dict[int, list[tuple]] = {}
    for row in db.execute("SELECT article_id, version, content_hash FROM article_versions ORDER BY 1, 2"):
        versions.setdefault(row[0], []).append(row[1:])
    return {
        url: (title, body, published_raw, status, tuple(versions.get(id_, ())), tuple(comments.get(id_, ())))
        for id_, url, title, body, published_raw, status in db.execute(
            "SELECT id, url, title, body, published_raw, status FROM articles"
        )
    }


def children_named(pid: int, name: str) -> list[int]:
    """The processes `pid` forked under that name (what `ps -o comm` shows)."""
    found = []
    for task in (Path("/proc") / str(pid) / "task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return [child for child in found if (Path("/proc") / str(child) / "comm").read_text().strip() == name]
