"""Small display helpers: durations, times in human words, money — in the user's locale.

``when`` says a moment the way a colleague would: "today 09:10", "tomorrow 14:59",
"yesterday 17:02", "Friday 08:00" within the week, else the locale's short date
("2 Dec 2026 14:59" / "02.12.26 14:59"). Words come from the catalogue (context
"Formatting"), day names and dates from QLocale (set by ui/i18n.install_translator).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime


def tr(text: str) -> str:
    return QCoreApplication.translate("Formatting", text)


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
        return tr("{duration} left").format(duration=duration(delta))
    return tr("{duration} late").format(duration=duration(delta))


def local(value: datetime | None, fmt: str = "%d %b %H:%M") -> str:
    """A UTC time shown in the agent's own time zone."""
    if value is None:
        return ""
    return value.astimezone().strftime(fmt)


def _clock(moment: datetime, locale: QLocale) -> str:
    return locale.toString(QTime(moment.hour, moment.minute), "HH:mm")


def when(value: datetime | None, now: datetime | None = None, locale: QLocale | None = None) -> str:
    """A moment in the user's time zone and words: "tomorrow 14:59" / "morgen 14:59"."""
    if value is None:
        return ""
    locale = locale or QLocale()
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    moment = value.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = _clock(moment, locale)
    days = (moment.date() - today).days
    if days == 0:
        return tr("today {time}").format(time=clock)
    if days == 1:
        return tr("tomorrow {time}").format(time=clock)
    if days == -1:
        return tr("yesterday {time}").format(time=clock)
    if 1 < days < 7:
        day = locale.dayName(moment.isoweekday(), QLocale.FormatType.LongFormat)
        return f"{day} {clock}"
    return f"{_date(moment.date(), locale)} {clock}"


def day(
    value: datetime | date | None, locale: QLocale | None = None, *, weekday: bool = False
) -> str:
    """A date in the user's locale ("02.12.26" / "12/2/26"; with the weekday: "Mi., 02.12.26")."""
    if value is None:
        return ""
    locale = locale or QLocale()
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone().date()
    text = _date(value, locale)
    if weekday:
        name = locale.dayName(value.isoweekday(), QLocale.FormatType.ShortFormat)
        text = f"{name} {text}"
    return text


def month(value: datetime | None, locale: QLocale | None = None) -> str:
    """Month and year in the user's locale ("Dec 2026" / "Dez. 2026")."""
    if value is None:
        return ""
    moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone()
    return (locale or QLocale()).toString(QDate(moment.year, moment.month, 1), "MMM yyyy")


def clock(value: datetime, locale: QLocale | None = None) -> str:
    """Weekday and time as they are at ``value``'s own offset (a customer's local time):
    "Wed 14:59" / "Mi. 14:59"."""
    locale = locale or QLocale()
    name = locale.dayName(value.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{name} {_clock(value, locale)}"


def _date(day: date, locale: QLocale) -> str:
    value = QDate(day.year, day.month, day.day)
    if locale.language() == QLocale.Language.C:
        # no language set (LANG=C): "15 Dec 2025", this year "13 Nov" (not "15 12 2025")
        shape = "d MMM" if day.year == date.today().year else "d MMM yyyy"
        return QLocale(QLocale.Language.English).toString(value, shape)
    return locale.toString(value, QLocale.FormatType.ShortFormat)


def number(value: float, decimals: int = 0, locale: QLocale | None = None) -> str:
    """1234.5 → "1,234.5" (en) / "1.234,5" (de); the C locale (no language set) reads
    like English."""
    locale = locale or QLocale()
    if locale.language() == QLocale.Language.C:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale.toString(float(value), "f", decimals)


def money(cents: int, currency: str, locale: QLocale | None = None) -> str:
    return f"{number(cents / 100, 2, locale)} {currency}"
