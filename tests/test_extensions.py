"""The crawl's garbage collection: tuned once the crawl has started, or left alone when told."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from scraper.extensions import FewerCollections


@pytest.fixture
def python_gc():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_once_the_crawl_starts_start_up_objects_are_frozen_and_collections_are_fewer(python_gc):
    extension = FewerCollections.from_crawler(get_crawler(settings_dict={"GC_THRESHOLD": 12_345}))
    gc.unfreeze()
    extension.engine_started()
    assert gc.get_threshold()[0] == 12_345
    assert gc.get_freeze_count() > 0  # what start-up made is out of the collector's way


def test_a_threshold_of_zero_leaves_pythons_garbage_collection_alone(python_gc):
    with pytest.raises(NotConfigured):
        FewerCollections.from_crawler(get_crawler(settings_dict={"GC_THRESHOLD": 0}))
