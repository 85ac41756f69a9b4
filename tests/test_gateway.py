"""SMS, chat and social replies leave through a real local HTTP receiver: signed, once,
retried after a 503, failed on a 400; delivery reports come back through the intake."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from desktop.app import Application
from desktop.channels.webhook import GatewaySender
from desktop.clock import FixedClock
from desktop.errors import UserFacingError
from desktop.intake import IntakeReport
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.templates import render, template_values
from models.queries import delivery
from models.schema import Contact, Customer, Event, Outbound
from tests.conftest import contact_record
from tests.intake_helpers import http, key_for, memory_keyring, post, server

__all__ = ["http", "memory_keyring", "server"]  # fixtures


@dataclass
class Receiver:
    """A gateway's webhook: answers each post with the next scripted status (then 200)."""

    statuses: list[tuple[int, str]] = field(default_factory=list)
    posts: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.posts]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status, text = state.statuses.pop(0) if state.statuses else (200, "queued")
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def ana(live_app: Application, make_agent: Callable[..., Actor]) -> Actor:
    return make_agent(live_app, "ana", "Ana Kovač")


def _reply_on(
    app: Application,
    ingest: Callable[..., IntakeReport],
    actor: Actor,
    record: dict[str, Any],
    text: str,
) -> Outbound:
    report = ingest(app, record)
    (contact_id,) = report.contact_ids
    contact_ops.reply(app.mutator, actor, contact_id, text)
    return Outbound.get((Outbound.contact == contact_id) & (Outbound.body == text))


def _line(row: Outbound) -> dict[str, Any]:
    event = Event.get(Event.id == row.event_id)
    return json.loads(event.data or "{}")["delivery"]


def test_an_sms_reply_leaves_signed_once(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
    receiver: Receiver,
    memory_keyring: Any,
) -> None:
    key = key_for(live_app, "sms-gw", "sms", receiver.url)
    live_app.rules.acknowledge = False
    record = contact_record(1, channel="sms", sender={"phone": "+15551234567"}, external_id="SM123")
    row = _reply_on(live_app, ingest, ana, record, "Your bike leaves today.")
    sender = GatewaySender(live_app.db, kind="live")
    report = sender.send_due(live_app.clock.now())
    assert (report.sent, report.retrying, report.failed) == (1, 0, [])
    ((headers, body),) = receiver.posts
    expected = "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-lastmile-signature"] == expected
    assert headers["x-lastmile-delivery"] == row.id
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {
        "id": row.id,
        "channel": "sms",
        "to": "+15551234567",
        "text": "Your bike leaves today.",
        "contact_id": row.contact_id,
        "in_reply_to": "SM123",
    }
    row = Outbound.get_by_id(row.id)
    assert row.state == "sent" and row.attempts == 1
    assert _line(row)["state"] == "sent"
    assert sender.send_due(live_app.clock.now()).sent == 0  # once
    assert len(receiver.posts) == 1


def test_a_503_is_retried_with_backoff_and_a_400_fails_with_the_receivers_words(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
    receiver: Receiver,
    clock: FixedClock,
) -> None:
    key_for(live_app, "sms-gw", "sms", receiver.url)
    live_app.rules.acknowledge = False
    first = _reply_on(
        live_app,
        ingest,
        ana,
        contact_record(1, channel="sms", sender={"phone": "+15551234567"}),
        "First",
    )
    receiver.statuses = [(503, "busy, try later")]
    sender = GatewaySender(live_app.db, kind="live")
    report = sender.send_due(clock.now())
    assert (report.sent, report.retrying) == (0, 1)
    row = Outbound.get_by_id(first.id)
    assert row.state == "queued" and "503 busy, try later" in row.reason
    assert "next try in" in _line(row)["reason"]
    assert sender.send_due(clock.now()).sent == 0  # not due yet
    clock.advance(seconds=31)
    assert sender.send_due(clock.now()).sent == 1
    assert len(receiver.posts) == 2
    assert {h["x-lastmile-delivery"] for h, _ in receiver.posts} == {first.id}
    assert Outbound.get_by_id(first.id).state == "sent"

    second = _reply_on(
        live_app,
        ingest,
        ana,
        contact_record(2, channel="sms", sender={"phone": "+15557654321"}),
        "Second",
    )
    receiver.statuses = [(400, "invalid destination number")]
    report = sender.send_due(clock.now())
    assert report.failed and "invalid destination number" in report.failed[0]
    row = Outbound.get_by_id(second.id)
    assert row.state == "failed"
    assert delivery(row.state, Event.get(Event.id == row.event_id).data) == (
        "not sent: the sms-gw gateway said 400 invalid destination number"
    )
    clock.advance(hours=2)
    assert sender.send_due(clock.now()).sent == 0 and len(receiver.posts) == 3


def test_an_sms_reply_to_a_customer_without_a_phone_number_is_not_sent(
    live_app: Application, ingest: Callable[..., IntakeReport], ana: Actor, receiver: Receiver
) -> None:
    key_for(live_app, "sms-gw", "sms", receiver.url)
    live_app.rules.acknowledge = False
    record = contact_record(1, channel="sms", sender={"email": "joan@example.com"})
    row = _reply_on(live_app, ingest, ana, record, "Hello")
    report = GatewaySender(live_app.db, kind="live").send_due(live_app.clock.now())
    assert report.failed and not receiver.posts
    row = Outbound.get_by_id(row.id)
    assert row.state == "failed" and row.reason == "no phone number is known for this customer"


def test_an_unreachable_gateway_is_retried(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
) -> None:
    key_for(live_app, "chat-gw", "chat", "http://127.0.0.1:9/hook")  # discard port: refused
    live_app.rules.acknowledge = False
    row = _reply_on(
        live_app,
        ingest,
        ana,
        contact_record(1, channel="chat", sender={"visitor_id": "v-1"}),
        "Hello",
    )
    report = GatewaySender(live_app.db, kind="live").send_due(live_app.clock.now())
    assert report.retrying == 1
    assert "cannot be reached" in Outbound.get_by_id(row.id).reason


def test_social_replies_keep_the_networks_length_and_know_the_handle(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
    receiver: Receiver,
) -> None:
    key_for(live_app, "social-tool", "social", receiver.url)
    live_app.rules.acknowledge = False
    record = contact_record(
        1,
        channel="social",
        sender={"name": "Joan Smith", "handle": "@JoanSmith", "network": "twitter"},
    )
    report = ingest(live_app, record)
    (contact_id,) = report.contact_ids
    with pytest.raises(UserFacingError, match="twitter takes at most 280"):
        contact_ops.reply(live_app.mutator, ana, contact_id, "x" * 281)
    assert Outbound.select().count() == 0 and Contact.get_by_id(contact_id).status == "open"
    customer = Customer.get_by_id(Contact.get_by_id(contact_id).customer_id)
    text = render("Hi {customer.handle}, it ships today.", template_values(ana, customer))
    assert text.complete and text.text == "Hi @joansmith, it ships today."
    contact_ops.reply(live_app.mutator, ana, contact_id, text.text)
    assert GatewaySender(live_app.db, kind="live").send_due(live_app.clock.now()).sent == 1
    (body,) = receiver.bodies()
    assert body["to"] == "twitter:joansmith" and body["channel"] == "social"


def test_delivery_reports_come_back_through_the_intake(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
    receiver: Receiver,
    http: httpx.Client,
) -> None:
    key = key_for(live_app, "sms-gw", "sms", receiver.url)
    chat = key_for(live_app, "widget", "chat")
    live_app.rules.acknowledge = False
    rows = [
        _reply_on(
            live_app,
            ingest,
            ana,
            contact_record(n, channel="sms", sender={"phone": f"+1555123400{n}"}),
            f"Reply {n}",
        )
        for n in (1, 2)
    ]
    assert GatewaySender(live_app.db, kind="live").send_due(live_app.clock.now()).sent == 2
    report = {"type": "delivery", "id": rows[0].id, "state": "delivered"}
    answer = post(http, key, report)
    assert answer.status_code == 202, answer.text
    assert answer.json()["accepted"] == [{"position": 1, "id": rows[0].id, "state": "delivered"}]
    assert post(http, key, report).status_code == 202  # the same report again: no change
    row = Outbound.get_by_id(rows[0].id)
    assert row.state == "sent" and _line(row)["state"] == "delivered"
    said = delivery(row.state, Event.get(Event.id == row.event_id).data)
    assert said is not None and said.startswith("delivered ")
    failed = post(
        http,
        key,
        {"type": "delivery", "id": rows[1].id, "state": "failed", "reason": "handset unreachable"},
    )
    assert failed.status_code == 202
    row = Outbound.get_by_id(rows[1].id)
    assert row.state == "failed" and _line(row)["reason"] == "not delivered: handset unreachable"
    other = post(http, chat, {"type": "delivery", "id": rows[0].id, "state": "failed"})
    assert other.status_code == 422 and "no chat message" in other.json()["rejected"][0]["reason"]
    unknown = post(http, key, {"type": "delivery", "id": "nope", "state": "delivered"})
    assert unknown.status_code == 422
    assert Outbound.get_by_id(rows[0].id).state == "sent"


def test_the_mail_service_loop_posts_gateway_replies_too(
    live_app: Application,
    ingest: Callable[..., IntakeReport],
    ana: Actor,
    receiver: Receiver,
) -> None:
    from desktop.channels.service import MailService

    key_for(live_app, "sms-gw", "sms", receiver.url)
    live_app.rules.acknowledge = False
    row = _reply_on(
        live_app,
        ingest,
        ana,
        contact_record(1, channel="sms", sender={"phone": "+15551234567"}),
        "From the loop",
    )
    service = MailService(live_app, send_s=0.05)
    service.start()
    try:
        for _ in range(100):
            if receiver.posts:
                break
            threading.Event().wait(0.05)
    finally:
        service.stop()
    assert [b["id"] for b in receiver.bodies()] == [row.id]
