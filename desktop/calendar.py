"""Business calendars: opening hours in a time zone, minus public holidays.

All arithmetic is done on real (UTC) instants: each open interval of a local
day is turned into a pair of UTC instants, so DST days are 23 or 25 hours long
exactly as the wall clock says. Verified against a brute-force minute counter
(tests/test_calendar.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holiday_data

# weekday (0 = Monday) -> list of (start minute, end minute) in local time
Schedule = dict[int, list[tuple[int, int]]]

OFFICE_HOURS: Schedule = {d: [(9 * 60, 17 * 60)] for d in range(5)}
ALWAYS_OPEN: Schedule = {d: [(0, 24 * 60)] for d in range(7)}
MAX_DAYS = 3 * 366  # a promise further out than this is not a promise


@dataclass(frozen=True)
class BusinessCalendar:
    timezone: str = "UTC"
    schedule: Schedule = field(default_factory=lambda: dict(OFFICE_HOURS))
    holiday_country: str = ""
    extra_holidays: frozenset[date] = frozenset()

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _holidays(self) -> holiday_data.HolidayBase | None:
        if not self.holiday_country:
            return None
        return holiday_data.country_holidays(self.holiday_country)

    def is_holiday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return True
        return self._holidays is not None and day in self._holidays

    def is_open_day(self, day: date) -> bool:
        return bool(self.schedule.get(day.weekday())) and not self.is_holiday(day)

    @cached_property
    def _interval_cache(self) -> dict[date, list[tuple[datetime, datetime]]]:
        return {}

    def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of a local day, as UTC instants (cached per day)."""
        cached = self._interval_cache.get(day)
        if cached is None:
            cached = self._interval_cache[day] = self._compute_intervals(day)
        return cached

    def _compute_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_holiday(day):
            return []
        out = []
        for start, end in self.schedule.get(day.weekday(), []):
            a = self._instant(day, start)
            b = self._instant(day, end)
            if b > a:
                out.append((a, b))
        return out

    def _instant(self, day: date, minute: int) -> datetime:
        if minute >= 24 * 60:
            day, minute = day + timedelta(days=1), minute - 24 * 60
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.tz)
        return local.astimezone(UTC)

    def _days_from(self, instant: datetime) -> Iterator[date]:
        day = instant.astimezone(self.tz).date() - timedelta(days=1)
        for _ in range(MAX_DAYS):
            yield day
            day += timedelta(days=1)

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant after ``minutes`` of open time counted from ``start``."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        remaining = timedelta(minutes=minutes)
        start = start.astimezone(UTC)
        for day in self._days_from(start):
            for a, b in self.intervals(day):
                if b <= start:
                    continue
                a = max(a, start)
                if b - a >= remaining:
                    return a + remaining
                remaining -= b - a
        raise ValueError("the calendar has no open time in the next three years")

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Open minutes in [start, end)."""
        if end <= start:
            return 0.0
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta()
        for day in self._days_from(start):
            if self._instant(day, 0) > end:
                break
            for a, b in self.intervals(day):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += hi - lo
        return total.total_seconds() / 60

    def is_open(self, instant: datetime) -> bool:
        local = instant.astimezone(self.tz)
        if self.is_holiday(local.date()):
            return False
        return any(a <= instant < b for a, b in self.intervals(local.date()))
