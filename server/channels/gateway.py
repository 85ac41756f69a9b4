"""Replies out on SMS, chat and social from the server: each queued message of one of
those channels is posted, signed, to the webhook of its team's integration of that
channel (``lastmile-server integration add NAME --team T --channel sms --webhook URL``).

The body and headers are the desktop's (desktop/channels/webhook.py), so one gateway
serves both: ``{"id", "channel", "to", "text", "contact_id", "in_reply_to"}`` with
``X-Lastmile-Signature: sha256=<HMAC-SHA256 of the body with the integration's key>`` and
``X-Lastmile-Delivery: <id>`` (a receiver drops a second post with a known id). The same
never-twice discipline as mail (server/sender.py): claimed ``queued`` → ``sending`` and
committed before the post; 2xx is ``sent``; 4xx ``failed`` with the receiver's words; 429,
5xx or no answer back to ``queued`` with a growing delay; a crash mid-post leaves it
``sending`` for an admin (``outbound list``), never posted again by itself. Delivery
reports come back through ``POST /v1/intake`` (server/intake.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import socket
import threading
from collections import Counter
from datetime import UTC, datetime

import httpx
from peewee import Database

from models.identity import social_limit
from server import store
from server.channels import secrets as sealed
from server.intake import GATEWAY_CHANNELS, RECIPIENT_KIND
from server.models import Contact, Customer, Integration, Outbound

log = logging.getLogger("lastmile.server.gateway")

TIMEOUT_S = 10.0
WORDS = 300
RETRY_BASE_MS = 30_000
RETRY_MAX_MS = 3_600_000
MAX_ATTEMPTS = 30


def signature(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def _recipient(row: Outbound) -> str:
    """The customer's number or handle for this channel, as the server knows it."""
    contact = Contact.get_or_none(Contact.id == row.contact_id)
    customer = Customer.get_or_none(Customer.id == contact.customer_id) if contact else None
    wanted = RECIPIENT_KIND.get(row.channel, "phone")
    for key in json.loads(customer.keys) if customer else []:
        if key[0] == wanted:
            return str(key[1])
    return ""


class GatewaySender:
    """Posts queued SMS, chat and social replies of every team with a webhook."""

    def __init__(
        self,
        db: Database,
        *,
        poll_seconds: float = 2.0,
        batch: int = 50,
        client: httpx.Client | None = None,
    ) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.client = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=False)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:gateway"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="lastmile-gateway", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("the gateway sender could not run")
            self._stop.wait(self.poll_seconds)

    def run_once(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        with self.db.connection_context():
            while counts["claimed"] < self.batch:
                claimed = self._claim()
                if claimed is None:
                    break
                counts["claimed"] += 1
                counts[self._post(*claimed)] += 1
        return counts

    def _claim(self) -> tuple[Outbound, Integration] | None:
        now = store.now_ms()
        with self.db.atomic():
            found = (
                Outbound.select(Outbound, Integration)
                .join(
                    Integration,
                    on=(
                        (Integration.team == Outbound.space)
                        & (Integration.channel == Outbound.channel)
                    ),
                )
                .where(
                    (Outbound.state == "queued")
                    & (Outbound.channel << list(GATEWAY_CHANNELS))
                    & (Integration.webhook_url != "")
                    & (Outbound.next_attempt_at <= now)
                )
                .order_by(
                    Outbound.next_attempt_at, Outbound.created_at, Outbound.id, Integration.name
                )
                .limit(1)
                .for_update(of=Outbound, skip_locked=True)
                .first()
            )
            if found is None:
                return None
            gateway = found.integration
            Outbound.update(
                state="sending",
                claimed_by=self.worker,
                attempts=Outbound.attempts + 1,
                lease_until=now + 10 * 60_000,
            ).where((Outbound.id == found.id) & (Outbound.state == "queued")).execute()
        row = Outbound.get_by_id(found.id)
        return row, gateway

    def _post(self, row: Outbound, gateway: Integration) -> str:
        to = _recipient(row) or row.recipient
        if not to:
            return self._finish(
                row, "failed", f"not sent: no {row.channel} address is known for this customer"
            )
        if row.channel == "social":
            limit = social_limit(to)
            if limit is not None and len(row.body) > limit[1]:
                return self._finish(
                    row,
                    "failed",
                    f"not sent: {len(row.body)} characters, {limit[0]} takes at most {limit[1]}",
                )
        contact = Contact.get_or_none(Contact.id == row.contact_id)
        body = json.dumps(
            {
                "id": row.id,
                "channel": row.channel,
                "to": to,
                "text": row.body,
                "contact_id": row.contact_id,
                "in_reply_to": contact.external_id if contact else None,
            },
            ensure_ascii=False,
        ).encode()
        try:
            key = sealed.unseal(gateway.key_sealed)
        except sealed.SecretError as exc:
            return self._finish(row, "queued", f"waiting: {exc}", retry=True)
        try:
            answer = self.client.post(
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
            return self._finish(
                row,
                "queued",
                f"the {gateway.name} gateway cannot be reached: {exc.__class__.__name__}",
                retry=True,
            )
        words = f"{answer.status_code} {' '.join(answer.text.split())}"[:WORDS].strip()
        if answer.is_success:
            return self._finish(row, "sent", "", recipient=to)
        if answer.status_code == 429 or answer.status_code >= 500 or answer.is_redirect:
            return self._finish(
                row, "queued", f"the {gateway.name} gateway said {words}", retry=True
            )
        return self._finish(
            row, "failed", f"not delivered: the {gateway.name} gateway said {words}"
        )

    def _finish(
        self, row: Outbound, state: str, reason: str, *, retry: bool = False, recipient: str = ""
    ) -> str:
        now = store.now_ms()
        with self.db.atomic():
            tx = store.Tx(row.space)
            current = Outbound.select().where(Outbound.id == row.id).for_update().first()
            if current is None or current.state != "sending" or current.claimed_by != self.worker:
                return "lost"
            if retry and current.attempts >= MAX_ATTEMPTS:
                state, retry = "failed", False
                reason = f"not delivered after {current.attempts} attempts: {reason}"
            current.state, current.claimed_by, current.lease_until = state, None, None
            if recipient:
                current.recipient = recipient[:255]
            if retry:
                delay = min(RETRY_BASE_MS * 2 ** max(0, current.attempts - 1), RETRY_MAX_MS)
                current.next_attempt_at = now + delay
                when = datetime.fromtimestamp((now + delay) / 1000, tz=UTC)
                reason = f"will try again at {when:%Y-%m-%d %H:%M UTC}: {reason}"
            current.reason = reason[:1000]
            if state == "sent":
                current.sent_at = now
            tx.save(current)
        return "retry" if retry else state
