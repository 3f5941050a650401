"""What the archive answers a crawl (scraper.archive.known), from a real temporary archive."""

from __future__ import annotations

from scraper.archive.known import SqliteArchiveView
from scraper.archive.runs import finish_run, start_run
from scraper.items import ArticleGone, FetchFailure
from scraper.known import Validators
from scraper.sites import load_sites
from tests.archive.snapshots import T0, later, snapshot

URL = "http://127.0.0.1:1/news/1/"


def test_what_is_known_of_a_site(db, writer):
    writer.save_snapshot(snapshot(url=URL))
    writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/2/"))
    writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:1/news/2/", 404, later(1)))
    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/3/", "timeout", T0))
    good = start_run(db, {}, ["bankfax"])
    finish_run(db, good, {}, "ok", [], {"bankfax": "2022-08-23T23:00:00+07:00"})
    failed = start_run(db, {}, ["bankfax"])
    finish_run(db, failed, {}, "failed", [], {"bankfax": "2022-08-25T23:00:00+07:00"})

    known = SqliteArchiveView(db).site("bankfax")
    assert set(known.published) == {URL, "http://127.0.0.1:1/news/2/"}
    assert known.published[URL].isoformat() == "2022-08-22T09:21:00+00:00"
    assert known.removed == {"http://127.0.0.1:1/news/2/"} and known.live_since(None) == [URL]
    assert known.failed_urls() == ["http://127.0.0.1:1/news/3/"]
    assert known.last_clock().isoformat() == "2022-08-23T23:00:00+07:00"  # of the last run that finished well
    assert SqliteArchiveView(db).site("ngs22").published == {}


def test_validators_and_the_stored_copy_of_a_page(db, writer):
    page = snapshot(url=URL, html=b"<html>archived</html>")
    page.pages[0].headers.update({"etag": '"v1"', "last-modified": "Mon, 22 Aug 2022 09:21:00 GMT", "x-other": "1"})
    writer.save_snapshot(page)
    view = SqliteArchiveView(db)
    assert view.validators("bankfax", URL) == Validators('"v1"', "Mon, 22 Aug 2022 09:21:00 GMT")
    assert view.validators("bankfax", URL).request_headers() == {
        "If-None-Match": '"v1"', "If-Modified-Since": "Mon, 22 Aug 2022 09:21:00 GMT"}
    assert view.validators("bankfax", "http://127.0.0.1:1/news/9/").request_headers() == {}
    stored = view.stored_page(URL)
    assert (stored.body, stored.status, stored.encoding) == (b"<html>archived</html>", 200, "utf-8")
    assert "x-other" not in stored.headers and stored.headers["etag"] == '"v1"'
    assert view.stored_page("http://127.0.0.1:1/news/9/") is None


def test_an_article_archived_from_one_origin_is_known_at_another(db, writer):
    """The crawl asks at the origin it reaches the site on now (another port, a proxy, the site's new origin)."""
    page = snapshot(url=URL, html=b"<html>archived</html>")
    page.pages[0].headers.update({"etag": '"v1"'})
    writer.save_snapshot(page)
    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/3/", "timeout", T0))
    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:2/news/3/", "timeout", later(1)))
    view = SqliteArchiveView(db)
    here = load_sites(origins={"bankfax": "http://127.0.0.1:7"})["bankfax"].here
    known = view.site("bankfax", here)
    assert set(known.published) == {"http://127.0.0.1:7/news/1/"}
    assert known.failed_urls() == ["http://127.0.0.1:7/news/3/"]  # once, whichever origins it failed on
    assert view.validators("bankfax", "http://127.0.0.1:7/news/1/").etag == '"v1"'
    stored = view.stored_article("bankfax", "http://127.0.0.1:7/news/1/")
    assert (stored.url, stored.body) == (URL, b"<html>archived</html>")  # where it was fetched from
    assert view.stored_article("ngs22", "http://127.0.0.1:7/news/1/") is None
