"""The server's sender: replies the server accepted leave by email, each at most once.

A loop (a thread in each server process, started when ``--smtp-host`` is given) claims
queued ``outbound`` rows, renders each as an email and hands it to an SMTP server, then
records the outcome through the change log (:class:`server.store.Tx`), so every desktop
of the team pulls ``sent`` (with its time) or ``failed`` (with the reason, also written as
a "Reply not delivered" line in the contact's history).

Never twice
-----------
SMTP has no idempotency: the only proof that a message left is the server's ``250``
answer to the end of DATA, and a message handed over cannot be called back. So:

1. *Claim, commit.* In a short transaction the row is taken with ``SELECT ... FOR UPDATE
   SKIP LOCKED`` (other server processes skip it instead of waiting), set to ``sending``
   with this worker's name and a lease, and committed **before** the SMTP conversation
   starts. Another process can never claim a row in ``sending``.
2. *Talk SMTP.* Refusals before the message is handed over (connection refused, a 4xx
   or 5xx to MAIL/RCPT/DATA) are definite: nothing was delivered, so the row goes back
   to ``queued`` with a backoff (4xx, network) or counts a permanent failure (5xx; after
   ``max_permanent`` of them it is ``failed``).
3. *Record.* After ``250`` the row becomes ``sent`` (with ``sent_at``) in a new
   transaction that is logged for the desktops.

A crash (or a lost connection) between the end of DATA and step 3 leaves the row in
``sending``: the message may or may not have gone out. Such a row is **reported, never
resent automatically**: once its lease has run out, a sender writes "needs review" into
its reason (desktops see it) and leaves it alone; ``lastmile-server outbound list``
shows it and an admin decides (``outbound mark-sent`` or ``outbound resend``). We chose
this over resending with the same Message-ID because receiving servers do not reliably
drop a second message with a known Message-ID, so a resend could reach the customer
twice; the window is milliseconds wide, and a rare manual check is the honest price.

Every message carries a Message-ID derived from the reply's event id
(``<EVENT_ID.lastmile@FROM_DOMAIN>``), so even a manual resend is recognisable as the
same message, and ``In-Reply-To``/``References`` of the customer's message when the
contact has one, so it lands in the customer's thread.

Channels without a gateway (everything but email for now) are never claimed: their rows
stay ``queued`` with the reason "waiting for a gateway".

Why ~570 lines: the server's outbound path (SMTP and the gateways) with its retry
and never-twice bookkeeping in one place.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from peewee import Database

from models.base import derived_id
from server import store
from server.handlers.contacts import GATEWAYS
from server.models import Contact, Event, Outbound

log = logging.getLogger("lastmile.sender")

ENV = {
    "host": "LASTMILE_SMTP_HOST",
    "port": "LASTMILE_SMTP_PORT",
    "user": "LASTMILE_SMTP_USER",
    "from_addr": "LASTMILE_SMTP_FROM",
    "security": "LASTMILE_SMTP_SECURITY",
}
ENV_PASSWORD = "LASTMILE_SMTP_PASSWORD"
SECURITY = ("starttls", "ssl", "none")
REVIEW = "needs review: "


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to hand messages over."""

    host: str
    from_addr: str
    port: int = 0  # 0: 465 with ssl, 587 with starttls, 25 without
    user: str = ""
    password: str = ""
    security: str = "starttls"
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ValueError(f"SMTP security is one of {', '.join(SECURITY)}")
        if "@" not in parseaddr(self.from_addr)[1]:
            raise ValueError("the From address must be an email address")
        if self.user and self.security == "none":
            raise ValueError(
                "an SMTP password is only sent over TLS: give --smtp-starttls or --smtp-ssl"
            )

    @property
    def real_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587}.get(self.security, 25)

    @property
    def domain(self) -> str:
        return parseaddr(self.from_addr)[1].rsplit("@", 1)[1].strip().lower() or "lastmile"

    def to_env(self) -> dict[str, str]:
        """For the server's worker processes (the password stays in its own variable)."""
        return {
            ENV["host"]: self.host,
            ENV["port"]: str(self.port),
            ENV["user"]: self.user,
            ENV["from_addr"]: self.from_addr,
            ENV["security"]: self.security,
        }

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpConfig | None:
        env = dict(os.environ) if env is None else env
        if not env.get(ENV["host"]):
            return None
        return cls(
            host=env[ENV["host"]],
            from_addr=env.get(ENV["from_addr"], ""),
            port=int(env.get(ENV["port"]) or 0),
            user=env.get(ENV["user"], ""),
            password=env.get(ENV_PASSWORD, ""),
            security=env.get(ENV["security"]) or "starttls",
        )


class SendError(Exception):
    """Why a message was not (or maybe not) handed over.

    kind: ``transient`` (try again later), ``permanent`` (the server refused this
    message), ``ambiguous`` (the connection died after the message was handed over).
    """

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


# -- rendering -------------------------------------------------------------------------------


def message_id(event_id: str, domain: str) -> str:
    """The same for every attempt and every process: derived from the reply's event id."""
    return f"<{event_id}.lastmile@{domain}>"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _msg_id(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 900 or any(c.isspace() for c in value):
        return ""
    return value if value.startswith("<") and value.endswith(">") else f"<{value.strip('<>')}>"


def _is_acknowledgement(row: Outbound) -> bool:
    try:
        return row.id == derived_id(row.contact_id, "ack")
    except ValueError:  # a contact id that is not a UUID: never one of ours
        return False


def render(row: Outbound, config: SmtpConfig, now_ms: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = config.from_addr
    msg["To"] = row.recipient
    msg["Subject"] = _one_line(row.subject) or "Re: your message"
    msg["Date"] = format_datetime(datetime.fromtimestamp(now_ms / 1000, tz=UTC))
    msg["Message-ID"] = message_id(row.id, config.domain)
    parent = _msg_id(row.in_reply_to or "")
    if parent:
        msg["In-Reply-To"] = parent
        msg["References"] = parent
    msg["X-Lastmile-Event"] = row.id
    if _is_acknowledgement(row):  # RFC 3834: no auto-responder answers it (no mail loops)
        msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(row.body, cte="quoted-printable")
    return msg


# -- SMTP ------------------------------------------------------------------------------------


def _refused(code: int, text: bytes | str, step: str) -> SendError:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reason = f"{code} {_one_line(said)}".strip()
    if 500 <= code < 600:
        return SendError("permanent", f"the mail server refused the {step}: {reason}")
    return SendError("transient", f"the mail server deferred the {step}: {reason}")


def deliver(config: SmtpConfig, message: EmailMessage, recipient: str) -> None:
    """Hand one message over, or raise :class:`SendError` saying whether it may have left."""
    sender = parseaddr(config.from_addr)[1]
    where = f"{config.host}:{config.real_port}"
    context = ssl.create_default_context()
    try:
        if config.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.real_port, timeout=config.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(config.host, config.real_port, timeout=config.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError("transient", f"cannot reach the mail server {where}: {exc}") from None
    handed_over = False
    try:
        smtp.ehlo()
        if config.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if config.user:
            smtp.login(config.user, config.password)
        code, text = smtp.mail(sender)
        if code != 250:
            raise _refused(code, text, "sender")
        try:
            code, text = smtp.rcpt(recipient)
        except UnicodeEncodeError:
            raise SendError("permanent", f"the address {recipient!r} cannot be used") from None
        if code not in (250, 251):
            raise _refused(code, text, "recipient")
        data = message.as_bytes()
        try:
            code, text = smtp.data(data)
        except smtplib.SMTPDataError as exc:  # refused before the message went over
            raise _refused(exc.smtp_code, exc.smtp_error, "message") from None
        except (OSError, smtplib.SMTPException) as exc:
            # the message was (perhaps entirely) on the wire: it may have been accepted
            raise SendError(
                "ambiguous",
                f"the connection to {where} broke while the message was handed over ({exc})",
            ) from None
        if code != 250:
            raise _refused(code, text, "message")
        handed_over = True
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(
            "transient",
            f"the mail server {where} refused the login "
            f"({exc.smtp_code}); check --smtp-user and "
            f"${ENV_PASSWORD}",
        ) from None
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise SendError("transient", f"mail server {where}: {exc}") from None
    finally:
        try:
            smtp.quit() if handed_over else smtp.close()
        except (OSError, smtplib.SMTPException):
            smtp.close()


# -- the loop --------------------------------------------------------------------------------


def _failure_event_id(event_id: str) -> str:
    try:
        return derived_id(event_id, "delivery-failed")
    except ValueError:
        return f"{event_id[:40]}-delivery-failed"


def _at(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


class Sender:
    """Claims and sends queued email replies; several may run against one database."""

    def __init__(
        self,
        db: Database,
        config: SmtpConfig,
        *,
        worker: str | None = None,
        spaces: Iterable[str] | None = None,
        poll_seconds: float = 2.0,
        batch: int = 50,
        lease_ms: int = 10 * 60_000,
        retry_base_ms: int = 30_000,
        retry_max_ms: int = 3_600_000,
        max_permanent: int = 3,
        max_attempts: int = 30,
        now: Callable[[], int] = store.now_ms,
        send: Callable[[SmtpConfig, EmailMessage, str], None] = deliver,
    ) -> None:
        self.db = db
        self.config = config
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.spaces = sorted(spaces) if spaces is not None else None
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.lease_ms = lease_ms
        self.retry_base_ms = retry_base_ms
        self.retry_max_ms = retry_max_ms
        self.max_permanent = max_permanent
        self.max_attempts = max_attempts
        self.now = now
        self.send = send
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- running ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="lastmile-sender", daemon=True)
            self._thread.start()
            log.info(
                "sending email through %s:%s as %s",
                self.config.host,
                self.config.real_port,
                self.config.from_addr,
            )

    def stop(self, timeout: float | None = None) -> None:
        """Finish the message in hand (bounded by the SMTP timeout), then stop."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout if timeout is not None else self.config.timeout * 6)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            busy = False
            try:
                counts = self.run_once()
                busy = counts.get("claimed", 0) >= self.batch
            except Exception:  # the database is down, a bug: say so, keep trying
                log.exception("the sender could not run")
            if not busy:
                self._stop.wait(self.poll_seconds)

    def run_once(self) -> Counter[str]:
        """One round: report stale claims, then claim and send up to ``batch`` messages."""
        counts: Counter[str] = Counter()
        with self.db.connection_context():
            counts["reviewed"] = self._review_stale()
            while counts["claimed"] < self.batch and not self._stop.is_set():
                row = self._claim()
                if row is None:
                    break
                counts["claimed"] += 1
                counts[self._send(row)] += 1
        return counts

    # -- steps -----------------------------------------------------------------------

    def _scope(self) -> list[Any]:
        return [Outbound.space << self.spaces] if self.spaces is not None else []

    def _claim(self) -> Outbound | None:
        """Take one due message and commit the claim before any SMTP is spoken."""
        now = self.now()
        with self.db.atomic():
            row = (
                Outbound.select()
                .where(
                    Outbound.state == "queued",
                    Outbound.channel << sorted(GATEWAYS),
                    Outbound.next_attempt_at <= now,
                    *self._scope(),
                )
                .order_by(Outbound.next_attempt_at, Outbound.created_at, Outbound.id)
                .limit(1)
                .for_update(skip_locked=True)
                .first()
            )
            if row is None:
                return None
            row.state, row.claimed_by = "sending", self.worker
            row.lease_until, row.attempts = now + self.lease_ms, row.attempts + 1
            Outbound.update(
                state=row.state,
                claimed_by=row.claimed_by,
                lease_until=row.lease_until,
                attempts=row.attempts,
            ).where((Outbound.id == row.id) & (Outbound.state == "queued")).execute()
        return row  # committed: no other sender will take it

    def _send(self, row: Outbound) -> str:
        now = self.now()
        if "@" not in row.recipient:
            return self._finish(
                row, "failed", "not sent: no email address is known for this customer"
            )
        try:
            message = render(row, self.config, now)
        except (ValueError, TypeError) as exc:
            return self._finish(row, "failed", f"not sent: the message cannot be built ({exc})")
        try:
            self.send(self.config, message, row.recipient)
        except SendError as exc:
            log.warning("reply %s to %s: %s", row.id, row.recipient, exc.reason)
            if exc.kind == "ambiguous":
                return self._finish(
                    row,
                    "sending",
                    f"{REVIEW}{exc.reason}; it may have "
                    "been delivered, so it is not resent automatically",
                )
            permanent = exc.kind == "permanent"
            failures = row.permanent_failures + (1 if permanent else 0)
            if failures >= self.max_permanent:
                return self._finish(
                    row, "failed", f"not delivered: {exc.reason}", permanent_failures=failures
                )
            if row.attempts >= self.max_attempts:
                return self._finish(
                    row,
                    "failed",
                    f"not delivered after {row.attempts} attempts: {exc.reason}",
                    permanent_failures=failures,
                )
            delay = min(self.retry_base_ms * 2 ** (row.attempts - 1), self.retry_max_ms)
            return self._finish(
                row,
                "queued",
                f"will try again at {_at(now + delay)}: {exc.reason}",
                permanent_failures=failures,
                next_attempt_at=now + delay,
            )
        except Exception as exc:  # a bug here must not make the message look unsent
            log.exception("reply %s: unexpected error while sending", row.id)
            return self._finish(
                row,
                "sending",
                f"{REVIEW}the sender failed unexpectedly "
                f"({exc.__class__.__name__}); it may have been delivered",
            )
        return self._finish(
            row, "sent", "", sent_at=self.now(), message_id=str(message["Message-ID"])
        )

    def _finish(self, row: Outbound, state: str, reason: str, **fields: Any) -> str:
        """Record the outcome, logged for the desktops (space lock first, as every writer)."""
        with self.db.atomic():
            tx = store.Tx(row.space)
            current = Outbound.select().where(Outbound.id == row.id).for_update().first()
            if current is None or current.state != "sending" or current.claimed_by != self.worker:
                log.warning("reply %s changed hands while sending; left as it is", row.id)
                return "lost"
            current.state, current.reason = state, reason
            for name, value in fields.items():
                setattr(current, name, value)
            if state != "sending":
                current.claimed_by = None
            current.lease_until = None
            tx.save(current)
            if state == "failed":
                self._failure_line(tx, current)
        outcome = "review" if state == "sending" else ("retry" if state == "queued" else state)
        return outcome

    def _failure_line(self, tx: store.Tx, row: Outbound) -> None:
        """The reason in the contact's history, on every desktop of the team."""
        event_id = _failure_event_id(row.id)
        if Event.get_or_none(Event.id == event_id) is not None:
            return
        contact = Contact.get_or_none(Contact.id == row.contact_id)
        tx.save(
            Event(
                id=event_id,
                contact_id=row.contact_id,
                customer_id=contact.customer_id if contact else None,
                at=self.now(),
                channel=row.channel,
                kind="status",
                agent_id=None,
                subject="Reply not delivered",
                body=row.reason,
            )
        )

    def _review_stale(self) -> int:
        """Claims whose lease ran out (a sender crashed mid-send): reported, not resent."""
        now = self.now()
        stale = [
            (r.id, r.space)
            for r in Outbound.select(Outbound.id, Outbound.space).where(
                Outbound.state == "sending", Outbound.lease_until < now, *self._scope()
            )
        ]
        reported = 0
        for row_id, space in stale:
            with self.db.atomic():
                tx = store.Tx(space)
                row = (
                    Outbound.select()
                    .where(
                        (Outbound.id == row_id)
                        & (Outbound.state == "sending")
                        & (Outbound.lease_until < now)
                    )
                    .for_update(skip_locked=True)
                    .first()
                )
                if row is None:
                    continue
                row.reason = (
                    f"{REVIEW}{row.claimed_by or 'a sender'} stopped while sending "
                    f"it (claimed until {_at(row.lease_until)}); it may have been "
                    "delivered, so it is not resent automatically"
                )
                row.lease_until = None
                tx.save(row)
                log.warning("reply %s to %s %s", row.id, row.recipient, row.reason)
                reported += 1
        return reported


# -- admin ---------------------------------------------------------------------------------


def listing(states: Iterable[str] = ("sending", "failed", "queued")) -> list[dict[str, Any]]:
    rows = Outbound.select().where(Outbound.state << list(states)).order_by(Outbound.created_at)
    return [
        {
            "id": r.id,
            "team": r.space,
            "state": r.state,
            "channel": r.channel,
            "recipient": r.recipient,
            "subject": r.subject,
            "attempts": r.attempts,
            "reason": r.reason,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def resolve(db: Database, event_id: str, action: str, now_ms: int | None = None) -> str:
    """An admin's decision on a message: ``mark-sent`` (it did go out) or ``resend``
    (it did not: queue it again, same Message-ID)."""
    now = now_ms if now_ms is not None else store.now_ms()
    with db.atomic():
        found = Outbound.get_or_none(Outbound.id == event_id)
        if found is None:
            raise store.StoreError(f"no outbound message {event_id!r}")
        tx = store.Tx(found.space)
        row = Outbound.select().where(Outbound.id == event_id).for_update().get()
        if row.state == "sent":
            raise store.StoreError("that message was sent; it is never sent again")
        if row.state == "sending" and not row.reason.startswith(REVIEW):
            raise store.StoreError("a sender is sending that message right now")
        if action == "mark-sent":
            row.state, row.sent_at, row.reason = "sent", now, "marked sent by an admin"
        elif action == "resend":
            row.state, row.next_attempt_at, row.reason = "queued", now, ""
            row.permanent_failures = 0
        else:
            raise store.StoreError("the action is mark-sent or resend")
        row.claimed_by, row.lease_until = None, None
        tx.save(row)
    return str(row.state)
