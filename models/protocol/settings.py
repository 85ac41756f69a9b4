"""Team settings: what each one may hold, checked the same way on the desktop (before it
is saved) and on the server (before it is kept for the team).

Each check returns None when the value fits, else one line saying what is wrong: the
shape here, the ranges from models/protocol/validation.py (the window and the CLI raise
the same lines from there). Who may change what: server/handlers/settings.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from models.errors import UserFacingError, said
from models.protocol import validation
from models.protocol.vocabulary import ALERT_RULE_KINDS, CHANNELS, PRESENCES

SKILL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# the setting kinds the change log carries ("setting" rows: kind, key, data)
AGENT, TEMPLATE, RULE, SUGGESTION = "agent", "template", "rule", "suggestion"
ALERT_RULE = "alert_rule"
ALERT_ACK = "alert_ack"  # an alert acknowledged for the team (key: the alert's id)
# an alert rule's limits: words and handles per rule, and the threshold's range per kind
# (a ratio over the baseline for the spikes, a follower count for influencers)
ALERT_WORDS_MAX, ALERT_WORD_CHARS = 50, 64
SPIKE_RATIO = (1.2, 100.0)
FOLLOWERS = (1, 1_000_000_000)

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
    "task_overdue_grace_minutes": "count",
    "follow_up_hours": "count",
    "invoice_reminder_after_days": "count",
    "backup_every_hours": "count",
    "backup_keep": "count",
}
# rules that were removed because nothing read them, and why
REMOVED_RULES = {
    key: said("{key} {why}", key=key, why=why) for key, why in validation.FIXED_RULES.items()
}


def _said(check: Callable[[], Any]) -> str | None:
    """None when the check passes, else its one line."""
    try:
        check()
    except UserFacingError as exc:
        return exc.message
    return None


def check_level(skill: str, level: Any) -> str | None:
    return _said(lambda: validation.check_skill_level(validation.check_skill_name(skill), level))


def check_skills(skills: Any) -> str | None:
    if not isinstance(skills, dict):
        return said("skills are an object of skill: level")
    return _said(lambda: validation.check_skills(skills))


def check_capacity(capacity: Any) -> str | None:
    if not isinstance(capacity, dict):
        return said("capacity is an object of channel: number")
    return _said(lambda: validation.check_capacity(capacity))


def check_presence(presence: Any) -> str | None:
    if presence not in PRESENCES:
        return said("presence must be one of: {presences}", presences=", ".join(PRESENCES))
    return None


def check_template(fields: dict[str, Any]) -> str | None:
    if not all(
        isinstance(fields.get(k, ""), str)
        for k in ("name", "body", "channel", "language", "purpose")
    ):
        return said("a template's fields are text")
    return _said(
        lambda: validation.check_template(
            name=fields.get("name", ""),
            body=fields.get("body", ""),
            channel=fields.get("channel", ""),
            language=fields.get("language", "en"),
            purpose=fields.get("purpose", "reply"),
            known=None,
        )
    )


def check_rule(key: str, value: Any) -> str | None:
    """The value of one rule (already parsed from JSON): its shape here, then its range
    (models/protocol/validation.py)."""
    found = _check_shape(key, value)
    if found is None:
        found = _said(lambda: validation.check_rule(key, value))
    return found


def _check_shape(key: str, value: Any) -> str | None:
    """The JSON shape of a rule's value (the ranges and the details: validation.py)."""
    if key in REMOVED_RULES:
        return REMOVED_RULES[key]
    shape = RULE_SHAPES.get(key)
    if shape is None:
        return said(
            "unknown rule {key!r}; known: {known}", key=key, known=", ".join(sorted(RULE_SHAPES))
        )
    if shape == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return said("{key} is a whole number of zero or more", key=key)
    elif shape == "bool":
        if not isinstance(value, bool):
            return said("{key} is true or false", key=key)
    elif shape in ("timezone", "country"):
        if not isinstance(value, str):
            return said("{key} is text", key=key)
    elif not isinstance(value, dict):
        return said("{key} is a JSON object", key=key)
    elif shape == "team_hours":
        for team, config in value.items():
            if not isinstance(config, dict):
                return said("team_hours.{team} must be an object", team=team)
            unknown = set(config) - {"timezone", "business_hours", "holiday_country"}
            if unknown:
                return said(
                    "team_hours.{team}: unknown keys {keys}", team=team, keys=sorted(unknown)
                )
            zone, country = config.get("timezone"), config.get("holiday_country")
            found = (zone is not None and _said(partial(validation.check_timezone, zone))) or (
                country is not None and _said(partial(validation.check_holiday_country, country))
            )
            if found:
                return found
    return None


def suggestion_key(customer_a: str, customer_b: str) -> str:
    """A merge suggestion is the same on every desktop: the pair of customers."""
    return "|".join(sorted((customer_a, customer_b)))


def check_alert_rule(fields: dict[str, Any]) -> str | None:
    """An alert rule's fields (kind, channel, keywords, watch, threshold): None when they
    fit, else one line. The same check on the desktop (before saving) and the server."""
    kind = fields.get("kind")
    if kind not in ALERT_RULE_KINDS:
        return said(
            "an alert rule's kind is one of: {kinds}",
            kinds=", ".join(ALERT_RULE_KINDS),
        )
    channel = fields.get("channel") or ""
    if channel not in ("", *CHANNELS):
        return said(
            "unknown channel {channel!r} (channels: {channels})",
            channel=channel,
            channels=", ".join(CHANNELS),
        )
    lists = {k: fields.get(k) or [] for k in ("keywords", "watch")}
    for key, words in lists.items():
        if not isinstance(words, list) or len(words) > ALERT_WORDS_MAX:
            return said(
                "{key} is a list of at most {limit} words",
                key=key,
                limit=ALERT_WORDS_MAX,
            )
        for word in words:
            if not isinstance(word, str) or not 1 <= len(word.strip()) <= ALERT_WORD_CHARS:
                return said(
                    "{key}: each is 1 to {limit} characters, not {word!r}",
                    key=key,
                    limit=ALERT_WORD_CHARS,
                    word=word,
                )
            if not word.isprintable():
                return said("{key}: {word!r} is not on one line", key=key, word=word[:20])
    if kind == "keyword" and not lists["keywords"]:
        return said("a keyword rule needs at least one --keyword")
    if kind == "influencer" and lists["keywords"]:
        return said(
            "an influencer rule takes --watch handles and --threshold followers, no keywords"
        )
    if kind != "influencer" and lists["watch"]:
        return said("only an influencer rule has a --watch list")
    return _check_threshold(kind, fields.get("threshold"))


def _check_threshold(kind: str, threshold: Any) -> str | None:
    if threshold is None:
        return None
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
        return said("the threshold is a number")
    if kind == "influencer":
        low, high = FOLLOWERS
        if threshold != int(threshold) or not low <= threshold <= high:
            return said(
                "an influencer threshold is a follower count from {low} to {high:,}",
                low=low,
                high=high,
            )
    else:
        low_r, high_r = SPIKE_RATIO
        if not low_r <= threshold <= high_r:
            return said(
                "a spike threshold is how many times the baseline, from {low:g} to {high:g} "
                "(e.g. 2 = twice the usual), not {threshold!r}",
                low=low_r,
                high=high_r,
                threshold=threshold,
            )
    return None
