"""The customer card: who they are and everything that happened, across all channels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication

from desktop.app import Application
from desktop.card import card_json, find_customer, load_card, local_time, next_best_actions
from desktop.errors import NotFoundError, UserFacingError
from desktop.intake import IntakeReport
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from desktop.ops import tasks as task_ops
from models.queries import history_page
from models.schema import Contact, Customer
from tests.conftest import NOW, contact_record

Ingest = Callable[..., IntakeReport]
MakeAgent = Callable[..., Actor]

JOAN = {"name": "Joan Smith", "email": "joan@example.com", "phone": "+15551234567"}


@pytest.fixture
def joan(live_app: Application, ingest: Ingest) -> Customer:
    """Joan wrote, called, chatted, bought and was invoiced."""
    report = ingest(
        live_app,
        contact_record(
            1,
            channel="email",
            minutes_ago=300,
            sender=JOAN,
            subject="Bike delivery",
            body="Where is my cargo bike?",
        ),
        contact_record(
            2,
            channel="phone",
            minutes_ago=200,
            sender={"phone": "555-123-4567"},
            subject="Missed call",
            outcome="dropped",
        ),
        contact_record(
            3,
            channel="social",
            minutes_ago=100,
            sender={
                "name": "Joan Smith",
                "handle": "@joan_rides",
                "network": "instagram",
                "email": "joan@example.com",
            },
            subject="Story mention",
            body="Still waiting #fail",
        ),
        {
            "type": "purchase",
            "customer": {"email": "joan@example.com"},
            "external_id": "o-1",
            "product": "Helmet Pro",
            "amount": 89,
            "purchased_at": "2026-10-01T10:00:00Z",
        },
        {
            "type": "purchase",
            "customer": {"email": "joan@example.com"},
            "external_id": "o-2",
            "product": "Cargo bike Family",
            "amount": 3499,
            "purchased_at": "2026-11-10T10:00:00Z",
        },
        {
            "type": "invoice",
            "customer": {"email": "joan@example.com"},
            "number": "INV-7",
            "amount": 3499,
            "issued_at": "2026-11-10T10:00:00Z",
            "due_at": "2026-11-20T00:00:00Z",
            "sent_at": "2026-11-10T10:05:00Z",
        },
        {
            "type": "invoice",
            "customer": {"email": "joan@example.com"},
            "number": "INV-8",
            "amount": 12,
            "issued_at": "2026-11-12T10:00:00Z",
        },
        # someone else, who must never show up on Joan's card
        contact_record(9, channel="email", sender={"name": "Kim Park", "email": "kim@example.com"}),
    )
    assert not report.rejected
    return find_customer(email="joan@example.com")


def test_find_by_every_key(joan: Customer) -> None:
    assert find_customer(customer_id=joan.id).id == joan.id
    assert find_customer(email=" JOAN@Example.com").id == joan.id
    assert find_customer(phone="+1 (555) 123-4567").id == joan.id
    assert find_customer(handle="instagram:@Joan_Rides").id == joan.id
    with pytest.raises(NotFoundError):
        find_customer(handle="twitter:joan_rides")  # the same name elsewhere is someone else
    with pytest.raises(NotFoundError):
        find_customer(customer_id="nope")
    with pytest.raises(UserFacingError, match="NETWORK:NAME"):
        find_customer(handle="joan_rides")
    with pytest.raises(UserFacingError, match="not a phone number"):
        find_customer(phone="call me")
    with pytest.raises(UserFacingError, match="say which customer"):
        find_customer()


def test_card_json(live_app: Application, joan: Customer) -> None:
    data = card_json(live_app.db, load_card(joan.id), now=NOW)
    assert (data["id"], data["name"]) == (joan.id, "Joan Smith")
    assert data["identities"] == [
        {"kind": "email", "value": "joan@example.com"},
        {"kind": "handle", "value": "instagram:joan_rides"},
        {"kind": "phone", "value": "+15551234567"},
    ]
    history = data["history"]
    ats = [h["at"] for h in history]
    assert ats == sorted(ats, reverse=True)
    inbound = [(h["channel"], h["summary"]) for h in history if h["kind"] == "inbound"]
    assert inbound == [
        ("social", "Story mention: Still waiting #fail"),
        ("phone", "Missed call: Body of question 2"),
        ("email", "Bike delivery: Where is my cargo bike?"),
    ]
    assert not any("Kim" in h["summary"] or "question 9" in h["summary"] for h in history)
    assert [p["product"] for p in data["purchases"]] == ["Cargo bike Family", "Helmet Pro"]
    assert data["purchases"][0] == {
        "id": data["purchases"][0]["id"],
        "product": "Cargo bike Family",
        "amount": 3499.0,
        "currency": "USD",
        "purchased_at": "2026-11-10T10:00:00Z",
    }
    assert [(i["number"], i["state"]) for i in data["invoices"]] == [
        ("INV-8", "not sent"),
        ("INV-7", "sent"),
    ]
    assert [t["title"] for t in data["tasks"]] == ["Follow up on the call"]
    actions = data["next_best_actions"]
    assert any("INV-8 was never sent" in a for a in actions)
    assert any("INV-7 is overdue and was never reminded" in a for a in actions)


def test_what_agents_do_shows_at_once(
    live_app: Application, joan: Customer, make_agent: MakeAgent
) -> None:
    ben = make_agent(live_app, "ben", "Ben Osei")
    email = Contact.get((Contact.customer == joan.id) & (Contact.channel == "email"))
    contact_ops.reply(live_app.mutator, ben, email.id, "It ships today.")
    contact_ops.add_note(live_app.mutator, ben, email.id, "Prefers mornings")
    task_ops.create_task(
        live_app.mutator,
        ben,
        title="Check the tracking",
        contact_id=email.id,
        due_at=NOW - timedelta(hours=1),
    )
    data = card_json(live_app.db, load_card(joan.id), now=NOW)
    top = [(h["kind"], h["agent"]) for h in data["history"][:4]]
    assert ("reply", "Ben Osei") in top and ("note", "Ben Osei") in top
    assert data["tasks"][0]["title"] == "Check the tracking"  # the earliest due first
    assert any("follow-up" in a and "overdue" in a for a in data["next_best_actions"])
    done = data["tasks"][0]["id"]
    task_ops.complete_task(live_app.mutator, ben, done)
    assert done not in {t["id"] for t in card_json(live_app.db, load_card(joan.id))["tasks"]}


def test_history_pages_newest_first_without_gaps(live_app: Application, ingest: Ingest) -> None:
    records = [contact_record(n, minutes_ago=n % 7, sender=JOAN) for n in range(1, 60)]
    ingest(live_app, *records)
    joan = find_customer(email="joan@example.com")
    everything = history_page(live_app.db, [joan.id], limit=1000)
    pages: list[dict[str, object]] = []
    before = None
    while True:
        page = history_page(live_app.db, [joan.id], before=before, limit=7)
        if not page:
            break
        pages += page
        last = page[-1]
        before = (last["at_ms"], last["seq"])
    assert [p["id"] for p in pages] == [e["id"] for e in everything]
    keys = [(p["at_ms"], p["seq"]) for p in pages]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    only = history_page(live_app.db, [joan.id], kinds=("ack",), limit=1000)
    assert only and {e["kind"] for e in only} == {"ack"}


def test_a_merged_duplicate_shows_on_the_survivors_card(
    live_app: Application, joan: Customer, ingest: Ingest, make_agent: MakeAgent
) -> None:
    ana = make_agent(live_app, "ana", "Ana Kovač", role="supervisor")
    ingest(
        live_app,
        contact_record(
            20,
            sender={"name": "J. Smith", "email": "js@work.example"},
            subject="From my work address",
        ),
    )
    duplicate = find_customer(email="js@work.example")
    assert duplicate.id != joan.id
    customer_ops.merge(live_app.mutator, ana, joan.id, duplicate.id, evidence=["same person"])
    assert find_customer(email="js@work.example").id == joan.id
    data = card_json(live_app.db, load_card(joan.id))
    assert {"kind": "email", "value": "js@work.example"} in data["identities"]
    assert any(h["summary"].startswith("From my work address") for h in data["history"])
    assert [m["duplicate_id"] for m in data["merges"]] == [duplicate.id]


def test_a_failed_session_needs_a_follow_up(live_app: Application, ingest: Ingest) -> None:
    ingest(
        live_app,
        contact_record(
            1, channel="session", sender=JOAN, outcome="failed", subject="Failed checkout"
        ),
    )
    card = load_card(find_customer(email="joan@example.com").id)
    actions = next_best_actions(card, NOW)
    assert any("online session failed" in a for a in actions)
    assert [t.title for t in card.tasks] == ["Follow up on the failed online session"]


def test_local_time(joan: Customer) -> None:
    assert local_time(joan, NOW) is None
    Customer.update(timezone="Asia/Tokyo").where(Customer.id == joan.id).execute()
    tokyo = local_time(Customer.get_by_id(joan.id), NOW)
    assert tokyo is not None and tokyo.hour == 18
    Customer.update(timezone="Mars/Olympus").where(Customer.id == joan.id).execute()
    assert local_time(Customer.get_by_id(joan.id), NOW) is None


def test_a_dropped_contact_says_so_and_the_german_card_names_its_channel(
    live_app: Application, ingest: Ingest, qapp: QCoreApplication
) -> None:
    """The last contact's outcome as it was (a dropped session is not 'failed'), and the
    channel in the window's language."""
    from PySide6.QtCore import QTranslator

    from desktop.paths import resource
    from ui.i18n import user_text

    ingest(
        live_app,
        contact_record(
            1, channel="session", sender=JOAN, outcome="dropped", subject="Checkout broke off"
        ),
    )
    actions = next_best_actions(load_card(find_customer(email="joan@example.com").id), NOW)
    assert "⚠ The last online session broke off and is not followed up yet" in actions
    ingest(live_app, contact_record(2, channel="phone", sender=JOAN, outcome="dropped"))
    actions = next_best_actions(load_card(find_customer(email="joan@example.com").id), NOW)
    line = next(a for a in actions if "was dropped" in a)
    assert line == "⚠ The last phone contact was dropped and has not been followed up yet"
    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    qapp.installTranslator(translator)
    try:
        assert user_text(line) == (
            "⚠ Der letzte Kontakt über Telefon brach ab und wurde noch nicht nachverfolgt"
        )
    finally:
        qapp.removeTranslator(translator)
