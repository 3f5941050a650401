"""Deterministic Russian news text for the demo sites.

Every article is made from its own random stream (seed, site, number), so
any article of a 100,000-article site can be produced alone, in any order,
with no state kept between them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from scraper.demo.model import DemoArticle, DemoComment, DemoImage

PLACES = [
    "Барнауле", "Бийске", "Рубцовске", "Новоалтайске", "Заринске", "Камне-на-Оби",
    "Белокурихе", "Славгороде", "Алейске", "Яровом", "Павловском районе", "Горно-Алтайске",
]
ACTORS = [
    "мэрия Барнаула", "правительство Алтайского края", "краевой Минздрав", "прокуратура",
    "региональный Минстрой", "городская дума", "управление Роспотребнадзора",
    "депутаты АКЗС", "министр здравоохранения", "губернатор", "транспортная компания",
    "жители микрорайона", "главный врач больницы", "управляющая компания",
]
ACTIONS = [
    "объявила о ремонте", "подвела итоги проверки", "пообещала решить вопрос",
    "выделила средства на строительство", "приостановила работы", "запустила программу",
    "назвала сроки открытия", "провела совещание по поводу", "обратилась в суд из-за",
    "опубликовала отчет о", "начала расследование по факту", "утвердила план",
]
OBJECTS = [
    "дороги на проспекте Ленина", "новой поликлиники", "школы в Власихе", "моста через Обь",
    "трамвайных путей", "детского сада", "котельной", "больницы скорой помощи",
    "сквера на улице Малахова", "аэропорта", "водопровода", "онкологического диспансера",
    "спортивного комплекса", "ливневой канализации", "районной библиотеки",
]
DETAILS = [
    "По данным ведомства, работы завершат до конца года.",
    "Стоимость контракта составила {money} млн рублей.",
    "В обсуждении приняли участие {n} человек.",
    "Как уточнили в пресс-службе, сроки могут сдвинуться из-за погоды.",
    "Ранее жители не раз жаловались на ситуацию в соцсетях.",
    "Эксперты считают, что проблема копилась годами.",
    "По словам чиновников, финансирование предусмотрено в краевом бюджете.",
    "Врачи напоминают, что записаться на прием можно через госуслуги.",
    "В ведомстве пообещали вернуться к вопросу через {n} дней.",
    "Подрядчик уже получил аванс в размере {money} млн рублей.",
    "Решение приняли после обращения депутатов.",
    "Министр пообещал лично проконтролировать ход работ.",
]
QUOTES = [
    "«Мы понимаем, что людям нужна ясность, и будем информировать о каждом шаге», — сказал {who}.",
    "«Ситуация под контролем, но расслабляться рано», — отметил {who}.",
    "«Это решение далось непросто, но оно необходимо», — заявил {who}.",
]
PEOPLE = [
    "Дмитрий Попов", "Вячеслав Франк", "Ольга Смирнова", "Андрей Кузнецов", "Елена Ковалева",
    "Сергей Лебедев", "Наталья Волкова", "Игорь Морозов", "Татьяна Соколова", "Павел Новиков",
]
COMMENTERS = [
    "Аноним", "Сибиряк", "Марина", "Житель Барнаула", "Ольга К.", "Старожил", "Виктор",
    "barnaul_22", "Пенсионер", "Татьяна", "Гость", "Николай Петрович", "Алтаечка",
]
COMMENT_LINES = [
    "Опять деньги на ветер.", "Наконец-то, давно пора!", "А что с дорогами во дворах?",
    "Врачи увольняются, а им все равно.", "Интересно, сколько на этот раз украдут.",
    "У нас в районе то же самое.", "Спасибо за новость.", "Министра в отставку!",
    "Кто-нибудь знает, когда откроют?", "Ё-моё, ну сколько можно ждать.",
    "Вот это правильное решение.", "Поживем — увидим.", "Ничего не изменится.",
    "Лучше бы больницу достроили.", "Позвонил в мэрию — никто не знает.",
    "Мой сосед там работает, говорит, все не так просто.", "При чём тут губернатор?",
]
RUBRICS = ["news", "opinions", "razgovor", "resonance"]
TAGS = ["ЖКХ", "медицина", "дороги", "образование", "строительство", "власть", "транспорт", "экология"]


def _sentence(rng: random.Random) -> str:
    template = rng.choice(
        [
            "В {place} {actor} {action} {obj}.",
            "{Actor} {action} {obj} в {place}.",
            "{detail}",
            "{quote}",
        ]
    )
    actor = rng.choice(ACTORS)
    detail = rng.choice(DETAILS).format(money=rng.randint(3, 900), n=rng.randint(5, 300))
    quote = rng.choice(QUOTES).format(who=rng.choice(PEOPLE))
    return template.format(
        place=rng.choice(PLACES),
        actor=actor,
        Actor=actor[:1].upper() + actor[1:],
        action=rng.choice(ACTIONS),
        obj=rng.choice(OBJECTS),
        detail=detail,
        quote=quote,
    )


def paragraphs(rng: random.Random, size_bytes: int) -> list[str]:
    """Paragraphs adding up to about `size_bytes` of UTF-8 text."""
    found, total = [], 0
    while total < size_bytes or len(found) < 2:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        found.append(paragraph)
        total += len(paragraph.encode())
    return found


def title(rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    return f"{actor[:1].upper() + actor[1:]} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} в {rng.choice(PLACES)}"


def comments(
    rng: random.Random, first_id: int, published: datetime, count: int, hidden_share: float = 0.2
) -> list[DemoComment]:
    """A thread in page order: replies follow the comment they answer, in time order."""
    roots: list[DemoComment] = []
    children: dict[int, list[DemoComment]] = {}
    made: list[DemoComment] = []
    moment = published
    for number in range(count):
        moment = moment + timedelta(minutes=rng.randint(1, 90))
        hidden = rng.random() < hidden_share
        lines = [rng.choice(COMMENT_LINES) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        parent = rng.choice(made) if made and rng.random() < 0.4 else None
        quote = None
        if parent is not None and parent.text and rng.random() < 0.3:
            quote = (parent.author, parent.text.split("\n")[0])
        comment = DemoComment(
            id=first_id + number,
            author=rng.choice(COMMENTERS),
            text=None if hidden else "\n".join(lines),
            posted=moment,
            parent=parent.id if parent else None,
            quote=quote,
            likes=rng.randint(0, 40),
            dislikes=rng.randint(0, 15),
        )
        made.append(comment)
        (children.setdefault(parent.id, []) if parent else roots).append(comment)
    ordered: list[DemoComment] = []

    def walk(comment: DemoComment) -> None:
        ordered.append(comment)
        for reply in children.get(comment.id, []):
            walk(reply)

    for root in roots:
        walk(root)
    return ordered


def article(seed: int, site: str, number: int, article_id: int, published: datetime) -> DemoArticle:
    rng = random.Random(f"{seed}/{site}/{number}")
    body = paragraphs(rng, rng.randint(1000, 8000))
    comment_count = rng.choice([0, 0, 1, 3, 5, 8, 12, 20, 35]) if rng.random() > 0.02 else rng.randint(150, 300)
    return DemoArticle(
        id=article_id,
        rubric=rng.choice(RUBRICS),
        title=title(rng),
        paragraphs=body,
        published=published,
        authors=rng.sample(PEOPLE, rng.choice([0, 1, 1, 2])),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        images=[
            DemoImage(
                f"/files/images/news/{published:%Y/%m}/photo_{article_id}.jpg",
                rng.choice(["Вид на город", "Здание мэрии", "Место событий", None]),
                f"Фото: {rng.choice(PEOPLE)}",
            )
        ],
        comments=comments(rng, article_id * 1000, published, comment_count),
    )
