"""SVG bar charts drawn on the server: scaled, linked, marked, and nothing archived runs in them."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from scraper.web.charts import HEIGHT, Bar, Mark, Segment, _nice_top, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_scale_tops_at_one_two_or_five_times_a_power_of_ten():
    assert [_nice_top(v) for v in (1, 2, 3, 7, 10, 11, 99, 101, 1642)] == [1, 2, 5, 10, 10, 20, 100, 200, 2000]


def test_bars_stack_their_segments_and_link_their_period():
    bars = [
        Bar("01.08", "1 August", [Segment(3, "#111111", "a: 3"), Segment(2, "#222222", "b: 2")], href="?since=2022-08-01"),
        Bar("02.08", "2 August", [Segment(10, "#111111", "a: 10")]),
    ]
    svg = bar_chart(bars, marks=[Mark(1.5, "#000000", "edited")], legend=[("#111111", "a")], caption="hits")
    tree = ElementTree.fromstring(str(svg))
    assert tree.find(f"{SVG}title").text == "hits"
    links = tree.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["?since=2022-08-01"]  # a bar with no link is not one
    heights = {r.find(f"{SVG}title").text: float(r.get("height")) for r in tree.iter(f"{SVG}rect")
               if r.find(f"{SVG}title") is not None}
    assert heights["a: 10"] == HEIGHT - 10 - 34  # the tallest bar fills the plot (top of the scale: 10)
    assert heights["a: 3"] / heights["b: 2"] == 1.5
    assert [t.text for t in tree.iter(f"{SVG}title")].count("edited") == 1


def test_text_in_a_chart_is_escaped():
    svg = str(bar_chart([Bar("<b>", "<script>alert(1)</script>", [Segment(1, "#000", "x")])], caption="<i>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert re.search(r"<svg [^>]*role=\"img\"", svg)


def test_no_bars_no_chart():
    assert str(bar_chart([], caption="nothing")) == ""
