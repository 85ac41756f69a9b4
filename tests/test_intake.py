"""The one intake: validation, identity resolution, dedupe, threading and sync intents."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import desktop.intake
from desktop.app import Application
from desktop.intake import IntakeReport
from models.schema import (
    CHANNELS,
    Contact,
    Customer,
    Event,
    Identity,
    Intent,
    Invoice,
    MergeSuggestion,
    Outbound,
    Purchase,
)
from tests.conftest import NOW, contact_record, table_counts

Ingest = Callable[..., IntakeReport]

JOAN = {"name": "Joan Smith", "email": "joan@example.com", "phone": "+15551234567"}


def every_kind_of_record() -> list[dict[str, Any]]:
    """One good record per channel, a purchase and an invoice, all from (or about) Joan."""
    senders: dict[str, dict[str, Any]] = {
        "email": {"name": "Joan Smith", "email": "Joan@Example.com", "phone": "+1 (555) 123-4567"},
        "phone": {"phone": "(555) 123-4567"},
        "fax": {"name": "Joan Smith", "email": "joan@example.com", "phone": "+1 555 123 4567"},
        "chat": {"name": "Joan", "visitor_id": "visitor-8d1e", "email": "joan@example.com"},
        "webform": {"name": "Joan Smith", "email": "JOAN@example.com"},
        "sms": {"phone": "+15551234567"},
        "social": {
            "name": "Joan Smith",
            "handle": "@JoanRides",
            "network": "twitter",
            "followers": 15000,
            "email": "joan@example.com",
        },
        "session": {"email": "joan@example.com"},
    }
    records: list[dict[str, Any]] = [
        contact_record(n, channel=channel, minutes_ago=80 - n, sender=senders[channel])
        for n, channel in enumerate(CHANNELS, start=1)
    ]
    records[1]["outcome"] = "dropped"  # the phone call
    records[7]["outcome"] = "failed"  # the online session
    records.append(
        {
            "type": "purchase",
            "customer": {"email": "joan@example.com"},
            "external_id": "order-1001",
            "product": "Cargo bike Family",
            "amount": 3499.0,
            "currency": "eur",
            "purchased_at": "2026-11-10T12:00:00Z",
        }
    )
    records.append(
        {
            "type": "invoice",
            "customer": {"phone": "+1 (555) 123-4567"},
            "number": "INV-2026-1001",
            "amount": "3499.00",
            "currency": "EUR",
            "issued_at": "2026-11-10T12:00:00Z",
            "due_at": "2026-11-20T00:00:00Z",
            "sent_at": "2026-11-10T12:05:00+01:00",
        }
    )
    return records


# -- good records --------------------------------------------------------------------


def test_every_channel_purchase_and_invoice_is_stored_for_one_customer(
    live_app: Application, ingest: Ingest
) -> None:
    report = ingest(live_app, *every_kind_of_record())
    assert report.as_json() == {"imported": 10, "duplicates": 0, "rejected": []}
    assert len(report.contact_ids) == len(CHANNELS)

    joan = Customer.get()
    assert Customer.select().count() == 1
    assert joan.name == "Joan Smith"
    assert joan.reach == 15000 and joan.influencer
    assert sorted((i.kind, i.value) for i in Identity.select()) == [
        ("email", "joan@example.com"),
        ("handle", "twitter:joanrides"),
        ("phone", "+15551234567"),
        ("visitor", "visitor-8d1e"),
    ]
    contacts = list(Contact.select().order_by(Contact.received_at))
    assert [c.channel for c in contacts] == list(CHANNELS)
    assert {c.customer_id for c in contacts} == {joan.id}
    assert all(c.status == "open" and c.assigned_to_id is None for c in contacts)
    assert all(c.due_at is not None and c.due_at > c.received_at for c in contacts)
    assert [c.outcome for c in contacts if c.outcome] == ["dropped", "failed"]
    first = contacts[0]
    assert (first.subject, first.preview, first.external_id) == (
        "Question 1",
        "Body of question 1",
        "email-1",
    )

    inbound = Event.select().where(Event.kind == "inbound")
    assert sorted(str(e.contact_id) for e in inbound) == sorted(c.id for c in contacts)
    assert all(e.customer_id == joan.id for e in inbound)

    purchase = Purchase.get()
    assert (purchase.customer_id, purchase.product, purchase.amount_cents, purchase.currency) == (
        joan.id,
        "Cargo bike Family",
        349900,
        "EUR",
    )
    invoice = Invoice.get()
    assert invoice.customer_id == joan.id and invoice.number == "INV-2026-1001"
    assert invoice.amount_cents == 349900 and invoice.state == "sent"
    assert invoice.sent_at == NOW.replace(month=11, day=10, hour=11, minute=5)
    commerce = Event.select().where(Event.kind.in_(("purchase", "invoice")))
    assert {e.kind for e in commerce} == {"purchase", "invoice"}


def test_times_are_stored_in_utc(live_app: Application, ingest: Ingest) -> None:
    ingest(live_app, contact_record(1, received_at="2026-11-22T10:15:00+01:00"))
    assert Contact.get().received_at == NOW.replace(hour=9, minute=15)


# -- identity resolution -------------------------------------------------------------


def test_email_matches_whatever_its_case(live_app: Application, ingest: Ingest) -> None:
    ingest(
        live_app,
        contact_record(1, sender={"name": "Joan Smith", "email": "Joan.Smith@Example.COM"}),
        contact_record(2, sender={"name": "J. Smith", "email": " joan.smith@example.com "}),
    )
    assert Customer.select().count() == 1
    assert Identity.get().value == "joan.smith@example.com"


@pytest.mark.parametrize(
    "second",
    [
        "+15551234567",
        "+1 (555) 123-4567",
        "(555) 123-4567",
        "555.123.4567",
        "001 555 123 4567",
        "+1-555-123-4567",
    ],
)
def test_one_phone_number_in_any_format_is_one_customer(
    live_app: Application, ingest: Ingest, second: str
) -> None:
    ingest(
        live_app,
        contact_record(
            1, channel="phone", sender={"name": "Joan Smith", "phone": "+1 (555) 123-4567"}
        ),
        contact_record(2, channel="sms", sender={"name": "Joan Smith", "phone": second}),
    )
    assert Customer.select().count() == 1
    assert [(i.kind, i.value) for i in Identity.select()] == [("phone", "+15551234567")]


def test_a_name_given_later_on_a_known_number_is_the_same_caller(
    live_app: Application, ingest: Ingest
) -> None:
    # caller id first (no name: the customer is shown by number), then a text with a name
    ingest(live_app, contact_record(1, channel="phone", sender={"phone": "+15551234567"}))
    ingest(
        live_app,
        contact_record(2, channel="sms", sender={"name": "Joan Smith", "phone": "555-123-4567"}),
    )
    assert Customer.select().count() == 1
    assert MergeSuggestion.select().count() == 0


def test_a_different_name_on_a_shared_phone_is_suggested_not_merged(
    live_app: Application, ingest: Ingest
) -> None:
    ingest(live_app, contact_record(1, channel="phone", sender=JOAN))
    ingest(
        live_app,
        contact_record(
            2, channel="phone", sender={"name": "Walter Okafor", "phone": "+15551234567"}
        ),
    )
    assert Customer.select().count() == 2
    suggestion = MergeSuggestion.get()
    assert "shares phone +15551234567" in json.loads(suggestion.evidence)[0]


def test_a_handle_is_per_network(live_app: Application, ingest: Ingest) -> None:
    ingest(
        live_app,
        contact_record(
            1, channel="social", sender={"name": "Mia", "handle": "@MiaRides", "network": "twitter"}
        ),
        contact_record(
            2, channel="social", sender={"name": "Mia", "handle": "miarides", "network": "Twitter"}
        ),
        contact_record(
            3,
            channel="social",
            sender={"name": "Mia", "handle": "@miarides", "network": "instagram"},
        ),
    )
    handles = {i.value: i.customer_id for i in Identity.select()}
    assert set(handles) == {"twitter:miarides", "instagram:miarides"}
    assert handles["twitter:miarides"] != handles["instagram:miarides"]
    twitter = Contact.select().where(Contact.customer == handles["twitter:miarides"])
    assert sorted(str(c.external_id) for c in twitter) == ["social-1", "social-2"]


def test_a_new_key_of_a_known_customer_is_added_to_them(
    live_app: Application, ingest: Ingest
) -> None:
    ingest(live_app, contact_record(1, sender={"name": "Joan Smith", "email": "joan@example.com"}))
    ingest(live_app, contact_record(2, channel="sms", sender=JOAN))
    assert Customer.select().count() == 1
    assert Identity.select().count() == 2


# -- bad records ---------------------------------------------------------------------


BAD: list[tuple[Any, str]] = [
    (contact_record(90, channel="pigeon"), "unknown channel 'pigeon'"),
    ({k: v for k, v in contact_record(91).items() if k != "received_at"}, "missing 'received_at'"),
    (contact_record(92, received_at="2026-11-22 09:10:00"), "has no time zone"),
    (contact_record(93, received_at="22/11/2026"), "received_at"),
    (contact_record(94, sender={"name": "No Identity"}), "no email, phone, handle or visitor_id"),
    (contact_record(95, sender={"email": "not-an-address"}), "not an email address"),
    (contact_record(96, sender={"phone": "call me"}), "not a phone number"),
    (contact_record(97, sender={"handle": "@joan"}), "has no network"),
    (contact_record(98, direction={"to": "us"}), "unknown direction"),
    (contact_record(99, priority=7), "priority"),
    (contact_record(100, outcome="lost"), "unknown outcome"),
    (contact_record(101, subject=["not", "text"]), "'subject' must be text"),
    ({"type": "refund", "customer": {"email": "a@example.com"}}, "unknown type 'refund'"),
    (
        {
            "type": "purchase",
            "customer": {"email": "a@example.com"},
            "purchased_at": "2026-11-10T12:00:00Z",
        },
        "no 'product'",
    ),
    (
        {
            "type": "invoice",
            "customer": {"email": "a@example.com"},
            "amount": "lots",
            "issued_at": "2026-11-10T12:00:00Z",
        },
        "not a number",
    ),
    (
        {
            "type": "purchase",
            "customer": {"email": "a@example.com"},
            "product": "Bike",
            "amount": 1e306,
            "purchased_at": "2026-11-10T12:00:00Z",
        },
        "out of range",
    ),
    (
        {
            "type": "invoice",
            "customer": {"email": "a@example.com"},
            "amount": "-inf",
            "issued_at": "2026-11-10T12:00:00Z",
        },
        "not a number",
    ),
    (
        {
            "type": "invoice",
            "customer": {"email": "a@example.com"},
            "amount": 1e20,
            "issued_at": "2026-11-10T12:00:00Z",
        },
        "out of range",
    ),
    (["a", "list"], "not a JSON object"),
]


def test_bad_records_are_rejected_with_position_and_reason_and_the_rest_imported(
    live_app: Application, ingest: Ingest
) -> None:
    good = [contact_record(1), contact_record(2, channel="chat")]
    records = [good[0], *(record for record, _ in BAD), good[1]]
    report = ingest(live_app, *records, source="batch.jsonl")
    assert report.imported == 2
    assert [r.position for r in report.rejected] == list(range(2, 2 + len(BAD)))
    for rejected, (_, reason) in zip(report.rejected, BAD, strict=True):
        assert reason in rejected.reason
        assert rejected.as_json() == {
            "position": rejected.position,
            "reason": rejected.reason,
            "file": "batch.jsonl",
        }
    assert sorted(str(c.external_id) for c in Contact.select()) == ["chat-2", "email-1"]
    # nothing of a rejected record was stored
    assert Customer.select().count() == 2


# -- dedupe and re-import ------------------------------------------------------------


def test_importing_the_same_records_again_changes_nothing(
    live_app: Application, ingest: Ingest
) -> None:
    records = [*every_kind_of_record(), contact_record(40, sender={"email": "x"})]
    first = ingest(live_app, *records)
    assert first.imported == 10 and len(first.rejected) == 1
    before = table_counts(live_app.workspace.database_path)
    again = ingest(live_app, *records)
    assert (again.imported, again.duplicates, len(again.rejected)) == (0, 10, 1)
    assert table_counts(live_app.workspace.database_path) == before


def test_duplicates_inside_one_batch_are_counted_once(
    live_app: Application, ingest: Ingest
) -> None:
    record = contact_record(1)
    no_id = {k: v for k, v in contact_record(2).items() if k != "external_id"}
    report = ingest(live_app, record, dict(record), no_id, dict(no_id))
    assert (report.imported, report.duplicates) == (2, 2)
    assert Contact.select().count() == 2


def test_dedupe_and_threads_work_across_chunks(
    live_app: Application, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desktop.intake, "CHUNK", 2)
    original = contact_record(1, external_id="<a@mail.example>")
    records = [
        original,
        contact_record(2),
        contact_record(3),
        dict(original),
        contact_record(4, external_id="<b@mail.example>", in_reply_to="<a@mail.example>"),
    ]
    report = ingest(live_app, *records)
    assert (report.imported, report.duplicates) == (4, 1)
    first = Contact.get(Contact.external_id == "<a@mail.example>")
    assert Contact.get(Contact.external_id == "<b@mail.example>").thread_id == first.id


# -- threads -------------------------------------------------------------------------


def test_a_reply_joins_the_thread_of_the_message_it_answers(
    live_app: Application, ingest: Ingest
) -> None:
    ingest(live_app, contact_record(1, external_id="<m0@mail.example>", sender=JOAN))
    ingest(
        live_app,
        contact_record(
            2, external_id="<m1@mail.example>", in_reply_to="<m0@mail.example>", sender=JOAN
        ),
        # a reply to the reply still belongs to the first message's thread
        contact_record(
            3, external_id="<m2@mail.example>", in_reply_to="<m1@mail.example>", sender=JOAN
        ),
        # the same reference on another channel is not this conversation
        contact_record(4, channel="webform", in_reply_to="<m0@mail.example>", sender=JOAN),
        contact_record(5, external_id="<m9@mail.example>", in_reply_to="<unknown@x>", sender=JOAN),
    )
    root = Contact.get(Contact.external_id == "<m0@mail.example>")
    assert root.thread_id == root.id
    threads = {c.external_id: c.thread_id for c in Contact.select()}
    assert threads["<m1@mail.example>"] == root.id
    assert threads["<m2@mail.example>"] == root.id
    other = Contact.get(Contact.channel == "webform")
    assert other.thread_id == other.id
    lone = Contact.get(Contact.external_id == "<m9@mail.example>")
    assert lone.thread_id == lone.id


# -- sync intents: live records them, training never ---------------------------------


def test_live_intake_writes_one_intent_per_accepted_record(
    live_app: Application, ingest: Ingest
) -> None:
    records = [*every_kind_of_record(), contact_record(30, channel="pigeon")]
    report = ingest(live_app, *records)
    intents = list(Intent.select().order_by(Intent.mutation_id))
    assert len(intents) == report.imported == 10
    names = [i.name for i in intents]
    assert names.count("contact.receive") == 8
    assert names.count("purchase.record") == names.count("invoice.record") == 1
    received = {json.loads(i.args)["contact_id"] for i in intents if i.name == "contact.receive"}
    assert received == set(report.contact_ids)
    assert all(i.state == "pending" for i in intents)
    # the acknowledgements that intake sends are queued for real delivery
    assert Outbound.select().count() > 0
    assert {o.state for o in Outbound.select()} == {"queued"}
    # and a re-import records nothing new
    ingest(live_app, *records)
    assert Intent.select().count() == 10


def test_training_intake_writes_no_intent(training_app: Application, ingest: Ingest) -> None:
    report = ingest(training_app, *every_kind_of_record())
    assert report.imported == 10
    assert Intent.select().count() == 0
    assert {o.state for o in Outbound.select()} == {"simulated"}
