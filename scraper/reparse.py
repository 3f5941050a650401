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

from scraper.archive.known import KnownArticles, StoredPage
from scraper.archive.runs import finish_run, start_run
from scraper.archive.writer import ArchiveWriter
from scraper.items import ArticleSnapshot, FetchedPage
from scraper.profiles import Page, profile_for
from scraper.rendering import evidence as rendered
from scraper.sites import Site, load_sites

log = logging.getLogger(__name__)


def _page(stored: StoredPage, fetched_at: datetime, known: KnownArticles | None = None) -> Page:
    """A stored page as profiles read it; a rendered page with the answers its script fetched."""
    answers = []
    for url, digest in rendered.answer_links(stored.headers) if known is not None else ():
        answer = known.stored_body(url, digest)
        if answer is not None:
            answers.append(_page(answer, fetched_at))
    return Page(stored.url, stored.body, fetched_at, stored.status, stored.headers, stored.encoding, tuple(answers))


def _evidence(page: Page, kind: str) -> FetchedPage:
    return FetchedPage(page.url, page.status, page.headers, page.body, page.fetched_at, kind, page.encoding)


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
    for name in names:
        profile = profile_for(sites[name])
        known = KnownArticles(db, name)
        rows = db.conn.execute(
            "SELECT a.url, p.url, p.last_fetched_at FROM articles a JOIN pages p ON p.id = a.last_page_id"
            " WHERE a.site = ? ORDER BY a.id",
            [name],
        ).fetchall()
        for article_url, page_url, fetched in rows:
            stored = known.stored_page(page_url)
            if stored is None:
                counts["errors"] += 1
                continue
            fetched_at = datetime.fromisoformat(fetched.replace("Z", "+00:00"))
            page = _page(stored, fetched_at)
            article = profile.article(page)
            sites[name].archived_as(article, page.url)
            article.url = article_url  # the archive's identity for it stays
            batch = profile.comments(page, article)
            article.comments_found_in = batch.found_in
            snapshot = ArticleSnapshot(article, list(batch.comments), batch.complete, [_evidence(page, "article")],
                                       fetched_at)
            next_url, seen = batch.next_url, {page.url}
            while next_url and next_url not in seen:
                seen.add(next_url)
                more = known.stored_page(next_url)
                if more is None:
                    snapshot.comments_complete = False
                    break
                more_page = _page(more, fetched_at, known)
                batch = profile.more_comments(more_page, article)
                snapshot.comments.extend(batch.comments)
                snapshot.pages.append(_evidence(more_page, "comments"))
                snapshot.pages.extend(_evidence(answer, rendered.ANSWER_KIND) for answer in more_page.answers)
                if rendered.incomplete(more_page.headers):
                    snapshot.comments_complete = False
                next_url = batch.next_url
            counts.update(writer.save_snapshot(snapshot, reparse=True).counts)
    finish_run(db, run_id, {"articles_changed": counts["articles_reparsed"], **counts}, "ok", [])
    log.info("re-parsed %s", dict(counts))
    return counts
