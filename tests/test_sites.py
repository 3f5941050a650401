"""Site files and the site model: read strictly, and the one place each site rule lives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scraper.dates import Timestamp
from scraper.items import Article
from scraper.sites import SiteFileError, load_site, load_sites
from tests.conftest import PROJECT

VESTI22 = PROJECT / "tests" / "fixtures" / "selectors" / "vesti22.toml"
SITES = load_sites(origins={"vestnik22": "http://127.0.0.1:8802"})


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zarya22.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _vesti22(tmp_path: Path, old: str, new: str) -> Path:
    text = VESTI22.read_text(encoding="utf-8")
    assert old in text
    return _file(tmp_path, text.replace(old, new, 1))


# --- a mistake in a site file is one line naming the file and the key ------------------
@pytest.mark.parametrize("old, new, message", [
    ('title = "Вести22"', 'titel = "Вести22"',
     "unknown key 'titel'; known: article_urls, blocked_texts, comments, concurrency, delay, discovery, find_comments, "
     "group, layout, name, origin, render, selectors, timezone, title"),
    ('listings = ["/news/"]', 'listing = ["/news/"]',
     "unknown key 'listing' in [discovery]; known: day_archive, feeds, listings, sitemaps"),
    ('lead = "div.article-lead"', 'leed = "div.article-lead"', "unknown key 'leed' in [selectors]; known: authors,"),
    ('node = "div.comment"', 'nodes = "div.comment"', "unknown key 'nodes' in [comments]; known: author,"),
    ('timezone = "Asia/Barnaul"', 'timezone = "Asia/Barnul"',
     "timezone 'Asia/Barnul' is not a known time zone (e.g. 'Asia/Barnaul')"),
    ("article_urls = '^/news/(?P<id>\\d+)/$'", "article_urls = '^/news/(?P<id>\\d+/$'",
     "article_urls '^/news/(?P<id>\\\\d+/$' is not a regular expression (missing ), unterminated subpattern"),
    ('id = "::attr(data-id)"', 'id = "::attr(data-id)"\nid_pattern = "comm_(\\\\d+"',
     "[comments] id_pattern 'comm_(\\\\d+' is not a regular expression (missing ), unterminated subpattern"),
    ('title = "h1.article-title"', 'title = "h1[["', "[selectors] title 'h1[[' is not a selector ("),
    ('text = ".comment-text"', 'text = "//div["', "[comments] text '//div[' is not a selector ("),
    ('layout = "selectors"', 'layout = "selector"', "layout 'selector' is not known; known: bankfax, generic,"),
    ('origin = "https://vesti22.example"', 'origin = "vesti22.example"',
     "origin 'vesti22.example' is not an address like 'https://www.bankfax.ru'"),
    ('listings = ["/news/"]', 'listings = "/news/"', "[discovery] listings must be a list of texts, not '/news/'"),
    ('authors = "div.article-meta .author a"', "authors = 3",
     "[selectors] authors must be a query or a list of queries, not 3"),
    ('timezone = "Asia/Barnaul"\n', "", "timezone is missing"),
    ('title = "Вести22"', 'title = "Вести22"\ndelay = "2"', "delay must be a number of seconds, not '2'"),
    ('title = "Вести22"', 'title = "Вести22"\nconcurrency = 0', "concurrency must be a whole number from 1, not 0"),
    ('name = "vesti22"', 'name = "vesti22', "not TOML ("),
])
def test_a_mistake_in_a_site_file_is_one_line_naming_the_file(tmp_path, old, new, message):
    path = _vesti22(tmp_path, old, new)
    with pytest.raises(SiteFileError) as caught:
        load_site(path)
    said = str(caught.value)
    assert said.startswith(f"site file {path}: {message}")
    assert "\n" not in said


def test_a_crawl_with_a_broken_site_file_stops_before_it_starts(tmp_path):
    _vesti22(tmp_path, 'timezone = "Asia/Barnaul"', 'timezone = "Asia/Barnul"')
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "regional_news", "-s", f"SITES_DIRS={tmp_path}",
         "-s", f"ARCHIVE_PATH={tmp_path / 'archive.db'}", "-a", "site=bankfax"],
        cwd=PROJECT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert f"error: site file {tmp_path / 'zarya22.toml'}: timezone 'Asia/Barnul' is not a known time zone" in result.stderr
    assert not (tmp_path / "archive.db").exists()


def test_the_project_s_own_site_files_are_read_whole():
    network = {"ngs", "ngs22", "ngs24", "ngs42", "ngs55", "ngs70", "e1", "74ru", "72ru", "59ru", "89ru", "ircity",
               "29ru", "161ru", "93ru", "63ru", "v1"}
    assert set(SITES) == {"bankfax", "vestnik22"} | network
    assert {name for name, site in SITES.items() if site.group == "ngs_network"} == network
    assert SITES["bankfax"].blocked_texts == ("Нас опечалило ваше поведение",)


# --- the rules the site model answers ----------------------------------------------------
def test_an_article_id_is_the_group_id_of_the_article_urls():
    bankfax, ngs22, vestnik22 = SITES["bankfax"], SITES["ngs22"], SITES["vestnik22"]
    assert bankfax.article_id("https://www.bankfax.ru/news/161417/") == "161417"
    assert ngs22.article_id("https://ngs22.ru/text/gorod/2022/08/23/71501221/") == "71501221"
    assert vestnik22.article_id("http://127.0.0.1:8802/news/pozhar-na-rynke-412123") == "412123"
    # Not an article address: the next one given is tried.
    assert bankfax.article_id("https://www.bankfax.ru/", "https://www.bankfax.ru/opinions/170001/") == "170001"
    assert bankfax.article_id("https://www.bankfax.ru/about/") is None


def test_a_canonical_address_is_trusted_only_on_the_site():
    site = SITES["bankfax"]
    page = "https://www.bankfax.ru/news/1/?utm=x#comments"
    assert site.canonical_url(page, [None, " /news/1/ "]) == "https://www.bankfax.ru/news/1/"
    assert site.canonical_url(page, ["https://evil.example/news/1/"]) == "https://www.bankfax.ru/news/1/?utm=x"
    assert site.canonical_url(page, ["http://[::1"]) == "https://www.bankfax.ru/news/1/?utm=x"
    assert site.canonical_url(page, [], keep_query=False) == "https://www.bankfax.ru/news/1/"


def test_a_bot_block_page_is_a_403_or_shows_the_site_s_block_text():
    bankfax, ngs22 = SITES["bankfax"], SITES["ngs22"]
    text = "<p>Нас опечалило ваше поведение, и мы были вынуждены принять меры.</p>"
    assert bankfax.is_block_page(200, text) and not ngs22.is_block_page(200, text)
    assert ngs22.is_block_page(403, "") and not bankfax.is_block_page(200, "<p>Новости</p>")
    assert not bankfax.is_block_page(200, "x" * 20_000 + text)  # only the head of a page is searched


def test_a_derived_comment_id_is_the_article_the_author_and_the_words():
    site = SITES["vestnik22"]
    article = Article("vestnik22", "http://127.0.0.1:8802/news/pozhar-na-rynke-412123", None, None,
                      Timestamp.empty(), article_id="412123")
    # sha1 of "412123\nИрина\nСпасибо за новость" (and "\n2"), written down: an archive relies on them never changing.
    assert site.derived_comment_id(article, "Ирина", "Спасибо за новость") == "96f85de789be8f37"
    assert site.derived_comment_id(article, "Ирина", "Спасибо за новость", occurrence=2) == "8e922f95463a2517"
    assert site.derived_comment_id(article, None, None) == "1c568995f44c5e50"
    without_id = Article("vestnik22", article.url, None, None, Timestamp.empty())
    assert site.derived_comment_id(without_id, "Ирина", "Спасибо") != site.derived_comment_id(article, "Ирина", "Спасибо")
