"""One hostile client never stops the others (issue 11, proof: poison-proof sync).

A second, smaller state machine beside ``test_sync_model.py``: a team of three — one of
them pushes hand-made requests with their own token (unknown intent names, wrong types,
NUL, lone surrogates, huge strings, references to rows that do not exist or belong to
another team, intent ids reused from the other team, odd mutation ids, agent ids and
clocks, args that are not objects), mixed with valid intents; the two others receive,
take, answer and note contacts on real desktops and sync. The server answers every
request without a 5xx; no desktop's sync ever fails or has to quarantine a change; the
other team's rows stay as they were; after healing both desktops equal the server.

Real server over HTTP, real PostgreSQL. LASTMILE_HOSTILE_EXAMPLES sets the number of
examples (default 8).
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from desktop.app import Application
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.ops import tasks as task_ops
from desktop.sync.client import SyncClient
from desktop.workspace import Workspace
from models.errors import UserFacingError
from models.schema import Agent, Contact, Event, Intent, SyncQuarantine, Task
from server import apply
from server import models as srv
from tests.server.helpers import HEADERS, add_user, contact_record, login, password, sync

EXAMPLES = int(os.environ.get("LASTMILE_HOSTILE_EXAMPLES", "8"))
NAMES = sorted(apply.HANDLERS)
HISTORY = ("inbound", "reply", "note", "call")


def text() -> st.SearchStrategy[Any]:
    """Strings a hostile client sends where text goes."""
    return st.one_of(
        st.text(max_size=20),
        st.just("a\x00b"),
        st.just("half an emoji \ud83d"),
        st.just("x" * 300_000),
        st.sampled_from(["", " ", "\u202e", "'; DROP TABLE contact; --"]),
    )


def anything() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(),
        text(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )


@pytest.mark.timeout(600)
def test_a_hostile_teammate_never_stops_the_others(
    sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, db = sync_server["url"], sync_server["db"]

    class Team(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            self.team = "hm-" + uuid.uuid4().hex[:10]
            self.other = "ho-" + uuid.uuid4().hex[:10]
            self.root = Path(tempfile.mkdtemp(prefix="lastmile-hm-"))
            self.users = [f"{n}-{self.team}" for n in ("eve", "ana", "ben")]
            for user in self.users:
                add_user(sync_server, user, team=self.team)
            olga = f"olga-{self.other}"
            add_user(sync_server, olga, team=self.other)
            # the other team: a contact, its customer, a follow-up, on the server
            login(self.root / "o", sync_server, olga, monkeypatch)
            app = Application.open(Workspace(self.root / "o"))
            try:
                app.intake.ingest([contact_record(1)])
                contact = Contact.get()
                task_ops.create_task(
                    app.mutator,
                    Actor.of(Agent.get(Agent.login == olga)),
                    title="Their call",
                    contact_id=contact.id,
                    due_at=app.clock.now(),
                )
                self.foreign: dict[str, Any] = {
                    "contact": contact.id,
                    "customer": contact.customer_id,
                    "task": Task.get().id,
                    "agent": Agent.get(Agent.login == olga).id,
                    "intents": [i.id for i in Intent.select()],
                }
            finally:
                app.close()
            sync(self.root / "o")
            self.foreign_rows = self.other_team_rows()
            for user in self.users[1:]:
                login(self.root / user, sync_server, user, monkeypatch)
            answer = httpx.post(
                f"{url}/v1/login",
                headers=HEADERS,
                json={"login": self.users[0], "password": password(self.users[0])},
            )
            assert answer.status_code == 200, answer.text
            self.auth = {**HEADERS, "Authorization": f"Bearer {answer.json()['token']}"}
            with db.connection_context():
                self.eve = srv.Agent.get(srv.Agent.login == self.users[0]).id
            self.client_id = "eve-" + uuid.uuid4().hex[:10]
            self.mutation_id = 0
            self.counter = 0

        def other_team_rows(self) -> dict[str, Any]:
            with db.connection_context():
                return {
                    "contacts": sorted(
                        (c.id, c.status, c.assigned_to)
                        for c in srv.Contact.select().where(srv.Contact.space == self.other)
                    ),
                    "customers": sorted(
                        (c.id, c.name)
                        for c in srv.Customer.select().where(srv.Customer.space == self.other)
                    ),
                    "tasks": sorted(
                        (t.id, t.state, t.title)
                        for t in srv.Task.select().where(srv.Task.space == self.other)
                    ),
                    "events": srv.Event.select().where(srv.Event.space == self.other).count(),
                }

        def open(self, n: int) -> Application:
            return Application.open(Workspace(self.root / self.users[n]))

        def ours(self, kind: str) -> list[str]:
            with db.connection_context():
                model = {"contact": srv.Contact, "customer": srv.Customer, "task": srv.Task}[kind]
                return [
                    r.id
                    for r in model.select(model.id)
                    .where(model.space == self.team)
                    .order_by(model.id)
                    .limit(10)
                ]

        # -- the others: real desktops -------------------------------------------------

        @rule(n=st.integers(1, 2))
        def receive(self, n: int) -> None:
            self.counter += 1
            app = self.open(n)
            try:
                app.intake.ingest([contact_record(self.counter)])
            finally:
                app.close()

        @rule(
            n=st.integers(1, 2),
            pick=st.integers(0, 20),
            action=st.sampled_from(("claim", "reply", "note", "release")),
        )
        def work(self, n: int, pick: int, action: str) -> None:
            app = self.open(n)
            try:
                contacts = list(Contact.select().order_by(Contact.id))
                if not contacts:
                    return
                contact = contacts[pick % len(contacts)].id
                me = Actor.of(Agent.get(Agent.login == self.users[n]))
                try:
                    if action == "claim":
                        contact_ops.claim(app.mutator, me, contact)
                    elif action == "reply":
                        contact_ops.reply(app.mutator, me, contact, f"On it ({pick})")
                    elif action == "note":
                        contact_ops.add_note(app.mutator, me, contact, "Checked")
                    else:
                        contact_ops.release(app.mutator, me, contact)
                except UserFacingError:
                    pass  # refused here (held by someone else): nothing recorded
            finally:
                app.close()

        @rule(n=st.integers(1, 2))
        def sync(self, n: int) -> None:
            app = self.open(n)
            client = SyncClient(app)
            try:
                report = client.sync_once()  # never raises: no change stops this desktop
                assert report.quarantined == 0, "a pushed change could not be applied here"
            finally:
                client.close()
                app.close()

        # -- the hostile one: hand-made requests -----------------------------------------

        @rule(data=st.data())
        def push_by_hand(self, data: st.DataObject) -> None:
            mutations = [self.mutation(data) for _ in range(data.draw(st.integers(1, 3)))]
            body: Any = {"client_id": self.client_id, "mutations": mutations}
            if data.draw(st.integers(0, 9)) == 0:  # the envelope itself is wrong
                body = data.draw(
                    st.one_of(
                        st.just({"client_id": "eve\x00", "mutations": mutations}),
                        st.just({"client_id": self.client_id, "mutations": "all of them"}),
                        st.just({"mutations": mutations}),
                        st.just([body]),
                        anything(),
                    )
                )
            # as JSON text (lone surrogates as \ud83d escapes, NaN as NaN): what goes over
            # the wire from a hand-made client
            answer = httpx.post(
                f"{url}/v1/push",
                content=json.dumps(body),
                timeout=60,
                headers={**self.auth, "Content-Type": "application/json"},
            )
            assert answer.status_code < 500, answer.text[:500]
            if answer.status_code == 200:
                for result in answer.json()["results"]:
                    assert result["state"] in ("accepted", "rejected"), result

        def mutation(self, data: st.DataObject) -> dict[str, Any]:
            self.mutation_id += 1
            ref = st.one_of(
                st.sampled_from(self.ours("contact") or ["none"]),
                st.sampled_from(self.ours("customer") or ["none"]),
                st.sampled_from(
                    [
                        self.foreign["contact"],
                        self.foreign["customer"],
                        self.foreign["task"],
                        self.foreign["agent"],
                    ]
                ),
                st.uuids().map(str),
                text(),
            )
            name = data.draw(st.one_of(st.sampled_from(NAMES), text()))
            shape = data.draw(st.sampled_from(("fields", "fields", "fields", "junk")))
            args: Any
            if shape == "junk":
                args = data.draw(anything())
            else:
                args = {
                    key: data.draw(
                        st.one_of(ref, anything())
                        if key.endswith("_id")
                        else st.one_of(text(), anything())
                    )
                    for key in data.draw(
                        st.lists(
                            st.sampled_from(
                                (
                                    "contact_id",
                                    "customer_id",
                                    "task_id",
                                    "event_id",
                                    "owner_id",
                                    "survivor_id",
                                    "duplicate_id",
                                    "body",
                                    "title",
                                    "status",
                                    "due_at",
                                    "fields",
                                    "record",
                                    "person",
                                    "kind",
                                )
                            ),
                            max_size=6,
                            unique=True,
                        )
                    )
                }
            return {
                "mutation_id": data.draw(
                    st.one_of(
                        st.just(self.mutation_id),
                        st.just(self.mutation_id),
                        st.integers(-5, 2**63 + 5),
                        anything(),
                    )
                ),
                "id": data.draw(
                    st.one_of(st.uuids().map(str), st.sampled_from(self.foreign["intents"]), text())
                ),
                "name": name,
                "version": data.draw(st.one_of(st.just(1), anything())),
                "args": args,
                "agent_id": data.draw(
                    st.one_of(st.just(self.eve), st.just(self.foreign["agent"]), anything())
                ),
                "hlc": data.draw(
                    st.one_of(
                        st.just(f"0001700000000-{self.mutation_id % 99999:05d}-{self.client_id}"),
                        text(),
                    )
                ),
            }

        def teardown(self) -> None:
            if not hasattr(self, "team"):
                return
            for _ in range(2):
                for n in (1, 2):
                    self.sync(n)
            assert self.other_team_rows() == self.foreign_rows, "the other team was touched"
            with db.connection_context():
                contacts = {
                    c.id: (c.assigned_to, c.status)
                    for c in srv.Contact.select().where(srv.Contact.space == self.team)
                }
                events = {
                    e.id
                    for e in srv.Event.select().where(
                        (srv.Event.space == self.team) & srv.Event.kind.in_(HISTORY)
                    )
                }
                tasks = {
                    t.id: t.state for t in srv.Task.select().where(srv.Task.space == self.team)
                }
            for n in (1, 2):
                app = self.open(n)
                try:
                    assert not Intent.select().where(Intent.state == "pending").exists()
                    assert SyncQuarantine.select().count() == 0
                    assert {
                        c.id: (c.assigned_to_id, c.status) for c in Contact.select()
                    } == contacts
                    assert {e.id for e in Event.select().where(Event.kind.in_(HISTORY))} == events
                    assert {t.id: t.state for t in Task.select()} == tasks
                finally:
                    app.close()

    Team.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=12,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing steps print
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    Team.TestCase().runTest()
