"""New, edited, deleted and seen-again comments (scraper.archive.thread_diff), without SQL."""

from __future__ import annotations

from scraper.archive.thread_diff import ArchivedComment, diff_thread
from tests.archive.snapshots import comment

SEEN = "2022-08-23T16:00:00Z"


def archived(row_id: int, cid: str, text: str | None, deleted: str | None = None) -> ArchivedComment:
    return ArchivedComment(row_id, cid, "Аноним", text, None, int(text is None), SEEN, SEEN, deleted_at=deleted)


def test_a_first_fetch_places_every_comment_in_its_thread():
    diff = diff_thread({}, [comment("1", "а"), comment("2", "б", parent="1"), comment("3", "в", parent="2")], True, 10)
    assert [(p.row_id, p.comment.comment_id, p.parent_row_id, p.position, p.depth) for p in diff.new] == [
        (10, "1", None, 1, 0), (11, "2", 10, 2, 1), (12, "3", 11, 3, 2),
    ]
    assert (diff.seen_again, diff.edited, diff.deleted) == ([], [], [])


def test_seen_again_edited_and_deleted():
    before = {"1": archived(1, "1", "а"), "2": archived(2, "2", "б"), "3": archived(3, "3", "в")}
    diff = diff_thread(before, [comment("1", "а"), comment("2", "б!"), comment("4", "г", parent="1")], True, 5)
    assert [placed.row_id for placed, _ in diff.seen_again] == [1, 2]
    assert [(placed.comment.text, old.text) for placed, old in diff.edited] == [("б!", "б")]
    assert [(p.row_id, p.parent_row_id, p.position) for p in diff.new] == [(5, 1, 3)]
    assert [old.id for old in diff.deleted] == [3]


def test_hidden_by_moderators_is_an_edit():
    diff = diff_thread({"1": archived(1, "1", "Грубость")}, [comment("1", None)], True, 2)
    assert [old.text for _, old in diff.edited] == ["Грубость"]


def test_nothing_is_deleted_by_an_incomplete_fetch_nor_deleted_twice():
    before = {"1": archived(1, "1", "а"), "2": archived(2, "2", "б"), "3": archived(3, "3", "в", deleted=SEEN)}
    assert diff_thread(before, [comment("1", "а")], False, 4).deleted == []
    assert [old.id for old in diff_thread(before, [comment("1", "а")], True, 4).deleted] == [2]


def test_a_comment_shown_again_after_its_deletion_is_seen_again():
    diff = diff_thread({"1": archived(1, "1", "а", deleted=SEEN)}, [comment("1", "а")], True, 2)
    assert [placed.row_id for placed, _ in diff.seen_again] == [1] and diff.new == []


def test_a_reparse_corrects_and_never_edits_nor_deletes():
    before = {"1": archived(1, "1", "а"), "2": archived(2, "2", "б")}
    diff = diff_thread(before, [comment("1", "а, исправлено")], True, 3, reparse=True)
    assert [placed.comment.text for placed, _ in diff.corrected] == ["а, исправлено"]
    assert (diff.edited, diff.deleted) == ([], [])


def test_a_repeated_id_is_kept_as_another_comment():
    diff = diff_thread({}, [comment("7", "первый"), comment("7", "второй")], True, 1)
    assert [p.comment.comment_id for p in diff.new] == ["7", "7~2"]
