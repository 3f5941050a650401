"""Deterministic Russian news text for the demo sites.

Every article is made from its own random streams (seed, site, number, and a
stream name), so any article of a 100,000-article site can be produced alone,
in any order, with no state kept between them; its headline comes from a
stream of its own, so listings and sitemaps get titles and slugs without
generating bodies and comment threads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from scraper.demo import changes
from scraper.demo.model import DemoArticle, DemoComment, DemoImage
from scraper.demo.words import slug as make_slug

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
    "Андрей С.", "Лена_Бийск", "Дед Мазай", "Водитель", "Мама троих", "Инженер", "Студентка",
    "Рубцовчанин", "Саша", "Врач", "Очевидец", "Любовь Ивановна", "alt_news_reader", "Дачник",
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


COMMENT_OPENERS = [
    "", "", "", "", "Согласен.", "Ну-ну.", "Как всегда.", "Эх...", "Вопрос к автору:", "Смешно.",
    "Честно говоря,", "А я считаю,", "Да ладно!", "Ага, конечно.", "Правильно пишут.",
]
COMMENT_TEMPLATES = [
    "в {place} то же самое, уже {n} лет.", "третий год ждем {obj}, и ничего.",
    "звонил в администрацию {n} раз — без толку.", "у нас во дворе {n} лет ямы не латают.",
    "помню, в {year} году обещали то же самое.", "сколько можно тянуть с ремонтом {obj}?",
    "а кто будет отвечать за сорванные сроки?", "в {place} давно так сделали, и все довольны.",
    "{n} миллионов — и куда они пойдут?", "мой сосед работает в {place}, говорит, все не так просто.",
    "лучше бы дороги в {place} сделали.", "надеюсь, хоть в этот раз доведут до конца.",
    "спасибо журналистам, что пишете об этом.", "в {year} году было лучше, честное слово.",
    "были бы вы в {place} — посмотрели бы сами.", "зато отчитаются красиво, как обычно.",
    "ждем новостей насчет {obj}.", "кто-нибудь знает, что с ремонтом {obj}?",
]
COMMENT_CLOSERS = ["", "", "", "", "", "Позор!", "Ждем.", "Посмотрим.", ")))", "Удачи им.", "Все понятно."]
CAPTIONS = [
    "Вид на город", "Здание мэрии", "Место событий", "Так выглядит объект сейчас", "Проспект Ленина",
    "Совещание в администрации", "Жители у подъезда", "Строительная площадка", None,
]


@dataclass(frozen=True)
class Headline:
    """What listings, feeds and sitemaps need of an article: cheap to make."""

    title: str
    rubric: str
    slug: str


def _rng(seed: int, site: str, number: int, stream: str) -> random.Random:
    return random.Random(f"{seed}/{site}/{number}/{stream}")


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


def paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def paragraphs(rng: random.Random, size_bytes: int) -> list[str]:
    """Paragraphs adding up to about `size_bytes` of UTF-8 text."""
    found, total = [], 0
    while total < size_bytes or len(found) < 2:
        found.append(paragraph(rng))
        total += len(found[-1].encode())
    return found


def title(rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    return f"{actor[:1].upper() + actor[1:]} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} в {rng.choice(PLACES)}"


def headline(seed: int, site: str, number: int, rubrics: tuple[str, ...] = tuple(RUBRICS)) -> Headline:
    rng = _rng(seed, site, number, "headline")
    text = title(rng)
    return Headline(text, rng.choice(rubrics), make_slug(text))


def _comment_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.choice([1, 1, 1, 1, 2, 2, 3, 4])):
        if rng.random() < 0.35:
            lines.append(rng.choice(COMMENT_LINES))
            continue
        core = rng.choice(COMMENT_TEMPLATES).format(
            place=rng.choice(PLACES), n=rng.randint(2, 40), obj=rng.choice(OBJECTS), year=rng.randint(1998, 2021)
        )
        opener = rng.choice(COMMENT_OPENERS)
        if not opener or opener[-1] in ".!?":
            core = core[:1].upper() + core[1:]
        line = f"{opener} {core}".strip()
        closer = rng.choice(COMMENT_CLOSERS)
        lines.append(f"{line} {closer}".strip())
    if rng.random() < 0.05:  # now and then a long one
        lines.append(paragraph(rng))
    return "\n".join(lines)


def comments(
    rng: random.Random, first_id: int, published: datetime, count: int, hidden_share: float = 0.2,
    deletions: tuple[int, str] | None = None,
) -> list[DemoComment]:
    """A thread in page order: replies follow the comment they answer, in time order.

    Now and then two readers argue: a chain of replies, each to the last.
    `deletions` (seed, site) decides which comments without replies a
    moderator later deletes.
    """
    roots: list[DemoComment] = []
    children: dict[int, list[DemoComment]] = {}
    made: list[DemoComment] = []
    moment = published
    chain: list[str] = []  # the two readers of an argument under way
    chain_left = 0
    for number in range(count):
        moment = moment + timedelta(minutes=rng.randint(1, 90))
        hidden = rng.random() < hidden_share
        if chain_left == 0 and made and count - number > 6 and rng.random() < 0.04:
            chain_left = rng.randint(4, 18)
            chain = [made[-1].author, rng.choice(COMMENTERS)]
        if chain_left:
            parent = made[-1]
            author = chain[number % 2]
            chain_left -= 1
        else:
            parent = rng.choice(made[-12:]) if made and rng.random() < 0.35 else None
            author = rng.choice(COMMENTERS)
        text = _comment_text(rng)
        quote = None
        if parent is not None and parent.text and rng.random() < 0.3:
            quote = (parent.author, parent.text.split("\n")[0])
        comment = DemoComment(
            id=first_id + number,
            author=author,
            text=None if hidden else text,
            posted=moment,
            parent=parent.id if parent else None,
            quote=quote,
            likes=rng.randint(0, 40),
            dislikes=rng.randint(0, 15),
        )
        made.append(comment)
        (children.setdefault(parent.id, []) if parent else roots).append(comment)
    if deletions:
        for comment in made:
            if comment.id not in children:
                comment.deleted_at = changes.deletion(*deletions, comment.id, comment.posted)
    ordered: list[DemoComment] = []

    def walk(comment: DemoComment) -> None:
        ordered.append(comment)
        for reply in children.get(comment.id, []):
            walk(reply)

    for root in roots:
        walk(root)
    return ordered


def article(
    seed: int, site: str, number: int, article_id: int, published: datetime,
    rubrics: tuple[str, ...] = tuple(RUBRICS), hidden_share: float = 0.2,
) -> DemoArticle:
    head = headline(seed, site, number, rubrics)
    body = _rng(seed, site, number, "body")
    meta = _rng(seed, site, number, "meta")
    thread = _rng(seed, site, number, "comments")
    if meta.random() > 0.02:
        comment_count = meta.choice([0, 0, 1, 3, 5, 8, 12, 20, 35, 60])
    else:
        comment_count = meta.randint(150, 300)
    return DemoArticle(
        id=article_id,
        rubric=head.rubric,
        title=head.title,
        slug=head.slug,
        paragraphs=paragraphs(body, body.randint(1000, 8000)),
        published=published,
        authors=meta.sample(PEOPLE, meta.choice([0, 1, 1, 2])),
        tags=meta.sample(TAGS, meta.randint(0, 3)),
        images=[
            DemoImage(
                f"/files/images/news/{published:%Y/%m}/photo_{article_id}_{k}.jpg",
                meta.choice(CAPTIONS),
                f"Фото: {meta.choice(PEOPLE)}",
            )
            for k in range(1, meta.choice([1, 1, 1, 2, 3]) + 1)
        ],
        comments=comments(thread, article_id * 1000, published, comment_count, hidden_share, (seed, site)),
    )


def edited(article: DemoArticle, edit: changes.Edit, seed: int, site: str, number: int) -> DemoArticle:
    """The article after `edit`: a reworded title, or a changed or added paragraph."""
    rng = _rng(seed, site, number, f"edit{edit.number}")
    fields = dict(article.__dict__, modified=edit.moment)
    if edit.field == "title":
        fields["title"] = article.title + rng.choice([" — видео", ": подробности", " (обновлено)", " — фото"])
    elif rng.random() < 0.6:
        fields["paragraphs"] = [*article.paragraphs, f"Обновлено в {edit.moment:%H:%M}. {paragraph(rng)}"]
    else:
        changed = list(article.paragraphs)
        changed[rng.randrange(1, len(changed))] = paragraph(rng)
        fields["paragraphs"] = changed
    return DemoArticle(**fields)
