"""A long discussion on the article page: deep replies, replies to hidden comments, and when it happened."""

from __future__ import annotations

import re

from scraper.web.present import MAX_INDENT
from tests.web.discussion_archive import DEPTH


def comments(html: str) -> list[tuple[str, str, str]]:
    """(comment id, indent style, level) in page order."""
    return re.findall(r'<li id="comment-(\d+)" class="rn-comment[^"]*" style="margin-left: ([\d.]+)em" '
                      r'data-level="(\d+)"', html)


def block(html: str, comment_id: int) -> str:
    return html.split(f'id="comment-{comment_id}"')[1].split("</li>")[0]


def test_replies_beyond_the_indentation_limit_say_whom_they_answer(discussion):
    html = discussion.get("/archive/-/article/1").text
    chain = comments(html)[: DEPTH + 1]
    assert [int(level) for _, _, level in chain] == list(range(DEPTH + 1))
    indents = [float(indent) for _, indent, _ in chain]
    assert indents[MAX_INDENT:] == [MAX_INDENT * 1.6] * (DEPTH + 1 - MAX_INDENT)  # no deeper than the limit
    for position in range(MAX_INDENT + 1, DEPTH + 1):  # each of those says whom it answers, with a link
        this, parent = int(chain[position][0]), int(chain[position - 1][0])
        assert f'ответ на <a href="#comment-{parent}">Спорщик{position - 1}</a>' in block(html, this)
    assert "ответ на" not in block(html, int(chain[MAX_INDENT][0]))  # indented replies show it by their place


def test_a_reply_to_a_hidden_comment_says_so_in_the_comments_table(discussion):
    rows = discussion.rows("/archive/comments.json?text=" + "Отвечаю на скрытый комментарий.")
    reply, parent = rows[0]["id"], rows[0]["parent_id"]
    html = discussion.get("/archive/comments?id=%d" % reply).text
    assert "None" not in html
    assert f'<a href="/archive/comments/{parent}">комментарий без текста</a>&nbsp;<em>{parent}</em>' in html


def test_the_discussion_over_time_is_drawn_with_hidden_comments_and_edits_marked(discussion):
    html = discussion.get("/archive/-/article/1").text
    chart = re.search(r'<svg class="rn-chart rn-discussion".*?</svg>', html, re.S).group(0)
    bars = re.findall(r"<g><title>([^<]+)</title>", chart)
    # Under two days from publication to the last comment: by hour, Barnaul time.
    assert len(bars) == 46 and bars[0] == "22.08.2022 16:00: 0 комментариев"
    assert bars[1] == "22.08.2022 17:00: 13 комментариев" and bars[-1] == "24.08.2022 13:00: 1 комментарий"
    assert "скрыт модератором: 1</title>" in chart  # the hidden one in its own colour
    assert "Опубликована 22.08.2022 16:30" in chart
    assert "<script" not in chart


def test_an_edit_of_the_article_is_marked_on_its_chart(client):
    html = client.get("/archive/-/article/1").text
    chart = re.search(r'<svg class="rn-chart rn-discussion".*?</svg>', html, re.S).group(0)
    marks = re.findall(r'<g class="rn-mark"><title>([^<]+)</title>', chart)
    assert marks == ["Опубликована 22.08.2022 16:21", "Замечена версия 2 24.08.2022 23:00"]
    assert "удалён с сайта: 1</title>" in chart and "скрыт модератором: 1</title>" in chart
    assert "rn-discussion" not in client.get("/archive/-/article/4").text  # no comments, no chart
