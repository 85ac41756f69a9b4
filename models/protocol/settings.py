"""Team settings: what each one may hold, checked the same way on the desktop (before it
is saved) and on the server (before it is kept for the team).

Each check returns None when the value fits, else one line saying what is wrong. Who may
change what is :data:`WHO_MAY` (the server refuses everyone else with that reason).
"""

from __future__ import annotations

import re
from typing import Any

from models.protocol.vocabulary import (
    CHANNELS,
    MAX_CAPACITY,
    MINUTES_PER_DAY,
    PRESENCES,
    SKILL_LEVELS,
    TEMPLATE_PURPOSES,
    WEEKDAYS,
)

SKILL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# the setting kinds the change log carries ("setting" rows: kind, key, data)
AGENT, TEMPLATE, RULE, SUGGESTION = "agent", "template", "rule", "suggestion"

# rule keys and the shape of their values; desktop/rules.py's Rules has exactly these
# fields (tests/test_protocol.py checks it)
RULE_SHAPES: dict[str, str] = {
    "first_response_minutes": "minutes_by_channel",
    "next_response_minutes": "minutes_by_channel",
    "resolution_minutes": "minutes_by_channel",
    "timezone": "timezone",
    "business_hours": "hours",
    "holiday_country": "country",
    "team_hours": "team_hours",
    "skill_team": "text_by_text",
    "warn_before_breach_minutes": "count",
    "preferred_level": "level_by_skill",
    "relax_after_minutes": "count",
    "offer_timeout_seconds": "count",
    "acknowledge": "bool",
    "ack_window_minutes": "count",
    "follow_up_hours": "count",
    "invoice_reminder_after_days": "count",
    "backup_every_hours": "count",
    "backup_keep": "count",
}
REMOVED_RULES = {
    "priority_boost_minutes": "priority_boost_minutes was removed: the boost is fixed at 30 "
    "minutes per priority level (the routing index orders by it)",
}


def check_level(skill: str, level: Any) -> str | None:
    if not isinstance(skill, str) or not SKILL_NAME.match(skill):
        return f"not a valid skill name: {skill!r}"
    if not isinstance(level, int) or isinstance(level, bool) or level not in SKILL_LEVELS:
        return (f"skill level for {skill} must be {SKILL_LEVELS[0]} to {SKILL_LEVELS[-1]}, "
                f"not {level!r}")
    return None


def check_skills(skills: Any) -> str | None:
    if not isinstance(skills, dict):
        return "skills are an object of skill: level"
    for skill, level in skills.items():
        found = check_level(skill, level)
        if found:
            return found
    return None


def check_capacity(capacity: Any) -> str | None:
    if not isinstance(capacity, dict):
        return "capacity is an object of channel: number"
    for channel, number in capacity.items():
        if channel not in CHANNELS:
            return f"unknown channel {channel!r} in capacity"
        if not isinstance(number, int) or isinstance(number, bool) \
                or not 0 <= number <= MAX_CAPACITY:
            return f"capacity for {channel} must be a whole number from 0 to {MAX_CAPACITY}"
    return None


def check_presence(presence: Any) -> str | None:
    if presence not in PRESENCES:
        return f"presence must be one of: {', '.join(PRESENCES)}"
    return None


def check_template(fields: dict[str, Any]) -> str | None:
    name, body = fields.get("name"), fields.get("body")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        return "a template needs a name of at most 100 characters"
    if not isinstance(body, str) or not body.strip() or len(body) > 20_000:
        return "a template needs a text of at most 20,000 characters"
    if fields.get("channel", "") not in ("", *CHANNELS):
        return f"unknown channel {fields.get('channel')!r} for a template"
    language = fields.get("language", "en")
    if not isinstance(language, str) or not 1 <= len(language) <= 10:
        return "a template's language is a short code such as en or de"
    if fields.get("purpose", "reply") not in TEMPLATE_PURPOSES:
        return f"a template's purpose is one of: {', '.join(TEMPLATE_PURPOSES)}"
    return None


def check_hours(hours: Any, what: str = "business_hours") -> str | None:
    """``{"0": [[540, 1020]], ...}``: weekday 0 (Monday) to 6, intervals in minutes."""
    example = f'{what}: {{"0": [[540, 1020]], ...}} (weekday 0-6: [[start minute, end minute]])'
    if not isinstance(hours, dict):
        return example
    for day, intervals in hours.items():
        try:
            weekday = int(day)
        except (TypeError, ValueError):
            return example
        if weekday not in WEEKDAYS:
            return f"{what}: weekday {day} does not exist (0 is Monday, 6 is Sunday)"
        if not isinstance(intervals, list):
            return example
        for interval in intervals:
            if not (isinstance(interval, list) and len(interval) == 2
                    and all(isinstance(m, int) and not isinstance(m, bool) for m in interval)):
                return example
            start, end = interval
            if not 0 <= start < end <= MINUTES_PER_DAY:
                return (f"{what}: {start}-{end} on weekday {day} is not an interval within "
                        f"the day (minutes 0 to {MINUTES_PER_DAY}, start before end)")
    return None


def check_timezone(value: Any) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return f"unknown time zone {value!r}"
    return None


def check_country(value: Any) -> str | None:
    if not isinstance(value, str):
        return "a holiday country is a code such as DE or US"
    if value:
        import holidays

        if value not in holidays.list_supported_countries():
            return f"no holiday calendar for country code {value!r}"
    return None


def check_rule(key: str, value: Any) -> str | None:
    """The value of one rule (already parsed from JSON)."""
    if key in REMOVED_RULES:
        return REMOVED_RULES[key]
    shape = RULE_SHAPES.get(key)
    if shape is None:
        return f"unknown rule {key!r}; known: {', '.join(sorted(RULE_SHAPES))}"
    if shape == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{key} is a whole number of zero or more"
    elif shape == "bool":
        if not isinstance(value, bool):
            return f"{key} is true or false"
    elif shape == "timezone":
        return check_timezone(value)
    elif shape == "country":
        return check_country(value)
    elif shape == "hours":
        return check_hours(value, key)
    elif not isinstance(value, dict):
        return f"{key} is a JSON object"
    elif shape == "minutes_by_channel":
        for channel, minutes in value.items():
            if channel not in CHANNELS or not isinstance(minutes, int) \
                    or isinstance(minutes, bool) or minutes <= 0:
                return (f"{key}: {channel!r} → {minutes!r} is not a channel with a positive "
                        "number of minutes")
    elif shape == "level_by_skill":
        for skill, level in value.items():
            found = check_level(skill, level)
            if found:
                return f"{key}: {found}"
    elif shape == "text_by_text":
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return f"{key} maps text to text"
    elif shape == "team_hours":
        for team, config in value.items():
            if not isinstance(config, dict):
                return f"team_hours.{team} must be an object"
            unknown = set(config) - {"timezone", "business_hours", "holiday_country"}
            if unknown:
                return f"team_hours.{team}: unknown keys {sorted(unknown)}"
            found = (("timezone" in config and check_timezone(config["timezone"]))
                     or ("holiday_country" in config
                         and check_country(config["holiday_country"]))
                     or check_hours(config.get("business_hours", {}),
                                    f"team_hours.{team}.business_hours"))
            if found:
                return found
    return None


def suggestion_key(customer_a: str, customer_b: str) -> str:
    """A merge suggestion is the same on every desktop: the pair of customers."""
    return "|".join(sorted((customer_a, customer_b)))
