"""Invoices: remind before anything else. No invoice, no reminder, then a debt
collector is the worst CRM there is — so escalation needs a recorded reminder."""

from __future__ import annotations

import json

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.ops import Actor
from models.base import new_id
from models.errors import NotFoundError, UserFacingError
from models.protocol import intents
from models.schema import Event, Identity, Invoice, Outbound, Task


def _invoice(invoice_id: str) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None:
        raise NotFoundError.said("invoice {invoice_id} does not exist", invoice_id=invoice_id)
    return invoice


def _email_customer(
    mut: Mutator,
    actor: Actor,
    invoice: Invoice,
    *,
    event_id: str,
    history_subject: str,
    subject: str,
    body: str,
    data: dict[str, object],
) -> None:
    """Record the message on the customer's history and queue it (simulated in training)."""
    now = mut.clock.now()
    email = (
        Identity.select()
        .where((Identity.customer == invoice.customer_id) & (Identity.kind == "email"))
        .first()
    )
    Event.create(
        id=event_id,
        customer=invoice.customer_id,
        at=now,
        channel="email",
        kind="reminder",
        agent=actor.id,
        subject=history_subject,
        body=body,
        data=json.dumps(data),
    )
    Outbound.create(
        event_id=event_id,
        channel="email",
        recipient=email.value if email else "",
        subject=subject,
        body=body,
        created_at=now,
        state="simulated" if mut.kind == "training" else "queued",
    )


def _amount(invoice: Invoice) -> str:
    return f"{invoice.amount_cents / 100:,.2f} {invoice.currency}"


def send(mut: Mutator, actor: Actor, invoice_id: str, *, event_id: str | None = None) -> Changes:
    """Send (or re-send) an invoice that never went out, recorded on the customer's history."""
    event_id = event_id or new_id()

    def apply() -> str:
        invoice = _invoice(invoice_id)
        if invoice.paid_at is not None:
            raise UserFacingError.said("invoice {number} is already paid", number=invoice.number)
        now = mut.clock.now()
        _email_customer(
            mut,
            actor,
            invoice,
            event_id=event_id,
            history_subject=f"Invoice {invoice.number} sent",
            subject=f"Invoice {invoice.number}",
            body=f"Please find invoice {invoice.number} ({_amount(invoice)}) attached.",
            data={"invoice_id": invoice_id, "sent": True},
        )
        Invoice.update(sent_at=now).where(Invoice.id == invoice_id).execute()
        return invoice.customer_id

    customer_id = mut.run(
        intents.INVOICE_SEND,
        {"invoice_id": invoice_id, "event_id": event_id},
        apply,
        agent_id=actor.id,
        entity="invoice",
        entity_id=invoice_id,
    )
    return Changes(customers={customer_id})


def remind(
    mut: Mutator,
    actor: Actor,
    invoice_id: str,
    *,
    text: str | None = None,
    event_id: str | None = None,
) -> Changes:
    """Send a friendly reminder (email) and record it on the customer's history."""
    event_id = event_id or new_id()

    def apply() -> str:
        invoice = _invoice(invoice_id)
        if invoice.paid_at is not None:
            raise UserFacingError.said("invoice {number} is already paid", number=invoice.number)
        if invoice.sent_at is None:
            raise UserFacingError.said(
                "invoice {number} was never sent: send it first", number=invoice.number
            )
        now = mut.clock.now()
        body = text or (
            f"A friendly reminder that invoice {invoice.number} ({_amount(invoice)}) is "
            "still open. If you have already paid, please ignore this message."
        )
        subject = f"Reminder: invoice {invoice.number}"
        _email_customer(
            mut,
            actor,
            invoice,
            event_id=event_id,
            history_subject=subject,
            subject=subject,
            body=body,
            data={"invoice_id": invoice_id},
        )
        Invoice.update(reminded_at=now).where(Invoice.id == invoice_id).execute()
        Task.update(state="done", done_at=now).where(
            (Task.customer == invoice.customer_id)
            & (Task.kind == "invoice_reminder")
            & (Task.state == "open")
            & Task.title.contains(invoice.number)
        ).execute()
        return invoice.customer_id

    customer_id = mut.run(
        intents.INVOICE_REMIND,
        {"invoice_id": invoice_id, "event_id": event_id},
        apply,
        agent_id=actor.id,
        entity="invoice",
        entity_id=invoice_id,
    )
    return Changes(customers={customer_id}, tasks={"*"})


def escalate(mut: Mutator, actor: Actor, invoice_id: str, *, to: str = "collections") -> Changes:
    """Hand an unpaid invoice over (collections, legal). Refused without a recorded reminder."""

    def apply() -> str:
        invoice = _invoice(invoice_id)
        if invoice.paid_at is not None:
            raise UserFacingError.said("invoice {number} is already paid", number=invoice.number)
        if invoice.reminded_at is None:
            raise UserFacingError.said(
                "invoice {number} has no recorded reminder: "
                "remind the customer before any escalation",
                number=invoice.number,
            )
        Event.create(
            customer=invoice.customer_id,
            at=mut.clock.now(),
            channel="commerce",
            kind="status",
            agent=actor.id,
            subject=f"Invoice {invoice.number} escalated to {to}",
            data=json.dumps({"invoice_id": invoice_id, "to": to}),
        )
        return invoice.customer_id

    customer_id = mut.run(
        intents.INVOICE_ESCALATE,
        {"invoice_id": invoice_id, "to": to},
        apply,
        agent_id=actor.id,
        entity="invoice",
        entity_id=invoice_id,
    )
    return Changes(customers={customer_id})
