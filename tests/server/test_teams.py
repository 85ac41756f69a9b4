"""An account in several teams (issue 16), through the real server and PostgreSQL: a
supervisor of teams A and B pulls both teams' contacts into one workspace and assigns a
contact of B to an agent of B; an agent of A alone cannot touch B's contact (refused with
the reason, nothing lost on their desktop); removing a membership stops that team's pulls;
the schema upgrade turns each account's one team into its first membership."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.schema import Agent, Contact
from server import cli as server_cli
from server import models as srv
from server import store
from tests.server.helpers import (
    Local,
    add_user,
    contact_record,
    login,
    password,
    run_cli,
    sync,
    workspace,
)


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def server_cmd(server: dict[str, Any], *argv: str, stdin: str = "") -> tuple[int, str]:
    """`lastmile-server ...` on the test server's database (its own connection pool, as the
    admin's command has; the server's tables are bound back to the server's pool after)."""
    out = io.StringIO()
    try:
        code = server_cli.main(
            [*argv[:2], "--database", server["postgres"], *argv[2:]],
            out=out,
            err=out,
            stdin=io.StringIO(stdin),
        )
    finally:
        srv.server_db.initialize(server["db"])
    return code, out.getvalue()


def test_two_team_supervisor_assign_refusal_and_removal(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    tag = uuid.uuid4().hex[:8]
    team_a, team_b = f"a-{tag}", f"b-{tag}"
    sue, ann, bob = f"sue-{tag}", f"ann-{tag}", f"bob-{tag}"
    # the supervisor of both teams is made with the server's CLI: --team twice
    code, text = server_cmd(
        sync_server,
        "user",
        "add",
        sue,
        "--role",
        "supervisor",
        "--team",
        team_a,
        "--team",
        team_b,
        "--name",
        "Sue Tester",
        stdin=password(sue) + "\n",
    )
    assert code == 0 and f"teams {team_a}, {team_b}" in text, text
    add_user(sync_server, ann, team=team_a)
    add_user(sync_server, bob, team=team_b)
    a, b, s = tmp_path / "a", tmp_path / "b", tmp_path / "s"
    login(a, sync_server, ann, monkeypatch)
    login(b, sync_server, bob, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
        in_a = Contact.get().id
    with workspace(b) as app:
        app.intake.ingest([contact_record(2)])
        in_b = Contact.get().id
    assert sync(a)["rejected"] == [] and sync(b)["rejected"] == []

    # one sign-in, both teams: `lastmile login` says so, the workspace holds both contacts
    monkeypatch.setattr("sys.stdin", io.StringIO(password(sue) + "\n"))
    code, text = run_cli(
        "login", "--server", sync_server["url"], "--user", sue, "--workspace", str(s)
    )
    assert code == 0, text
    assert f"teams {team_a} (home) and {team_b}" in text, text
    with workspace(s) as app:
        assert {c.id for c in Contact.select()} == {in_a, in_b}
        assert {x.login for x in Agent.select()} >= {sue, ann, bob}
        # the supervisor gives B's contact to Bob, an agent of B
        contact_ops.assign(app.mutator, actor(sue), in_b, actor(bob).id)
    assert sync(s)["rejected"] == []
    # the queue and the supervisor desk filter by team; without --team: both
    for team, expected in ((team_a, [in_a]), (team_b, [in_b]), ("", sorted([in_a, in_b]))):
        code, text = run_cli(
            "queue", "--workspace", str(s), "--json", *(["--team", team] if team else [])
        )
        assert code == 0 and sorted(item["id"] for item in json.loads(text)) == expected, text
        code, text = run_cli(
            "floor",
            "--workspace",
            str(s),
            "--json",
            "--as",
            sue,
            *(["--team", team] if team else []),
        )
        floor = json.loads(text)
        assert code == 0 and floor["backlog"]["total"] == len(expected), text
        if team == team_a:  # Bob, of B, holds nothing of A: not on A's floor
            assert bob not in {agent["login"] for agent in floor["agents"]}
        if team == team_b:
            assert {agent["login"]: agent["held"] for agent in floor["agents"]}[bob] == 1
    with sync_server["db"].connection_context():
        row = srv.Contact.get_by_id(in_b)
        assert row.space == team_b and row.assigned_to == actor_id(bob)
    sync(b)
    with workspace(b):
        assert Agent.get_by_id(Contact.get_by_id(in_b).assigned_to_id).login == bob

    # Ann, of team A only, cannot touch B's contact: refused with the reason
    http = Local(_app(sync_server))
    try:
        token = http.post("/v1/login", json={"login": ann, "password": password(ann)}).json()
        auth = {"Authorization": f"Bearer {token['token']}"}
        assert token["teams"] == {team_a: "agent"}
        answer = http.post(
            "/v1/push",
            headers=auth,
            json={
                "client_id": f"ann-probe-{tag}",
                "mutations": [
                    {
                        "mutation_id": 1,
                        "id": str(uuid.uuid4()),
                        "name": "contact.claim",
                        "args": {"contact_id": in_b},
                        "hlc": "1764600000000-00000-ann",
                    }
                ],
            },
        ).json()
        assert answer["results"][0]["state"] == "rejected"
        assert "belongs to another team" in answer["results"][0]["reason"]
        # nor can she say the change is for team B
        answer = http.post(
            "/v1/push",
            headers=auth,
            json={
                "client_id": f"ann-probe-{tag}",
                "mutations": [
                    {
                        "mutation_id": 2,
                        "id": str(uuid.uuid4()),
                        "name": "contact.claim",
                        "team": team_b,
                        "args": {"contact_id": in_b},
                        "hlc": "1764600000000-00001-ann",
                    }
                ],
            },
        ).json()
        assert "not a member of team" in answer["results"][0]["reason"]
        pulled = http.get("/v1/pull", headers=auth, params={"client_id": f"ann-probe-{tag}"}).json()
        assert {c["space"] for c in pulled["changes"]} == {team_a}
    finally:
        http.close()
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(in_b).assigned_to == actor_id(bob)

    # Sue is taken out of team B: her next sync pulls nothing more of B, and her claim
    # of B's contact is refused with the reason, the contact kept on her desktop
    code, text = server_cmd(sync_server, "user", "teams", sue, "--remove", team_b)
    assert code == 0 and team_b not in text and f"{team_a:<20} supervisor  (home)" in text, text
    with workspace(b) as app:
        app.intake.ingest([contact_record(3)])
        later_b = Contact.get(Contact.id.not_in([in_b])).id
    assert sync(b)["rejected"] == []
    with workspace(s) as app:
        contact_ops.claim(app.mutator, actor(sue), in_a)
        contact_ops.release(app.mutator, actor(sue), in_a)
    report = sync(s)
    assert report["rejected"] == []
    with workspace(s):
        assert Contact.get_or_none(Contact.id == later_b) is None
    with workspace(s) as app:
        contact_ops.assign(app.mutator, actor(sue), in_b, None)
    report = sync(s)
    assert len(report["rejected"]) == 1 and "belongs to another team" in report["rejected"][0]
    with workspace(s):
        kept = Contact.get_by_id(in_b)  # not deleted, and back as the server has it
        assert Agent.get_by_id(kept.assigned_to_id).login == bob
    # adding her back: B's changes flow again, from where her cursor stopped
    code, text = server_cmd(sync_server, "user", "teams", sue, "--add", team_b, "--json")
    assert code == 0 and json.loads(text) == {team_a: "supervisor", team_b: "supervisor"}
    sync(s)
    with workspace(s):
        assert Contact.get_or_none(Contact.id == later_b) is not None


def actor_id(login_name: str) -> str:
    return str(srv.Account.get(srv.Account.login == login_name).agent_id)


def _app(server: dict[str, Any]) -> Any:
    from server.app import create_app

    return create_app(server["db"])


def test_roles_per_team_and_new_rows_at_home(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A supervisor in A who is an agent in B may assign in A, not in B; what she creates
    goes to her home team, or to the team a mutation names."""
    tag = uuid.uuid4().hex[:8]
    team_a, team_b = f"a-{tag}", f"b-{tag}"
    sue, bob = f"sue-{tag}", f"bob-{tag}"
    add_user(sync_server, sue, role="supervisor", team=team_a)
    add_user(sync_server, bob, team=team_b)
    with sync_server["db"].connection_context():
        assert store.set_teams(sync_server["db"], sue, add=[team_b], role="agent") == {
            team_a: "supervisor",
            team_b: "agent",
        }
    b, s = tmp_path / "b", tmp_path / "s"
    login(b, sync_server, bob, monkeypatch)
    with workspace(b) as app:
        app.intake.ingest([contact_record(1)])
        in_b = Contact.get().id
    sync(b)
    login(s, sync_server, sue, monkeypatch)
    with workspace(s) as app:
        # a new customer's contact goes to her home team (one of B's customers: to B, as
        # the customer's team decides)
        app.intake.ingest(
            [contact_record(2, **{"from": {"name": "Al", "email": "al@x.org"}}), contact_record(3)]
        )
        mine = Contact.get(Contact.subject == "Order 2").id
        theirs = Contact.get(Contact.subject == "Order 3").id
        contact_ops.assign(app.mutator, actor(sue), in_b, actor(sue).id)
    report = sync(s)
    assert len(report["rejected"]) == 1 and "only a supervisor" in report["rejected"][0]
    with sync_server["db"].connection_context():
        assert srv.Contact.get_by_id(mine).space == team_a
        assert srv.Contact.get_by_id(theirs).space == team_b
        assert srv.Contact.get_by_id(in_b).assigned_to is None

    http = Local(_app(sync_server))
    try:
        token = http.post("/v1/login", json={"login": sue, "password": password(sue)}).json()
        assert token["teams"] == {team_a: "supervisor", team_b: "agent"}
        auth = {"Authorization": f"Bearer {token['token']}"}
        customer = str(uuid.uuid4())
        answer = http.post(
            "/v1/push",
            headers=auth,
            json={
                "client_id": f"sue-probe-{tag}",
                "mutations": [
                    {
                        "mutation_id": 1,
                        "id": str(uuid.uuid4()),
                        "name": "customer.create",
                        "team": team_b,
                        "args": {"customer_id": customer, "name": "Bea Buyer"},
                        "hlc": "1764600000000-00000-sue",
                    }
                ],
            },
        ).json()
        assert answer["results"][0]["state"] == "accepted", answer
    finally:
        http.close()
    with sync_server["db"].connection_context():
        assert srv.Customer.get_by_id(customer).space == team_b


def test_schema_8_makes_each_account_a_member_of_its_team(sync_server: dict[str, Any]) -> None:
    """A database of schema 7 (accounts with one team, no membership table) is upgraded:
    every account becomes a member of its team with its role."""
    db, tag = sync_server["db"], uuid.uuid4().hex[:8]
    with db.connection_context():
        store.add_user(
            db,
            f"old-{tag}",
            password(f"old-{tag}"),
            role="supervisor",
            team=f"t-{tag}",
            display_name="Old",
            agent_id=str(uuid.uuid4()),
        )
        with pytest.raises(_RollbackError), db.atomic():
            db.execute_sql('DROP TABLE "membership"')  # as schema 7 had it
            srv.ServerMeta.update(value="7").where(srv.ServerMeta.key == "schema_version").execute()
            assert store.migrate(db)[:1] == [8]  # and every later one
            assert store.teams_of(f"old-{tag}") == {f"t-{tag}": "supervisor"}
            assert store.schema_version(db) == store.SCHEMA_VERSION
            raise _RollbackError  # leave the shared database as it was
        assert store.schema_version(db) == store.SCHEMA_VERSION


class _RollbackError(Exception):
    pass


def test_team_commands_refuse_bad_input_in_one_line(sync_server: dict[str, Any]) -> None:
    tag = uuid.uuid4().hex[:8]
    ana = f"ana-{tag}"
    add_user(sync_server, ana, team=f"a-{tag}")
    for argv, said in (
        (("user", "teams", f"nobody-{tag}"), "no account"),
        (("user", "teams", ana, "--remove", f"a-{tag}"), "an account needs a team"),
        (("user", "teams", ana, "--remove", f"z-{tag}"), "is not in team"),
        (("user", "teams", ana, "--add", " "), "a team name is 1-64 characters"),
        (("user", "teams", ana, "--add", "x" * 65), "a team name is 1-64 characters"),
    ):
        code, text = server_cmd(sync_server, *argv)
        assert code == 1 and said in text and len(text.strip().splitlines()) == 1, text
    code, text = server_cmd(sync_server, "user", "teams", ana, "--json")
    assert code == 0 and json.loads(text) == {f"a-{tag}": "agent"}  # nothing changed
    code, text = server_cmd(sync_server, "user", "list", "--json")
    mine = [u for u in json.loads(text) if u["login"] == ana]
    assert mine[0]["teams"] == {f"a-{tag}": "agent"} and mine[0]["team"] == f"a-{tag}"


def test_new_rows_go_to_the_team_the_desktop_names(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A supervisor of A and B makes a customer and a follow-up in B from her one desktop
    (the team chosen in the window): Bob, of B, pulls both; A's desktops get neither. Ann,
    an agent of A only, cannot make anything in B: refused with the reason, and nothing
    is deleted on her desktop."""
    from datetime import timedelta

    from desktop.ops import customers as customer_ops
    from desktop.ops import tasks as task_ops
    from models.schema import Customer, Intent, Task
    from tests.conftest import NOW

    tag = uuid.uuid4().hex[:8]
    team_a, team_b = f"a-{tag}", f"b-{tag}"
    sue, ann, bob = f"sue-{tag}", f"ann-{tag}", f"bob-{tag}"
    add_user(sync_server, sue, role="supervisor", team=team_a)
    with sync_server["db"].connection_context():
        store.set_teams(sync_server["db"], sue, add=[team_b])
    add_user(sync_server, ann, team=team_a)
    add_user(sync_server, bob, team=team_b)
    a, b, s = tmp_path / "a", tmp_path / "b", tmp_path / "s"
    for path, who in ((a, ann), (b, bob), (s, sue)):
        login(path, sync_server, who, monkeypatch)
    with workspace(s) as app:
        customer_id = customer_ops.create_customer(
            app.mutator, actor(sue), name="Bea Buyer", identities=[], team=team_b
        )
        task_ops.create_task(
            app.mutator,
            actor(sue),
            title="Call Bea back about the order",
            due_at=NOW + timedelta(days=1),
            customer_id=customer_id,
            team=team_a,  # about a customer: the customer's team decides, not the choice
        )
        assert [i.team for i in Intent.select().order_by(Intent.mutation_id)] == [team_b, ""]
    assert sync(s)["rejected"] == []
    with sync_server["db"].connection_context():
        assert srv.Customer.get_by_id(customer_id).space == team_b
        assert srv.Task.get(srv.Task.customer_id == customer_id).space == team_b
    sync(b)
    with workspace(b):
        assert Customer.get_by_id(customer_id).name == "Bea Buyer"
        assert Task.get(Task.customer_id == customer_id).title == "Call Bea back about the order"
    sync(a)
    with workspace(a):
        assert Customer.get_or_none(Customer.id == customer_id) is None

    # Ann, of A only, says B: refused with the reason; her customer and follow-up stay
    with workspace(a) as app:
        theirs = customer_ops.create_customer(
            app.mutator, actor(ann), name="Cy Caller", identities=[], team=team_b
        )
        task_ops.create_task(
            app.mutator,
            actor(ann),
            title="Ring Cy",
            due_at=NOW + timedelta(days=1),
            customer_id=theirs,
        )
    report = sync(a)
    assert len(report["rejected"]) == 2, report
    assert f"not a member of team {team_b!r}" in report["rejected"][0]
    with workspace(a):
        assert Customer.get_by_id(theirs).name == "Cy Caller"
        assert Task.get(Task.customer_id == theirs).title == "Ring Cy"
    with sync_server["db"].connection_context():
        assert srv.Customer.get_or_none(srv.Customer.id == theirs) is None


def test_an_import_goes_to_the_team_it_names(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lastmile import --team B` by a supervisor of A and B: the contacts are B's on the
    server and reach Bob of B, not Ann of A; a team she is not in is refused in one line
    before anything is imported."""
    tag = uuid.uuid4().hex[:8]
    team_a, team_b = f"a-{tag}", f"b-{tag}"
    sue, ann, bob = f"sue-{tag}", f"ann-{tag}", f"bob-{tag}"
    add_user(sync_server, sue, role="supervisor", team=team_a)
    with sync_server["db"].connection_context():
        store.set_teams(sync_server["db"], sue, add=[team_b])
    add_user(sync_server, ann, team=team_a)
    add_user(sync_server, bob, team=team_b)
    a, b, s = tmp_path / "a", tmp_path / "b", tmp_path / "s"
    for path, who in ((a, ann), (b, bob), (s, sue)):
        login(path, sync_server, who, monkeypatch)
    source = tmp_path / "b-calls.jsonl"
    records = [contact_record(n, external_id=f"team-{tag}-{n}")[1] for n in range(3)]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    code, text = run_cli("import", str(source), "--team", "c-nobody", "--workspace", str(s))
    assert code != 0 and "not in team 'c-nobody'" in text and "Traceback" not in text
    with workspace(s):
        assert Contact.select().where(Contact.external_id.startswith(f"team-{tag}")).count() == 0

    code, text = run_cli("import", str(source), "--team", team_b, "--workspace", str(s))
    assert code == 0 and "Imported 3" in text, text
    assert sync(s)["rejected"] == []
    with sync_server["db"].connection_context():
        spaces = {
            c.space
            for c in srv.Contact.select().where(srv.Contact.external_id.startswith(f"team-{tag}"))
        }
    assert spaces == {team_b}
    sync(b)
    with workspace(b):
        assert Contact.select().where(Contact.external_id.startswith(f"team-{tag}")).count() == 3
    sync(a)
    with workspace(a):
        assert Contact.select().where(Contact.external_id.startswith(f"team-{tag}")).count() == 0
