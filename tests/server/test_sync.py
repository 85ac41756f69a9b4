"""Two desktops syncing through the real server and a real PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.sync.client import HttpTransport, SyncClient, SyncUnavailable
from models.database import get_meta
from models.schema import Agent, Contact, Event, Intent, Outbound, SyncShadow
from server import models as srv
from tests.server.helpers import (
    add_user,
    contact_record,
    login,
    new_team,
    sync,
    workspace,
)

__all__ = ["add_user", "contact_record", "login", "sync"]


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def test_claim_conflict_first_wins_and_loser_is_told(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
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
            contact_ops.claim(app.mutator, actor(user), contact_id)
            assert SyncShadow.select().count() == 1  # the server state is kept aside
    assert sync(a)["rejected"] == []
    report = sync(b)
    assert len(report["rejected"]) == 1
    assert "already taken by Ana Tester at" in report["rejected"][0]
    with workspace(b) as app:
        contact = Contact.get_by_id(contact_id)
        assert Agent.get_by_id(contact.assigned_to_id).login == ana  # the local claim undone
        assert Intent.get(Intent.name == "contact.claim").state == "rejected"
        assert "already taken" in (get_meta("sync_notices") or "")
        assert SyncShadow.select().count() == 0
        claim_line = Event.get((Event.kind == "claim") & (Event.agent == actor(ben).id))
        assert claim_line.subject.startswith("Not taken: already taken by Ana")
    with workspace(a) as app:
        assert Agent.get_by_id(Contact.get_by_id(contact_id).assigned_to_id).login == ana
        assert SyncShadow.select().count() == 0


class DropResponses(HttpTransport):
    """The server commits, then the response is lost on the way back."""

    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        super().post(path, body, token)
        raise SyncUnavailable("connection reset")


def test_reply_is_never_sent_twice_when_the_response_is_lost(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    a = tmp_path / "a"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(2)])
        contact_id = Contact.get().id
        contact_ops.reply(app.mutator, actor(ana), contact_id, "Hello Joan, it ships today.")
        client = SyncClient(app, DropResponses(sync_server["url"], kind="live"))
        with pytest.raises(SyncUnavailable):
            client.sync_once()
        client.close()
        assert Intent.select().where(Intent.state == "pending").count() == 2
    report = sync(a)  # the retry: duplicates are answered again, nothing is applied twice
    assert report["pending"] == 0 and report["rejected"] == []
    with workspace(a) as app:
        assert Intent.select().where(Intent.state == "accepted").count() == 2
        [reply] = list(Event.select().where(Event.kind == "reply"))
        assert Outbound.select().where(Outbound.event_id == reply.id).count() == 1
        assert Contact.get_by_id(contact_id).status == "waiting"
    with sync_server["db"].connection_context():
        assert srv.Outbound.select().where(srv.Outbound.contact_id == contact_id).count() == 1
        assert (
            srv.Event.select()
            .where((srv.Event.contact_id == contact_id) & (srv.Event.kind == "reply"))
            .count()
            == 1
        )


class BreakOnSecondPage(HttpTransport):
    calls = 0

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        self.calls += 1
        if self.calls == 2:
            raise SyncUnavailable("network gone mid-pull")
        return super().get(path, params, token)


def test_interrupted_pull_applies_nothing(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(10, 25)])
    sync(a)
    login(b, sync_server, ben, monkeypatch)  # b has everything so far; now more changes
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(30, 40)])
    sync(a)
    monkeypatch.setattr("desktop.sync.client.PULL_LIMIT", 3)
    with workspace(b) as app:
        before = Contact.select().count()
        cursor = get_meta("sync_cursor")
        client = SyncClient(app, BreakOnSecondPage(sync_server["url"], kind="live"))
        with pytest.raises(SyncUnavailable):
            client.sync_once()
        client.close()
        assert Contact.select().count() == before  # staged, not applied
        assert get_meta("sync_cursor") == cursor

    def crash(*_args: Any) -> None:
        # the disk failing mid-checkpoint (a change the desktop cannot apply would be
        # quarantined instead: tests/server/test_poison.py)
        raise sqlite3.OperationalError("disk I/O error")

    with workspace(b) as app:  # the next pull crashes in the middle of the checkpoint
        monkeypatch.setattr("desktop.sync.apply.Applier._event", crash)
        client = SyncClient(app)
        with pytest.raises(sqlite3.OperationalError):
            client.sync_once()
        client.close()
        assert Contact.select().count() == before  # the transaction was rolled back
        assert get_meta("sync_cursor") == cursor
    monkeypatch.undo()
    sync(b)  # resumes from what was staged
    with workspace(b) as app:
        assert Contact.select().count() == before + 10
        assert Event.select().where(Event.kind == "inbound").count() == before + 10


def test_merges_invoices_and_reminders_reach_other_desktops(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.card import find_customer
    from desktop.ops import customers as customer_ops
    from desktop.ops import invoices as invoice_ops
    from models.schema import Invoice

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest(
            [
                (
                    1,
                    {
                        "type": "contact",
                        "channel": "email",
                        "external_id": f"m1-{ana}",
                        "received_at": "2026-11-22T10:00:00Z",
                        "from": {"name": "Joan Smith", "email": "joan@example.com"},
                        "subject": "A",
                        "body": "a",
                    },
                ),
                (
                    2,
                    {
                        "type": "contact",
                        "channel": "email",
                        "external_id": f"m2-{ana}",
                        "received_at": "2026-11-22T11:00:00Z",
                        "from": {"name": "Joan Smith", "email": "j.smith@work.example"},
                        "subject": "B",
                        "body": "b",
                    },
                ),
                (
                    3,
                    {
                        "type": "invoice",
                        "customer": {"email": "joan@example.com"},
                        "number": f"I-{ana}",
                        "amount": 10,
                        "issued_at": "2026-10-01T00:00:00Z",
                        "due_at": "2026-10-15T00:00:00Z",
                        "sent_at": "2026-10-01T00:00:00Z",
                    },
                ),
            ]
        )
        survivor = find_customer(email="joan@example.com").id
        duplicate = find_customer(email="j.smith@work.example").id
        merge_id, _ = customer_ops.merge(app.mutator, actor(ana), survivor, duplicate)
        invoice_ops.remind(app.mutator, actor(ana), Invoice.get().id)
        customer_ops.update_customer(
            app.mutator, actor(ana), survivor, {"vip": True, "timezone": "Europe/Berlin"}
        )
    assert sync(a)["rejected"] == []
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        assert find_customer(email="j.smith@work.example").id == survivor
        joan = find_customer(customer_id=survivor)
        assert joan.vip and joan.timezone == "Europe/Berlin"
        assert Invoice.get().reminded_at is not None
        # ben can now escalate: the reminder is on record on the server
        invoice_ops.escalate(app.mutator, actor(ben), Invoice.get().id)
    assert sync(b)["rejected"] == []
    with workspace(a) as app:
        customer_ops.unmerge(app.mutator, actor(ana), merge_id)
    sync(a)
    sync(b)
    with workspace(b) as app:
        assert find_customer(email="j.smith@work.example").id == duplicate


def test_a_copied_database_gets_a_new_client_id_and_still_pushes_its_outbox(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A laptop restored from last night's backup (or a workspace copied to a new machine)
    must not be taken for the original: its mutation ids start again from its own outbox."""
    import shutil

    _team, (ana,) = new_team(sync_server, "ana")
    a, restored = tmp_path / "a", tmp_path / "restored"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in (1, 2)])
    sync(a)
    with workspace(a) as app:  # offline work, then the backup is taken
        first, second = [c.id for c in Contact.select().order_by(Contact.subject)]
        contact_ops.claim(app.mutator, actor(ana), first)
        contact_ops.reply(app.mutator, actor(ana), first, "Hello Joan, it ships today.")
        original_client = get_meta("client_id")
        assert Intent.select().where(Intent.state == "pending").count() == 2
    shutil.copytree(a, restored)
    with workspace(a) as app:  # the original keeps working and syncs
        contact_ops.add_note(app.mutator, actor(ana), second, "Asked the depot")
    assert sync(a)["rejected"] == []

    with workspace(restored) as app:
        assert get_meta("client_id") != original_client  # a new client
        assert Intent.select().where(Intent.state == "pending").count() == 2
        contact_ops.add_note(app.mutator, actor(ana), second, "Written on the restored copy")
    report = sync(restored)  # its outbox, pushed again under the new id, changes nothing twice
    assert report["rejected"] == [] and report["pending"] == 0
    sync(a)
    with sync_server["db"].connection_context():
        replies = (
            srv.Event.select()
            .where((srv.Event.kind == "reply") & (srv.Event.contact_id == first))
            .count()
        )
        notes = (
            srv.Event.select()
            .where((srv.Event.kind == "note") & (srv.Event.contact_id == second))
            .count()
        )
        queued = srv.Outbound.select().where(srv.Outbound.contact_id == first).count()
    assert (replies, queued, notes) == (1, 1, 2)
    for ws in (a, restored):
        with workspace(ws) as app:
            assert Event.select().where(Event.kind == "note").count() == 2
            [reply] = Event.select().where(Event.kind == "reply")
            assert Outbound.select().where(Outbound.event_id == reply.id).count() == 1
            assert Agent.get_by_id(Contact.get_by_id(first).assigned_to_id).login == ana


def test_deleting_a_follow_up_wins_over_completing_it_elsewhere(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ops import tasks as task_ops
    from models.schema import Task

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
        contact_id = Contact.get().id
        for n in (1, 2):
            task_ops.create_task(
                app.mutator,
                actor(ana),
                title=f"Call back {n}",
                contact_id=contact_id,
                due_at=app.clock.now(),
            )
        first, second = [
            t.id
            for t in Task.select().where(Task.title.startswith("Call back")).order_by(Task.title)
        ]
    sync(a)
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:  # ben completes the first one and it reaches the server
        task_ops.complete_task(app.mutator, actor(ben), first)
    sync(b)
    with workspace(a) as app:  # ana, offline, deletes both
        for task_id in (first, second):
            task_ops.delete_task(app.mutator, actor(ana), task_id)
    with workspace(b) as app:  # ben, offline, completes the second
        task_ops.complete_task(app.mutator, actor(ben), second)
    assert sync(a)["rejected"] == []  # delete after an edit: the delete wins
    assert sync(b)["rejected"] == []  # an edit after a delete: no effect
    sync(a)
    for ws in (a, b):
        with workspace(ws) as app:
            states = {t.id: t.state for t in Task.select().where(Task.id.in_((first, second)))}
            assert states == {first: "deleted", second: "deleted"}, ws
    with sync_server["db"].connection_context():
        assert {t.state for t in srv.Task.select().where(srv.Task.id.in_((first, second)))} == {
            "deleted"
        }


def test_the_same_mail_to_two_teams_is_a_contact_in_each(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A customer writes to sales and to support at once: one Message-ID, two mailboxes.
    Each team gets its contact; within a team the second copy is refused as a duplicate."""
    _sales, (ana, ben) = new_team(sync_server, "ana", "ben")
    _support, (cleo,) = new_team(sync_server, "cleo")
    message = contact_record(1)  # the same external id for all
    for name, user in (("a", ana), ("b", ben), ("c", cleo)):
        login(tmp_path / name, sync_server, user, monkeypatch)
        with workspace(tmp_path / name) as app:
            assert app.intake.ingest([message]).imported == 1
    assert sync(tmp_path / "a")["rejected"] == []
    assert sync(tmp_path / "c")["rejected"] == []  # another team: its own contact
    [refused] = sync(tmp_path / "b")["rejected"]  # a teammate fetched it too
    assert "already received" in refused
    ids = {}
    for name in ("a", "b", "c"):
        sync(tmp_path / name)
        with workspace(tmp_path / name):
            [contact] = Contact.select()
            ids[name] = contact.id
    assert ids["a"] == ids["b"] != ids["c"]


def test_follow_ups_made_by_rules_reach_the_server_and_can_be_completed_anywhere(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolving a chat makes a follow-up; parking a complaint makes a check-back; running
    the rules makes invoice reminders. Each is a real task on the server: a teammate sees
    it and completing it anywhere is accepted, never refused as unknown."""
    from desktop.ops import tasks as task_ops
    from models.schema import Task

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest(
            [
                contact_record(1, channel="chat", **{"from": {"visitor_id": "v-1"}}),
                contact_record(2, subject="Complaint: broken frame", body="This is unacceptable"),
                (
                    3,
                    {
                        "type": "invoice",
                        "number": "INV-9",
                        "amount": 120,
                        "currency": "EUR",
                        "issued_at": "2026-10-01T09:00:00Z",
                        "due_at": "2026-10-15T09:00:00Z",
                        "sent_at": "2026-10-01T09:05:00Z",
                        "customer": {"email": "joan@example.com"},
                    },
                ),
            ]
        )
        chat = Contact.get(Contact.channel == "chat").id
        complaint = Contact.get(Contact.subject.startswith("Complaint")).id
        me = actor(ana)
        contact_ops.claim(app.mutator, me, chat)
        contact_ops.set_status(app.mutator, me, chat, "resolved")
        contact_ops.claim(app.mutator, me, complaint)
        contact_ops.set_status(app.mutator, me, complaint, "waiting")
        assert task_ops.run_rules(app.mutator, app.rules) == 1
        assert task_ops.run_rules(app.mutator, app.rules) == 0  # nothing more to record
        assert Intent.select().where(Intent.name == "rules.run").count() == 1
        made = {t.kind: t.id for t in Task.select()}
    assert set(made) >= {"follow_up", "check_back", "invoice_reminder"}, made
    assert sync(a)["rejected"] == []
    sync(b)
    with workspace(b) as app:  # ben sees them and finishes them
        assert {t.id for t in Task.select()} >= set(made.values()), made
        for task_id in made.values():
            task_ops.complete_task(app.mutator, actor(ben), task_id)
    assert sync(b)["rejected"] == []
    sync(a)
    for ws in (a, b):
        with workspace(ws):
            assert {Task.get_by_id(t).state for t in made.values()} == {"done"}
    with sync_server["db"].connection_context():
        assert {t.state for t in srv.Task.select().where(srv.Task.id.in_(list(made.values())))} == {
            "done"
        }


def test_a_wrong_identity_removed_on_one_desktop_is_gone_for_the_team(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Joan's record carries her father's phone by mistake; Ana takes it off. Ben's desktop
    and the server forget it too, so the father's next call is not filed under Joan."""
    import json

    from desktop.ops import customers as customer_ops
    from models.schema import Customer, Identity

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    joan = {"name": "Joan Smith", "email": "joan@example.com", "phone": "+15551230000"}
    with workspace(a) as app:
        app.intake.ingest([contact_record(1, **{"from": joan})])
        customer_id = Customer.get().id
    sync(a)
    sync(b)
    with workspace(a) as app:
        phone = Identity.get((Identity.customer == customer_id) & (Identity.kind == "phone"))
        customer_ops.remove_identity(app.mutator, actor(ana), phone.id)
    assert sync(a)["rejected"] == []
    with sync_server["db"].connection_context():
        keys = json.loads(srv.Customer.get_by_id(customer_id).keys)
        assert [k[:2] for k in keys] == [["email", "joan@example.com"]]
    sync(b)
    with workspace(b) as app:
        assert {i.kind for i in Identity.select().where(Identity.customer == customer_id)} == {
            "email"
        }
        app.intake.ingest(
            [contact_record(2, channel="phone", **{"from": {"phone": "+15551230000"}})]
        )
        call = Contact.get(Contact.channel == "phone")
        assert call.customer_id != customer_id  # a new caller, not Joan


def test_who_took_parked_and_resolved_what_is_on_every_desktop(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history lines an action writes ("Taken by Ana", status changes, follow-ups
    done) reach the team with it; a refused action's line stays with its desktop."""
    from desktop.ops import tasks as task_ops
    from models.schema import Task

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
    sync(a)
    sync(b)
    with workspace(b) as app:  # ben, offline, takes it too: he will lose
        contact_id = Contact.get().id
        contact_ops.claim(app.mutator, actor(ben), contact_id)
    with workspace(a) as app:
        me = actor(ana)
        contact_ops.claim(app.mutator, me, contact_id)
        contact_ops.set_status(app.mutator, me, contact_id, "waiting")
        task_ops.create_task(
            app.mutator, me, title="Check the depot", contact_id=contact_id, due_at=app.clock.now()
        )
        task_ops.complete_task(app.mutator, me, Task.get().id)
        contact_ops.set_status(app.mutator, me, contact_id, "resolved")
        lines = {
            e.id: (e.kind, e.subject)
            for e in Event.select().where(Event.kind.in_(("claim", "status", "task")))
        }
    assert len(lines) >= 4
    assert sync(a)["rejected"] == []
    assert len(sync(b)["rejected"]) == 1
    with workspace(b):
        mine = {
            e.id: (e.kind, e.subject)
            for e in Event.select().where(Event.kind.in_(("claim", "status", "task")))
        }
        assert set(lines.items()) <= set(mine.items())
        assert {
            Agent.get_by_id(e.agent_id).login
            for e in Event.select().where(Event.id.in_(list(lines)))
        } == {ana}
        [lost] = [e for e in Event.select().where(Event.kind == "claim") if e.id not in lines]
        assert lost.subject.startswith("Not taken")  # ben's own line, not shared
    with sync_server["db"].connection_context():
        shared = {
            e.id for e in srv.Event.select().where(srv.Event.kind.in_(("claim", "status", "task")))
        }
        assert set(lines) <= shared and lost.id not in shared


def test_the_follow_up_of_a_failed_session_is_the_teams(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed online session received on one desktop gets its follow-up there at once;
    the server keeps that same task, so a teammate sees it and can finish it."""
    from datetime import UTC, datetime, timedelta

    from desktop.ops import tasks as task_ops
    from models.schema import Task

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    fresh = (datetime.now(UTC) - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with workspace(a) as app:
        app.intake.ingest(
            [contact_record(1, channel="session", outcome="failed", received_at=fresh)]
        )
        [task] = Task.select()
        assert task.title == "Follow up on the failed online session"
    assert sync(a)["rejected"] == []
    sync(b)
    with workspace(b) as app:
        task_ops.complete_task(app.mutator, actor(ben), task.id)
    assert sync(b)["rejected"] == []
    with sync_server["db"].connection_context():
        assert srv.Task.get_by_id(task.id).state == "done"
