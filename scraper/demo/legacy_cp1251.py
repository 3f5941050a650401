"""The demo's «Вестник-22»: an older regional news site in windows-1251.

A fictional site modelled on what older regional sites (amic.ru in 2018 and
its kind) looked like: pages in windows-1251, declared both in the HTTP
header and in a `<meta http-equiv>`; table layout; dates in words
(`22 августа 2022, 16:58`); comment times relative to the moment of the
request (`5 минут назад`, `вчера в 18:14`, `сегодня, 10:00`); photo captions
with the credit after a slash (`Подпись / Фото: Имя Фамилия`); tags; article
URLs `/news/<slug>-<id>`; discovery only through `/sitemap.xml`, an index of
monthly sitemaps. Comments carry no ids: they are flat, oldest first, 20 to
a page over `?comments_page=N`, and a reply shows the comment it answers as
a quote.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from scraper.demo.catalog import Catalog, Entry
from scraper.demo.changes import Removal, unit
from scraper.demo.model import DemoArticle, DemoComment
from scraper.demo.server import Reply, http_date
from scraper.demo.timeline import Timeline, clock
from scraper.demo.words import WEEKDAYS, in_words, relative, slug

CHARSET = "windows-1251"
RUBRICS = {
    "obshchestvo": "Общество", "proisshestviya": "Происшествия", "ekonomika": "Экономика",
    "politika": "Политика", "zdorove": "Здоровье", "sport": "Спорт",
}
COMMENTS_PER_PAGE = 20
BLOCKED = "Доступ к сайту с вашего адреса временно запрещен. Обратитесь к администратору."


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def url_path(article: DemoArticle | Entry) -> str:
    if isinstance(article, Entry):
        return f"/news/{article.headline.slug}-{article.article_id}"
    return f"/news/{article.slug}-{article.id}"


def _frame(title: str, now: datetime, center: str, head: str = "") -> str:
    menu = "".join(f'<a href="/news/{key}/">{name}</a><br>' for key, name in RUBRICS.items())
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">
<title>{_e(title)}</title>
{head}
<link href="/bitrix/templates/vestnik/styles.css" type="text/css" rel="stylesheet">
<script type="text/javascript" src="/bitrix/js/main/core/core.js"></script>
</head>
<body bgcolor="#ffffff">
<table width="100%" border="0" cellpadding="0" cellspacing="0" class="header">
<tr><td><a href="/"><img src="/images/logo.gif" alt="Вестник-22" border="0"></a></td>
<td class="today">Сегодня: {WEEKDAYS[now.weekday()]}, {in_words(now)}</td>
<td class="weather">Барнаул: +{10 + now.day % 12}&deg;C</td></tr>
</table>
<table width="100%" border="0" cellpadding="4" cellspacing="0" class="main">
<tr><td width="180" valign="top" class="left">{menu}</td>
<td valign="top" class="center">
{center}
</td>
<td width="240" valign="top" class="right">
<div class="banner"><a href="/bitrix/rk.php?id=17"><img src="/upload/rk/banner240.gif" alt="Реклама" border="0"></a></div>
</td></tr>
</table>
<div class="footer">&copy; 2003&ndash;{now.year} «Вестник-22». При перепечатке ссылка обязательна.
<script type="text/javascript">var _top100q = _top100q || []; _top100q.push(["setAccount", "1234567"]);</script></div>
</body>
</html>
"""


def _photo(article: DemoArticle, index: int) -> str:
    image = article.images[index]
    sign = " / ".join(part for part in (image.caption, image.credit) if part)
    return (
        f'<div class="photo"><img src="/upload/iblock/{article.id % 1000:03d}/{article.id}_{index + 1}.jpg"'
        f' alt="{_e(image.caption)}" border="0"><br><span class="podpis">{_e(sign)}</span></div>'
    )


def _lines(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def _comment(comment: DemoComment, parent: DemoComment | None, now: datetime) -> str:
    quote = ""
    if parent is not None and parent.text:
        quote = f'<blockquote class="quote"><b>{_e(parent.author)}</b> писал(а):<br>{_lines(parent.text)}</blockquote>'
    return f"""<div class="comment">
<div class="comment-head"><span class="comment-author">{_e(comment.author)}</span> <span class="comment-date">{relative(comment.posted, now)}</span></div>
<div class="comment-text">{quote}{_lines(comment.text or '')}</div>
<div class="comment-actions"><a href="#addcomment" onclick="return replyTo(this);">Ответить</a></div>
</div>"""


def comment_pages(article: DemoArticle) -> int:
    return max(1, -(-len(article.comments) // COMMENTS_PER_PAGE))


def _comments(article: DemoArticle, page: int, now: datetime) -> str:
    # Oldest first, flat; the thread's order is the time order.
    ordered = sorted(article.comments, key=lambda c: (c.posted, c.id))
    by_id = {c.id: c for c in ordered}
    chunk = ordered[(page - 1) * COMMENTS_PER_PAGE : page * COMMENTS_PER_PAGE]
    items = "\n".join(_comment(c, by_id.get(c.parent) if c.parent else None, now) for c in chunk)
    pages = comment_pages(article)
    pager = ""
    if pages > 1:
        link = url_path(article) + "?comments_page={}#comments"
        numbers = " ".join(f"<b>{n}</b>" if n == page else f'<a href="{link.format(n)}">{n}</a>' for n in range(1, pages + 1))
        back = f'<a href="{link.format(page - 1)}">&larr; Предыдущая</a> ' if page > 1 else ""
        forward = f' <a href="{link.format(page + 1)}">Следующая &rarr;</a>' if page < pages else ""
        pager = f'<div class="pages">Страницы: {back}{numbers}{forward}</div>'
    return f"""<a name="comments"></a>
<h3 class="comments-title">Комментарии ({len(article.comments)})</h3>
<div class="comments">
{items}
</div>
{pager}"""


def article_page(article: DemoArticle, origin: str, now: datetime, page: int = 1, related: Entry | None = None) -> str:
    rubric = RUBRICS.get(article.rubric, article.rubric)
    body = []
    for position, text in enumerate(article.paragraphs[1:], 1):
        body.append(f"<p>{_e(text)}</p>")
        if position == 1 and article.images:
            body.append(_photo(article, 0))
        if position == 2:
            body.append('<div class="banner"><script type="text/javascript">document.write(\'<a href="/bitrix/rk.php?id=23"><img src="/upload/rk/468x60.gif"></a>\');</script></div>')
        if position == 3 and related is not None:
            body.append(f'<p class="also"><b>Читайте также:</b> <a href="{url_path(related)}">{_e(related.headline.title)}</a></p>')
    body.extend(_photo(article, index) for index in range(1, len(article.images)))
    if len(article.paragraphs) == 1 and article.images:
        body.append(_photo(article, 0))
    modified = f'<div class="date-modified">Обновлено: {in_words(article.modified)}</div>' if article.modified else ""
    authors = ""
    if article.authors:
        label = "Автор" if len(article.authors) == 1 else "Авторы"
        authors = f'<div class="author">{label}: ' + ", ".join(f"<b>{_e(a)}</b>" for a in article.authors) + "</div>"
    tags = ""
    if article.tags:
        tags = '<div class="tags">Теги: ' + ", ".join(f'<a href="/tags/{slug(t)}/">{_e(t)}</a>' for t in article.tags) + "</div>"
    views = 100 + int(unit(article.id, "views") * 5000) + 37 * len(article.comments)
    head = f"""<meta name="keywords" content="{_e(', '.join(article.tags))}">
<meta name="description" content="{_e(article.lead[:200])}">
<link rel="canonical" href="{origin}{url_path(article)}">"""
    center = f"""<div class="path"><a href="/">Главная</a> &raquo; <a href="/news/">Новости</a> &raquo; <a href="/news/{article.rubric}/">{_e(rubric)}</a></div>
<h1>{_e(article.title)}</h1>
<div class="date">{in_words(article.published)}</div>
{modified}
<div class="anons"><b>{_e(article.lead)}</b></div>
<div class="news-text">
{chr(10).join(body)}
</div>
{authors}
{tags}
<div class="social">Поделиться: <a href="http://vk.com/share.php?url={origin}{url_path(article)}">ВКонтакте</a> <a href="http://www.odnoklassniki.ru/dk?st.cmd=addShare">Одноклассники</a> <span class="views">Просмотров: {views}</span> <a href="?print=Y">Версия для печати</a></div>
{_comments(article, page, now)}
<form class="addcomment" name="addcomment" method="post" action="{url_path(article)}"><a name="addcomment"></a>
Ваше имя: <input type="text" name="author" maxlength="50"><br><textarea name="text" rows="5" cols="50"></textarea><br>
<input type="submit" value="Добавить комментарий"></form>"""
    return _frame(f"{article.title} :: Вестник-22", now, center, head)


def front_page(articles: list[DemoArticle], now: datetime) -> str:
    items = "\n".join(
        f'<div class="news-item"><span class="date">{a.published:%d.%m.%Y %H:%M}</span>'
        f' <a href="{url_path(a)}">{_e(a.title)}</a> ({len(a.comments)})</div>'
        for a in articles
    )
    return _frame("Вестник-22 — новости Барнаула и Алтайского края", now, f'<h2>Последние новости</h2>\n{items}')


def blocked_page() -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={CHARSET}"><title>403 Forbidden</title></head>
<body><h1>Доступ запрещен</h1><p>{BLOCKED}</p></body></html>
"""


def _xml(text: str) -> Reply:
    return Reply(200, text.encode("utf-8"), "application/xml; charset=utf-8")


class LegacyCp1251Site:
    """The routes of the demo «Вестник-22» on a given newsroom day."""

    name = "vestnik22"

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.catalog = Catalog(timeline)

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /bitrix/\nDisallow: /search/\n"

    def blocked_page(self) -> Reply:
        return Reply.html(blocked_page(), status=403, charset=CHARSET)

    def months(self, day: int) -> list[tuple[int, int]]:
        """The months that have articles, newest first."""
        first, last = self.timeline.published(0), clock(day)
        found, (year, month) = [], (last.year, last.month)
        while (year, month) >= (first.year, first.month):
            found.append((year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return found

    def _month(self, year: int, month: int, now: datetime) -> tuple[datetime, datetime]:
        start = now.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
        end = start.replace(year=year + 1, month=1) if month == 12 else start.replace(month=month + 1)
        return start - timedelta(microseconds=1), end - timedelta(microseconds=1)

    def _lastmod(self, entry: Entry, day: int) -> datetime:
        return self.catalog.modified(entry, day) or entry.published

    def sitemap_index(self, day: int, origin: str) -> str:
        now = clock(day)
        children = []
        for year, month in self.months(day):
            since, until = self._month(year, month, now)
            lastmod = self.catalog.last_change(day, since, until)
            if lastmod is None:
                continue
            children.append(
                f"<sitemap><loc>{origin}/sitemap/news-{year}-{month:02d}.xml</loc>"
                f"<lastmod>{lastmod.isoformat()}</lastmod></sitemap>"
            )
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(children) + "\n</sitemapindex>\n")

    def sitemap(self, day: int, year: int, month: int, origin: str) -> str:
        since, until = self._month(year, month, clock(day))
        urls = "\n".join(
            f"<url><loc>{origin}{url_path(entry)}</loc><lastmod>{self._lastmod(entry, day).isoformat()}</lastmod></url>"
            for entry in self.catalog.between(day, since, until)
        )
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + urls + "\n</urlset>\n")

    def _last_change(self, number: int, day: int) -> datetime:
        """What an article page's Last-Modified says: its own last change, or its "read also" link's removal."""
        changed = self.timeline.last_change(number, day)
        gone = self.timeline.removed(number - 1, day) if number else None
        return max(changed, gone.moment) if gone else changed

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply:
        now = clock(day)
        if path in ("/", "/news/"):
            return Reply.html(front_page(self.catalog.articles(day, 0, 20), now), charset=CHARSET)
        if path == "/sitemap.xml":
            return _xml(self.sitemap_index(day, origin))
        if path.startswith("/sitemap/news-") and path.endswith(".xml"):
            year, _, month = path[len("/sitemap/news-") : -len(".xml")].partition("-")
            if not (year.isdigit() and month.isdigit() and (int(year), int(month)) in self.months(day)):
                return Reply.not_found()
            return _xml(self.sitemap(day, int(year), int(month), origin))
        if path.startswith("/news/") and "-" in path:
            article_id = path.rsplit("-", 1)[1]
            if not article_id.isdigit():
                return Reply.not_found()
            found = self.catalog.find(int(article_id), day)
            if isinstance(found, Removal):
                return Reply.not_found() if found.status == 404 else Reply.redirect(f"{origin}/", found.status)
            if found is None or url_path(found) != path:
                return Reply.not_found()
            raw = query.get("comments_page", "1")
            page = int(raw) if raw.isdigit() else 0
            if not 1 <= page <= comment_pages(found):
                return Reply.not_found()
            number = self.timeline.number(found.id)
            related = self.catalog.entry(number - 1) if number and not self.timeline.removed(number - 1, day) else None
            reply = Reply.html(article_page(found, origin, now, page, related), charset=CHARSET)
            reply.headers["Last-Modified"] = http_date(self._last_change(number, day))
            return reply
        return Reply.not_found()
