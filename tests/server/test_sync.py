"""Sync between desktops through the real server and a real PostgreSQL."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop import cli
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.sync.client import HttpTransport, SyncClient, SyncUnavailable
from models.database import get_meta
from models.schema import Agent, Contact, Event, Intent, Outbound
from server import store
from tests.server.conftest import workspace

HEADERS = {"X-Lastmile-Protocol": "1"}


def add_user(server: dict[str, Any], login: str, role: str = "agent",
             team: str = "front") -> None:
    with server["db"].connection_context():
        store.add_user(server["db"], login, f"{login}-secret-pw", role=role, team=team,
                       display_name=login.capitalize() + " Tester", agent_id=str(uuid.uuid4()))


def login(ws: Path, server: dict[str, Any], user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{user}-secret-pw\n"))
    out = io.StringIO()
    args = cli.parse_args(["login", "--server", server["url"], "--user", user,
                           "--workspace", str(ws)])
    assert cli.run(args, out=out, err=out) == 0, out.getvalue()


def sync(ws: Path) -> dict[str, Any]:
    out = io.StringIO()
    assert cli.run(cli.parse_args(["sync", "--workspace", str(ws), "--json"]), out=out,
                   err=out) == 0, out.getvalue()
    return json.loads(out.getvalue())


def contact_record(n: int) -> tuple[int, dict[str, Any]]:
    return n, {"type": "contact", "channel": "email", "external_id": f"sync-{n}",
               "received_at": "2026-11-22T10:00:00Z",
               "from": {"name": "Joan Smith", "email": "joan@example.com"},
               "subject": f"Order {n}", "body": "Where is it?", "skill": "general"}


@pytest.fixture
def team(sync_server: dict[str, Any]) -> str:
    name = "team-" + uuid.uuid4().hex[:8]
    for login_name in ("ana", "ben"):
        add_user(sync_server, f"{login_name}-{name}", team=name)
    return name


def test_claim_conflict_first_wins_and_loser_is_told(tmp_path: Path, sync_server, team,
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ana, ben = f"ana-{team}", f"ben-{team}"
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
    assert sync(a)["pushed"] == 1
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        contact_id = Contact.get().id
        assert Event.select().where(Event.contact == contact_id).count() == 1  # no duplicate
    # both take it while offline
    for ws, user in ((a, ana), (b, ben)):
        with workspace(ws) as app:
            contact_ops.claim(app.mutator, Actor.of(Agent.get(Agent.login == user)), contact_id)
    assert sync(a)["rejected"] == []
    report = sync(b)
    assert len(report["rejected"]) == 1
    assert "already taken by Ana-" in report["rejected"][0]
    with workspace(b) as app:
        holder = Contact.get_by_id(contact_id).assigned_to_id
        assert Agent.get_by_id(holder).login == ana  # the local claim was undone
        assert Intent.get(Intent.name == "contact.claim").state == "rejected"
        assert "already taken" in (get_meta("sync_notices") or "")
    with workspace(a) as app:
        assert Agent.get_by_id(Contact.get_by_id(contact_id).assigned_to_id).login == ana


class DropResponses(HttpTransport):
    """The server commits, then the response is lost on the way back."""

    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        super().post(path, body, token)
        raise SyncUnavailable("connection reset")


def test_reply_is_never_sent_twice_when_the_response_is_lost(tmp_path: Path, sync_server, team,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ana = f"ana-{team}"
    a = tmp_path / "a"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(2)])
        contact_id = Contact.get().id
        contact_ops.reply(app.mutator, Actor.of(Agent.get(Agent.login == ana)), contact_id,
                          "Hello Joan, it ships today.")
        client = SyncClient(app, DropResponses(sync_server["url"]))
        with pytest.raises(SyncUnavailable):
            client.sync_once()
        client.close()
        assert Intent.select().where(Intent.state == "pending").count() == 2
    report = sync(a)  # the retry: duplicates are skipped, answers arrive with the pull
    assert report["pending"] == 0 and report["rejected"] == []
    with workspace(a) as app:
        assert Intent.select().where(Intent.state == "accepted").count() == 2
        [reply] = list(Event.select().where(Event.kind == "reply"))
        assert Outbound.select().where(Outbound.event_id == reply.id).count() == 1
    with sync_server["db"].connection_context():
        rows = sync_server["db"].execute_sql(
            "SELECT count(*) FROM entity WHERE kind = 'outbound' AND data->>'contact_id' = %s",
            (contact_id,)).fetchone()
    assert rows[0] == 1


class BreakOnSecondPage(HttpTransport):
    calls = 0

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        self.calls += 1
        if self.calls == 2:
            raise SyncUnavailable("network gone mid-pull")
        return super().get(path, params, token)


def test_interrupted_pull_applies_nothing(tmp_path: Path, sync_server, team,
                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ana, ben = f"ana-{team}", f"ben-{team}"
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(10, 25)])
    sync(a)
    login(b, sync_server, ben, monkeypatch)  # b already has everything: make more changes
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(30, 40)])
    sync(a)
    monkeypatch.setattr("desktop.sync.client.PULL_LIMIT", 3)
    with workspace(b) as app:
        before = Contact.select().count()
        cursor = get_meta("sync_cursor")
        client = SyncClient(app, BreakOnSecondPage(sync_server["url"]))
        with pytest.raises(SyncUnavailable):
            client.sync_once()
        client.close()
        assert Contact.select().count() == before  # staged, not applied
        assert get_meta("sync_cursor") == cursor
    assert sync(b)["pulled"] > 0
    with workspace(b) as app:
        assert Contact.select().count() == before + 10


def test_auth_roles_and_bad_input(sync_server, team) -> None:  # type: ignore[no-untyped-def]
    url = sync_server["url"]
    add_user(sync_server, f"tina-{team}", role="trainee", team=team)
    with httpx.Client(base_url=url, headers=HEADERS) as http:
        assert http.post("/v1/login", json={"login": f"ana-{team}",
                                            "password": "wrong"}).status_code == 401
        token = http.post("/v1/login", json={"login": f"ana-{team}",
                                             "password": f"ana-{team}-secret-pw"}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        assert http.get("/v1/pull", headers=auth).status_code == 200
        assert http.get("/v1/pull", headers={**auth, "X-Lastmile-Protocol": "99"}).status_code \
            == 426
        assert httpx.get(url + "/v1/pull", headers=auth).status_code == 400
        bad = http.post("/v1/push", headers=auth, json={"client_id": "x", "mutations": [
            {"mutation_id": 0, "id": "", "name": "", "args": {}, "hlc": ""}]})
        assert bad.status_code == 422
        assert http.get("/v1/pull", headers=auth, params={"cursor": "[1"}).status_code == 400
        client_id = "client-" + uuid.uuid4().hex
        mutation = {"id": "m", "name": "contact.note", "agent_id": None, "hlc": "1-0-x",
                    "args": {"contact_id": "nope", "event_id": "e"}}
        ok = http.post("/v1/push", headers=auth, json={"client_id": client_id, "mutations": [
            {**mutation, "mutation_id": 1, "id": "m1"}]})
        assert ok.json()["results"][0]["state"] == "rejected"  # unknown contact, answered
        gap = http.post("/v1/push", headers=auth, json={"client_id": client_id, "mutations": [
            {**mutation, "mutation_id": 5, "id": "m5"}]})
        assert gap.status_code == 409
        other = http.post("/v1/push", headers=auth, json={"client_id": client_id, "mutations": [
            {**mutation, "mutation_id": 2, "id": "m2", "agent_id": "someone-else"}]})
        assert "another agent" in other.json()["results"][0]["reason"]
        http.post("/v1/logout", headers=auth)
        assert http.get("/v1/pull", headers=auth).status_code == 401
        trainee = http.post("/v1/login", json={"login": f"tina-{team}",
                                               "password": f"tina-{team}-secret-pw"}).json()
        assert http.get("/v1/pull", headers={"Authorization": f"Bearer {trainee['token']}"}
                        ).status_code == 403


def test_merges_invoices_and_reminders_reach_other_desktops(tmp_path: Path, sync_server, team,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.card import find_customer
    from desktop.ops import customers as customer_ops
    from desktop.ops import invoices as invoice_ops
    from models.schema import Invoice

    ana, ben = f"ana-{team}", f"ben-{team}"
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([
            (1, {"type": "contact", "channel": "email", "external_id": "m1",
                 "received_at": "2026-11-22T10:00:00Z", "from": {"name": "Joan Smith",
                                                                "email": "joan@example.com"},
                 "subject": "A", "body": "a"}),
            (2, {"type": "contact", "channel": "email", "external_id": "m2",
                 "received_at": "2026-11-22T11:00:00Z", "from": {"name": "Joan Smith",
                                                                "email": "j.smith@work.example"},
                 "subject": "B", "body": "b"}),
            (3, {"type": "invoice", "customer": {"email": "joan@example.com"}, "number": "I-1",
                 "amount": 10, "issued_at": "2026-10-01T00:00:00Z",
                 "due_at": "2026-10-15T00:00:00Z", "sent_at": "2026-10-01T00:00:00Z"})])
        actor = Actor.of(Agent.get(Agent.login == ana))
        survivor = find_customer(email="joan@example.com").id
        duplicate = find_customer(email="j.smith@work.example").id
        merge_id, _ = customer_ops.merge(app.mutator, actor, survivor, duplicate)
        invoice_ops.remind(app.mutator, actor, Invoice.get().id)
        customer_ops.update_customer(app.mutator, actor, survivor,
                                     {"vip": True, "timezone": "Europe/Berlin"})
    assert sync(a)["rejected"] == []
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        assert find_customer(email="j.smith@work.example").id == survivor
        joan = find_customer(customer_id=survivor)
        assert joan.vip and joan.timezone == "Europe/Berlin"
        assert Invoice.get().reminded_at is not None
        # ben can now escalate: the reminder is on record on the server
        invoice_ops.escalate(app.mutator, Actor.of(Agent.get(Agent.login == ben)),
                             Invoice.get().id)
    assert sync(b)["rejected"] == []
    with workspace(a) as app:
        customer_ops.unmerge(app.mutator, Actor.of(Agent.get(Agent.login == ana)), merge_id)
    sync(a)
    sync(b)
    with workspace(b) as app:
        assert find_customer(email="j.smith@work.example").id == duplicate
