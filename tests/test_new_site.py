"""A new site is one site file: the real crawl reads it with no change to the spider.

The site file (the README's worked example, tests/fixtures/selectors/vesti22.toml)
goes into a temporary folder named by the SITES_DIRS setting; its pages are
served by a small HTTP server on 127.0.0.1 started here.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from tests.conftest import run_crawl
from tests.page_server import serving_pages

SELECTORS = Path(__file__).resolve().parent / "fixtures" / "selectors"

SHORT_ARTICLE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1 class="article-title">{title}</h1>
<div class="article-meta"><span class="rubric">Город</span> <time datetime="{when}">сегодня</time></div>
<div class="article-text"><p>{text}</p></div>
<div class="comments"><h2 class="comments-title">Комментарии <span class="count">0</span></h2></div>
</body></html>"""

LISTING = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости</title></head>
<body><a href="/about/">О редакции</a><div class="news-feed">{links}</div>{more}</body></html>"""


def _link(path: str, title: str) -> str:
    return f'<a class="news-link" href="{path}">{title}</a>'


def pages() -> dict[str, bytes]:
    """Every page of the made-up site, by path and query."""
    return {
        "/news/": LISTING.format(
            links=_link("/news/52031/", "Школа") + _link("/news/52034/", "Трамваи"),
            more='<a class="feed-more" href="/news/?page=2">Еще</a>',
        ).encode(),
        "/news/?page=2": LISTING.format(links=_link("/news/52037/", "Сквер"), more="").encode(),
        "/news/52031/": (SELECTORS / "vesti_article.html").read_bytes(),
        "/news/52031/comments/?page=2": (SELECTORS / "vesti_comments_2.html").read_bytes(),
        "/news/52034/": SHORT_ARTICLE.format(
            title="Трамваи пустят по новому маршруту", when="2022-08-23T10:00+07:00",
            text="С понедельника трамвай №7 пойдет через Южный.",
        ).encode(),
        "/news/52037/": SHORT_ARTICLE.format(
            title="В сквере на Малахова поставят скамейки", when="2022-08-21T12:30+07:00",
            text="Благоустройство сквера завершат в сентябре.",
        ).encode(),
    }


def serving(site_pages: dict[str, bytes]) -> AbstractContextManager[str]:
    return serving_pages(site_pages.get)


def test_a_site_file_is_all_a_new_site_needs(tmp_path):
    sites = tmp_path / "sites"
    sites.mkdir()
    shutil.copy(SELECTORS / "vesti22.toml", sites / "vesti22.toml")
    archive = tmp_path / "archive.db"
    with serving(pages()) as origin:
        run_crawl(archive, {"vesti22": origin}, "-s", f"SITES_DIRS={sites}", "-a", "site=vesti22")

    db = sqlite3.connect(archive)
    db.row_factory = sqlite3.Row
    articles = {row["site_article_id"]: dict(row) for row in db.execute("SELECT * FROM articles WHERE site = 'vesti22'")}
    assert sorted(articles) == ["52031", "52034", "52037"]
    school = articles["52031"]
    assert school["title"] == "В Барнауле откроют новую школу на 1100 мест"
    assert school["authors"] == "Елена Ковалева, Павел Новиков"
    assert school["published_at"] == "2022-08-22T07:05:00Z"
    assert school["comment_count_shown"] == 5
    assert "Реклама" not in school["body"] and "Поделиться" not in school["body"]
    assert articles["52037"]["body"] == "Благоустройство сквера завершат в сентябре."

    comments = [
        dict(row)
        for row in db.execute(
            "SELECT c.site_comment_id, p.site_comment_id AS parent, c.depth, c.hidden, c.quote, c.text"
            " FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.article_id = ? ORDER BY c.position",
            [school["id"]],
        )
    ]
    # Five comments over two pages, the second page's replies tied to the first's.
    assert [(c["site_comment_id"], c["parent"], c["depth"]) for c in comments] == [
        ("9001", None, 0), ("9004", "9001", 1), ("9007", "9004", 2), ("9010", "9004", 2), ("9013", None, 0),
    ]
    assert [bool(c["hidden"]) for c in comments] == [False, False, True, False, False]
    assert comments[1]["quote"] == "Марина: Наконец-то!"
    kinds = [row[0] for row in db.execute("SELECT kind FROM pages WHERE article_id = ? ORDER BY id", [school["id"]])]
    assert kinds == ["article", "comments"]
    assert db.execute("SELECT status FROM crawl_runs").fetchone()[0] == "ok"
