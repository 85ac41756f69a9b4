"""Acknowledgements, follow-ups, invoice reminders and the escalation guard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.automation import invoice_reminders
from desktop.clock import FixedClock
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import invoices as invoice_ops
from desktop.workspace import Workspace
from models.errors import UserFacingError
from models.schema import Contact, Customer, Event, Invoice, Outbound, Task

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _open(tmp_path: Path, kind: str = "live") -> Application:
    app = Application.open(Workspace(tmp_path / kind, kind), clock=FixedClock(NOW))
    agent_ops.add_agent(app.mutator, login="ana", display_name="Ana Kovač", skills={"general": 1})
    app.sign_in("ana")
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Application]:
    application = _open(tmp_path)
    yield application
    application.close()


def record(n: int, channel: str, **extra: Any) -> tuple[int, dict[str, Any]]:
    data = {
        "type": "contact",
        "channel": channel,
        "external_id": f"m{n}",
        "received_at": "2026-11-23T09:00:00Z",
        "from": {
            "name": "Joan Smith",
            "email": "joan@example.com",
            "phone": "+15551234567",
            "handle": "joansmith",
            "network": "twitter",
        },
        "subject": "Bike delivery",
        "body": "Where is my bike?",
    }
    data.update(extra)
    return n, data


def acks() -> list[Event]:
    return list(Event.select().where(Event.kind == "ack"))


def test_async_channels_are_acknowledged_with_the_promise(app: Application) -> None:
    # webform and fax from other addresses: one address gets one acknowledgement per window
    report = app.intake.ingest(
        [
            record(1, "email"),
            record(2, "sms"),
            record(3, "social"),
            record(4, "webform", **{"from": {"email": "joan@work.example"}}),
            record(5, "fax", **{"from": {"email": "fax@joan.example"}}),
            record(6, "phone", outcome="completed"),
            record(7, "chat"),
        ]
    )
    assert report.imported == 7
    acked = {Contact.get_by_id(e.contact_id).channel for e in acks()}
    assert acked == {"email", "sms", "social", "webform", "fax"}
    email_ack = next(e for e in acks() if e.channel == "email")
    assert "Joan" in email_ack.body
    assert "within 8 business hours" in email_ack.body
    out = Outbound.get(Outbound.event_id == email_ack.id)
    assert out.state == "queued" and out.recipient == "joan@example.com"
    sms = next(e for e in acks() if e.channel == "sms")
    assert Outbound.get(Outbound.event_id == sms.id).recipient == "+15551234567"


def test_one_acknowledgement_per_address_and_window(app: Application) -> None:
    app.intake.ingest([record(1, "email"), record(2, "webform", subject="Other question")])
    assert len(acks()) == 1  # two conversations, one address, one hour: one answer
    clock = app.intake.clock
    assert isinstance(clock, FixedClock)
    clock.advance(minutes=59)
    app.intake.ingest([record(3, "email", received_at="2026-11-23T10:30:00Z")])
    assert len(acks()) == 1
    clock.advance(minutes=2)
    app.intake.ingest([record(4, "email", received_at="2026-11-23T10:40:00Z")])
    assert len(acks()) == 2


def test_not_twice_in_a_thread_and_not_on_reimport(app: Application) -> None:
    app.intake.ingest([record(1, "email")])
    app.intake.ingest([record(2, "email", in_reply_to="m1", received_at="2026-11-23T09:30:00Z")])
    app.intake.ingest([record(1, "email"), record(2, "email", in_reply_to="m1")])
    assert len(acks()) == 1
    assert Outbound.select().count() == 1


def test_do_not_contact_customer_gets_no_acknowledgement(app: Application) -> None:
    app.intake.ingest([record(1, "email")])
    Customer.update(do_not_contact=True).execute()
    app.intake.ingest([record(2, "email", subject="Another")])
    assert len(acks()) == 1


def test_training_acknowledgements_are_simulated(tmp_path: Path) -> None:
    app = _open(tmp_path, "training")
    try:
        app.intake.ingest([record(1, "email")])
        assert [o.state for o in Outbound.select()] == ["simulated"]
    finally:
        app.close()


def test_ended_sessions_and_calls_get_a_follow_up_within_24_hours(app: Application) -> None:
    app.intake.ingest(
        [record(1, "session", outcome="failed"), record(2, "phone", outcome="dropped")]
    )
    tasks = list(Task.select())
    assert len(tasks) == 2
    assert all(t.due_at <= datetime(2026, 11, 24, 9, 0, tzinfo=UTC) for t in tasks)
    assert {t.title for t in tasks} == {
        "Follow up on the failed online session",
        "Follow up on the call",
    }


def test_resolving_a_chat_and_logging_a_call_create_follow_ups(app: Application) -> None:
    actor = app.require_actor()
    report = app.intake.ingest([record(1, "chat"), record(2, "email")])
    chat, email = report.contact_ids
    contact_ops.set_status(app.mutator, actor, chat, "resolved")
    assert Task.get(Task.contact == chat).owner_id == actor.id
    contact_ops.log_call(
        app.mutator,
        actor,
        email,
        direction="outbound",
        minutes=3,
        outcome="completed",
        summary="Sorted",
    )
    assert Task.select().where(Task.contact == email).count() == 1
    contact_ops.set_status(app.mutator, actor, email, "resolved")  # email: no extra task
    assert Task.select().where(Task.contact == email).count() == 1


def test_sla_pauses_while_waiting_on_the_customer(app: Application) -> None:
    actor: Actor = app.require_actor()
    cid = app.intake.ingest([record(1, "email")]).contact_ids[0]
    due_before = Contact.get_by_id(cid).due_at
    clock = app.clock
    assert isinstance(clock, FixedClock)
    contact_ops.claim(app.mutator, actor, cid)
    contact_ops.set_status(app.mutator, actor, cid, "waiting", app.rules)
    clock.advance(days=7)  # a week waiting on the customer
    contact_ops.set_status(app.mutator, actor, cid, "open", app.rules)
    due_after = Contact.get_by_id(cid).due_at
    cal = app.rules.calendar("email")
    left_before = cal.minutes_between(NOW, due_before)
    assert cal.minutes_between(clock.now(), due_after) == pytest.approx(left_before)
    assert due_after > due_before + timedelta(days=6)


def _invoice(app: Application, **dates: str | None) -> str:
    data: dict[str, Any] = {
        "type": "invoice",
        "customer": {"email": "joan@example.com"},
        "number": "INV-1",
        "amount": 120,
        "issued_at": "2026-10-01T00:00:00Z",
        "due_at": "2026-10-15T00:00:00Z",
        "sent_at": "2026-10-01T00:00:00Z",
    }
    data.update(dates)
    app.intake.ingest([(1, data)])
    return str(Invoice.get().id)


def test_overdue_invoice_gets_one_reminder_task_and_escalation_needs_a_reminder(
    app: Application,
) -> None:
    actor = app.require_actor()
    invoice_id = _invoice(app)
    conn = app.db.connection()
    assert invoice_reminders(conn, now=NOW, rules=app.rules) == 1
    assert invoice_reminders(conn, now=NOW, rules=app.rules) == 0
    with pytest.raises(UserFacingError, match="no recorded reminder"):
        invoice_ops.escalate(app.mutator, actor, invoice_id)
    invoice_ops.remind(app.mutator, actor, invoice_id)
    assert Invoice.get_by_id(invoice_id).reminded_at == NOW
    assert Task.get(Task.kind == "invoice_reminder").state == "done"
    assert Outbound.get(Outbound.recipient == "joan@example.com").subject.startswith("Reminder")
    invoice_ops.escalate(app.mutator, actor, invoice_id)
    assert Event.select().where(Event.subject.contains("escalated")).count() == 1


def test_unsent_invoice_cannot_be_reminded(app: Application) -> None:
    invoice_id = _invoice(app, sent_at=None)
    with pytest.raises(UserFacingError, match="never sent"):
        invoice_ops.remind(app.mutator, app.require_actor(), invoice_id)


def test_complaint_waiting_on_a_promise_gets_a_check_back(app: Application) -> None:
    actor = app.require_actor()
    complaint, question = app.intake.ingest(
        [
            record(
                1, "social", body="Three weeks and no refund. Never again. #fail", sentiment=-0.8
            ),
            record(2, "email", subject="Opening hours", body="When are you open?"),
        ]
    ).contact_ids
    for cid in (complaint, question):
        contact_ops.claim(app.mutator, actor, cid)
        contact_ops.set_status(app.mutator, actor, cid, "waiting", app.rules)
    [task] = list(Task.select().where(Task.kind == "check_back"))
    assert task.contact_id == complaint and task.owner_id == actor.id
    assert task.due_at > NOW
    contact_ops.set_status(app.mutator, actor, complaint, "open", app.rules)
    contact_ops.set_status(app.mutator, actor, complaint, "waiting", app.rules)
    assert Task.select().where(Task.kind == "check_back").count() == 1
