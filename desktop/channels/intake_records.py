"""What the HTTP intake does with the records of one request, without HTTP.

Contacts go to the one intake (:meth:`desktop.intake.Intake.ingest`), which validates,
deduplicates by (channel, external id), resolves the customer, acknowledges and routes.
Call events pop the caller's card on the running window (``ringing``) or log the call as
a phone contact with its follow-up (``ended``). Delivery reports update one of our
outbound messages. Every bad record is rejected with its position and reason; the others
go on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from peewee import Database

from desktop import ipc
from desktop.app import Application
from desktop.callpop import identify_caller
from desktop.channels.webhook import record_delivery
from desktop.intake import RecordError, parse_record
from models.base import iso
from models.call_events import call_event, ended_call_contact, short_text
from models.errors import UserFacingError
from models.inbound import Outcome
from models.schema import CHANNELS, Integration
from models.text import clean

DELIVERY_STATES = ("delivered", "failed")
TOUCH_EVERY = timedelta(minutes=1)  # how often last_used_at is written

Popper = Callable[[Path, dict[str, Any]], dict[str, Any]]


def _pop(root: Path, message: dict[str, Any]) -> dict[str, Any]:
    return ipc.send(root, message, timeout=3.0)


class IntakeDoor:
    """Shared by the server's threads: one writer at a time (SQLite has one anyway)."""

    def __init__(self, app: Application, *, popper: Popper = _pop) -> None:
        self.app = app
        self.popper = popper
        self._write = threading.Lock()

    def take(self, gateway: Integration, records: list[tuple[int, Any]]) -> Outcome:
        outcome = Outcome()
        contacts: list[tuple[int, dict[str, Any]]] = []
        for position, raw in records:
            if not isinstance(raw, dict):
                outcome.reject(position, "record is not a JSON object")
                continue
            record = clean(raw)  # NUL and lone surrogates: made storable at the door
            kind = record.get("type", "contact")
            if kind in ("call", "delivery", "contact"):
                channel = "phone" if kind == "call" else (record.get("channel") or gateway.channel)
                if kind == "delivery":
                    channel = gateway.channel
                if channel not in CHANNELS:
                    outcome.reject(
                        position,
                        f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})",
                    )
                    continue
                if channel != gateway.channel:
                    outcome.reject(
                        position, f"this key posts only {gateway.channel} records, not {channel!r}"
                    )
                    continue
            try:
                if kind == "call":
                    contact = self._call(record, position, outcome)
                    if contact is not None:
                        contacts.append((position, contact))
                elif kind == "delivery":
                    self._delivery(gateway, record, position, outcome)
                elif kind == "contact":
                    contacts.append((position, {**record, "channel": channel}))
                else:
                    outcome.reject(
                        position,
                        f"unknown type {kind!r} (expected contact, call "
                        "or delivery; purchases and invoices come by lastmile "
                        "import)",
                    )
            except (RecordError, UserFacingError) as exc:
                outcome.reject(position, str(exc))
        if contacts:
            self._contacts(contacts, outcome)
        self._touch(gateway)
        outcome.accepted.sort(key=lambda a: a["position"])
        outcome.rejected.sort(key=lambda r: r["position"])
        return outcome

    # -- contacts --------------------------------------------------------------------

    def _contacts(self, contacts: list[tuple[int, dict[str, Any]]], outcome: Outcome) -> None:
        keys: dict[int, tuple[str, str]] = {}
        good: list[tuple[int, Any]] = []
        for position, record in contacts:
            try:
                keys[position] = parse_record(record, position).dedupe
            except RecordError as exc:
                outcome.reject(position, str(exc))
                continue
            good.append((position, record))
        if not good:
            return
        with self._write:
            report = self.app.intake.ingest(good, source="http")
            found = _contact_ids(self.app.db, set(keys.values()))
        for rejected in report.rejected:
            outcome.reject(rejected.position, rejected.reason)
            keys.pop(rejected.position, None)
        new = set(report.contact_ids)
        seen: set[tuple[str, str]] = set()
        for position, key in sorted(keys.items()):
            contact_id = found.get(key)
            if key in seen or contact_id not in new:
                outcome.duplicates += 1  # already here, or earlier in this request
            else:
                outcome.accepted.append({"position": position, "contact_id": contact_id})
            seen.add(key)

    # -- calls -----------------------------------------------------------------------

    def _call(
        self, record: dict[str, Any], position: int, outcome: Outcome
    ) -> dict[str, Any] | None:
        """A ringing call pops the card; an ended one becomes a phone contact (returned)."""
        call = call_event(record)
        caller = identify_caller(call.number)  # UserFacingError: not a phone number
        if call.event == "answered":
            outcome.accepted.append({"position": position, "event": call.event})
            return None
        if call.event == "ringing":
            try:
                answer = self.popper(
                    self.app.workspace.root,
                    {"type": "call", "from": caller.number, "to": call.line},
                )
                popped = bool(answer.get("ok", True))
            except UserFacingError:  # no window runs for this workspace
                popped = False
            outcome.accepted.append(
                {
                    "position": position,
                    "event": call.event,
                    "popped": popped,
                    "customer_id": caller.customer_id,
                }
            )
            return None
        return ended_call_contact(
            record,
            call,
            phone=caller.number,
            display=caller.display,
            received_at=iso(self.app.clock.now()) or "",
        )

    # -- delivery reports --------------------------------------------------------------

    def _delivery(
        self, gateway: Integration, record: dict[str, Any], position: int, outcome: Outcome
    ) -> None:
        outbound_id = record.get("id")
        if not isinstance(outbound_id, str) or not outbound_id:
            raise RecordError(
                "a delivery report needs the 'id' of our message (X-Lastmile-Delivery)"
            )
        state = record.get("state")
        if state not in DELIVERY_STATES:
            raise RecordError(f"unknown delivery state {state!r} (expected delivered or failed)")
        reason = short_text(record, "reason", 500)
        with self._write:
            record_delivery(self.app.db, gateway, outbound_id, state, reason, self.app.clock.now())
        outcome.accepted.append({"position": position, "id": outbound_id, "state": state})

    def _touch(self, gateway: Integration) -> None:
        now = self.app.clock.now()
        if gateway.last_used_at is None or now - gateway.last_used_at >= TOUCH_EVERY:
            with self._write:
                Integration.update(last_used_at=now).where(
                    Integration.name == gateway.name
                ).execute()


def _contact_ids(db: Database, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Contact ids by (channel, external id), one query per channel on its index (plain
    SQL: this runs once per request, and building it with peewee cost more than running
    it)."""
    by_channel: dict[str, list[str]] = {}
    for channel, external_id in keys:
        by_channel.setdefault(channel, []).append(external_id)
    found: dict[tuple[str, str], str] = {}
    for channel, ids in by_channel.items():
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            marks = ",".join("?" * len(part))
            for contact_id, external_id in db.execute_sql(
                f"SELECT id, external_id FROM contact WHERE channel = ? AND external_id IN "
                f"({marks})",
                [channel, *part],
            ):
                found[(channel, external_id)] = contact_id
    return found
