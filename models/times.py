"""Time handling shared by every layer: aware UTC datetimes, integer milliseconds, ISO 8601.

Plain standard library (no peewee): the command line's read commands format times
without loading the ORM (models/reader.py). models.base re-exports these.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_ms(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("naive datetime: times must carry a time zone")
    return int(value.timestamp() * 1000)


def from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, as used in every JSON output."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Parse ISO 8601; a time without zone is refused rather than guessed."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"time {text!r} has no time zone")
    return value.astimezone(UTC)
