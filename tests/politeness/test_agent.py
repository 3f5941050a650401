"""Every request names the project and whom to ask about it."""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.utils.test import get_crawler

from scraper.politeness.agent import UserAgent, user_agent
from tests.politeness.conftest import project_settings


def agent_of(caplog, **settings) -> tuple[str, list[str]]:
    crawler = get_crawler(settings_dict=project_settings(**settings))
    middleware = UserAgent.from_crawler(crawler)
    with caplog.at_level(logging.WARNING, logger="scraper.politeness.agent"):
        crawler.signals.send_catch_log(signal=signals.spider_opened, spider=None)
    request = Request("http://127.0.0.1:1/news/")
    middleware.process_request(request)
    said = [r.getMessage() for r in caplog.records if r.name == "scraper.politeness.agent"]
    return request.headers[b"User-Agent"].decode(), said


def test_the_user_agent_names_the_project_and_the_contact(caplog):
    agent, warnings = agent_of(caplog, CONTACT="editor@example.org")
    assert agent == "regional-news-archive/0.1 (regional news archive; +editor@example.org)"
    assert warnings == []


def test_a_polite_crawl_without_contact_warns_once(caplog):
    agent, warnings = agent_of(caplog)
    assert agent == "regional-news-archive/0.1 (regional news archive)"
    assert len(warnings) == 1 and warnings[0].startswith("CONTACT is not set")


def test_our_own_demo_crawled_without_politeness_does_not_warn(caplog):
    assert agent_of(caplog, POLITE=False)[1] == []


def test_robots_rules_for_the_project_are_matched_by_its_product_token():
    assert user_agent("regional-news-archive/0.1", None).startswith(project_settings()["ROBOTSTXT_USER_AGENT"])
