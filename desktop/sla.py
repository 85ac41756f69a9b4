"""Service-level targets: when a contact is due.

The foundation uses calendar time per channel and priority; business hours
and holidays come with the routing work (issue 5).
"""

from __future__ import annotations

from datetime import datetime, timedelta

FIRST_RESPONSE_TARGETS: dict[str, timedelta] = {
    "phone": timedelta(hours=1),  # callbacks and voicemail
    "chat": timedelta(minutes=5),
    "session": timedelta(hours=4),
    "sms": timedelta(hours=4),
    "social": timedelta(hours=2),
    "email": timedelta(hours=24),
    "webform": timedelta(hours=24),
    "fax": timedelta(hours=24),
}


def first_response_target(channel: str, priority: int = 0) -> timedelta:
    target = FIRST_RESPONSE_TARGETS.get(channel, timedelta(hours=24))
    if priority > 0:
        target = target / (1 + priority)
    return target


def due_at(channel: str, received_at: datetime, priority: int = 0) -> datetime:
    return received_at + first_response_target(channel, priority)


def promise_text(channel: str, priority: int = 0) -> str:
    """The realistic promise named in acknowledgements: 'within 4 hours'."""
    minutes = int(first_response_target(channel, priority).total_seconds() // 60)
    if minutes < 60:
        return f"within {minutes} minutes"
    hours = minutes // 60
    if hours < 48:
        return f"within {hours} hour{'s' if hours != 1 else ''}"
    return f"within {hours // 24} days"
