"""Save demo pages as profile fixtures, with what they show beside them.

    python -m tests.demo.save_fixtures

writes tests/fixtures/hearst/ and tests/fixtures/legacy_cp1251/: each page
as the demo newsroom serves it (`<name>.html`, or `<name>.response.json` for
a comments API answer) and `<name>.json` / `<name>.expected.json` with its
fetch time, headers and the expected reading. The expected values come from
the demo's model of the article (what the page was made to show), never from
a profile, so the profile tests compare two independent paths.

Run it again only when the demo's pages change on purpose, and review the
diff: the fixtures are the record of what the profiles must read.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timezone
from email.utils import format_datetime
from pathlib import Path

from scraper.demo import hearst, legacy_cp1251
from scraper.demo.model import DemoArticle, DemoComment
from scraper.demo.newsroom import build_sites, running
from scraper.demo.timeline import clock
from scraper.demo.words import in_words, relative

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NGS22 = "https://ngs22.ru"
# «Вестник-22» has no real origin: its pages are saved as the demo serves them.
VESTNIK = "http://127.0.0.1:8802"
# «Вестник-22» shows no comment ids: the crawl derives them (scraper/sites/model.py).
# Those of the saved comments, by the demo's comment id, are written down here
# as a record: an archive relies on them never changing. A fixture showing
# another comment needs its id added by hand.
VESTNIK_COMMENT_IDS = {
    412084000: "8927672adcbcd160", 412084001: "6c60962166c9e0e1", 412084002: "a5ebc3119fc51823",
    412084003: "6d1c24f2d85091d1", 412084004: "045657b5154e985e", 412084005: "32f30882fc542b20",
    412084006: "006d964f893eead5", 412084007: "0e22755613a83208", 412084008: "d4a5f643f01263ac",
    412084009: "2abc2be61ed17d31", 412084010: "532348b9112246b5", 412084011: "ed5fe110f094e2a3",
    412084012: "42d5afc4e2f3b0a8", 412084013: "77ec3f358969b14e", 412084014: "675e1f344ebd372e",
    412084015: "be488dc3ef090720", 412084016: "d871b93c2a1cd492", 412084017: "fe7650533a3af356",
    412084018: "7b7a554d4569ab52", 412084019: "c3172f3e34df2b68", 412123000: "66782b1248472a08",
    412123001: "d682d31b9b0b3f6c", 412123002: "0ba3aff56e77c938", 412123003: "977f850107bea07c",
    412123004: "c7ab1ec6b5a12f48", 412123005: "d7119067e50a2919", 412123006: "d2a3998f9ec02608",
    412123007: "0696768549c3b9bb", 412123008: "6776d4c97ebf320c", 412123009: "515ca2ebc38d69bb",
    412123010: "c0618385e4af093b", 412123011: "19726b5486b1f6e6", 412123012: "a76f44aedb6cb9c5",
    412123013: "e85673bafed09347", 412123014: "a8d36430346d1ae5", 412123015: "2e12cac193218d82",
    412123016: "9dd56ca4531e26cf", 412123017: "d6b50833d4b363a4", 412123018: "06ed975f40f08426",
    412123020: "006ca121f6594837", 412123040: "04ef23d4d725256a", 412123041: "3d62298c1b40b385",
    412123042: "30ab27972eaa3ee5", 412123043: "2824946ab3c12c84", 412123044: "0820cea742b1d450",
    412123045: "145e0308d86a1c27", 412123046: "7923927b20075c58", 412123047: "d6f7640b51840232",
    412123048: "2e892707dba299e8",
}


def _stamp(raw: str | None, value, precision: str | None) -> dict:
    return {"raw": raw, "value": value.isoformat() if value else None, "precision": precision if raw else None}


def _iso(moment) -> dict:
    return _stamp(moment.isoformat() if moment else None, moment, "second")


def _words(moment) -> dict:
    return _stamp(in_words(moment) if moment else None, moment, "minute")


def _fetch(day: int, content_type: str, status: int = 200) -> dict:
    now = clock(day)
    return {
        "status": status,
        "fetched_at": now.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "headers": {"date": format_datetime(now.astimezone(timezone.utc), usegmt=True), "content-type": content_type},
    }


def _write(folder: str, name: str, body: bytes, meta: dict, suffix: str = ".html") -> None:
    path = FIXTURES / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / f"{name}{suffix}").write_bytes(body)
    expected = ".expected.json" if suffix != ".html" else ".json"
    (path / f"{name}{expected}").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- ngs22 (Hearst Shkulev layout) ---------------------------------------------
def hearst_article(article: DemoArticle) -> dict:
    return {
        "site": "ngs22",
        "url": NGS22 + hearst.url_path(article),
        "article_id": str(article.id),
        "title": article.title,
        "lead": article.lead,
        "body": "\n\n".join(article.paragraphs[1:]),
        "published": _iso(article.published),
        "modified": _iso(article.modified),
        "authors": article.authors,
        "section": hearst.RUBRICS[article.rubric],
        "tags": article.tags,
        "images": [
            {
                "url": f"{NGS22}/static/images/{article.published:%Y/%m}/{article.id}_{k}.jpg",
                "caption": image.caption,
                "credit": f"{image.credit} / NGS22.RU",
            }
            for k, image in enumerate(article.images, 1)
        ],
        "comment_count_shown": len(article.comments),
    }


def hearst_comment(comment: DemoComment) -> dict:
    return {
        "comment_id": str(comment.id),
        "author": comment.author,
        "text": comment.text,
        "posted": _iso(comment.posted),
        "parent_id": str(comment.parent) if comment.parent is not None else None,
        "quote": None,
        "likes": comment.likes,
        "dislikes": comment.dislikes,
        "hidden": comment.text is None,
    }


# The site file the pages naming their widget's API are read with (beside them).
WIDGET_SITE_FILE = "ngs22_widget.toml"


def save_hearst(site: hearst.HearstSite, name: str, article_id: int, day: int, note: str, widget: bool = True) -> None:
    """An article page naming its comments API (`widget`), or as the real network's pages: naming none."""
    article = site.catalog.find(article_id, day)
    html = hearst.article_page(article, NGS22, clock(day), site.build(day), widget_address=widget)
    api = f"{NGS22}{hearst.API}?articleId={article.id}&page=1"
    meta = {
        "note": note,
        "site_file": WIDGET_SITE_FILE,
        "url": NGS22 + hearst.url_path(article),
        **_fetch(day, "text/html; charset=utf-8"),
        "encoding": "utf-8",
        "blocked": False,
        "article": hearst_article(article),
        "comments": [],
        "next_url": api if widget else None,
    }
    _write("hearst", name, html.encode(), meta)


def save_hearst_api(site: hearst.HearstSite, name: str, article_id: int, day: int, page: int, note: str) -> None:
    article = site.catalog.find(article_id, day)
    data = hearst.comments_api(article, page)
    chunk = hearst.threads(article)[(page - 1) * hearst.THREADS_PER_PAGE : page * hearst.THREADS_PER_PAGE]
    comments = []
    for root, replies in chunk:
        comments.append(hearst_comment(root))
        comments.extend(hearst_comment(reply) for reply in replies)
    meta = {
        "note": note,
        "site_file": WIDGET_SITE_FILE,
        "url": f"{NGS22}{hearst.API}?articleId={article.id}&page={page}",
        **_fetch(day, "application/json; charset=utf-8"),
        "article_url": NGS22 + hearst.url_path(article),
        "comments": comments,
        "next_url": NGS22 + data["next"] if data["next"] else None,
    }
    _write("hearst", name, json.dumps(data, ensure_ascii=False).encode(), meta, ".response.json")


def save_hearst_rendered(site: hearst.HearstSite, name: str, article_id: int, day: int, note: str) -> None:
    """The comments page as Chromium shows it once its script has loaded every thread.

    Rendered with plain Playwright (not the crawl's rendering module), every
    request off the demo site refused, "Показать ещё" clicked until it is gone.
    """
    from tests.web.browser import chromium

    article = site.catalog.find(article_id, day)
    path = hearst.url_path(article) + "comments/"
    with running(day=day, port=0, sites=["ngs22"]) as room, tempfile.TemporaryDirectory() as tmp:
        origin = room.origins["ngs22"]
        with chromium(Path(tmp) / "profile") as page:
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin + "/")
                       and route.request.resource_type not in ("image", "font", "media") else route.abort())
            page.goto(origin + path)
            while True:
                page.wait_for_selector("[data-comments][aria-busy=false]", state="attached")
                if not page.locator("[data-more]").count():
                    break
                page.locator("[data-more]").click()
            html = page.content().replace(origin, NGS22).replace(room.third_party.origin, "https://counter.example")
    meta = {
        "note": note,
        "site": "ngs22",
        "url": NGS22 + path,
        **_fetch(day, "text/html; charset=utf-8"),
        "encoding": "utf-8",
        "blocked": False,
        "kind": "comments",
        "article_url": NGS22 + hearst.url_path(article),
        "comments": [hearst_comment(c) for root, replies in hearst.threads(article) for c in (root, *replies)],
        "next_url": None,
    }
    _write("hearst", name, html.encode(), meta)


# --- vestnik22 (older layout in windows-1251) -------------------------------------
def legacy_article(article: DemoArticle) -> dict:
    return {
        "site": "vestnik22",
        "url": VESTNIK + legacy_cp1251.url_path(article),
        "article_id": str(article.id),
        "title": article.title,
        "lead": article.lead,
        "body": "\n\n".join(article.paragraphs[1:]),
        "published": _words(article.published),
        "modified": _words(article.modified),
        "authors": article.authors,
        "section": legacy_cp1251.RUBRICS[article.rubric],
        "tags": article.tags,
        "images": [
            {
                "url": f"{VESTNIK}/upload/iblock/{article.id % 1000:03d}/{article.id}_{k}.jpg",
                "caption": image.caption,
                "credit": image.credit,
            }
            for k, image in enumerate(article.images, 1)
        ],
        "comment_count_shown": len(article.comments),
    }


def legacy_comments(article: DemoArticle, page: int, day: int) -> list[dict]:
    now = clock(day)
    ordered = sorted(article.comments, key=lambda c: (c.posted, c.id))
    by_id = {c.id: c for c in ordered}
    found = []
    for comment in ordered[(page - 1) * legacy_cp1251.COMMENTS_PER_PAGE : page * legacy_cp1251.COMMENTS_PER_PAGE]:
        parent = by_id.get(comment.parent)
        found.append({
            "comment_id": VESTNIK_COMMENT_IDS[comment.id],
            "author": comment.author,
            "text": comment.text,
            "posted": _stamp(relative(comment.posted, now), comment.posted, "minute"),
            "parent_id": VESTNIK_COMMENT_IDS[parent.id] if parent else None,
            "quote": f"{parent.author} писал(а):\n{parent.text}" if parent else None,
            "likes": None,
            "dislikes": None,
            "hidden": False,
        })
    return found


def save_legacy(site: legacy_cp1251.LegacyCp1251Site, name: str, article_id: int, day: int, page: int, note: str) -> None:
    article = site.catalog.find(article_id, day)
    query = {"comments_page": str(page)} if page > 1 else {}
    path = legacy_cp1251.url_path(article)
    reply = site.respond(path, query, day, VESTNIK)
    pages = legacy_cp1251.comment_pages(article)
    meta = {
        "note": note,
        "site": "vestnik22",
        "url": VESTNIK + path + (f"?comments_page={page}" if page > 1 else ""),
        **_fetch(day, "text/html; charset=windows-1251"),
        "encoding": "cp1251",
        "blocked": False,
        "article": legacy_article(article),
        "comments": legacy_comments(article, page, day),
        "next_url": f"{VESTNIK}{path}?comments_page={page + 1}" if page < pages else None,
    }
    _write("legacy_cp1251", name, reply.body, meta)


def save_blocked(folder: str, site, url: str, day: int, charset: str, encoding: str) -> None:
    reply = site.blocked_page()
    meta = {
        "note": "The site's answer to a client it blocks (403): not an article.",
        "site": site.name,
        "url": url,
        **_fetch(day, f"text/html; charset={charset}", status=403),
        "encoding": encoding,
        "blocked": True,
    }
    _write(folder, "blocked", reply.body, meta)


def main() -> None:
    _, ngs22, vestnik = build_sites()
    save_hearst(ngs22, "article_edited", 71500888, 2,
                "An ngs22 article edited after publication (dateModified), one author, two photos with"
                " captions and credits, tags; comments are not in the HTML, the widget's config names the API.")
    save_hearst(ngs22, "article_edited_next_build", 71500888, 3,
                "The same article a day later: a new front-end build, every CSS class name changed.")
    save_hearst(ngs22, "two_authors", 71501554, 2, "An article by two authors.")
    save_hearst(ngs22, "no_widget", 71500962, 2,
                "An article page without the comments widget's config, as a real page whose comments"
                " endpoint is unknown: no comments are read and none are claimed missing.", widget=False)
    save_hearst_api(ngs22, "api_page1", 71500962, 2, 1,
                    "First page of the comments API: 20 threads, each a comment and its replies; two are blocked.")
    save_hearst_api(ngs22, "api_page2", 71500962, 2, 2, "Last page of the comments API: no next page.")
    save_blocked("hearst", ngs22, f"{NGS22}/text/gorod/2022/08/23/71501221/", 2, "utf-8", "utf-8")
    save_hearst_rendered(ngs22, "comments_rendered", 71500962, 2,
                         "The comments page of the no_widget article as Chromium shows it after two pages of"
                         " threads ('Показать ещё' clicked once): replies nested in their thread, blocked ones"
                         " without text. Read with the built-in ngs22 site file's [comments] selectors.")
    save_hearst_rendered(ngs22, "comments_rendered_seed", 71510009, 2,
                         "The seed-like article's comments page as Chromium shows it: 18 comments, replies to"
                         " replies, many hidden by moderators, no votes.")

    save_legacy(vestnik, "article", 412123, 3, 1,
                "A windows-1251 article page: dates in words, photo credit after the caption, tags;"
                " the first of three comment pages, oldest comments first, replies shown as quotes.")
    save_legacy(vestnik, "comments_last_page", 412123, 3, 3,
                "The last page of comments of the same article: times relative to the request"
                " ('N минут назад', 'сегодня, HH:MM').")
    save_legacy(vestnik, "article_next_day", 412123, 4, 1,
                "The same first page a day later: every relative time reads differently, the comment"
                " ids must not change.")
    save_legacy(vestnik, "edited", 412084, 2, 1, "An edited article (Обновлено: ...) with three photos.")
    save_blocked("legacy_cp1251", vestnik, f"{VESTNIK}/news/x-412000", 2, "windows-1251", "cp1251")


if __name__ == "__main__":
    main()
