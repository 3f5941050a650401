"""A worker's crawl asks the night's queue server what a crawl on its own asks archive.db, and gets the same answers."""

from __future__ import annotations

from scraper.archive import open_archive
from scraper.archive.known import SqliteArchiveView
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter
from scraper.distributed.keys import NightKeys, connect
from scraper.distributed.known import Answers, NightArchiveView, publish
from scraper.items import ArticleGone, FetchFailure
from scraper.sites import load_sites
from tests.archive.snapshots import T0, later, snapshot

URL = "http://127.0.0.1:1/news/1/"


def test_the_night_answers_what_the_archive_answers(tmp_path, redis_server):
    path = tmp_path / "archive.db"
    db = open_archive(path)
    writer = ArchiveWriter(db)
    writer.save_sites([load_sites(origins={"bankfax": "http://127.0.0.1:1"})["bankfax"]])
    page = snapshot(url=URL, html=b"<html>archived</html>")
    page.pages[0].headers.update({"etag": '"v1"', "last-modified": "Mon, 22 Aug 2022 09:21:00 GMT"})
    writer.save_snapshot(page)
    writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/2/"))
    writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:1/news/2/", 404, later(1)))
    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/3/", "timeout", T0))
    finish_run(db, start_run(db, {}, ["bankfax"]), {}, "ok", [], {"bankfax": "2022-08-23T23:00:00+07:00"})

    keys = NightKeys("1-test")
    client = connect(redis_server.url)
    publish(client, keys, db, ["bankfax"])
    archive = SqliteArchiveView(db)
    night = NightArchiveView(connect(redis_server.url), keys)
    answers = Answers(redis_server.url, keys, str(path)).start()
    try:
        here = load_sites(origins={"bankfax": "http://127.0.0.1:7"})["bankfax"].here
        for origin in (None, here):  # as archived, and at the origin the crawl reaches the site on now
            assert night.site("bankfax", origin) == archive.site("bankfax", origin)
        assert night.site("bankfax", here).failed_urls() == ["http://127.0.0.1:7/news/3/"]
        moved = "http://127.0.0.1:7/news/1/"
        assert night.validators("bankfax", moved) == archive.validators("bankfax", moved)
        assert night.validators("bankfax", moved).etag == '"v1"'
        assert night.validators("bankfax", "http://127.0.0.1:7/news/9/").request_headers() == {}
        # The stored copy that answers a 304 comes from the archive host, from whichever origin it was fetched.
        stored = night.stored_article("bankfax", moved)
        assert stored == archive.stored_article("bankfax", moved) and stored.body == b"<html>archived</html>"
        assert night.stored_page(URL) == archive.stored_page(URL)
        assert night.stored_page("http://127.0.0.1:1/news/9/") is None
    finally:
        answers.stop()
        night.close()
        client.close()
        db.close()
