"""Working a contact: every action is one transaction with one intent and one audit row."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.errors import ConflictError, NotFoundError, UserFacingError
from desktop.intake import IntakeReport
from desktop.ops import Actor
from desktop.ops import contacts as ops
from desktop.ops import tasks as task_ops
from models.schema import Audit, Contact, Event, Intent, Outbound, Task
from tests.conftest import NOW, contact_record, table_counts

MakeAgent = Callable[..., Actor]
Ingest = Callable[..., IntakeReport]


@dataclass
class Desk:
    """A workspace with two agents and one unworked email from Joan."""

    app: Application
    ana: Actor
    ben: Actor
    contact_id: str

    def counts(self) -> dict[str, int]:
        return table_counts(self.app.workspace.database_path)

    def contact(self) -> Contact:
        return Contact.get_by_id(self.contact_id)


def _desk(app: Application, make_agent: MakeAgent, ingest: Ingest) -> Desk:
    ana = make_agent(app, "ana", "Ana Kovač", role="supervisor")
    ben = make_agent(app, "ben", "Ben Osei")
    report = ingest(
        app,
        contact_record(
            1,
            channel="email",
            sender={"name": "Joan Smith", "email": "joan@example.com", "phone": "+15551234567"},
            subject="Bike delivery",
            body="Where is my cargo bike?",
        ),
    )
    return Desk(app, ana, ben, report.contact_ids[0])


@pytest.fixture
def desk(live_app: Application, make_agent: MakeAgent, ingest: Ingest) -> Desk:
    return _desk(live_app, make_agent, ingest)


@pytest.fixture
def training_desk(training_app: Application, make_agent: MakeAgent, ingest: Ingest) -> Desk:
    return _desk(training_app, make_agent, ingest)


@pytest.fixture
def recorded(desk: Desk) -> Iterator[Callable[[], tuple[list[Intent], list[Audit]]]]:
    """Intents and audit rows written after this point."""
    last_intent = Intent.select().count()
    last_audit = Audit.select().count()

    def new_rows() -> tuple[list[Intent], list[Audit]]:
        intents = list(Intent.select().order_by(Intent.mutation_id).offset(last_intent))
        audits = list(Audit.select().order_by(Audit.seq).offset(last_audit))
        return intents, audits

    yield new_rows


def events(contact_id: str, kind: str) -> list[Event]:
    return list(Event.select().where((Event.contact == contact_id) & (Event.kind == kind)))


# -- claim ---------------------------------------------------------------------------


def test_claim_is_compare_and_set(desk: Desk) -> None:
    changes = ops.claim(desk.app.mutator, desk.ben, desk.contact_id)
    assert changes.contacts == {desk.contact_id} and changes.queue
    assert desk.contact().assigned_to_id == desk.ben.id
    assert [e.subject for e in events(desk.contact_id, "claim")] == ["Taken by Ben Osei"]

    before = desk.counts()
    with pytest.raises(ConflictError, match="already taken by Ben Osei"):
        ops.claim(desk.app.mutator, desk.ana, desk.contact_id)
    assert desk.contact().assigned_to_id == desk.ben.id
    assert desk.counts() == before  # the loser wrote nothing, not even an intent

    ops.claim(desk.app.mutator, desk.ben, desk.contact_id)  # taking it again is harmless
    assert len(events(desk.contact_id, "claim")) == 1


def test_claim_of_a_missing_contact(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        ops.claim(desk.app.mutator, desk.ben, "0190a0a0-0000-7000-8000-000000000000")


def test_release_gives_it_back_to_the_queue(desk: Desk) -> None:
    with pytest.raises(ConflictError, match="only hand back"):
        ops.release(desk.app.mutator, desk.ben, desk.contact_id)
    ops.claim(desk.app.mutator, desk.ben, desk.contact_id)
    ops.release(desk.app.mutator, desk.ben, desk.contact_id)
    assert desk.contact().assigned_to_id is None
    ops.claim(desk.app.mutator, desk.ana, desk.contact_id)
    assert desk.contact().assigned_to_id == desk.ana.id


def race_to_claim(desk: Desk, agents: list[Actor]) -> tuple[dict[str, str], int]:
    """Each agent claims the contact from its own thread (and connection) at once."""
    start = threading.Barrier(len(agents))
    outcome: dict[str, str] = {}
    connections: set[int] = set()

    def work(actor: Actor) -> None:
        try:
            desk.app.db.connect(reuse_if_open=True)
            connections.add(id(desk.app.db.connection()))
            start.wait(timeout=10)
            ops.claim(desk.app.mutator, actor, desk.contact_id)
            outcome[actor.login] = "won"
        except ConflictError as exc:
            outcome[actor.login] = str(exc)
        except Exception as exc:  # reported by the caller's assertions
            outcome[actor.login] = f"error {exc!r}"
        finally:
            desk.app.db.close()  # this thread's connection only

    threads = [threading.Thread(target=work, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcome, len(connections)


def test_racing_threads_with_their_own_connections_claim_once(desk: Desk) -> None:
    """Agents on separate connections to one file: exactly one of them gets the contact."""
    agents = [desk.ana, desk.ben]
    for trial in range(8):
        Contact.update(assigned_to=None).where(Contact.id == desk.contact_id).execute()
        outcome, connections = race_to_claim(desk, agents)
        assert connections == len(agents), "each thread must have its own connection"
        winners = [a for a in agents if outcome[a.login] == "won"]
        assert len(winners) == 1, (trial, outcome)
        (loser,) = [a for a in agents if a is not winners[0]]
        assert outcome[loser.login] == (
            f"this contact was already taken by {winners[0].display_name}"
        )
        assert desk.contact().assigned_to_id == winners[0].id
    # one claim event per trial: the loser never wrote one
    assert len(events(desk.contact_id, "claim")) == 8


# -- reply ---------------------------------------------------------------------------


def test_reply_is_history_plus_a_queued_message(desk: Desk, clock: FixedClock) -> None:
    clock.advance(minutes=12)
    ops.reply(desk.app.mutator, desk.ben, desk.contact_id, "  Hello Joan, it ships today.  ")
    contact = desk.contact()
    assert contact.assigned_to_id == desk.ben.id  # replying takes the contact
    assert contact.status == "waiting"
    assert contact.first_response_at == NOW + timedelta(minutes=12)
    (reply,) = events(desk.contact_id, "reply")
    assert (reply.body, reply.subject, reply.agent_id) == (
        "Hello Joan, it ships today.",
        "Re: Bike delivery",
        desk.ben.id,
    )
    out = Outbound.get(Outbound.event_id == reply.id)
    assert (out.state, out.channel, out.recipient, out.body) == (
        "queued",
        "email",
        "joan@example.com",
        "Hello Joan, it ships today.",
    )

    # a second reply keeps the first response time
    clock.advance(minutes=30)
    ops.reply(desk.app.mutator, desk.ben, desk.contact_id, "Tracking number: 123")
    assert desk.contact().first_response_at == NOW + timedelta(minutes=12)
    replies = [e.id for e in events(desk.contact_id, "reply")]
    assert len(replies) == 2
    assert Outbound.select().where(Outbound.event_id.in_(replies)).count() == 2


def test_reply_in_training_is_only_simulated(training_desk: Desk) -> None:
    ops.reply(training_desk.app.mutator, training_desk.ben, training_desk.contact_id, "Hi Joan")
    (reply,) = events(training_desk.contact_id, "reply")
    assert Outbound.get(Outbound.event_id == reply.id).state == "simulated"
    assert Intent.select().count() == 0


def test_a_trainee_cannot_reply_in_a_live_workspace(desk: Desk, make_agent: MakeAgent) -> None:
    dana = make_agent(desk.app, "dana", "Dana Ruiz", role="trainee")
    before = desk.counts()
    with pytest.raises(UserFacingError, match="trainees cannot send replies"):
        ops.reply(desk.app.mutator, dana, desk.contact_id, "Hi Joan")
    assert desk.counts() == before


def test_a_trainee_can_reply_in_training(training_desk: Desk, make_agent: MakeAgent) -> None:
    dana = make_agent(training_desk.app, "dana", "Dana Ruiz", role="trainee")
    ops.reply(training_desk.app.mutator, dana, training_desk.contact_id, "Hi Joan")
    assert len(events(training_desk.contact_id, "reply")) == 1


@pytest.mark.parametrize("body", ["", "   \n "])
def test_an_empty_reply_is_refused(desk: Desk, body: str) -> None:
    with pytest.raises(UserFacingError, match="empty"):
        ops.reply(desk.app.mutator, desk.ben, desk.contact_id, body)


def test_reply_to_a_contact_held_by_someone_else_writes_nothing(desk: Desk) -> None:
    ops.claim(desk.app.mutator, desk.ana, desk.contact_id)
    before = desk.counts()
    with pytest.raises(ConflictError, match="Ana Kovač"):
        ops.reply(desk.app.mutator, desk.ben, desk.contact_id, "Hi Joan")
    assert desk.counts() == before


# -- notes, calls, status, tasks -----------------------------------------------------


def test_note_stays_inside(desk: Desk) -> None:
    outbound = Outbound.select().count()
    ops.add_note(desk.app.mutator, desk.ben, desk.contact_id, "Customer prefers mornings")
    (note,) = events(desk.contact_id, "note")
    assert note.body == "Customer prefers mornings" and note.agent_id == desk.ben.id
    assert Outbound.select().count() == outbound
    assert desk.contact().first_response_at is None
    with pytest.raises(UserFacingError):
        ops.add_note(desk.app.mutator, desk.ben, desk.contact_id, "  ")


def test_log_call_records_it_and_schedules_a_follow_up(desk: Desk) -> None:
    ops.log_call(
        desk.app.mutator,
        desk.ben,
        desk.contact_id,
        direction="outbound",
        minutes=4,
        outcome="completed",
        summary="Explained the delay",
    )
    (call,) = events(desk.contact_id, "call")
    assert call.channel == "phone" and call.body == "Explained the delay"
    assert json.loads(call.data) == {"direction": "outbound", "minutes": 4, "outcome": "completed"}
    assert desk.contact().first_response_at == NOW
    (task,) = Task.select().where(Task.contact == desk.contact_id)
    assert task.owner_id == desk.ben.id and task.state == "open"
    assert task.due_at == NOW + timedelta(hours=24)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"direction": "sideways"}, "inbound or outbound"),
        ({"outcome": "great"}, "call outcome"),
        ({"minutes": -1}, "between 0 and 1440"),
    ],
)
def test_log_call_validates(desk: Desk, kwargs: dict[str, Any], message: str) -> None:
    call: dict[str, Any] = {
        "direction": "inbound",
        "minutes": 3,
        "outcome": "completed",
        "summary": "",
        **kwargs,
    }
    with pytest.raises(UserFacingError, match=message):
        ops.log_call(desk.app.mutator, desk.ben, desk.contact_id, **call)


def test_set_status_resolves_and_reopens(desk: Desk, clock: FixedClock) -> None:
    ops.claim(desk.app.mutator, desk.ben, desk.contact_id)
    clock.advance(hours=1)
    ops.set_status(desk.app.mutator, desk.ben, desk.contact_id, "resolved")
    contact = desk.contact()
    assert contact.status == "resolved" and contact.resolved_at == NOW + timedelta(hours=1)
    assert [e.subject for e in events(desk.contact_id, "status")] == ["Status: open → resolved"]
    ops.set_status(desk.app.mutator, desk.ben, desk.contact_id, "open")
    contact = desk.contact()
    assert contact.status == "open" and contact.resolved_at is None
    with pytest.raises(UserFacingError, match="status must be one of"):
        ops.set_status(desk.app.mutator, desk.ben, desk.contact_id, "closed")


def test_only_the_holder_or_a_supervisor_sets_the_status(desk: Desk, make_agent: MakeAgent) -> None:
    chen = make_agent(desk.app, "chen", "Chen Wei")
    ops.claim(desk.app.mutator, desk.ben, desk.contact_id)
    with pytest.raises(ConflictError, match="held by Ben Osei"):
        ops.set_status(desk.app.mutator, chen, desk.contact_id, "resolved")
    ops.set_status(desk.app.mutator, desk.ana, desk.contact_id, "resolved")  # a supervisor
    assert desk.contact().status == "resolved"


def test_follow_up_tasks(desk: Desk, clock: FixedClock) -> None:
    due = NOW + timedelta(hours=3)
    changes = task_ops.create_task(
        desk.app.mutator,
        desk.ben,
        title="Call back about delivery",
        due_at=due,
        contact_id=desk.contact_id,
    )
    (task_id,) = changes.tasks
    task = Task.get_by_id(task_id)
    assert (task.title, task.due_at, task.owner_id, task.state) == (
        "Call back about delivery",
        due,
        desk.ben.id,
        "open",
    )
    assert task.customer_id == desk.contact().customer_id
    assert changes.customers == {task.customer_id}
    assert "Follow-up set: Call back about delivery" in [
        e.subject for e in events(desk.contact_id, "task")
    ]

    clock.advance(hours=2)
    task_ops.complete_task(desk.app.mutator, desk.ben, task_id)
    task = Task.get_by_id(task_id)
    assert task.state == "done" and task.done_at == NOW + timedelta(hours=2)
    assert "Follow-up done: Call back about delivery" in [
        e.subject for e in events(desk.contact_id, "task")
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"title": "  "}, UserFacingError),
        ({"kind": "party"}, UserFacingError),
        ({"due_at": NOW.replace(tzinfo=None)}, UserFacingError),
        ({"contact_id": "0190a0a0-0000-7000-8000-000000000000"}, NotFoundError),
    ],
)
def test_create_task_validates(desk: Desk, kwargs: dict[str, Any], error: type) -> None:
    task: dict[str, Any] = {"title": "Call back", "due_at": NOW + timedelta(hours=1), **kwargs}
    before = desk.counts()
    with pytest.raises(error):
        task_ops.create_task(desk.app.mutator, desk.ben, **task)
    assert desk.counts() == before


def test_complete_a_missing_task(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        task_ops.complete_task(desk.app.mutator, desk.ben, "nope")


# -- one intent and one audit row per action, all or nothing -------------------------


def _actions(desk: Desk) -> list[tuple[str, Callable[[], Any]]]:
    mut, ben, cid = desk.app.mutator, desk.ben, desk.contact_id
    return [
        ("contact.claim", lambda: ops.claim(mut, ben, cid)),
        ("contact.reply", lambda: ops.reply(mut, ben, cid, "Hello Joan")),
        ("contact.note", lambda: ops.add_note(mut, ben, cid, "Called the warehouse")),
        (
            "contact.log_call",
            lambda: ops.log_call(
                mut, ben, cid, direction="inbound", minutes=2, outcome="completed", summary="ok"
            ),
        ),
        (
            "task.create",
            lambda: task_ops.create_task(
                mut, ben, title="Check", contact_id=cid, due_at=NOW + timedelta(days=1)
            ),
        ),
        ("contact.set_status", lambda: ops.set_status(mut, ben, cid, "resolved")),
        ("contact.release", lambda: ops.release(mut, ben, cid)),
    ]


def test_every_action_writes_one_intent_and_one_audit_row(
    desk: Desk, recorded: Callable[[], tuple[list[Intent], list[Audit]]]
) -> None:
    seen: list[str] = []
    for name, action in _actions(desk):
        action()
        intents, audits = recorded()
        assert [i.name for i in intents] == [*seen, name]
        assert [a.action for a in audits] == [*seen, name]
        seen.append(name)
    intents, audits = recorded()
    ids = [i.mutation_id for i in intents]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    hlcs = [i.hlc for i in intents]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    assert all(i.agent_id == desk.ben.id and i.state == "pending" for i in intents)
    assert all(a.agent_id == desk.ben.id and a.entity_id for a in audits)
    reply = next(i for i in intents if i.name == "contact.reply")
    args = json.loads(reply.args)
    assert args["contact_id"] == desk.contact_id and args["body"] == "Hello Joan"
    assert Event.get(Event.id == args["event_id"]).kind == "reply"


def test_training_actions_are_audited_but_never_queued_for_sync(training_desk: Desk) -> None:
    audits = Audit.select().count()
    actions = _actions(training_desk)
    for _, action in actions:
        action()
    assert Intent.select().count() == 0
    assert Audit.select().count() == audits + len(actions)


def test_a_failing_action_leaves_no_partial_rows(desk: Desk) -> None:
    ops.add_note(
        desk.app.mutator,
        desk.ben,
        desk.contact_id,
        "first",
        event_id="0190a0a0-0000-7000-8000-00000000abcd",
    )
    before = desk.counts()
    # the reply first claims the contact, then fails on the event id it was given
    with pytest.raises(Exception, match="UNIQUE"):
        ops.reply(
            desk.app.mutator,
            desk.ben,
            desk.contact_id,
            "Hello",
            event_id="0190a0a0-0000-7000-8000-00000000abcd",
        )
    assert desk.counts() == before
    contact = desk.contact()
    assert contact.assigned_to_id is None and contact.status == "open"
    assert events(desk.contact_id, "claim") == []


@pytest.mark.parametrize("step", range(7))
def test_when_recording_fails_the_change_is_undone(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    name, action = _actions(desk)[step]
    for _, earlier in _actions(desk)[:step]:
        earlier()
    before = desk.counts()
    contact_before = desk.contact().__data__.copy()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Audit, "create", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        action()
    monkeypatch.undo()
    assert desk.counts() == before, name
    assert desk.contact().__data__ == contact_before, name
