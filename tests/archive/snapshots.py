"""Building article snapshots by hand, as a profile would return them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from scraper.dates import MINUTE, Timestamp
from scraper.items import Article, ArticleSnapshot, Comment, FetchedPage, Image

BARNAUL = ZoneInfo("Asia/Barnaul")
T0 = datetime(2022, 8, 23, 16, 0, tzinfo=timezone.utc)


def stamp(text: str) -> Timestamp:
    return Timestamp(text, datetime.strptime(text, "%d.%m.%Y %H:%M").replace(tzinfo=BARNAUL), MINUTE)


def comment(cid: str, text: str | None, parent: str | None = None, when: str = "22.08.2022 17:00") -> Comment:
    return Comment(cid, "Аноним", text, stamp(when), parent_id=parent, hidden=text is None)


def snapshot(
    url: str = "http://127.0.0.1:1/news/1/",
    title: str = "Врачи уходят из больниц",
    body: str = "Первый абзац.\n\nВторой абзац.",
    comments: list[Comment] | None = None,
    at: datetime = T0,
    complete: bool = True,
    tags: list[str] | None = None,
    html: bytes | None = None,
) -> ArticleSnapshot:
    article = Article(
        site="bankfax",
        url=url,
        title=title,
        body=body,
        lead=body.split("\n\n")[0],
        published=stamp("22.08.2022 16:21"),
        tags=tags or ["медицина"],
        images=[Image(url + "photo.jpg", "Подпись", "Фото: Иван Иванов")],
    )
    page = FetchedPage(url, 200, {"content-type": "text/html; charset=utf-8"}, html or title.encode(), at, "article")
    return ArticleSnapshot(article, comments if comments is not None else [], complete, [page], at)


def later(days: float) -> datetime:
    return T0 + timedelta(days=days)
