"""A training workspace from a masked copy of live data: no original identity value is left
anywhere in the files, the same person stays the same fake person, the live file is only read."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.errors import UserFacingError
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from desktop.ops import tasks as task_ops
from desktop.training import masking
from desktop.training.feedback import feedback
from desktop.training.masker import Masker
from desktop.training.masking import masked_copy
from desktop.training.session import info, open_training
from desktop.workspace import Workspace
from models.database import set_meta
from models.schema import Contact, Customer, Event

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PEOPLE = [
    # name, email, phone (E.164), the phone as a customer writes it, handle, network
    (
        "Wilhelmina Vandersloot",
        "wilhelmina.v@corp.example",
        "+4915123456789",
        "0151 2345 6789",
        "wilhelminav",
        "twitter",
    ),
    (
        "Bartholomew Quixley",
        "bart.quixley@mail.example",
        "+15550101234",
        "(555) 010-1234",
        "bquixley",
        "instagram",
    ),
    (
        "Zoë Ångström",
        "zoe.angstrom@firma.example",
        "+46731234567",
        "073-123 45 67",
        "zoeangst",
        "twitter",
    ),
]
AGENT = ("ana", "Anastasia Kovač")
THIRD_PARTY = ("hubby.quixley@home.example", "+44 20 7946 0958")


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("lastmile.sqlite3*"))
    }


@pytest.fixture
def live_root(tmp_path: Path) -> Path:
    root = tmp_path / "live"
    app = Application.open(Workspace(root), clock=FixedClock(NOW))
    try:
        agent_ops.add_agent(
            app.mutator, login=AGENT[0], display_name=AGENT[1], skills={"general": 1}
        )
        actor = app.sign_in(AGENT[0])
        records: list[tuple[int, dict[str, Any]]] = []
        for n, (name, email, phone, written, handle, network) in enumerate(PEOPLE * 2):
            first = name.split()[0]
            records.append(
                (
                    n,
                    {
                        "type": "contact",
                        "channel": "social" if n % 2 else "email",
                        "external_id": f"<m{n}.{email}>",
                        "received_at": (NOW - timedelta(hours=n + 1)).isoformat(),
                        "from": {
                            "name": name,
                            "email": email,
                            "phone": phone,
                            "handle": handle,
                            "network": network,
                        },
                        "subject": f"Hello from {name}",
                        "body": f"Hi, this is {first.lower()} ({name.upper()}), reach me at "
                        f"{email.upper()} or {written}, @{handle}. My husband: "
                        f"{THIRD_PARTY[0]}, {THIRD_PARTY[1]}.",
                    },
                )
            )
            records.append(
                (
                    100 + n,
                    {
                        "type": "purchase",
                        "customer": {"name": name, "email": email},
                        "product": "Cargo bike",
                        "amount": 10,
                        "external_id": f"p{n}-{email}",
                        "purchased_at": "2026-10-01T10:00:00Z",
                    },
                )
            )
        assert app.intake.ingest(records).imported == 12
        contacts = list(Contact.select().order_by(Contact.received_at))
        for contact in contacts:
            customer = Customer.get_by_id(contact.customer_id)
            contact_ops.reply(
                app.mutator, actor, contact.id, f"Dear {customer.name}, Anastasia here."
            )
            contact_ops.add_note(
                app.mutator, actor, contact.id, f"{customer.first_name} sounded upset"
            )
        wil = Customer.get(Customer.name == PEOPLE[0][0])
        task_ops.create_task(
            app.mutator,
            actor,
            title=f"Call {wil.name} on {PEOPLE[0][3]}",
            due_at=NOW + timedelta(hours=2),
            customer_id=wil.id,
        )
        customer_ops.update_customer(
            app.mutator,
            actor,
            wil.id,
            {
                "culture_notes": f"{wil.first_name} prefers Dutch; her sister Zoë calls too",
                "tags": ["vip", "wilhelmina-fan"],
            },
        )
        twin = customer_ops.create_customer(
            app.mutator,
            actor,
            name="Bartholomew Quixley",
            identities=[("email", "b.q@work.example")],
        )
        bart = Customer.get(Customer.name == PEOPLE[1][0], Customer.id != twin)
        customer_ops.merge(
            app.mutator,
            actor,
            bart.id,
            twin,
            evidence=["same name Bartholomew Quixley", "b.q@work.example"],
        )
        set_meta("sync_notices", json.dumps(["already taken by Anastasia Kovač at 10:41"]))
        set_meta("server_url", "https://sync.example")
    finally:
        app.close()
    return root


def secrets() -> list[str]:
    out = [*AGENT, *THIRD_PARTY, "b.q@work.example", "Kovač"]
    for name, email, phone, written, handle, _ in PEOPLE:
        out += [name, *name.split(), name.upper(), email, phone, written, handle]
    return out


def leaks(folder: Path) -> list[str]:
    """Every original value found in any file of the folder, in any case or JSON form."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        low = raw.lower()
        for secret in secrets():
            forms = {secret, json.dumps(secret)[1:-1]}
            for form in forms:
                encoded = form.encode()
                # long values in any case; short ones (Ana) as a word, exactly
                anywhere = len(form) >= 5 and encoded.lower() in low
                word = rb"(?<![A-Za-z])" + re.escape(encoded) + rb"(?![A-Za-z])"
                if anywhere or re.search(word, raw):
                    found.append(f"{path.name}: {secret!r}")
    return sorted(set(found))


def test_masked_copy_leaves_no_original_value_anywhere(
    live_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(masking, "SLICE", 7)  # rows are rewritten slice by slice
    assert len(leaks(live_root)) > 20  # the scan finds what is there
    before = digest(live_root)
    target_root = tmp_path / "masked"
    target = masked_copy(live_root, target_root, salt="fixed", trainee=("sam", "Sam Trainee"))
    assert digest(live_root) == before  # the live file was only read
    assert sorted(p.name for p in target_root.glob("*.sqlite3*")) == [
        "training.sqlite3",
        "training.start.sqlite3",
    ]
    assert leaks(target_root) == []
    # the whole text of the database, too (what a reader of the file would see)
    db = sqlite3.connect(target)
    try:
        dump = "\n".join(db.iterdump())
        for secret in secrets():
            assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", dump, re.IGNORECASE), secret
        meta = dict(db.execute("SELECT key, value FROM workspace_meta"))
        assert meta["kind"] == "training" and "server_url" not in meta
        assert "sync_notices" not in meta
        for table in ("outbox", "alert", "sync_staging"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        # the live audit trail stays behind; only the trainee's own arrival is recorded
        assert [r[0] for r in db.execute("SELECT action FROM audit")] == ["agent.add"]
        assert {s for (s,) in db.execute("SELECT state FROM outbound")} == {"simulated"}

        # the same person is the same fake person across all their history
        customers = db.execute("SELECT id, name FROM customer WHERE merged_into IS NULL").fetchall()
        for customer_id, fake_name in customers:
            idents = dict(
                db.execute("SELECT kind, value FROM identity WHERE customer_id = ?", (customer_id,))
            )
            bodies = [
                b
                for (b,) in db.execute(
                    "SELECT body FROM event WHERE customer_id = ? AND kind = 'inbound'",
                    (customer_id,),
                )
            ]
            subjects = {
                s
                for (s,) in db.execute(
                    "SELECT subject FROM contact WHERE customer_id = ?", (customer_id,)
                )
            }
            assert subjects == {f"Hello from {fake_name}"}
            first = fake_name.split()[0]
            for body in bodies:
                assert first.lower() in body and fake_name.upper() in body
                assert idents["email"].upper() in body
                assert idents["phone"] in body  # however the original was written
                assert "@" + idents["handle"].rpartition(":")[2] in body
        # the full-text index knows the fake names only
        fake = customers[0][1].split()[-1]
        hits = db.execute(
            "SELECT count(*) FROM message_fts WHERE message_fts MATCH ?", (f'"{fake}"',)
        ).fetchone()[0]
        assert hits > 0
        for name, *_ in PEOPLE:
            last = name.split()[-1]
            assert (
                db.execute(
                    "SELECT count(*) FROM message_fts WHERE message_fts MATCH ?", (f'"{last}"',)
                ).fetchone()[0]
                == 0
            )
        replies = [b for (b,) in db.execute("SELECT body FROM event WHERE kind = 'reply'")]
        agent_first = (
            db.execute("SELECT display_name FROM agent WHERE login != 'sam'")
            .fetchone()[0]
            .split()[0]
        )
        assert all(f"{agent_first} here" in r for r in replies)
    finally:
        db.close()


def test_practising_on_the_masked_copy(live_root: Path, tmp_path: Path) -> None:
    target_root = tmp_path / "masked"
    masked_copy(live_root, target_root, trainee=("sam", "Sam Trainee"))
    app = open_training(target_root)
    try:
        details = info()
        assert details.trainee == "sam" and details.scenario == "masked copy"
        actor = app.sign_in(details.trainee)
        contact = Contact.select().where(Contact.channel == "social").first()
        customer = Customer.get_by_id(contact.customer_id)
        contact_ops.reply(
            app.mutator, actor, contact.id, f"@{customer.first_name} we are sorry. Sam"
        )
        report = feedback(details.scenario, actor.id, app.rules, app.clock.now())
        assert [c.key for c in report.contacts] == [contact.id]
        assert set(report.contacts[0].kept) == {"personalize", "apologise_publicly"}
        Event.delete().where(Event.kind == "note").execute()  # work goes on in the copy
        app.db.execute_sql("VACUUM")
    finally:
        app.close()
    assert leaks(target_root) == []


def test_an_unknown_text_column_stops_the_copy(live_root: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(live_root / "lastmile.sqlite3")
    db.execute("ALTER TABLE customer ADD COLUMN nickname TEXT")
    db.commit()
    db.close()
    target_root = tmp_path / "masked"
    with pytest.raises(UserFacingError, match=r"customer\.nickname"):
        masked_copy(live_root, target_root)
    assert list(target_root.glob("*.sqlite3*")) == []


def test_a_copy_never_lands_in_a_live_workspace(live_root: Path) -> None:
    with pytest.raises(UserFacingError, match="is a live workspace"):
        masked_copy(live_root, live_root)


def test_masker_is_consistent_and_case_aware() -> None:
    masker = Masker("salt")
    masker.add_name("Joan Smith")
    masker.add_name("Joan Baker")
    masker.add_name("Will Young")
    masker.add_email("joan.smith@example.com", "Joan Smith")
    masker.add_phone("+15551230001")
    fake = masker.name("Joan Smith")
    assert fake != "Joan Smith" and masker.name("Joan Smith") == fake
    assert masker.name("Joan Baker").split()[0] == fake.split()[0]
    text = masker.text("JOAN SMITH wrote: hi joan, will you call 555-123-0001? Will said so.")
    assert text is not None
    assert "JOAN" not in text and "joan" not in text and "555-123-0001" not in text
    assert "will you" in text  # an ordinary word stays
    assert "Will said" not in text  # the name does not
    assert masker.phone("+15551230001") in text
    assert masker.email("JOAN.SMITH@example.com") == masker.email("joan.smith@example.com")
    assert masker.email("joan.smith@example.com").startswith(fake.split()[0].lower())
