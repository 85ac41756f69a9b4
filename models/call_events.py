"""A telephone system's call events at the HTTP intake (ringing, answered, ended), read
the same way by the desktop's intake (desktop/channels/intake_records.py) and the
server's (server/intake.py): the fields of an event, and the phone contact an ended call
becomes. What a ringing call does differs (the desktop pops the card, the server cannot)
and stays with each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.inbound import RecordError

CALL_EVENTS = ("ringing", "answered", "ended")
CALL_OUTCOMES = ("completed", "failed", "dropped")
MAX_DURATION_S = 86_400


@dataclass(frozen=True)
class CallEvent:
    event: str
    number: str  # as sent (the caller's number, not yet normalised)
    line: str
    agent: str
    call_id: str


def short_text(record: dict[str, Any], key: str, limit: int) -> str:
    """An optional text field of at most ``limit`` characters, stripped ('' when absent)."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be text")
    if len(value) > limit:
        raise RecordError(f"field {key!r} is longer than {limit} characters")
    return value.strip()


def call_event(record: dict[str, Any]) -> CallEvent:
    """The fields of a call record, checked (RecordError with the reason)."""
    event = record.get("event")
    if event not in CALL_EVENTS:
        raise RecordError(f"unknown call event {event!r} (expected {', '.join(CALL_EVENTS)})")
    number = record.get("from")
    if not isinstance(number, str) or not number.strip():
        raise RecordError("a call needs 'from': the caller's number")
    return CallEvent(
        event=str(event),
        number=number.strip(),
        line=short_text(record, "line", 200),
        agent=short_text(record, "agent", 100),
        call_id=short_text(record, "call_id", 1000),
    )


def ended_call_contact(
    record: dict[str, Any], call: CallEvent, *, phone: str, display: str, received_at: str
) -> dict[str, Any]:
    """The phone contact (an inbound record) an ended call becomes: its outcome and length
    in words, once per call id. ``phone``: the caller's normalised number, ``display``:
    how it is written for people; ``received_at``: when the record says, else now."""
    if not call.call_id:
        raise RecordError("an ended call needs its 'call_id' (so that it is logged once)")
    outcome = record.get("outcome") or "completed"
    if outcome not in CALL_OUTCOMES:
        raise RecordError(f"unknown outcome {outcome!r} (expected {', '.join(CALL_OUTCOMES)})")
    duration = record.get("duration_seconds")
    if duration is not None and (
        isinstance(duration, bool)
        or not isinstance(duration, int)
        or not 0 <= duration <= MAX_DURATION_S
    ):
        raise RecordError("duration_seconds must be a whole number of seconds (at most a day)")
    said = [f"{outcome.capitalize()} call"]
    if duration is not None:
        said.append(f"{duration // 60} min {duration % 60:02d} s")
    if call.line:
        said.append(f"on {call.line}")
    if call.agent:
        said.append(f"with {call.agent}")
    return {
        "type": "contact",
        "channel": "phone",
        "external_id": call.call_id,
        "received_at": record.get("at") or received_at,
        "from": {"phone": phone},
        "subject": f"Call from {display}",
        "body": ", ".join(said),
        "outcome": outcome,
        "skill": record.get("skill"),
    }
