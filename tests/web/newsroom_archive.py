"""A small real archive for the web tests, written by the real ArchiveWriter.

Two sites in different time zones; articles whose words come in several
forms; a comment thread with replies, a hidden, a removed and an edited
comment; an edited article; a comment that tries to run a script.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper.archive import open_archive
from scraper.archive.writer import ArchiveWriter
from scraper.dates import MINUTE, Timestamp
from scraper.items import Article, ArticleSnapshot, Comment, FetchedPage
from scraper.sites import Site

BARNAUL = ZoneInfo("Asia/Barnaul")
MOSCOW = ZoneInfo("Europe/Moscow")
FIRST_RUN = datetime(2022, 8, 23, 16, 0, tzinfo=timezone.utc)
SECOND_RUN = FIRST_RUN + timedelta(days=1)
SITES = [
    Site("bankfax", "Банкфакс", "https://www.bankfax.ru", "Asia/Barnaul", "bankfax", r"^/news/\d+/$"),
    Site("altapress", "Алтапресс", "https://altapress.ru", "Europe/Moscow", "generic", r"^/story/\d+$"),
]
SCRIPT_COMMENT = '<script>document.title="owned"</script><img src=x onerror="document.title=\'owned\'">'
RAW_HTML = b'<html><body><h1>Article</h1><script>document.title="owned"</script></body></html>'

DOCTORS = "https://www.bankfax.ru/news/1/"
MINISTRY = "https://www.bankfax.ru/news/2/"
CREDIT = "https://altapress.ru/story/3"
ADMIN = "https://www.bankfax.ru/news/4/"


def stamp(text: str, zone: ZoneInfo = BARNAUL) -> Timestamp:
    return Timestamp(text, datetime.strptime(text, "%d.%m.%Y %H:%M").replace(tzinfo=zone), MINUTE)


def comment(cid: str, author: str, text: str | None, when: str, parent: str | None = None,
            zone: ZoneInfo = BARNAUL) -> Comment:
    return Comment(cid, author, text, stamp(when, zone), parent_id=parent, hidden=text is None, likes=1, dislikes=0)


def snapshot(url: str, site: str, title: str, lead: str, body: str, comments: list[Comment],
             at: datetime, published: str, section: str = "Медицина", tags=("здоровье",)) -> ArticleSnapshot:
    zone = BARNAUL if site == "bankfax" else MOSCOW
    article = Article(
        site=site, url=url, title=title, body=body, lead=lead, published=stamp(published, zone),
        section=section, tags=list(tags), authors=["Ирина Петрова"],
    )
    page = FetchedPage(url, 200, {"content-type": "text/html; charset=utf-8"}, RAW_HTML, at, "article")
    return ArticleSnapshot(article, comments, True, [page], at)


THREAD_FIRST_RUN = [
    comment("c1", "Сибиряк", "Врачи увольняются, а им всё равно.", "22.08.2022 17:00"),
    comment("c2", "Марина", "Согласна, врачей не хватает.", "22.08.2022 17:10", parent="c1"),
    comment("c3", "Старожил", "Министра в отставку!", "22.08.2022 18:00"),
    comment("c4", "Гость", SCRIPT_COMMENT, "22.08.2022 18:30"),
    comment("c5", "Аноним", "Этот комментарий скроет модератор: министр ворует.", "22.08.2022 19:00"),
    comment("c6", "Виктор", "Этот комментарий исчезнет с сайта.", "22.08.2022 19:30"),
    comment("c7", "Марина", "Ответ на ответ: с врачом не поспоришь.", "22.08.2022 20:00", parent="c2"),
]
THREAD_SECOND_RUN = [
    comment("c1", "Сибиряк", "Врачи увольняются, а им всё равно.", "22.08.2022 17:00"),
    comment("c2", "Марина", "Согласна, врачей не хватает!", "22.08.2022 17:10", parent="c1"),
    comment("c3", "Старожил", "Министра в отставку!", "22.08.2022 18:00"),
    comment("c4", "Гость", SCRIPT_COMMENT, "22.08.2022 18:30"),
    comment("c5", "Аноним", None, "22.08.2022 19:00"),
    comment("c7", "Марина", "Ответ на ответ: с врачом не поспоришь.", "22.08.2022 20:00", parent="c2"),
    comment("c8", "Инженер", "Главный врач больницы молчит.", "23.08.2022 21:00"),
]


def build(path: Path) -> Path:
    """Two crawl runs' worth of writes into a fresh archive at `path`."""
    db = open_archive(path)
    runs = db["crawl_runs"]
    writer = ArchiveWriter(db)
    writer.save_sites(SITES)

    runs.insert({"started_at": "2022-08-23T15:59:00Z", "status": "ok"})
    writer.run_id = 1
    writer.save_snapshot(snapshot(
        DOCTORS, "bankfax", "Врачи уходят из больниц Барнаула",
        "Из городских больниц за год уволились сорок врачей.",
        "Из городских больниц за год уволились сорок врачей.\n\nГлавный врач назвал причиной зарплату 1,5 млн в год.",
        THREAD_FIRST_RUN, FIRST_RUN, "22.08.2022 16:21",
    ))
    writer.save_snapshot(snapshot(
        MINISTRY, "bankfax", "Министерство здравоохранения отчиталось",
        "Ставки, ставки и ещё раз ставки: краевое министерство подвело итоги года.",
        "Ставки, ставки и ещё раз ставки: краевое министерство подвело итоги года.\n\nВедомство обещает новые ставки для медиков:"
        " ставки фельдшеров, ставки медсестёр.",
        [comment("m1", "Пенсионер", "А министр где был?", "21.08.2022 10:00")], FIRST_RUN, "21.08.2022 09:00",
        section="Власть", tags=("власть", "здоровье"),
    ))
    writer.save_snapshot(snapshot(
        CREDIT, "altapress", "Ставки по кредитам выросли",
        "Банки подняли проценты по ипотеке и кредиту наличными.",
        "Банки подняли проценты по ипотеке и кредиту наличными.\n\nКредит стал дороже для всех.",
        [comment("k1", "Инженер", "Кредит сейчас брать глупо.", "20.08.2022 12:00", zone=MOSCOW)],
        FIRST_RUN, "20.08.2022 11:00", section="Экономика", tags=("банки",),
    ))
    writer.save_snapshot(snapshot(
        ADMIN, "bankfax", "Администрация Барнаула сменила главу",
        "Администрация города объявила о кадровых решениях.",
        "Администрация города объявила о кадровых решениях.\n\nЕлка на площади будет стоять до февраля.",
        [], FIRST_RUN, "19.07.2022 15:00", section="Власть", tags=("власть",),
    ))
    runs.update(1, {"finished_at": "2022-08-23T16:05:00Z"})

    runs.insert({"started_at": "2022-08-24T15:59:00Z", "status": "ok"})
    writer.run_id = 2
    writer.save_snapshot(snapshot(
        DOCTORS, "bankfax", "Врачи массово уходят из больниц Барнаула",
        "Из городских больниц за год уволились сорок врачей.",
        "Из городских больниц за год уволились сорок врачей.\n\nГлавный врач назвал причиной зарплату 1,5 млн в год.",
        THREAD_SECOND_RUN, SECOND_RUN, "22.08.2022 16:21",
    ))
    runs.update(2, {"finished_at": "2022-08-24T16:05:00Z"})
    db.close()
    return path
