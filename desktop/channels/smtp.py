"""Mail out: a desktop alone sends its replies and acknowledgements itself by SMTP.

The outbound table is the outbox. A message is claimed for sending in its own committed
transaction (``queued`` → ``sending``), then sent, then marked ``sent``: a crash while
sending leaves it ``sending``, and :func:`recover` marks such a message *not sent
automatically* instead of sending it again — a customer never gets the same answer
twice. A temporary failure (server down, 4xx) goes back to ``queued`` with a growing
delay; a permanent one (5xx) is ``failed`` with the server's words. Every step is
written into the history line's ``delivery`` (as the sync server's sender does), so
the window shows queued, sending, sent or not sent and why.

Never constructed for a training workspace, nor when a sync server sends for the team.
"""

from __future__ import annotations

import html
import json
import logging
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import Any

from peewee import Database

from desktop.channels import mailbox as boxes
from desktop.training.guard import ensure_live
from models.base import database_proxy, from_ms, to_ms
from models.errors import UserFacingError, said
from models.schema import Agent, Contact, Event, Mailbox, Outbound

log = logging.getLogger("lastmile.mail")

BATCH = 50
# channels whose answers go out as mail (desktop.ops.contacts.recipient_for): a fax, a web
# form or a failed online session is answered at the customer's address
BY_MAIL = ("email", "fax", "webform", "session")
BACKOFF_S = (30, 60, 120, 300, 600, 1800, 3600)
TIMEOUT_S = 30


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed}


class Sender:
    """Sends this workspace's queued mail through its mailboxes' SMTP servers."""

    def __init__(self, db: Database, *, kind: str) -> None:
        ensure_live(kind, "send mail")
        self.db = db

    def _stuck(self) -> Any:
        """The messages this sender recovers: every one left 'sending'."""
        return Outbound.state == "sending"

    def recover(self, now: datetime) -> int:
        """Messages left 'sending' by a crash: they may have left; never sent again
        automatically, said so on their line."""
        stuck = list(Outbound.select().where(self._stuck()))
        for row in stuck:
            self._mark(
                row,
                "failed",
                now,
                "interrupted while sending: it may or may not "
                "have left; check with the customer before sending it again",
            )
        return len(stuck)

    def send_due(self, now: datetime) -> SendReport:
        report = SendReport()
        if not boxes.runs_here():
            return report  # the sync server sends for the team
        if not Mailbox.select().where(Mailbox.smtp_url != "").exists():
            return report  # nothing can send yet: the messages wait, unchanged
        due = (
            Outbound.select()
            .where(
                (Outbound.state == "queued")
                & Outbound.channel.in_(BY_MAIL)
                & ((Outbound.next_attempt_at.is_null()) | (Outbound.next_attempt_at <= to_ms(now)))
            )
            .order_by(Outbound.created_at)
            .limit(BATCH)
        )
        for row in list(due):
            self._send_one(row, now, report)
        return report

    def _send_one(self, row: Outbound, now: datetime, report: SendReport) -> None:
        box = mailbox_for(row)
        if box is None:
            self._retry(
                row,
                now,
                "waiting for a mailbox with SMTP (lastmile mailbox add ... --smtp ...)",
                report,
                count=False,
            )
            return
        if not row.recipient or "@" not in row.recipient:
            self._mark(row, "failed", now, "no email address is known for this customer")
            report.failed.append(f"{row.id}: no address")
            return
        # claimed in its own committed transaction: sent at most once, also across a crash
        # the shape the sync server's sender uses: a bounce or an answer names our event
        message_id = row.message_id or f"<{row.event_id}.lastmile@{_domain(box.address)}>"
        with self.db.atomic():
            claimed = (
                Outbound.update(
                    state="sending", message_id=message_id, attempts=Outbound.attempts + 1
                )
                .where((Outbound.id == row.id) & (Outbound.state == "queued"))
                .execute()
            )
        if not claimed:
            return  # someone else (another window of this workspace) has it
        self._delivery(row, "sending", "", None)
        try:
            message = build_message(row, box, message_id, now)
            deliver(box, message)
        except smtplib.SMTPResponseException as exc:
            reason = f"{exc.smtp_code} {_words(exc.smtp_error)}"
            if 400 <= exc.smtp_code < 500:
                self._retry(row, now, f"the mail server said {reason}", report)
            else:
                self._mark(row, "failed", now, reason)
                report.failed.append(f"{row.id}: {reason}")
        except smtplib.SMTPRecipientsRefused as exc:
            codes = list(exc.recipients.values())
            reason = (
                f"{codes[0][0]} {_words(codes[0][1])}" if codes else "the recipient was refused"
            )
            self._mark(row, "failed", now, reason)
            report.failed.append(f"{row.id}: {reason}")
        except (OSError, smtplib.SMTPException) as exc:
            self._retry(row, now, f"the mail server cannot be reached: {_reason(exc)}", report)
        except UserFacingError as exc:  # no password kept, a wrong URL
            self._retry(row, now, str(exc), report)
        else:
            self._mark(row, "sent", now, "")
            report.sent += 1

    def _retry(
        self, row: Outbound, now: datetime, reason: str, report: SendReport, *, count: bool = True
    ) -> None:
        attempts = Outbound.get_by_id(row.id).attempts
        delay = BACKOFF_S[min(max(attempts - 1, 0), len(BACKOFF_S) - 1)]
        Outbound.update(
            state="queued", reason=reason[:500], next_attempt_at=to_ms(now) + delay * 1000
        ).where(Outbound.id == row.id).execute()
        self._delivery(row, "queued", f"{reason}; next try in {delay // 60 or 1} min", None)
        if count:
            report.retrying += 1
        log.info("mail %s not sent yet: %s", row.id, reason)

    def _mark(self, row: Outbound, state: str, now: datetime, reason: str) -> None:
        sent_at = to_ms(now) if state == "sent" else None
        Outbound.update(
            state=state, reason=reason[:500], sent_at=from_ms(sent_at) if sent_at else None
        ).where(Outbound.id == row.id).execute()
        self._delivery(row, state, reason, sent_at)
        if state == "failed":
            log.warning("mail %s not sent: %s", row.id, reason)

    def _delivery(self, row: Outbound, state: str, reason: str, sent_at: int | None) -> None:
        """The message's line says where it stands (the shape the sync server uses)."""
        self.db.execute_sql(
            "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE '{}' "
            "END, '$.delivery', json(?)) WHERE id = ?",
            (json.dumps({"state": state, "reason": reason, "sent_at": sent_at}), row.event_id),
        )


def can_send() -> str:
    """What happens to a reply queued now, in words for the agent."""
    if not boxes.runs_here():
        return said("the sync server sends it")
    box = Mailbox.select().where(Mailbox.smtp_url != "").order_by(Mailbox.created_at).first()
    if box is None:
        return said("it waits: no mailbox can send mail yet (lastmile mailbox add ... --smtp ...)")
    return said("it leaves by {mailbox} within seconds", mailbox=box.address or box.name)


def mailbox_for(row: Outbound) -> Mailbox | None:
    """The mailbox the conversation came in through; else one for the contact's skill;
    else the only (first) mailbox that can send."""
    senders = Mailbox.select().where(Mailbox.smtp_url != "")
    if row.contact_id:
        found = (
            Event.select(Event.data)
            .join(Contact, on=(Event.contact == Contact.id))
            .where(
                (
                    Contact.thread_id
                    == Contact.select(Contact.thread_id).where(Contact.id == row.contact_id)
                )
                & (Event.kind == "inbound")
            )
            .order_by(Event.at)
        )
        for event in found:
            try:
                name = json.loads(event.data or "{}").get("mailbox")
            except ValueError:
                continue
            box: Mailbox | None = senders.where(Mailbox.name == name).first() if name else None
            if box is not None:
                return box
        contact = Contact.get_or_none(Contact.id == row.contact_id)
        if contact is not None:
            box = senders.where(Mailbox.skill == contact.skill).first()
            if box is not None:
                return box
    first: Mailbox | None = senders.order_by(Mailbox.created_at).first()
    return first


def build_message(row: Outbound, box: Mailbox, message_id: str, now: datetime) -> EmailMessage:
    """Plain text and a safe HTML part (the text, escaped), threaded under the customer's
    message with the full References chain; acknowledgements say Auto-Submitted."""
    event = Event.get_or_none(Event.id == row.event_id)
    contact = Contact.get_or_none(Contact.id == row.contact_id) if row.contact_id else None
    sender_name = "Customer service"
    agent = Agent.get_or_none(Agent.id == event.agent_id) if event and event.agent_id else None
    if agent is not None:
        sender_name = agent.display_name
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((sender_name, box.address))
    message["To"] = row.recipient
    message["Subject"] = row.subject or "Your message"
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    chain = references(contact) if contact is not None else []
    if chain:
        message["In-Reply-To"] = chain[-1]
        message["References"] = " ".join(chain[-20:])
    if event is not None and event.kind == "ack":
        # RFC 3834: an automatic answer, so that other robots do not answer it
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(row.body)
    paragraphs = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in row.body.split("\n\n")
    )
    message.add_alternative(
        f"<!DOCTYPE html><html><body>{paragraphs}</body></html>", subtype="html"
    )
    return message


def references(contact: Contact) -> list[str]:
    """Message ids of the conversation, oldest first: the customer's messages (with what
    they referred to) and our own sent ones; the message we answer comes last."""
    ids: list[str] = []
    thread = contact.thread_id or contact.id
    rows = database_proxy.execute_sql(
        "SELECT c.external_id, e.data FROM contact c JOIN event e ON e.contact_id = c.id "
        "WHERE c.thread_id = ? AND e.kind = 'inbound' ORDER BY c.received_at",
        (thread,),
    ).fetchall()
    for external_id, data in rows:
        try:
            extra = json.loads(data or "{}").get("references") or []
        except ValueError:
            extra = []
        for value in [*extra, external_id]:
            if isinstance(value, str) and value.startswith("<") and value not in ids:
                ids.append(value)
    for (sent,) in database_proxy.execute_sql(
        "SELECT o.message_id FROM outbound o JOIN contact c ON c.id = o.contact_id "
        "WHERE c.thread_id = ? AND o.state = 'sent' AND o.message_id IS NOT NULL "
        "ORDER BY o.sent_at",
        (thread,),
    ).fetchall():
        if sent not in ids:
            ids.append(sent)
    if contact.external_id and contact.external_id in ids:
        ids.remove(contact.external_id)
        ids.append(contact.external_id)
    return ids


def deliver(box: Mailbox, message: EmailMessage) -> None:
    endpoint = boxes.parse_endpoint(box.smtp_url, ("smtp", "smtps"))
    password = boxes.load_password(box.name)
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if endpoint.scheme == "smtps":
        client = smtplib.SMTP_SSL(endpoint.host, endpoint.port, timeout=TIMEOUT_S, context=context)
    else:
        client = smtplib.SMTP(endpoint.host, endpoint.port, timeout=TIMEOUT_S)
    try:
        client.ehlo()
        if endpoint.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if client.has_extn("auth"):
            client.login(endpoint.user, password)
        client.send_message(message)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "lastmile.invalid"


def _words(value: bytes | str) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return str(exc) or exc.__class__.__name__
