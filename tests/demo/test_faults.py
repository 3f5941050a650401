"""Each fault switch of the demo newsroom does what it says, over real HTTP."""

from __future__ import annotations

import http.client
import socket
import time
from datetime import datetime, timezone
from html import unescape
from urllib.parse import urlsplit

import pytest

from scraper.demo.bankfax import BLOCKED
from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from scraper.profiles import Page, profile_for
from scraper.sites import load_sites
from tests.demo.reader import Answer

ARTICLE = "/news/161417/"  # the seed article on bankfax


def get(origin: str, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> Answer:
    """One request on a fresh connection (a fault may have spoiled the last one)."""
    address = urlsplit(origin)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def local(answer: Answer, origin: str) -> bytes:
    """The body with the server's own origin (its port) taken out, to compare servers."""
    return answer.body.replace(origin.encode(), b"http://origin")


def served(faults: Faults, *sites: str, seed: int = 1):
    return running(port=0, faults=faults, seed=seed, sites=sites or None)


def test_errors_answer_500_or_503_and_a_retry_gets_through():
    with served(Faults(errors=0.5), "bankfax") as room:
        origin = room.origins["bankfax"]
        paths = [f"/news/?page={n}" for n in (1, 2, 3)] + [f"/calendar/2022/8/{d}/" for d in range(1, 31)]
        first = [get(origin, path) for path in paths]
        failed = [a for a in first if a.status != 200]
        assert {a.status for a in failed} == {500, 503}
        assert all(a.headers["x-demo-fault"] == "errors" for a in failed)
        assert 0.25 < len(failed) / len(first) < 0.75
        for path, answer in zip(paths, first):
            attempts = [answer]
            while attempts[-1].status != 200:
                assert len(attempts) < 30, path
                attempts.append(get(origin, path))
            assert b"news_list" in attempts[-1].body


def test_the_same_seed_fails_the_same_requests():
    faults = Faults(errors=0.3, blocked=0.1, truncated=0.1)

    def statuses(seed: int) -> list:
        with served(faults, "ngs22", seed=seed) as room:
            found = []
            for path in ["/text/", "/text/?page=2", "/text/rss.xml", "/text/", "/text/", "/text/?page=2"]:
                try:
                    found.append(get(room.origins["ngs22"], path).status)
                except http.client.IncompleteRead:
                    found.append("truncated")
            return found

    assert statuses(5) == statuses(5)
    assert any(statuses(seed) != statuses(5) for seed in (6, 7, 8))


def test_slow_answers_come_late_and_whole():
    with served(Faults(), "bankfax") as room:
        normal = local(get(room.origins["bankfax"], ARTICLE), room.origins["bankfax"])
    with served(Faults(slow=1, slow_seconds=0.3), "bankfax") as room:
        started = time.monotonic()
        answer = get(room.origins["bankfax"], ARTICLE)
        waited = time.monotonic() - started
        body = local(answer, room.origins["bankfax"])
    assert answer.status == 200 and answer.headers["x-demo-fault"] == "slow"
    assert body == normal
    assert waited >= 0.3  # a lower bound the server's own wait guarantees


def test_timeouts_hold_the_request_past_the_clients_patience():
    with served(Faults(timeouts=1, timeout_seconds=60), "bankfax") as room:
        with pytest.raises(TimeoutError):
            get(room.origins["bankfax"], ARTICLE, timeout=0.5)
    # Leaving the block stopped the newsroom although a request was still held.


def test_resets_cut_the_connection():
    with served(Faults(resets=1), "bankfax") as room:
        with pytest.raises(ConnectionResetError):
            get(room.origins["bankfax"], ARTICLE)


def test_truncated_bodies_are_shorter_than_they_claim():
    with served(Faults(truncated=1), "bankfax") as room:
        with pytest.raises(http.client.IncompleteRead) as cut:
            get(room.origins["bankfax"], ARTICLE)
    assert 0 < len(cut.value.partial) and cut.value.expected > 0


def test_wrong_charset_sends_the_other_encoding_under_the_declared_one():
    with served(Faults(), "bankfax", "vestnik22") as room:
        bankfax = local(get(room.origins["bankfax"], ARTICLE), room.origins["bankfax"])
        vestnik = local(get(room.origins["vestnik22"], "/"), room.origins["vestnik22"])
    with served(Faults(wrong_charset=1), "bankfax", "vestnik22", "ngs22") as room:
        wrong_bankfax = get(room.origins["bankfax"], ARTICLE)
        wrong_vestnik = get(room.origins["vestnik22"], "/")
        api = get(room.origins["ngs22"], "/api/v1/comments/?articleId=71500962&page=1")
        wrong_bankfax_body = local(wrong_bankfax, room.origins["bankfax"])
        wrong_vestnik_body = local(wrong_vestnik, room.origins["vestnik22"])
    assert wrong_bankfax.headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        wrong_bankfax.body.decode("utf-8")
    assert unescape(wrong_bankfax_body.decode("cp1251")) == unescape(bankfax.decode("utf-8"))
    assert wrong_vestnik.headers["content-type"] == "text/html; charset=windows-1251"
    assert b'content="text/html; charset=windows-1251"' in wrong_vestnik.body
    assert wrong_vestnik_body.decode("utf-8") == vestnik.decode("cp1251")
    # Only HTML pages are given a wrong charset.
    assert api.status == 200 and "x-demo-fault" not in api.headers


def test_huge_pages_are_ten_times_the_size_and_read_the_same():
    with served(Faults(), "bankfax") as room:
        normal = get(room.origins["bankfax"], ARTICLE)
    with served(Faults(huge=1), "bankfax") as room:
        huge = get(room.origins["bankfax"], ARTICLE)
    assert len(huge.body) >= 10 * len(normal.body)
    site = load_sites(origins={"bankfax": "http://127.0.0.1:8800"})["bankfax"]
    profile = profile_for(site)

    def read(answer: Answer):
        page = Page("http://127.0.0.1:8800" + ARTICLE, answer.body, datetime.now(timezone.utc), headers=answer.headers)
        article = profile.article(page)
        return article, profile.comments(page, article).comments

    assert read(huge) == read(normal)


def test_blocked_clients_get_the_sites_403_page():
    with served(Faults(blocked=1)) as room:
        bankfax = get(room.origins["bankfax"], ARTICLE)
        others = [get(room.origins[name], "/") for name in ("ngs22", "vestnik22")]
    assert bankfax.status == 403 and BLOCKED in bankfax.body.decode("utf-8")
    assert BLOCKED == "Нас опечалило ваше поведение, и мы были вынуждены принять меры. Не приходите больше."
    assert all(answer.status == 403 for answer in others)


def test_a_blocked_user_agent_is_always_blocked_and_no_one_else():
    with served(Faults(block_agent="BadBot"), "bankfax") as room:
        origin = room.origins["bankfax"]
        assert all(get(origin, ARTICLE, {"User-Agent": "BadBot/2.0"}).status == 403 for _ in range(3))
        assert get(origin, ARTICLE, {"User-Agent": "regional-news-archive/0.1"}).status == 200


def test_robots_rules_are_added_and_robots_txt_is_never_faulty():
    with served(Faults(errors=1, disallow=("/news/", "/api/"))) as room:
        for name, origin in room.origins.items():
            robots = get(origin, "/robots.txt")
            assert robots.status == 200, name
            lines = robots.body.decode().splitlines()
            assert lines[0] == "User-agent: *"
            assert "Disallow: /news/" in lines and "Disallow: /api/" in lines
        assert get(room.origins["bankfax"], ARTICLE).status in (500, 503)


def test_stopping_frees_the_ports():
    with served(Faults(), "bankfax") as room:
        address = urlsplit(room.origins["bankfax"])
        assert get(room.origins["bankfax"], "/").status == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address.hostname, address.port), timeout=5).close()
