"""Item pipelines, one module each, each doing one thing.

Registered in `scraper.settings.ITEM_PIPELINES`.
"""

from scraper.pipelines.archive import ArchivePipeline
from scraper.pipelines.quality import QualityPipeline

__all__ = ["ArchivePipeline", "QualityPipeline"]
