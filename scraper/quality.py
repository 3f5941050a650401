"""Layout drift: noticing that a site's pages stopped yielding what they hold.

When a site changes its layout, its profile quietly reads less: articles
without a body, without a date, threads without comments. Counting per site
and run how many articles came with a title, a body and a parsed publication
date, and how many comments were read against the count the pages show,
turns that silence into an alarm a person reads.

No Scrapy here: the quality pipeline feeds these figures and reports them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scraper.items import Article, Comment

# A publication time this far past the site's own clock is not believed.
FUTURE_TOLERANCE = timedelta(hours=1)


@dataclass
class SiteFigures:
    """What one site's articles yielded in one run."""

    articles: int = 0
    with_title: int = 0
    with_body: int = 0
    with_published: int = 0
    # Only pages that show a comment count, whose thread was found (by the site's
    # profile, in schema.org data or in repeated markup) and read whole.
    comments_shown: int = 0
    comments_extracted: int = 0
    # Where those threads were found, for the alarm to say (not a crawl stat).
    comments_found_in: Counter = field(default_factory=Counter)

    def observe(self, article: Article, comments: list[Comment], complete: bool) -> dict[str, int]:
        """Count one article; returns what it added (for the crawl's stats)."""
        added = {
            "articles": 1,
            "with_title": int(bool(article.title and article.title.strip())),
            "with_body": int(bool(article.body and article.body.strip())),
            "with_published": int(article.published.value is not None),
            "comments_shown": 0,
            "comments_extracted": 0,
        }
        if article.comment_count_shown is not None and complete and article.comments_found_in is not None:
            added["comments_shown"] = article.comment_count_shown
            added["comments_extracted"] = len(comments)
            self.comments_found_in[article.comments_found_in] += 1
        for name, count in added.items():
            setattr(self, name, getattr(self, name) + count)
        return added


@dataclass(frozen=True)
class Thresholds:
    # Below this share of articles with a title, a body, a date: drift.
    min_share: float = 0.8
    # Below this share of the comments the pages show: drift.
    min_comment_share: float = 0.8
    # Fewer articles than this in a run are not judged (two articles are noise).
    min_articles: int = 5
    # Fewer comments shown than this are not judged.
    min_comments: int = 10


MEASURES = (("with_title", "a title"), ("with_body", "a body"), ("with_published", "a publication date"))


def site_alarms(site: str, figures: SiteFigures, thresholds: Thresholds) -> list[str]:
    """One line per measure of `site` that fell below its threshold."""
    alarms = []
    if figures.articles >= thresholds.min_articles:
        for name, what in MEASURES:
            count = getattr(figures, name)
            share = count / figures.articles
            if share < thresholds.min_share:
                alarms.append(
                    f"{site}: {count} of {figures.articles} articles ({share:.0%}) have {what},"
                    f" below {thresholds.min_share:.0%}"
                )
    if figures.comments_shown >= thresholds.min_comments:
        share = figures.comments_extracted / figures.comments_shown
        if share < thresholds.min_comment_share:
            where = ", ".join(name for name, _ in figures.comments_found_in.most_common())
            alarms.append(
                f"{site}: {figures.comments_extracted} comments read of {figures.comments_shown}"
                f" the pages show ({share:.0%}), below {thresholds.min_comment_share:.0%}"
                + (f" (comments found in: {where})" if where else "")
            )
    return alarms


def drift_alarms(figures: dict[str, SiteFigures], thresholds: Thresholds) -> list[str]:
    """Every site's alarms, sites in name order."""
    return [alarm for site in sorted(figures) for alarm in site_alarms(site, figures[site], thresholds)]


def article_problems(article: Article, comments: list[Comment], now: datetime) -> list[tuple[str, str]]:
    """What one article lacks or gets wrong, as (kind, words); `now` is the site's clock.

    One such article is no drift (the figures above judge that), but each is
    reported, so that a page a journalist may rely on never goes wrong unseen.
    """
    found = []
    if not (article.title and article.title.strip()):
        found.append(("no title", "the page shows no headline"))
    if not (article.body and article.body.strip()):
        found.append(("no body", "the page shows no text"))
    published = article.published
    if published.raw is None:
        found.append(("no date", "the page shows no publication time"))
    elif published.value is None:
        found.append(("unparseable date", f"the publication time {published.raw!r} cannot be read, or is absurd"
                                           " (after the site's clock by more than a day, before 1900)"))
    elif published.value > now + FUTURE_TOLERANCE:
        found.append(("future date", f"published {published.value.isoformat()}, after the site's clock ({now.isoformat()})"))
    repeated = sorted(key for key, count in Counter(c.comment_id for c in comments).items() if count > 1)
    if repeated:
        found.append(("duplicate comment id", f"comment ids shown more than once: {', '.join(repeated[:10])}"
                      " (each comment is kept)"))
    return found
