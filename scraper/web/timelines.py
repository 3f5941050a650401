"""What the charts show: a search's hits over time, an article's discussion over time.

Periods are the site's own days (the `published_local` dates): a search
spanning up to two months is drawn by day, a longer one by month. An
article's comments are drawn by hour in its first two days, by day up to
two months, by month beyond.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from markupsafe import Markup

from scraper.web.charts import KIND_COLOURS, MARK_COLOURS, PALETTE, Bar, Mark, Segment, bar_chart
from scraper.web.language import N_, Language

DAYS_MAX = 62  # a longer span is drawn by month
HOURS_MAX = 48  # an article's discussion up to this long is drawn by hour


def _months(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def search_timeline(rows: list[dict], site_titles: dict[str, str], lang: Language,
                    href: Callable[[str, str], str], estimated: bool = False) -> tuple[Markup, int]:
    """The hits of a search per day or month, stacked by site; each bar links to
    `href(since, until)`. `estimated` counts are said to be about so many.
    Returns the chart and the number of undated hits."""
    undated = sum(r["hits"] for r in rows if not r["day"])
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        try:
            day = date.fromisoformat(row["day"]) if row["day"] else None
        except ValueError:
            day = None
        if day:
            counts[day][row["site"]] += row["hits"]
    if not counts:
        return Markup(""), undated
    sites = sorted({site for per_site in counts.values() for site in per_site})
    colours = {site: PALETTE[i % len(PALETTE)] for i, site in enumerate(sites)}
    first, last = min(counts), max(counts)
    if (last - first).days < DAYS_MAX:
        periods = [(first + timedelta(days=n),) * 2 for n in range((last - first).days + 1)]
        label = (lambda start: start.strftime("%d.%m"))
        title = lang.day
    else:
        periods = [(m, _month_end(m)) for m in _months(first, last)]
        label = (lambda start: start.strftime("%m.%Y"))
        title = lang.month
    bars = []
    for start, end in periods:
        per_site: dict[str, int] = defaultdict(int)
        for day, found in counts.items():
            if start <= day <= end:
                for site, hits in found.items():
                    per_site[site] += hits
        total = sum(per_site.values())
        about = (lambda n: lang.gettext(N_("about %(count)s"), count=lang.number(n))) if estimated else lang.number
        segments = [
            Segment(per_site[site], colours[site], f"{site_titles.get(site, site)}: {about(per_site[site])}")
            for site in sites if per_site[site]
        ]
        bars.append(Bar(
            label=label(start),
            title=lang.gettext(N_("%(period)s: %(count)s found"), period=title(start), count=about(total)),
            segments=segments,
            href=href(start.isoformat(), end.isoformat()) if total else None,
        ))
    legend = [(colours[site], site_titles.get(site, site)) for site in sites]
    caption = lang.gettext(N_("How often the words were found, by day and site") if periods[0][0] == periods[0][1]
                           else N_("How often the words were found, by month and site"))
    return bar_chart(bars, legend=legend, caption=caption, css_class="rn-chart rn-timeline"), undated


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def discussion(comments: list[dict], published_local: str | None, edits: list[tuple[str, str]],
               lang: Language) -> Markup:
    """An article's comments over time (hidden and removed ones in their own colours),
    with its publication and edits marked. `edits` are (moment, what) pairs."""
    dated = [(m, c) for c in comments if (m := _moment(c["published_local"]))]
    if not dated:
        return Markup("")
    zone = dated[0][0].tzinfo
    moments = [m for m, _ in dated]
    published = _moment(published_local)
    first = min(moments + ([published] if published else []))
    last = max(moments)
    span = last - first
    if span <= timedelta(hours=HOURS_MAX):
        start = first.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        step = timedelta(hours=1)
        bins = int((last - start) / step) + 1
        edges = [start + n * step for n in range(bins + 1)]
        label, title = (lambda t: t.strftime("%H:00")), (lambda t: t.strftime("%d.%m.%Y %H:00"))
    elif span <= timedelta(days=DAYS_MAX):
        start = first.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        step = timedelta(days=1)
        bins = int((last - start) / step) + 1
        edges = [start + n * step for n in range(bins + 1)]
        label, title = (lambda t: t.strftime("%d.%m")), (lambda t: lang.day(t.date()))
    else:
        months = _months(first.astimezone(zone).date(), last.astimezone(zone).date())
        months.append((months[-1] + timedelta(days=32)).replace(day=1))
        edges = [datetime(m.year, m.month, 1, tzinfo=zone) for m in months]
        label, title = (lambda t: t.strftime("%m.%Y")), (lambda t: lang.month(t.date()))

    def position(moment: datetime) -> float:
        for i in range(len(edges) - 1):
            if edges[i] <= moment < edges[i + 1]:
                return i + (moment - edges[i]) / (edges[i + 1] - edges[i])
        return 0.0 if moment < edges[0] else float(len(edges) - 1)

    kinds = (("shown", N_("shown")), ("hidden", N_("hidden by moderators")), ("removed", N_("removed from the site")))
    bars = []
    for i in range(len(edges) - 1):
        counts = {"shown": 0, "hidden": 0, "removed": 0}
        for moment, comment in dated:
            if edges[i] <= moment < edges[i + 1]:
                kind = "removed" if comment.get("deleted_at") else "hidden" if comment.get("hidden") else "shown"
                counts[kind] += 1
        total = sum(counts.values())
        bars.append(Bar(
            label=label(edges[i]),
            title=lang.gettext(N_("%(period)s: %(count)s"), period=title(edges[i]),
                               count=lang.ngettext("%(num)s comment", "%(num)s comments", total)),
            segments=[Segment(counts[k], KIND_COLOURS[k], f"{lang.gettext(text)}: {counts[k]}") for k, text in kinds],
        ))
    marks = []
    if published:
        marks.append(Mark(position(published), MARK_COLOURS["published"],
                          lang.gettext(N_("Published %(time)s"), time=published.astimezone(zone).strftime("%d.%m.%Y %H:%M"))))
    for moment_text, what in edits:
        moment = _moment(moment_text)
        if moment:
            marks.append(Mark(position(moment), MARK_COLOURS["edited"],
                              f"{what} {moment.astimezone(zone).strftime('%d.%m.%Y %H:%M')}"))
    legend = [(KIND_COLOURS[k], lang.gettext(text)) for k, text in kinds]
    legend += [(MARK_COLOURS["published"], lang.gettext(N_("publication"))),
               (MARK_COLOURS["edited"], lang.gettext(N_("edit")))]
    caption = lang.gettext(N_("Comments over time, with the article's publication and edits"))
    return bar_chart(bars, marks=marks, legend=legend, caption=caption, css_class="rn-chart rn-discussion")
