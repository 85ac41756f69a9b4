"""Privacy requests on one desktop: `lastmile privacy export` and `lastmile privacy erase`."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.card import find_customer
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from models.schema import Agent, Contact
from tests.conftest import contact_record, open_app

ZELDA = {"name": "Zelda Quarrington", "email": "zelda.q@example.org", "phone": "+15557654321"}
PHRASE = "marmalade-xylophone-42"
SECRETS = (
    "zelda.q@example.org",
    "zq@work.example",
    "5557654321",
    "Quarrington",
    PHRASE,
    "flux capacitor",
    "Zelda",
)


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
    return code, out.getvalue()


def make_person(root: Path) -> str:
    """Zelda with two records merged, a reply, a purchase and an invoice; and Olga."""
    app = open_app(root, "live")
    try:
        for login, name, role in (("sue", "Sue Lead", "supervisor"), ("al", "Al Agent", "agent")):
            agent_ops.add_agent(app.mutator, login=login, display_name=name, role=role, skills={})
        app.intake.ingest(
            enumerate(
                [
                    contact_record(
                        1,
                        sender=ZELDA,
                        subject="Broken flux capacitor",
                        body=f"It sparks. {PHRASE} is written on it.",
                    ),
                    contact_record(
                        2,
                        sender={"name": "Zelda Q", "email": "zq@work.example"},
                        subject="Second try",
                        body="Still sparking, Zelda",
                    ),
                    contact_record(
                        3,
                        sender={"name": "Olga Other", "email": "olga@example.net"},
                        subject="Unrelated",
                        body="olga-keeps-this-phrase",
                    ),
                    {
                        "type": "purchase",
                        "customer": {"email": ZELDA["email"]},
                        "external_id": "ord-77",
                        "product": "Flux capacitor deluxe",
                        "amount": 120,
                        "purchased_at": "2026-10-01T10:00:00Z",
                    },
                    {
                        "type": "invoice",
                        "customer": {"email": ZELDA["email"]},
                        "number": "INV-ZQ-1",
                        "amount": 120,
                        "issued_at": "2026-10-01T10:00:00Z",
                        "sent_at": "2026-10-01T10:05:00Z",
                    },
                ],
                start=1,
            )
        )
        sue = Actor.of(Agent.get(Agent.login == "sue"))
        survivor = find_customer(email=ZELDA["email"]).id
        duplicate = find_customer(email="zq@work.example").id
        customer_ops.merge(
            app.mutator, sue, survivor, duplicate, evidence=["same person, Zelda said so"]
        )
        contact = Contact.get(Contact.subject == "Broken flux capacitor")
        contact_ops.claim(app.mutator, sue, contact.id)
        contact_ops.reply(app.mutator, sue, contact.id, "Dear Zelda Quarrington, we are on it.")
        return survivor
    finally:
        app.close()


def test_export_has_everything_about_the_person_including_a_merged_duplicate(
    tmp_path: Path,
) -> None:
    root = tmp_path / "live"
    survivor = make_person(root)
    out = tmp_path / "zelda.zip"
    code, text = run_cli(
        "privacy",
        "export",
        "--email",
        "ZQ@work.example",
        "--out",
        str(out),
        "--workspace",
        str(root),
    )
    assert code == 0, text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == {"README.txt", "person.json"}
        readme = archive.read("README.txt").decode()
        person = json.loads(archive.read("person.json"))
    assert survivor in readme and "Attachments: none are held" in readme
    assert person["customer"]["id"] == survivor  # the duplicate leads to the survivor
    assert {i["value"] for i in person["identities"]} >= {
        ZELDA["email"],
        "zq@work.example",
        ZELDA["phone"],
    }
    assert len(person["merged_customers"]) == 1 and len(person["merges"]) == 1
    assert person["merges"][0]["evidence"] == ["same person, Zelda said so"]
    bodies = " ".join(h["body"] for h in person["history"])
    assert PHRASE in bodies and "Still sparking" in bodies and "olga" not in bodies
    assert len(person["contacts"]) == 2
    assert any(o["body"].startswith("Dear Zelda") for o in person["outbound"])
    assert person["purchases"][0]["product"] == "Flux capacitor deluxe"
    assert person["invoices"][0]["number"] == "INV-ZQ-1"
    assert person["history"][0]["at"].endswith("Z") or "+00:00" in person["history"][0]["at"]
    assert "about" in person


def raw_bytes(root: Path) -> bytes:
    data = b""
    for path in root.iterdir():
        if path.is_file() and path.name.startswith("lastmile") and ".sqlite3" in path.name:
            data += path.read_bytes()
    return data


def test_erase_leaves_no_byte_in_the_database_wal_or_index(tmp_path: Path) -> None:
    root = tmp_path / "live"
    survivor = make_person(root)
    assert all(s.encode() in raw_bytes(root) for s in ("zelda.q@example.org", PHRASE))
    code, text = run_cli("backup", "--workspace", str(root))
    assert code == 0, text
    code, text = run_cli("privacy", "erase", "--phone", "+1 555 765 4321", "--workspace", str(root))
    assert code == 1 and "--yes" in text  # no terminal here: --yes is needed
    code, text = run_cli(
        "privacy",
        "erase",
        "--phone",
        "+1 555 765 4321",
        "--yes",
        "--as",
        "al",
        "--workspace",
        str(root),
    )
    assert code == 1 and "only a supervisor or an admin" in text
    code, text = run_cli(
        "privacy", "erase", "--phone", "+1 555 765 4321", "--yes", "--workspace", str(root)
    )
    assert code == 0, text
    assert "Erased Zelda Quarrington" in text and "1 backup(s)" in text and "--backups" in text
    files = raw_bytes(root)
    for secret in SECRETS:
        assert secret.encode() not in files, secret
        assert secret.lower().encode() not in files.lower(), secret
    assert b"olga-keeps-this-phrase" in files
    db = sqlite3.connect(root / "lastmile.sqlite3")
    try:
        assert (
            db.execute(
                "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'marmalade'"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'olga'"
            ).fetchone()[0]
            == 1
        )
        audits = db.execute(
            "SELECT agent_id, entity_id, detail FROM audit WHERE action = 'customer.erase'"
        ).fetchall()
        sue = db.execute("SELECT id FROM agent WHERE login = 'sue'").fetchone()[0]
        assert audits == [(sue, survivor, json.dumps({"customer_id": survivor}))]
        assert db.execute(
            "SELECT name, do_not_contact FROM customer WHERE id = ?", (survivor,)
        ).fetchone() == ("Erased customer", 1)
        assert (
            db.execute(
                "SELECT count(*) FROM identity WHERE customer_id = ?", (survivor,)
            ).fetchone()[0]
            == 0
        )
        # amounts and dates stay for the books
        assert db.execute("SELECT amount_cents, product FROM purchase").fetchone() == (12000, "")
        assert (
            db.execute(
                "SELECT count(*) FROM outbox WHERE name = 'customer.erase' AND state = 'pending'"
            ).fetchone()[0]
            == 1
        )
    finally:
        db.close()
    wal = root / "lastmile.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0 or PHRASE.encode() not in wal.read_bytes()
    code, text = run_cli(
        "privacy", "erase", survivor, "--yes", "--backups", "--workspace", str(root)
    )
    assert code == 0 and "Deleted 1 backup(s)" in text, text
    assert not list((root / "backups").glob("*.sqlite3"))


def test_an_agent_cannot_erase(tmp_path: Path) -> None:
    from desktop import privacy
    from models.errors import UserFacingError

    root = tmp_path / "live"
    survivor = make_person(root)
    app = open_app(root, "live")
    try:
        for login in ("al",):
            agent = Actor.of(Agent.get(Agent.login == login))
            with pytest.raises(UserFacingError, match="supervisor or an admin"):
                privacy.erase_customer(app.mutator, agent, survivor)
        trainee = Actor("x", "trainee", "Tom Trainee", "trainee")
        with pytest.raises(UserFacingError, match="supervisor or an admin"):
            privacy.erase_customer(app.mutator, trainee, survivor)
        assert find_customer(customer_id=survivor).name == "Zelda Quarrington"
    finally:
        app.close()


def test_a_training_workspace_erases_locally_only(training_app: Any) -> None:
    from desktop import privacy
    from models.schema import Intent

    agent_ops.add_agent(
        training_app.mutator, login="sue", display_name="Sue Lead", role="supervisor", skills={}
    )
    training_app.intake.ingest([(1, contact_record(1, sender=ZELDA))])
    zelda = find_customer(email=ZELDA["email"]).id
    privacy.erase_customer(training_app.mutator, Actor.of(Agent.get(Agent.login == "sue")), zelda)
    assert find_customer(customer_id=zelda).name == "Erased customer"
    assert Intent.select().count() == 0  # a training workspace never syncs


def test_export_holds_the_persons_attachment_files(tmp_path: Path) -> None:
    """The archive has the files themselves, byte for byte, beside person.json."""
    from tests.test_attachments import mail_with

    root = tmp_path / "live"
    assert run_cli("init", "--workspace", str(root))[0] == 0
    pdf = b"%PDF-1.4 the contract " * 200
    eml = tmp_path / "mail.eml"
    eml.write_bytes(mail_with("exp1", ("contract.pdf", "application/pdf", pdf), html=False))
    code, text = run_cli("import", str(eml), "--workspace", str(root))
    assert code == 0, text
    out = tmp_path / "joan.zip"
    code, text = run_cli(
        "privacy",
        "export",
        "--email",
        "joan@example.com",
        "--out",
        str(out),
        "--workspace",
        str(root),
    )
    assert code == 0, text
    with zipfile.ZipFile(out) as archive:
        files = [n for n in archive.namelist() if n.startswith("attachments/")]
        assert len(files) == 1 and files[0].endswith("-contract.pdf")
        assert archive.read(files[0]) == pdf
        assert "1 file in the folder attachments/" in archive.read("README.txt").decode()
