"""The valid ranges of team settings, checked in one place for the window and the CLI.

Every check raises :class:`UserFacingError` with one line that names the field, the value
and what is allowed, and returns the value in its stored form. The ops (desktop/ops/agents,
templates, rules), the server's handlers (server/handlers/settings.py, through
models/protocol/settings.py) and the parsers of the command line call these, so a value refused in
the admin screens is refused by ``lastmile agent set`` / ``lastmile rules set`` too.

The ranges, and where they come from:

- skill level 1-3: 1 = learning, 2 = confident, 3 = expert (the demo team, the default
  ``preferred_level`` of 1, and routing, which compares an agent's level with the
  preferred one: a level above 3 would only ever mean "preferred", like 3);
- weekday 0-6 with 0 = Monday (Python's ``date.weekday()``, which the business calendar
  reads); an opening interval is [start, end) in minutes of the local day,
  0 <= start < end <= 1440, intervals of a day in order and not overlapping (a night shift
  is two intervals: 22:00-24:00 and 00:00-06:00 of the next day);
- capacity per channel 0-99 contacts at once (0: the agent takes none on that channel);
- SLA targets 1 minute to 60 days of business minutes (86,400): the calendar looks three
  years ahead for open time, and a target further out than 60 days is no promise;
- the other rules: see ``RULE_RANGES``.
"""

from __future__ import annotations

import re
from typing import Any

from models.errors import UserFacingError, said
from models.protocol.vocabulary import CHANNELS, ROLES

SKILL_LEVELS = (1, 3)
SKILL_LEVEL_NAMES = {1: "learning", 2: "confident", 3: "expert"}
# the names are Messages (str): the window shows them in its language (ui/i18n.user_text)
WEEKDAYS = (
    said("Monday"),
    said("Tuesday"),
    said("Wednesday"),
    said("Thursday"),
    said("Friday"),
    said("Saturday"),
    said("Sunday"),
)
MINUTES_PER_DAY = 24 * 60
CAPACITY_MAX = 99
TARGET_MINUTES = (1, 60 * 24 * 60)
TEMPLATE_PURPOSES = ("reply", "ack")
NAME_MAX = 80

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SKILL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# a template's placeholder: {customer.first_name}, {promise} (desktop/templates.py fills them)
PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

# whole-number rules: (lowest, highest, unit said in the message)
RULE_RANGES: dict[str, tuple[int, int, str]] = {
    "warn_before_breach_minutes": (0, 1440, said("minutes")),
    "relax_after_minutes": (0, 1440, said("minutes")),
    "offer_timeout_seconds": (5, 600, said("seconds")),
    "ack_window_minutes": (0, 10_080, said("minutes")),
    "task_overdue_grace_minutes": (0, 10_080, said("minutes")),
    "follow_up_hours": (1, 720, said("hours")),
    "invoice_reminder_after_days": (0, 365, said("days")),
    "backup_every_hours": (1, 168, said("hours")),
    "backup_keep": (1, 365, said("backups")),
}
# rules that exist but nothing can change: said so instead of accepting a value nothing reads
FIXED_RULES = {
    "priority_boost_minutes": said(
        "is fixed at 30 by the routing index (migration 0003); it cannot be changed"
    ),
}


def placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# -- agents ----------------------------------------------------------------------------


def check_login(login: str) -> str:
    login = login.strip().lower()
    if not _LOGIN.match(login):
        raise UserFacingError.said(
            "login {login!r} must be lower-case letters, digits, '.', '_' or '-' "
            "(at most 64, starting with a letter or digit)",
            login=login,
        )
    return login


def check_display_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise UserFacingError.said("an agent needs a display name (used in replies)")
    if len(name) > NAME_MAX:
        raise UserFacingError.said("a display name has at most {limit} characters", limit=NAME_MAX)
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserFacingError.said("role must be one of: {roles}", roles=", ".join(ROLES))
    return role


def check_team(team: str) -> str:
    team = team.strip()
    if len(team) > 64 or not team.isprintable():
        raise UserFacingError.said(
            "team {team!r}: at most 64 characters on one line", team=team[:64]
        )
    return team


def check_skill_name(name: str) -> str:
    name = name.strip().lower()
    if not _SKILL.match(name):
        raise UserFacingError.said(
            "not a valid skill name: {name!r} (lower-case letters, digits, '_' or '-', no spaces)",
            name=name,
        )
    return name


def check_skill_level(skill: str, level: Any) -> int:
    low, high = SKILL_LEVELS
    if not _whole(level) or not low <= level <= high:
        raise UserFacingError.said(
            "skill level for {skill} must be {low} to {high} ({levels}), not {level!r}",
            skill=skill,
            low=low,
            high=high,
            levels=", ".join(f"{n} {w}" for n, w in SKILL_LEVEL_NAMES.items()),
            level=level,
        )
    return int(level)


def check_skills(skills: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, level in skills.items():
        skill = check_skill_name(str(name))
        if skill in out:
            raise UserFacingError.said("skill {skill} is named twice", skill=skill)
        out[skill] = check_skill_level(skill, level)
    return out


def check_capacity(capacity: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for channel, number in capacity.items():
        if channel not in CHANNELS:
            raise UserFacingError.said(
                "unknown channel {channel!r} in capacity (channels: {channels})",
                channel=channel,
                channels=", ".join(CHANNELS),
            )
        if not _whole(number) or not 0 <= number <= CAPACITY_MAX:
            raise UserFacingError.said(
                "capacity for {channel} must be a whole number from 0 to {highest}, not {number!r}",
                channel=channel,
                highest=CAPACITY_MAX,
                number=number,
            )
        out[channel] = int(number)
    return out


# -- business hours and SLA targets ----------------------------------------------------


def check_business_hours(hours: Any, where: str = "business_hours") -> dict[str, list[list[int]]]:
    """``{"0": [[540, 1020]], ...}``: weekday (0 = Monday) → [start, end) minutes."""
    if not isinstance(hours, dict):
        raise UserFacingError.said(
            '{where} is an object: {{"0": [[540, 1020]], ...}} '
            "(weekday 0 = Monday: [[start minute, end minute]])",
            where=where,
        )
    out: dict[str, list[list[int]]] = {}
    for day, intervals in hours.items():
        try:
            weekday = int(day)
        except (TypeError, ValueError):
            weekday = -1
        if str(day).strip() != str(weekday) or not 0 <= weekday <= 6:
            raise UserFacingError.said(
                "{where}: weekday {day!r} does not exist (0 = Monday ... 6 = Sunday)",
                where=where,
                day=day,
            )
        name = WEEKDAYS[weekday]
        if not isinstance(intervals, list):
            raise UserFacingError.said(
                "{where}: {name} needs a list of [start, end] minutes", where=where, name=name
            )
        checked: list[list[int]] = []
        for interval in intervals:
            if (
                not isinstance(interval, (list, tuple))
                or len(interval) != 2
                or not all(_whole(m) for m in interval)
            ):
                raise UserFacingError.said(
                    "{where}: {name}: {interval!r} is not [start minute, end minute]",
                    where=where,
                    name=name,
                    interval=interval,
                )
            start, end = int(interval[0]), int(interval[1])
            if not 0 <= start < end <= MINUTES_PER_DAY:
                raise UserFacingError.said(
                    "{where}: {name} {start}-{end}: opening must be before closing, "
                    "within the day (00:00-24:00)",
                    where=where,
                    name=name,
                    start=hhmm(max(start, 0)),
                    end=hhmm(max(end, 0)),
                )
            if checked and start < checked[-1][1]:
                raise UserFacingError.said(
                    "{where}: {name}: {start}-{end} overlaps or comes before "
                    "{before_start}-{before_end} (list them in order)",
                    where=where,
                    name=name,
                    start=hhmm(start),
                    end=hhmm(end),
                    before_start=hhmm(checked[-1][0]),
                    before_end=hhmm(checked[-1][1]),
                )
            checked.append([start, end])
        out[str(weekday)] = checked
    return out


_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_day_hours(weekday: int, text: str) -> list[list[int]]:
    """``09:00-12:00, 13:00-17:00`` → [[540, 720], [780, 1020]]; empty: closed that day."""
    name = WEEKDAYS[weekday]
    out: list[list[int]] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        start_text, sep, end_text = part.replace("–", "-").partition("-")
        minutes = []
        for piece in (start_text.strip(), end_text.strip()):
            match = _HHMM.match(piece)
            if not sep or match is None or int(match[2]) > 59 or int(match[1]) > 24:
                raise UserFacingError.said(
                    "{name}: {part!r} is not a time range like 09:00-17:00", name=name, part=part
                )
            minutes.append(int(match[1]) * 60 + int(match[2]))
        out.append(minutes)
    return check_business_hours({str(weekday): out})[str(weekday)]


def format_day_hours(intervals: list[list[int]]) -> str:
    return ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in intervals)


def check_targets(key: str, targets: Any) -> dict[str, int]:
    """SLA targets: channel → business minutes."""
    if not isinstance(targets, dict):
        raise UserFacingError.said(
            '{key} is an object of channel: minutes, e.g. {{"email": 480}}', key=key
        )
    low, high = TARGET_MINUTES
    out: dict[str, int] = {}
    for channel, minutes in targets.items():
        if channel not in CHANNELS:
            raise UserFacingError.said(
                "{key}: {channel!r} is not a channel (channels: {channels})",
                key=key,
                channel=channel,
                channels=", ".join(CHANNELS),
            )
        if not _whole(minutes) or not low <= minutes <= high:
            raise UserFacingError.said(
                "{key}: the target for {channel} must be {low} to {high:,} minutes (60 days), "
                "not {minutes!r}",
                key=key,
                channel=channel,
                low=low,
                high=high,
                minutes=minutes,
            )
        out[channel] = int(minutes)
    return out


def check_timezone(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise UserFacingError.said(
            "unknown time zone {value!r} (e.g. Europe/Berlin)", value=value
        ) from None
    return str(value)


def check_holiday_country(value: Any) -> str:
    code = str(value or "").strip().upper()
    if code:
        import holidays

        if code not in holidays.list_supported_countries():
            raise UserFacingError.said(
                "no holiday calendar for country code {code!r} (two letters, e.g. DE)", code=code
            )
    return code


def check_rule(key: str, value: Any) -> Any:
    """The checks past the type of a rule (desktop/rules.py checks the type first)."""
    if key in FIXED_RULES:
        raise UserFacingError.said("{key} {why}", key=key, why=FIXED_RULES[key])
    if key in RULE_RANGES:
        low, high, unit = RULE_RANGES[key]
        if not _whole(value) or not low <= value <= high:
            raise UserFacingError.said(
                "{key} must be {low} to {high:,} {unit}, not {value!r}",
                key=key,
                low=low,
                high=high,
                unit=unit,
                value=value,
            )
        return value
    if key.endswith("_minutes") and isinstance(value, dict):
        return check_targets(key, value)
    if key == "business_hours":
        return check_business_hours(value)
    if key == "timezone":
        return check_timezone(value)
    if key == "holiday_country":
        return check_holiday_country(value)
    if key == "preferred_level":
        if not isinstance(value, dict):
            raise UserFacingError.said(
                'preferred_level is an object of skill: level, e.g. {{"billing": 2}}'
            )
        return {
            check_skill_name(str(s)): check_skill_level(str(s), lvl) for s, lvl in value.items()
        }
    if key == "skill_team":
        if not isinstance(value, dict):
            raise UserFacingError.said(
                'skill_team is an object of skill: team, e.g. {{"billing": "blue"}}'
            )
        return {check_skill_name(str(s)): check_team(str(t)) for s, t in value.items()}
    if key == "team_hours":
        for team, config in value.items():
            if "business_hours" in config:
                config["business_hours"] = check_business_hours(
                    config["business_hours"], f"team_hours.{team}.business_hours"
                )
        return value
    return value


# -- templates -------------------------------------------------------------------------


def check_template(
    *, name: str, body: str, channel: str, language: str, purpose: str, known: set[str] | None
) -> dict[str, str]:
    """A template's fields in stored form; ``known`` are the placeholders that fill (the
    server, which fills none, passes None)."""
    name = name.strip()
    if not name:
        raise UserFacingError.said("a template needs a name")
    if len(name) > NAME_MAX:
        raise UserFacingError.said("a template name has at most {limit} characters", limit=NAME_MAX)
    if not body.strip():
        raise UserFacingError.said("a template needs a text")
    if channel not in ("", *CHANNELS):
        raise UserFacingError.said(
            "unknown channel {channel!r} (empty for every channel)", channel=channel
        )
    language = language.strip() or "en"
    if not _LANGUAGE.match(language):
        raise UserFacingError.said(
            "language {language!r} is a code like en, de or pt-BR", language=language
        )
    if purpose not in TEMPLATE_PURPOSES:
        raise UserFacingError.said(
            "purpose must be one of: {purposes}",
            purposes=", ".join(TEMPLATE_PURPOSES),
        )
    if known is None:
        return {
            "name": name,
            "body": body,
            "channel": channel,
            "language": language,
            "purpose": purpose,
        }
    used = placeholders(body)
    unknown = [p for p in used if p not in known]
    if unknown:
        raise UserFacingError.said(
            "unknown placeholder(s): {unknown} (known: {known})",
            unknown=", ".join(unknown),
            known=", ".join(sorted(known)),
        )
    if purpose == "ack" and "promise" not in used:
        raise UserFacingError.said("an acknowledgement must name the promise: add {{promise}}")
    return {
        "name": name,
        "body": body,
        "channel": channel,
        "language": language,
        "purpose": purpose,
    }
