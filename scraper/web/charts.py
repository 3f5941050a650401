"""Bar charts drawn on the server as SVG: no script, and they print.

A chart is a row of bars (stacked segments, each bar may link somewhere),
vertical marks at moments between them (an article's publication, its
edits), and a legend. Colours are SVG fills, which browsers print; every
bar and mark carries a <title> a reader sees on hover and a screen reader
reads, and the numbers are in the page's text too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

# Colour-blind-safe (Okabe–Ito), dark enough to print on white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KIND_COLOURS = {"shown": "#0072B2", "hidden": "#E69F00", "removed": "#D55E00"}
MARK_COLOURS = {"published": "#000000", "edited": "#CC79A7", "modified": "#009E73"}

WIDTH, HEIGHT = 760, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 34
MAX_LABELS = 12


@dataclass
class Segment:
    value: int
    colour: str
    title: str


@dataclass
class Bar:
    label: str  # under the axis, when there is room
    title: str  # on hover: the period and its figures
    segments: list[Segment] = field(default_factory=list)
    href: str | None = None

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


@dataclass
class Mark:
    position: float  # in bars: 0 is the left edge of the first bar, len(bars) the right edge of the last
    colour: str
    title: str


def _nice_top(value: int) -> int:
    """The axis top: 1, 2, 5, 10, 20, 50… at or above the tallest bar."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if multiple * magnitude >= value:
                return multiple * magnitude
        magnitude *= 10


def bar_chart(bars: list[Bar], *, marks: list[Mark] = (), legend: list[tuple[str, str]] = (), caption: str,
              css_class: str = "rn-chart") -> Markup:
    """An SVG bar chart; `legend` is (colour, text) pairs, `caption` its accessible name."""
    if not bars:
        return Markup("")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(bars)
    gap = min(2.0, step * 0.15)
    top = _nice_top(max(b.total for b in bars) or 1)
    out = [
        f'<svg class="{css_class}" role="img" viewBox="0 0 {WIDTH} {HEIGHT + (22 if legend else 0)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>{escape(caption)}</title>",
        # the axes and the top of the scale
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT - 3}" y1="{TOP}" x2="{LEFT + plot_w}" y2="{TOP}" stroke="#ddd"/>',
        f'<text x="{LEFT - 5}" y="{TOP + 4}" text-anchor="end" fill="#000">{top}</text>',
        f'<text x="{LEFT - 5}" y="{TOP + plot_h}" text-anchor="end" fill="#000">0</text>',
    ]
    every = max(1, -(-len(bars) // MAX_LABELS))
    for i, bar in enumerate(bars):
        x = LEFT + i * step
        y = TOP + plot_h
        parts = [f"<g><title>{escape(bar.title)}</title>"]
        # a hit area the height of the plot, so thin bars are easy to click
        parts.append(f'<rect x="{x:.1f}" y="{TOP}" width="{step:.1f}" height="{plot_h}" fill="transparent"/>')
        for segment in bar.segments:
            if segment.value <= 0:
                continue
            h = plot_h * segment.value / top
            y -= h
            parts.append(
                f'<rect x="{x + gap / 2:.1f}" y="{y:.1f}" width="{max(step - gap, 0.5):.1f}" height="{h:.1f}" '
                f'fill="{segment.colour}"><title>{escape(segment.title)}</title></rect>'
            )
        parts.append("</g>")
        group = "".join(parts)
        if bar.href:
            group = f'<a href="{escape(bar.href)}" class="rn-bar">{group}</a>'
        out.append(group)
        if i % every == 0:
            out.append(
                f'<text x="{x + step / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" fill="#000">'
                f"{escape(bar.label)}</text>"
            )
    for mark in marks:
        x = LEFT + max(0.0, min(mark.position, len(bars))) * step
        out.append(
            f'<g class="rn-mark"><title>{escape(mark.title)}</title>'
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="{mark.colour}" '
            f'stroke-width="2" stroke-dasharray="4 2"/>'
            f'<polygon points="{x - 5:.1f},{TOP} {x + 5:.1f},{TOP} {x:.1f},{TOP + 7}" fill="{mark.colour}"/></g>'
        )
    x = LEFT
    for colour, text in legend:
        out.append(
            f'<rect x="{x}" y="{HEIGHT + 6}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{HEIGHT + 15}" fill="#000">{escape(text)}</text>'
        )
        x += 24 + 7 * len(text)
    out.append("</svg>")
    return Markup("".join(out))
