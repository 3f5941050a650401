"""The seed article: the Barnaul story the project started from, with its
18 reader comments, read from `data/seed_article.txt`.

The file gives the body, a photo credit line and the comments (a timestamp
line, then the comment's text lines, possibly none). It gives no title,
publication time, authors or reply structure: those below are the demo's.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper.demo.model import DemoArticle, DemoComment, DemoImage

SEED_FILE = Path(__file__).parent / "data" / "seed_article.txt"
BARNAUL = ZoneInfo("Asia/Barnaul")
_STAMP = re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")

SEED_ID = 161417
SEED_TITLE = "Глава Минздрава Алтайского края завел Telegram-канал и страницу «ВКонтакте»"
SEED_PUBLISHED = datetime(2022, 8, 22, 16, 21, tzinfo=BARNAUL)
# Reply tree (1-based positions in the seed: reply -> the comment it answers)
# chosen so that a depth-first walk with replies in time order gives exactly
# the seed's order, where 23.08.2022 16:04 comes before 23.08.2022 10:00.
SEED_REPLIES = {4: 3, 5: 4, 6: 5, 8: 7, 14: 13, 15: 14, 17: 16, 18: 17}
FIRST_COMMENT_ID = 1245871


def read_seed(path: Path = SEED_FILE) -> tuple[list[str], str, list[tuple[str, list[str]]]]:
    """(paragraphs, photo credit line, [(timestamp, text lines)]) as the file has them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    credit_at = next(i for i, line in enumerate(lines) if line.startswith("Фото:"))
    comments: list[tuple[str, list[str]]] = []
    for line in lines[credit_at + 1 :]:
        if _STAMP.match(line):
            comments.append((line, []))
        else:
            comments[-1][1].append(line)
    return lines[:credit_at], lines[credit_at], comments


# The seed-like article of the demo ngs22: the same story and thread, as a
# Hearst Shkulev site would carry it (an 8-digit id, a rubric).
NGS22_SEED_ID = 71510009


def seed_article(article_id: int = SEED_ID, rubric: str = "news") -> DemoArticle:
    paragraphs, credit, raw_comments = read_seed()
    comments = []
    for position, (stamp, text_lines) in enumerate(raw_comments, 1):
        parent = SEED_REPLIES.get(position)
        comments.append(
            DemoComment(
                id=FIRST_COMMENT_ID + position * 3,
                author="Аноним",
                text="\n".join(text_lines) or None,
                posted=datetime.strptime(stamp, "%d.%m.%Y %H:%M").replace(tzinfo=BARNAUL),
                parent=FIRST_COMMENT_ID + parent * 3 if parent else None,
            )
        )
    return DemoArticle(
        id=article_id,
        rubric=rubric,
        title=SEED_TITLE,
        paragraphs=paragraphs,
        published=SEED_PUBLISHED,
        authors=[],
        tags=["Минздрав", "соцсети"],
        images=[DemoImage(f"/files/images/news/2022/08/popov_{article_id}.jpg", None, credit)],
        comments=comments,
    )
