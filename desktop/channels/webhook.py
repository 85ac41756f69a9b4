"""Replies out on SMS, chat and social: a desktop alone posts each one, signed, to the
webhook of the integration of its channel (``lastmile integration add NAME --channel sms
--webhook URL``).

The same outbox discipline as mail (:mod:`desktop.channels.smtp`, whose bookkeeping this
sender shares): a message is claimed ``queued`` → ``sending`` in its own committed
transaction, then posted, then marked. 2xx is ``sent``; 4xx is ``failed`` with the
receiver's words; 5xx, 429 or no answer go back to ``queued`` with a growing delay. A
crash while posting leaves it ``sending`` and it is never posted again by itself. The
receiver may still see a message twice (our answer lost after its 2xx): the
``X-Lastmile-Delivery`` header carries the outbound id so that it can drop the second.

The body is ``{"id", "channel", "to", "text", "contact_id", "in_reply_to"}``;
``X-Lastmile-Signature: sha256=<hex HMAC-SHA256 of the body with the integration's key>``.
Delivery reports come back through the HTTP intake (:func:`record_delivery`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime
from typing import Any

import httpx
from peewee import Database

from desktop import integrations
from desktop.channels import mailbox as boxes
from desktop.channels.smtp import BATCH, Sender, SendReport
from desktop.identity import social_limit
from desktop.training.guard import ensure_live
from models.base import to_ms
from models.errors import UserFacingError
from models.schema import Contact, Integration, Outbound

log = logging.getLogger("lastmile.gateway")

TIMEOUT_S = 10.0
WORDS = 300  # how much of a receiver's answer is kept as the reason


def signature(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


class GatewaySender(Sender):
    """Posts this workspace's queued SMS, chat and social replies to their webhooks."""

    def __init__(
        self, db: Database, *, kind: str, transport: httpx.BaseTransport | None = None
    ) -> None:
        ensure_live(kind, "send replies by webhook")
        super().__init__(db, kind=kind)
        self._transport = transport

    def _stuck(self) -> Any:
        """Only this sender's channels (the mail sender recovers its own the same way)."""
        return (Outbound.state == "sending") & Outbound.channel.in_(integrations.GATEWAY_CHANNELS)

    def send_due(self, now: datetime) -> SendReport:
        report = SendReport()
        if not boxes.runs_here():
            return report  # the sync server sends for the team
        channels = [
            c for c in integrations.GATEWAY_CHANNELS if integrations.webhook_for(c) is not None
        ]
        if not channels:
            return report  # nothing can send yet: the messages wait, unchanged
        due = (
            Outbound.select()
            .where(
                (Outbound.state == "queued")
                & Outbound.channel.in_(channels)
                & ((Outbound.next_attempt_at.is_null()) | (Outbound.next_attempt_at <= to_ms(now)))
            )
            .order_by(Outbound.created_at)
            .limit(BATCH)
        )
        rows = list(due)
        if rows:
            with httpx.Client(
                timeout=TIMEOUT_S, transport=self._transport, follow_redirects=False
            ) as client:
                for row in rows:
                    self._send_one_by(client, row, now, report)
        return report

    def _send_one_by(
        self, client: httpx.Client, row: Outbound, now: datetime, report: SendReport
    ) -> None:
        gateway = integrations.webhook_for(row.channel)
        if gateway is None:
            return  # removed meanwhile: it waits, unchanged
        # the reply's recipient falls back to an email address when the customer has no
        # identity of the channel's kind: no gateway can deliver that
        usable = {"sms": row.recipient.startswith("+"), "social": ":" in row.recipient}
        if not row.recipient or not usable.get(row.channel, True):
            what = {"sms": "phone number", "social": "handle", "chat": "chat visitor"}
            self._mark(row, "failed", now, f"no {what[row.channel]} is known for this customer")
            report.failed.append(f"{row.id}: no recipient")
            return
        limit = social_limit(row.recipient) if row.channel == "social" else None
        if limit is not None and len(row.body) > limit[1]:
            self._mark(
                row,
                "failed",
                now,
                f"{len(row.body)} characters, {limit[0]} takes at most {limit[1]}",
            )
            report.failed.append(f"{row.id}: too long")
            return
        try:
            key = integrations.signing_key(gateway.name)
        except UserFacingError as exc:
            self._retry(row, now, str(exc), report)
            return
        # claimed in its own committed transaction: sent at most once, also across a crash
        with self.db.atomic():
            claimed = (
                Outbound.update(state="sending", attempts=Outbound.attempts + 1)
                .where((Outbound.id == row.id) & (Outbound.state == "queued"))
                .execute()
            )
        if not claimed:
            return  # someone else (another window of this workspace) has it
        self._delivery(row, "sending", "", None)
        body = json.dumps(payload(row), ensure_ascii=False).encode()
        try:
            answer = client.post(
                gateway.webhook_url,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Lastmile-Signature": signature(key, body),
                    "X-Lastmile-Delivery": row.id,
                    "User-Agent": "Lastmile",
                },
            )
        except httpx.HTTPError as exc:
            self._retry(
                row, now, f"the {gateway.name} gateway cannot be reached: {_reason(exc)}", report
            )
            return
        words = _words(answer)
        if answer.is_success:
            self._mark(row, "sent", now, "")
            report.sent += 1
        elif answer.status_code == 429 or answer.status_code >= 500 or answer.is_redirect:
            self._retry(row, now, f"the {gateway.name} gateway said {words}", report)
        else:
            self._mark(row, "failed", now, f"the {gateway.name} gateway said {words}")
            report.failed.append(f"{row.id}: {words}")


def payload(row: Outbound) -> dict[str, object]:
    contact = Contact.get_or_none(Contact.id == row.contact_id) if row.contact_id else None
    return {
        "id": row.id,
        "channel": row.channel,
        "to": row.recipient,
        "text": row.body,
        "contact_id": row.contact_id,
        "in_reply_to": contact.external_id if contact is not None else None,
    }


def record_delivery(
    db: Database, gateway: Integration, outbound_id: str, state: str, reason: str, now: datetime
) -> str:
    """A delivery report from a gateway: the message's row and its history line say
    delivered, or not delivered and why. Returns the row's state; the same report twice
    changes nothing."""
    with db.atomic():
        row = Outbound.get_or_none(Outbound.id == outbound_id)
        if row is None or row.channel != gateway.channel:
            raise UserFacingError(
                f"no {gateway.channel} message {outbound_id!r} was sent through this integration"
            )
        sent_at = to_ms(row.sent_at) if row.sent_at else to_ms(now)
        if state == "delivered":
            # a report may overtake our own 'sent' (the receiver answered after delivering)
            Outbound.update(state="sent", reason="", sent_at=row.sent_at or now).where(
                Outbound.id == row.id
            ).execute()
            delivery = {
                "state": "delivered",
                "reason": "",
                "sent_at": sent_at,
                "delivered_at": to_ms(now),
            }
        else:
            text = f"not delivered: {reason or 'the gateway gave no reason'}"[:500]
            Outbound.update(state="failed", reason=text).where(Outbound.id == row.id).execute()
            delivery = {
                "state": "failed",
                "reason": text,
                "sent_at": sent_at,
                "failed_at": to_ms(now),
            }
        db.execute_sql(
            "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE '{}' "
            "END, '$.delivery', json(?)) WHERE id = ?",
            (json.dumps(delivery), row.event_id),
        )
    return "sent" if state == "delivered" else "failed"


def _words(answer: httpx.Response) -> str:
    text = " ".join(answer.text.split())[:WORDS]
    return f"{answer.status_code} {text}".strip()


def _reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "no answer (timed out)"
    if isinstance(exc, httpx.ConnectError):
        return "connection refused" if "refused" in str(exc).lower() else str(exc)
    return str(exc) or exc.__class__.__name__
