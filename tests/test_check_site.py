"""`regional-news check-site`: what a site file reads, shown to the engineer who writes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scraper.cli import main
from scraper.demo.newsroom import Newsroom
from scraper.sample_cases import SampleCase, plain, read_pages
from scraper.profiles import profile_for
from scraper.sites import load_sites

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "tests" / "sites"
SEED = CASES / "bankfax" / "seed_2022" / "1-article.html"
VESTNIK = CASES / "vestnik22" / "two_comment_pages"


def check_site(capsys, *arguments: str) -> tuple[int, str]:
    status = main(["check-site", *arguments])
    return status, capsys.readouterr().out


def test_a_saved_page_shows_every_field_images_and_the_indented_thread(capsys):
    status, out = check_site(capsys, "bankfax", str(SEED), "--url", "https://www.bankfax.ru/news/161417/",
                             "--now", "2022-08-23T16:00:00+00:00")
    assert status == 0
    lines = out.splitlines()
    for label in ("url", "article id", "title", "lead", "body", "published", "modified", "authors", "section",
                  "tags", "comment count"):
        assert any(line.startswith(f"  {label} ") for line in lines), label
    assert "  modified      — (empty)" in lines and "  authors       — (empty)" in lines
    assert "  published     '22.08.2022 16:21' -> 2022-08-22T16:21:00+07:00 (minute)" in lines
    assert "     credit:  Фото: страница «В контакте» Дмитрия Попова" in lines
    assert "     caption: — (empty)" in lines
    assert "Comments (18, found in: bankfax)" in lines
    # A reply three levels down is indented under what it answers, with its time read and its text's start.
    assert "  #1245880 Аноним · '22.08.2022 17:53' -> 2022-08-22T17:53:00+07:00 (minute) [HIDDEN]" in lines
    assert "    #1245883 Аноним · '22.08.2022 17:54' -> 2022-08-22T17:54:00+07:00 (minute)" in lines
    assert "        #1245889 Аноним · '22.08.2022 18:14' -> 2022-08-22T18:14:00+07:00 (minute)" in lines
    assert "          При чём же здесь банкфакс?" in lines
    assert "  articles 1: with title 1, with body 1, with publication date 1" in lines
    assert "  comments the page shows 18, read 18" in lines
    assert "  would alarm on: nothing" in lines


def test_further_comment_pages_are_read_in_the_order_the_crawl_meets_them(capsys):
    status, out = check_site(capsys, "vestnik22", str(VESTNIK / "1-article.html"),
                             "--comments-page", str(VESTNIK / "2-comments.html"),
                             "--url", "http://127.0.0.1:8802/news/v-novoaltayske-otkryli-ostanovku-412500",
                             "--now", "2022-08-25T16:00:00+00:00")
    assert status == 0
    assert "  comments page http://127.0.0.1:8802/news/v-novoaltayske-otkryli-ostanovku-412500?comments_page=2" in out
    assert "    #4648f65a1352de55 novoalt · '2 часа назад' -> 2022-08-25T21:00:00+07:00 (hour)" in out
    assert "  comments the page shows 3, read 3" in out


def test_a_site_file_that_no_longer_fits_says_what_the_drift_check_would_alarm_on(capsys, tmp_path):
    (tmp_path / "bankfax_moved.toml").write_text(
        'name = "bankfax_moved"\norigin = "https://www.bankfax.ru"\ntimezone = "Asia/Barnaul"\n'
        'layout = "selectors"\narticle_urls = \'^/news/\\d+/$\'\n\n[selectors]\ntitle = "h1.headline"\n'
        'body = "div.article-text p"\npublished = "span.date"\ncomment_count = "font.comm"\n\n'
        '[comments]\nnode = "div.comment"\n', encoding="utf-8")
    status, out = check_site(capsys, "bankfax_moved", str(SEED), "--sites-dir", str(tmp_path),
                             "--url", "https://www.bankfax.ru/news/161417/", "--now", "2022-08-23T16:00:00+00:00")
    assert status == 1
    assert "  title         — (empty)" in out
    assert "  WOULD ALARM ON:" in out
    for what in ("a title", "a body", "a publication date"):
        assert f"layout drift: bankfax_moved: 0 of 1 articles (0%) have {what}, below 80%" in out
    assert "layout drift: bankfax_moved: 0 comments read of 18 the pages show (0%), below 80%" in out


def test_a_live_page_is_fetched_once_politely_and_saved_as_a_case(tmp_path):
    room = Newsroom(day=1, port=0, sites=["vestnik22"]).start()
    try:
        origin = room.origins["vestnik22"]
        url = f"{origin}/news/{_first_article_path(room)}"
        before = len(room.servers["vestnik22"].requests)
        result = subprocess.run(
            [sys.executable, "-m", "scraper.cli", "check-site", "vestnik22", url, "--save", "live",
             "--cases-dir", str(tmp_path), "-s", "CONTACT=archive@newsroom.example"],
            cwd=PROJECT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        asked = list(room.servers["vestnik22"].requests)[before:]
    finally:
        room.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    path = url.split("://", 1)[1].split("/", 1)[1]
    # robots.txt first (the crawl's settings obey it), then the page, once.
    assert asked == ["/robots.txt", "/" + path]
    case = SampleCase(tmp_path / "vestnik22" / "live")
    entry = case.meta["pages"][0]
    assert entry["url"] == url and set(entry["headers"]) == {"Date", "Content-Type"}
    assert "windows-1251" in entry["headers"]["Content-Type"]
    site = load_sites(origins={"vestnik22": origin})["vestnik22"]
    reread = read_pages(profile_for(site), case.pages(site))
    assert plain(reread.article) == case.output["article"] and plain(reread.comments) == case.output["comments"]
    assert case.output["article"]["title"] and f"Site vestnik22 (layout legacy_cp1251" in result.stdout


def _first_article_path(room: Newsroom) -> str:
    import urllib.request

    origin = room.origins["vestnik22"]
    index = urllib.request.urlopen(f"{origin}/sitemap.xml").read().decode()
    child = index.split("<loc>")[1].split("</loc>")[0]
    sitemap = urllib.request.urlopen(child).read().decode()
    article = sitemap.split("<loc>")[1].split("</loc>")[0]
    return article.split("/news/", 1)[1]
