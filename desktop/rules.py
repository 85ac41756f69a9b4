"""Admin configuration: SLA targets, business hours, routing and automation rules.

Each setting is declared once with its type and default; values set by an admin
live in the ``rule`` table as JSON and override the defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from typing import Any

from desktop.calendar import ALWAYS_OPEN, OFFICE_HOURS, BusinessCalendar, Schedule
from desktop.clock import Clock
from models import ack
from models.ack import DEFAULT_FIRST_RESPONSE
from models.base import from_ms, to_ms
from models.errors import UserFacingError, said
from models.protocol.settings import REMOVED_RULES, check_rule
from models.protocol.vocabulary import LIVE_CHANNELS
from models.schema import Rule

# channels that work around the clock (live channels are answered when staffed)


@dataclass
class Rules:
    first_response_minutes: dict[str, int] = field(
        default_factory=lambda: dict(DEFAULT_FIRST_RESPONSE)
    )
    next_response_minutes: dict[str, int] = field(
        default_factory=lambda: {c: 2 * m for c, m in DEFAULT_FIRST_RESPONSE.items()}
    )
    resolution_minutes: dict[str, int] = field(
        default_factory=lambda: {c: 5 * m for c, m in DEFAULT_FIRST_RESPONSE.items()}
    )
    # business hours of the contact center
    timezone: str = "UTC"
    business_hours: dict[str, list[list[int]]] = field(
        default_factory=lambda: {str(d): [list(i) for i in v] for d, v in OFFICE_HOURS.items()}
    )
    holiday_country: str = ""
    # per-team hours: {team: {"timezone": ..., "business_hours": ..., "holiday_country": ...}}
    # and which team serves which skill: {skill: team}
    team_hours: dict[str, dict[str, Any]] = field(default_factory=dict)
    skill_team: dict[str, str] = field(default_factory=dict)
    # routing
    # (the priority boost is fixed at 30 minutes per level by the routing index, 0003)
    warn_before_breach_minutes: int = 15
    preferred_level: dict[str, int] = field(default_factory=dict)  # skill -> level
    relax_after_minutes: int = 10
    offer_timeout_seconds: int = 30
    # automation
    acknowledge: bool = True
    ack_window_minutes: int = 60  # at most one acknowledgement per address in this window
    follow_up_hours: int = 24
    invoice_reminder_after_days: int = 0
    # an overdue task alerts its owner at once, their supervisor this much later
    task_overdue_grace_minutes: int = 60
    # safety: rotating backups of the live workspace (desktop/backup.py)
    backup_every_hours: int = 24
    backup_keep: int = 7

    def calendar(self, channel: str | None = None, skill: str | None = None) -> BusinessCalendar:
        """The business calendar for a contact: its team's hours (by skill) or the center's."""
        team = self.team_hours.get(self.skill_team.get(skill or "", ""), {})
        timezone = team.get("timezone", self.timezone)
        if channel in LIVE_CHANNELS:
            return _calendar(timezone, ALWAYS_KEY, "")
        if "business_hours" in team:
            key = _schedule_key(team["business_hours"])
        else:
            key = self._schedule_key
        return _calendar(timezone, key, team.get("holiday_country", self.holiday_country))

    @cached_property
    def _schedule_key(self) -> ScheduleKey:
        return _schedule_key(self.business_hours)

    def target_minutes(self, target: str, channel: str, priority: int = 0) -> float:
        """first (first response), next (answer to a follow-up message) or resolution."""
        table = {
            "first": self.first_response_minutes,
            "next": self.next_response_minutes,
            "resolution": self.resolution_minutes,
        }[target]
        default = {"first": 480, "next": 960, "resolution": 2400}[target]
        return float(table.get(channel, default)) / (1 + max(0, priority))

    def first_response(self, channel: str, priority: int = 0) -> float:
        minutes = float(self.first_response_minutes.get(channel, 480))
        return minutes / (1 + max(0, priority))

    def due_at(
        self,
        channel: str,
        received_at: datetime,
        priority: int = 0,
        skill: str | None = None,
        target: str = "first",
    ) -> datetime:
        return self.calendar(channel, skill).add_minutes(
            received_at, self.target_minutes(target, channel, priority)
        )

    def promise(self, channel: str, priority: int = 0) -> str:
        """The realistic promise named in acknowledgements."""
        return ack.promise(self.first_response(channel, priority), channel)


KEYS = {f.name for f in fields(Rules)}
ScheduleKey = tuple[tuple[int, tuple[tuple[int, int], ...]], ...]
ALWAYS_KEY: ScheduleKey = tuple(sorted((d, tuple(v)) for d, v in ALWAYS_OPEN.items()))


def _schedule_key(hours: dict[str, Any]) -> ScheduleKey:
    return tuple(sorted((int(d), tuple((int(a), int(b)) for a, b in v)) for d, v in hours.items()))


@lru_cache(maxsize=64)
def _calendar(timezone: str, key: ScheduleKey, country: str) -> BusinessCalendar:
    """Calendars are cached: their per-day intervals are then computed once per day."""
    schedule: Schedule = {d: list(v) for d, v in key}
    return BusinessCalendar(timezone, schedule, country)


def load_rules() -> Rules:
    rules = Rules()
    for row in Rule.select():
        if row.key in KEYS:
            setattr(rules, row.key, json.loads(row.value))
    return rules


def parse_value(key: str, text: str) -> Any:
    """A rule's value from the command line (JSON, or plain text for text rules), checked
    as the server checks it (models/protocol/settings.py)."""
    if key not in KEYS:
        raise UserFacingError(
            REMOVED_RULES.get(key)
            or said("unknown rule {key!r}; known: {known}", key=key, known=", ".join(sorted(KEYS)))
        )
    current = getattr(Rules(), key)
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    if isinstance(current, str) and not isinstance(value, str):
        value = str(value)
    found = check_rule(key, value)
    if found:
        raise UserFacingError(found)
    return value


def set_rule(key: str, value: Any, clock: Clock) -> Any:
    """Keep a rule's (checked) value."""
    Rule.insert(
        key=key, value=json.dumps(value), updated_at=clock.now()
    ).on_conflict_replace().execute()
    return value


def rules_json(rules: Rules) -> dict[str, Any]:
    return asdict(rules)


def warn_window(rules: Rules) -> timedelta:
    return timedelta(minutes=rules.warn_before_breach_minutes)


def reload_into(rules: Rules) -> None:
    """The rules as kept in the database, into the object the app works with."""
    fresh = load_rules()
    for key in KEYS:
        setattr(rules, key, getattr(fresh, key))
    rules.__dict__.pop("_schedule_key", None)


# the rules that decide when a contact is due
SLA_RULES = frozenset(
    {
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "timezone",
        "business_hours",
        "holiday_country",
        "team_hours",
        "skill_team",
    }
)


def reschedule(conn: Any, rules: Rules) -> int:
    """Due times of the contacts not yet answered (and resolve-by times of every unresolved
    one) after the SLA targets or business calendars changed; paused ones keep theirs."""
    rows = conn.execute(
        "SELECT id, channel, received_at, priority, skill, thread_id, first_response_at "
        "FROM contact WHERE status <> 'resolved' AND sla_paused_at IS NULL"
    ).fetchall()
    due_rows, resolve_rows = [], []
    for contact_id, channel, received, priority, skill, thread, answered in rows:
        at = from_ms(int(received))
        if answered is None:
            target = "first" if thread in (None, contact_id) else "next"
            due_rows.append(
                (to_ms(rules.due_at(channel, at, priority or 0, skill, target)), contact_id)
            )
        resolve_rows.append(
            (to_ms(rules.due_at(channel, at, priority or 0, skill, "resolution")), contact_id)
        )
    conn.executemany("UPDATE contact SET due_at = ? WHERE id = ?", due_rows)
    conn.executemany("UPDATE contact SET resolve_by = ? WHERE id = ?", resolve_rows)
    return len(resolve_rows)
