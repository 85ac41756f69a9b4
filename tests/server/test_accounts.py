"""Accounts, tokens, roles and input validation, checked on the server over real HTTP."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.sync.client import SyncClient
from desktop.sync.transport import HttpTransport, UpdateRequired
from models.schema import Agent, Contact, Intent
from server import models as srv
from server import store
from tests.server.helpers import (
    HEADERS,
    add_user,
    contact_record,
    login,
    new_team,
    password,
    sync,
    workspace,
)


@pytest.fixture
def http(sync_server: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sync_server["url"], headers=HEADERS, timeout=10) as client:
        yield client


def token_for(http: httpx.Client, user: str) -> dict[str, str]:
    answer = http.post("/v1/login", json={"login": user, "password": password(user)})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_production_hashing_is_argon2_with_library_defaults() -> None:
    from argon2 import PasswordHasher

    assert isinstance(store.hasher, PasswordHasher)


def test_passwords_and_tokens_are_stored_hashed(
    sync_server: dict[str, Any], http: httpx.Client
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    token = http.post("/v1/login", json={"login": ana, "password": password(ana)}).json()["token"]
    with sync_server["db"].connection_context():
        account = srv.Account.get_by_id(ana)
        assert account.password_hash.startswith("$argon2id$")
        assert password(ana) not in account.password_hash
        stored = [t.token_hash for t in srv.Token.select().where(srv.Token.login == ana)]
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_login_logout_expiry_and_revocation(
    sync_server: dict[str, Any], http: httpx.Client
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    wrong = http.post("/v1/login", json={"login": ana, "password": "not it"})
    assert wrong.status_code == 401 and "wrong login or password" in wrong.text
    assert (
        http.post("/v1/login", json={"login": "nobody-" + ana, "password": "x"}).status_code == 401
    )
    auth = token_for(http, ana)
    assert http.get("/v1/pull", headers=auth).status_code == 200
    assert http.post("/v1/logout", headers=auth).status_code == 200
    assert http.get("/v1/pull", headers=auth).status_code == 401

    auth = token_for(http, ana)
    with sync_server["db"].connection_context():  # twelve hours later
        srv.Token.update(expires_at=store.now_ms() - 1).where(srv.Token.login == ana).execute()
    expired = http.get("/v1/pull", headers=auth)
    assert expired.status_code == 401 and "expired" in expired.text

    first, second = token_for(http, ana), token_for(http, ana)  # two desktops
    assert server_command(sync_server, "user", "revoke", ana).returncode == 0
    assert http.get("/v1/pull", headers=first).status_code == 401
    assert http.get("/v1/pull", headers=second).status_code == 401

    with sync_server["db"].connection_context():
        store.set_user(sync_server["db"], ana, disabled=True)
    assert http.post("/v1/login", json={"login": ana, "password": password(ana)}).status_code in (
        401,
        403,
    )


def test_versions_and_bad_input_get_4xx_with_a_reason(
    sync_server: dict[str, Any], http: httpx.Client
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    auth = token_for(http, ana)
    old = http.get("/v1/pull", headers={**auth, "X-Lastmile-Protocol": "99"})
    assert old.status_code == 426 and "update" in old.text
    assert http.get("/v1/pull", headers={**auth, "X-Lastmile-Schema": "1"}).status_code == 426
    bare = httpx.get(sync_server["url"] + "/v1/pull", headers=auth)
    assert bare.status_code == 400 and "X-Lastmile-Protocol" in bare.text
    assert http.get("/v1/pull", headers=auth, params={"cursor": "[1"}).status_code == 400
    assert http.get("/v1/pull", headers=auth, params={"limit": "-5"}).status_code == 422
    bad = http.post(
        "/v1/push",
        headers=auth,
        json={
            "client_id": "x",
            "mutations": [{"mutation_id": 0, "id": "", "name": "", "args": {}, "hlc": ""}],
        },
    )
    assert bad.status_code == 422
    assert http.post("/v1/push", headers=auth, content=b"{not json").status_code in (400, 422)
    deep = b"[" * 100_000 + b"]" * 100_000
    assert http.post("/v1/push", headers=auth, content=deep).status_code in (400, 413, 422)
    huge = http.post("/v1/push", headers=auth, content=b" " * (9 * 1024 * 1024))
    assert huge.status_code == 413

    client_id = "client-" + uuid.uuid4().hex
    agent_id = http.post("/v1/login", json={"login": ana, "password": password(ana)}).json()[
        "agent_id"
    ]
    mutation = {
        "id": "m",
        "name": "contact.note",
        "agent_id": agent_id,
        "hlc": "1763800000000-00000-fuzz",
        "args": {"contact_id": "nope", "event_id": str(uuid.uuid4())},
    }
    first = http.post(
        "/v1/push",
        headers=auth,
        json={"client_id": client_id, "mutations": [{**mutation, "mutation_id": 1, "id": "m1"}]},
    )
    assert first.status_code == 200
    assert first.json()["results"][0]["state"] == "rejected"  # unknown contact, answered
    gap = http.post(
        "/v1/push",
        headers=auth,
        json={"client_id": client_id, "mutations": [{**mutation, "mutation_id": 5, "id": "m5"}]},
    )
    assert gap.status_code == 409 and "push in order" in gap.text
    other = http.post(
        "/v1/push",
        headers=auth,
        json={
            "client_id": client_id,
            "mutations": [
                {**mutation, "mutation_id": 2, "id": "m2", "agent_id": str(uuid.uuid4())}
            ],
        },
    )
    assert "another agent" in other.json()["results"][0]["reason"]
    unknown = http.post(
        "/v1/push",
        headers=auth,
        json={
            "client_id": client_id,
            "mutations": [{**mutation, "mutation_id": 3, "id": "m3", "name": "contact.explode"}],
        },
    )
    assert unknown.json()["results"][0]["state"] == "rejected"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_no_push_body_makes_the_server_fail(
    sync_server: dict[str, Any], http: httpx.Client
) -> None:
    """Whatever a broken or hostile desktop sends, the answer is 2xx or 4xx, never 5xx."""
    _team, (ana,) = new_team(sync_server, "ana")
    auth = token_for(http, ana)
    names = st.sampled_from(
        [
            "contact.claim",
            "contact.reply",
            "contact.note",
            "task.create",
            "task.delete",
            "customer.update",
            "customer.merge",
            "agent.update",
            "invoice.escalate",
            "contact.set_status",
            "x.y",
        ]
    )
    mutation = st.fixed_dictionaries(
        {
            "mutation_id": st.integers(1, 3),
            "id": st.text(min_size=1, max_size=10),
            "name": names,
            "args": st.dictionaries(
                st.sampled_from(
                    [
                        "contact_id",
                        "event_id",
                        "body",
                        "fields",
                        "task_id",
                        "title",
                        "customer_id",
                        "duplicate_id",
                        "status",
                        "due_at",
                        "role",
                    ]
                ),
                json_values,
                max_size=5,
            ),
            "agent_id": st.none(),
            "hlc": st.text(min_size=1, max_size=30),
        }
    )

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        body=st.one_of(
            json_values,
            st.fixed_dictionaries(
                {
                    "client_id": st.just("fuzz-" + uuid.uuid4().hex),
                    "mutations": st.lists(mutation, max_size=3),
                }
            ),
        )
    )
    def push(body: Any) -> None:
        answer = http.post("/v1/push", headers=auth, json=body)
        assert answer.status_code < 500, answer.text

    push()


def test_roles_are_enforced_by_the_server(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch, http: httpx.Client
) -> None:
    team, (ana, ben) = new_team(sync_server, "ana", "ben")
    other_team, (zoe,) = new_team(sync_server, "zoe")
    tina = f"tina-{team}"
    add_user(sync_server, tina, role="trainee", team=team)
    trainee = http.post("/v1/login", json={"login": tina, "password": password(tina)})
    assert trainee.status_code == 403 and "never sync" in trainee.text

    a, z = tmp_path / "a", tmp_path / "z"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
        contact_id = Contact.get().id
        ben_agent = Agent.get(Agent.login == ben)
        # an agent cannot make a colleague an admin, nor act as that colleague
        from desktop.ops import agents as agent_ops

        me = Agent.get(Agent.login == ana)
        agent_ops.update_agent(app.mutator, ben_agent.id, role="admin", actor_id=me.id)
        contact_ops.add_note(app.mutator, Actor.of(ben_agent), contact_id, "pretending")
    report = sync(a)
    reasons = " | ".join(report["rejected"])
    assert "only an admin" in reasons and "another agent" in reasons
    with sync_server["db"].connection_context():
        assert srv.Account.get_by_id(ben).role == "agent"

    login(z, sync_server, zoe, monkeypatch)  # another team sees none of it
    with workspace(z) as app:
        assert Contact.select().count() == 0
        assert Agent.get_or_none(Agent.login == ana) is None
    auth = token_for(http, zoe)
    pulled = http.get("/v1/pull", headers=auth).json()
    assert contact_id not in str(pulled)
    assert other_team != team


def test_an_outdated_desktop_is_told_to_update_and_keeps_its_outbox(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    a = tmp_path / "a"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
        original = HttpTransport.headers

        def old_headers(self: HttpTransport, token: str | None) -> dict[str, str]:
            return {**original(self, token), "X-Lastmile-Protocol": "99"}

        monkeypatch.setattr(HttpTransport, "headers", old_headers)
        client = SyncClient(app)
        with pytest.raises(UpdateRequired, match="update"):
            client.sync_once()
        client.close()
        assert Intent.select().where(Intent.state == "pending").count() == 1
    monkeypatch.setattr(HttpTransport, "headers", original)
    assert sync(a)["pending"] == 0


def server_command(
    sync_server: dict[str, Any], *argv: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`lastmile-server ...` as the admin runs it: its own process."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *argv, "--database", sync_server["postgres"]],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_accounts_from_the_command_line(sync_server: dict[str, Any]) -> None:
    user = "cli-" + uuid.uuid4().hex[:8]
    added = server_command(
        sync_server,
        "user",
        "add",
        user,
        "--role",
        "supervisor",
        "--team",
        "north",
        stdin="a long enough password\n",
    )
    assert added.returncode == 0, added.stderr
    listed = server_command(sync_server, "user", "list", "--json")
    assert user in listed.stdout
    with httpx.Client(base_url=sync_server["url"], headers=HEADERS) as http:
        answer = http.post("/v1/login", json={"login": user, "password": "a long enough password"})
        assert answer.status_code == 200 and answer.json()["role"] == "supervisor"
    again = server_command(
        sync_server, "user", "add", user, "--role", "agent", "--team", "north", stdin="x\n"
    )
    assert again.returncode != 0 and "lastmile-server:" in again.stderr


CONTACT = (
    "INSERT INTO contact (id, space, channel, received_at, external_id, subject, "
    "preview, skill, priority, status, direction) "
    "VALUES (%s, %s, 'email', 0, '<m@x>', '', '', 'general', 0, 'open', 'inbound')"
)


def test_a_schema_3_database_is_upgraded_in_place(sync_server: dict[str, Any]) -> None:
    """Up to schema 3 a message id was unique across all teams; starting the new server on
    such a database moves the uniqueness inside each team and keeps every row."""
    import psycopg

    name = "upgrade_" + uuid.uuid4().hex[:8]
    admin = psycopg.connect(sync_server["postgres"], autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    parsed = urlparse(sync_server["postgres"])
    url = urlunparse(parsed._replace(path=f"/{name}"))
    made = server_command({"postgres": url}, "user", "list")
    assert made.returncode == 0, made.stderr
    with psycopg.connect(url, autocommit=True) as db:  # as schema 3 left it
        db.execute('DROP INDEX "contact_space_channel_external_id"')
        db.execute(
            'CREATE UNIQUE INDEX "contact_channel_external_id" '
            'ON "contact" ("channel", "external_id")'
        )
        db.execute('DROP TABLE "login_throttle"')  # came with schema 5
        db.execute("UPDATE server_meta SET value = '3' WHERE key = 'schema_version'")
        db.execute(CONTACT, ("c1", "sales"))
    upgraded = server_command({"postgres": url}, "user", "list")
    assert upgraded.returncode == 0, upgraded.stderr
    with psycopg.connect(url, autocommit=True) as db:
        assert db.execute(
            "SELECT value FROM server_meta WHERE key = 'schema_version'"
        ).fetchone() == (str(store.SCHEMA_VERSION),)
        db.execute(CONTACT, ("c2", "support"))  # another team: fine
        with pytest.raises(psycopg.errors.UniqueViolation):
            db.execute(CONTACT, ("c3", "sales"))
        assert db.execute("SELECT count(*) FROM contact").fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM login_throttle").fetchone() == (0,)
