import pytest

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.sites import load_sites


@pytest.fixture
def db(tmp_path):
    database = open_archive(tmp_path / "archive.db")
    ArchiveWriter(database).save_sites([load_sites(origins={"bankfax": "http://127.0.0.1:1"})["bankfax"]])
    yield database
    database.close()


@pytest.fixture
def writer(db):
    return ArchiveWriter(db, run_id=None)
