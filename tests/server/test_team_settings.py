"""Team settings travel (issue 16): what an admin sets on one desktop is in force on every
desktop of the team after its next sync, through the real server and PostgreSQL; the
same change from an agent's account is refused by the server with a reason, and the
desktop shows the refusal and goes back to the team's setting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import rules as rule_ops
from desktop.ops import templates as template_ops
from desktop.routing import take_next
from models.database import get_meta
from models.schema import Agent, AgentSkill, Contact, Rule, Template
from server import models as srv
from tests.server.helpers import (
    add_user,
    contact_record,
    login,
    new_team,
    run_cli,
    sync,
    workspace,
)

ALWAYS = json.dumps({str(d): [[0, 1440]] for d in range(7)})


def actor(login_name: str) -> Actor:
    return Actor.of(Agent.get(Agent.login == login_name))


def test_an_admins_settings_are_in_force_on_another_desktop(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ben,) = new_team(sync_server, "ben")
    ada = f"ada-{team}"
    add_user(sync_server, ada, role="admin", team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        # a billing question received on Sunday 22 November, 10:00 UTC
        app.intake.ingest([contact_record(1, skill="billing")])
        agent_ops.set_presence(app.mutator, actor(ben).id, "available")
        assert take_next(app.mutator, actor(ben), app.rules)[0] is None  # no skills yet
        due_before = Contact.get().due_at
    assert sync(b)["rejected"] == []
    login(a, sync_server, ada, monkeypatch)
    with workspace(a) as app:
        assert Agent.get(Agent.login == ben).presence == "available"  # the team sees it
        agent_ops.update_agent(
            app.mutator,
            actor(ben).id,
            skills={"billing": 3},
            capacity={"email": 4},
            actor_id=actor(ada).id,
        )
        template_ops.add_template(
            app.mutator, name="Refund", body="Hello {customer.name}", actor_id=actor(ada).id
        )
        gone = template_ops.add_template(app.mutator, name="Old", body="Hi", actor_id=actor(ada).id)
        template_ops.delete_template(app.mutator, gone, actor_id=actor(ada).id)
        rule_ops.set_rule(app.mutator, "business_hours", ALWAYS, actor_id=actor(ada).id)
    assert sync(a)["rejected"] == []

    report = sync(b)
    assert report["rejected"] == [] and report["pulled"] >= 3
    with workspace(b) as app:
        me = actor(ben)
        assert json.loads(Agent.get_by_id(me.id).capacity)["email"] == 4
        # the skill change makes Next contact hand ben the billing contact
        contact_id, _ = take_next(app.mutator, me, app.rules)
        assert contact_id == Contact.get().id
        # open every day now: due on Sunday, not on Monday evening
        assert app.rules.business_hours == json.loads(ALWAYS)
        due_after = Contact.get().due_at
        assert due_after < due_before and due_after.day == 22
    code, text = run_cli("template", "list", "--json", "--workspace", str(b))
    assert code == 0 and [t["name"] for t in json.loads(text)] == ["Refund"]

    # an agent signing in on a fresh desktop has their skills and the team's settings at once
    c = tmp_path / "c"
    login(c, sync_server, ben, monkeypatch)
    with workspace(c) as app:
        assert {s.skill: s.level for s in AgentSkill.select()} == {"billing": 3}
        assert [t.name for t in Template.select()] == ["Refund"]
        assert app.rules.business_hours == json.loads(ALWAYS)


def test_an_agents_change_to_team_settings_is_refused_with_a_reason(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _team, (cleo,) = new_team(sync_server, "cleo")
    ws = tmp_path / "c"
    login(ws, sync_server, cleo, monkeypatch)
    with workspace(ws) as app:
        me = actor(cleo)
        rule_ops.set_rule(app.mutator, "business_hours", ALWAYS)
        agent_ops.update_agent(app.mutator, me.id, skills={"vip": 2}, actor_id=me.id)
        template_ops.add_template(app.mutator, name="Mine", body="Hi", actor_id=me.id)
        agent_ops.set_presence(app.mutator, me.id, "away")  # their own: accepted
    report = sync(ws)
    rejected = report["rejected"]
    assert any(
        r.startswith("A rule change: only an admin changes the team's rules") for r in rejected
    ), rejected
    assert any("only a supervisor or an admin changes skills" in r for r in rejected)
    assert any("only a supervisor or an admin changes the team's templates" in r for r in rejected)
    assert len(rejected) == 3
    with workspace(ws) as app:
        # back to the team's settings, and the refusal stays visible in the notices
        assert Rule.get_or_none(Rule.key == "business_hours") is None
        assert "0" in app.rules.business_hours and "6" not in app.rules.business_hours
        assert AgentSkill.select().count() == 0
        assert Template.select().count() == 0
        assert Agent.get(Agent.login == cleo).presence == "away"
        assert "only an admin changes the team's rules" in (get_meta("sync_notices") or "")


def test_two_admins_racing_last_writer_wins_and_the_lost_edit_is_kept(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ada, eve) = new_team(sync_server, "ada", "eve", role="admin")
    a, e = tmp_path / "a", tmp_path / "e"
    login(a, sync_server, ada, monkeypatch)
    login(e, sync_server, eve, monkeypatch)
    with workspace(e) as app:  # the earlier edit (older clock) ...
        rule_ops.set_rule(app.mutator, "offer_timeout_seconds", "45")
    with workspace(a) as app:  # ... and the later one, which reaches the server first
        rule_ops.set_rule(app.mutator, "offer_timeout_seconds", "60")
    assert sync(a)["rejected"] == []
    report = sync(e)
    assert report["rejected"] == []
    assert any("kept the value set later on another desktop" in n for n in report["notices"])
    with workspace(e) as app:
        assert app.rules.offer_timeout_seconds == 60  # the later edit, here too
    with sync_server["db"].connection_context():
        lost = srv.LostEdit.get(srv.LostEdit.entity_id == f"{team}/rule/offer_timeout_seconds")
        assert json.loads(lost.value) == 45 and lost.login == eve


def test_bad_values_are_refused_before_they_are_kept(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    assert run_cli("init", "--workspace", str(ws))[0] == 0
    code, text = run_cli(
        "rules", "set", "business_hours", '{"9": [[540, 1020]]}', "--workspace", str(ws)
    )
    assert code != 0 and "weekday '9' does not exist" in text and "Traceback" not in text
    code, text = run_cli("rules", "set", "priority_boost_minutes", "5", "--workspace", str(ws))
    assert code != 0 and "fixed at 30 by the routing index" in text
    code, text = run_cli(
        "agent", "add", "zed", "--name", "Zed", "--skills", "billing:9", "--workspace", str(ws)
    )
    assert code != 0 and "skill level for billing must be 1 to 3" in text
