"""`contact.assign` through the real server and PostgreSQL (issue 13): a supervisor gives a
contact to an agent, who is told; a claim that reached the server first wins over the
reassignment and the supervisor is told who has it; agents and trainees are refused on the
server, and so is a trainee as the new owner; taking a contact back from an agent who is
away returns it to the queue."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.automation import assignment_alerts
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.protocol import intents
from models.schema import Agent, Alert, Contact, Event, Intent
from server import models as srv
from tests.server.helpers import add_user, contact_record, login, new_team, run_cli, sync, workspace


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def test_assign_reassign_conflict_and_refusals(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ben, chen) = new_team(sync_server, "ben", "chen")
    sue, tia = f"sue-{team}", f"tia-{team}"
    add_user(sync_server, sue, role="supervisor", team=team)
    add_user(sync_server, tia, role="trainee", team=team)
    s, b, c = tmp_path / "s", tmp_path / "b", tmp_path / "c"
    login(s, sync_server, sue, monkeypatch)
    with workspace(s) as app:
        app.intake.ingest([contact_record(1), contact_record(2), contact_record(3)])
        first, second, third = [x.id for x in Contact.select().order_by(Contact.subject)]
    assert sync(s)["rejected"] == []
    login(b, sync_server, ben, monkeypatch)
    login(c, sync_server, chen, monkeypatch)

    # the supervisor gives the first to Ben from the command line; Ben is told
    code, text = run_cli("assign", first, ben, "--as", sue, "--workspace", str(s))
    assert code == 0 and "Ben Tester" in text, text
    assert sync(s)["rejected"] == []
    with workspace(s) as app:
        ben_id = actor(ben).id
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(first).assigned_to == ben_id
    sync(b)
    with workspace(b) as app:
        contact = Contact.get_by_id(first)
        assert Agent.get_by_id(contact.assigned_to_id).login == ben
        line = Event.get((Event.contact == first) & (Event.kind == "claim"))
        assert line.subject.startswith("Assigned to Ben Tester by Sue Tester")
        assert assignment_alerts(app.db.connection(), now=datetime.now(UTC)) == 1
        alert = Alert.get(Alert.kind == "contact_assigned")
        assert alert.notify_id == contact.assigned_to_id and alert.contact_id == first
        assert assignment_alerts(app.db.connection(), now=datetime.now(UTC)) == 0  # once

    # Chen claims the second; the supervisor, who still sees it free, gives it to Ben:
    # the claim reached the server first and wins, the supervisor is told
    with workspace(c) as app:
        contact_ops.claim(app.mutator, actor(chen), second)
    assert sync(c)["rejected"] == []
    with workspace(s) as app:
        contact_ops.assign(app.mutator, actor(sue), second, actor(ben).id)
    report = sync(s)
    assert len(report["rejected"]) == 1 and "meanwhile Chen Tester took it" in report["rejected"][0]
    with workspace(s) as app:
        assert Agent.get_by_id(Contact.get_by_id(second).assigned_to_id).login == chen
        assert Intent.get(Intent.name == intents.CONTACT_ASSIGN.name, Intent.state == "rejected")

    # taking it back from Chen (away) to the queue, then giving it to Ben
    with workspace(s) as app:
        contact_ops.assign(app.mutator, actor(sue), second, None)
        assert Contact.get_by_id(second).assigned_to_id is None
        contact_ops.assign(app.mutator, actor(sue), second, actor(ben).id)
    assert sync(s)["rejected"] == []
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(second).assigned_to == ben_id

    # refused on the desktop and on the server: an agent assigning, a trainee as the owner
    with workspace(b) as app:
        with pytest.raises(Exception, match="only a supervisor or an admin"):
            contact_ops.assign(app.mutator, actor(ben), third, actor(chen).id)
        # a desktop that skipped the check: the server refuses all the same
        app.mutator.run(
            intents.CONTACT_ASSIGN,
            {"contact_id": third, "agent_id": actor(ben).id, "from_id": None},
            lambda: None,
            agent_id=actor(ben).id,
            entity="contact",
            entity_id=third,
        )
    report = sync(b)
    assert any("only a supervisor or an admin" in r for r in report["rejected"])
    with workspace(s) as app:
        trainee = Agent.get_or_none(Agent.login == tia)
        assert trainee is not None and trainee.role == "trainee"
        with pytest.raises(Exception, match="trainees"):
            contact_ops.assign(app.mutator, actor(sue), third, trainee.id)
        app.mutator.run(
            intents.CONTACT_ASSIGN,
            {"contact_id": third, "agent_id": trainee.id, "from_id": None},
            lambda: None,
            agent_id=actor(sue).id,
            entity="contact",
            entity_id=third,
        )
    report = sync(s)
    assert any("trainees get no live contacts" in r for r in report["rejected"])
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(third).assigned_to is None


def test_a_team_follow_up_becomes_its_handlers_on_the_server(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed session's follow-up is the team's when it arrives; the agent who resolves
    the contact gets it, on the server too (so every desktop shows whose it is)."""
    from datetime import timedelta

    from models.base import derived_id
    from models.schema import Task

    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    fresh = (datetime.now(UTC) - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with workspace(a) as app:
        app.intake.ingest(
            [contact_record(1, channel="session", outcome="failed", received_at=fresh)]
        )
        contact_id = Contact.get().id
    assert sync(a)["rejected"] == []
    task_id = derived_id(contact_id, "follow-up")
    with sync_server["db"].connection_context():
        assert srv.Task.get_by_id(task_id).owner_id is None  # the team's
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        contact_ops.claim(app.mutator, actor(ben), contact_id)
        contact_ops.set_status(app.mutator, actor(ben), contact_id, "resolved", app.rules)
        ben_id = actor(ben).id
        assert Task.get_by_id(task_id).owner_id == ben_id
    assert sync(b)["rejected"] == []
    with sync_server["db"].connection_context():
        assert srv.Task.get_by_id(task_id).owner_id == ben_id
    sync(a)
    with workspace(a) as app:
        assert Task.get_by_id(task_id).owner_id == ben_id
