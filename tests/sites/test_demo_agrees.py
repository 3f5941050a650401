"""The demo newsroom's pages read as the hand-written cases of the sites they stand for.

The crawl tests run against the demo; the cases (tests/sites/) are written
by hand from what is known of the real sites. Where the demo serves the
same article as a case, the site's profile must read both the same, so
what the crawl tests prove holds for the markup the cases model.
"""

from __future__ import annotations

from scraper.demo.newsroom import build_sites
from scraper.demo.timeline import clock
from scraper.profiles import Page, profile_for
from scraper.sample_cases import SampleCase, plain, read_pages
from tests.sites.cases import ROOT, sites

ORIGIN = "https://www.bankfax.ru"

def test_the_demo_bankfax_seed_page_reads_as_the_hand_written_seed_case():
    case = SampleCase(ROOT / "bankfax" / "seed_2022")
    site = sites()["bankfax"]
    entry = case.meta["pages"][0]
    bankfax = build_sites()[0]
    reply = bankfax.respond("/news/161417/", {}, 1, ORIGIN)
    demo_page = Page(entry["url"], reply.body, clock(1), headers={"date": entry["headers"]["Date"]})
    profile = profile_for(site)
    demo = read_pages(profile, [demo_page])
    written = read_pages(profile, case.pages(site))
    assert plain(demo.article) == plain(written.article)
    assert plain(demo.comments) == plain(written.comments)
    assert len(written.comments) == 18
