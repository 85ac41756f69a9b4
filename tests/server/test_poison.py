"""No single change stops a team's sync, and nothing accepted on a desktop is lost on the
way (issue 11, items 1-3): references are checked on the server, a change a desktop cannot
apply is quarantined there while the rest goes on, text is made storable at the door, and
a refused receive never deletes the contact."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.sync.transport import load_token
from models.schema import Contact, Event, Intent, SyncQuarantine, Task
from server import store
from server.models import Task as ServerTask
from tests.server.helpers import HEADERS, contact_record, login, new_team, sync, workspace


def push_by_hand(
    server: dict[str, Any], user: str, name: str, args: dict[str, Any]
) -> dict[str, Any]:
    """One hand-made intent, as a hostile agent would send it with their own token."""
    token = load_token(server["url"], user)
    body = {
        "client_id": "hand-" + uuid.uuid4().hex[:12],
        "mutations": [
            {
                "mutation_id": 1,
                "id": str(uuid.uuid4()),
                "name": name,
                "args": args,
                "hlc": "0001700000000-00000-hand",
            }
        ],
    }
    answer = httpx.post(
        f"{server['url']}/v1/push",
        json=body,
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()["results"][0]
    return result


@pytest.mark.parametrize("whose", ["unknown", "other team", "mismatched contact"])
def test_a_task_about_a_row_the_team_lacks_is_refused(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    _other, (olga,) = new_team(sync_server, "olga")
    a, b, o = tmp_path / "a", tmp_path / "b", tmp_path / "o"
    login(o, sync_server, olga, monkeypatch)
    with workspace(o) as app:
        app.intake.ingest([contact_record(1, **{"from": {"email": "x@other.example"}})])
    sync(o)
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(2)])
    sync(a)
    with workspace(o):
        foreign = Contact.get().customer_id
    with workspace(a):
        contact = Contact.get()
    args: dict[str, Any] = {
        "task_id": str(uuid.uuid4()),
        "title": "Call back",
        "due_at": "2026-11-23T10:00:00Z",
        "kind": "follow_up",
    }
    if whose == "unknown":
        args["customer_id"] = str(uuid.uuid4())
    elif whose == "other team":
        args["customer_id"] = foreign
    else:
        args.update(contact_id=contact.id, customer_id=foreign)
    result = push_by_hand(sync_server, ana, "task.create", args)
    assert result["state"] == "rejected"
    assert result["reason"]  # said why
    # the team goes on: a fresh desktop signs in and pulls everything
    login(b, sync_server, ben, monkeypatch)
    with workspace(b):
        assert Contact.select().count() == 1
        assert SyncQuarantine.select().count() == 0


def test_a_change_a_desktop_cannot_apply_is_quarantined_and_the_rest_arrives(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    # a change log row no desktop can apply (a bug of some server version): a task about
    # a customer that exists nowhere
    db = sync_server["db"]
    poison_id = str(uuid.uuid4())
    with db.connection_context(), db.atomic():
        tx = store.Tx(team)
        tx.save(
            ServerTask(
                id=poison_id,
                customer_id=str(uuid.uuid4()),
                contact_id=None,
                kind="follow_up",
                title="poison",
                due_at=1,
                owner_id=None,
                state="open",
            )
        )
    with workspace(a) as app:
        app.intake.ingest([contact_record(3)])
    assert sync(a)["pushed"] == 1
    report = sync(b)
    assert report["quarantined"] == 1
    with workspace(b):
        assert Contact.select().count() == 1  # the change after the poison arrived
        held = SyncQuarantine.get()
        assert held.entity_id == poison_id and "FOREIGN KEY" in held.reason
        assert Task.get_or_none(Task.id == poison_id) is None
    # later syncs go on, retry it and keep it (attempts counted), and say so
    with workspace(a) as app:
        app.intake.ingest([contact_record(4)])
    sync(a)
    assert sync(b)["quarantined"] == 1
    with workspace(b):
        assert Contact.select().count() == 2
        assert SyncQuarantine.get().attempts >= 2
    from tests.server.helpers import run_cli

    code, text = run_cli("sync", "--workspace", str(b), "--status")
    assert code == 0 and "held back: task" in text and "FOREIGN KEY" in text


def test_text_with_nul_and_lone_surrogates_is_imported_synced_and_kept(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    source = tmp_path / "hostile.jsonl"
    lines = []
    for n in range(21):
        _, record = contact_record(100 + n)
        lines.append(json.dumps(record))
    # NUL in the body, a truncated emoji (lone surrogate, valid JSON) in the subject
    lines[5] = lines[5].replace('"Where is it?"', '"Where\\u0000 is it?"')
    lines[9] = lines[9].replace('"Order 109"', '"Order 109 \\ud83d"')
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from tests.server.helpers import run_cli

    code, text = run_cli("import", str(source), "--workspace", str(a), "--json")
    assert code == 0, text
    assert json.loads(text)["imported"] == 21
    report = sync(a)
    assert report["rejected"] == []
    with workspace(a):
        assert Contact.select().count() == 21
    login(b, sync_server, ben, monkeypatch)
    with workspace(b):
        assert Contact.select().count() == 21
        bodies = [e.body for e in Event.select().where(Event.kind == "inbound")]
        assert "Where is it?" in bodies and not any("\x00" in body for body in bodies)
        assert Contact.get(Contact.subject == "Order 109 \ufffd")


def test_a_refused_receive_keeps_the_contact_with_a_visible_line(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    a = tmp_path / "a"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(7)])
        # what an older desktop could have written: text the server cannot store
        intent = Intent.get(Intent.name == "contact.receive")
        args = json.loads(intent.args)
        args["record"]["body"] = "lost\x00?"
        Intent.update(args=json.dumps(args)).where(Intent.id == intent.id).execute()
    report = sync(a)
    assert len(report["rejected"]) == 1 and "NUL" in report["rejected"][0]
    with workspace(a):
        contact = Contact.get()  # still here
        line = Event.get((Event.contact == contact.id) & (Event.kind == "note"))
        assert line.subject == "Not synced: only on this desktop"
        assert "NUL" in line.body


def test_a_user_action_with_unstorable_text_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    from desktop.ops import Actor
    from desktop.ops import agents as agent_ops
    from desktop.ops import contacts as contact_ops
    from models.errors import UserFacingError
    from models.schema import Agent
    from tests.conftest import open_app

    app = open_app(tmp_path / "w")
    try:
        app.intake.ingest([contact_record(8)])
        agent_ops.add_agent(app.mutator, login="ana", display_name="Ana", role="agent", skills={})
        agent = Agent.get(Agent.login == "ana")
        contact = Contact.get()
        before = Intent.select().count()
        with pytest.raises(UserFacingError, match="NUL"):
            contact_ops.add_note(app.mutator, Actor.of(agent), contact.id, "bad\x00note")
        assert Intent.select().count() == before
        assert Event.select().where(Event.kind == "note").count() == 0
    finally:
        app.close()


def test_a_supervisor_assigns_a_team_task_and_the_agent_gets_it_an_agent_cannot(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, nothing unowned: task.assign travels; the server checks who may."""
    from desktop.ops import Actor
    from desktop.ops import tasks as task_ops
    from models.schema import Agent
    from tests.server.helpers import add_user

    team, (ben,) = new_team(sync_server, "ben")
    sue = f"sue-{team}"
    add_user(sync_server, sue, role="supervisor", team=team)
    s, b = tmp_path / "s", tmp_path / "b"
    login(s, sync_server, sue, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    with workspace(s) as app:
        app.intake.ingest(
            [contact_record(20, channel="session", outcome="failed", received_at=_recent())]
        )
        task = Task.get()
        assert task.owner_id is None
    sync(s)
    sync(b)
    with workspace(b) as app:
        me = Actor.of(Agent.get(Agent.login == ben))
        assert Task.get_by_id(task.id).owner_id is None
        # ben tries to give it to the supervisor: refused here already
        with pytest.raises(Exception, match="only a supervisor"):
            task_ops.assign_task(app.mutator, me, task.id, Agent.get(Agent.login == sue).id)
    result = push_by_hand(
        sync_server, ben, "task.assign", {"task_id": task.id, "owner_id": str(uuid.uuid4())}
    )
    assert result["state"] == "rejected" and "not an agent of this team" in result["reason"]
    with workspace(s) as app:
        lead = Actor.of(Agent.get(Agent.login == sue))
        task_ops.assign_task(app.mutator, lead, task.id, Agent.get(Agent.login == ben).id)
    assert sync(s)["rejected"] == []
    sync(b)
    with workspace(b):
        owner = Task.get_by_id(task.id).owner
        assert owner is not None and owner.login == ben


def _recent() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
