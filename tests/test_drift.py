"""Layout drift, end to end: a crawl whose site stopped matching its selectors."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import run_crawl

# The demo bankfax site, read by a site file whose selectors no longer match
# its pages (as after a redesign): no title, body or date, no comments read
# although every page shows its count.
DRIFTED = r"""
name = "bankfax_drifted"
title = "Банкфакс after a redesign"
timezone = "Asia/Barnaul"
layout = "selectors"
article_urls = '^/news/\d+/$'

[discovery]
listings = ["/news/"]

[selectors]
title = "h1.article__title"
body = "div.article__text p"
published = "span.article__date"
comment_count = "div.cf_win .what_in"

[comments]
node = "div.comment-card"
text = ".comment-card__text"
"""


def test_a_drifted_layout_is_an_error_a_stat_and_a_drift_run(tmp_path, newsroom):
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "bankfax_drifted.toml").write_text(DRIFTED, encoding="utf-8")
    archive = tmp_path / "archive.db"
    result = run_crawl(
        archive,
        {"bankfax_drifted": newsroom.origins["bankfax"]},
        "-s", f"SITES_DIRS={sites}",
        "-a", "site=bankfax_drifted",
        check=False,
    )
    log = result.stderr
    assert "ERROR: layout drift: bankfax_drifted: 0 of " in log
    for what in ("a title", "a body", "a publication date"):
        assert f"articles (0%) have {what}, below 80%" in log
    assert "'quality/alarms': ['bankfax_drifted: 0 of" in log  # the crawl's stats dump

    db = sqlite3.connect(archive)
    status, alarms = db.execute("SELECT status, drift_alarms FROM crawl_runs").fetchone()
    assert status == "drift"
    alarms = json.loads(alarms)
    assert len(alarms) == 4
    assert any("comments read of" in alarm for alarm in alarms)
    articles = db.execute("SELECT count(*) FROM articles WHERE site = 'bankfax_drifted'").fetchone()[0]
    assert all(f"0 of {articles} articles" in alarm for alarm in alarms[:3])
