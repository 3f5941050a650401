"""A writer to be killed: archives demo articles over and over until SIGKILL.

    python -m tests.archive.crash_writer ARCHIVE

Each round re-saves every article with one comment more, so the archive is
always mid-change when the kill comes.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.items import Comment
from tests.archive.demo_pages import site, snapshots


def main(path: str) -> None:
    db = open_archive(path)
    writer = ArchiveWriter(db)
    writer.save_sites([site()])
    base = list(snapshots(12))
    for round_number in range(1, 10_000):
        for snap in base:
            extra = Comment(f"r{round_number}", "Гость", f"Раунд {round_number}", snap.comments[0].posted if snap.comments else snap.article.published)
            writer.save_snapshot(replace(snap, comments=[*snap.comments, extra], comments_complete=False))
        print(round_number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
