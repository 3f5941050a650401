"""An article and its pages of comments, collected into one snapshot.

The crawl reads a comment thread page by page as the answers come; a
re-parse reads the same pages back from the archive. Both collect them here,
so the rules are one: comments in the order the pages give them, every page
kept as evidence (a rendered page with the JSON answers its script
fetched), a thread whose next page leads back to a page already read stops
there, and a thread with a page lost, unreadable, shown only in part or left
unfinished by the browser is marked incomplete (its missing comments then
prove nothing). Where the thread was found is the first page's answer.
"""

from __future__ import annotations

from scraper.items import Article, ArticleSnapshot
from scraper.pages import Page
from scraper.profiles import CommentBatch
from scraper.rendering import evidence as rendered


class ThreadCollector:
    """One article's snapshot, growing by pages of comments."""

    def __init__(self, article: Article, page: Page):
        self.snapshot = ArticleSnapshot(
            article=article, comments=[], comments_complete=True, pages=[page.evidence("article")],
            fetched_at=page.fetched_at,
        )
        self.next_url: str | None = None
        self.looped_at: str | None = None  # the page a loop led back to
        self.read_any = False  # whether a batch of comments (the article page's) was read

    @property
    def article(self) -> Article:
        return self.snapshot.article

    @property
    def url(self) -> str:
        """Where the article was read: its failures are recorded under this URL."""
        return self.snapshot.pages[0].url

    def has_read(self, url: str) -> bool:
        return any(page.url == url and page.kind != rendered.ANSWER_KIND for page in self.snapshot.pages)

    def add_page(self, page: Page) -> str | None:
        """A further page of comments, kept as evidence before it is read (it is evidence even if unreadable).

        Returns why the browser left the page's thread unfinished, if it
        did: the thread is then incomplete.
        """
        self.snapshot.pages.append(page.evidence("comments"))
        self.snapshot.pages.extend(page.answers_evidence())
        unfinished = rendered.incomplete(page.headers)
        if unfinished:
            self.lost()
        return unfinished

    def add(self, batch: CommentBatch) -> None:
        """The comments a page held, and where the next ones are."""
        if not self.read_any:
            self.article.comments_found_in = batch.found_in
            self.read_any = True
        self.snapshot.comments.extend(batch.comments)
        self.next_url = batch.next_url
        if not batch.complete:
            self.lost()

    def next_page(self) -> str | None:
        """The next page of comments to read; None when the thread is read (or leads back to a page read)."""
        if self.next_url is not None and self.has_read(self.next_url):
            self.looped(self.next_url)
            return None
        return self.next_url

    def looped(self, url: str) -> None:
        """A page led back to one already read: stop there, claiming nothing deleted."""
        self.looped_at = url
        self.next_url = None
        self.lost()

    def lost(self) -> None:
        """A page of comments failed or could not be read: the thread is incomplete."""
        self.snapshot.comments_complete = False
