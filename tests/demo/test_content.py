"""What the demo sites publish: realistic sizes, slices that add up, 100,000 articles."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from scraper.demo import hearst
from scraper.demo.catalog import Catalog
from scraper.demo.newsroom import SIZES, build_sites, running
from scraper.demo.seed import seed_article
from scraper.demo.timeline import Timeline, clock
from tests.demo.reader import SiteReader
from tests.demo.test_faults import get

CYRILLIC = re.compile(r"[а-яё]", re.I)


def _depth(comment, by_id) -> int:
    depth = 0
    while comment.parent is not None:
        comment, depth = by_id[comment.parent], depth + 1
    return depth


def test_articles_and_threads_have_realistic_sizes():
    timeline = Timeline(seed=1, site="sizes", size=600, per_day=8, first_id=1)
    articles = [timeline.article(n, 400) for n in range(600)]  # a year on: every comment posted
    sizes = [len("\n\n".join(a.paragraphs).encode()) for a in articles]
    assert 1000 <= min(sizes) < 2000 and 7000 < max(sizes) <= 9500
    counts = [len(a.comments) for a in articles]
    assert min(counts) == 0 and 150 <= max(counts) <= 300
    assert sum(1 for c in counts if c >= 150) >= 3
    depths = [_depth(c, {x.id: x for x in a.comments}) for a in articles for c in a.comments]
    assert max(depths) >= 8  # long reply chains
    assert all(CYRILLIC.search(a.title) and CYRILLIC.search(a.lead) for a in articles)
    texts = [c.text for a in articles for c in a.comments if c.text]
    assert len(set(texts)) > 0.6 * len(texts)  # comments are not a handful of stock lines
    # Within an article, who said what is almost always unique (sites without ids rely on it).
    said = [(a.id, c.author, c.text) for a in articles for c in a.comments if c.text]
    assert len(said) - len(set(said)) < 0.005 * len(said)


def test_day_one_is_the_newsroom_as_first_seen_and_later_days_grow():
    for site in build_sites():
        shown = site.catalog.count(1)
        assert shown == SIZES["small"] + (1 if site.name in ("bankfax", "ngs22") else 0)  # the seed (and seed-like) article
        assert site.timeline.removed_numbers(1) == ()
        assert site.catalog.count(30) > site.catalog.count(2) > shown


@pytest.mark.parametrize("day", [1, 6, 19])
def test_listing_slices_add_up_to_every_article_in_publication_order(day):
    timeline = Timeline(seed=3, site="bankfax", size=300, per_day=9, first_id=160000)
    catalog = Catalog(timeline, [seed_article()])
    now = clock(day)
    removed = set(timeline.removed_numbers(day))
    expected = sorted(
        [(timeline.published(n), timeline.article_id(n)) for n in range(timeline.count(day)) if n not in removed]
        + [(seed_article().published, seed_article().id)],
        reverse=True,
    )
    assert all(moment <= now for moment, _ in expected)
    assert catalog.count(day) == len(expected)
    pages = [catalog.entries(day, start, start + 20) for start in range(0, catalog.count(day), 20)]
    assert [(e.published, e.article_id) for page in pages for e in page] == expected
    week = [(e.published, e.article_id) for e in catalog.between(day, clock(day - 8), clock(day - 1))]
    assert week == [item for item in expected if clock(day - 8) < item[0] <= clock(day - 1)]
    if day > 1:
        assert removed  # some articles were taken down along the way


def test_a_100000_article_site_serves_its_deepest_pages():
    with running(size=100_000, port=0) as room:
        bankfax = room.origins["bankfax"]
        last = -(-(100_000 + 1) // 20)  # with the seed article
        deepest = get(bankfax, f"/news/?page={last}")
        assert deepest.status == 200 and b'rel="next"' not in deepest.body
        assert len(re.findall(rb'class="news_item"', deepest.body)) == ((100_000 + 1) % 20 or 20)
        assert get(bankfax, f"/news/?page={last + 1}").status == 404
        reader = SiteReader(room.origins, "ngs22")
        listing = reader.profile.listing(reader.page("/text/?page=4000"))
        assert len(listing.article_urls) == 20 and listing.next_url.endswith("page=4001")
        assert all(reader.get(url).status == 200 for url in listing.article_urls[:3])
        index = get(room.origins["vestnik22"], "/sitemap.xml").body.decode()
        months = re.findall(r"/sitemap/news-(\d{4}-\d{2})\.xml", index)
        assert months[0] == "2022-08" and months[-1] == "2021-08" and len(months) == 13


def test_hearst_threads_are_two_levels_deep_whatever_the_reply_chain():
    site = next(s for s in build_sites() if s.name == "ngs22")
    articles = site.catalog.articles(5, 0, site.catalog.count(5))
    deep = [a for a in articles if any(_depth(c, {x.id: x for x in a.comments}) >= 2 for c in a.comments)]
    assert deep
    for article in deep:
        pages = [hearst.comments_api(article, 1)]
        while pages[-1]["next"]:
            pages.append(hearst.comments_api(article, pages[-1]["page"] + 1))
        threads = [t for page in pages for t in page["comments"]]
        assert all("replies" not in reply for t in threads for reply in t["replies"])
        assert sum(1 + len(t["replies"]) for t in threads) == len(article.comments) == pages[0]["total"]
        kinds = Counter(reply["parentId"] == t["id"] for t in threads for reply in t["replies"])
        assert kinds[True] and kinds[False]  # answers to the comment, and to its replies
