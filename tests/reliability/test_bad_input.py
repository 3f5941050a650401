"""Bad input, one case a test: each gets a clear log line and a mark on the run, none stops the crawl.

The night they all come in is played once (`tests/reliability/night.py`, the
`night` fixture): a clean run, a hostile run, a clean run again.
"""

from __future__ import annotations

import asyncio

import pytest

from scraper.items import ArticleSnapshot, FetchFailure
from scraper.sites.addresses import path_of
from tests.reliability.hostile import article, comment, html
from tests.reliability.night import OTHER_SCRIPTS, SCRIPT, state


# --- the night as a whole ------------------------------------------------------------
def test_the_hostile_run_finishes_and_marks_what_it_met(night):
    assert night.run["finished_at"] is not None and night.run["status"] == "errors"
    assert night.run["errors"] > 0 and night.run["problems"]
    # Nothing escaped the spider: not a profile's bug, nor a feed item that is no address, nor an empty feed.
    assert "spider error" not in night.run["problems"]
    assert "Spider error processing" not in night.log and "Traceback" not in night.log


def test_articles_archived_before_are_not_damaged(night):
    """Every article of the first run is as it was, but the one that now redirects away (marked removed)."""
    after = state(night.hostile)
    spoiled_comments = {path_of(night.urls[c]) for c in ("comments API answers HTML", "comments API loops",
                                                          "comments API elsewhere")}
    for url, was in night.before.items():
        now = after[url]
        if url == path_of(night.urls["archived, now redirected away"]):
            assert now[:4] == was[:4] and now[4] == "removed"
            continue
        if url in spoiled_comments:  # the text is as before; the thread is kept, none marked deleted
            assert now[:6] == was[:6]
            assert {c[0]: c[:5] for c in now[6]} == {c[0]: c[:5] for c in was[6]}
            assert all(c[5] is None for c in now[6])
            continue
        assert now == was, url


def test_the_crawl_went_on_past_every_bad_page(night):
    """Articles untouched by the hostile night were all read again in it."""
    last = night.hostile.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
    spoiled = {path_of(url) for url in night.urls.values()}
    reread = {row[0] for row in night.hostile.execute(
        "SELECT DISTINCT a.path FROM articles a JOIN pages p ON p.article_id = a.id WHERE p.last_fetched_at >="
        " (SELECT started_at FROM crawl_runs WHERE id = ?)", [last])}
    assert set(night.before) - spoiled <= reread


# --- new articles, each spoiled one way -----------------------------------------------
def test_malformed_html_is_read_for_all_it_holds(night):
    row = night.row("malformed")
    assert row["title"] == "Сломанная разметка"
    assert row["body"] == "Текст без закрывающих тегов.\n\nВторой абзац."
    assert [(c["text"], c["parent"]) for c in night.comments("malformed")] == [("Первый", None), ("Ответ", "1")]


@pytest.mark.parametrize("case, kind, column", [
    ("no title", "no title", "title"),
    ("no body", "no body", "body"),
    ("no date", "no date", "published_raw"),
])
def test_an_article_missing_a_part_is_archived_and_marked(night, case, kind, column):
    row = night.row(case)
    assert row is not None and row[column] is None
    assert row["title"] or row["body"]  # the rest of it is there
    assert night.logged(kind, case) and night.marked(kind) >= 1


def test_an_unparseable_date_is_kept_as_printed_and_marked(night):
    row = night.row("unparseable date")
    assert (row["published_raw"], row["published_at"]) == ("32.13.2022 25:61", None)
    assert row["title"] == "Новость с невозможной датой"
    assert night.logged("unparseable date", "unparseable date")


def test_a_date_in_the_future_is_kept_and_marked(night):
    row = night.row("future date")
    assert (row["published_raw"], row["published_at"]) == ("24.08.2022 11:00", "2022-08-24T04:00:00Z")
    assert night.logged("future date", "future date") and night.marked("future date") == 1
    # Years ahead is absurd: read as no time at all, printed text kept, marked.
    far = night.row("far future date")
    assert (far["published_raw"], far["published_at"]) == ("01.01.2031 12:00", None)
    assert night.logged("unparseable date", "far future date") and night.marked("unparseable date") == 2


def test_a_wrong_charset_is_found_and_the_text_read_right(night):
    row = night.row("wrong charset")
    assert row["title"] == "Кодировка врёт" and row["body"] == "Первый абзац новости.\n\nВторой абзац новости."
    encoding = night.hostile.execute("SELECT encoding FROM pages WHERE url = ?", [night.urls["wrong charset"]]).fetchone()
    assert encoding[0] == "cp1251"  # a re-parse decodes the stored page the same way
    assert night.logged("wrong charset", "wrong charset")


def test_a_missing_charset_is_found(night):
    assert night.row("no charset, windows-1251")["title"] == "Кодировка не указана"
    assert night.row("no charset, utf-8")["title"] == "Кодировка не указана, UTF-8"
    assert night.logged("no charset", "no charset, windows-1251") and night.logged("no charset", "no charset, utf-8")
    assert night.marked("no charset") == 2
    archived_again = "archived, now in the wrong charset"
    assert night.logged("wrong charset", archived_again) and night.marked("wrong charset") == 2
    assert night.row(archived_again)["version"] == 1  # read right, it is the same article


def test_a_ten_megabyte_page_is_archived_whole(night):
    row = night.row("10 MB")
    assert row["title"] == "Огромная страница" and len(night.comments("10 MB")) == 2
    size = night.hostile.execute("SELECT size FROM pages WHERE url = ?", [night.urls["10 MB"]]).fetchone()[0]
    assert size > 10_000_000
    assert night.logged("large page", "10 MB") and night.marked("large page") == 1


def test_five_thousand_comments_are_all_archived_in_their_thread(night):
    comments = night.comments("5000 comments")
    assert len(comments) == 5000
    assert [c["text"] for c in comments[:3]] == ["Комментарий номер 1", "Комментарий номер 2", "Комментарий номер 3"]
    replies = [(c["site_comment_id"], c["parent"], c["depth"]) for c in comments if c["parent"]]
    assert len(replies) == 500 and all(int(p) == int(c) - 1 and d == 1 for c, p, d in replies)
    assert night.row("5000 comments")["comment_count_shown"] == 5000


def test_an_empty_comment_is_kept_and_its_neighbours_too(night):
    comments = night.comments("empty comment")
    assert [(c["text"], c["hidden"]) for c in comments] == [("До пустого", 0), (None, 0), ("После пустого", 0)]


def test_a_comment_holding_html_or_javascript_is_archived_as_its_text(night):
    texts = [c["text"] for c in night.comments("script comment")]
    assert texts == [SCRIPT, "<b>жирный</b> &amp; <a href='javascript:alert(3)'>ссылка</a>"]


def test_text_in_other_scripts_is_archived_exactly(night):
    row = night.row("other scripts")
    assert row["title"] == "Қазақстан 🚀 Astana"
    assert row["body"] == OTHER_SCRIPTS + "\n\nЕщё абзац 😀."
    assert [(c["author"], c["text"]) for c in night.comments("other scripts")] == [("Әсем 🌸", OTHER_SCRIPTS)]
    assert not night.logged("wrong charset", "other scripts")


def test_repeated_comment_ids_keep_every_comment(night):
    comments = night.comments("duplicate ids")
    assert [(c["site_comment_id"], c["text"]) for c in comments] == [
        ("555", "Первый с номером 555"), ("555~2", "Второй с номером 555"), ("556", "Другой")]
    assert night.logged("duplicate comment id", "duplicate ids") and night.marked("duplicate comment id") == 1


def test_pages_that_used_to_crash_the_profile_are_read(night):
    """A comment count of 5,000 digits and an og:url that is no address once raised inside the profile."""
    assert night.row("huge count")["comment_count_shown"] is None
    assert night.row("huge count")["title"] == "Счётчик комментариев в тысячу цифр"
    # Archived under its own address on the site's canonical origin, not the og:url that is no address.
    assert night.row("address no address")["url"] == "https://www.bankfax.ru" + path_of(night.urls["address no address"])


# --- redirects, blocks ----------------------------------------------------------------
def test_a_redirect_loop_is_stopped_reported_and_tried_again_next_run(night):
    for case in ("redirect loop", "archived, now in a redirect loop"):
        assert "redirect loop" in night.failure(case)["reason"], case
        assert night.logged("redirect loop", case)
    assert night.row("redirect loop") is None
    assert night.marked("redirect loop") == 2
    failure = night.failure("too many redirects")
    assert failure["reason"] == "too many redirections" and night.logged("too many redirects", "too many redirects")


def test_a_redirect_to_another_domain_is_never_followed(night):
    assert night.asked == []  # the rest of the internet heard nothing
    for case in ("redirect to another host", "redirect to another port"):
        assert night.row(case) is None and night.logged("left the sites", case)
    moved = night.row("archived, now redirected away")
    assert moved["status"] == "removed" and moved["removed_reason"].startswith("301 to http://127.0.0.1:")
    assert night.marked("left the sites") == 4  # two new articles, one archived, one comments API


def test_a_bot_block_page_is_reported_not_archived(night):
    assert night.row("blocked") is None
    for case in ("blocked", "archived, now blocked", "archived, now a block page with 200"):
        assert night.failure(case)["reason"].startswith("blocked"), case
        assert night.failure(case)["resolved_at"] is None
        assert night.logged("blocked", case)
    assert night.marked("blocked") == 3
    for case in ("archived, now blocked", "archived, now a block page with 200"):  # no page kept of the block
        assert night.hostile.execute("SELECT count(*) FROM pages WHERE url = ? AND last_fetched_at >= ?",
                                     [night.urls[case], night.run["started_at"]]).fetchone()[0] == 0


def test_a_garbled_page_of_an_archived_article_is_no_new_version(night):
    row = night.row("archived, now garbled")
    assert row["version"] == 1 and row["title"]
    assert night.failure("archived, now garbled")["reason"].startswith("unreadable")
    assert night.logged("unreadable page", "archived, now garbled")


# --- comments that cannot be read whole -----------------------------------------------
def test_comments_the_profile_cannot_read_cost_only_the_comments(night):
    """The ngs22 comments API answering an HTML error page: the profile raises; the article is kept."""
    case = "comments API answers HTML"
    failure = night.failure(case)
    assert failure["reason"].startswith("comments incomplete") and "unreadable" in failure["reason"]
    assert night.logged("unreadable comments", case) and night.marked("unreadable comments") == 1


def test_a_loop_of_comment_pages_stops_and_doubles_nothing(night):
    case = "comments API loops"
    assert night.logged("comment page loop", case) and night.marked("comment page loop") == 1
    now = night.comments(case)
    assert sorted(c["site_comment_id"] for c in now) == sorted(c[0] for c in night.before[path_of(night.urls[case])][6])
    assert all(c["deleted_at"] is None for c in now)


def test_a_comments_api_off_the_sites_is_never_asked(night):
    case = "comments API elsewhere"
    assert night.asked == []
    assert "off the configured sites" in night.failure(case)["reason"]


def test_the_next_good_run_closes_what_the_hostile_one_left_open(night):
    """Comment threads read whole again resolve their failures; nothing archived was lost on the way."""
    for case in ("comments API answers HTML", "comments API elsewhere", "archived, now blocked",
                 "archived, now garbled", "archived, now in a redirect loop"):
        assert night.failure(case, night.healed)["resolved_at"] is not None, case
    # The addresses that failed for good are gone from the site now (404): nothing is left to try.
    assert night.healed.execute("SELECT url FROM failed_urls WHERE resolved_at IS NULL").fetchall() == []
    healed = state(night.healed)
    for url, was in night.before.items():
        if url != path_of(night.urls["archived, now redirected away"]):
            assert healed[url][:6] == was[:6] and all(c[5] is None for c in healed[url][6])


# --- a profile's own bug --------------------------------------------------------------
def test_a_profile_raising_costs_one_page_not_the_crawl(tmp_path):
    """A profile bug inside article() or comments(): a failure recorded, the snapshot kept, the crawl going on."""
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from scraper.spiders.regional_news import RegionalNewsSpider

    crawler = get_crawler(RegionalNewsSpider, {
        "ARCHIVE_PATH": str(tmp_path / "archive.db"), "SITE_ORIGINS": {"bankfax": "http://127.0.0.1:9"},
        "ARCHIVE_VIEW": "scraper.archive.known.SqliteArchiveView",
    })
    spider = RegionalNewsSpider.from_crawler(crawler)
    url = "http://127.0.0.1:9/news/170999/"
    body = html(article(170999, "Статья", comments=[comment(1, "Комментарий")]), "http://127.0.0.1:9").encode()
    response = HtmlResponse(url, body=body, encoding="utf-8", request=Request(url, meta={"site": "bankfax"}))
    profile = spider.profiles["bankfax"]

    def broken(*args):
        raise KeyError("a profile bug")

    async def read() -> list:
        return [item async for item in spider.parse_article(response, "bankfax") if not isinstance(item, Request)]

    profile.comments = broken
    items = asyncio.run(read())  # the reader not started: the pages are read here, by the patched profile
    assert [type(item) for item in items] == [ArticleSnapshot, FetchFailure]
    snapshot, failure = items
    assert snapshot.article.title == "Статья" and snapshot.comments_complete is False
    assert failure.url == url and "KeyError" in failure.reason

    profile.article = broken
    items = asyncio.run(read())
    assert [type(item) for item in items] == [FetchFailure]
    assert items[0].reason.startswith("unreadable: KeyError")
    assert spider.run.problems == {"unreadable page": 1, "unreadable comments": 1}
    spider.closed("finished")


def test_the_hostile_run_is_marked_in_datasettes_view_of_the_runs(night):
    """The mark is a column of crawl_runs, which Datasette shows: kinds with counts."""
    problems = night.run["problems"]
    assert set(problems) >= {"blocked", "wrong charset", "left the sites", "redirect loop", "no title",
                             "unreadable comments", "comment page loop", "large page"}
    assert all(isinstance(count, int) and count > 0 for count in problems.values())
    healed = night.healed.execute("SELECT status, problems FROM crawl_runs ORDER BY id DESC").fetchone()
    assert tuple(healed) == ("ok", None)
