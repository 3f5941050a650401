"""The sample cases under tests/sites/, read once each, for the generated tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from scraper.profiles import profile_for
from scraper.sample_cases import CaseReading, SampleCase, cases_of, plain, read_pages
from scraper.sites import Site, load_sites

ROOT = Path(__file__).resolve().parent


@cache
def sites() -> dict[str, Site]:
    return load_sites()


def all_cases() -> list[SampleCase]:
    return [SampleCase(folder) for folder in cases_of(ROOT)]


@cache
def reading(folder: Path) -> CaseReading:
    case = SampleCase(folder)
    site = sites()[case.site_name]
    return read_pages(profile_for(site), case.pages(site))


def case_id(case: SampleCase) -> str:
    return f"{case.site_name}/{case.name}"


def article_params() -> list:
    return [
        pytest.param(case.folder, name, id=f"{case_id(case)}-{name}")
        for case in all_cases()
        for name in case.output.get("article", {})
    ]


def comment_params() -> list:
    return [
        pytest.param(case.folder, name, id=f"{case_id(case)}-comments-{name}")
        for case in all_cases()
        if case.output.get("comments")
        for name in case.output["comments"][0]
    ]


def case_params() -> list:
    return [pytest.param(case.folder, id=case_id(case)) for case in all_cases()]


def read_article(folder: Path) -> dict:
    got = reading(folder)
    assert not got.blocked, f"{folder} read as a bot-block page"
    return plain(got.article)
