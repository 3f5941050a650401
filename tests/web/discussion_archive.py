"""A second small archive, for what the first is too small to show.

One site (Алтайская правда, Barnaul time), written by the real ArchiveWriter
in one crawl run:

- an article with a long discussion: a chain of replies twelve levels deep,
  a hidden comment and a reply to it, comments that name Telegram and
  VKontakte in both alphabets and spellings, the regional centre by its
  initials and in full, and comments over three days;
- an article edited once (a second version seen later in the run);
- an article with a body longer than a table cell shows;
- 1,100 short comments under a third article, so that "new since the last
  run" is longer than a page of a canned query.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.dates import MINUTE, Timestamp
from scraper.items import Article, ArticleSnapshot, Comment, FetchedPage
from scraper.sites import Site
from tests.web.newsroom_archive import BARNAUL, RAW_HTML

SITE = Site("ap22", "Алтайская правда", "https://ap22.example", "Asia/Barnaul", "generic", r"^/news/\d+/$")
RUN = datetime(2022, 8, 25, 16, 0, tzinfo=timezone.utc)
DEPTH = 12  # replies in the chain below the first comment
CROWD = 1100  # comments under the crowded article
LONG_BODY = "Длинный текст статьи. " * 40  # 880 characters

DISCUSSION = "https://ap22.example/news/1/"
EDITED = "https://ap22.example/news/2/"
CROWDED = "https://ap22.example/news/3/"
LONG = "https://ap22.example/news/4/"


def at(day: int, hour: int, minute: int = 0) -> Timestamp:
    moment = datetime(2022, 8, day, hour, minute, tzinfo=BARNAUL)
    return Timestamp(moment.strftime("%d.%m.%Y %H:%M"), moment, MINUTE)


def discussion() -> list[Comment]:
    comments = [Comment("d0", "Корень", "С чего всё началось.", at(22, 17, 0))]
    for level in range(1, DEPTH + 1):
        comments.append(Comment(
            f"d{level}", f"Спорщик{level}", f"Ответ уровня {level}.", at(22, 17, level), parent_id=f"d{level - 1}",
        ))
    comments += [
        Comment("h1", "Тролль", None, at(23, 9, 0), hidden=True),
        Comment("h2", "Очевидец", "Отвечаю на скрытый комментарий.", at(23, 9, 30), parent_id="h1"),
        Comment("t1", "Читатель", "Подпишитесь на наш Telegram-канал!", at(23, 10, 0)),
        Comment("t2", "Пенсионерка", "Прислали телеграмму из администрации.", at(23, 11, 0)),
        Comment("t3", "Студент", "Пишу в телеграмм каждый день.", at(23, 12, 0)),
        Comment("v1", "Читатель", "Группа ВКонтакте молчит.", at(24, 10, 0)),
        Comment("v2", "Студент", "Мы есть в VKontakte.", at(24, 11, 0)),
        Comment("c1", "Чиновник", "ЦУР ответил на обращение.", at(24, 12, 0)),
        Comment("c2", "Житель", "Центр управления регионом не ответил.", at(24, 13, 0)),
    ]
    return comments


def snapshot(url: str, title: str, body: str, comments: list[Comment], published: Timestamp,
             at_time: datetime, tags=("общество",)) -> ArticleSnapshot:
    article = Article(
        site=SITE.name, url=url, title=title, body=body, lead=body.split("\n\n")[0],
        published=published, section="Общество", tags=list(tags), authors=["Редакция"],
    )
    page = FetchedPage(url, 200, {"content-type": "text/html; charset=utf-8"}, RAW_HTML, at_time, "article")
    return ArticleSnapshot(article, comments, True, [page], at_time)


def build(path: Path) -> Path:
    db = open_archive(path)
    writer = ArchiveWriter(db)
    writer.save_sites([SITE])
    db["crawl_runs"].insert({"started_at": "2022-08-25T15:59:00Z", "status": "ok"})
    writer.run_id = 1
    writer.save_snapshot(snapshot(
        DISCUSSION, "Горячее обсуждение в Барнауле", "Горожане спорят о новом сквере.", discussion(),
        at(22, 16, 30), RUN,
    ))
    writer.save_snapshot(snapshot(EDITED, "Сквер откроют в сентябре", "Работы идут.", [], at(22, 15, 0), RUN))
    writer.save_snapshot(snapshot(
        EDITED, "Сквер откроют в октябре", "Работы идут медленнее.", [], at(22, 15, 0), RUN + timedelta(minutes=5),
    ))
    crowd = [Comment(f"n{i}", f"Гость{i % 7}", f"Комментарий номер {i}.", at(23, 8 + i % 12, i % 60))
             for i in range(CROWD)]
    writer.save_snapshot(snapshot(CROWDED, "Многолюдное обсуждение", "Все пришли.", crowd, at(23, 8, 0), RUN))
    writer.save_snapshot(snapshot(LONG, "Очень длинная статья", LONG_BODY, [], at(21, 10, 0), RUN))
    db["crawl_runs"].update(1, {"finished_at": "2022-08-25T16:10:00Z"})
    db.close()
    return path
