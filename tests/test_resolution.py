"""Identity resolution (a table of tricky cases) and reversible merges."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app import Application
from desktop.card import card_json, find_customer, load_card
from desktop.clock import FixedClock
from desktop.identity import normalize
from desktop.ops import agents as agent_ops
from desktop.ops import customers as customer_ops
from desktop.resolution import Known, names_agree, resolve
from desktop.workspace import Workspace
from models.errors import ConflictError, UserFacingError
from models.schema import Contact, Customer, MergeSuggestion

JOAN = Known("c-joan", "Joan Smith")
JOHN = Known("c-john", "John Smith")
KNOWN = {
    ("email", "joan@example.com"): JOAN,
    ("phone", "+15551234567"): JOAN,  # the family's landline, first used by Joan
    ("handle", "twitter:joansmith"): JOAN,
    ("email", "john@example.com"): JOHN,
    ("visitor", "v-1"): JOHN,
}


def keys(**kw: str) -> list[tuple[str, str, str]]:
    out = []
    for kind, value in kw.items():
        if kind == "handle":
            network, _, name = value.partition(":")
            out.append(("handle", normalize("handle", name, network), network))
        else:
            out.append((kind, normalize(kind, value), ""))
    return out


@pytest.mark.parametrize(
    ("case", "record_keys", "name", "expected", "suggested"),
    [
        ("same email", keys(email="JOAN@example.com "), "Joan Smith", "c-joan", []),
        (
            "changed email, same phone and name",
            keys(email="joan.new@example.com", phone="+1 (555) 123-4567"),
            "Joan Smith",
            "c-joan",
            [],
        ),
        ("typo'd name on the shared phone", keys(phone="555-123-4567"), "Jaon Smith", "c-joan", []),
        ("initial only", keys(phone="+15551234567"), "J. Smith", "c-joan", []),
        (
            "family member on the shared phone",
            keys(phone="+15551234567", email="grandpa@example.com"),
            "Walter Okafor",
            None,
            ["c-joan"],
        ),
        (
            "same handle on another network is someone else",
            keys(handle="instagram:joansmith"),
            "Joan S",
            None,
            [],
        ),
        ("handle on its own network", keys(handle="twitter:@JoanSmith"), "", "c-joan", []),
        (
            "international format of the same number",
            keys(phone="001 555 123 4567"),
            "Joan Smith",
            "c-joan",
            [],
        ),
        (
            "email wins, conflicting phone is suggested",
            keys(email="john@example.com", phone="+15551234567"),
            "John Smith",
            "c-john",
            ["c-joan"],
        ),
        ("chat visitor id", keys(visitor="v-1"), "", "c-john", []),
        ("nobody", keys(email="new@example.com"), "New Person", None, []),
    ],
)
def test_resolution_table(
    case: str,
    record_keys: list[tuple[str, str, str]],
    name: str,
    expected: str | None,
    suggested: list[str],
) -> None:
    result = resolve(record_keys, name, KNOWN)
    assert result.customer_id == expected, case
    assert [s.customer_id for s in result.suggestions] == suggested, case
    for s in result.suggestions:
        assert s.evidence and 0 < s.confidence < 1


def test_international_prefixes_normalize_to_e164() -> None:
    assert normalize("phone", "+44 20 7946 0958") == "+442079460958"
    assert normalize("phone", "(555) 123-4567") == "+15551234567"
    assert names_agree("José Müller", "Jose Muller")


NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Application]:
    application = Application.open(Workspace(tmp_path / "ws"), clock=FixedClock(NOW))
    agent_ops.add_agent(application.mutator, login="ana", display_name="Ana K", role="supervisor")
    application.sign_in("ana")
    yield application
    application.close()


def contact(n: int, email: str, name: str, phone: str | None = None) -> tuple[int, dict[str, Any]]:
    person = {"email": email, "name": name}
    if phone:
        person["phone"] = phone
    return n, {
        "type": "contact",
        "channel": "email",
        "external_id": f"x{n}",
        "received_at": f"2026-11-2{n % 3}T10:0{n % 10}:00Z",
        "from": person,
        "subject": f"Message {n}",
        "body": f"text {n}",
    }


def snapshot(app: Application) -> dict[str, Any]:
    """Every customer's card, without the merge/split lines themselves."""
    out = {}
    for c in Customer.select().order_by(Customer.id):
        if c.merged_into:
            continue
        data = card_json(app.db, load_card(c.id), history_limit=1000, now=NOW)
        data["history"] = [h for h in data["history"] if h["kind"] != "merge"]
        data.pop("suggested_merges")
        data.pop("merges")
        out[c.id] = data
    return out


def test_family_phone_suggests_instead_of_merging(app: Application) -> None:
    app.intake.ingest(
        [
            contact(1, "joan@example.com", "Joan Smith", "+15551234567"),
            contact(2, "grandpa@example.com", "Walter Okafor", "+15551234567"),
        ]
    )
    assert Customer.select().count() == 2
    joan = find_customer(email="joan@example.com")
    data = card_json(app.db, load_card(joan.id))
    [suggestion] = data["suggested_merges"]
    assert suggestion["name"] == "Walter Okafor"
    assert "shares phone +15551234567" in suggestion["evidence"][0]


def test_merge_then_new_contact_then_split_restores_everything(app: Application) -> None:
    actor = app.require_actor()
    app.intake.ingest(
        [
            contact(1, "joan@example.com", "Joan Smith"),
            contact(2, "j.smith@work.example", "Joan Smith"),
        ]
    )
    before = snapshot(app)
    a, b = (find_customer(email=e).id for e in ("joan@example.com", "j.smith@work.example"))
    assert {m["customer_id"] for m in card_json(app.db, load_card(a))["suggested_merges"]} == {b}
    merge_id, _ = customer_ops.merge(app.mutator, actor, a, b, evidence=["same name"])
    merged = card_json(app.db, load_card(a))
    assert {i["value"] for i in merged["identities"]} == {
        "joan@example.com",
        "j.smith@work.example",
    }
    assert find_customer(email="j.smith@work.example").id == a
    assert len([h for h in merged["history"] if h["kind"] == "inbound"]) == 2
    with pytest.raises(ConflictError):
        customer_ops.merge(app.mutator, actor, b, a)
    # a contact arrives through the duplicate's email while merged: shown on the merged card
    app.intake.ingest([contact(3, "j.smith@work.example", "Joan Smith")])
    assert (
        len([h for h in card_json(app.db, load_card(a))["history"] if h["kind"] == "inbound"]) == 3
    )
    customer_ops.unmerge(app.mutator, actor, merge_id)
    after = snapshot(app)
    # the new contact went back with the identity it came through
    b_new = [h for h in after[b]["history"] if h["kind"] == "inbound"]
    assert len(b_new) == 2
    after[b]["history"] = [
        h
        for h in after[b]["history"]
        if not h["summary"].startswith("Message 3")
        and not (h["kind"] == "ack" and "Message 3" in h["summary"])
    ]
    after[b]["history"] = [
        h for h in after[b]["history"] if h["kind"] != "ack" or h in before[b]["history"]
    ]
    after[b]["tasks"] = before[b]["tasks"]
    # ...and, open and past its SLA, it is one more reason to act on that card
    assert after[b]["next_best_actions"] == ["⚠ 1 open contact at or past the SLA"]
    after[b]["next_best_actions"] = before[b]["next_best_actions"]
    assert after == before
    with pytest.raises(ConflictError):
        customer_ops.unmerge(app.mutator, actor, merge_id)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=6))
def test_any_merges_then_splits_in_reverse_restore_exact_state(
    app: Application, pairs: list[tuple[int, int]]
) -> None:
    actor = app.require_actor()
    if Customer.select().count() == 0:
        app.intake.ingest([contact(n, f"p{n}@example.com", f"Person {n}") for n in range(5)])
    ids = [find_customer(email=f"p{n}@example.com").id for n in range(5)]
    before = snapshot(app)
    done = []
    for s, d in pairs:
        try:
            merge_id, _ = customer_ops.merge(app.mutator, actor, ids[s], ids[d])
            done.append(merge_id)
        except (ConflictError, UserFacingError):
            pass
    for merge_id in reversed(done):
        customer_ops.unmerge(app.mutator, actor, merge_id)
    assert snapshot(app) == before
    assert Contact.select().count() == 5


def test_edit_customer_validates_and_audits(app: Application) -> None:
    actor = app.require_actor()
    app.intake.ingest([contact(1, "joan@example.com", "Joan Smith")])
    joan = find_customer(email="joan@example.com")
    with pytest.raises(UserFacingError, match="time zone"):
        customer_ops.update_customer(app.mutator, actor, joan.id, {"timezone": "Mars/Olympus"})
    with pytest.raises(UserFacingError, match="not an email"):
        customer_ops.add_identity(app.mutator, actor, joan.id, "email", "joan-at-example")
    customer_ops.update_customer(
        app.mutator, actor, joan.id, {"timezone": "Europe/Berlin", "vip": True, "tags": ["Bikes"]}
    )
    customer_ops.add_identity(app.mutator, actor, joan.id, "phone", "+49 30 1234567")
    card = card_json(app.db, load_card(joan.id))
    assert card["vip"] and card["timezone"] == "Europe/Berlin" and card["tags"] == ["bikes"]
    change = next(h for h in card["history"] if h["summary"].startswith("Customer details"))
    assert change["agent"] == "Ana K" and "Europe/Berlin" in change["summary"]
    rows = app.db.execute_sql(
        "SELECT action, detail FROM audit WHERE action = 'customer.update'"
    ).fetchall()
    assert json.loads(rows[0][1])["fields"]["timezone"] == "Europe/Berlin"
    assert MergeSuggestion.select().count() == 0
