"""Feeds and sitemaps: which links they give, gzipped sitemaps and Atom's links included."""

from __future__ import annotations

import gzip

import pytest

from scraper.discovery import read_feed, read_sitemap
from scraper.sites import load_site

SITE_FILE = """
name = "vesti22"
origin = "https://vesti22.example"
timezone = "Asia/Barnaul"
article_urls = '^/news/(?P<id>\\d+)/$'
"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://vesti22.example/sitemap-2022-08.xml.gz</loc><lastmod>2022-08-31</lastmod></sitemap>
</sitemapindex>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://vesti22.example/news/101/</loc><lastmod>2022-08-22</lastmod></url>
  <url><loc>https://vesti22.example/news/102/</loc><lastmod>2022-08-23</lastmod></url>
  <url><loc>https://vesti22.example/about/</loc></url>
</urlset>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Вести22</title>
  <entry>
    <title>Первая</title>
    <link rel="self" href="https://vesti22.example/api/entries/201"/>
    <link rel="replies" href="https://vesti22.example/news/999/"/>
    <link rel="alternate" type="text/html" href="https://vesti22.example/news/201/"/>
    <published>2022-08-23T10:00:00+07:00</published>
  </entry>
  <entry>
    <title>Вторая</title>
    <link href="https://vesti22.example/news/202/"/>
    <updated>2022-08-23T11:00:00+07:00</updated>
  </entry>
</feed>""".encode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("sites") / "vesti22.toml"
    path.write_text(SITE_FILE, encoding="utf-8")
    return load_site(path)


def test_a_gzipped_sitemap_is_read(site):
    listing = read_sitemap(gzip.compress(SITEMAP), site)
    assert listing.article_urls == ["https://vesti22.example/news/102/", "https://vesti22.example/news/101/"]


def test_a_sitemap_index_pointing_to_gzipped_sitemaps_names_them(site):
    listing = read_sitemap(gzip.compress(SITEMAP_INDEX), site)
    assert [child.url for child in listing.more] == ["https://vesti22.example/sitemap-2022-08.xml.gz"]


def test_a_broken_gzipped_sitemap_is_an_empty_one(site):
    listing = read_sitemap(gzip.compress(SITEMAP)[:12], site)
    assert listing.articles == [] and listing.more == []


def test_an_atom_entry_links_to_its_page_by_rel_alternate_or_no_rel(site):
    listing = read_feed(ATOM, site)
    assert listing.article_urls == ["https://vesti22.example/news/201/", "https://vesti22.example/news/202/"]
    assert all(link.published is not None for link in listing.articles)
