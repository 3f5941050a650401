"""Reading pages with the sites' profiles, beside the crawl: the same reading as in the crawl's own process."""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import replace
from urllib.parse import urlsplit

import pytest

from scraper.reading import PageReader, read_article, read_more_comments
from scraper.side_process import ProcessGone
from tests.profiles.expected import Fixture

SEED = Fixture("bankfax", "seed_article")
BLOCKED = Fixture("bankfax", "blocked")


def profiles_for(fixture: Fixture) -> dict:
    return {"bankfax": fixture.profile()}


def broken(*args):
    raise KeyError("a profile bug")


def test_an_article_page_is_read_with_its_comments_on_the_sites_own_origin():
    profiles = profiles_for(SEED)
    page = replace(SEED.page(), url="http://127.0.0.1:8022" + urlsplit(SEED.page().url).path)  # the demo's origin
    reading = read_article(profiles, "bankfax", page)
    assert not reading.blocked and reading.unreadable is None and reading.comments_unreadable is None
    assert reading.article.title and len(reading.comments.comments) == 18
    assert reading.article.url == SEED.page().url


def test_a_bot_block_page_is_read_as_nothing_else():
    reading = read_article(profiles_for(BLOCKED), "bankfax", BLOCKED.page())
    assert reading.blocked and reading.article is None and reading.comments is None


def test_a_profile_raising_costs_its_part_and_says_why():
    profiles = profiles_for(SEED)
    profiles["bankfax"].comments = broken
    reading = read_article(profiles, "bankfax", SEED.page())
    assert reading.article.title and reading.comments is None
    assert reading.comments_unreadable == "KeyError: 'a profile bug'"
    assert read_more_comments(profiles, "bankfax", SEED.page(), reading.article).unreadable == "KeyError: 'a profile bug'"
    profiles["bankfax"].article = broken
    assert read_article(profiles, "bankfax", SEED.page()).unreadable == "KeyError: 'a profile bug'"


def test_a_started_reader_reads_in_a_process_of_its_own_as_the_crawl_would():
    profiles = profiles_for(SEED)
    here = read_article(profiles, "bankfax", SEED.page())

    async def crawl():
        reader = PageReader(profiles)
        reader.start()
        try:
            page = SEED.page()
            assert page.css("h1")  # parsed here first: the page crosses without its tree
            beside = await reader.article("bankfax", page)
            more = await reader.more_comments("bankfax", SEED.page(), beside.article)
            pid = reader._process.pid
        finally:
            reader.close()
        return beside, more, pid

    beside, more, pid = asyncio.run(crawl())
    assert pid != os.getpid()
    assert beside == here
    assert more.comments == here.comments


def test_a_reader_not_started_reads_here_with_the_profiles_as_they_are():
    profiles = profiles_for(SEED)
    reader = PageReader(profiles)
    profiles["bankfax"].article = broken  # a patched profile is read as patched: no other process holds a copy
    reading = asyncio.run(reader.article("bankfax", SEED.page()))
    assert reading.unreadable == "KeyError: 'a profile bug'"


def test_a_reader_killed_fails_what_is_asked_of_it():
    async def crawl():
        reader = PageReader(profiles_for(SEED))
        reader.start()
        os.kill(reader._process.pid, signal.SIGKILL)
        try:
            with pytest.raises(ProcessGone):
                await reader.article("bankfax", SEED.page())
        finally:
            reader.close()

    asyncio.run(crawl())
