"""The strict-site switch: Crawl-delay announced and enforced, 429 with Retry-After, bankfax's block."""

from __future__ import annotations

import random
import threading
from email.utils import parsedate_to_datetime

from scraper.demo.faults import Faults
from scraper.demo.newsroom import running
from scraper.demo.strict import Doorman, Strict
from tests.demo.test_faults import get


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def doorman(blocks: bool = False, **strict) -> tuple[Doorman, Clock]:
    clock = Clock()
    return Doorman(Strict(**strict), blocks=blocks, clock=clock), clock


def visit(door: Doorman) -> str | None:
    verdict = door.arrive()
    door.leave()
    return verdict


def test_requests_a_crawl_delay_apart_are_welcome_and_a_rush_is_not():
    door, clock = doorman(crawl_delay=1.0)
    for _ in range(20):
        assert visit(door) is None
        clock.now += 1.0
    assert [visit(door), visit(door), visit(door)] == [None, None, "too fast"]
    assert door.too_fast == 1


def test_a_request_while_another_is_answered_is_too_fast():
    door, clock = doorman(crawl_delay=1.0)
    assert door.arrive() is None
    clock.now += 30  # however long ago the last one came
    assert door.arrive() == "too fast"
    door.leave()
    door.leave()
    clock.now += 30
    assert visit(door) is None


def test_a_polite_client_is_never_too_fast_however_late_its_requests_arrive():
    """One request at a time, each started a Crawl-delay after the start of the one before;

    the way to the server takes anything from nothing to three seconds (a
    loaded machine), the answer anything up to two: the arrivals bunch up,
    and the doorman still lets every one in.
    """
    for seed in range(200):
        chance = random.Random(seed)
        door, clock = doorman(crawl_delay=1.0)
        started = received = 0.0
        for _ in range(60):
            started = max(started + 1.0, received)  # the crawler's delay, and one request at a time
            clock.now = 1000 + started + chance.choice([0, 0, 0.001, chance.uniform(0, 3)])
            assert door.arrive() is None, seed
            clock.now += chance.uniform(0, 2)
            door.leave()
            received = clock.now - 1000 + chance.uniform(0, 0.5)
        assert door.too_fast == 0


def test_bankfax_blocks_a_client_that_came_too_fast_for_a_while():
    door, clock = doorman(blocks=True, crawl_delay=1.0, block_seconds=30)
    assert [visit(door) for _ in range(3)] == [None, None, "blocked"]
    clock.now += 29
    assert visit(door) == "blocked"  # everyone, however slow
    clock.now += 1.5
    assert visit(door) is None
    assert (door.too_fast, door.blocked) == (1, 2)


def test_the_strict_newsroom_announces_its_crawl_delay_and_answers_a_rush_429_and_bankfax_403():
    with running(port=0, sites=["bankfax", "ngs22"], strict=Strict(crawl_delay=60, block_seconds=600)) as room:
        for name, origin in room.origins.items():
            assert "Crawl-delay: 60\n" in get(origin, "/robots.txt").body.decode()
        ngs22, bankfax = room.origins["ngs22"], room.origins["bankfax"]
        answers = [get(ngs22, "/text/") for _ in range(3)]
        assert [a.status for a in answers] == [200, 200, 429]
        assert answers[2].headers["retry-after"] == "2" and answers[2].headers["x-demo-fault"] == "too fast"
        answers = [get(bankfax, "/news/") for _ in range(4)]
        assert [a.status for a in answers] == [200, 200, 403, 403]
        assert "Нас опечалило ваше поведение" in answers[3].body.decode()
        assert get(bankfax, "/robots.txt").status == 200  # the rules are always readable


def test_several_requests_at_once_are_caught():
    """Eight at once, as a crawler with no delay sends them: a Crawl-delay of a minute lets two through."""
    with running(port=0, sites=["ngs22"], strict=Strict(crawl_delay=60)) as room:
        origin = room.origins["ngs22"]
        start = threading.Barrier(8)
        statuses: list[int] = []

        def ask() -> None:
            start.wait()
            statuses.append(get(origin, "/text/?page=2").status)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses.count(200) <= 2 and statuses.count(429) >= 6
        assert room.servers["ngs22"].doorman.too_fast == statuses.count(429)


def test_throttled_answers_429_with_retry_after_in_seconds_or_as_a_date_on_the_newsrooms_clock():
    with running(port=0, sites=["bankfax"], faults=Faults(throttled=1, retry_after_seconds=3)) as room:
        answer = get(room.origins["bankfax"], "/news/")
        assert answer.status == 429 and answer.headers["retry-after"] == "3"
    with running(port=0, sites=["bankfax"], faults=Faults(throttled=1, retry_after_date=True)) as room:
        answer = get(room.origins["bankfax"], "/news/")
        waited = parsedate_to_datetime(answer.headers["retry-after"]) - parsedate_to_datetime(answer.headers["date"])
        assert answer.status == 429 and waited.total_seconds() == 2
        assert get(room.origins["bankfax"], "/news/").status == 429  # asked again at once
        assert room.servers["bankfax"].early == ["/news/"]


def test_block_after_blocks_everything_after_the_first_requests():
    with running(port=0, sites=["bankfax"], faults=Faults(block_after=2)) as room:
        origin = room.origins["bankfax"]
        assert [get(origin, path).status for path in ("/news/", "/rss.xml", "/news/", "/rss.xml")] == [200, 200, 403, 403]
        assert get(origin, "/robots.txt").status == 200
