"""Re-reading archived articles from their stored raw pages, fetching nothing.

After a profile is fixed, `regional-news reparse` runs every article's latest
stored page (and the comment pages that followed it) through the site's
current profile and corrects the archive in place. It is recorded as a run
in `crawl_runs` with `{"command": "reparse"}`.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from sqlite_utils import Database

from scraper.archive.known import SqliteArchiveView
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter
from scraper.collector import ThreadCollector
from scraper.known import ArchiveView
from scraper.pages import Page, StoredPage
from scraper.profiles import profile_for
from scraper.rendering import evidence as rendered
from scraper.sites import Site, load_sites

log = logging.getLogger(__name__)


def _page(archive: ArchiveView, stored: StoredPage, fetched_at: datetime) -> Page:
    """A stored page as profiles read it; a rendered page with the answers its script fetched."""
    answers = []
    for url, digest in rendered.answer_links(stored.headers):
        answer = archive.stored_body(url, digest)
        if answer is not None:
            answers.append(Page.stored(answer, fetched_at))
    return Page.stored(stored, fetched_at, answers=tuple(answers))


def archived_sites(db: Database, extra_dirs: list[str] = ()) -> dict[str, Site]:
    """The site files, pointed where the archive's crawls found each site."""
    origins = {row[0]: row[1] for row in db.conn.execute("SELECT name, origin FROM sites")}
    return {name: site for name, site in load_sites(extra_dirs, origins).items() if name in origins}


def reparse(db: Database, sites: dict[str, Site], only: list[str] | None = None) -> Counter:
    """Rebuild articles and comments of `sites` (or `only` these) from stored pages."""
    counts: Counter = Counter()
    names = [name for name in sites if not only or name in only]
    run_id = start_run(db, {"command": "reparse", **({"site": ",".join(only)} if only else {})}, names)
    writer = ArchiveWriter(db, run_id)
    archive = SqliteArchiveView(db)
    for name in names:
        profile = profile_for(sites[name])
        rows = db.conn.execute(
            "SELECT a.url, p.url, p.last_fetched_at FROM articles a JOIN pages p ON p.id = a.last_page_id"
            " WHERE a.site = ? ORDER BY a.id",
            [name],
        ).fetchall()
        for article_url, page_url, fetched in rows:
            stored = archive.stored_page(page_url)
            if stored is None:
                counts["errors"] += 1
                continue
            fetched_at = datetime.fromisoformat(fetched.replace("Z", "+00:00"))
            page = _page(archive, stored, fetched_at)
            article = profile.article(page)
            sites[name].archived_as(article, page.url)
            article.url = article_url  # the archive's identity for it stays
            thread = ThreadCollector(article, page)
            thread.add(profile.comments(page, article))
            while next_url := thread.next_page():
                more = archive.stored_page(next_url)
                if more is None:
                    thread.lost()
                    break
                more_page = _page(archive, more, fetched_at)
                thread.add_page(more_page)
                thread.add(profile.more_comments(more_page, article))
            counts.update(writer.save_snapshot(thread.snapshot, reparse=True).counts)
    finish_run(db, run_id, {"articles_changed": counts["articles_reparsed"], **counts}, "ok", [])
    log.info("re-parsed %s", dict(counts))
    return counts
