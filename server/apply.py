"""Applying pushed intents on the server, with the conflict rules of DESIGN.md.

- claim: first to reach the server wins; the loser is told who has it and since when;
- replies: only from the current owner, idempotent by event id (never sent twice);
- notes, calls, history: insert-if-absent by id;
- customer fields: last writer wins per field by HLC, clocks from the future clamped,
  lost concurrent edits recorded;
- counters and SLA figures are never synced as editable fields.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from peewee import PostgresqlDatabase

from models.base import derived_id
from server.store import get_entity

Write = Callable[..., None]
MAX_SKEW_MS = 60_000


class RejectedError(Exception):
    """A permanent rejection, acknowledged to the client with its reason."""


def _now_ms() -> int:
    return int(time.time() * 1000)


def clamp_hlc(stamp: str) -> str:
    """Clocks from the future are clamped to the server's now (+ a minute of skew)."""
    try:
        ms, counter, node = stamp.split("-", 2)
        limit = _now_ms() + MAX_SKEW_MS
        if int(ms) > limit:
            return f"{limit:013d}-{counter}-{node}"
        return stamp
    except ValueError:
        return f"{_now_ms():013d}-00000-invalid"


def _hhmm(ms: int | None) -> str:
    if not ms:
        return "?"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%H:%M UTC")


def _agent_name(db: PostgresqlDatabase, agent_id: str | None) -> str:
    if not agent_id:
        return "nobody"
    found = get_entity(db, "agent", agent_id)
    return found[0].get("display_name", "another agent") if found else "another agent"


def _contact(db: PostgresqlDatabase, contact_id: str, lock: bool = True) -> dict[str, Any]:
    found = get_entity(db, "contact", contact_id, lock=lock)
    if found is None:
        raise RejectedError(f"contact {contact_id} is not known to the server")
    return found[0]


def _insert_event(db: PostgresqlDatabase, write: Write, event: dict[str, Any]) -> None:
    if get_entity(db, "event", event["id"]) is None:
        write("event", event["id"], event)


def apply_intent(db: PostgresqlDatabase, write: Write, account: dict[str, Any], name: str,
                 args: dict[str, Any], hlc: str) -> None:
    agent = account["agent_id"]
    now = _now_ms()
    if name == "contact.receive":
        record = args["record"]
        customer_id = args["customer_id"]
        if get_entity(db, "customer", customer_id) is None:
            person = args.get("person") or {}
            write("customer", customer_id, {"id": customer_id,
                                            "name": person.get("name") or "?",
                                            "keys": person.get("keys", [])})
        if get_entity(db, "contact", args["contact_id"]) is None:
            write("contact", args["contact_id"], {
                "id": args["contact_id"], "customer_id": customer_id,
                "channel": record["channel"], "received_at": record["received_at"],
                "subject": record.get("subject", ""), "preview": record.get("body", "")[:160],
                "external_id": record.get("external_id"), "skill": record.get("skill", "general"),
                "priority": record.get("priority", 0), "status": "open", "assigned_to": None,
                "claimed_at": None, "outcome": record.get("outcome")})
            _insert_event(db, write, {"id": derived_id(args["contact_id"], "inbound"),
                                      "contact_id": args["contact_id"],
                                      "customer_id": customer_id, "at": record["received_at"],
                                      "channel": record["channel"], "kind": "inbound",
                                      "agent_id": None, "subject": record.get("subject", ""),
                                      "body": record.get("body", "")})
        return
    if name in ("purchase.record", "invoice.record"):
        kind = name.split(".")[0]
        customer_id = args["customer_id"]
        if get_entity(db, "customer", customer_id) is None:
            person = args.get("person") or {}
            write("customer", customer_id, {"id": customer_id,
                                            "name": person.get("name") or "?",
                                            "keys": person.get("keys", [])})
        entity_id = args[f"{kind}_id"]
        if get_entity(db, kind, entity_id) is None:
            write(kind, entity_id, {**args["record"], "id": entity_id,
                                    "customer_id": customer_id})
        return
    if name in ("invoice.send", "invoice.remind"):
        found = get_entity(db, "invoice", args["invoice_id"], lock=True)
        if found is None:
            raise RejectedError("invoice not known to the server")
        field = "sent_at" if name == "invoice.send" else "reminded_at"
        if not found[0].get(field):
            write("invoice", args["invoice_id"], {**found[0], field: now})
        return
    if name == "invoice.escalate":
        found = get_entity(db, "invoice", args["invoice_id"])
        if found is None or not found[0].get("reminded_at"):
            raise RejectedError("no reminder is recorded for this invoice: remind first")
        return
    if name in ("customer.merge", "customer.unmerge"):
        # merges happen on the server: later edits of the duplicate are redirected by it
        if name == "customer.merge":
            survivor, duplicate = args["survivor_id"], args["duplicate_id"]
            found = get_entity(db, "customer", duplicate, lock=True)
            if found is None or get_entity(db, "customer", survivor) is None:
                raise RejectedError("both customers must be known to the server")
            if found[0].get("merged_into"):
                raise RejectedError("that customer is already merged")
            write("merge", args["merge_id"], {"id": args["merge_id"], "survivor_id": survivor,
                                              "duplicate_id": duplicate, "undone": False,
                                              "evidence": args.get("evidence", [])})
            write("customer", duplicate, {**found[0], "merged_into": survivor}, found[1])
        else:
            merge = get_entity(db, "merge", args["merge_id"], lock=True)
            if merge is None or merge[0].get("undone"):
                raise RejectedError("no such merge to split")
            duplicate = merge[0]["duplicate_id"]
            found = get_entity(db, "customer", duplicate, lock=True)
            write("merge", args["merge_id"], {**merge[0], "undone": True})
            if found is not None:
                write("customer", duplicate, {**found[0], "merged_into": None}, found[1])
        return
    if name == "contact.claim":
        contact = _contact(db, args["contact_id"])
        holder = contact.get("assigned_to")
        if holder and holder != agent:
            raise RejectedError(f"already taken by {_agent_name(db, holder)} at "
                           f"{_hhmm(contact.get('claimed_at'))}")
        if holder != agent:
            write("contact", contact["id"], {**contact, "assigned_to": agent, "claimed_at": now})
        return
    if name == "contact.release":
        contact = _contact(db, args["contact_id"])
        if contact.get("assigned_to") != agent:
            raise RejectedError("you can only hand back contacts that you hold")
        write("contact", contact["id"], {**contact, "assigned_to": None, "claimed_at": None})
        return
    if name == "contact.reply":
        if get_entity(db, "event", args["event_id"]) is not None:
            return  # the same reply again: never sent twice
        contact = _contact(db, args["contact_id"])
        holder = contact.get("assigned_to")
        if holder and holder != agent:
            raise RejectedError(f"not sent: the contact is held by {_agent_name(db, holder)}; your "
                           "text was kept as an internal note")
        if not holder:
            contact = {**contact, "assigned_to": agent, "claimed_at": now}
        if contact.get("status") == "open":
            contact = {**contact, "status": "waiting"}
        write("contact", contact["id"], contact)
        _insert_event(db, write, {"id": args["event_id"], "contact_id": contact["id"],
                                  "customer_id": contact.get("customer_id"), "at": now,
                                  "channel": contact["channel"], "kind": "reply",
                                  "agent_id": agent, "subject": "", "body": args["body"]})
        write("outbound", args["event_id"], {"event_id": args["event_id"],
                                             "contact_id": contact["id"], "body": args["body"],
                                             "state": "queued"})
        return
    if name in ("contact.note", "contact.log_call"):
        contact = _contact(db, args["contact_id"], lock=False)
        kind = "note" if name == "contact.note" else "call"
        body = args.get("body") or args.get("summary") or ""
        _insert_event(db, write, {"id": args["event_id"], "contact_id": contact["id"],
                                  "customer_id": contact.get("customer_id"), "at": now,
                                  "channel": contact["channel"] if kind == "note" else "phone",
                                  "kind": kind, "agent_id": agent, "subject": "", "body": body})
        return
    if name == "contact.set_status":
        contact = _contact(db, args["contact_id"])
        holder = contact.get("assigned_to")
        if holder and holder != agent and account["role"] not in ("supervisor", "admin"):
            raise RejectedError(f"the contact is held by {_agent_name(db, holder)}")
        write("contact", contact["id"], {**contact, "status": args["status"]})
        return
    if name == "task.create":
        if get_entity(db, "task", args["task_id"]) is None:
            write("task", args["task_id"], {**args, "id": args["task_id"], "state": "open",
                                            "owner_id": args.get("owner_id") or agent})
        return
    if name == "task.complete":
        found = get_entity(db, "task", args["task_id"], lock=True)
        if found is not None and found[0].get("state") == "open":
            write("task", args["task_id"], {**found[0], "state": "done"})
        return
    if name == "customer.update":
        found = get_entity(db, "customer", args["customer_id"], lock=True)
        if found is None:
            raise RejectedError("customer not known to the server")
        data, clocks = found
        stamp = clamp_hlc(hlc)
        changed = False
        for field, value in args.get("fields", {}).items():
            if clocks.get(field, "") < stamp:
                data[field] = value
                clocks[field] = stamp
                changed = True
            else:
                db.execute_sql(
                    "INSERT INTO lost_edit (kind, entity_id, field, value, hlc, winner_hlc, login)"
                    " VALUES ('customer', %s, %s, %s, %s, %s, %s)",
                    (args["customer_id"], field, json.dumps(value), stamp, clocks[field],
                     account["login"]))
        if changed:
            write("customer", args["customer_id"], data, clocks)
        return
    # other actions (presence, local admin changes, merges) are recorded on the client's
    # result but have no server-side effect in this protocol version
    return
