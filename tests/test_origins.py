"""One article, one row, wherever it was fetched from.

The demo newsroom crawled on other ports is the same newsroom, and a site
whose file moves its origin from http to https is the same site: no article
is archived twice, each keeps its one row under the site's canonical
address, and the origin each run used is recorded with the run and in the
address of every raw page.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from scraper.demo.newsroom import running
from scraper.sites import SITES_DIR
from tests.conftest import run_crawl

CANONICAL = {"bankfax": "https://www.bankfax.ru", "ngs22": "https://ngs22.ru"}
SEED = "/news/161417/"  # the seed article on bankfax, with its 18 comments


def _runs(db: sqlite3.Connection) -> list[tuple]:
    return db.execute("SELECT origins, articles_new, articles_unchanged + articles_changed, problems FROM crawl_runs"
                      " ORDER BY id").fetchall()


def test_the_newsroom_on_other_ports_adds_no_article_twice(tmp_path):
    archive = tmp_path / "archive.db"
    with running(day=1, port=0, size=6) as one, running(day=1, port=0, size=6) as two:
        first, second = dict(one.origins), dict(two.origins)
        assert set(first.values()).isdisjoint(second.values())
        run_crawl(archive, first)
        with sqlite3.connect(archive) as db:
            night_one = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        two.day = 2
        run_crawl(archive, second)

    db = sqlite3.connect(archive)
    rows, identities = db.execute("SELECT count(*), count(DISTINCT site || ' ' || path) FROM articles").fetchone()
    assert rows == identities
    (origins_one, new_one, _, _), (origins_two, new_two, again, problems) = _runs(db)
    assert json.loads(origins_one) == first and json.loads(origins_two) == second
    assert new_one == night_one and rows == night_one + new_two
    # Night two refreshed what night one archived, found on the new ports, into the same rows,
    # and never asked for anything on the old ports.
    assert again > 0
    assert "left the sites" not in json.loads(problems or "{}")
    # Sites whose files name an origin keep their articles under it; the demo-only vestnik22 under where it was read.
    for site, url, path in db.execute("SELECT site, url, path FROM articles"):
        if site in CANONICAL:
            assert url == CANONICAL[site] + path
        else:
            assert url in (first[site] + path, second[site] + path)
    # The seed article: one row, its 18 comments once each, none taken for deleted,
    # and its raw pages from both origins.
    article_id, version = db.execute("SELECT id, version FROM articles WHERE site = 'bankfax' AND path = ?", [SEED]).fetchone()
    assert version == 1
    assert db.execute("SELECT count(*), count(deleted_at) FROM comments WHERE article_id = ?", [article_id]).fetchone() == (18, 0)
    fetched_from = {url for (url,) in db.execute("SELECT url FROM pages WHERE article_id = ?", [article_id])}
    assert fetched_from == {first["bankfax"] + SEED, second["bankfax"] + SEED}
    # Images: one row each, under the canonical address.
    assert db.execute("SELECT count(*) FROM images i JOIN articles a ON a.id = i.article_id"
                      " WHERE a.site = 'bankfax' AND i.url NOT LIKE 'https://www.bankfax.ru/%'").fetchone()[0] == 0


def _bankfax_file(folder: Path, origin: str) -> Path:
    folder.mkdir(exist_ok=True)
    text = (SITES_DIR / "bankfax.toml").read_text(encoding="utf-8")
    assert 'origin = "https://www.bankfax.ru"' in text
    (folder / "bankfax.toml").write_text(text.replace("https://www.bankfax.ru", origin), encoding="utf-8")
    return folder


def test_a_site_whose_file_moves_from_http_to_https_keeps_its_articles(tmp_path, bankfax):
    archive = tmp_path / "archive.db"
    old = _bankfax_file(tmp_path / "http", "http://bankfax.ru")
    run_crawl(archive, bankfax.origins, "-s", f"SITES_DIRS={old}")
    db = sqlite3.connect(archive)
    before = db.execute("SELECT id, path FROM articles ORDER BY id").fetchall()
    assert {url for (url,) in db.execute("SELECT url FROM articles")} == {"http://bankfax.ru" + path for _, path in before}
    seed_images = db.execute(
        "SELECT i.id, i.url FROM images i JOIN articles a ON a.id = i.article_id WHERE a.path = ? ORDER BY i.id", [SEED]
    ).fetchall()
    assert seed_images and all(url.startswith("http://bankfax.ru/") for _, url in seed_images)

    bankfax.day = 2
    new = _bankfax_file(tmp_path / "https", "https://www.bankfax.ru")
    run_crawl(archive, bankfax.origins, "-s", f"SITES_DIRS={new}")
    after = db.execute("SELECT id, path FROM articles ORDER BY id").fetchall()
    (_, _, _, _), (_, new_two, again, _) = _runs(db)
    assert after[: len(before)] == before and len(after) == len(before) + new_two and again > 0
    # Every address the archive gives is on the new origin, the articles read that night and the others alike.
    assert {url for (url,) in db.execute("SELECT url FROM articles")} == {
        "https://www.bankfax.ru" + path for _, path in after
    }
    # An image read again under the new origin is the same image, now under that origin.
    assert db.execute(
        "SELECT i.id, i.url FROM images i JOIN articles a ON a.id = i.article_id WHERE a.path = ? ORDER BY i.id", [SEED]
    ).fetchall() == [(image_id, url.replace("http://bankfax.ru/", "https://www.bankfax.ru/")) for image_id, url in seed_images]
