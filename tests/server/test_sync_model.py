"""The test of record (DESIGN.md): several desktops going offline, lost, duplicated and
replayed requests, a server that dies in the middle of a batch, desktops that crash in
the middle of a pull and of a checkpoint, skewed clocks (one of them days ahead).

Desktops receive mail, claim, reply, note, log calls, edit customers and create, complete
and delete follow-ups. After healing: every desktop's synced tables (contacts, customers,
history with acknowledgements, follow-ups) equal the server's, every intent has an answer,
no contact is held twice, no reply or acknowledgement is queued twice, and no refused reply
left a message waiting to be sent.

Runs against the real server over HTTP and a real PostgreSQL. The number of examples is
300 by default (the CI of record, about four minutes on two cores); set
LASTMILE_SYNC_EXAMPLES to run fewer or more.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from desktop.ops import tasks as task_ops
from desktop.sync.apply import Applier
from desktop.sync.client import HttpTransport, SyncClient, SyncReport, SyncUnavailable
from desktop.workspace import Workspace
from models.errors import UserFacingError
from models.schema import (
    Agent,
    AgentSkill,
    Contact,
    Customer,
    Event,
    Intent,
    Outbound,
    Task,
)
from server import models as srv
from tests.server.helpers import add_user, login

# one desktop on time, one three hours behind, one two days ahead (clamped by the server)
SKEWS = (timedelta(0), timedelta(hours=-3), timedelta(days=2))
ROLES = ("agent", "agent", "supervisor")
SHARED = ("shared-a", "shared-b")  # one mailbox fetched by several desktops
# 300 examples is the CI of record (about four minutes on two cores); set
# LASTMILE_SYNC_EXAMPLES=30 for a quick local run
EXAMPLES = int(os.environ.get("LASTMILE_SYNC_EXAMPLES", "300"))
HISTORY = ("inbound", "reply", "note", "call", "ack")


class Faulty(HttpTransport):
    """The network and the server misbehaving in one chosen way."""

    def __init__(self, url: str, fault: str, last_push: dict[str, Any]) -> None:
        super().__init__(url, kind="live")
        self.fault = fault
        self.last_push = last_push

    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        if path != "/v1/push":
            return super().post(path, body, token)
        previous = self.last_push.get("body")
        self.last_push["body"] = body
        if self.fault == "lost_request":
            raise SyncUnavailable("request lost on the way")
        if self.fault == "replay" and previous is not None:
            super().post(path, previous, token)  # an old request arriving late
        if self.fault == "server_dies_mid_batch" and len(body["mutations"]) > 1:
            half = {**body, "mutations": body["mutations"][: len(body["mutations"]) // 2]}
            super().post(path, half, token)
            raise SyncUnavailable("server died in the middle of the batch")
        answer = super().post(path, body, token)
        if self.fault == "lost_response":
            raise SyncUnavailable("response lost")
        if self.fault == "duplicate":
            return super().post(path, body, token)
        return answer

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        answer = super().get(path, params, token)
        if self.fault == "crash_mid_pull":
            raise SyncUnavailable("desktop crashed while pulling")
        return answer


class CrashingApplier(Applier):
    """The desktop dies while applying a checkpoint (after a few rows)."""

    left = 3

    def apply(self, kind: str, entity_id: str, data: dict[str, Any]) -> None:
        CrashingApplier.left -= 1
        if CrashingApplier.left < 0:
            raise SyncUnavailable("desktop crashed while applying")
        super().apply(kind, entity_id, data)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 300 examples take 4-5 minutes on 2 cores
def test_sync_state_machine(sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:

    class Desktops(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            self.team = "sm-" + uuid.uuid4().hex[:10]
            self.root = Path(tempfile.mkdtemp(prefix="lastmile-sm-"))
            self.users = [f"u{n}-{self.team}" for n in range(3)]
            for user, role in zip(self.users, ROLES, strict=True):
                add_user(sync_server, user, role=role, team=self.team)
            for user in self.users:
                login(self.root / user, sync_server, user, monkeypatch)
            self.counter = 0
            self.last_push: list[dict[str, Any]] = [{}, {}, {}]
            self.now = datetime.now(UTC)

        def open(self, n: int) -> Application:
            self.now += timedelta(seconds=7)
            return Application.open(
                Workspace(self.root / self.users[n]), clock=FixedClock(self.now + SKEWS[n])
            )

        def actor(self, n: int) -> Actor:
            return Actor.of(Agent.get(Agent.login == self.users[n]))

        @rule(n=st.integers(0, 2), shared=st.sampled_from((None, *SHARED)))
        def receive(self, n: int, shared: str | None) -> None:
            self.counter += 1
            external = f"{self.team}-{shared or self.counter}"
            app = self.open(n)
            try:
                app.intake.ingest(
                    [
                        (
                            1,
                            {
                                "type": "contact",
                                "channel": "email",
                                "external_id": external,
                                # fresh for most desktops (acknowledged there and by the server),
                                # days old for the one whose clock runs ahead
                                "received_at": (self.now - timedelta(minutes=2)).strftime(
                                    "%Y-%m-%dT%H:%M:%SZ"
                                ),
                                "from": {"name": "Joan", "email": f"{external}@example.com"},
                                "subject": "Hi",
                                "body": "Hello",
                            },
                        )
                    ]
                )
            finally:
                app.close()

        @rule(
            n=st.integers(0, 2),
            pick=st.integers(0, 50),
            action=st.sampled_from(
                ("claim", "reply", "note", "release", "resolve", "reopen", "call")
            ),
        )
        def work(self, n: int, pick: int, action: str) -> None:
            app = self.open(n)
            try:
                contacts = list(Contact.select().order_by(Contact.id))
                if not contacts:
                    return
                contact = contacts[pick % len(contacts)].id
                me = self.actor(n)
                try:
                    if action == "claim":
                        contact_ops.claim(app.mutator, me, contact)
                    elif action == "reply":
                        contact_ops.reply(app.mutator, me, contact, f"On it! ({pick})")
                    elif action == "note":
                        contact_ops.add_note(app.mutator, me, contact, "Called the depot")
                    elif action == "release":
                        contact_ops.release(app.mutator, me, contact)
                    elif action == "call":
                        contact_ops.log_call(
                            app.mutator,
                            me,
                            contact,
                            direction="outbound",
                            minutes=3,
                            outcome="completed",
                            summary="ok",
                        )
                    else:
                        contact_ops.set_status(
                            app.mutator, me, contact, "resolved" if action == "resolve" else "open"
                        )
                except UserFacingError:
                    pass  # refused locally (held by someone else): nothing recorded
            finally:
                app.close()

        @rule(
            n=st.integers(0, 2),
            pick=st.integers(0, 50),
            field=st.sampled_from(("vip", "name", "tags")),
            value=st.integers(0, 3),
        )
        def edit_customer(self, n: int, pick: int, field: str, value: int) -> None:
            app = self.open(n)
            try:
                customers = list(Customer.select().order_by(Customer.id))
                if not customers:
                    return
                new: Any = {"vip": value % 2 == 0, "name": f"Joan {value}", "tags": [f"t{value}"]}[
                    field
                ]
                customer_ops.update_customer(
                    app.mutator, self.actor(n), customers[pick % len(customers)].id, {field: new}
                )
            finally:
                app.close()

        @rule(
            n=st.integers(0, 2),
            pick=st.integers(0, 50),
            op=st.sampled_from(("create", "complete", "delete")),
        )
        def follow_up(self, n: int, pick: int, op: str) -> None:
            app = self.open(n)
            try:
                me = self.actor(n)
                if op == "create":
                    contacts = list(Contact.select().order_by(Contact.id))
                    if contacts:
                        task_ops.create_task(
                            app.mutator,
                            me,
                            title=f"Call back ({pick})",
                            contact_id=contacts[pick % len(contacts)].id,
                            due_at=self.now + timedelta(hours=pick),
                        )
                    return
                tasks = list(Task.select().order_by(Task.id))
                if tasks:
                    task = tasks[pick % len(tasks)].id
                    if op == "complete":
                        task_ops.complete_task(app.mutator, me, task)
                    else:
                        task_ops.delete_task(app.mutator, me, task)
            finally:
                app.close()

        @rule(n=st.integers(0, 2), level=st.integers(1, 3))
        def team_setting(self, n: int, level: int) -> None:
            """Desktops race to set the first agent's skills: the supervisor's edits are
            kept (last writer wins), the agents' are refused and rolled back."""
            app = self.open(n)
            try:
                target = Agent.get(Agent.login == self.users[0]).id
                agent_ops.update_agent(
                    app.mutator, target, skills={"billing": level}, actor_id=self.actor(n).id
                )
            finally:
                app.close()

        @rule(
            n=st.integers(0, 2),
            fault=st.sampled_from(
                (
                    "none",
                    "offline",
                    "lost_request",
                    "lost_response",
                    "duplicate",
                    "replay",
                    "server_dies_mid_batch",
                    "crash_mid_pull",
                    "crash_mid_apply",
                )
            ),
        )
        def sync(self, n: int, fault: str) -> None:
            if fault == "offline":
                return
            app = self.open(n)
            client = SyncClient(app, Faulty(sync_server["url"], fault, self.last_push[n]))
            CrashingApplier.left = 3
            applier = CrashingApplier if fault == "crash_mid_apply" else Applier
            try:
                with mock.patch("desktop.sync.client.Applier", applier):
                    client.sync_once()
            except SyncUnavailable:
                pass
            finally:
                client.close()
                app.close()

        @invariant()
        def server_never_holds_a_message_twice(self) -> None:
            if not hasattr(self, "team"):
                return
            with sync_server["db"].connection_context():
                messages = (
                    srv.Event.select()
                    .where((srv.Event.space == self.team) & srv.Event.kind.in_(("reply", "ack")))
                    .count()
                )
                queued = srv.Outbound.select().where(srv.Outbound.space == self.team).count()
            # one queued message per accepted reply or acknowledgement, never more
            assert messages == queued

        def teardown(self) -> None:
            if not hasattr(self, "team"):
                return
            # heal: everyone online; rounds until nothing moves
            for _ in range(3):
                for n in range(3):
                    app = self.open(n)
                    client = SyncClient(app)
                    try:
                        client.sync_once()
                    finally:
                        client.close()
                        app.close()
            self.check_converged()

        def check_converged(self) -> None:
            db = sync_server["db"]
            with db.connection_context():
                contacts = {
                    c.id: (c.assigned_to, c.status)
                    for c in srv.Contact.select().where(srv.Contact.space == self.team)
                }
                customers = {
                    c.id: (c.name, c.vip, c.tags)
                    for c in srv.Customer.select().where(srv.Customer.space == self.team)
                }
                events = {
                    e.id: e.kind
                    for e in srv.Event.select().where(
                        (srv.Event.space == self.team) & srv.Event.kind.in_(HISTORY)
                    )
                }
                # lines of accepted actions ("Taken by", status, follow-ups) reach everyone
                lines = {
                    e.id
                    for e in srv.Event.select().where(
                        (srv.Event.space == self.team) & ~srv.Event.kind.in_(HISTORY)
                    )
                }
                outbound = {
                    o.id for o in srv.Outbound.select().where(srv.Outbound.space == self.team)
                }
                tasks = {
                    t.id: t.state for t in srv.Task.select().where(srv.Task.space == self.team)
                }
                settings_rows = {
                    s.key: json.loads(s.data)
                    for s in srv.TeamSetting.select().where(srv.TeamSetting.space == self.team)
                }
            externals = {f"{self.team}-{s}" for s in SHARED}
            for n in range(3):
                app = self.open(n)
                try:
                    unanswered = Intent.select().where(Intent.state == "pending").count()
                    assert unanswered == 0, f"desktop {n}: {unanswered} intents unanswered"
                    assert (
                        not Intent.select()
                        .where((Intent.state == "rejected") & (Intent.reason == ""))
                        .exists()
                    )
                    local = {c.id: (c.assigned_to_id, c.status) for c in Contact.select()}
                    assert local == contacts, f"desktop {n}: contacts differ from the server"
                    shared = [c.external_id for c in Contact.select() if c.external_id in externals]
                    assert len(shared) == len(set(shared))
                    for customer_id, fields in customers.items():
                        kept = Customer.get_by_id(customer_id)
                        assert (kept.name, kept.vip, kept.tags) == fields, (
                            f"desktop {n}: customer {customer_id} differs from the server"
                        )
                    history = {e.id: e.kind for e in Event.select().where(Event.kind.in_(HISTORY))}
                    converted = {
                        e.id
                        for e in Event.select().where(
                            Event.subject == "Reply not sent (refused by the server)"
                        )
                    }
                    assert {k: v for k, v in history.items() if k not in converted} == {
                        k: v for k, v in events.items() if k not in converted
                    }, f"desktop {n}: history differs from the server"
                    assert converted <= set(events)  # refused replies reached all as notes
                    queued = {
                        o.event_id
                        for o in Outbound.select().where(Outbound.state == "queued")
                        if o.event_id in history
                    }
                    assert queued <= outbound, "a refused reply is still waiting to be sent"
                    assert lines <= {e.id for e in Event.select()}, (
                        f"desktop {n}: history lines of the team are missing"
                    )
                    mine = {t.id: t.state for t in Task.select()}
                    assert mine == tasks, f"desktop {n}: follow-ups differ from the server"
                    first = Agent.get(Agent.login == self.users[0]).id
                    skills = {
                        s.skill: s.level
                        for s in AgentSkill.select().where(AgentSkill.agent == first)
                    }
                    assert skills == settings_rows.get(first, {}).get("skills", {}), (
                        f"desktop {n}: the team's skills differ from the server"
                    )
                finally:
                    app.close()

    Desktops.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=14,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Desktops.TestCase().runTest()


def test_replies_are_answered_even_when_every_push_response_is_lost(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desktop whose responses always get lost still converges through its pulls."""
    team = "lost-" + uuid.uuid4().hex[:8]
    user = f"ana-{team}"
    add_user(sync_server, user, team=team)
    login(tmp_path, sync_server, user, monkeypatch)
    app = Application.open(Workspace(tmp_path))
    try:
        app.intake.ingest(
            [
                (
                    1,
                    {
                        "type": "contact",
                        "channel": "sms",
                        "external_id": team,
                        "received_at": "2026-11-22T10:00:00Z",
                        "from": {"phone": "+15551234567"},
                        "body": "hi",
                    },
                )
            ]
        )
        me = Actor.of(Agent.get(Agent.login == user))
        contact_ops.reply(app.mutator, me, Contact.get().id, "Hello")
        last: dict[str, Any] = {}
        for _ in range(3):
            client = SyncClient(app, Faulty(sync_server["url"], "lost_response", last))
            with pytest.raises(SyncUnavailable):
                client.sync_once()
            client.close()
        client = SyncClient(app)
        report = SyncReport()
        client.pull(report)  # no push at all: the answers come with the pull
        client.close()
        assert report.pending == 0
        assert json.loads(Intent.get(Intent.name == "contact.reply").args)["body"] == "Hello"
    finally:
        app.close()
