"""Reading the timestamps regional sites print, in the site's own time zone.

The archive keeps the raw text beside the parsed value and records how precise
the text was, so a date shown without a time is never presented as a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

# How much of a moment the text actually gave.
MINUTE = "minute"
SECOND = "second"
DAY = "day"


@dataclass(frozen=True)
class Timestamp:
    raw: str | None
    value: datetime | None  # aware, in the site's zone
    precision: str | None

    @classmethod
    def empty(cls) -> "Timestamp":
        return cls(None, None, None)


_NUMERIC = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def read_timestamp(text: str | None, *, tz: str, now: datetime) -> Timestamp:
    """Parse `text` as the site shows it; the raw text is always kept."""
    if not text or not text.strip():
        return Timestamp(text, None, None)
    raw = " ".join(text.split())
    zone = _zone(tz)
    match = _NUMERIC.match(raw)
    if match:
        day, month, year, hour, minute, second = match.groups()
        try:
            value = datetime(
                int(year), int(month), int(day),
                int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone,
            )
        except ValueError:
            return Timestamp(raw, None, None)
        precision = SECOND if second else MINUTE if hour else DAY
        return Timestamp(raw, value, precision)
    parsed = dateparser.parse(
        raw,
        languages=["ru", "en"],
        settings={
            "TIMEZONE": tz,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        },
    )
    if parsed is None:
        return Timestamp(raw, None, None)
    return Timestamp(raw, parsed.astimezone(zone), MINUTE)


def parse_timestamp(text: str, *, tz: str, now: datetime) -> datetime | None:
    """The aware moment `text` names, in zone `tz`, or None if it names none."""
    return read_timestamp(text, tz=tz, now=now).value
