"""The archive's rules of evidence, one test each, on a real temporary database."""

from __future__ import annotations

from scraper.web.query import parse
from tests.archive.snapshots import T0, comment, later, snapshot

VOLATILE = {"last_seen", "last_fetched_at"}
TABLES = ["articles", "article_versions", "comments", "comment_versions", "tags", "article_tags", "images", "pages"]


def dump(db) -> dict[str, list[dict]]:
    return {
        table: [{k: v for k, v in row.items() if k not in VOLATILE} for row in db[table].rows]
        for table in TABLES
    }


def search(db, table: str, word: str) -> list[int]:
    """Rows the archive's search finds for `word`, as a journalist would type it."""
    query = parse(word).expression
    return [r[0] for r in db.execute(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", [query])]


def test_new_article_is_written_whole(db, writer):
    outcome = writer.save_snapshot(snapshot(comments=[comment("1", "Первый!"), comment("2", "Ответ", parent="1")]))
    assert outcome.article == "new"
    row = next(db["articles"].rows)
    assert row["title"] == "Врачи уходят из больниц"
    assert row["published_at"] == "2022-08-22T09:21:00Z"
    assert row["published_local"] == "2022-08-22T16:21:00+07:00"
    assert row["published_raw"] == "22.08.2022 16:21" and row["published_precision"] == "minute"
    assert row["version"] == 1 and row["status"] == "live" and row["last_page_id"] == 1
    comments = list(db["comments"].rows_where(order_by="position"))
    assert [(c["site_comment_id"], c["parent_id"], c["depth"]) for c in comments] == [("1", None, 0), ("2", comments[0]["id"], 1)]
    assert [r["name"] for r in db["tags"].rows] == ["медицина"]
    assert next(db["images"].rows)["credit"] == "Фото: Иван Иванов"
    assert search(db, "comments", "Первый") == [comments[0]["id"]]


def test_a_new_comment_keeps_everything_the_site_showed(db, writer):
    from dataclasses import replace

    said = replace(comment("5", "Согласен", when="22.08.2022 17:45"), author="Иван", quote="Врачи уходят",
                   likes=12, dislikes=3)
    writer.save_snapshot(snapshot(comments=[comment("4", "Первый!"), said]))
    row = db.execute("SELECT * FROM comments WHERE site_comment_id = '5'").fetchone()
    columns = [c.name for c in db["comments"].columns]
    assert dict(zip(columns, row)) == {
        "id": 2, "article_id": 1, "site_comment_id": "5", "parent_id": None, "position": 2, "depth": 0,
        "author": "Иван", "text": "Согласен", "quote": "Врачи уходят",
        "published_at": "2022-08-22T10:45:00Z", "published_local": "2022-08-22T17:45:00+07:00",
        "published_raw": "22.08.2022 17:45", "published_precision": "minute",
        "likes": 12, "dislikes": 3, "hidden": 0, "first_seen": "2022-08-23T16:00:00Z",
        "last_seen": "2022-08-23T16:00:00Z", "edited_at": None, "deleted_at": None, "deleted_in_run": None,
    }


def test_unchanged_page_changes_nothing_but_last_seen(db, writer):
    comments = [comment("1", "Первый!"), comment("2", None)]
    writer.save_snapshot(snapshot(comments=comments))
    before = dump(db)
    outcome = writer.save_snapshot(snapshot(comments=comments, at=later(1)))
    assert outcome.article == "unchanged" and not outcome.counts["comments_new"]
    assert dump(db) == before
    assert {r["last_seen"] for r in db["articles"].rows} == {"2022-08-24T16:00:00Z"}
    assert {r["last_seen"] for r in db["comments"].rows} == {"2022-08-24T16:00:00Z"}


def test_edited_article_keeps_its_earlier_version(db, writer):
    writer.save_snapshot(snapshot())
    outcome = writer.save_snapshot(snapshot(title="Министр ответил врачам", at=later(1), tags=["власть"]))
    assert outcome.article == "changed"
    article = next(db["articles"].rows)
    assert article["title"] == "Министр ответил врачам" and article["version"] == 2
    versions = list(db["article_versions"].rows_where(order_by="version"))
    assert [(v["version"], v["title"]) for v in versions] == [(1, "Врачи уходят из больниц"), (2, "Министр ответил врачам")]
    assert versions[0]["last_seen"] == "2022-08-23T16:00:00Z" and versions[1]["first_seen"] == "2022-08-24T16:00:00Z"
    assert [r[0] for r in db.execute("SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id")] == ["власть"]
    assert search(db, "articles", "Министр") == [article["id"]]
    assert search(db, "articles", "уходят") == []


def test_vanished_comment_is_marked_never_removed(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Остаюсь"), comment("2", "Удалят")]))
    outcome = writer.save_snapshot(snapshot(comments=[comment("1", "Остаюсь")], at=later(1)))
    assert outcome.counts["comments_deleted"] == 1
    writer.save_snapshot(snapshot(comments=[comment("1", "Остаюсь")], at=later(2)))
    rows = {r["site_comment_id"]: r for r in db["comments"].rows}
    assert rows["2"]["text"] == "Удалят"
    assert rows["2"]["deleted_at"] == "2022-08-24T16:00:00Z"  # the first run that missed it
    assert rows["1"]["deleted_at"] is None


def test_missing_comments_of_an_incomplete_fetch_prove_nothing(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "а"), comment("2", "б")]))
    writer.save_snapshot(snapshot(comments=[comment("1", "а")], at=later(1), complete=False))
    assert [r["deleted_at"] for r in db["comments"].rows] == [None, None]


def test_edited_comment_keeps_its_previous_text(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Врачи молодцы")]))
    outcome = writer.save_snapshot(snapshot(comments=[comment("1", "Министр молодец")], at=later(1)))
    assert outcome.counts["comments_edited"] == 1
    row = next(db["comments"].rows)
    assert row["text"] == "Министр молодец" and row["edited_at"] == "2022-08-24T16:00:00Z"
    old = next(db["comment_versions"].rows)
    assert (old["comment_id"], old["text"], old["first_seen"]) == (row["id"], "Врачи молодцы", "2022-08-23T16:00:00Z")
    assert search(db, "comments", "Министр") == [row["id"]] and search(db, "comments", "Врачи") == []


def test_comment_hidden_later_keeps_its_text_as_a_version(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("1", "Грубость")]))
    writer.save_snapshot(snapshot(comments=[comment("1", None)], at=later(1)))
    row = next(db["comments"].rows)
    assert row["hidden"] == 1 and row["text"] is None
    assert next(db["comment_versions"].rows)["text"] == "Грубость"


def test_removed_article_keeps_its_last_content(db, writer):
    from scraper.items import ArticleGone

    writer.save_snapshot(snapshot(comments=[comment("1", "а")]))
    assert writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:1/news/1/", 404, later(1)))
    assert not writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:1/news/1/", 404, later(2)))
    article = next(db["articles"].rows)
    assert (article["status"], article["removed_at"], article["removed_reason"]) == ("removed", "2022-08-24T16:00:00Z", "404")
    assert article["title"] == "Врачи уходят из больниц" and db["comments"].count == 1
    writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:1/news/2/", 301, later(1), redirected_to="http://127.0.0.1:1/"))
    assert db["articles"].count == 1  # nothing invented for an article never archived


def test_same_raw_page_is_stored_once(db, writer):
    writer.save_snapshot(snapshot(html=b"<html>same</html>"))
    writer.save_snapshot(snapshot(html=b"<html>same</html>", at=later(1)))
    writer.save_snapshot(snapshot(html=b"<html>changed</html>", at=later(2)))
    pages = list(db["pages"].rows_where(order_by="id"))
    assert len(pages) == 2
    assert (pages[0]["first_fetched_at"], pages[0]["last_fetched_at"]) == ("2022-08-23T16:00:00Z", "2022-08-24T16:00:00Z")
    import zlib

    assert zlib.decompress(pages[1]["body"]) == b"<html>changed</html>"


def test_repeated_comment_ids_keep_both_comments(db, writer):
    writer.save_snapshot(snapshot(comments=[comment("7", "первый"), comment("7", "второй")]))
    assert sorted(r["text"] for r in db["comments"].rows) == ["второй", "первый"]


def test_failed_url_is_resolved_once_archived(db, writer):
    from scraper.items import FetchFailure

    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/1/", "503", T0))
    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/1/", "timeout", later(1)))
    failure = next(db["failed_urls"].rows)
    assert (failure["attempts"], failure["reason"], failure["resolved_at"]) == (2, "timeout", None)
    writer.save_snapshot(snapshot(at=later(2)))
    assert next(db["failed_urls"].rows)["resolved_at"] == "2022-08-25T16:00:00Z"


def test_an_article_fetched_from_another_origin_is_the_same_row(db, writer):
    """Another port, a proxy, the site's move to https: the site and the path are the article."""
    from scraper.items import ArticleGone, FetchFailure

    writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:2/news/1/", "503", T0))
    writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/1/", comments=[comment("1", "а")]))
    outcome = writer.save_snapshot(snapshot(url="https://www.bankfax.ru/news/1/", comments=[comment("1", "а")], at=later(1)))
    assert outcome.article == "unchanged" and outcome.counts["comments_new"] == 0
    article = next(db["articles"].rows)
    assert (db["articles"].count, article["url"], article["path"], article["version"]) == (
        1, "https://www.bankfax.ru/news/1/", "/news/1/", 1)
    # The evidence says where each page came from; an image is one image from either origin, now at the new address.
    assert [p["url"] for p in db["pages"].rows_where(order_by="id")] == [
        "http://127.0.0.1:1/news/1/", "https://www.bankfax.ru/news/1/"]
    assert [i["url"] for i in db["images"].rows] == ["https://www.bankfax.ru/news/1/photo.jpg"]
    assert db["comments"].count == 1
    # A failure on one origin is resolved by the article archived from another.
    assert next(db["failed_urls"].rows)["resolved_at"] == "2022-08-23T16:00:00Z"
    # Taken down, whichever origin says so.
    assert writer.mark_gone(ArticleGone("bankfax", "http://127.0.0.1:2/news/1/", 404, later(2)))
    assert next(db["articles"].rows)["status"] == "removed"


def test_each_raw_page_belongs_to_the_article_first_archived_with_it(db, writer):
    from scraper.items import FetchedPage

    first, second = "http://127.0.0.1:1/news/1/", "http://127.0.0.1:1/news/2/"
    writer.save_snapshot(snapshot(url=first, html=b"<html>one</html>"))
    writer.save_snapshot(snapshot(url=second, html=b"<html>two</html>"))
    articles = {row["url"]: row for row in db["articles"].rows}
    pages = {row["url"]: row for row in db["pages"].rows}
    for url in (first, second):
        assert pages[url]["article_id"] == articles[url]["id"]
        assert articles[url]["last_page_id"] == pages[url]["id"]
    # A page an archive holds without its article is given it when seen again.
    db.execute("UPDATE pages SET article_id = NULL WHERE url = ?", [first])
    writer.save_snapshot(snapshot(url=first, html=b"<html>one</html>", at=later(1)))
    assert db["pages"].get(pages[first]["id"])["article_id"] == articles[first]["id"]
    # The same page fetched again for another article stays with the first one.
    snap = snapshot(url=second, html=b"<html>two</html>", at=later(2))
    snap.pages.insert(0, FetchedPage(first, 200, {}, b"<html>one</html>", later(2), "article"))
    writer.save_snapshot(snap)
    assert db["pages"].get(pages[first]["id"])["article_id"] == articles[first]["id"]
    assert db["articles"].get(articles[second]["id"])["last_page_id"] == pages[first]["id"]
    assert db["pages"].count == 2


def test_a_page_archived_at_another_compression_level_reads_the_same_and_is_kept(db, writer):
    import zlib

    from scraper.archive.known import SqliteArchiveView

    html = ("<html>" + "Врачи уходят из больниц. " * 200 + "</html>").encode()
    writer.save_snapshot(snapshot(html=html))
    assert zlib.decompress(next(db["pages"].rows)["body"]) == html
    # As an archive written at zlib's default level holds it.
    old = zlib.compress(html, 9)
    db.execute("UPDATE pages SET body = ?", [old])
    writer.save_snapshot(snapshot(html=html, at=later(1)))
    (page,) = db["pages"].rows
    assert page["body"] == old and page["last_fetched_at"] == "2022-08-24T16:00:00Z"
    assert SqliteArchiveView(db).stored_page("http://127.0.0.1:1/news/1/").body == html


def _looking_everything_up(monkeypatch):
    """The writer as if no article were known new: every page, image and comment looked up first."""
    from scraper.archive.writer import ArchiveWriter

    for name in ("_save_page", "_save_images", "_save_comments"):
        method = getattr(ArchiveWriter, name)
        monkeypatch.setattr(ArchiveWriter, name, lambda self, *args, _method=method: _method(self, *args[:-1], False))


def _whole(db) -> dict[str, list[tuple]]:
    """Every row of every table the writer touches, the full-text indexes' own storage included."""
    tables = [*TABLES, "failed_urls", "articles_fts_data", "articles_fts_idx", "articles_fts_docsize",
              "comments_fts_data", "comments_fts_idx", "comments_fts_docsize"]
    return {table: db.execute(f"SELECT * FROM [{table}] ORDER BY 1, 2").fetchall() for table in tables}


def test_a_new_article_is_stored_as_if_everything_had_been_looked_up(tmp_path, monkeypatch):
    from scraper.archive import open_archive
    from scraper.archive.writer import ArchiveWriter
    from scraper.items import FetchedPage, FetchFailure, Image
    from scraper.sites import load_sites

    def history(path):
        db = open_archive(path)
        writer = ArchiveWriter(db, run_id=None)
        writer.save_sites([load_sites(origins={"bankfax": "http://127.0.0.1:1"})["bankfax"]])
        first = "http://127.0.0.1:1/news/1/"
        writer.record_failure(FetchFailure("bankfax", "http://127.0.0.1:1/news/2/", "503", T0))
        writer.save_snapshot(snapshot(url=first, html=b"<html>one</html>", comments=[comment("1", "Первый!")]))
        thread = [comment("1", "Врачи уходят"), comment("2", "Ответ", parent="1"), comment("3", None, parent="2"),
                  comment("2", "Тот же номер"), comment("4", "Министр ответил врачам", when="23.08.2022 09:05")]
        snap = snapshot(url="http://127.0.0.1:1/news/2/", comments=thread, tags=["медицина", "власть"],
                        html=b"<html>two</html>", at=later(1))
        snap.article.images.append(Image("http://127.0.0.1:1/news/2/photo.jpg", "Та же, дважды", None))
        # A new article whose snapshot holds a page archived already, with another article.
        snap.pages.append(FetchedPage(first, 200, {}, b"<html>one</html>", later(1), "article"))
        writer.save_snapshot(snap)
        writer.save_snapshot(snapshot(url=first, html=b"<html>one, edited</html>", title="Министр ответил",
                                      comments=[comment("1", "Первый, исправлен")], at=later(2)))
        writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/3/", comments=[comment("1", "Третий")], at=later(2)))
        stored = _whole(db)
        db.close()
        return stored

    as_written = history(tmp_path / "as-written.db")
    _looking_everything_up(monkeypatch)
    looked_up = history(tmp_path / "looked-up.db")
    assert as_written == looked_up
    assert len(as_written["comments"]) == 7 and len(as_written["comment_versions"]) == 1
    assert len(as_written["pages"]) == 4 and len(as_written["images"]) == 3
