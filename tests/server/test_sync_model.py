"""The test of record (DESIGN.md): several clients going offline, lost and duplicated
requests, crashes mid-push and mid-pull, skewed clocks. After healing, every client
equals the server, every intent has an answer, no claim is held twice and no reply was
sent twice."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.sync.client import HttpTransport, SyncClient, SyncUnavailable
from desktop.workspace import Workspace
from models.errors import UserFacingError
from models.schema import Agent, Contact, Event, Intent
from tests.server.test_sync import add_user, login

SKEWS = (timedelta(0), timedelta(minutes=7), timedelta(hours=-3))


class LoseResponse(HttpTransport):
    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        super().post(path, body, token)
        raise SyncUnavailable("response lost")


class Duplicate(HttpTransport):
    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        super().post(path, body, token)
        return super().post(path, body, token)


class CrashMidPull(HttpTransport):
    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        super().get(path, params, token)
        raise SyncUnavailable("crashed while pulling")


@pytest.mark.slow
def test_sync_state_machine(sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:

    class Model(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            self.team = "sm-" + uuid.uuid4().hex[:10]
            self.root = Path(tempfile.mkdtemp(prefix="lastmile-sm-"))
            self.users = [f"u{n}-{self.team}" for n in range(3)]
            for user in self.users:
                add_user(sync_server, user, team=self.team)
            for user in self.users:
                login(self.root / user, sync_server, user, monkeypatch)
            self.counter = 0

        def open(self, n: int) -> Application:
            return Application.open(Workspace(self.root / self.users[n]),
                                    clock=FixedClock(datetime.now(UTC) + SKEWS[n]))

        def actor(self, n: int) -> Actor:
            return Actor.of(Agent.get(Agent.login == self.users[n]))

        @rule(n=st.integers(0, 2))
        def receive(self, n: int) -> None:
            self.counter += 1
            app = self.open(n)
            try:
                app.intake.ingest([(1, {
                    "type": "contact", "channel": "email",
                    "external_id": f"{self.team}-{self.counter}",
                    "received_at": "2026-11-22T10:00:00Z",
                    "from": {"name": "Joan", "email": f"c{self.counter}@example.com"},
                    "subject": "Hi", "body": "Hello"})])
            finally:
                app.close()

        @rule(n=st.integers(0, 2), pick=st.integers(0, 50), reply=st.booleans())
        def work(self, n: int, pick: int, reply: bool) -> None:
            app = self.open(n)
            try:
                contacts = list(Contact.select().order_by(Contact.id))
                if not contacts:
                    return
                contact = contacts[pick % len(contacts)]
                try:
                    if reply:
                        contact_ops.reply(app.mutator, self.actor(n), contact.id, "On it!")
                    else:
                        contact_ops.claim(app.mutator, self.actor(n), contact.id)
                except UserFacingError:
                    pass  # taken locally by someone else: the UI says so, nothing recorded
            finally:
                app.close()

        @rule(n=st.integers(0, 2), fault=st.sampled_from(
            ("none", "offline", "lost", "duplicate", "crash_pull")))
        def sync(self, n: int, fault: str) -> None:
            if fault == "offline":
                return
            transport = {"none": HttpTransport, "lost": LoseResponse, "duplicate": Duplicate,
                         "crash_pull": CrashMidPull}[fault](sync_server["url"])
            app = self.open(n)
            client = SyncClient(app, transport)
            try:
                client.sync_once()
            except SyncUnavailable:
                pass
            finally:
                client.close()
                app.close()

        def teardown(self) -> None:
            # heal: everyone online, two rounds so that every answer and change arrives
            for _ in range(2):
                for n in range(3):
                    app = self.open(n)
                    client = SyncClient(app)
                    try:
                        client.sync_once()
                    finally:
                        client.close()
                        app.close()
            db = sync_server["db"]
            with db.connection_context():
                server = {row[0]: row[1] for row in db.execute_sql(
                    "SELECT id, data->>'assigned_to' FROM entity WHERE kind = 'contact' "
                    "AND space = %s", (self.team,)).fetchall()}
                replies = db.execute_sql(
                    "SELECT count(*), count(DISTINCT id) FROM entity WHERE kind = 'event' "
                    "AND space = %s AND data->>'kind' = 'reply'", (self.team,)).fetchone()
            assert replies[0] == replies[1]
            assert len(server) == self.counter  # every contact received anywhere arrived
            for n in range(3):
                app = self.open(n)
                try:
                    assert Intent.select().where(Intent.state == "pending").count() == 0
                    local = {c.id: c.assigned_to_id for c in Contact.select()}
                    assert local == server, f"client {n} differs from the server"
                    ids = [e.id for e in Event.select().where(Event.kind == "reply")]
                    assert len(ids) == len(set(ids))
                finally:
                    app.close()

    Model.TestCase.settings = settings(
        max_examples=8, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    Model.TestCase().runTest()
