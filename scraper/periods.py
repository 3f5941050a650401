"""A row's date in the full-text index, and a period asked of it.

A search narrowed to a period (the search page's bars, `since` and `until`)
would otherwise read each match's row to learn its date: 1–3 µs a match,
tens of milliseconds for a common word whose matches lie spread over the
whole archive. So the index holds, beside a row's words, terms for the
local day, month and year it was published (`terms`, in the index's
`published_local` column), and a period is a few of those terms joined to
the words (`expression`): FTS5 then finds the rows that have both by
merging two lists of ids.

Each term starts with a private-use character (U+E000) that no keyboard
types and that unicode61 keeps inside a token: a search for "2022" never
finds a row's year. The day is the site's own (`published_local`), as
the search page's dates are.
"""

from __future__ import annotations

from datetime import date, timedelta

MARK = "\ue000"
COLUMN = "published_local"  # the full-text index's column that holds the terms
# A term no row has: the expression of a period with no day in it.
NOTHING = f'{COLUMN} : "{MARK}"'


def terms(published_local: str | None) -> str:
    """The index terms of a local time ('2022-12-15T10:00:00+07:00'): its day,
    month and year; '' for a row with no date."""
    if not published_local or len(published_local) < 10:
        return ""
    year, month, day = published_local[:4], published_local[5:7], published_local[8:10]
    if not (year + month + day).isdigit():
        return ""
    return f"{MARK}{year}{month}{day} {MARK}{year}{month} {MARK}{year}"


def expression(first: date, last: date) -> str:
    """The FTS5 expression of every day from `first` to `last`, both included,
    in as few terms as say it: whole years, whole months, then days."""
    said = []
    day = first
    while day <= last:
        year_end = date(day.year, 12, 31)
        month_end = _month_end(day)
        if (day.month, day.day) == (1, 1) and year_end <= last:
            said.append(f"{day.year:04d}")
            day = year_end
        elif day.day == 1 and month_end <= last:
            said.append(f"{day.year:04d}{day.month:02d}")
            day = month_end
        else:
            said.append(f"{day.year:04d}{day.month:02d}{day.day:02d}")
        if day == date.max:
            break
        day += timedelta(days=1)
    if not said:
        return NOTHING
    return f"{COLUMN} : (" + " OR ".join(f'"{MARK}{term}"' for term in said) + ")"


def _month_end(day: date) -> date:
    if day.month == 12:
        return date(day.year, 12, 31)
    return date(day.year, day.month + 1, 1) - timedelta(days=1)
