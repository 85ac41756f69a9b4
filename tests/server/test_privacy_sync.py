"""`customer.erase` through a real server: every desktop of the team and PostgreSQL forget
the person, and a desktop signing in afterwards never receives the original text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop import privacy
from desktop.card import find_customer
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from models.schema import Agent, Contact
from tests.server.helpers import add_user, login, new_team, sync, workspace

ZELDA = {"name": "Zelda Quarrington", "email": "zelda.q@example.org", "phone": "+15557654321"}
PHRASE = "marmalade-xylophone-42"
SECRETS = ("zelda.q@example.org", "zq@work.example", "5557654321", "Quarrington", PHRASE)


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def record(n: int, sender: dict[str, str], subject: str, body: str, tag: str) -> Any:
    return n, {
        "type": "contact",
        "channel": "email",
        "external_id": f"privacy-{tag}-{n}",
        "received_at": "2026-11-22T10:00:00Z",
        "from": sender,
        "subject": subject,
        "body": body,
    }


def raw(root: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in root.iterdir() if p.is_file() and ".sqlite3" in p.name
    ).lower()


def server_hits(server: dict[str, Any], text: str) -> list[str]:
    """Every text column of every server table holding ``text``."""
    db = server["db"]
    hits = []
    with db.connection_context():
        columns = db.execute_sql(
            "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = current_schema() AND data_type IN ('text', 'character varying')"
        ).fetchall()
        for table, column in columns:
            found = db.execute_sql(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" ILIKE %s', (f"%{text}%",)
            ).fetchone()[0]
            if found:
                hits.append(f"{table}.{column}")
    return hits


def test_an_erasure_reaches_every_desktop_and_the_server(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (sue,) = new_team(sync_server, "sue", role="supervisor")
    ben, cleo = f"ben-{team}", f"cleo-{team}"
    add_user(sync_server, ben, team=team)
    add_user(sync_server, cleo, team=team)
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    login(a, sync_server, sue, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest(
            [
                record(1, ZELDA, "Broken flux capacitor", f"It sparks: {PHRASE}", team),
                record(2, {"name": "Zelda Q", "email": "zq@work.example"}, "Again", "Zelda!", team),
                record(
                    3, {"name": "Olga Other", "email": f"olga@{team}.example"}, "Hi", "olga", team
                ),
            ]
        )
        survivor = find_customer(email=ZELDA["email"]).id
        duplicate = find_customer(email="zq@work.example").id
        customer_ops.merge(app.mutator, actor(sue), survivor, duplicate, evidence=["Zelda x2"])
        contact = Contact.get(Contact.subject == "Broken flux capacitor")
        contact_ops.claim(app.mutator, actor(sue), contact.id)
        contact_ops.reply(app.mutator, actor(sue), contact.id, "Dear Zelda Quarrington, soon.")
    assert sync(a)["rejected"] == []
    login(b, sync_server, ben, monkeypatch)
    assert b"zelda.q@example.org" in raw(b)
    (b / "drafts.json").write_text(json.dumps({contact.id: "Dear Zelda Quarrington, draft"}))
    assert server_hits(sync_server, ZELDA["email"])

    with workspace(a) as app:
        privacy.erase_customer(app.mutator, actor(sue), survivor, a)
    assert sync(a)["rejected"] == []
    assert sync(b)["rejected"] == []
    login(c, sync_server, cleo, monkeypatch)  # a fresh desktop pulls from the start
    for root in (a, b, c):
        files = raw(root)
        for secret in SECRETS:
            assert secret.lower().encode() not in files, (root.name, secret)
        assert b"olga" in files
    assert "Quarrington" not in (b / "drafts.json").read_text()
    for secret in SECRETS:
        assert server_hits(sync_server, secret) == [], secret
    for root in (b, c):
        with workspace(root) as app:
            assert find_customer(customer_id=survivor).name == "Erased customer"
            conn = app.db.connection()
            assert conn.execute(
                "SELECT count(*) FROM audit WHERE action = 'customer.erase' AND entity_id = ?",
                (survivor,),
            ).fetchone() == (1,)

    # an agent is refused by the server even if their desktop thinks otherwise
    with workspace(b) as app:
        olga = find_customer(email=f"olga@{team}.example").id
        with pytest.raises(Exception, match="supervisor or an admin"):
            privacy.erase_customer(app.mutator, actor(ben), olga, b)
        Agent.update(role="supervisor").where(Agent.login == ben).execute()
        privacy.erase_customer(app.mutator, actor(ben), olga, b)
    rejected = sync(b)["rejected"]
    assert len(rejected) == 1 and "only a supervisor or an admin" in rejected[0], rejected
    assert server_hits(sync_server, f"olga@{team}.example")
