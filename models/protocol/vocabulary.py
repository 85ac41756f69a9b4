"""The words desktop and server share, and the pure rules both apply the same way.

Imported by models/schema.py (the desktop's tables), server/ (the handlers) and
desktop/ (ops, sync, routing): one declaration, so the two sides cannot drift apart.
"""

from __future__ import annotations

CHANNELS = ("email", "phone", "fax", "chat", "webform", "sms", "social", "session")
ASYNC_CHANNELS = ("email", "fax", "webform", "sms", "social")
LIVE_CHANNELS = ("phone", "chat")  # answered when staffed, around the clock
STATUSES = ("open", "waiting", "resolved")
OPEN_STATUSES = ("open", "waiting")
# one order on both sides (the desktop's choices, the server's accounts)
ROLES = ("agent", "supervisor", "trainee", "admin")
LEADS = ("supervisor", "admin")
PRESENCES = ("available", "busy", "away", "offline")
OUTCOMES = ("completed", "failed", "dropped")
TASK_KINDS = ("follow_up", "callback", "invoice_reminder", "check_back")
TASK_STATES = ("open", "done", "cancelled", "deleted")
TEMPLATE_PURPOSES = ("reply", "ack")
# history lines an action writes that the server does not make itself (it makes replies,
# notes and call logs from the intent): they travel with the intent as ``lines``
SHARED_LINES = ("claim", "status", "task", "merge", "reminder")

INFLUENCER_FOLLOWERS = 10_000  # a social profile with this many followers or more
# the kinds of alert rule (desktop/alerts.py): data per team, synced as team settings
ALERT_RULE_KINDS = ("negativity_spike", "volume_spike", "keyword", "influencer")
FOLLOW_UP_HOURS = 24  # a follow-up after an ended call is due this long after
WEEKDAYS = range(7)  # 0 Monday … 6 Sunday (business hours)
MINUTES_PER_DAY = 24 * 60


def reply_subject(subject: str) -> str:
    """The subject of a reply: "Re: " once, nothing for a contact without a subject."""
    if not subject or subject.lower().startswith("re:"):
        return subject
    return f"Re: {subject}"


def status_after_reply(status: str) -> str:
    """A reply to an open contact waits for the customer; other statuses stay."""
    return "waiting" if status == "open" else status


def may_reply(holder: str | None, agent: str) -> bool:
    """Whoever holds the contact replies; an unheld contact is taken by the replier."""
    return not holder or holder == agent


def is_lead(role: str) -> bool:
    return role in LEADS
