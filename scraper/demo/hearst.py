"""The demo's ngs22.ru: pages laid out as the Hearst Shkulev network shows them.

Modelled on what is known of ngs.ru, ngs22.ru, e1.ru and 74.ru: article URLs
`/text/<rubric>/YYYY/MM/DD/<8-digit id>/`, schema.org microdata for every
field a profile needs, CSS class names hashed and changed with every build
(here: every day), the listing `/text/?page=N`, RSS `/text/rss.xml`.
Comments are not in the article HTML. As on the real network, they are on a
separate page, `…/<id>/comments/`, whose script (`static/comments.js`)
builds the address of a JSON API itself, fetches a page of threads at a
time (a comment and its replies, two levels), renders them with replies
nested under their thread, and loads further threads on a "Показать ещё"
click: only a browser sees them. The comments page also tries what real
pages load (a third-party counter script, web fonts, avatars), so a crawl
can be checked for never loading them. Their real endpoint is not known;
this one is the demo's. `article_page(widget_address=True)` makes the
article page name the API in a data attribute (`data-comments-widget`), the
arrangement of sites whose pages say where their comments are (the saved
pages of tests/fixtures/hearst/ are so).
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from hashlib import blake2b
from html import escape
from pathlib import Path

from scraper.demo.catalog import Catalog, Entry
from scraper.demo.changes import Removal, unit
from scraper.demo.model import DemoArticle, DemoComment
from scraper.demo.server import Reply, with_etag
from scraper.demo.timeline import Timeline, clock
from scraper.demo.words import MONTHS, in_words, plural

RUBRICS = {
    "gorod": "Город", "incidents": "Происшествия", "health": "Здоровье", "transport": "Транспорт",
    "politics": "Политика", "economics": "Экономика", "education": "Образование", "realty": "Недвижимость",
}
ROLES = (
    "page", "header", "logo", "menu", "weather", "main", "article", "crumbs", "date", "title", "lead",
    "authors", "author", "figure", "caption", "body", "ad", "tags", "share", "counter",
    "widget", "aside", "card", "footer", "pager",
)
BLOCKED = "Доступ временно ограничен. Если вы считаете, что это ошибка, напишите на help@ngs22.ru"
THREADS_PER_PAGE = 20  # comments on the article per API page, each with its replies
API = "/api/v1/comments/"
WIDGET_SCRIPT = Path(__file__).parent / "static" / "comments.js"


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


@lru_cache(maxsize=64)
def styles(build: int) -> dict[str, str]:
    """Hashed class names of one build of the site's front end (`qZbm2`, `HJak7`)."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    found = {}
    for role in ROLES:
        value = int.from_bytes(blake2b(f"{build}/{role}".encode(), digest_size=6).digest(), "big")
        token = letters[value % 52]  # a class name starts with a letter
        for _ in range(4):
            value //= 52
            token += letters[value % 62]
        found[role] = token
    return found


def url_path(article: DemoArticle | Entry) -> str:
    if isinstance(article, Entry):
        rubric, published, article_id = article.headline.rubric, article.published, article.article_id
    else:
        rubric, published, article_id = article.rubric, article.published, article.id
    return f"/text/{rubric}/{published:%Y/%m/%d}/{article_id}/"


def _frame(title: str, css: dict[str, str], main: str, now: datetime, head: str = "", state: dict | None = None) -> str:
    menu = "".join(f'<li><a href="/text/?rubric={slug}">{name}</a></li>' for slug, name in RUBRICS.items())
    script = ""
    if state is not None:
        # As on the real sites: a JSON state with escaped slashes in an inline script.
        script = "<script>window.__INITIAL_STATE__ = " + json.dumps(state, ensure_ascii=False).replace("/", "\\u002F") + ";</script>\n"
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
{head}
<link rel="stylesheet" href="/static/build/app.{css['page']}.css">
</head>
<body>
<div class="{css['page']}">
<header class="{css['header']}">
<a class="{css['logo']}" href="/">НГС22</a>
<div class="{css['weather']}">Барнаул +{12 + now.day % 9}°, ветер 3 м/с · USD 60,12 · EUR 60,34</div>
<nav><ul class="{css['menu']}">{menu}</ul></nav>
</header>
<main class="{css['main']}">
{main}
</main>
<footer class="{css['footer']}"><p>© 2006–{now.year} NGS22.RU. Сетевое издание «НГС22». 18+</p></footer>
</div>
{script}<script src="/static/build/app.{css['page']}.js" async></script>
</body>
</html>
"""


def _figure(article: DemoArticle, index: int, css: dict[str, str]) -> str:
    image = article.images[index]
    src = f"/static/images/{article.published:%Y/%m}/{article.id}_{index + 1}.jpg"
    caption = f'<span itemprop="caption">{_e(image.caption)}</span>' if image.caption else ""
    credit = f'<span itemprop="author">{_e(image.credit)} / NGS22.RU</span>' if image.credit else ""
    return (
        f'<figure class="{css["figure"]}" itemscope itemtype="https://schema.org/ImageObject">'
        f'<img itemprop="contentUrl" src="{src}" alt="{_e(image.caption)}" loading="lazy">'
        f'<figcaption class="{css["caption"]}">{caption}{credit}</figcaption></figure>'
    )


def widget_config(article: DemoArticle) -> dict:
    return {
        "articleId": article.id,
        "apiUrl": f"{API}?articleId={article.id}&page=1",
        "count": len(article.comments),
        "threadsPerPage": THREADS_PER_PAGE,
    }


def article_page(article: DemoArticle, origin: str, now: datetime, build: int, widget_address: bool = False) -> str:
    css = styles(build)
    url = origin + url_path(article)
    rubric = RUBRICS.get(article.rubric, article.rubric)
    body_parts = []
    inline_images = list(range(1, len(article.images)))
    for position, text in enumerate(article.paragraphs[1:], 1):
        body_parts.append(f"<p>{_e(text)}</p>")
        if position == 2:
            body_parts.append(
                f'<div class="{css["ad"]}" id="adfox_{article.id}"><script>window.Ya && Ya.adfoxCode.create('
                f'{{"ownerId": 270577, "containerId": "adfox_{article.id}"}});</script></div>'
            )
        if position % 3 == 0 and inline_images:
            body_parts.append(_figure(article, inline_images.pop(0), css))
    body_parts.extend(_figure(article, index, css) for index in inline_images)
    authors = "".join(
        f'<div class="{css["author"]}" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<p itemprop="name">{_e(name)}</p><p class="{css["lead"]}">корреспондент</p></div>'
        for name in article.authors
    )
    modified = ""
    if article.modified:
        modified = (
            f'<meta itemprop="dateModified" content="{article.modified.isoformat()}">'
            f'<span class="{css["date"]}">Обновлено: {in_words(article.modified)}</span>'
        )
    top = _figure(article, 0, css) if article.images else ""
    count = len(article.comments)
    head = f"""<meta name="description" content="{_e(article.lead[:200])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(article.title)}">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">"""
    main = f"""<article class="{css['article']}" itemscope itemtype="https://schema.org/NewsArticle">
<ul class="{css['crumbs']}" itemscope itemtype="https://schema.org/BreadcrumbList">
<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/text/"><span itemprop="name">Новости</span></a><meta itemprop="position" content="1"></li>
<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/text/?rubric={article.rubric}"><span itemprop="name">{_e(rubric)}</span></a><meta itemprop="position" content="2"></li>
</ul>
<meta itemprop="datePublished" content="{article.published.isoformat()}">
<time class="{css['date']}" datetime="{article.published.isoformat()}">{in_words(article.published)}</time>{modified}
<h1 class="{css['title']}" itemprop="headline">{_e(article.title)}</h1>
<p class="{css['lead']}" itemprop="alternativeHeadline">{_e(article.lead)}</p>
<div class="{css['authors']}">{authors}</div>
{top}
<div class="{css['body']}" itemprop="articleBody">
{chr(10).join(body_parts)}
</div>
<meta itemprop="keywords" content="{_e(', '.join(article.tags))}">
<div class="{css['tags']}">{''.join(f'<a href="/text/tags/{_e(t)}/">{_e(t)}</a>' for t in article.tags)}</div>
<meta itemprop="commentCount" content="{count}">
<div class="{css['share']}"><span>Поделиться</span><a href="https://vk.com/share.php?url={_e(url)}">ВКонтакте</a><a href="https://connect.ok.ru/offer?url={_e(url)}">Одноклассники</a><a href="https://t.me/share/url?url={_e(url)}">Telegram</a></div>
<a class="{css['counter']}" href="{url_path(article)}comments/">{count} {_plural_comments(count)}</a>
{_widget(article, css) if widget_address else ""}
</article>"""
    day = f"{article.published.day} {MONTHS[article.published.month - 1]} {article.published.year}"
    return _frame(f"{article.title} - {day} - НГС22", css, main, now, head)


def _widget(article: DemoArticle, css: dict[str, str]) -> str:
    """The widget's configuration naming its API: only with `widget_address`."""
    config = _e(json.dumps(widget_config(article), ensure_ascii=False))
    return (f'<div class="{css["widget"]}" id="comments" data-comments-widget="{config}">'
            "<noscript>Чтобы читать комментарии, включите JavaScript</noscript></div>")


def comments_page(article: DemoArticle, now: datetime, build: int, third_party: str | None = None) -> str:
    """`…/<id>/comments/`: an empty thread the page's script fills in (no comment, no API address in the HTML)."""
    css = styles(build)
    counter = ""
    if third_party:  # a counter's script, and a live-updates socket, on another host
        live = "ws" + third_party.removeprefix("http") + "/live"
        counter = (f'<script src="{third_party}/tag.js" async></script>\n'
                   f'<script>try {{ new WebSocket("{live}"); }} catch (error) {{}}</script>\n')
    head = (f'<link rel="stylesheet" href="/static/build/comments.{css["widget"]}.css">\n'
            f'<script src="/static/build/comments.{css["widget"]}.js" defer></script>\n{counter}')
    main = f"""<h1 class="{css['title']}">Комментарии: {_e(article.title)}</h1>
<a href="{url_path(article)}">Вернуться к статье</a>
<section class="{css['widget']}" id="comments" data-comments aria-busy="true">
<h2 class="{css['counter']}">Комментарии <span data-total></span></h2>
<div class="{css['aside']}" data-thread></div>
<button class="{css['pager']}" type="button" data-more hidden>Показать ещё</button>
<noscript>Чтобы читать комментарии, включите JavaScript</noscript>
</section>"""
    return _frame(f"Комментарии - {article.title}", css, main, now, head)


WIDGET_STYLE = """@font-face { font-family: "NGS Sans"; src: url("/static/fonts/ngs-sans.woff2") format("woff2"); }
body { font-family: "NGS Sans", sans-serif; }
[data-comments] [role=group] { margin-left: 2em; }
"""


def _plural_comments(count: int) -> str:
    return plural(count, "комментарий", "комментария", "комментариев")


def listing_page(articles: list[DemoArticle], page: int, more: bool, now: datetime, build: int, origin: str) -> str:
    css = styles(build)
    cards = "\n".join(
        f'<article class="{css["card"]}"><a href="{url_path(a)}"><h2>{_e(a.title)}</h2></a>'
        f'<p>{_e(a.lead[:200])}</p><time datetime="{a.published.isoformat()}">{in_words(a.published)}</time>'
        f'<a href="{url_path(a)}comments/">{len(a.comments)}</a><span>{_e(RUBRICS.get(a.rubric, a.rubric))}</span></article>'
        for a in articles
    )
    numbers = range(max(1, page - 2), page + (3 if more else 1))
    pager = "".join(
        f"<span>{n}</span>" if n == page else f'<a href="/text/?page={n}">{n}</a>' for n in numbers
    )
    head = f'<link rel="next" href="/text/?page={page + 1}">' if more else ""
    if page > 1:
        head += f'\n<link rel="prev" href="/text/?page={page - 1}">'
    state = {"records": [{"id": a.id, "header": a.title, "urlCanonical": origin + url_path(a)} for a in articles]}
    main = f'<h1 class="{css["title"]}">Новости</h1>\n<section class="{css["aside"]}">\n{cards}\n</section>\n<nav class="{css["pager"]}">{pager}</nav>'
    return _frame("Новости Барнаула - НГС22", css, main, now, head, state)


def rss(articles: list[DemoArticle], origin: str, now: datetime) -> str:
    items = "\n".join(
        f"""<item>
<title>{_e(a.title)}</title>
<link>{origin}{url_path(a)}</link>
<guid isPermaLink="true">{origin}{url_path(a)}</guid>
<description>{_e(a.lead[:300])}</description>
<category>{_e(RUBRICS.get(a.rubric, a.rubric))}</category>
<pubDate>{format_datetime(a.published)}</pubDate>
</item>"""
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>НГС22 — новости Барнаула</title>
<link>{origin}/</link>
<description>Новости Барнаула и Алтайского края</description>
<lastBuildDate>{format_datetime(now)}</lastBuildDate>
{items}
</channel>
</rss>
"""


def _fragment(text: str | None) -> str | None:
    """A comment as the widget API sends it: escaped markup, lines as `<br>`."""
    return None if text is None else escape(text, quote=False).replace("\n", "<br>")


def _comment_json(comment: DemoComment, replies: list[dict] | None) -> dict:
    found = {
        "id": comment.id,
        "parentId": comment.parent,
        "user": {"name": comment.author, "avatar": f"/static/avatars/{comment.id % 16}.png"},
        "text": _fragment(comment.text),
        "createdAt": comment.posted.isoformat(),
        "likes": comment.likes,
        "dislikes": comment.dislikes,
        "status": "published" if comment.text is not None else "blocked",
    }
    if replies is not None:
        found["replies"] = replies
    return found


def threads(article: DemoArticle) -> list[tuple[DemoComment, list[DemoComment]]]:
    """Each comment on the article with every reply under it, deeper replies included."""
    found: list[tuple[DemoComment, list[DemoComment]]] = []
    root_of: dict[int, int] = {}
    for comment in article.comments:  # page order: replies follow what they answer
        if comment.parent is None or comment.parent not in root_of:
            root_of[comment.id] = len(found)
            found.append((comment, []))
        else:
            root_of[comment.id] = root_of[comment.parent]
            found[root_of[comment.id]][1].append(comment)
    return found


def comments_api(article: DemoArticle, page: int) -> dict:
    every = threads(article)
    pages = max(1, -(-len(every) // THREADS_PER_PAGE))
    chunk = every[(page - 1) * THREADS_PER_PAGE : page * THREADS_PER_PAGE]
    return {
        "articleId": article.id,
        "total": len(article.comments),
        "page": page,
        "pages": pages,
        "next": f"{API}?articleId={article.id}&page={page + 1}" if page < pages else None,
        "comments": [
            _comment_json(root, [_comment_json(reply, None) for reply in replies]) for root, replies in chunk
        ],
    }


def blocked_page() -> str:
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>403 Forbidden</title></head>
<body><h1>403</h1><p>{BLOCKED}</p></body></html>
"""


def _json(data: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")


class HearstSite:
    """The routes of the demo ngs22.ru on a given newsroom day."""

    name = "ngs22"
    PAGE_SIZE = 20

    def __init__(self, timeline: Timeline, seed: int = 1, extra: list[DemoArticle] = ()):
        self.timeline = timeline
        self.catalog = Catalog(timeline, extra)  # extra: the seed-like article
        self.seed = seed
        # Where the pages' third-party counter lives (the newsroom's stand-in for
        # ad networks and counters); None: the pages load none.
        self.third_party: str | None = None

    def build(self, day: int) -> int:
        """The front end is rebuilt every day: class names change, content does not."""
        return int(unit(self.seed, self.name, "build", day) * 10**6)

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /search/\nDisallow: /*?utm_\n"

    def blocked_page(self) -> Reply:
        return Reply.html(blocked_page(), status=403)

    def _article(self, parts: list[str], day: int, origin: str) -> DemoArticle | Reply:
        found = self.catalog.find(int(parts[5]), day)
        if isinstance(found, Removal):
            return Reply.not_found() if found.status == 404 else Reply.redirect(f"{origin}/", found.status)
        if found is None or url_path(found) != "/" + "/".join(parts[:6]) + "/":
            return Reply.not_found()
        return found

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply:
        now = clock(day)
        parts = [p for p in path.split("/") if p]
        if path in ("/", "/text/"):
            raw = query.get("page", "1")
            page = int(raw) if raw.isdigit() else 0
            start = (page - 1) * self.PAGE_SIZE
            chunk = self.catalog.articles(day, start, start + self.PAGE_SIZE)
            if page < 1 or (not chunk and page > 1):
                return Reply.not_found()
            more = start + self.PAGE_SIZE < self.catalog.count(day)
            return Reply.html(listing_page(chunk, page, more, now, self.build(day), origin))
        if path in ("/text/rss.xml", "/rss-feeds/rss.xml"):
            latest = self.catalog.articles(day, 0, 30)
            return Reply(200, rss(latest, origin, now).encode(), "application/rss+xml; charset=utf-8")
        if path == API:
            article_id, page = query.get("articleId", ""), query.get("page", "1")
            if not (article_id.isdigit() and page.isdigit() and int(page) >= 1):
                return _json({"error": "bad request"}, 400)
            found = self.catalog.find(int(article_id), day)
            if not isinstance(found, DemoArticle):
                return _json({"error": "not found"}, 404)
            data = comments_api(found, int(page))
            if int(page) > data["pages"]:
                return _json({"error": "not found"}, 404)
            return _json(data)
        if path.startswith("/static/build/comments.") and path.endswith(".js"):
            return Reply(200, WIDGET_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if path.startswith("/static/build/comments.") and path.endswith(".css"):
            return Reply(200, WIDGET_STYLE.encode(), "text/css; charset=utf-8")
        if len(parts) in (6, 7) and parts[0] == "text" and all(p.isdigit() for p in parts[2:6]) and path.endswith("/"):
            if len(parts) == 7 and parts[6] != "comments":
                return Reply.not_found()
            found = self._article(parts, day, origin)
            if isinstance(found, Reply):
                return found
            if len(parts) == 7:
                return Reply.html(comments_page(found, now, self.build(day), self.third_party))
            return with_etag(Reply.html(article_page(found, origin, now, self.build(day))))
        return Reply.not_found()
