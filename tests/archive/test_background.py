"""The archive's writer process: the crawl hands over items and reads on while they are written (in order, each whole)."""

from __future__ import annotations

import pytest

from scraper.archive.background import BackgroundWriter
from scraper.pipelines.archive import write_item
from tests.archive.snapshots import comment, later, snapshot
from tests.side_processes import handed_over, on_a_loop


def cut_short(writer):
    """Writes half an article, then fails as a full disk would."""
    with writer.db.atomic():
        writer.save_snapshot(snapshot(url="http://127.0.0.1:1/news/2/", comments=[comment("1", "Первый!")]))
        raise OSError("the disk is full")


def test_items_are_written_in_order_and_counted_once_committed(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        first = await handed_over(writing, write_item, snapshot(comments=[comment("1", "Первый!")]), None)
        again = await handed_over(writing, write_item, snapshot(comments=[comment("1", "Первый!"),
                                                                          comment("2", "Второй")], at=later(1)), None)
        assert (await first)["articles_new"] == 1 and first.result()["comments_new"] == 1
        assert (await again)["comments_new"] == 1  # written after the first: the second comment is the new one
        writing.close()

    on_a_loop(crawl)
    assert [c["text"] for c in db["comments"].rows_where(order_by="position")] == ["Первый!", "Второй"]


def test_a_job_that_fails_half_way_leaves_nothing_and_the_next_ones_are_written(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        failed = await handed_over(writing, cut_short)
        fine = await handed_over(writing, write_item, snapshot(), None)
        with pytest.raises(OSError, match="disk is full"):
            await failed
        assert (await fine)["articles_new"] == 1
        writing.close()

    on_a_loop(crawl)
    assert [row["url"] for row in db["articles"].rows] == ["http://127.0.0.1:1/news/1/"]
    assert db["comments"].count == 0 and db["pages"].count == 1


def test_closing_finishes_every_item_handed_over(db, tmp_path):
    async def crawl():
        writing = BackgroundWriter(tmp_path / "archive.db")
        jobs = [await handed_over(writing, write_item, snapshot(url=f"http://127.0.0.1:1/news/{n}/"), None)
                for n in range(1, 21)]
        writing.close()  # before any answer was awaited: closing reads them
        assert [(await job)["articles_new"] for job in jobs] == [1] * 20

    on_a_loop(crawl)
    assert db["articles"].count == 20