"""Small display helpers: durations, local times, money."""

from __future__ import annotations

from datetime import datetime, timedelta


def duration(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    return f"{hours // 24}d {hours % 24}h"


def time_left(due: datetime | None, now: datetime) -> str:
    if due is None:
        return ""
    delta = due - now
    if delta.total_seconds() >= 0:
        return f"{duration(delta)} left"
    return f"{duration(delta)} late"


def local(value: datetime | None, fmt: str = "%d %b %H:%M") -> str:
    """A UTC time shown in the agent's own time zone."""
    if value is None:
        return ""
    return value.astimezone().strftime(fmt)


def money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"
