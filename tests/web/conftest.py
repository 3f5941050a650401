"""A small real archive, served by the real Datasette with the project's plugin."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from tests.web.newsroom_archive import build

from scraper.web.metadata import METADATA

PROJECT = Path(__file__).resolve().parents[2]


def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


class Client:
    """Datasette's in-process client, called from plain (synchronous) tests."""

    def __init__(self, datasette: Datasette):
        self.datasette = datasette

    def get(self, path: str, **kwargs):
        return asyncio.run(self.datasette.client.get(path, **kwargs))

    def rows(self, path: str) -> list[dict]:
        separator = "&" if "?" in path else "?"
        response = self.get(f"{path}{separator}_shape=array")
        assert response.status_code == 200, response.text[:500]
        return response.json()


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("web") / "archive.db")


@pytest.fixture(scope="session")
def client(archive) -> Client:
    return Client(Datasette([str(archive)], metadata=metadata()))


@pytest.fixture(scope="session")
def discussion_archive(tmp_path_factory) -> Path:
    from tests.web.discussion_archive import build as build_discussion

    return build_discussion(tmp_path_factory.mktemp("discussion") / "archive.db")


@pytest.fixture(scope="session")
def discussion(discussion_archive) -> Client:
    """The second archive (a long thread, spellings, a crowded run), served like the first."""
    return Client(Datasette([str(discussion_archive)], metadata=metadata()))
