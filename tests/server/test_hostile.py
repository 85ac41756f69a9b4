"""What a hostile tester found: text PostgreSQL cannot store, odd cursors, an intent id
reused across teams, guessing passwords (throttling, password policy, memory under
parallel sign-ins), and signing a lost laptop out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from models.schema import Intent
from server import models as srv
from server import store
from tests.server.helpers import (
    Local,
    add_user,
    contact_record,
    login,
    new_team,
    password,
    raw_json,
    run_cli,
    workspace,
)

NUL_REASON = "text contains a NUL character (U+0000) that cannot be stored"
SURROGATE_REASON = "an unpaired surrogate"


@pytest.fixture(scope="module")
def app(sync_server: dict[str, Any]) -> Any:
    from server.app import create_app

    return create_app(sync_server["db"])


@pytest.fixture
def local(app: Any) -> Iterator[Local]:
    client = Local(app)
    yield client
    client.close()


def admin(sync_server: dict[str, Any], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """`lastmile-server ...` in this process, on the test server's database (the command
    line's own process is tested in test_accounts.py)."""
    from server import cli

    out, err = io.StringIO(), io.StringIO()
    args = cli._parser().parse_args(list(argv))
    try:
        if args.command == "user":
            code = cli._user(sync_server["db"], args, out, io.StringIO(stdin))
        else:
            code = cli._token(sync_server["db"], args, out)
    except store.StoreError as exc:
        print(f"lastmile-server: {exc}", file=err)
        code = 1
    return code, out.getvalue(), err.getvalue()


def sign_in(local: Local, user: str) -> dict[str, Any]:
    answer = local.post("/v1/login", json={"login": user, "password": password(user)})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    body["auth"] = {"Authorization": f"Bearer {body['token']}"}
    return body


def note_on_nothing(agent_id: str, n: int, **extra: Any) -> dict[str, Any]:
    """A mutation the server answers (rejected: no such contact) without storing rows."""
    return {
        "mutation_id": n,
        "id": f"m{n}-{uuid.uuid4().hex[:8]}",
        "name": "contact.note",
        "agent_id": agent_id,
        "hlc": "1763800000000-00000-hostile",
        "args": {"contact_id": "nope", "event_id": str(uuid.uuid4()), "body": "hi"},
        **extra,
    }


def receive(agent_id: str, n: int, intent_id: str) -> dict[str, Any]:
    """A mutation that is accepted and makes a contact."""
    return {
        "mutation_id": n,
        "id": intent_id,
        "name": "contact.receive",
        "agent_id": agent_id,
        "hlc": "1763800000000-00000-hostile",
        "args": {
            "contact_id": str(uuid.uuid4()),
            "customer_id": str(uuid.uuid4()),
            "person": {"name": "Joan"},
            "record": {
                "channel": "email",
                "received_at": 1763800000000,
                "subject": "Hello",
                "body": "Where is it?",
            },
        },
    }


def test_request_fields_with_nul_or_surrogates_get_422_with_a_reason(
    sync_server: dict[str, Any], local: Local
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    me = sign_in(local, ana)
    for bad, reason in (("a\x00b", "NUL character"), ("a\ud800b", "unpaired surrogate")):
        for field in ("id", "name", "agent_id", "hlc"):
            mutation = {**note_on_nothing(me["agent_id"], 1), field: bad}
            answer = local.post(
                "/v1/push",
                **raw_json(
                    {"client_id": "hostile-" + uuid.uuid4().hex, "mutations": [mutation]},
                    me["auth"],
                ),
            )
            assert answer.status_code == 422, (field, answer.text)
            assert reason in answer.text and field in answer.text
        for field in ("login", "password"):
            body = {"login": ana, "password": password(ana), field: bad}
            answer = local.post("/v1/login", **raw_json(body))
            assert answer.status_code == 422, (field, answer.text)
            assert reason in answer.text


def test_bad_text_in_args_refuses_that_mutation_only(
    sync_server: dict[str, Any], local: Local
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    me = sign_in(local, ana)
    client_id = "hostile-" + uuid.uuid4().hex
    bad_args = [
        {"body": "x\x00"},
        {"deep": [[{"ok": ["fine", {"key\x00": 1}]}]]},
        {"deep": {"a": [1, 2, "\udc80"]}},
        {"\ud83d": "a high surrogate alone as a key"},
    ]
    mutations = [
        {**note_on_nothing(me["agent_id"], n + 1), "args": args} for n, args in enumerate(bad_args)
    ]
    good = receive(me["agent_id"], len(mutations) + 1, str(uuid.uuid4()))
    answer = local.post(
        "/v1/push",
        **raw_json({"client_id": client_id, "mutations": [*mutations, good]}, me["auth"]),
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["state"] for r in results] == ["rejected"] * 4 + ["accepted"]
    assert results[0]["reason"] == NUL_REASON and results[1]["reason"] == NUL_REASON
    assert SURROGATE_REASON in results[2]["reason"] and SURROGATE_REASON in results[3]["reason"]
    pulled = local.get("/v1/pull", headers=me["auth"], params={"client_id": client_id})
    assert pulled.status_code == 200
    assert [r["state"] for r in pulled.json()["results"]] == [r["state"] for r in results]
    again = local.post(
        "/v1/push", **raw_json({"client_id": client_id, "mutations": mutations}, me["auth"])
    )
    assert [r["reason"] for r in again.json()["results"]] == [r["reason"] for r in results[:4]]


def test_odd_cursors_get_400(sync_server: dict[str, Any], local: Local) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    me = sign_in(local, ana)
    for cursor in (
        '{"team":[true,false]}',
        '{"team":[1,false]}',
        '{"team":[1.5,0]}',
        '{"team":[1e300,0]}',
        '{"team":[' + "9" * 30 + ",0]}",
        '{"team":[-1,0]}',
        '{"te\\u0000am":[1,0]}',
        '{"te\\ud800am":[1,0]}',
        '{"team":[1]}',
        '{"team":"ab"}',
        "[]",
        "null",
        '"\\u0000"',
    ):
        answer = local.get("/v1/pull", headers=me["auth"], params={"cursor": cursor})
        assert answer.status_code == 400, (cursor, answer.text)
        assert "cursor must be" in answer.text
    for value in ("%00", "%ED%A0%80", "%FF"):  # NUL, a surrogate in UTF-8, not UTF-8
        answer = local.get(f"/v1/pull?client_id=abcdefgh{value}&cursor={value}", headers=me["auth"])
        assert answer.status_code in (400, 422), answer.text


def test_an_intent_id_accepted_in_another_team_is_applied_here(
    sync_server: dict[str, Any], local: Local
) -> None:
    _one, (ana,) = new_team(sync_server, "ana")
    _two, (zoe,) = new_team(sync_server, "zoe")
    shared = str(uuid.uuid4())  # e.g. a desktop database copied across teams
    for user in (ana, zoe):
        me = sign_in(local, user)
        mutation = receive(me["agent_id"], 1, shared)
        answer = local.post(
            "/v1/push",
            headers=me["auth"],
            json={"client_id": "hostile-" + uuid.uuid4().hex, "mutations": [mutation]},
        )
        (result,) = answer.json()["results"]
        assert result["state"] == "accepted" and "already applied" not in result["reason"]
        pulled = local.get("/v1/pull", headers=me["auth"]).json()
        assert mutation["args"]["contact_id"] in {c["id"] for c in pulled["changes"]}
    # within one team a copy is still recognised
    me = sign_in(local, zoe)
    answer = local.post(
        "/v1/push",
        headers=me["auth"],
        json={
            "client_id": "hostile-" + uuid.uuid4().hex,
            "mutations": [receive(me["agent_id"], 1, shared)],
        },
    )
    assert "already applied" in answer.json()["results"][0]["reason"]


# -- guessing passwords ------------------------------------------------------------------


def lock_row(key: str) -> srv.LoginThrottle | None:
    return srv.LoginThrottle.get_or_none(srv.LoginThrottle.key == key)


def test_wrong_passwords_lock_the_account_even_for_the_right_one(
    sync_server: dict[str, Any], app: Any
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    right = {"login": ana, "password": password(ana)}
    wrong = {"login": ana, "password": "not the password"}
    clients = [Local(app) for _ in range(50)]  # fifty addresses: the account's own limit
    try:
        answers = [c.post("/v1/login", json=wrong) for c in clients]
        assert [a.status_code for a in answers[:5]] == [401] * 5
        assert {a.status_code for a in answers[5:]} == {429}
        locked = clients[0].post("/v1/login", json=right)
        assert locked.status_code == 429
        assert "too many failed sign-ins for this account; try again in 1 minute" in locked.text
        assert 0 < int(locked.headers["Retry-After"]) <= 60
        with sync_server["db"].connection_context():
            row = lock_row(f"login:{ana}")
            assert row is not None and row.failures == 5
            # a minute later: the right password gets in and clears the count
            srv.LoginThrottle.update(locked_until=store.now_ms() - 1).where(
                srv.LoginThrottle.key == f"login:{ana}"
            ).execute()
        assert clients[1].post("/v1/login", json=right).status_code == 200
        with sync_server["db"].connection_context():
            assert lock_row(f"login:{ana}") is None
        # five more failures lock it again; the next failure after that doubles the lock
        assert [c.post("/v1/login", json=wrong).status_code for c in clients[:6]] == [401] * 5 + [
            429
        ]
        with sync_server["db"].connection_context():
            srv.LoginThrottle.update(locked_until=store.now_ms() - 1).where(
                srv.LoginThrottle.key == f"login:{ana}"
            ).execute()
        assert clients[2].post("/v1/login", json=wrong).status_code == 401
        doubled = clients[3].post("/v1/login", json=right)
        assert doubled.status_code == 429 and "2 minutes" in doubled.text
        assert 60 < int(doubled.headers["Retry-After"]) <= 120
    finally:
        for c in clients:
            c.close()


def test_many_failures_from_one_address_lock_that_address(
    sync_server: dict[str, Any], app: Any
) -> None:
    _team, users = new_team(sync_server, "ana", "ben")
    stranger, colleague = Local(app), Local(app)
    try:
        for n in range(store.ADDRESS_LIMIT):  # password spraying: many logins, one each
            guess = stranger.post(
                "/v1/login", json={"login": f"nobody{n}-{users[0]}", "password": "summer2026!"}
            )
            assert guess.status_code == 401
        refused = stranger.post(
            "/v1/login", json={"login": users[0], "password": password(users[0])}
        )
        assert refused.status_code == 429 and "from your network address" in refused.text
        assert "Retry-After" in refused.headers
        sign_in(colleague, users[1])  # another address is not affected
    finally:
        stranger.close()
        colleague.close()


def test_sign_in_waits_for_a_free_verification_slot_or_answers_busy(
    sync_server: dict[str, Any], local: Local, monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (ana,) = new_team(sync_server, "ana")
    monkeypatch.setattr(store, "VERIFY_WAIT", 0.05)
    taken = [store._verify_slots.acquire(timeout=5) for _ in range(store.VERIFY_SLOTS)]
    try:
        busy = local.post("/v1/login", json={"login": ana, "password": password(ana)})
    finally:
        for _ in taken:
            store._verify_slots.release()
    assert busy.status_code == 503 and "busy" in busy.text and busy.headers["Retry-After"]
    sign_in(local, ana)


def test_lastmile_login_waits_while_the_server_is_busy_signing_others_in(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole team starting at nine: the first answer is 503 "busy"; `lastmile login`
    waits as asked and gets in (it used to give up at once)."""
    from desktop.sync.transport import HttpTransport
    from tests.server.helpers import login

    _team, (ana,) = new_team(sync_server, "ana")
    monkeypatch.setattr(store, "VERIFY_WAIT", 0.05)
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda s: waits.append(s))
    taken = [store._verify_slots.acquire(timeout=5) for _ in range(store.VERIFY_SLOTS)]
    post = HttpTransport.post

    def post_then_free(self: Any, path: str, body: Any, token: Any) -> Any:
        try:
            return post(self, path, body, token)
        finally:  # the others' sign-ins are done after the first answer
            while taken:
                taken.pop()
                store._verify_slots.release()

    monkeypatch.setattr(HttpTransport, "post", post_then_free)
    login(tmp_path / "ws", sync_server, ana, monkeypatch)
    assert waits and waits[0] >= 1  # it waited as the server asked (Retry-After)


def peak_rss_growth(run: Any) -> tuple[int, Any]:
    """The most this process's resident memory grew while ``run`` ran (sampled)."""
    me = psutil.Process()
    base = peak = me.memory_info().rss
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, me.memory_info().rss)
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = run()
    finally:
        done.set()
        sampler.join()
    return peak - base, result


def test_parallel_wrong_passwords_keep_memory_bounded(
    sync_server: dict[str, Any], app: Any
) -> None:
    """Each argon2 verification with the production parameters holds 64 MiB; twenty at
    once took 1.3 GB. Now at most VERIFY_SLOTS run at once. (The hashes here have the
    production memory cost, one pass and one lane: the memory without the time.)"""
    from argon2 import PasswordHasher

    memory = PasswordHasher().memory_cost  # KiB, the production value
    hashed = PasswordHasher(time_cost=1, memory_cost=memory, parallelism=1).hash(
        "the right password"
    )
    _team, users = new_team(sync_server, *[f"p{n}" for n in range(20)])
    with sync_server["db"].connection_context():
        srv.Account.update(password_hash=hashed).where(srv.Account.login.in_(users)).execute()
    client = Local(app)
    try:
        growth, answers = peak_rss_growth(
            lambda: client.gather(
                [
                    ("POST", "/v1/login", {"json": {"login": user, "password": "wrong guess here"}})
                    for user in users
                ]
            )
        )
    finally:
        client.close()
    assert [a.status_code for a in answers].count(401) >= store.ADDRESS_LIMIT - 1
    print(f"peak RSS growth under 20 parallel wrong sign-ins: {growth / 2**20:.0f} MiB")
    assert growth < (store.VERIFY_SLOTS + 2) * memory * 1024


def test_the_production_hasher_is_argon2id_with_sane_memory() -> None:
    """conftest swaps in cheap parameters; the shipped ones are checked in a process of
    their own."""
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from server import store; h = store.hasher; "
            "print(h.memory_cost, h.time_cost, h.parallelism, store.VERIFY_SLOTS)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    memory, passes, lanes, slots = map(int, shown)
    assert 19 * 1024 <= memory <= 64 * 1024 and passes >= 2 and lanes >= 1
    assert memory * slots <= 256 * 1024  # KiB held at most by one server process


# -- the password policy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "reason"),
    [
        ("password", "at least 10 characters"),
        (" " * 8, "at least 10 characters"),
        (" " * 12, "only spaces"),
        ("LOGIN", "must not contain the login"),
        ("my LOGIN rocks", "must not contain the login"),
        ("password123", "most common"),
        ("Password2026!", "most common"),
        ("qwertyuiop", "most common"),
        ("1234567890", "most common"),
        ("zzzzzzzzzzzz", "4 different characters"),
        ("ok but \x00 nul", "NUL"),
    ],
)
def test_easy_passwords_are_refused_where_passwords_are_set(
    sync_server: dict[str, Any], chosen: str, reason: str
) -> None:
    user = "pol-" + uuid.uuid4().hex[:8]
    chosen = chosen.replace("LOGIN", user)
    db = sync_server["db"]
    with db.connection_context():
        with pytest.raises(store.StoreError, match=reason):
            store.add_user(
                db,
                user,
                chosen,
                role="agent",
                team="policy",
                display_name="P",
                agent_id=str(uuid.uuid4()),
            )
        store.add_user(
            db,
            user,
            "a sound passphrase here",
            role="agent",
            team="policy",
            display_name="P",
            agent_id=str(uuid.uuid4()),
        )
        with pytest.raises(store.StoreError, match=reason):
            store.set_user(db, user, password=chosen)


def test_the_policy_from_the_command_line_and_old_passwords_keep_working(
    sync_server: dict[str, Any], local: Local
) -> None:
    user = "pol-" + uuid.uuid4().hex[:8]
    code, _out, err = admin(
        sync_server, "user", "add", user, "--role", "agent", "--team", "policy", stdin="password\n"
    )
    assert code == 1 and "at least 10 characters" in err
    code, _out, err = admin(
        sync_server,
        "user",
        "add",
        user,
        "--role",
        "agent",
        "--team",
        "policy",
        stdin="correct horse battery\n",
    )
    assert code == 0, err
    code, _out, err = admin(sync_server, "user", "set", user, "--password", stdin=f"{user}2026\n")
    assert code == 1 and "must not contain the login" in err
    # an account made before the policy, with a password it would refuse, still signs in
    old = "old-" + uuid.uuid4().hex[:8]
    add_user(sync_server, old)
    with sync_server["db"].connection_context():
        srv.Account.update(password_hash=store.hasher.hash("password")).where(
            srv.Account.login == old
        ).execute()
    assert local.post("/v1/login", json={"login": old, "password": "password"}).status_code == 200


# -- signing a lost laptop out --------------------------------------------------------------


def test_token_revoke_signs_the_account_out_and_the_desktop_keeps_its_outbox(
    tmp_path: Path, sync_server: dict[str, Any], local: Local, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.server.test_accounts import server_command

    _team, (ana,) = new_team(sync_server, "ana")
    laptop = tmp_path / "laptop"
    login(laptop, sync_server, ana, monkeypatch)
    kept = sign_in(local, ana)  # the desk computer

    code, listed, err = admin(sync_server, "token", "list", ana, "--json")
    assert code == 0, err
    tokens = json.loads(listed)
    assert len(tokens) == 2 and {t["state"] for t in tokens} == {"active"}
    desk = store._hash(kept["token"])[: store.TOKEN_ID_CHARS]
    (lost,) = [t["id"] for t in tokens if t["id"] != desk]
    code, _out, err = admin(sync_server, "token", "revoke", ana, "--token-prefix", "zz")
    assert code == 1 and "hex" in err
    code, _out, err = admin(sync_server, "token", "revoke", ana, "--token-prefix", "0000000000")
    assert code == 1 and "no active token" in err
    # the admin's own process, as it is run
    one = server_command(sync_server, "token", "revoke", ana, "--token-prefix", lost[:8])
    assert one.returncode == 0 and "1 session" in one.stdout, one.stderr
    code, listed, _err = admin(sync_server, "token", "list", ana)
    assert f"{lost}  revoked" in listed and f"{desk}  active" in listed

    with workspace(laptop) as app:
        app.intake.ingest([contact_record(1)])
    code, text = run_cli("sync", "--workspace", str(laptop), "--json")
    assert code != 0 and "your session expired or was revoked; sign in again" in text
    with workspace(laptop):
        assert Intent.select().where(Intent.state == "pending").count() == 1
    assert local.get("/v1/pull", headers=kept["auth"]).status_code == 200  # not that one

    code, out, _err = admin(sync_server, "token", "revoke", ana)
    assert code == 0 and "1 session" in out
    for answer in (
        local.get("/v1/pull", headers=kept["auth"]),
        local.post(
            "/v1/push",
            headers=kept["auth"],
            json={"client_id": "hostile-" + uuid.uuid4().hex, "mutations": []},
        ),
    ):
        assert answer.status_code == 401
        assert "your session expired or was revoked; sign in again" in answer.text
    code, _out, err = admin(sync_server, "token", "revoke", "nobody-" + ana)
    assert code == 1 and "no account" in err

    login(laptop, sync_server, ana, monkeypatch)  # signed in again: the change goes up
    with workspace(laptop):
        assert Intent.select().where(Intent.state == "pending").count() == 0


# -- fuzzing the whole API ------------------------------------------------------------------


# examples per operation and generation mode (valid, invalid)
EXAMPLES = {"/v1/push": 20, "/v1/pull": 10, "/v1/login": 10, "/v1/intake": 30}


def test_no_request_schemathesis_makes_up_gets_a_5xx(sync_server: dict[str, Any], app: Any) -> None:
    """Requests generated from the app's OpenAPI description, valid and invalid ones, with
    NUL characters allowed in text: none may be answered 5xx. Each case carries the right
    version headers and a fresh token (or the server would answer them all 400/401, and
    signing out would revoke a shared one)."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.generation import GenerationMode

    from tests.server.helpers import HEADERS

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(allow_x00=True)
    _team, (ana,) = new_team(sync_server, "ana")
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # the app's own schema must load
        operations.append(result.ok())
    assert {op.path for op in operations} >= {"/v1/login", "/v1/push", "/v1/pull", "/v1/intake"}
    with sync_server["db"].connection_context():  # an integration posting chats (intake)
        from server.intake import add_integration

        intake_key = add_integration(
            sync_server["db"], f"fuzz-{uuid.uuid4().hex[:6]}", team=_team, channel="chat"
        )

    def token() -> str:
        from tests.server.test_roles import token_for

        with sync_server["db"].connection_context():
            return token_for(ana)

    def reach_the_handlers(case: Any) -> None:
        """A valid push as generated is mostly answered 409 (mutation ids not in order)
        or 426 (an intent version from the future); number the mutations 1, 2, ... of a
        new desktop at version 1, so their made-up ids, names, clocks and arguments reach
        the database."""
        body = case.body
        if case.path == "/v1/push" and isinstance(body, dict):
            body["client_id"] = "fuzz-" + uuid.uuid4().hex
            for n, mutation in enumerate(body.get("mutations") or [], 1):
                if isinstance(mutation, dict):
                    mutation.update(mutation_id=n, version=1)

    def run(operation: Any, mode: GenerationMode) -> None:
        # no shrinking: a failure is reported as found (shrinking one takes minutes)
        @settings(
            max_examples=EXAMPLES.get(operation.path, 5),
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: Any) -> None:
            if mode is GenerationMode.POSITIVE:
                reach_the_handlers(case)
            bearer = intake_key if operation.path == "/v1/intake" else token()
            case.call_and_validate(
                checks=[not_a_server_error],
                headers={**HEADERS, "Authorization": f"Bearer {bearer}"},
            )

        try:
            call()
        except Unsatisfiable:  # nothing invalid to send (GET /v1/health has no input)
            assert mode is GenerationMode.NEGATIVE

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run(operation, mode)
