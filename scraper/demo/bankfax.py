"""The demo's bankfax.ru: pages laid out as bankfax.ru shows them.

Modelled on a capture of bankfax.ru/news/138769/ (2020) and the 2022 seed:
title `h1.item`, date `p.datetime > time[itemprop=datePublished]`, body `<p>`
in `div.content`, comments server-rendered as `div.comm_item` in
`div.comments_field`, replies nested in the comment they answer, moderated
comments as `comm_item_censored` without text, an inline script after each
comment repeating its text, and a header clock showing the request time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email.utils import format_datetime
from html import escape
from json import dumps

from scraper.demo.catalog import Catalog
from scraper.demo.changes import Removal
from scraper.demo.model import DemoArticle, DemoComment
from scraper.demo.server import Reply, with_etag
from scraper.demo.timeline import Timeline, clock
from scraper.demo.words import MONTHS, WEEKDAYS

BLOCKED = "Нас опечалило ваше поведение, и мы были вынуждены принять меры. Не приходите больше."


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _frame(title: str, now: datetime, center: str, head: str = "") -> str:
    clock = f"сегодня {WEEKDAYS[now.weekday()]},<br/>{now.day} {MONTHS[now.month - 1]},<br/>{now:%H:%M}"
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{_e(title)}</title>
<meta property="og:site_name" content="Банкфакс">
{head}
<link rel="stylesheet" href="/static/main.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"event": "pageview"}});</script>
</head>
<body>
<div id="header">
  <a class="logo" href="/">Банкфакс</a>
  <div class="now_time">{clock}</div>
  <div class="currency">USD 60,12 ▲ EUR 60,34 ▼</div>
</div>
<div id="wrapper">
<div id="center_column">
{center}
</div>
<div id="right_column">
  <div class="banner"><a href="/adv/"><img src="/files/banners/adv.gif" alt="Реклама"></a></div>
  <div class="popular"><h3>Популярное</h3><p>Курс рубля: что будет дальше</p></div>
</div>
</div>
<div id="footer"><p>© 1997–{now.year} ИА «Банкфакс». 18+</p></div>
</body>
</html>
"""


def _comment(comment: DemoComment, article_id: int, replies: str) -> str:
    hidden = comment.text is None
    classes = "comm_item comm_item_censored" if hidden else "comm_item"
    if hidden:
        text = "<i>Комментарий скрыт модератором</i>"
    else:
        text = "<br/>".join(_e(line) for line in comment.text.split("\n"))
        if comment.quote:
            text = f"<blockquote>{_e(comment.quote[0])} писал(а): {_e(comment.quote[1])}</blockquote>" + text
    votes = ""
    if comment.likes is not None:
        votes = (
            f'<div class="votes"><span class="vote up">{comment.likes}</span>'
            f'<span class="vote down">{comment.dislikes or 0}</span></div>'
        )
    script = ""
    if not hidden:
        script = (
            f"<script>commText[{comment.id}] = {dumps(comment.text, ensure_ascii=False)};"
            f" bindReply({comment.id}, {article_id});</script>"
        )
    nested = f'<div class="comm_answers">{replies}</div>' if replies else ""
    return f"""<div class="{classes}" id="{comment.id}">
<div class="avatar"><img src="/images/emoji/{comment.id % 12}.png" alt=""></div>
<div class="ci_text">
<span class="ci_name">{_e(comment.author)}</span>
<p class="ci_date">{comment.posted:%d.%m.%Y %H:%M}</p>
<div class="ci_comm">{text}</div>
{votes}<a class="ci_reply" href="#comments">Ответить</a>
</div>
{script}
{nested}
</div>
"""


def _thread(article: DemoArticle) -> str:
    children: dict[int | None, list[DemoComment]] = {}
    for comment in article.comments:
        children.setdefault(comment.parent, []).append(comment)

    def render(comment: DemoComment) -> str:
        replies = "".join(render(reply) for reply in children.get(comment.id, []))
        return _comment(comment, article.id, replies)

    return "".join(render(root) for root in children.get(None, []))


def article_page(article: DemoArticle, origin: str, now: datetime) -> str:
    url = f"{origin}/{article.rubric}/{article.id}/"
    images = ""
    for image in article.images:
        sign = " / ".join(part for part in (image.caption, image.credit) if part)
        images += (
            f'<div class="img_block"><img src="{_e(image.url)}" alt="">'
            f'<div class="img_onsign"><span><font>{_e(sign)}</font></span></div></div>\n'
        )
    body = "\n".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    head = f"""<meta property="og:type" content="article">
<meta property="og:title" content="{_e(article.title)}">
<meta property="og:description" content="{_e(article.lead[:150])}....">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{origin}/files/preview/news/{article.id}.jpg?t=1661160000">
<meta name="pubdate" content="{article.published:%Y-%m-%d %H:%M:%S}">
<meta name="date" content="{article.published:%Y-%m-%d %H:%M:%S}">
<link rel="canonical" href="{url[:-1]}">"""
    tags = "".join(f'<a href="/tags/{_e(t)}/">{_e(t)}</a> ' for t in article.tags)
    modified = ""
    if article.modified:
        modified = (
            f' <span class="modified">(обновлено <time itemprop="dateModified"'
            f' datetime="{article.modified:%Y-%m-%d %H:%M:%S}">{article.modified:%d.%m.%Y %H:%M}</time>)</span>'
        )
    center = f"""<ul class="breadcrumbs" itemscope itemtype="http://schema.org/BreadcrumbList">
<li itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a itemprop="item" href="/"><span itemprop="name">Главная</span></a></li>
<li itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a itemprop="item" href="/{article.rubric}/"><span itemprop="name">Новости</span></a></li>
<li itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><span itemprop="name">{_e(article.title)}</span></li>
</ul>
<h1 class="item">{_e(article.title)}</h1>
<div class="block_wrap">
<div class="content">
<p class="datetime"><time itemprop="datePublished" datetime="{article.published:%Y-%m-%d %H:%M:%S}">{article.published:%d.%m.%Y %H:%M}</time>{modified}</p>
{body}
{images}<div class="tags">{tags}</div>
<div class="share"><span>Поделиться:</span> <a href="https://vk.com/share.php">ВКонтакте</a> <a href="https://t.me/share">Telegram</a></div>
</div>
</div>
<a id="comments"></a>
<div class="cf_win"><div class="what_in"><font class="comm">Комментариев {len(article.comments)}</font></div></div>
<div class="comments_field">
{_thread(article)}
</div>
<form class="comm_form"><input type="hidden" id="id_news" value="{article.id}"><textarea maxlength="2000"></textarea></form>"""
    return _frame(article.title, now, center, head)


def listing_page(articles: list[DemoArticle], next_url: str | None, now: datetime, heading: str) -> str:
    items = "\n".join(
        f'<div class="news_item"><span class="date">{a.published:%d.%m.%Y %H:%M}</span>'
        f' <a href="/{a.rubric}/{a.id}/">{_e(a.title)}</a>'
        f' <span class="comm_count">{len(a.comments)}</span></div>'
        for a in articles
    )
    more = f'<div class="pagination"><a rel="next" class="next" href="{_e(next_url)}">Следующая страница</a></div>' if next_url else ""
    return _frame(heading, now, f'<h1 class="item">{_e(heading)}</h1>\n<div class="news_list">\n{items}\n</div>\n{more}')


def calendar_heading(day: date) -> str:
    return f"Новости за {day.day} {MONTHS[day.month - 1]} {day.year}"


def rss(articles: list[DemoArticle], origin: str, now: datetime) -> str:
    items = "\n".join(
        f"""<item>
<title>{_e(a.title)}</title>
<link>{origin}/{a.rubric}/{a.id}/</link>
<guid>{origin}/{a.rubric}/{a.id}/</guid>
<description>{_e(a.lead[:300])}</description>
<pubDate>{format_datetime(a.published)}</pubDate>
</item>"""
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Банкфакс</title>
<link>{origin}/</link>
<description>Новости Барнаула и Алтайского края</description>
<lastBuildDate>{format_datetime(now)}</lastBuildDate>
{items}
</channel>
</rss>
"""


def blocked_page() -> str:
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>403</title></head>
<body><div class="blocked"><p>{BLOCKED}</p></div></body></html>
"""


class BankfaxSite:
    """The routes of the demo bankfax.ru on a given newsroom day."""

    name = "bankfax"
    PAGE_SIZE = 20

    def __init__(self, timeline: Timeline, extra: list[DemoArticle] = ()):
        self.timeline = timeline
        self.catalog = Catalog(timeline, extra)  # extra: the seed article

    def articles(self, day: int) -> list[DemoArticle]:
        """Every article up on `day`, newest first (small sites only: it builds them all)."""
        return self.catalog.articles(day, 0, self.catalog.count(day))

    def article(self, article_id: int, day: int) -> DemoArticle | None:
        found = self.catalog.find(article_id, day)
        return found if isinstance(found, DemoArticle) else None

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /search/\n"

    def blocked_page(self) -> Reply:
        return Reply.html(blocked_page(), status=403)

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply:
        now = clock(day)
        parts = [p for p in path.split("/") if p]
        if path in ("/", "/news/"):
            page = int(query.get("page", "1")) if query.get("page", "1").isdigit() else 0
            start = (page - 1) * self.PAGE_SIZE
            chunk = self.catalog.articles(day, start, start + self.PAGE_SIZE)
            if page < 1 or (not chunk and page > 1):
                return Reply.not_found()
            more = f"/news/?page={page + 1}" if start + self.PAGE_SIZE < self.catalog.count(day) else None
            return Reply.html(listing_page(chunk, more, now, "Новости"))
        if path == "/rss.xml":
            latest = self.catalog.articles(day, 0, 30)
            return Reply(200, rss(latest, origin, now).encode(), "application/rss+xml; charset=utf-8")
        if len(parts) == 4 and parts[0] == "calendar" and all(p.isdigit() for p in parts[1:]):
            try:
                wanted = date(int(parts[1]), int(parts[2]), int(parts[3]))
            except ValueError:
                return Reply.not_found()
            midnight = datetime.combine(wanted, time(0), tzinfo=now.tzinfo)
            entries = self.catalog.between(day, midnight - timedelta(microseconds=1), midnight + timedelta(days=1, microseconds=-1))
            chunk = [self.catalog.article(entry, day) for entry in entries]
            return Reply.html(listing_page(chunk, None, now, calendar_heading(wanted)))
        if len(parts) == 2 and parts[1].isdigit() and path.endswith("/"):
            found = self.catalog.find(int(parts[1]), day)
            if isinstance(found, Removal):
                return Reply.not_found() if found.status == 404 else Reply.redirect(f"{origin}/", found.status)
            if found is None or found.rubric != parts[0]:
                return Reply.not_found()
            return with_etag(Reply.html(article_page(found, origin, now)))
        return Reply.not_found()
