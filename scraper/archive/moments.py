"""How a parsed timestamp becomes archive columns."""

from __future__ import annotations

from datetime import datetime, timezone

from scraper.dates import Timestamp


def utc(moment: datetime) -> str:
    """Sortable across sites: ISO 8601 in UTC, e.g. 2022-08-22T09:58:00Z."""
    moment = moment.astimezone(timezone.utc)
    if moment.year < 1000:  # strftime does not pad the year to four digits
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    # isoformat up to the seconds (its "+00:00" cut): the same text as strftime above,
    # in about half the time (a call per comment)
    return moment.isoformat(timespec="seconds")[:19] + "Z"


def moment_values(stamp: Timestamp) -> tuple[str | None, str | None, str | None, str | None]:
    """The four columns of `moment_columns`, in their order, without naming them (a comment row's hot path)."""
    value = stamp.value
    if value is None:
        return None, None, stamp.raw, None
    return utc(value), value.isoformat(), stamp.raw, stamp.precision


def moment_columns(prefix: str, stamp: Timestamp) -> dict[str, str | None]:
    return dict(zip((f"{prefix}_at", f"{prefix}_local", f"{prefix}_raw", f"{prefix}_precision"), moment_values(stamp)))
