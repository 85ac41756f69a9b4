"""Business-calendar arithmetic against a brute-force minute counter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.calendar import ALWAYS_OPEN, BusinessCalendar

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC")


def brute_minutes(cal: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Count open minutes one by one, reading the wall clock in the calendar's zone."""
    count = 0
    t = start
    while t < end:
        local = t.astimezone(cal.tz)
        minute = local.hour * 60 + local.minute
        if not cal.is_holiday(local.date()) and any(
            a <= minute < b for a, b in cal.schedule.get(local.weekday(), [])
        ):
            count += 1
        t += timedelta(minutes=1)
    return count


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    zone = draw(st.sampled_from(ZONES))
    schedule: dict[int, list[tuple[int, int]]] = {}
    for day in range(7):
        if draw(st.booleans()):
            start = draw(st.integers(4, 12)) * 60 + draw(st.sampled_from((0, 15, 30)))
            end = draw(st.integers(start // 60 + 1, 23)) * 60
            schedule[day] = [(start, end)]
    if not schedule:
        schedule[0] = [(9 * 60, 17 * 60)]
    country = draw(st.sampled_from(("", "DE", "US")))
    return BusinessCalendar(zone, schedule, country)


# instants on whole minutes, around DST changes of both hemispheres
instants = st.builds(
    lambda days, minutes: datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=days, minutes=minutes),
    st.integers(0, 260),
    st.integers(0, 24 * 60 - 1),
)


@settings(max_examples=60, deadline=None)
@given(calendars(), instants, st.integers(0, 4 * 24 * 60))
def test_minutes_between_matches_brute_force(
    cal: BusinessCalendar, start: datetime, length: int
) -> None:
    end = start + timedelta(minutes=length)
    assert cal.minutes_between(start, end) == brute_minutes(cal, start, end)


@settings(max_examples=60, deadline=None)
@given(calendars(), instants, st.integers(1, 3000))
def test_add_minutes_lands_after_exactly_that_much_open_time(
    cal: BusinessCalendar, start: datetime, minutes: int
) -> None:
    due = cal.add_minutes(start, minutes)
    assert cal.minutes_between(start, due) == minutes
    # and not a minute later than needed: the last minute before it was open time
    assert brute_minutes(cal, due - timedelta(minutes=1), due) == 1


def test_dst_day_is_23_hours_when_always_open() -> None:
    cal = BusinessCalendar("Europe/Berlin", dict(ALWAYS_OPEN))
    start = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # local midnight, 29 March (spring)
    assert cal.minutes_between(start, start + timedelta(days=1)) == 24 * 60
    local_day = [iv for iv in cal.intervals(date(2026, 3, 29))]
    assert sum((b - a).total_seconds() for a, b in local_day) == 23 * 3600


def test_holiday_is_closed() -> None:
    cal = BusinessCalendar("Europe/Berlin", {d: [(540, 1020)] for d in range(5)}, "DE")
    christmas = datetime(2026, 12, 25, 10, tzinfo=UTC)  # a Friday
    assert not cal.is_open(christmas)
    # 4 business hours from Thursday 24 Dec 15:00 local: 2h that day... but the 24th is
    # a normal working day in Germany; the 25th and 26th are holidays, 27th a Sunday
    start = datetime(2026, 12, 24, 14, tzinfo=UTC)  # 15:00 in Berlin
    due = cal.add_minutes(start, 240)
    assert due.astimezone(cal.tz).date() == date(2026, 12, 28)
    assert due.astimezone(cal.tz).hour == 11
