"""``POST /v1/intake`` on the sync server: chat, web forms, SMS, social, fax, online
sessions and PBX call events straight into a team's queue, without a desktop running.

The same inbound JSON as the desktop's intake (``lastmile intake serve``), validated by the
same code (:func:`models.inbound.parse_record`), so a record is refused for the same reason
wherever it is posted. Each integration has its own key (``lastmile-server integration add
NAME --team T --channel C`` prints it once; the server keeps a salted SHA-256 of it) and
posts only its channel, into its team.

A contact goes in through the ``contact.receive`` handler desktops push to
(:mod:`server.apply`), inside one transaction with the team's change log: desktops get the
customer, the contact, its first message, the acknowledgement and the follow-up by sync.
Idempotent on (channel, external id) within the team. Every bad record is rejected with its
position and reason, the good ones of the same request go in; no input makes a 5xx.

Call events: ``ended`` logs the call as a phone contact with a follow-up; ``answered`` is
taken and not recorded; ``ringing`` is answered with the caller's customer id and
``popped: false`` — the server has no window to pop (point the PBX at the desktop's own
intake, or ``lastmile call``, for card pops). Delivery reports update one of our outbound
messages of the integration's channel.

Why ~520 lines: the server's path for one inbound record, from validation to
storage and the change log, read top to bottom.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from peewee import Database

from models import ack
from models.base import derived_id, iso, new_id, to_ms
from models.call_events import call_event, ended_call_contact, short_text
from models.identity import InvalidIdentityError, display_phone, normalize_phone
from models.inbound import Item, Outcome, RecordError, parse_record
from models.protocol import intents
from models.protocol.settings import RULE, TEMPLATE
from models.schema import ASYNC_CHANNELS, CHANNELS
from models.text import clean
from server import store
from server.apply import RejectedError, apply_intent
from server.channels import secrets as sealed
from server.channels.threads import not_delivered
from server.models import Integration, Outbound, TeamSetting, server_db

log = logging.getLogger("lastmile.server.intake")

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
KEY = re.compile(r"^lmk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}$")
GATEWAY_CHANNELS = ("sms", "chat", "social")  # replies leave by the integration's webhook
DELIVERY_STATES = ("delivered", "failed")
TOUCH_EVERY_MS = 60_000
FOLLOW_UP_HOURS = 24
FRESH_MS = 24 * 3_600_000  # older contacts are history: no acknowledgement, no follow-up
ACK_WINDOW_MS = 60 * 60_000  # at most one acknowledgement per address in this window
ACK_TEXT = "Hello {name}, we received your message and will answer as soon as we can."


class IntakeError(Exception):
    """An admin's mistake (bad name, unknown team...), said in one line."""


# -- integrations ----------------------------------------------------------------------------


def key_hash(salt: str, key: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + key.encode()).hexdigest()


def add_integration(db: Database, name: str, *, team: str, channel: str, webhook: str = "") -> str:
    """A new integration of ``team``; returns its key (the only time it is seen)."""
    if not NAME.match(name):
        raise IntakeError(f"{name!r}: an integration name is letters, digits, '.', '_' or '-'")
    if not team.strip() or len(team) > 64:
        raise IntakeError("a team name is 1-64 characters")
    if channel not in CHANNELS:
        raise IntakeError(f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})")
    if webhook:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IntakeError(f"{webhook!r}: the webhook must be an http:// or https:// URL")
        if channel not in GATEWAY_CHANNELS:
            raise IntakeError(
                f"replies on {channel} do not leave by webhook (only {', '.join(GATEWAY_CHANNELS)})"
            )
    key_id = secrets.token_hex(6)
    key = f"lmk_{key_id}_{secrets.token_urlsafe(32)}"
    salt = secrets.token_hex(16)
    with db.atomic():
        if Integration.get_or_none(Integration.name == name) is not None:
            raise IntakeError(f"there is already an integration {name!r} (remove it first)")
        Integration.create(
            name=name,
            team=team,
            channel=channel,
            key_id=key_id,
            key_salt=salt,
            key_hash=key_hash(salt, key),
            webhook_url=webhook,
            key_sealed=sealed.seal(key) if webhook else "",
            created_at=store.now_ms(),
        )
    return key


def remove_integration(db: Database, name: str) -> None:
    with db.atomic():
        if Integration.delete().where(Integration.name == name).execute() == 0:
            raise IntakeError(f"no integration {name!r}")


def list_integrations() -> list[dict[str, Any]]:
    return [
        {
            "name": i.name,
            "team": i.team,
            "channel": i.channel,
            "webhook": i.webhook_url,
            "created_at": i.created_at,
            "last_used_at": i.last_used_at,
        }
        for i in Integration.select().order_by(Integration.team, Integration.name)
    ]


def verify(key: str) -> Integration | None:
    """The integration this key belongs to, or None (a constant-time comparison)."""
    found = KEY.match(key or "")
    if found is None:
        return None
    row = Integration.get_or_none(Integration.key_id == found.group(1))
    if row is None or not hmac.compare_digest(row.key_hash, key_hash(row.key_salt, key)):
        return None
    return row


# -- taking records ----------------------------------------------------------------------------


def take(db: Database, gateway: Integration, records: list[tuple[int, Any]]) -> Outcome:
    """The records of one request from ``gateway``, in one transaction of its team (each
    record in its own savepoint: a refused one leaves nothing behind)."""
    outcome = Outcome()
    contacts: list[tuple[int, dict[str, Any]]] = []
    for position, raw in records:
        try:
            record = _checked(raw)
            kind = record.get("type", "contact")
            if kind not in ("contact", "call", "delivery"):
                raise RecordError(
                    f"unknown type {kind!r} (expected contact, call or delivery; purchases "
                    "and invoices come by lastmile import)"
                )
            channel = {"call": "phone", "delivery": gateway.channel}.get(
                kind, record.get("channel") or gateway.channel
            )
            if channel not in CHANNELS:
                raise RecordError(
                    f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})"
                )
            if channel != gateway.channel:
                raise RecordError(f"this key posts only {gateway.channel} records, not {channel!r}")
            if kind == "call":
                contact = _call(gateway.team, record, position, outcome)
                if contact is not None:
                    contacts.append((position, contact))
            elif kind == "delivery":
                _delivery(db, gateway, record, position, outcome)
            else:
                contacts.append((position, {**record, "channel": channel}))
        except RecordError as exc:
            outcome.reject(position, str(exc))
    if contacts:
        receive(db, gateway.team, contacts, outcome, source=f"integration:{gateway.name}")
    _touch(gateway)
    outcome.accepted.sort(key=lambda a: a["position"])
    outcome.rejected.sort(key=lambda r: r["position"])
    return outcome


def _checked(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RecordError("record is not a JSON object")
    stack: list[Any] = [raw]
    while stack:  # no recursion: the depth is the sender's to choose
        value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise RecordError("a number in the record is not finite")
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    record: dict[str, Any] = clean(raw)  # NUL and lone surrogates: made storable at the door
    return record


def receive(
    db: Database,
    team: str,
    contacts: Iterable[tuple[int, dict[str, Any]]],
    outcome: Outcome,
    *,
    source: str,
) -> None:
    """Validated inbound contacts into ``team``: customer found by identity (or made),
    contact and first message through ``contact.receive``, acknowledged and followed up by
    the server's rules; all in one transaction of the team's change log. Shared by the
    HTTP intake and the server-run mailboxes (server/channels/mail.py)."""
    items: list[Item] = []
    for position, record in contacts:
        try:
            items.append(parse_record(record, position, source))
        except RecordError as exc:
            outcome.reject(position, str(exc))
    if not items:
        return
    account = {"agent_id": None, "login": source, "role": "integration", "team": team}
    with db.atomic():
        tx = store.Tx(team)
        seen: set[tuple[str, str]] = set()
        for item in items:
            if item.dedupe in seen or _known(team, *item.dedupe):
                outcome.duplicates += 1
                seen.add(item.dedupe)
                continue
            seen.add(item.dedupe)
            contact_id = new_id()
            customer_id = _customer_id(team, item)
            args = _receive_args(team, item, contact_id, customer_id)
            seq = tx.seq
            try:
                with db.atomic():  # a savepoint: a refused record leaves no rows
                    apply_intent(
                        tx,
                        account,
                        intents.CONTACT_RECEIVE.name,
                        args,
                        f"{store.now_ms():013d}-00000-intake",
                    )
            except RejectedError as exc:
                tx.seq = seq
                outcome.reject(item.position, str(exc))
                continue
            outcome.accepted.append(
                {"position": item.position, "contact_id": contact_id, "customer_id": customer_id}
            )


def _known(team: str, channel: str, external_id: str) -> bool:
    return (
        server_db.execute_sql(
            'SELECT 1 FROM "contact" WHERE "space" = %s AND "channel" = %s AND "external_id" = %s',
            (team, channel, external_id),
        ).fetchone()
        is not None
    )


def find_customer(team: str, keys: Iterable[tuple[str, str]]) -> str | None:
    """The team's customer with one of these identities (the survivor of a merge)."""
    for kind, value in keys:
        row = server_db.execute_sql(
            'SELECT "id", "merged_into" FROM "customer" WHERE "space" = %s '
            'AND "keys"::jsonb @> %s::jsonb ORDER BY "id" LIMIT 1',
            (team, json.dumps([[kind, value]])),
        ).fetchone()
        if row is None:
            continue
        customer_id, merged_into = row
        seen = {customer_id}
        while merged_into and merged_into not in seen:
            seen.add(merged_into)
            found = server_db.execute_sql(
                'SELECT "merged_into" FROM "customer" WHERE "id" = %s AND "space" = %s',
                (merged_into, team),
            ).fetchone()
            if found is None:
                break
            customer_id, merged_into = merged_into, found[0]
        return str(customer_id)
    return None


def _customer_id(team: str, item: Item) -> str:
    return find_customer(team, [(k, v) for k, v, _ in item.person.keys]) or new_id()


def _receive_args(team: str, item: Item, contact_id: str, customer_id: str) -> dict[str, Any]:
    f = item.fields
    record = {
        key: (iso(value) if key == "received_at" else value)
        for key, value in f.items()
        if key not in ("html", "new_text")  # the desktop keeps those locally too
    }
    args: dict[str, Any] = {
        "contact_id": contact_id,
        "customer_id": customer_id,
        "person": {"name": item.person.name, "keys": [list(k) for k in item.person.keys]},
        "record": record,
    }
    received = to_ms(f["received_at"])
    fresh = received >= store.now_ms() - FRESH_MS
    channel = f["channel"]
    if fresh and (channel == "session" or (channel == "phone" and f.get("outcome"))):
        what = (
            "the failed online session"
            if f.get("outcome") == "failed"
            else "the online session"
            if channel == "session"
            else "the call"
        )
        args["tasks"] = [
            {
                "task_id": derived_id(contact_id, "follow-up"),
                "kind": "follow_up",
                "title": f"Follow up on {what}",
                "due_at": received + FOLLOW_UP_HOURS * 3_600_000,
                "owner_id": None,
            }
        ]
    recipient = _recipient(channel, item)
    if (
        fresh
        and channel in ASYNC_CHANNELS
        and f.get("direction") != "outbound"
        and not f.get("auto")
        and recipient
        and _may_acknowledge(team, item, customer_id, recipient)
    ):
        first = item.person.name.split()[0] if item.person.name.split() else "there"
        if "@" in first:  # nobody is greeted by their address
            first = "there"
        subject = f"Re: {f['subject']}" if f.get("subject") else "We received your message"
        args["automatic"] = {
            "ack": {
                "subject": subject[:255],
                "recipient": recipient,
                "body": acknowledgement(team, item, customer_id, first),
            }
        }
    return args


def acknowledgement(team: str, item: Item, customer_id: str, first: str) -> str:
    """The text of the automatic acknowledgement: the team's acknowledgement template for
    the customer's language and this channel (templates are team settings, set on any
    desktop of the team) with its placeholders filled (models/ack.py, as a desktop fills
    them), else ACK_TEXT. A template naming a placeholder the server cannot fill (a
    purchase, an invoice) is not sent with a gap: ACK_TEXT is, and the log says why."""
    fallback = ACK_TEXT.format(name=first)
    rows = TeamSetting.select(TeamSetting.data).where(
        (TeamSetting.space == team) & (TeamSetting.kind == TEMPLATE)
    )
    templates = []
    for row in rows:
        fields = json.loads(row.data or "{}")
        if fields.get("purpose") == "ack" and not fields.get("deleted") and fields.get("body"):
            templates.append(
                (
                    str(fields.get("language") or "en"),
                    str(fields.get("channel") or ""),
                    fields["body"],
                )
            )
    if not templates:
        return fallback
    channel = item.fields["channel"]
    locale = server_db.execute_sql(
        'SELECT "locale" FROM "customer" WHERE "id" = %s AND "space" = %s', (customer_id, team)
    ).fetchone()
    body = ack.choose(templates, (locale[0] if locale else "") or "en", channel)
    if body is None:
        return fallback
    rule = TeamSetting.get_or_none(TeamSetting.id == f"{team}/{RULE}/first_response_minutes")
    targets = json.loads(rule.data).get("value") if rule is not None else None
    name = item.person.name.strip()
    text, missing = ack.fill(
        body,
        ack.values(
            first_name=first,
            name=name if name and "@" not in name else first,
            promise_text=ack.promise(
                ack.first_response(
                    targets if isinstance(targets, dict) else None,
                    channel,
                    int(item.fields.get("priority") or 0),
                ),
                channel,
            ),
        ),
    )
    if missing:
        log.warning(
            "team %s: its acknowledgement template names %s, which the server cannot fill: "
            "the standard text was sent",
            team,
            ", ".join(missing),
        )
        return fallback
    return text


RECIPIENT_KIND = {
    "email": "email",
    "webform": "email",
    "fax": "email",
    "sms": "phone",
    "social": "handle",
    "phone": "phone",
    "chat": "visitor",
}


def _recipient(channel: str, item: Item) -> str:
    wanted = RECIPIENT_KIND.get(channel, "email")
    for kind, value, _ in item.person.keys:
        if kind == wanted:
            return value
    return ""


def _may_acknowledge(team: str, item: Item, customer_id: str, recipient: str) -> bool:
    """Once per conversation (not when this is an answer in a thread we acknowledged) and
    at most once per address in ACK_WINDOW_MS (no mail loops with a chatty sender)."""
    parents = [p for p in [item.fields.get("in_reply_to"), *item.fields.get("references", [])] if p]
    if parents:
        known = server_db.execute_sql(
            'SELECT 1 FROM "contact" WHERE "customer_id" = %s AND "external_id" = ANY(%s) LIMIT 1',
            (customer_id, parents),
        ).fetchone()
        if known is not None:
            return False
    since = store.now_ms() - ACK_WINDOW_MS
    acked = server_db.execute_sql(
        'SELECT 1 FROM "outbound" o JOIN "event" e ON e."id" = o."id" '
        'WHERE o."space" = %s AND o."recipient" = %s AND e."kind" = \'ack\' '
        'AND o."created_at" >= %s LIMIT 1',
        (team, recipient, since),
    ).fetchone()
    return acked is None


# -- calls and delivery reports ----------------------------------------------------------------


def _call(
    team: str, record: dict[str, Any], position: int, outcome: Outcome
) -> dict[str, Any] | None:
    call = call_event(record)
    try:
        caller = normalize_phone(call.number)
    except InvalidIdentityError as exc:
        raise RecordError(f"'from': {exc}") from None
    if call.event == "answered":
        outcome.accepted.append({"position": position, "event": call.event})
        return None
    if call.event == "ringing":
        outcome.accepted.append(
            {
                "position": position,
                "event": call.event,
                "popped": False,
                "customer_id": find_customer(team, [("phone", caller)]),
            }
        )
        return None
    return ended_call_contact(
        record, call, phone=caller, display=display_phone(caller), received_at=iso_now()
    )


def iso_now() -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(store.now_ms() / 1000, tz=UTC).isoformat()


def _delivery(
    db: Database, gateway: Integration, record: dict[str, Any], position: int, outcome: Outcome
) -> None:
    """A gateway's report on one of our messages: delivered, or not and why; the same
    report twice changes nothing."""
    outbound_id = record.get("id")
    if not isinstance(outbound_id, str) or not 1 <= len(outbound_id) <= 64:
        raise RecordError("a delivery report needs the 'id' of our message (X-Lastmile-Delivery)")
    state = record.get("state")
    if state not in DELIVERY_STATES:
        raise RecordError(f"unknown delivery state {state!r} (expected delivered or failed)")
    reason = short_text(record, "reason", 500)
    with db.atomic():
        tx = store.Tx(gateway.team)
        row = Outbound.select().where(Outbound.id == outbound_id).for_update().first()
        if row is None or row.space != gateway.team or row.channel != gateway.channel:
            raise RecordError(
                f"no {gateway.channel} message {outbound_id!r} was sent through this integration"
            )
        now = store.now_ms()
        if state == "delivered":
            if row.state != "sent" or row.reason:
                row.state, row.reason = "sent", ""
                row.sent_at = row.sent_at or now
                tx.save(row)
        else:
            text = f"not delivered: {reason or 'the gateway gave no reason'}"[:500]
            not_delivered(tx, row, text, now)
    outcome.accepted.append({"position": position, "id": outbound_id, "state": state})


def _touch(gateway: Integration) -> None:
    now = store.now_ms()
    if gateway.last_used_at is None or now - gateway.last_used_at >= TOUCH_EVERY_MS:
        Integration.update(last_used_at=now).where(Integration.name == gateway.name).execute()
