"""One article and its comment pages collected into a snapshot (scraper.collector)."""

from __future__ import annotations

from datetime import datetime, timezone

from scraper.collector import ThreadCollector
from scraper.dates import Timestamp
from scraper.items import Article, Comment
from scraper.pages import Page
from scraper.profiles import CommentBatch

AT = datetime(2022, 8, 23, 16, tzinfo=timezone.utc)
URL = "http://127.0.0.1:1/news/1/"


def page(url: str) -> Page:
    return Page(url, f"<html>{url}</html>".encode(), AT, headers={"date": "Tue, 23 Aug 2022 16:00:00 GMT"})


def batch(*ids: str, next_url: str | None = None) -> CommentBatch:
    return CommentBatch([Comment(i, "Аноним", "текст", Timestamp.empty()) for i in ids], next_url)


def collector() -> ThreadCollector:
    return ThreadCollector(Article("bankfax", URL, "Заголовок", "Текст.", Timestamp.empty()), page(URL))


def test_pages_of_comments_make_one_snapshot_in_page_order():
    thread = collector()
    thread.add(batch("1", "2", next_url=URL + "?page=2"))
    assert thread.next_page() == URL + "?page=2"
    thread.add_page(page(URL + "?page=2"))
    thread.add(batch("3"))
    assert thread.next_page() is None
    snapshot = thread.snapshot
    assert [c.comment_id for c in snapshot.comments] == ["1", "2", "3"]
    assert [(p.url, p.kind) for p in snapshot.pages] == [(URL, "article"), (URL + "?page=2", "comments")]
    assert snapshot.comments_complete and snapshot.fetched_at == AT and thread.url == URL


def test_a_next_page_already_read_ends_the_thread_incomplete():
    thread = collector()
    thread.add(batch("1", next_url=URL))
    assert thread.next_page() is None
    assert thread.looped_at == URL and not thread.snapshot.comments_complete


def test_a_lost_page_keeps_what_was_read_and_proves_nothing_missing():
    thread = collector()
    thread.add(batch("1", next_url=URL + "?page=2"))
    thread.add_page(page(URL + "?page=2"))  # kept as evidence even though it cannot be read
    thread.lost()
    assert [c.comment_id for c in thread.snapshot.comments] == ["1"]
    assert len(thread.snapshot.pages) == 2 and not thread.snapshot.comments_complete
