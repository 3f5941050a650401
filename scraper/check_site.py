"""`regional-news check-site`: what a site file reads from a page, before a night's crawl says it.

An engineer adding or fixing a site points this at a saved page (and its
further comment pages) or at a live URL, and reads what the site's profile
makes of it: every article field (empty ones marked), images with captions
and credits, the comment tree indented with author, raw and parsed time,
hidden marks and the start of each text, the figures the drift check
compares, and what it would alarm on. `--save CASE` keeps the pages and
the reading as a sample case (tests/sites/<site>/<case>/) for review.

Reading is this module's (no HTTP); fetching a live URL is
`scraper/check_fetch.py`'s, through the crawl's own settings.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper import settings as crawl_settings
from scraper.dates import Timestamp
from scraper.items import Article, Comment
from scraper.profiles import Page, profile_for
from scraper.quality import SiteFigures, Thresholds, article_problems, site_alarms
from scraper.sample_cases import CaseReading, encoding_of, read_pages
from scraper.sites import Site

EMPTY = "— (empty)"
TEXT_START = 70  # characters of a comment's text shown


def page_from_file(path: Path, url: str, site: Site, now: datetime | None = None) -> Page:
    """A saved page, as if fetched from `url` now (or at `now`: the site's clock for relative times)."""
    now = now or datetime.now(timezone.utc)
    body = path.read_bytes()
    is_json = body.lstrip()[:1] in (b"{", b"[")
    charset = encoding_of({}, body)
    content_type = "application/json" if is_json else f"text/html; charset={charset}"
    return Page(url, body, now, headers={"date": format_datetime(now, usegmt=True), "content-type": content_type},
                encoding=charset)


def read_file_pages(site: Site, files: list[Path], url: str, now: datetime | None = None) -> list[Page]:
    """The article file and its comment files, each at the address the page before it names."""
    profile = profile_for(site)
    pages = [page_from_file(files[0], url, site, now)]
    for path in files[1:]:
        reading = read_pages(profile, pages)
        following = reading.next_urls[-1] if reading.next_urls else None
        pages.append(page_from_file(path, following or f"{url}#comments-{len(pages)}", site, now))
    return pages


def _stamp(value: Timestamp) -> str:
    if value.raw is None:
        return EMPTY
    if value.value is None:
        return f"{value.raw!r} -> NOT READ"
    return f"{value.raw!r} -> {value.value.isoformat()} ({value.precision})"


def _text(value: str | None, limit: int | None = None) -> str:
    if not value:
        return EMPTY
    flat = " ".join(value.split())
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"


def article_lines(article: Article) -> list[str]:
    paragraphs = [p for p in (article.body or "").split("\n\n") if p.strip()]
    body = (f"{len(paragraphs)} paragraphs, {len(article.body or '')} characters: {_text(article.body, 120)}"
            if paragraphs else EMPTY)
    rows = [
        ("url", article.url),
        ("article id", article.article_id or EMPTY),
        ("title", _text(article.title)),
        ("lead", _text(article.lead, 160)),
        ("body", body),
        ("published", _stamp(article.published)),
        ("modified", _stamp(article.modified)),
        ("authors", ", ".join(article.authors) or EMPTY),
        ("section", article.section or EMPTY),
        ("tags", ", ".join(article.tags) or EMPTY),
        ("comment count", EMPTY if article.comment_count_shown is None else str(article.comment_count_shown)),
    ]
    lines = ["Article"] + [f"  {name:<14}{value}" for name, value in rows]
    lines.append(f"Images ({len(article.images)})" if article.images else f"Images: {EMPTY}")
    for number, image in enumerate(article.images, 1):
        lines.append(f"  {number}. {image.url or EMPTY}")
        lines.append(f"     caption: {_text(image.caption)}")
        lines.append(f"     credit:  {_text(image.credit)}")
    return lines


def thread_lines(comments: list[Comment]) -> list[str]:
    """The comment tree, replies indented under what they answer."""
    ids = {comment.comment_id for comment in comments}
    children: dict[str | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in ids else None
        children.setdefault(parent, []).append(comment)
    lines: list[str] = []
    shown: set[int] = set()

    def walk(parent: str | None, depth: int) -> None:
        for comment in children.get(parent, []):
            if id(comment) in shown:  # a comment that names itself (or a loop) as its parent
                continue
            shown.add(id(comment))
            indent = "  " * (depth + 1)
            marks = []
            if comment.hidden:
                marks.append("HIDDEN")
            if comment.parent_id and comment.parent_id not in ids:
                marks.append(f"answers {comment.parent_id}, not on these pages")
            lines.append(f"{indent}#{comment.comment_id} {comment.author or EMPTY} · {_stamp(comment.posted)}"
                         + (f" [{'; '.join(marks)}]" if marks else ""))
            if comment.quote:
                lines.append(f"{indent}  > {_text(comment.quote, TEXT_START)}")
            if not comment.hidden:
                lines.append(f"{indent}  {_text(comment.text, TEXT_START)}")
            walk(comment.comment_id, depth + 1)

    walk(None, 0)
    return lines


def thresholds_for_one_page() -> Thresholds:
    """The crawl's drift thresholds, judged on this one page (a run needs more articles to be judged)."""
    return Thresholds(min_share=crawl_settings.DRIFT_MIN_SHARE, min_comment_share=crawl_settings.DRIFT_MIN_COMMENT_SHARE,
                      min_articles=1, min_comments=1)


def drift_lines(site: Site, reading: CaseReading, now: datetime) -> tuple[list[str], int]:
    """The drift check's figures for these pages and what it would alarm on; the count of alarms and problems."""
    figures = SiteFigures()
    figures.observe(reading.article, reading.comments, reading.comments_complete)
    lines = [
        "Drift check (the figures a night's crawl adds up per site)",
        f"  articles {figures.articles}: with title {figures.with_title}, with body {figures.with_body},"
        f" with publication date {figures.with_published}",
    ]
    if figures.comments_shown or reading.article.comment_count_shown is not None:
        lines.append(f"  comments the page shows {reading.article.comment_count_shown}, read {len(reading.comments)}"
                     + ("" if reading.comments_complete else " (the thread is not whole: not judged)"))
    else:
        lines.append(f"  comments read {len(reading.comments)}; the page shows no count, so they are not judged")
    alarms = site_alarms(site.name, figures, thresholds_for_one_page())
    problems = article_problems(reading.article, reading.comments, now)
    if alarms or problems:
        lines.append("  WOULD ALARM ON:")
        lines += [f"    layout drift: {alarm}" for alarm in alarms]
        lines += [f"    {kind}: {words}" for kind, words in problems]
    else:
        lines.append("  would alarm on: nothing")
    return lines, len(alarms) + len(problems)


def report(site: Site, pages: list[Page]) -> tuple[str, CaseReading, int]:
    """The whole report, the reading, and how many alarms and problems it shows (0: the site file reads it well)."""
    reading = read_pages(profile_for(site), pages)
    lines = [f"Site {site.name} (layout {site.layout}, time zone {site.timezone})"]
    for number, page in enumerate(pages, 1):
        kind = "article page" if number == 1 else "comments page"
        clock = page.now.astimezone(ZoneInfo(site.timezone)).isoformat()
        lines.append(f"  {kind} {page.url} (status {page.status}, the site's clock {clock})")
    if reading.blocked:
        lines.append("BLOCKED: the profile reads this as the site's bot-block page; nothing would be archived")
        return "\n".join(lines) + "\n", reading, 1
    lines += article_lines(reading.article)
    found = f", found in: {reading.comments_found_in}" if reading.comments_found_in else ", found nowhere"
    whole = "" if reading.comments_complete else ", NOT WHOLE (missing comments prove nothing)"
    lines.append(f"Comments ({len(reading.comments)}{found}{whole})")
    lines += thread_lines(reading.comments) or [f"  {EMPTY}"]
    if reading.next_urls and reading.next_urls[-1]:
        lines.append(f"  the last page names a further page of comments, not read here: {reading.next_urls[-1]}")
    drift, alarms = drift_lines(site, reading, pages[0].now)
    lines += drift
    return "\n".join(lines) + "\n", reading, alarms
