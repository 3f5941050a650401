"""One hostile night of the demo newsroom, played once for the bad-input and security tests.

A clean first run archives the demo newsroom; then the newsroom turns
hostile: new articles come malformed, without title, body or date, with
dates that cannot be or that lie in the future, with wrong or missing
charsets, ten megabytes big, with 5,000 comments, empty comments, comments
holding HTML and JavaScript, text in other scripts, repeated comment ids;
addresses redirect in a loop or to another domain, or answer the site's
bot-block page; the listing links off the sites; and articles archived in
the first run come back blocked, garbled, in the wrong charset, redirected
away, with a comments API answering HTML, looping, or pointing elsewhere. A
second run (re-reading every archived article) meets all of it at once; a
third, with the newsroom well again, shows that what was left open closes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scraper.demo.newsroom import Newsroom
from scraper.sites.addresses import path_of
from tests.conftest import run_crawl
from tests.reliability import hostile
from tests.reliability.checks import sound
from tests.reliability.hostile import article, comment, html, page, padded, redirect, without

SCRIPT = '<script>document.title="owned";alert(1)</script><img src=x onerror="alert(2)">'
OTHER_SCRIPTS = "Қазақ тілі: Әділет, Ғылым, Өнер, Ұлт, Үміт, Һ, Іс. Crème brûlée, naïve café. 👍🏽🇰🇿🚀"
FIRST_ID = 170001


@dataclass
class Night:
    """What the hostile night left: the archive after it (and after the clean run that followed)."""

    path: Path  # the archive as the hostile run left it
    hostile: sqlite3.Connection  # after the hostile run
    healed: sqlite3.Connection  # after the next, clean run
    log: str  # the hostile run's log
    run: dict  # the hostile run's crawl_runs row, problems read
    before: dict[str, tuple]  # each article as the first run archived it
    urls: dict[str, str]  # case -> the URL it was served at (state() and the archive know it by its path)
    asked: list[str]  # what the rest of the internet was asked

    def row(self, case: str, db: sqlite3.Connection | None = None) -> sqlite3.Row | None:
        return (db or self.hostile).execute("SELECT * FROM articles WHERE path = ?", [path_of(self.urls[case])]).fetchone()

    def comments(self, case: str, db: sqlite3.Connection | None = None) -> list[sqlite3.Row]:
        return (db or self.hostile).execute(
            "SELECT c.*, p.site_comment_id AS parent FROM comments c JOIN articles a ON a.id = c.article_id"
            " LEFT JOIN comments p ON p.id = c.parent_id WHERE a.path = ? ORDER BY c.position",
            [path_of(self.urls[case])],
        ).fetchall()

    def failure(self, case: str, db: sqlite3.Connection | None = None) -> sqlite3.Row | None:
        return (db or self.hostile).execute("SELECT * FROM failed_urls WHERE url = ?", [self.urls[case]]).fetchone()

    def logged(self, kind: str, case: str) -> bool:
        """A log line of this kind naming the case's URL (as served, or as archived: on the site's canonical origin)."""
        return any(f"[{kind}]" in line and path_of(self.urls[case]) in line for line in self.log.splitlines())

    def marked(self, kind: str) -> int:
        return self.run["problems"].get(kind, 0)


def state(db: sqlite3.Connection) -> dict[str, tuple]:
    """Each article with all it shows, by its path (no two demo sites share one): text, version, status, comments."""
    found = {}
    for row in db.execute("SELECT id, path, title, lead, body, version, status, published_at FROM articles"):
        assert row[1] not in found, row[1]
        comments = tuple(tuple(c) for c in db.execute(
            "SELECT site_comment_id, author, text, quote, hidden, deleted_at FROM comments WHERE article_id = ?"
            " ORDER BY site_comment_id", [row[0]],
        ))
        found[row[1]] = (*tuple(row)[2:], comments)
    return found


def bankfax_cases(away: str) -> dict[str, hostile.Route]:
    """New articles, each spoiled one way; `away` is an origin off the configured sites."""
    def spoiled(item, change=lambda text: text):
        return page(lambda origin: change(html(item, origin)))

    plain = article(0, "Новость с комментариями", comments=[comment(1, "Первый"), comment(2, "Ответ", parent=1)])
    n = iter(range(FIRST_ID, FIRST_ID + 100))

    def numbered(item):
        item.id = next(n)
        return item

    thousands = [comment(k, f"Комментарий номер {k}", parent=k - 1 if k % 10 == 0 else None) for k in range(1, 5001)]
    return {
        "malformed": spoiled(
            numbered(article(0, "Сломанная разметка", ["Текст без закрывающих тегов.", "Второй абзац."],
                             comments=plain.comments)),
            # End tags left out, junk attributes, stray end tags, a broken first tag.
            lambda text: text.replace("</p>", "").replace("</li>", "").replace(
                "</h1>", "</h1><p <<>> class=x '\"></b></i></em>").replace("<html", "<<html", 1).replace(
                '<div id="footer">', '</div></div></td></table><div id="footer"><b><i>'),
        ),
        "no title": spoiled(numbered(article(0, "")), lambda text: without(r"<title>.*?</title>", text)),
        "no body": spoiled(numbered(article(0, "Новость без текста", ["ТЕКСТ-УБРАН"])),
                           lambda text: without(r"<p>ТЕКСТ-УБРАН</p>", text)),
        "no date": spoiled(numbered(article(0, "Новость без даты")),
                           lambda text: without(r'<p class="datetime">.*?</p>|<meta name="(pub)?date"[^>]*>', text)),
        "unparseable date": spoiled(numbered(article(0, "Новость с невозможной датой")),
                                    lambda text: text.replace("23.08.2022 10:30", "32.13.2022 25:61")),
        # The newsroom's clock says 23.08.2022 23:00: twelve hours ahead, and years ahead.
        "future date": spoiled(numbered(article(0, "Новость из будущего",
                                                published=datetime(2022, 8, 24, 11, 0, tzinfo=hostile.BARNAUL)))),
        "far future date": spoiled(numbered(article(0, "Новость из далёкого будущего",
                                                    published=datetime(2031, 1, 1, 12, 0, tzinfo=hostile.BARNAUL)))),
        "wrong charset": page(lambda origin, item=numbered(article(0, "Кодировка врёт")): html(item, origin),
                              charset="cp1251", content_type="text/html; charset=utf-8"),
        "no charset, windows-1251": page(
            lambda origin, item=numbered(article(0, "Кодировка не указана")): without(
                r'<meta charset="utf-8">', html(item, origin)),
            charset="cp1251", content_type="text/html"),
        "no charset, utf-8": page(
            lambda origin, item=numbered(article(0, "Кодировка не указана, UTF-8")): without(
                r'<meta charset="utf-8">', html(item, origin)),
            content_type="text/html"),
        "10 MB": spoiled(numbered(article(0, "Огромная страница", comments=plain.comments)),
                         lambda text: padded(text, 10_500_000)),
        "5000 comments": spoiled(numbered(article(0, "Пять тысяч комментариев", comments=thousands))),
        "empty comment": spoiled(numbered(article(0, "Пустой комментарий", comments=[
            comment(1, "До пустого"), comment(2, ""), comment(3, "После пустого")]))),
        "script comment": spoiled(numbered(article(0, "Комментарий со скриптом", comments=[
            comment(1, SCRIPT), comment(2, "<b>жирный</b> &amp; <a href='javascript:alert(3)'>ссылка</a>")]))),
        "other scripts": spoiled(numbered(article(0, "Қазақстан 🚀 Astana", [OTHER_SCRIPTS, "Ещё абзац 😀."],
                                                  comments=[comment(1, OTHER_SCRIPTS, author="Әсем 🌸")]))),
        "duplicate ids": spoiled(numbered(article(0, "Повторяющиеся номера", comments=[
            comment(555, "Первый с номером 555"), comment(555, "Второй с номером 555"), comment(556, "Другой")]))),
        "huge count": spoiled(numbered(article(0, "Счётчик комментариев в тысячу цифр")),
                              lambda text: text.replace("Комментариев 0", "Комментариев 1" + "9" * 5000)),
        "address no address": spoiled(numbered(article(0, "Адрес страницы не адрес")),
                                      lambda text: without(r'<meta property="og:url"[^>]*>', text).replace(
                                          "<head>", '<head><meta property="og:url" content="http://[::1">', 1)),
        "redirect loop": None,
        "too many redirects": None,
        "redirect to another host": None,
        "redirect to another port": None,
        "blocked": None,
    } | _redirects_and_blocks(away, n)


def _redirects_and_blocks(away: str, n) -> dict[str, hostile.Route]:
    loop, chain, host, port, blocked = (next(n) for _ in range(5))
    hops = {f"/news/{chain}/": f"/news/{chain}/?hop=1"} | {f"/news/{chain}/?hop={k}": f"/news/{chain}/?hop={k + 1}"
                                                            for k in range(1, 10)}
    return {
        "redirect loop": redirect(lambda origin: f"{origin}/news/{loop}/?again=1", 302),
        f"/news/{loop}/?again=1": redirect(lambda origin: f"{origin}/news/{loop}/", 302),
        "too many redirects": redirect(lambda origin: f"{origin}{hops[f'/news/{chain}/']}", 302),
        **{source: redirect(lambda origin, to=to: f"{origin}{to}", 302) for source, to in hops.items() if "hop" in source},
        "redirect to another host": redirect(lambda origin: f"http://localhost:{away.rsplit(':', 1)[1]}/news/{host}/"),
        "redirect to another port": redirect(lambda origin: f"{away}/news/{port}/"),
        "blocked": lambda origin: hostile.Reply.html(
            f"<html><body><p>{hostile.bankfax.BLOCKED}</p></body></html>", status=403),
    }


def play(tmp_path_factory) -> Night:
    tmp = tmp_path_factory.mktemp("hostile")
    archive = tmp / "archive.db"
    room = Newsroom(day=1, size=8, port=0)
    room.sites = [hostile.Tampered(site) for site in room.sites]
    sites = {site.name: site for site in room.sites}
    room.start()
    try:
        with hostile.elsewhere() as (away, asked):
            run_crawl(archive, room.origins)
            first = sqlite3.connect(archive)
            before = state(first)
            urls = _turn_hostile(sites, room.origins, away, first)
            first.close()
            second = run_crawl(archive, room.origins, "-a", "refresh=all")
            shutil.copy(archive, tmp / "hostile.db")
            for site in sites.values():  # the newsroom is well again
                site.routes.clear()
                site.listed.clear()
            run_crawl(archive, room.origins, "-a", "refresh=all")
    finally:
        room.stop()
    hostile_db, healed = sound(tmp / "hostile.db"), sound(archive)
    for db in (hostile_db, healed):
        db.row_factory = sqlite3.Row
    run = dict(hostile_db.execute("SELECT * FROM crawl_runs ORDER BY id DESC").fetchone())
    run["problems"] = json.loads(run["problems"] or "{}")
    return Night(tmp / "hostile.db", hostile_db, healed, second.stderr, run, before, urls, asked)


def _turn_hostile(sites: dict, origins: dict[str, str], away: str, db: sqlite3.Connection) -> dict[str, str]:
    """Spoil the newsroom; returns each case's URL."""
    urls = {}
    bankfax = sites["bankfax"]
    for case, route in bankfax_cases(away).items():
        if case.startswith("/"):  # a further hop of a redirect case
            bankfax.routes[case] = route
            continue
        path = f"/news/{FIRST_ID + len(urls)}/"
        bankfax.routes[path] = route
        bankfax.listed.append(path)
        urls[case] = origins["bankfax"] + path
    # Links off the sites: another port of this host, another host name.
    bankfax.listed += [f"{away}/news/170999/", f"http://localhost:{away.rsplit(':', 1)[1]}/news/170998/"]
    # Feeds: an item whose link is no address at all; an empty answer: neither may cost the rest of the feed.
    bankfax.routes["/rss.xml"] = lambda origin: hostile.replace(
        bankfax.real("/rss.xml", origin=origin),
        body=bankfax.real("/rss.xml", origin=origin).body.replace(
            b"<item>", b"<item><title>x</title><link>http://[::1</link></item>\n<item>", 1))
    sites["ngs22"].routes["/rss-feeds/rss.xml"] = lambda origin: hostile.Reply(200, b"", "application/rss+xml")
    # Articles the first run archived, spoiled when read again.
    archived = [origins["bankfax"] + path for (path,) in db.execute(
        "SELECT path FROM articles WHERE site = 'bankfax' AND site_article_id != '161417' ORDER BY path")]
    victims = {
        "archived, now blocked": lambda origin: bankfax.blocked_page(),
        "archived, now a block page with 200": lambda origin: hostile.Reply.html(
            f"<html><body><h1 class='item'>Доступ</h1><p>{hostile.bankfax.BLOCKED}</p></body></html>"),
        "archived, now garbled": lambda origin: hostile.Reply(200, b"\x00\x1f<ht\xffml><bo", "text/html; charset=utf-8"),
        "archived, now redirected away": redirect(lambda origin: f"{away}/moved/"),
        "archived, now in a redirect loop": None,
        "archived, now in the wrong charset": None,
    }
    for (case, route), url in zip(victims.items(), archived):
        path = hostile.target_of(url)
        if case == "archived, now in a redirect loop":
            bankfax.routes[path + "?again=1"] = redirect(lambda origin, p=path: origin + p, 302)
            route = redirect(lambda origin, p=path: f"{origin}{p}?again=1", 302)
        if case == "archived, now in the wrong charset":
            route = lambda origin, p=path: _recoded(bankfax.real(p, origin=origin))  # noqa: E731
        bankfax.routes[path] = route
        urls[case] = url
    # ngs22: the comments API of archived articles turns hostile.
    ngs22 = sites["ngs22"]
    talked = [origins["ngs22"] + path for (path,) in db.execute(
        "SELECT a.path FROM articles a WHERE site = 'ngs22' AND EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id)"
        " ORDER BY path")]
    for case, url in zip(("comments API answers HTML", "comments API loops", "comments API elsewhere"), talked):
        article_id = url.rstrip("/").rsplit("/", 1)[1]
        api = hostile.target("/api/v1/comments/", {"articleId": article_id, "page": "1"})
        if case == "comments API answers HTML":
            ngs22.routes[api] = lambda origin: hostile.Reply.html("<html><body>Ошибка 502</body></html>")
        elif case == "comments API loops":
            ngs22.routes[api] = lambda origin, api=api: hostile.api_json(
                ngs22.real(*_split(api), origin=origin), next=api)
        else:  # the answer names its next page on another origin
            ngs22.routes[api] = lambda origin, api=api, article_id=article_id: hostile.api_json(
                ngs22.real(*_split(api), origin=origin),
                next=f"{away}/api/v1/comments/?articleId={article_id}&page=2")
        urls[case] = url
    return urls


def _split(key: str) -> tuple[str, dict[str, str]]:
    path, _, query = key.partition("?")
    return path, dict(hostile.parse_qsl(query))


def _recoded(reply: hostile.Reply) -> hostile.Reply:
    """The same page in windows-1251, still declared utf-8 (a new body: the old ETag goes)."""
    headers = {k: v for k, v in reply.headers.items() if k.lower() != "etag"}
    return hostile.replace(reply, body=reply.body.decode("utf-8").encode("cp1251", "xmlcharrefreplace"), headers=headers)


