"""Once Datasette has started, what it loaded is out of the garbage collector's way."""

from __future__ import annotations

import asyncio
import gc

from datasette.app import Datasette

from scraper.web import memory
from tests.web.conftest import metadata


def test_datasette_started_with_the_plugin_leaves_its_objects_frozen(archive):
    asyncio.run(Datasette([str(archive)], metadata=metadata()).invoke_startup())
    assert gc.get_freeze_count() > 0


def test_the_freeze_happens_once_a_process():
    memory.settle()
    frozen = gc.get_freeze_count()
    assert memory.settle() is False and gc.get_freeze_count() == frozen
